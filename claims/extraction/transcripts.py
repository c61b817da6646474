"""Debate transcripts in the CheckThat! Task 5 layout: line_number, speaker, text[, label], tab-separated."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class TranscriptLine:
    line_number: int
    speaker: str
    text: str
    label: int | None


def parse_transcript(content: str, *, source: str = "transcript") -> list[TranscriptLine]:
    """Parse tab-separated lines with no header and no quoting (texts contain quote characters)."""
    lines = []
    for index, raw in enumerate(content.splitlines(), start=1):
        if not raw.strip():
            continue
        fields = raw.split("\t")
        if len(fields) < 3:
            raise ValueError(
                f"{source}, line {index}: expected line_number, speaker and text separated by tabs"
            )
        try:
            number = int(fields[0])
            label = int(fields[3]) if len(fields) > 3 and fields[3].strip() else None
        except ValueError as exc:
            raise ValueError(
                f"{source}, line {index}: line number and label must be integers ({exc})"
            ) from exc
        lines.append(TranscriptLine(number, fields[1], fields[2], label))
    return lines


def read_transcript(path: str | Path) -> list[TranscriptLine]:
    path = Path(path)
    return parse_transcript(path.read_text(encoding="utf-8"), source=str(path))
