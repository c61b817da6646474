"""Claims that stand alone: extraction fills in "he" and "the report", and the fill-ins follow the wording."""

import pytest

from claims import services
from claims.models import Claim, ClaimStatus

ARTICLE = (
    "Hospitals\n\n"
    "Health Secretary Daniel Reeve visited Leeds General Infirmary on Monday. "
    "He said that the government had built 40 new hospitals since 2019, and waiting lists fell by 10%. "
    "A report by the Kings Fund found that one in five nurses planned to leave. "
    "Waiting times have doubled since 2010, according to the report."
)
SAID = "He said that the government had built 40 new hospitals since 2019, and waiting lists fell by 10%."


@pytest.fixture
def article(embedded_backend, fact_checker):
    return services.article_ingest(text=ARTICLE, submitted_by=fact_checker).article


def claim_saying(article, text):
    return Claim.objects.exclude(status=ClaimStatus.DISMISSED).get(article=article, text__startswith=text)


def shown(claim):
    return "".join(f"[{part['text']}]" if "replaces" in part else part["text"] for part in claim.standalone)


def test_extracted_claims_stand_alone_and_keep_the_sentence_and_its_span(article):
    said = claim_saying(article, "He said")
    assert said.attribution == "Daniel Reeve"
    assert shown(said) == "[Daniel Reeve]" + SAID.removeprefix("He")
    assert said.text == said.original_text == SAID == article.text[said.start : said.end]
    report = claim_saying(article, "Waiting times")
    assert shown(report) == "Waiting times have doubled since 2010, according to [the Kings Fund]."
    # what the report found is the claim; the sentence that reports it is kept as extracted
    found = claim_saying(article, "one in five nurses")
    assert found.original_text == "A report by the Kings Fund found that one in five nurses planned to leave."
    assert found.attribution == "the Kings Fund"
    assert found.standalone == [] and found.standalone_segments == []


def test_rewording_keeps_the_fill_in_where_its_words_remain_and_drops_it_where_they_do_not(
    article, fact_checker
):
    said = claim_saying(article, "He said")
    services.claim_edit(claim=said, user=fact_checker, text="He said 40 new hospitals were built since 2019.")
    said.refresh_from_db()
    assert shown(said) == "[Daniel Reeve] said 40 new hospitals were built since 2019."
    services.claim_edit(
        claim=said, user=fact_checker, text="The government built 40 new hospitals since 2019."
    )
    said.refresh_from_db()
    assert said.standalone == [] and said.original_text == SAID


def test_split_parts_keep_the_fill_in_of_the_words_they_contain(article, fact_checker):
    said = claim_saying(article, "He said")
    at = said.text.index(" and waiting")
    first, second = services.claim_split(claim=said, user=fact_checker, at=at)
    assert shown(first) == "[Daniel Reeve] said that the government had built 40 new hospitals since 2019,"
    assert second.standalone == []


def test_a_claim_whose_text_changed_elsewhere_is_shown_as_it_stands(article):
    said = claim_saying(article, "He said")
    Claim.objects.filter(id=said.id).update(text="Reeve said 40 hospitals were built.")
    said.refresh_from_db()
    assert said.standalone and said.standalone_segments == []
