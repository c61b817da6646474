"""New evidence finds its claims (issue 15, item 4): a document indexed after a claim was searched is checked
against the open claims' stored queries, the claims it matches are searched again, and their holder is told.
On the embedded backend and on Elasticsearch."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from claims import services, tasks
from claims.models import AuditEvent, ClaimStatus, Notification
from search import services as search_services
from search.backends import SearchUnavailable, get_backend, reset_backend_cache
from search.models import Document
from tests.claims.publishing import publish
from tests.claims.services.test_evidence_failed import _worker_task
from tests.conftest import index_documents
from tests.factories import ArticleFactory, ClaimFactory, SourceFactory

pytestmark = pytest.mark.django_db

CLAIM = "The NHS waiting list in England fell to 7.21 million in September, the health secretary said."
NEW_EVIDENCE = (
    "NHS England waiting list falls to 7.21 million",
    "The waiting list for routine hospital treatment in England fell to 7.21 million in September, "
    "figures from NHS England showed.",
)


@pytest.fixture
def claim(backend, fact_checker):
    """An open claim its holder is checking, whose evidence was searched (nothing found yet)."""
    article = ArticleFactory(text=CLAIM, url="https://news.example.org/nhs-waiting-list")
    claim = ClaimFactory(article=article, status=ClaimStatus.IN_PROGRESS, assignee=fact_checker)
    services.evidence_find(claim_ids=[claim.id])
    claim.refresh_from_db()
    assert not claim.candidates.exists()
    return claim


@pytest.fixture
def add_document(django_capture_on_commit_callbacks):
    """Save a document as a feed or an admin would: indexed after commit, then looked at for new evidence."""

    def add(title, body, *, source="NHS England Statistics", url=None):
        with django_capture_on_commit_callbacks(execute=True):
            document, _ = search_services.document_save(
                source=SourceFactory(name=source, kind="statistics"),
                url=url or f"https://stats.example.org/{abs(hash(title))}",
                title=title,
                body=body,
            )
        return document

    return add


def new_evidence_messages(user):
    return list(
        Notification.objects.filter(recipient=user, kind="new_evidence").values_list("message", flat=True)
    )


def test_a_document_added_after_the_search_becomes_evidence_and_its_holder_is_told(
    claim, fact_checker, add_document, client
):
    document = add_document(*NEW_EVIDENCE)

    assert list(claim.candidates.values_list("document_id", flat=True)) == [document.id]
    assert new_evidence_messages(fact_checker) == [
        f"New evidence from NHS England Statistics for claim #{claim.id}: “{NEW_EVIDENCE[0]}”"
    ]
    client.force_login(fact_checker)
    page = client.get(reverse("claims:notifications")).content.decode()
    assert "New evidence from NHS England Statistics" in page


def test_an_unrelated_document_searches_nothing_again_and_tells_nobody(claim, fact_checker, add_document):
    searched_at = claim.evidence_searched_at
    add_document("Bin collections move to fortnightly", "The council will collect bins every two weeks.")

    claim.refresh_from_db()
    assert claim.evidence_searched_at == searched_at
    assert not claim.candidates.exists()
    assert new_evidence_messages(fact_checker) == []


def test_a_dismissed_or_published_claim_is_not_searched_again(
    claim, backend, fact_checker, add_document, django_capture_on_commit_callbacks
):
    published = ClaimFactory(
        article=ArticleFactory(text=CLAIM, url="https://other.example.org/nhs"),
        status=ClaimStatus.IN_PROGRESS,
        assignee=fact_checker,
    )
    services.evidence_find(claim_ids=[published.id])
    with django_capture_on_commit_callbacks(execute=True):
        services.claims_dismiss(claims=[claim], user=fact_checker, reason="Not checkable")
    # Closed without its query being dropped (say search was down then): the key goes when next matched.
    type(published).objects.filter(id=published.id).update(status=ClaimStatus.PUBLISHED)
    published.refresh_from_db()
    searched_at = {c.id: c.evidence_searched_at for c in (claim, published)}

    document = add_document(*NEW_EVIDENCE)

    for closed in (claim, published):
        closed.refresh_from_db()
        assert closed.evidence_searched_at == searched_at[closed.id]
        assert not closed.candidates.exists()
    assert new_evidence_messages(fact_checker) == []
    assert get_backend().percolate([search_services.indexable(document)]) == {document.id: []}


def test_indexing_the_same_document_again_duplicates_no_candidate_and_no_notification(
    claim, fact_checker, add_document, django_capture_on_commit_callbacks
):
    document = add_document(*NEW_EVIDENCE)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            search_services.documents_index(document_ids=[document.id])

    assert list(claim.candidates.values_list("document_id", flat=True)) == [document.id]
    assert len(new_evidence_messages(fact_checker)) == 1
    assert AuditEvent.objects.filter(claim=claim, action="evidence.new_document").count() == 1


def test_a_changed_document_that_was_already_evidence_is_not_announced_as_new(
    backend, fact_checker, add_document, django_capture_on_commit_callbacks
):
    document = add_document(*NEW_EVIDENCE)
    get_backend().refresh()
    claim = ClaimFactory(
        article=ArticleFactory(text=CLAIM, url="https://news.example.org/nhs-waiting-list"),
        status=ClaimStatus.IN_PROGRESS,
        assignee=fact_checker,
    )
    services.evidence_find(claim_ids=[claim.id])
    assert list(claim.candidates.values_list("document_id", flat=True)) == [document.id]

    with django_capture_on_commit_callbacks(execute=True):
        document.body += " The figures are seasonally adjusted."
        document.save()
        search_services.document_changed(document=document)

    assert list(claim.candidates.values_list("document_id", flat=True)) == [document.id]
    assert new_evidence_messages(fact_checker) == []


def test_nothing_is_looked_for_before_the_indexing_commits(
    claim, fact_checker, django_capture_on_commit_callbacks
):
    document = Document.objects.create(
        source=SourceFactory(name="NHS England Statistics"),
        url="https://stats.example.org/waiting-list",
        title=NEW_EVIDENCE[0],
        body=NEW_EVIDENCE[1],
    )
    with django_capture_on_commit_callbacks() as callbacks:
        search_services.documents_index(document_ids=[document.id])
    assert len(callbacks) == 1
    assert new_evidence_messages(fact_checker) == []
    callbacks[0]()
    assert len(new_evidence_messages(fact_checker)) == 1


@pytest.mark.elasticsearch
def test_elasticsearch_down_while_percolating_leaves_the_work_for_the_retry(
    use_backend, settings, fact_checker
):
    use_backend("elasticsearch")
    article = ArticleFactory(text=CLAIM, url="https://news.example.org/nhs-waiting-list")
    claim = ClaimFactory(article=article, status=ClaimStatus.IN_PROGRESS, assignee=fact_checker)
    services.evidence_find(claim_ids=[claim.id])
    document = Document.objects.create(
        source=SourceFactory(name="NHS England Statistics"),
        url="https://stats.example.org/waiting-list",
        title=NEW_EVIDENCE[0],
        body=NEW_EVIDENCE[1],
    )
    index_documents([document])  # indexed; its percolation is the task below
    serving = settings.SEARCH_BACKEND
    settings.SEARCH_BACKEND = {**serving, "URL": "http://127.0.0.1:9"}  # nothing listens there
    reset_backend_cache()

    task, retry = _worker_task(retries=0)
    with pytest.raises(retry):
        tasks._find_new(task, [document.id])
    assert not claim.candidates.exists()
    assert new_evidence_messages(fact_checker) == []

    settings.SEARCH_BACKEND = serving
    reset_backend_cache()
    task, _ = _worker_task(retries=1)
    assert tasks._find_new(task, [document.id]) == 1
    assert list(claim.candidates.values_list("document_id", flat=True)) == [document.id]
    assert len(new_evidence_messages(fact_checker)) == 1


def test_after_a_reset_watch_claims_stores_the_open_claims_queries_again(
    claim, backend, fact_checker, add_document
):
    closed = ClaimFactory(
        article=ArticleFactory(text=CLAIM, url="https://other.example.org/nhs"), status=ClaimStatus.DISMISSED
    )
    backend.reset()  # search_index --reset empties the stored queries with the index
    out = StringIO()
    call_command("watch_claims", stdout=out)
    assert out.getvalue().strip() == "1 open claims watched for new evidence."

    document = add_document(*NEW_EVIDENCE)
    assert list(claim.candidates.values_list("document_id", flat=True)) == [document.id]
    assert not closed.candidates.exists()
    assert len(new_evidence_messages(fact_checker)) == 1


def test_publishing_a_claim_drops_its_stored_query(
    claim, backend, fact_checker, editor, django_capture_on_commit_callbacks
):
    document = Document.objects.create(
        source=SourceFactory(name="NHS England Statistics"),
        url="https://stats.example.org/waiting-list",
        title=NEW_EVIDENCE[0],
        body=NEW_EVIDENCE[1],
    )
    assert backend.percolate([search_services.indexable(document)]) == {document.id: [f"claim:{claim.id}"]}
    with django_capture_on_commit_callbacks(execute=True):
        publish(claim, fact_checker, editor)
    assert backend.percolate([search_services.indexable(document)]) == {document.id: []}


def test_a_worker_out_of_retries_leaves_the_document_for_the_indexing_sweeper(
    claim, settings, monkeypatch, caplog
):
    from search.selectors.documents import documents_needing_index

    document = Document.objects.create(
        source=SourceFactory(name="NHS England Statistics"),
        url="https://stats.example.org/waiting-list",
        title=NEW_EVIDENCE[0],
        body=NEW_EVIDENCE[1],
    )
    index_documents([document])
    assert document.id not in documents_needing_index()

    def down(**kwargs):
        raise SearchUnavailable("Elasticsearch at 127.0.0.1:9200 refused the connection")

    monkeypatch.setattr(tasks, "new_evidence_find", down)
    task, _ = _worker_task(retries=settings.WORKBENCH["EVIDENCE_RETRY_MAX"])
    assert tasks._find_new(task, [document.id]) == 0
    assert f"New evidence in documents [{document.id}] not looked for" in caplog.text
    assert document.id in documents_needing_index()


def test_a_broker_outage_leaves_the_document_for_the_indexing_sweeper_to_send_again(
    claim, fact_checker, monkeypatch, django_capture_on_commit_callbacks
):
    from claims.services import dispatch
    from search.selectors.documents import documents_needing_index

    document = Document.objects.create(
        source=SourceFactory(name="NHS England Statistics"),
        url="https://stats.example.org/waiting-list",
        title=NEW_EVIDENCE[0],
        body=NEW_EVIDENCE[1],
    )
    with monkeypatch.context() as broker_down, django_capture_on_commit_callbacks(execute=True):
        broker_down.setattr(dispatch, "send_now", lambda *args: False)
        search_services.documents_index(document_ids=[document.id])
    assert document.id in documents_needing_index()
    assert new_evidence_messages(fact_checker) == []

    with django_capture_on_commit_callbacks(execute=True):  # what the sweeper's indexing task does
        search_services.documents_index(document_ids=documents_needing_index())
    assert document.id not in documents_needing_index()
    assert len(new_evidence_messages(fact_checker)) == 1
