"""From a pasted article to claims with evidence: what the fact-checker sees after pressing 'Extract claims'."""

from unittest import mock

import pytest
from celery import current_app
from django.core.exceptions import PermissionDenied
from django.db import transaction

from claims import services
from claims.models import Article, Claim, EvidenceCandidate, EvidenceStatus
from tests.conftest import index_documents
from tests.factories import DocumentFactory, SourceFactory, UserFactory

ARTICLE = (
    "Ministry reports record exports\n\n"
    "Exports rose 12% to $4.5 billion in March, the trade ministry said on Tuesday. "
    "I love spring. "
    "The ministry expects exports to grow further next year because of the new trade agreement."
)

FIGURES = (
    "Jobs and prices\n\n"
    "Unemployment fell to 3.5% in March, the labour minister said on Friday. "
    "Inflation reached 7.1% in June, the highest rate since 1992, the statistics office said. "
    "Exports rose 12% to $4.5 billion in March, the trade ministry said."
)


@pytest.fixture
def corpus(embedded_backend):
    source = SourceFactory(name="Trade Statistics Office", kind="statistics", reliability=0.95)
    DocumentFactory(
        source=source,
        title="Monthly trade figures: March",
        body="Exports rose 12 percent in March to 4.5 billion dollars, according to the trade ministry.",
        url="https://stats.example.org/trade/march",
    )
    DocumentFactory(source=source, title="Weather report", body="Rain is expected on the coast tomorrow.")
    index_documents()
    return embedded_backend


def test_pasted_article_becomes_ranked_claims_with_evidence(
    corpus, fact_checker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = services.article_ingest(text=ARTICLE, submitted_by=fact_checker)
    assert result.created
    article = result.article
    assert article.title == "Ministry reports record exports"
    claims = list(Claim.objects.filter(article=article).order_by("start"))
    texts = [c.text for c in claims]
    assert any("Exports rose 12%" in t for t in texts)
    assert "I love spring." not in texts
    for claim in claims:
        assert article.text[claim.start : claim.end] == claim.text
        assert claim.reasons, "every claim shows why it was picked"
    exports = next(c for c in claims if "Exports rose" in c.text)
    exports.refresh_from_db()
    assert exports.evidence_status == EvidenceStatus.DONE
    top = EvidenceCandidate.objects.filter(claim=exports).order_by("rank").first()
    assert top.document.url == "https://stats.example.org/trade/march"
    assert top.passage and top.query["text"] == exports.text


def test_nothing_is_queued_before_the_transaction_commits(
    db, fact_checker, django_capture_on_commit_callbacks
):
    """The evidence search for each new claim is sent once the article's transaction commits, never inside it."""
    find_evidence = current_app.tasks["claims.tasks.find_evidence"]
    with mock.patch.object(find_evidence, "delay") as delay:
        with django_capture_on_commit_callbacks(execute=True):
            with transaction.atomic():
                result = services.article_ingest(text=FIGURES, submitted_by=fact_checker)
                assert delay.call_count == 0, "queued while the article's transaction was still open"
            assert delay.call_count == 0, "queued before the outermost transaction committed"
            assert set(Claim.objects.values_list("evidence_status", flat=True)) == {EvidenceStatus.PENDING}
        new_claims = [c.id for c in result.claims if c.duplicate_of_id is None]
        assert len(new_claims) == 3
        assert sorted(call.args for call in delay.call_args_list) == sorted((i,) for i in new_claims)
    assert not EvidenceCandidate.objects.exists(), "the search itself was never run: only sent"


def test_resubmitting_the_same_article_creates_no_duplicates(corpus, fact_checker):
    first = services.article_ingest(text=ARTICLE, submitted_by=fact_checker, url="https://news.example.org/a")
    again = services.article_ingest(text=ARTICLE, submitted_by=fact_checker, url="https://news.example.org/a")
    same_text = services.article_ingest(text=ARTICLE + "\n\n", submitted_by=fact_checker)
    assert not again.created and not same_text.created
    assert again.article.id == first.article.id == same_text.article.id
    assert Article.objects.count() == 1
    assert Claim.objects.count() == len(first.claims)


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_article_is_refused_and_nothing_saved(db, fact_checker, text):
    with pytest.raises(services.ArticleRejected, match="(?i)empty"):
        services.article_ingest(text=text, submitted_by=fact_checker)
    assert not Article.objects.exists()


def test_binary_content_is_refused(db, fact_checker):
    with pytest.raises(services.ArticleRejected):
        services.article_ingest(text="\x00\x01\x02PNG\x00" * 50, submitted_by=fact_checker)
    assert not Article.objects.exists()


def test_oversized_article_is_refused_with_the_limit(db, fact_checker, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "ARTICLE_MAX_BYTES": 1000}
    with pytest.raises(services.ArticleRejected, match="limit"):
        services.article_ingest(text="Exports rose 12% in March. " * 100, submitted_by=fact_checker)
    assert not Article.objects.exists()


def test_a_user_without_a_role_cannot_submit_articles(db):
    with pytest.raises(PermissionDenied):
        services.article_ingest(text=ARTICLE, submitted_by=UserFactory())


def test_seed_article_claims_are_clean(corpus, fact_checker, seed_article_path):
    result = services.article_ingest(text=seed_article_path.read_text(), submitted_by=fact_checker)
    article = result.article
    assert article.title == "US Questions Iraqi Government’s Readiness to Combat Purported Daesh Resurgence"
    joined = " ".join(c.text for c in result.claims)
    for chrome in (
        "Registration was successful",
        "log in or register",
        "photo bank",
        "Sputnik International",
        "Заголовок",
    ):
        assert chrome not in joined
        assert chrome not in article.text
    assert any("108" in c.text for c in result.claims)


def test_search_outage_leaves_claims_pending_and_saved(
    corpus, fact_checker, monkeypatch, django_capture_on_commit_callbacks
):
    from search.backends import SearchUnavailable

    def down(queries):
        raise SearchUnavailable("connection refused")

    monkeypatch.setattr("claims.services.evidence.search_evidence", down)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.article_ingest(text=ARTICLE, submitted_by=fact_checker)
    statuses = set(Claim.objects.filter(article=result.article).values_list("evidence_status", flat=True))
    assert statuses == {EvidenceStatus.PENDING}
    assert Claim.objects.filter(article=result.article).count() == len(result.claims) > 0


def test_evidence_search_rerun_replaces_candidates_without_duplicates(corpus, fact_checker):
    with transaction.atomic():
        result = services.article_ingest(text=ARTICLE, submitted_by=fact_checker)
    ids = [c.id for c in result.claims]
    services.evidence_find(claim_ids=ids)
    first = EvidenceCandidate.objects.count()
    services.evidence_find(claim_ids=ids)
    assert EvidenceCandidate.objects.count() == first > 0
