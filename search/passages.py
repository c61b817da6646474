"""Evidence passages: a document cut into passages at indexing time, sentence boundaries that respect
abbreviations, and the best sentence for a claim."""

from __future__ import annotations

import re
from functools import lru_cache

from .analysis import STOPWORDS, highlight_spans, stem, terms, tokens

# A period after one of these never ends a sentence: "Lt. Gen. Pat White", "Dr. Fauci", "e.g. wages".
# (claims/extraction/segmentation.py keeps its own lists: the search app must not import claims.)
NEVER_FINAL = frozenset(
    "mr mrs ms mx dr prof gen lt maj col capt cmdr adm brig sgt cpl pvt sen rep gov pres supt insp det "
    "rev hon fr st amb atty messrs e.g i.e cf viz vs v ca al".split()
)
# Before a figure these never end a sentence: "No. 5", "p. 12", "Vol. 3".
BEFORE_FIGURES = frozenset("no nos vol p pp fig figs art sec ch para op".split())
# These, and initials ("J. Smith", "U.S."), end a sentence only before a word that usually opens one.
MAYBE_FINAL = frozenset(
    "inc ltd co corp plc llc jr sr etc bros dept govt approx jan feb mar apr jun jul aug sep sept oct nov dec "
    "a.m p.m".split()
)
# Words that usually open a sentence: "in the U.S. The talks ended" ends one, "the U.S. Army" does not.
OPENERS = STOPWORDS | frozenset(
    "however meanwhile according when while after before what why how who".split()
)

# A gap where a sentence may end: whitespace after terminal punctuation, or any line break.
_GAP = re.compile(r"(?<=[.!?…\"'”’)\]])\s+|\s*\n\s*")
_TERMINAL = re.compile(r"(?:[.!?…]+)[\"'”’)\]]*$")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)*[A-Za-z]")
_WORD = re.compile(r"[\"'“‘(\[]*([^\s\"'“”‘’()\[\]]*)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, whitespace trimmed.

    Abbreviations, initials and decimals never end a sentence, nor does a line break after a comma or
    before a lower-case word (a hard-wrapped paragraph); a blank line always does.
    """
    spans, start = [], 0
    for gap in _GAP.finditer(text):
        if gap.end() < len(text) and gap.start() > start and is_sentence_end(text, gap.start(), gap.end()):
            spans.append(_strip(text, start, gap.start()))
            start = gap.end()
    spans.append(_strip(text, start, len(text)))
    return [s for s in spans if s[1] > s[0]] or [(0, len(text))]


def is_sentence_end(text: str, end: int, next_start: int) -> bool:
    """Whether a sentence may end at `end`, with the next one starting at `next_start` after whitespace."""
    if text.count("\n", end, next_start) > 1:
        return True  # a blank line ends a paragraph whatever comes before it
    before = text[max(0, end - 64) : end].rsplit(None, 1)[-1]
    following = _WORD.match(text, next_start).group(1)
    opens = following[:1]
    if not opens or opens.islower() or opens in ",;:-–—":
        return False
    terminal = _TERMINAL.search(before)
    if terminal is None:
        # A line without a full stop is a heading or a list item, unless it stops at a comma or a dash.
        return "\n" in text[end:next_start] and before[-1:] not in ",;-–—("
    if not before[terminal.start() :].startswith(".") or before.endswith(("...", "…")):
        return True  # "?", "!", an ellipsis or a closing quote after a full stop
    word = before[: terminal.start()].lstrip("\"'“‘([").lower()
    if word in NEVER_FINAL:
        return False
    if word in BEFORE_FIGURES and opens.isdigit():
        return False
    if word in MAYBE_FINAL or _INITIALS.fullmatch(word):
        return following.strip(".,;:").lower() in OPENERS
    return True


PASSAGE_CHARS = 600
"""A passage is a paragraph, or consecutive short paragraphs, up to this long; a longer paragraph is cut
into windows of whole sentences. About three sentences: what a fact-checker reads at a glance."""
MAX_PASSAGES = 400
"""Passages per document that get a vector (about 240,000 characters); all of them are searched by words."""
_PARAGRAPH = re.compile(r"\n\s*\n")


def passage_spans(body: str, *, max_chars: int = PASSAGE_CHARS) -> tuple[tuple[int, int], ...]:
    """(start, end) of each passage of `body`, in order, covering every paragraph.

    Paragraphs (split at blank lines) are joined while the passage stays within `max_chars`; a paragraph
    longer than that is cut between sentences (never at an abbreviation), or at a space for a sentence
    that is itself too long.
    """
    units: list[tuple[int, int]] = []
    start = 0
    for gap in [*_PARAGRAPH.finditer(body), None]:
        end = gap.start() if gap else len(body)
        paragraph = _strip(body, start, end)
        if paragraph[1] > paragraph[0]:
            units += _paragraph_units(body, paragraph, max_chars)
        start = gap.end() if gap else len(body)
    passages: list[tuple[int, int]] = []
    for unit_start, unit_end in units:
        if passages and unit_end - passages[-1][0] <= max_chars:
            passages[-1] = (passages[-1][0], unit_end)
        else:
            passages.append((unit_start, unit_end))
    return tuple(passages)


def _paragraph_units(body: str, paragraph: tuple[int, int], max_chars: int) -> list[tuple[int, int]]:
    """A short paragraph whole; a long one as its sentences, joined back into windows of whole sentences."""
    start, end = paragraph
    if end - start <= max_chars:
        return [paragraph]
    windows: list[tuple[int, int]] = []
    for s_start, s_end in sentence_spans(body[start:end]):
        s_start, s_end = start + s_start, start + s_end
        while s_end - s_start > max_chars:  # one sentence longer than a passage: cut at a space
            cut = body.rfind(" ", s_start, s_start + max_chars)
            cut = cut if cut > s_start + max_chars // 2 else s_start + max_chars
            windows.append((s_start, cut))
            s_start = _strip(body, cut, s_end)[0]
        if windows and s_end - windows[-1][0] <= max_chars:
            windows[-1] = (windows[-1][0], s_end)
        elif s_end > s_start:
            windows.append((s_start, s_end))
    return windows


def best_passage(
    body: str, query: str, *, max_chars: int = 400
) -> tuple[int, int, tuple[tuple[int, int], ...]]:
    """The sentence of `body` that shares the most query terms, and where those terms are.

    Returns (start, end, highlights) with highlights as offsets relative to `start`. The passage starts
    where its sentence starts; only a sentence longer than `max_chars` is cut, at a space.
    """
    if not body:
        return 0, 0, ()
    wanted = query_terms(query)
    spans = sentence_spans(body)

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
def query_terms(query: str) -> frozenset[str]:
    """A claim's terms, looked up once for all of its hits."""
    return frozenset(terms(query))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
