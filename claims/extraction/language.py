"""Language identification with langdetect, made deterministic by a private, seeded detector factory."""

from __future__ import annotations

from functools import lru_cache

UNDETERMINED = "und"
_SAMPLE_CHARS = 2000


@lru_cache(maxsize=1)
def _factory():
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.seed = 0  # on this instance only: langdetect's global factory is left alone
    return factory


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, or "und" when there is too little text to tell."""
    from langdetect.lang_detect_exception import LangDetectException

    sample = text[:_SAMPLE_CHARS]
    if sum(char.isalpha() for char in sample) < 3:
        return UNDETERMINED
    detector = _factory().create()
    detector.append(sample)
    try:
        code = detector.detect()
    except LangDetectException:
        return UNDETERMINED
    return code.split("-")[0] if code != "unknown" else UNDETERMINED
