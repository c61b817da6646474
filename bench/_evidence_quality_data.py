"""The CLIMATE-FEVER data of bench/evidence_quality.py: the corpus bodies, the sentences, the dev claims with
their labelled evidence, the stance pairs and the off-topic tweets; where each sentence sits in its body."""

from __future__ import annotations

import collections
import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

K = 5
RELEVANT_LABELS = frozenset({"SUPPORTS", "REFUTES"})
STANCES = ("supports", "refutes", "neither")
LABEL_STANCE = {"SUPPORTS": "supports", "REFUTES": "refutes", "NOT_ENOUGH_INFO": "neither"}
WINDOW = 300
"""Characters of a sentence a passage must hold when it holds less than half of it."""
TWEETS = Path("task2-claim-retrieval") / "dev" / "tweets.queries.tsv"


# -- data ------------------------------------------------------------------------------------------------


@dataclass
class Data:
    bodies: dict[str, str]  # external_key -> body
    sentences: dict[str, tuple[str, str]]  # evidence_id -> (external_key, text)
    claims: list[tuple[str, str]]  # (id, text), file order
    relevant: dict[str, set[str]]  # claim id -> its SUPPORTS/REFUTES evidence ids (claims with any)
    labelled: dict[str, dict[str, str]] = field(default_factory=dict)  # claim id -> evidence id -> label
    pair_lines: list[str] = field(default_factory=list)  # dev-pairs.tsv rows, verbatim, no header
    tweets: list[tuple[str, str]] = field(default_factory=list)


def one_line(text: str) -> str:
    return " ".join(text.split())


def read_data(data_dir: Path, checkthat: Path | None, limit: int | None) -> Data:
    bodies = {}
    with open(data_dir / "corpus.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                record = json.loads(line)
                bodies[record["external_key"]] = record["body"]
    sentences = {}
    with open(data_dir / "sentences.tsv", encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        next(rows)
        for evidence_id, article, text in rows:
            sentences[evidence_id] = (f"wiki:{article}", text)
    claims, relevant, labelled = [], {}, {}
    with open(data_dir / "dev-claims.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            claims.append((str(record["id"]), one_line(record["claim"])))
            labels = {e["evidence_id"]: e["label"] for e in record["evidence"]}
            labelled[str(record["id"])] = labels
            wanted = {e for e, label in labels.items() if label in RELEVANT_LABELS}
            if wanted:
                relevant[str(record["id"])] = wanted
    claims = claims[:limit]
    kept = {claim_id for claim_id, _ in claims}
    relevant = {c: r for c, r in relevant.items() if c in kept}
    with open(data_dir / "dev-pairs.tsv", encoding="utf-8", newline="") as handle:
        pair_lines = [line.rstrip("\n") for line in list(handle)[1:] if line.strip()]
    pair_lines = [line for line in pair_lines if line.split("\t", 1)[0].rsplit("-", 1)[0] in kept]
    tweets = []
    if checkthat:
        # CSV-quoted cells ("" inside quotes), a header row with an empty first cell.
        with open(checkthat / TWEETS, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))
        tweets = [(r[0].strip(), one_line(r[1])) for r in rows[1:] if len(r) >= 2 and r[0].strip()][:limit]
    return Data(bodies, sentences, claims, relevant, labelled, pair_lines, tweets)


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of the body (split at blank lines), whitespace trimmed."""
    spans, start = [], 0
    for part in body.split("\n\n"):
        end = start + len(part)
        s, e = start, end
        while s < e and body[s].isspace():
            s += 1
        while e > s and body[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        start = end + 2
    return spans


class SentenceMap:
    """Where each corpus sentence sits in its document's body, and which sentences a passage contains."""

    def __init__(self, bodies: dict[str, str], sentences: dict[str, tuple[str, str]]):
        self.bodies = bodies
        self.spans: dict[str, list[tuple[int, int, str]]] = collections.defaultdict(list)
        self.unplaced: list[str] = []
        by_doc: dict[str, list[tuple[str, str]]] = collections.defaultdict(list)
        for evidence_id, (key, text) in sentences.items():
            by_doc[key].append((evidence_id, text))
        for key, items in by_doc.items():
            body = bodies.get(key)
            if body is None:
                self.unplaced += [e for e, _ in items]
                continue
            paragraphs = {body[s:e]: (s, e) for s, e in paragraph_spans(body)}
            for evidence_id, text in items:
                span = paragraphs.get(text.strip())
                if span is None:
                    at = body.find(text.strip())
                    span = (at, at + len(text.strip())) if at >= 0 else None
                if span is None:
                    self.unplaced.append(evidence_id)
                else:
                    self.spans[key].append((*span, evidence_id))
        for spans in self.spans.values():
            spans.sort()

    def contained(self, key: str, start: int, end: int) -> frozenset[str]:
        """Sentences at least half inside [start, end), or of which it holds at least WINDOW characters (a
        window cut from a sentence too long for one passage)."""
        found = []
        for s_start, s_end, evidence_id in self.spans.get(key, ()):
            if s_start >= end:
                break
            overlap = min(end, s_end) - max(start, s_start)
            if overlap > 0 and (2 * overlap >= s_end - s_start or overlap >= WINDOW):
                found.append(evidence_id)
        return frozenset(found)
