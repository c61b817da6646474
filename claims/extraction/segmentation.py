"""Rule-based sentence segmentation with exact character offsets."""

from __future__ import annotations

import re

# Titles never end a sentence: "Lt. Gen. Pat White", "Dr. Fauci".
TITLES = frozenset(
    "mr mrs ms mx dr prof gen lt maj col capt cpt cmdr cmdt adm brig sgt cpl pvt sen rep gov pres "
    "supt insp det rev hon fr sr sra mme mlle st messrs esq amb atty".split()
)
# Abbreviations that may end a sentence only when a typical sentence opener follows.
SOFT_ABBREVIATIONS = frozenset(
    "inc ltd co corp plc llc jr etc bros dept univ assn est approx ave blvd rd mt ft govt intl natl "
    "jan feb mar apr jun jul aug sep sept oct nov dec a.m p.m".split()
)
# Abbreviations that never end a sentence (they always introduce something).
HARD_ABBREVIATIONS = frozenset("vs v e.g i.e cf viz al ca approx".split())
# Abbreviations that only work before a number: "No. 10", "p. 4".
NUMBER_ABBREVIATIONS = frozenset("no nos vol p pp fig figs art sec ch para op".split())

SENTENCE_OPENERS = frozenset(
    "the this that these those it its he she they we i you in on at but and however a an there "
    "his her their our my if when while after before as so yet for some many most all one two "
    "according meanwhile also since although though what why how who where still then now "
    "under during last earlier later".split()
)

_CANDIDATE = re.compile(r"(?:\.{3}|…|[.!?])+([\"”’')\]»]*)(?=\s|$)")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*•◦▪‣·–—]|\(?\d{1,3}[.)]|\(?[a-z]\))[ \t]+(?=\S)")
_WORD_BEFORE = re.compile(r"(\S+)$")
_NEXT_WORD = re.compile(r"\s*([\"“‘'(\[]*)(\S*)")
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)+[A-Za-z]$")
_TERMINAL = set('.!?…:;"”’)')
_OPEN_QUOTES = '“"«'
_CLOSE_QUOTES = '”"»'
_QUOTE_KEEP_LIMIT = 300


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split `text` into sentences; return (start, end) offsets so that text[start:end] is each sentence.

    Lines that are list items are sentences of their own (the marker is left out of the span);
    blank lines always end a sentence; a single newline inside a hard-wrapped paragraph does not.
    """
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        spans.extend(_split_block(text, block_start, block_end))
    return spans


def _blocks(text: str) -> list[tuple[int, int]]:
    """Paragraph-level blocks: lines, with hard-wrapped lines joined and list markers dropped."""
    blocks: list[list[int]] = []
    previous_open = False  # the last line may continue on the next one
    position = 0
    for line in text.splitlines(keepends=True):
        line_start = position
        position += len(line)
        content = line.rstrip("\r\n")
        stripped = content.strip()
        if not stripped:
            previous_open = False
            continue
        marker = _LIST_MARKER.match(content)
        start = line_start + (marker.end() if marker else len(content) - len(content.lstrip()))
        end = line_start + len(content.rstrip())
        first = text[start]
        if previous_open and not marker and (first.islower() or first.isdigit()):
            blocks[-1][1] = end
        else:
            blocks.append([start, end])
        previous_open = stripped[-1] not in _TERMINAL and not marker
    return [(start, end) for start, end in blocks]


def _quote_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Pair opening and closing quotation marks inside one block."""
    spans = []
    open_at = None
    for index in range(start, end):
        char = text[index]
        if char not in _OPEN_QUOTES and char not in _CLOSE_QUOTES:
            continue
        before = text[index - 1] if index > start else " "
        after = text[index + 1] if index + 1 < end else " "
        is_opening = char in "“«" or (
            char == '"' and (before.isspace() or before in "([—–-:") and not after.isspace()
        )
        if open_at is None and is_opening:
            open_at = index
        elif open_at is not None and not is_opening and char in _CLOSE_QUOTES:
            spans.append((open_at, index + 1))
            open_at = None
    return spans


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    block = text[start:end]
    quotes = _quote_spans(text, start, end)
    spans = []
    sentence_start = start
    for match in _CANDIDATE.finditer(block):
        boundary = start + match.end()
        if boundary >= end:
            break
        if _is_boundary(text, start, start + match.start(), boundary, match.group(0), quotes):
            spans.append((sentence_start, boundary))
            sentence_start = boundary
    spans.append((sentence_start, end))
    return [trimmed for span in spans if (trimmed := _trim(text, *span))]


def _is_boundary(text: str, block_start: int, punct_at: int, boundary: int, punct: str, quotes) -> bool:
    next_match = _NEXT_WORD.match(text, boundary)
    next_word = next_match.group(2)
    if not next_word:
        return True
    first = next_word[0]
    if first.islower() and not next_match.group(1):
        return False
    if first in ",;:":
        return False
    if not _quote_allows_split(punct_at, boundary, quotes):
        return False
    if punct.rstrip("\"”’')]»") not in (".",):
        return True
    word = _WORD_BEFORE.search(text, block_start, punct_at)
    token = word.group(1).lstrip("\"“‘'([") if word else ""
    lowered = token.lower()
    opener = next_word.strip("\"“”‘’'.,;:()[]").lower() in SENTENCE_OPENERS
    if lowered in TITLES and not punct.endswith(('"', "”", "’", ")")):
        return False
    if lowered in HARD_ABBREVIATIONS:
        return False
    if lowered in NUMBER_ABBREVIATIONS and first.isdigit():
        return False
    if lowered in SOFT_ABBREVIATIONS:
        return opener
    if _INITIALS.match(token) or (len(token) == 1 and token.isupper()):
        return opener
    return True


def _quote_allows_split(punct_at: int, boundary: int, quotes) -> bool:
    """Never split inside a short quoted passage; a long one is split like running text."""
    for open_at, close_at in quotes:
        if open_at < punct_at and boundary < close_at:
            return close_at - open_at > _QUOTE_KEEP_LIMIT
    return True


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None
