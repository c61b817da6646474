"""Fixtures for the extraction tests: the shared seed article, which must be present beside the repo."""

import pytest

from tests.paths import SEED_ARTICLE as SEED


@pytest.fixture(scope="session")
def seed_raw() -> str:
    if not SEED.is_file():
        pytest.fail(f"reference article missing: {SEED} (the shared/ folder must sit beside the repository)")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_extraction(seed_raw):
    from claims.extraction import extract

    return extract(seed_raw)


def sentence_containing(extraction, fragment: str):
    matches = [sentence for sentence in extraction.sentences if fragment in sentence.text]
    assert len(matches) == 1, f"expected one sentence containing {fragment!r}, found {len(matches)}"
    return matches[0]
