"""The workbench pages as a logged-in person uses them, with bounded SQL per page."""

import pytest
from django.test import Client
from django.urls import reverse

from claims import services
from claims.models import ClaimStatus
from tests.factories import (
    ArticleFactory,
    CitationFactory,
    ClaimFactory,
    EvidenceCandidateFactory,
    VerdictFactory,
)


@pytest.fixture
def logged_in(client, fact_checker):
    client.force_login(fact_checker)
    return client


def test_login_page_is_served(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200 and b"Log in" in response.content


def test_paste_form_creates_article_and_shows_claims(logged_in, embedded_backend):
    response = logged_in.post(
        reverse("claims:article_new"),
        {
            "title": "",
            "text": "Budget cuts\n\nThe government cut the health budget by 8% in 2023, the finance minister said.",
        },
        follow=True,
    )
    assert response.status_code == 200
    assert b"health budget by 8%" in response.content


def test_empty_paste_shows_a_clear_error(logged_in, db):
    response = logged_in.post(reverse("claims:article_new"), {"text": "   "})
    assert response.status_code == 200
    assert b"empty" in response.content


def test_article_script_renders_inert(logged_in, embedded_backend):
    claim = ClaimFactory(
        text="<script>alert('x')</script> Exports rose 5% in May.",
        article__text="<script>alert('x')</script> Exports rose 5% in May.",
    )
    response = logged_in.get(reverse("claims:claim", args=[claim.id]))
    assert b"<script>alert" not in response.content
    assert b"&lt;script&gt;alert" in response.content


def test_queue_query_count_does_not_grow_with_claims(logged_in, django_assert_max_num_queries):
    ClaimFactory.create_batch(30)
    # The queue's own three: filter choices, the keyset band's edge, the page, and the page's spread (two; one
    # when none of its claims is in a cluster). tests/test_queue.py has the rest.
    with django_assert_max_num_queries(11):
        response = logged_in.get(reverse("claims:queue"))
    assert response.content.count(b'data-href="/claims/') == 30


def _workspace_queries(client, size):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim = ClaimFactory()
    EvidenceCandidateFactory.create_batch(size, claim=claim)
    verdict = VerdictFactory(claim=claim)
    CitationFactory.create_batch(size, verdict=verdict)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("claims:claim", args=[claim.id]))
    assert response.status_code == 200
    assert response.content.count(b'class="candidate"') == size
    return len(queries)


def test_workspace_query_count_is_bounded_and_constant(logged_in, db):
    small, large = _workspace_queries(logged_in, 2), _workspace_queries(logged_in, 12)
    assert small == large <= 16  # 16: the people an @name tells, listed under the comment box


def test_workspace_shows_the_claim_highlighted_in_its_article(logged_in, db):
    claim = ClaimFactory(
        article__text="Intro sentence. Exports rose 5% in May. Outro.",
        text="Exports rose 5% in May.",
        start=16,
        end=39,
    )
    response = logged_in.get(reverse("claims:claim", args=[claim.id]))
    assert b'<mark class="claim">Exports rose 5% in May.</mark>' in response.content


def test_conflicting_save_keeps_what_the_fact_checker_typed(logged_in, fact_checker, db):
    claim = ClaimFactory()
    services.verdict_save(claim=claim, user=fact_checker, rating="false", explanation="v1", version=None)
    url = reverse("claims:verdict_save", args=[claim.id])
    logged_in.post(url, {"rating": "false", "explanation": "v2", "version": 1})
    response = logged_in.post(
        url, {"rating": "true", "explanation": "my stale but precious text", "version": 1}
    )
    assert response.status_code == 409
    assert b"my stale but precious text" in response.content


def test_evidence_status_endpoint_reports_progress(logged_in, db):
    claim = ClaimFactory()
    data = logged_in.get(reverse("claims:evidence_status", args=[claim.id])).json()
    assert data["status"] == "pending"


def test_anonymous_and_role_less_users_get_the_same_404_for_claims(client, db):
    from tests.factories import UserFactory

    claim = ClaimFactory()
    client.force_login(UserFactory())
    assert client.get(reverse("claims:claim", args=[claim.id])).status_code == 404
    assert client.get(reverse("claims:claim", args=[999999])).status_code == 404


def test_csrf_is_enforced_on_workbench_posts(fact_checker, db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(fact_checker)
    claim = ClaimFactory()
    response = client.post(
        reverse("claims:verdict_save", args=[claim.id]), {"rating": "false", "explanation": "x"}
    )
    assert response.status_code == 403


def test_editor_approves_from_the_review_page(client, editor, fact_checker, db):
    claim = ClaimFactory()
    verdict = services.verdict_save(
        claim=claim, user=fact_checker, rating="false", explanation="Wrong.", version=None
    )
    services.citation_add(verdict=verdict, user=fact_checker, url="https://stats.example.org/x")
    services.verdict_submit(verdict=verdict, user=fact_checker)
    client.force_login(editor)
    response = client.post(
        reverse("claims:review_detail", args=[verdict.id]), {"decision": "approve"}, follow=True
    )
    assert b"Approved and published" in response.content
    public = Client().get(reverse("claims:factcheck_public", args=[verdict.id]))
    assert public.status_code == 200 and b"Wrong." in public.content


def test_unpublished_verdicts_have_no_public_page(db):
    verdict = VerdictFactory()
    assert Client().get(reverse("claims:factcheck_public", args=[verdict.id])).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("claims", ["none", "all dismissed"])
def test_an_article_without_open_claims_still_shows_its_page(client, fact_checker, claims):
    article = ArticleFactory()
    if claims == "all dismissed":
        ClaimFactory(article=article, status=ClaimStatus.DISMISSED, dismissed_reason="Not checkable")
    client.force_login(fact_checker)
    response = client.get(reverse("claims:article", args=[article.id]))
    assert response.status_code == 200
    assert article.title.encode() in response.content
