"""The queue's priority rule: check-worthiness, recency, source reliability and spread, as SQL an index can hold."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import F, FloatField, Func, Value
from django.db.models.functions import Coalesce

# A day of age costs a claim this much check-worthiness (0.05 = 5 points of the 0-100% score).
RECENCY_POINTS_PER_DAY = 0.05
# A claim from a wholly unreliable source gains this much; from a wholly reliable one, nothing. A nudge among
# claims of like check-worthiness and age, not an override; with the spread nudge it is the width of the band
# a queue page ranks (queue.seek), so raising either makes pages dearer.
SOURCE_POINTS = 0.1
# Reliability assumed for an article with no source, or a source nobody rated.
UNKNOWN_RELIABILITY = 0.5
# A claim said again gains up to this much: a quarter of it per doubling of the times its cluster was said
# (twice: 2.5 points, 4 times: 5, 16 times or more: 10). Stored on the claim (Claim.spread_points) when its
# cluster changes; like the source's nudge it widens the band a queue page ranks (BONUS_POINTS).
SPREAD_POINTS = 0.1
SPREAD_DOUBLINGS = 4
BONUS_POINTS = SOURCE_POINTS + SPREAD_POINTS
"""The most a claim's priority can exceed its indexed base (score and recency)."""


class PriorityBase(Func):
    """score + days since 1970 × RECENCY_POINTS_PER_DAY.

    Ordering by `score - age × rate` equals ordering by `score + created × rate` (now is the same for every
    row), and the second never changes once a claim exists, so PostgreSQL can index it. The constants are
    written into the SQL, not bound as parameters, so the queue's query and the index read the same
    expression and the planner uses the index.
    """

    output_field = FloatField()

    def __init__(self, score="score", created="created_at", **extra):
        super().__init__(F(score), F(created), **extra)

    def _parts(self, compiler, connection):
        score_sql, score_params = compiler.compile(self.source_expressions[0])
        created_sql, created_params = compiler.compile(self.source_expressions[1])
        return score_sql, created_sql, (*score_params, *created_params)

    def as_sql(self, compiler, connection, **extra_context):
        score, created, params = self._parts(compiler, connection)
        # SQLite keeps datetimes as UTC text; julianday() reads it, and is allowed in an index expression.
        return f"({score} + (julianday({created}) - 2440587.5) * {RECENCY_POINTS_PER_DAY!r})", params

    def as_postgresql(self, compiler, connection, **extra_context):
        score, created, params = self._parts(compiler, connection)
        # EXTRACT on timestamptz is only STABLE; AT TIME ZONE 'UTC' makes it IMMUTABLE, as an index needs.
        epoch = f"CAST(EXTRACT(EPOCH FROM ({created} AT TIME ZONE 'UTC')) AS double precision)"
        return f"({score} + {epoch} / 86400.0 * {RECENCY_POINTS_PER_DAY!r})", params


def source_bonus():
    """0 for a fully reliable source, SOURCE_POINTS for a wholly unreliable one; always in [0, SOURCE_POINTS]."""
    return Value(SOURCE_POINTS) * (
        Value(1.0) - Coalesce(F("article__source__reliability"), Value(UNKNOWN_RELIABILITY))
    )


def spread_points(times: int) -> float:
    """The spread nudge for a claim whose cluster was said `times` times; in [0, SPREAD_POINTS]."""
    if times <= 1:
        return 0.0
    return round(SPREAD_POINTS * min(1.0, math.log2(times) / SPREAD_DOUBLINGS), 6)


def priority():
    """The whole rule: higher comes first."""
    return PriorityBase() + source_bonus() + F("spread_points")


@dataclass(frozen=True)
class PriorityPoints:
    """The rule above for one claim, in the points of the 0-100 score and relative to now (the queue orders by
    the same sum plus a constant): what the queue row's title and the workspace explain."""

    score: float
    days: float
    waiting: float
    source: float
    spread: float

    @property
    def total(self) -> float:
        return self.score - self.waiting + self.source + self.spread


def priority_in_points(
    *, score: float, created_at, reliability: float | None, spread: float, now
) -> PriorityPoints:
    days = max((now - created_at).total_seconds(), 0.0) / 86400 if created_at else 0.0
    return PriorityPoints(
        score=score * 100,
        days=days,
        waiting=days * RECENCY_POINTS_PER_DAY * 100,
        source=SOURCE_POINTS * (1.0 - (UNKNOWN_RELIABILITY if reliability is None else reliability)) * 100,
        spread=spread * 100,
    )
