"""Claims inside commentary: "Western outlets reported that 108 attacks were carried out in April" claims what
it reports. The reported clause becomes the claim and the reporter its source; the sentence stays as extracted."""

from __future__ import annotations

import re
from dataclasses import dataclass

_REPORTED = re.compile(
    r"^(?P<reporter>[^,;:\"“”]{2,120}?)\s+(?:(?:has|have|had)\s+)?(?:(?:recently|also|previously|earlier|"
    r"repeatedly)\s+)?(?:reported|highlighted|noted|pointed out|revealed|showed|shown|found|"
    r"(?:called|drew|drawn) attention to the fact)\s+that\s+(?P<content>\S.*)$",
    re.DOTALL,
)
_MIN_CONTENT_WORDS = 5


@dataclass(frozen=True)
class Reported:
    reporter: str
    start: int  # where the reported clause starts in the sentence
    content: str


def reported_content(sentence: str) -> Reported | None:
    """The clause a sentence only reports, when it is long enough to be a claim of its own."""
    match = _REPORTED.match(sentence)
    if not match or len(match.group("content").split()) < _MIN_CONTENT_WORDS:
        return None
    content = match.group("content")
    return Reported(match.group("reporter").strip(), match.start("content"), content)
