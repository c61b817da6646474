"""English text analysis shared by the embedded backend and passage selection: tokens, stems, highlights."""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer

TOKEN_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)

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


def highlight_spans(passage: str, wanted_terms: set[str] | frozenset[str]) -> tuple[tuple[int, int], ...]:
    spans = []
    for m in TOKEN_RE.finditer(passage):
        word = _normalise(m.group(0).lower().replace("’", "'"))
        if word and word not in STOPWORDS and stem(word) in wanted_terms:
            spans.append((m.start(), m.end()))
    return tuple(spans)
