"""Splitting a claim between its clauses only; split, merged and reworded claims scored again on their own words."""

import pytest

from claims import services
from claims.models import Claim, ClaimStatus
from claims.services.clauses import clause_boundaries

WAITING = "Officials said 412,000 people were waiting, and the backlog had doubled since 2019."
# The sentences around the claim give no figures, so every reason of a part quotes the part itself.
ARTICLE = (
    "Hospital waiting lists\n\n"
    "The health service is under strain this winter. "
    f"{WAITING} "
    "Nurses have warned about staffing for months."
)


def parts(text: str) -> list[tuple[str, str]]:
    return [(text[:at].strip(), text[at:].strip()) for at in clause_boundaries(text)]


def inside(text: str, span: str, at: int) -> bool:
    start = text.index(span)
    return start < at < start + len(span)


def test_a_split_is_offered_before_the_clause_and_never_inside_the_number():
    points = clause_boundaries(WAITING)
    assert (
        "Officials said 412,000 people were waiting,",
        "and the backlog had doubled since 2019.",
    ) in parts(WAITING)
    assert not any(inside(WAITING, "412,000", at) for at in points)


@pytest.mark.parametrize(
    "text, kept_whole",
    [
        ('"We cut taxes, and we built 40 hospitals," the minister said.', "We cut taxes, and we built"),
        ("“Prices rose; wages fell,” she said, and the union agreed.", "Prices rose; wages fell"),
        ("The Department of Health and Social Care said waiting lists grew.", "Health and Social Care"),
        ("Marks and Spencer said sales rose 4% and profits fell.", "Marks and Spencer"),
        ("Exports reached 1,250,000 tonnes, the ministry said.", "1,250,000"),
    ],
)
def test_no_split_is_offered_inside_a_quotation_a_name_or_a_number(text, kept_whole):
    assert not any(inside(text, kept_whole, at) for at in clause_boundaries(text))


def test_the_clause_after_a_quotation_or_a_name_can_still_be_split_off():
    assert (
        parts("“Prices rose; wages fell,” she said, and the union agreed.")[-1][1] == "and the union agreed."
    )
    assert parts("Marks and Spencer said sales rose 4% and profits fell.") == [
        ("Marks and Spencer said sales rose 4%", "and profits fell.")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The minister resigned and left the country.",  # one subject, two verbs: one clause
        "Unemployment fell to 3.5% in March, the statistics office said.",
        "The bill, which passed in 2019, cut taxes.",
        "He listed three causes: poverty, debt and crime.",
    ],
)
def test_no_split_where_no_second_clause_with_its_own_verb_begins(text):
    assert clause_boundaries(text) == []


@pytest.fixture
def waiting(embedded_backend, fact_checker):
    article = services.article_ingest(text=ARTICLE, submitted_by=fact_checker).article
    return Claim.objects.get(article=article, text=WAITING)


def quoted(reasons) -> list[str]:
    """Every quoted span: a name or wording reason quotes several, comma-separated."""
    spans = []
    for reason in reasons:
        if reason["match"]:
            several = reason["code"] in ("named_entity", "wording")
            spans.extend(reason["match"].split(", ") if several else [reason["match"]])
    return spans


def test_each_part_of_a_split_is_scored_again_with_reasons_quoting_its_own_words(waiting, fact_checker):
    (at,) = services.split_points(waiting)
    first, second = services.claim_split(claim=waiting, user=fact_checker, at=at)
    assert "412,000" in quoted(waiting.reasons)
    for part in (first, second):
        assert part.reasons and part.reasons != waiting.reasons
        for match in quoted(part.reasons):
            assert match in part.text, (part.text, part.reasons)
    assert "412,000" in quoted(first.reasons) and "412,000" not in " ".join(quoted(second.reasons))
    assert len({waiting.score, first.score, second.score}) == 3
    assert first.claim_type == "quantity"
    waiting.refresh_from_db()
    assert waiting.status == ClaimStatus.DISMISSED


def test_a_split_inside_a_number_is_refused(waiting, fact_checker):
    with pytest.raises(services.WorkflowError, match="split points offered"):
        services.claim_split(claim=waiting, user=fact_checker, at=WAITING.index(",000") + 1)
    assert Claim.objects.filter(provenance__split_from=waiting.id).count() == 0


def test_a_reworded_claim_is_scored_again_and_keeps_the_sentence_as_extracted(waiting, fact_checker):
    reworded = services.claim_edit(claim=waiting, user=fact_checker, text="The backlog has doubled.")
    reworded.refresh_from_db()
    assert "412,000" not in " ".join(quoted(reworded.reasons))
    for match in quoted(reworded.reasons):
        assert match in reworded.text
    assert reworded.score != waiting.score
    assert reworded.original_text == WAITING and reworded.provenance["edited"] is True
    assert reworded.article.text[reworded.start : reworded.end] == WAITING


def test_a_merged_claim_is_scored_as_the_sentences_it_joins(embedded_backend, fact_checker):
    article = services.article_ingest(
        text="Trade\n\nExports rose 5% in May. Imports fell 2% in June, the customs office said.",
        submitted_by=fact_checker,
    ).article
    claims = list(Claim.objects.filter(article=article).order_by("start"))
    assert len(claims) == 2
    merged = services.claim_merge(claims=claims, user=fact_checker)
    for match in quoted(merged.reasons):
        assert match in merged.text
    assert merged.score not in {claim.score for claim in claims}
