"""English text analysis shared by the embedded backend and passage selection: tokens, stems, passages."""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)
PASSAGE_BOUNDARY_RE = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])|\n+")

# Lucene's English stop set plus a few words that never help find evidence.
STOPWORDS = frozenset(
    """a an and are as at be but by for if in into is it no not of on or such that the their then there these
    they this to was will with he she his her its we our you your i me my mr mrs ms said says say told tells
    has have had been being were do does did so than too very can could would should also just about""".split()
)

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def tokens(text: str) -> list[str]:
    return [m.group(0).lower().replace("’", "'") for m in TOKEN_RE.finditer(text)]


def terms(text: str) -> list[str]:
    """Lower-cased, stop-word-free, stemmed terms, in order."""
    out = []
    for token in tokens(text):
        token = _normalise(token)
        if token and token not in STOPWORDS:
            out.append(stem(token))
    return out


def _normalise(token: str) -> str:
    if token.endswith("'s"):
        token = token[:-2]
    return token.replace("'", "")


def search_text(title: str, body: str) -> str:
    return " ".join(terms(title) + terms(body))


def best_passage(
    body: str, query: str, *, max_chars: int = 400
) -> tuple[int, int, tuple[tuple[int, int], ...]]:
    """The sentence-sized span of `body` that shares the most query terms, and where those terms are.

    Returns (start, end, highlights) with highlights as offsets relative to `start`.
    """
    if not body:
        return 0, 0, ()
    wanted = _query_terms(query)
    spans = _sentence_spans(body)

    def shared_terms(span: tuple[int, int]) -> float:  # ties go to the longer sentence, up to max_chars
        start, end = span
        found = {stem(t.lower()) for t in tokens(body[start:end])} & wanted
        return len(found) + 0.001 * min(end - start, max_chars) / max_chars

    start, end = max(spans, key=shared_terms) if len(spans) > 1 else spans[0]
    if end - start > max_chars:
        end = start + max_chars
        space = body.rfind(" ", start, end)
        end = space if space > start + max_chars // 2 else end
    return start, end, highlight_spans(body[start:end], wanted)


@lru_cache(maxsize=1024)
def _query_terms(query: str) -> frozenset[str]:
    """A claim's terms, looked up once for all of its hits."""
    return frozenset(terms(query))


def highlight_spans(passage: str, wanted_terms: set[str] | frozenset[str]) -> tuple[tuple[int, int], ...]:
    spans = []
    for m in TOKEN_RE.finditer(passage):
        word = _normalise(m.group(0).lower().replace("’", "'"))
        if word and word not in STOPWORDS and stem(word) in wanted_terms:
            spans.append((m.start(), m.end()))
    return tuple(spans)


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in PASSAGE_BOUNDARY_RE.finditer(text):
        if m.start() > start:
            spans.append(_strip(text, start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append(_strip(text, start, len(text)))
    return [s for s in spans if s[1] > s[0]] or [(0, len(text))]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
