"""Where a claim's sentence may be split: between clauses, never inside a number, a name or a quotation."""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
# A number with its separators ("412,000", "3.5"), a run of capitalised words ("the Department of Health and
# Social Care"), kept whole.
_NUMBER = re.compile(r"\d[\d,.]*\d")
_NAME = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:(?:of|and|the|for|de|del|la|le|van|von|&)\s+)*[A-Z][\w'’.-]*)+")
_OPENING = {"“": "”", "«": "»", "„": "“", "‘": "’"}
# Conjunctions that start a clause of their own: after a comma, and (the first five) without one.
_CONJUNCTIONS = ("and", "but", "or", "yet", "while", "whereas", "although", "though", "so", "nor", "which")
_BARE_CONJUNCTIONS = frozenset(("and", "but", "or", "yet", "while", "whereas"))
# A relative pronoun is the subject of its own clause: its verb may come straight after it.
_SUBJECT_CONJUNCTIONS = frozenset(("which",))
_AUXILIARIES = frozenset(
    "is are was were am be been being has have had will would can could shall should may might must does do did "
    "isn't aren't wasn't weren't hasn't haven't hadn't won't wouldn't can't couldn't shouldn't doesn't don't didn't "
    "said says told rose fell grew went came made took gave got paid cut spent built sold lost won left became "
    "began saw thought brought kept held ran met set put hit cost costs means remains seems shows gets makes "
    "takes gives goes knew found stood fought bought caught drew drove ate flew forgot hid led meant rode sent "
    "shook slept spoke stole struck swore threw woke wore wrote".split()
)
_NOT_VERBS = frozenset("hundred indeed need red bed speed seed feed greed breed shed wed bred".split())
_PRONOUNS = frozenset("i you he she it we they".split())


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Spans no split may fall inside: numbers, names (runs of capitalised words) and quotations."""
    spans = [match.span() for pattern in (_NUMBER, _NAME) for match in pattern.finditer(text)]
    return spans + _quotations(text)


def _quotations(text: str) -> list[tuple[int, int]]:
    """From each opening quote mark to its closing mark (or the end of the text, when the quote runs on)."""
    spans, index = [], 0
    while index < len(text):
        char = text[index]
        closing = _OPENING.get(char)
        if char in "\"'":
            opens = (index == 0 or not text[index - 1].isalnum()) and index + 1 < len(text)
            if opens and (char == '"' or text[index + 1].isalnum()):
                closing = char
        if closing is None:
            index += 1
            continue
        end = index + 1
        while end < len(text):
            after = text[end + 1] if end + 1 < len(text) else " "
            # A closing single quote is not an apostrophe inside a word ("don't", "workers’ union" aside).
            if text[end] == closing and (closing not in "'’" or not after.isalpha()):
                break
            end += 1
        spans.append((index, min(end + 1, len(text))))
        index = end + 1
    return spans


def _has_verb(words: list[str], *, needs_subject: bool) -> bool:
    """A finite verb among the words, by cue: an auxiliary, a common past or present form, a lowercase '-ed'
    word, or the word after a subject pronoun. With `needs_subject`, a clause that opens on its verb ("and left
    the country") has no subject of its own, so no verb of its own."""
    for position, word in enumerate(words):
        lower = word.lower()
        if lower in _AUXILIARIES:
            return position > 0 or not needs_subject
        past = word.islower() and lower.endswith("ed") and len(lower) > 3 and lower not in _NOT_VERBS
        after_pronoun = position > 0 and words[position - 1].lower() in _PRONOUNS and word.islower()
        if (past or after_pronoun) and (position > 0 or not needs_subject):
            return True
    return False


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def clause_boundaries(text: str) -> list[int]:
    """Offsets into `text` where one clause ends and another, with its own verb, begins.

    After a semicolon or a colon, and before a conjunction that opens a clause (", and", ", but", ", while",
    ", which", or "and"/"but" with no comma) whose words hold a subject and a verb, when the words before it
    hold a verb too. Never inside a number, a name or a quotation."""
    protected = protected_spans(text)
    candidates: list[
        tuple[int, str, bool]
    ] = []  # (offset, conjunction or mark, the next clause's subject given)
    for match in re.finditer(r"[;:]\s", text):
        candidates.append((match.start() + 1, match.group(0)[0], False))
    for match in re.finditer(rf"(,\s*|\s)({'|'.join(_CONJUNCTIONS)})\b", text):
        word, comma = match.group(2), match.group(1).startswith(",")
        if comma or word in _BARE_CONJUNCTIONS:
            candidates.append((match.start(2), word, word in _SUBJECT_CONJUNCTIONS))
    points = set()
    previous = 0
    for offset, marker, subject_given in sorted(candidates):
        if any(start < offset < end for start, end in protected):
            continue
        before, after = text[previous:offset], text[offset:]
        after = after[len(marker) :] if marker.isalpha() else after[1:]
        clause = re.split(r"[,;:.!?]", after, maxsplit=1)[0]
        if not _words(before) or not _has_verb(_words(before), needs_subject=False):
            continue
        if not _has_verb(_words(clause), needs_subject=not subject_given and marker.isalpha()):
            continue
        points.add(offset)
        previous = offset
    return sorted(points)
