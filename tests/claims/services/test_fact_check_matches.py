"""Matching claims to earlier fact-checks: suggested or linked by thresholds, with reasons; reviewers decide."""

from datetime import timedelta

import pytest
from django.utils import timezone

from claims import services
from claims.models import FactCheckMatch, MatchStatus, RelevanceJudgment
from tests.conftest import index_documents
from tests.factories import DocumentFactory, SourceFactory

CLAIM = "Unemployment fell to 3.5% in March, the labour minister said on Friday."


@pytest.fixture
def archive(embedded_backend):
    checker = SourceFactory(name="Fact-check Archive", kind="fact_checker", reliability=0.9)
    news = SourceFactory(name="Daily News", kind="news")
    fresh = DocumentFactory(
        source=checker,
        title="Unemployment fell to 3.5% in March, says labour minister",
        body="Claim: unemployment fell to 3.5% in March. Rating: False; the figure was 3.9%.",
    )
    DocumentFactory(
        source=news, title="Unemployment fell to 3.5% in March", body="Unemployment fell to 3.5% in March."
    )
    DocumentFactory(
        source=checker, title="Vaccines and autism", body="Claim: vaccines cause autism. Rating: False."
    )
    index_documents()
    return fresh


def ingest(fact_checker, text=CLAIM, title="Jobs"):
    result = services.article_ingest(text=f"{title}\n\n{text}", submitted_by=fact_checker)
    services.evidence_find(claim_ids=[c.id for c in result.claims])  # what the task does after commit
    return result


def test_a_close_fact_check_is_linked_with_reasons_and_news_is_never_matched(archive, fact_checker):
    claim = ingest(fact_checker).claims[0]
    matches = list(FactCheckMatch.objects.filter(claim=claim))
    assert [m.document_id for m in matches] == [archive.id]
    assert matches[0].status == MatchStatus.LINKED and matches[0].similarity >= 0.8
    assert any("Same figures" in r for r in matches[0].reasons)


def test_old_fact_checks_and_short_claims_are_only_suggested(archive, fact_checker):
    archive.published_at = timezone.now() - timedelta(days=3000)
    archive.save()
    index_documents()
    claim = ingest(fact_checker).claims[0]
    match = FactCheckMatch.objects.get(claim=claim)
    assert match.status == MatchStatus.SUGGESTED and any("years old" in r for r in match.reasons)


def test_reviewer_decisions_stick_and_are_logged(archive, fact_checker):
    claim = ingest(fact_checker).claims[0]
    match = FactCheckMatch.objects.get(claim=claim)
    services.fact_check_match_decide(match=match, user=fact_checker, confirmed=False)
    services.evidence_find(claim_ids=[claim.id])
    match.refresh_from_db()
    assert match.status == MatchStatus.REJECTED
    judgment = RelevanceJudgment.objects.get(label="rejected")
    assert judgment.relevant is False and judgment.judged_by == fact_checker


def test_unrelated_claims_get_no_match(archive, fact_checker):
    claim = ingest(
        fact_checker,
        text="The city council approved a new bus lane on Main Street on 3 May by 7 votes to 2.",
        title="Buses",
    ).claims[0]
    assert not FactCheckMatch.objects.filter(claim=claim).exists()


def test_workspace_shows_the_match_and_its_reasons(archive, fact_checker, client):
    claim = ingest(fact_checker).claims[0]
    client.force_login(fact_checker)
    page = client.get(f"/claims/{claim.id}/")
    assert b"Already fact-checked" in page.content and b"Same figures" in page.content


def test_a_batch_of_claims_is_written_with_the_same_few_queries_whatever_its_size(archive, fact_checker):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.models import Claim, EvidenceCandidate
    from tests.factories import ClaimFactory

    def queries_for(count):
        ids = [ClaimFactory(text=f"{CLAIM} Report {n}.").id for n in range(count)]
        services.evidence_find(claim_ids=ids)  # first run creates the matches; the second replaces them
        with CaptureQueriesContext(connection) as run:
            found = services.evidence_find(claim_ids=ids)
        assert len(found) == count and all(found.values())
        return len([q for q in run.captured_queries if "search_embedded" not in q["sql"].lower()])

    assert queries_for(2) == queries_for(8)
    assert EvidenceCandidate.objects.filter(claim__in=Claim.objects.all()).values(
        "claim", "document"
    ).distinct().count() == (EvidenceCandidate.objects.count())
    assert FactCheckMatch.objects.filter(document=archive).count() == 10


def test_reasons_show_the_claims_own_words_never_stems(backend):
    from tests.factories import ClaimFactory

    fact_check = "President Smith says they've cut waiting lists to 18 weeks before the election"
    index_documents([DocumentFactory(source=SourceFactory(kind="fact_checker"), title=fact_check)])
    claim = ClaimFactory(
        text="They've cut waiting lists to 18 weeks, President Smith said before the election."
    )
    services.evidence_find(claim_ids=[claim.id])
    words = FactCheckMatch.objects.get(claim=claim).reasons[0].split(": ", 1)[1].split(", ")
    assert {"They've cut waiting lists", "18 weeks", "President Smith", "before", "election"} == set(words)
    assert not {"befor", "presid", "theyv"} & {w.lower() for phrase in words for w in phrase.split()}
