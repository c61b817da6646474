"""The claims test set (tests/data/claims): well-formed, labelled sentence by sentence, and alignable."""

import json
import re
from pathlib import Path

import pytest

from claims.extraction import extract

DATASET = Path(__file__).resolve().parents[2] / "data" / "claims"
PATHS = sorted(DATASET.glob("*.json"))
REQUIRED_STYLES = {"wire", "op-ed", "statistics", "interview", "local", "science"}
SENTENCE_KEYS = {"text": str, "checkworthy": bool, "meta": bool}
_GAP = re.compile(r"\s*(?:-\s+)?")  # between two sentences: white space, or a list item's marker


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def find_in_order(text: str, sentences: list[dict]) -> list[tuple[int, int]]:
    """Each labelled sentence's offsets in `text`, each searched after the one before; -1 if missing."""
    spans, cursor = [], 0
    for sentence in sentences:
        start = text.find(sentence["text"], cursor)
        spans.append((start, start + len(sentence["text"])))
        cursor = spans[-1][1] if start >= 0 else cursor
    return spans


def test_the_set_has_enough_articles_styles_and_sentences():
    articles = [load(path) for path in PATHS]
    styles = {article["style"] for article in articles}
    total = sum(len(article["sentences"]) for article in articles)
    assert len(articles) >= 12
    assert len(styles) >= 6 and REQUIRED_STYLES <= styles, styles
    assert 250 <= total <= 400, total


@pytest.mark.parametrize("path", PATHS, ids=[path.stem for path in PATHS])
def test_every_article_is_labelled_sentence_by_sentence_in_order(path):
    article = load(path)
    assert set(article) == {"title", "style", "text", "sentences"}
    assert all(isinstance(article[key], str) and article[key].strip() for key in ("title", "style", "text"))
    for sentence in article["sentences"]:
        assert set(sentence) == {"text", "checkworthy", "claimant", "meta"}, sentence
        assert all(isinstance(sentence[key], kind) for key, kind in SENTENCE_KEYS.items()), sentence
        assert sentence["claimant"] is None or (
            isinstance(sentence["claimant"], str) and sentence["claimant"]
        )
        assert not (sentence["meta"] and sentence["checkworthy"]), (
            f"a meta-claim is not check-worthy: {sentence}"
        )
    spans = find_in_order(article["text"], article["sentences"])
    missing = [s["text"] for s, (start, _) in zip(article["sentences"], spans, strict=True) if start < 0]
    assert not missing, f"not in the text, or out of order: {missing}"
    ends = [0] + [end for _, end in spans]
    starts = [start for start, _ in spans] + [len(article["text"])]
    gaps = [article["text"][end:start] for end, start in zip(ends, starts, strict=True)]
    assert all(_GAP.fullmatch(gap) for gap in gaps), (
        f"text no sentence covers: {[g for g in gaps if g.strip()]}"
    )
    assert sum(sentence["checkworthy"] for sentence in article["sentences"]) >= 3


@pytest.mark.parametrize("path", PATHS, ids=[path.stem for path in PATHS])
def test_every_labelled_sentence_overlaps_an_extracted_sentence(path):
    article = load(path)
    extraction = extract(article["text"], html=False)
    assert extraction.sentences
    spans = find_in_order(extraction.text, article["sentences"])
    lost = [s["text"] for s, (start, _) in zip(article["sentences"], spans, strict=True) if start < 0]
    assert not lost, f"cleaning dropped or changed labelled sentences: {lost}"
    extracted = [(sentence.start, sentence.end) for sentence in extraction.sentences]
    unmatched = [
        sentence["text"]
        for sentence, (start, end) in zip(article["sentences"], spans, strict=True)
        if not any(min(end, e_end) > max(start, e_start) for e_start, e_end in extracted)
    ]
    assert not unmatched, f"labelled sentences no extracted sentence overlaps: {unmatched}"
