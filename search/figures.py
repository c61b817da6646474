"""Figure agreement between a claim and a passage: the same quantity, number, unit and period, or not.

A figure is a number with what it counts ("108 attacks", "12%", "£3.2bn", "1.5 °C") and the period it is
given for ("in April", "in 2019"). Reasons quote the words as written in the claim and the passage.
Finding the figures and periods of a text is `search.figure_extraction`'s; `extract`, `periods`, `Figure`
and `Period` are importable from here as well.
"""

from __future__ import annotations

from dataclasses import dataclass

from .figure_extraction import Figure, Period, extract, periods

AGREE = "Figures agree"
DIFFER = "Figures differ"
OTHER_PERIOD = "Different period"
SAME_PERIOD = "Same period"
LABELS = (AGREE, DIFFER, OTHER_PERIOD, SAME_PERIOD)


@dataclass(frozen=True)
class Comparison:
    """One reason a fact-checker reads: what was compared and how it came out."""

    label: str
    match: str

    def as_reason(self) -> dict:
        return {"label": self.label, "match": self.match}


def _same_value(first: Figure, second: Figure) -> bool:
    """Equal, or the same once the more precise is rounded as the other is written ("1.48" and "1.5") and
    within 5% of each other ("1" and "1.4" differ)."""
    scale = max(abs(first.value), abs(second.value))
    gap = abs(first.value - second.value)
    if gap <= 1e-9 * max(scale, 1.0):
        return True
    coarser = max(first.rounding, second.rounding)
    return gap < coarser and gap / scale < 0.05


def _comparable(claim: Figure, passage: Figure) -> bool:
    if claim.kind != passage.kind:
        return False
    if claim.kind in ("percent", "points") and claim.words and passage.words:
        return bool(claim.words & passage.words)
    if claim.noun and passage.noun:
        return claim.noun == passage.noun
    return True


def _same_period(first: Period, second: Period) -> bool:
    if first.kind == second.kind:
        return first.value == second.value
    if {first.kind, second.kind} == {"year", "decade"}:
        year, decade = (first, second) if first.kind == "year" else (second, first)
        return decade.value <= year.value < decade.value + 10
    return True  # a month and a year do not contradict each other


def compare(claim: str, passage: str) -> list[Comparison]:
    """How the figures and periods of the passage bear on the claim's, one reason per claim figure.

    Each claim figure is set against the passage figures that count the same thing in the same unit: the
    same number agrees, a different period is said so (not a disagreement), a different number differs.
    Periods the claim names outside its figures ("in 2019") are compared on their own.
    """
    claim_figures = extract(claim)
    passage_figures = extract(passage)
    results: list[Comparison] = []
    for figure in claim_figures:
        outcome = _compare_one(figure, passage_figures)
        if outcome is not None and outcome not in results:
            results.append(outcome)
    covered = {figure.period.start for figure in claim_figures if figure.period is not None}
    standalone = [period for period in periods(claim) if period.start not in covered]
    if standalone and not any(result.label == OTHER_PERIOD for result in results):
        outcome = _compare_periods(standalone, periods(passage))
        if outcome is not None:
            results.append(outcome)
    return results


def _compare_one(figure: Figure, passage_figures: list[Figure]) -> Comparison | None:
    candidates = [other for other in passage_figures if _comparable(figure, other)]
    # An explicit noun on both sides is the better match: "108 attacks" against "85 attacks", not "3 weeks".
    named = [other for other in candidates if figure.noun and other.noun]
    candidates = named or candidates
    if not candidates:
        return None
    for other in candidates:
        if _same_value(figure, other) and not _periods_differ(figure, other):
            return Comparison(AGREE, figure.quoted)
    for other in candidates:
        if _periods_differ(figure, other):
            return Comparison(OTHER_PERIOD, f"{figure.period.text} / {other.period.text}")
    if not figure.noun and figure.kind == "count":
        return None  # a bare number against another bare number says too little
    return Comparison(DIFFER, f"{figure.number_text} / {candidates[0].number_text}")


def _periods_differ(first: Figure, second: Figure) -> bool:
    return (
        first.period is not None
        and second.period is not None
        and first.period.kind == second.period.kind
        and not _same_period(first.period, second.period)
    )


def _compare_periods(claimed: list[Period], passage: list[Period]) -> Comparison | None:
    for kind in ("year", "decade", "month"):
        mine = [period for period in claimed if period.kind == kind]
        theirs = [period for period in passage if period.kind == kind]
        if not mine or not theirs:
            continue
        shared = [period for period in mine if any(_same_period(period, other) for other in theirs)]
        if shared:
            return Comparison(SAME_PERIOD, shared[0].text)
        return Comparison(OTHER_PERIOD, f"{mine[0].text} / {theirs[0].text}")
    return None


def reasons(claim: str, passage: str) -> list[dict]:
    """The comparisons as reasons: {"label": "Figures agree", "match": "108 attacks in April"}."""
    return [comparison.as_reason() for comparison in compare(claim, passage)]


def summary(comparisons: list[Comparison]) -> dict[str, int]:
    """How many comparisons came out each way, for the stance model's features."""
    counts = dict.fromkeys(LABELS, 0)
    for comparison in comparisons:
        counts[comparison.label] += 1
    return counts
