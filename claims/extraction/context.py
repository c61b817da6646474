"""Claims that stand alone: the words that point elsewhere ("he", "the report") filled in from the article.

A stand-alone claim is a list of segments: `{"text": ...}` is the claim's own wording, and
`{"text": name, "replaces": words}` an insertion shown in place of the words it resolves. An empty list
means there is nothing to fill in, and the claim is shown as it stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .antecedents import bare_name

Resolution = tuple[str, str]  # (the words in the claim, the name they refer to)


def resolution(name: str | None, words: str | None) -> list[Resolution]:
    """What the claim's attribution fills in: nothing when the words already say the name ("White")."""
    if not name or not words:
        return []
    said, meant = " ".join(bare_name(words).lower().split()), " ".join(name.lower().split())
    if meant in said or meant.endswith(" " + said) or said == meant:
        return []
    return [(words, name)]


def standalone(text: str, resolutions: Iterable[Resolution]) -> list[dict]:
    """`text` as segments, each resolved reference replaced by an insertion; [] when none is in the text."""
    found: list[tuple[int, int, str]] = []
    for words, name in resolutions:
        match = re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", text, re.IGNORECASE)
        if match and not any(start < match.end() and match.start() < end for start, end, _ in found):
            found.append((match.start(), match.end(), name))
    segments: list[dict] = []
    position = 0
    for start, end, name in sorted(found):
        if start > position:
            segments.append({"text": text[position:start]})
        shown = name[:1].upper() + name[1:] if start == 0 else name
        segments.append({"text": shown, "replaces": text[start:end]})
        position = end
    if segments and position < len(text):
        segments.append({"text": text[position:]})
    return segments


def resolutions(segments: Iterable[dict]) -> list[Resolution]:
    """The references a stand-alone claim filled in, to fill them in again in new wording."""
    return [(segment["replaces"], segment["text"]) for segment in segments if segment.get("replaces")]


def follow(segments: list[dict], text: str) -> list[dict]:
    """The stand-alone form of reworded `text`: the same references filled in where the words still stand."""
    return standalone(text, resolutions(segments))


def original(segments: Iterable[dict]) -> str:
    """The claim's own wording, which the segments were made from."""
    return "".join(segment.get("replaces", segment["text"]) for segment in segments)


def truncate(segments: list[dict], limit: int) -> list[dict]:
    """At most `limit` characters as shown (an insertion with its brackets), ending in "…" when cut."""
    if sum(_shown_length(segment) for segment in segments) <= limit:
        return segments
    kept: list[dict] = []
    room = limit - 1
    for segment in segments:
        length = _shown_length(segment)
        if length > room:
            if "replaces" not in segment and room > 0:
                kept.append({"text": segment["text"][:room].rstrip()})
            break
        kept.append(segment)
        room -= length
    return [*kept, {"text": "…"}]


def _shown_length(segment: dict) -> int:
    return len(segment["text"]) + (2 if "replaces" in segment else 0)
