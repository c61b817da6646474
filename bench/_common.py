"""What every benchmark does first: configure Django as a production run would, on the database given; and the
argument types they share."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup_django(*, index_prefix: str, database_url: str | None = None) -> None:
    """Settings as in production where it matters for speed: DEBUG off (no per-query SQL log)."""
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    os.environ.setdefault("SEARCH_INDEX_PREFIX", index_prefix)
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "workbench.settings.base")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def cached_encodings(texts: list[str], *, cache: Path, index_prefix: str, what: str, left_out: str):
    """The workbench's own MiniLM vectors (search.embeddings) of the texts, cached on disk by their digest;
    None, saying that `left_out` is left out, when the encoder is not installed."""
    import hashlib

    import numpy as np

    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = cache / f"minilm-{digest}.npy"
    if path.exists():
        return np.load(path)
    setup_django(index_prefix=index_prefix)
    from search import embeddings

    print(f"encoding {len(texts):,} {what} with MiniLM (cached in {path.relative_to(ROOT)})", flush=True)
    encoded = embeddings.embed(texts)
    if encoded is None:
        print(f"MiniLM is not installed: {left_out} is left out")
        return None
    cache.mkdir(parents=True, exist_ok=True)
    vectors = np.asarray(encoded, dtype=np.float32)
    np.save(path, vectors)
    return vectors


def import_verified_claims(path: Path, *, source: str) -> str:
    """The CheckThat! verified claims into the workbench as a fact-checker's documents, through
    `manage.py import_documents`; returns its summary line."""
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command(
        "import_documents",
        str(path),
        "--source",
        source,
        "--format",
        "checkthat-vclaims",
        "--no-progress",
        stdout=out,
    )
    return out.getvalue().strip().splitlines()[0]


def positive_int(value: str) -> int:
    """An argparse type: a count of something (users, documents, nodes), at least 1, checked before any setup."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r}: give at least 1")
    return number
