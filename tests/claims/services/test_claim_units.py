"""Claims as units of work: reworded, split and merged with provenance; stable identity; duplicates linked."""

import pytest

from claims import services
from claims.models import Claim, ClaimStatus

ARTICLE = (
    "Budget news\n\n"
    "The government cut the health budget by 8% in 2023, and it raised defence spending by 12%. "
    "Unemployment fell to 3.9% in March, the statistics office said. "
    "Inflation reached 7.1% in June, the highest rate since 1992."
)


@pytest.fixture
def article(embedded_backend, fact_checker):
    return services.article_ingest(text=ARTICLE, submitted_by=fact_checker).article


def open_claims(article):
    return list(Claim.objects.filter(article=article).exclude(status=ClaimStatus.DISMISSED).order_by("start"))


def test_rewording_keeps_the_extracted_sentence_as_provenance(article, fact_checker):
    claim = open_claims(article)[0]
    services.claim_edit(
        claim=claim, user=fact_checker, text="The government cut the health budget by 8% in 2023."
    )
    claim.refresh_from_db()
    assert claim.text == "The government cut the health budget by 8% in 2023."
    assert claim.original_text.startswith("The government cut the health budget by 8% in 2023, and")
    assert article.text[claim.start : claim.end] == claim.original_text


def test_split_makes_two_claims_with_exact_spans_and_keeps_the_original(article, fact_checker):
    claim = open_claims(article)[0]
    at = claim.text.index(" and it raised")
    first, second = services.claim_split(claim=claim, user=fact_checker, at=at)
    assert (
        article.text[first.start : first.end]
        == first.text
        == "The government cut the health budget by 8% in 2023,"
    )
    assert second.text == "and it raised defence spending by 12%."
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DISMISSED and f"#{first.id}" in claim.dismissed_reason
    assert first.provenance["split_from"] == claim.id and first.provenance["original_span"] == [
        claim.start,
        claim.end,
    ]


def test_merge_adjacent_claims_and_refuse_non_adjacent(article, fact_checker):
    claims = open_claims(article)
    with pytest.raises(services.WorkflowError, match="adjacent"):
        services.claim_merge(claims=[claims[0], claims[2]], user=fact_checker)
    merged = services.claim_merge(claims=claims[1:3], user=fact_checker)
    assert merged.text == article.text[claims[1].start : claims[2].end]
    assert merged.provenance["merged_from"] == [claims[1].id, claims[2].id]
    assert set(Claim.objects.filter(id__in=[c.id for c in claims[1:3]]).values_list("status", flat=True)) == {
        ClaimStatus.DISMISSED
    }


def test_reextracting_an_edited_article_keeps_claim_ids_and_never_duplicates(article, fact_checker):
    before = {c.text: c.id for c in open_claims(article)}
    in_review = open_claims(article)[1]
    services.claim_take(claim=in_review, user=fact_checker)
    edited = ARTICLE.replace(
        "Budget news\n\n",
        "Budget news\n\nThe finance ministry said the deficit rose to 4.2% of GDP in 2023. ",
    )
    result = services.article_reextract(article=article, text=edited, user=fact_checker)
    after = {c.text: c.id for c in open_claims(result.article)}
    for text, claim_id in before.items():
        assert after[text] == claim_id
    assert any("4.2% of GDP" in text for text in after)
    for claim in open_claims(result.article):
        assert result.article.text[claim.start : claim.end] == claim.original_text
    again = services.article_reextract(article=result.article, text=edited + " ", user=fact_checker)
    assert len(open_claims(again.article)) == len(after)


def test_a_claim_in_review_is_kept_when_its_sentence_disappears(article, fact_checker):
    claim = next(c for c in open_claims(article) if "Inflation" in c.text)
    services.claim_take(claim=claim, user=fact_checker)
    services.article_reextract(
        article=article,
        text=ARTICLE.replace(" Inflation reached 7.1% in June, the highest rate since 1992.", ""),
        user=fact_checker,
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_PROGRESS and claim.provenance.get("missing_from_article")


def test_near_duplicate_claims_are_linked_not_queued_twice(article, fact_checker):
    original = next(c for c in open_claims(article) if "Unemployment" in c.text)
    other = services.article_ingest(
        text="Jobs\n\nUnemployment fell to 3.9 % in March, the statistics office said on Friday.",
        submitted_by=fact_checker,
    )
    repeat = next(c for c in other.claims if "Unemployment" in c.text)
    assert repeat.duplicate_of_id == original.id and repeat.status == ClaimStatus.DISMISSED
    assert "Repeats claim" in repeat.dismissed_reason
