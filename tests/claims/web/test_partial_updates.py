"""Partial updates (htmx): an action sent with HX-Request gets back only the part of the workspace it changed,
and what else changed out of band; the same URL without the header still redirects to the whole page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import AuditEvent, Citation, ClaimStatus, EvidenceMark, EvidenceStatus, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    EvidenceCandidateFactory,
    SourceFactory,
    UserFactory,
    VerdictFactory,
)

HX = {"HX-Request": "true"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(fact_checker):
    claim = ClaimFactory(assignee=fact_checker, status=ClaimStatus.IN_PROGRESS)
    EvidenceCandidateFactory.create_batch(3, claim=claim)
    return claim


def _mark(client, claim, document, stance, note="", headers=None):
    return client.post(
        reverse("claims:evidence_mark", args=[claim.id]),
        {"document_id": document.id, "stance": stance, "note": note},
        headers=headers or {},
    )


def test_marking_with_htmx_answers_with_that_candidate_alone_and_the_history_out_of_band(
    checker_client, claim
):
    document = claim.candidates.first().document
    response = _mark(checker_client, claim, document, "refutes", "March figure is 3.9%", headers=HX)

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "Evidence candidates" not in html
    assert html.count('class="candidate') == 1 and f'id="doc-{document.id}"' in html
    assert (
        'value="refutes" data-key="refutes" class="stance stance-refutes chosen" aria-pressed="true"' in html
    )
    assert 'value="March figure is 3.9%"' in html
    assert 'id="claim-history" hx-swap-oob="true"' in html and "marked evidence as “refutes”" in html
    assert 'id="messages" aria-live="polite" hx-swap-oob="true"' in html
    assert EvidenceMark.objects.get(claim=claim, document=document).stance == "refutes"


def test_the_same_mark_without_htmx_still_redirects_to_the_whole_page(checker_client, claim):
    document = claim.candidates.first().document
    response = _mark(checker_client, claim, document, "supports")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('claims:claim', args=[claim.id])}#doc-{document.id}"
    page = checker_client.get(response["Location"]).content.decode()
    assert "<html" in page and "marked evidence as “supports”" in page


def test_enter_in_a_note_saves_the_note_and_keeps_the_stance(checker_client, claim):
    document = claim.candidates.first().document
    _mark(checker_client, claim, document, "context", "first thought", headers=HX)
    response = _mark(
        checker_client, claim, document, "note", "the release is seasonally adjusted", headers=HX
    )

    assert response.status_code == 200
    mark = EvidenceMark.objects.get(claim=claim, document=document)
    assert (mark.stance, mark.note) == ("context", "the release is seasonally adjusted")
    assert "noted evidence" in response.content.decode()


def test_a_note_without_a_stance_is_refused_beside_the_candidate_and_kept_in_its_field(checker_client, claim):
    document = claim.candidates.first().document
    response = _mark(checker_client, claim, document, "note", "I have not decided yet", headers=HX)

    assert response.status_code == 400  # swapped all the same (base.html's htmx-config), so it is read
    html = response.content.decode()
    assert "Choose a stance for this document first" in html
    assert 'value="I have not decided yet"' in html
    assert not EvidenceMark.objects.filter(claim=claim).exists()


def test_a_claim_someone_else_holds_is_refused_beside_the_candidate(client, claim):
    other = UserFactory(role="Fact-checker")
    client.force_login(other)
    document = claim.candidates.first().document
    response = _mark(client, claim, document, "supports", "mine now?", headers=HX)
    assert response.status_code == 400
    assert "holds claim" in response.content.decode()
    assert not EvidenceMark.objects.filter(claim=claim).exists()


def _mark_fragment_queries(client, fact_checker, size):
    claim = ClaimFactory(assignee=fact_checker, status=ClaimStatus.IN_PROGRESS)
    candidates = EvidenceCandidateFactory.create_batch(size, claim=claim)
    with CaptureQueriesContext(connection) as queries:
        response = _mark(client, claim, candidates[-1].document, "supports", headers=HX)
    assert response.status_code == 200
    return len(queries)


def test_a_mark_costs_the_same_queries_however_many_candidates_the_claim_has(checker_client, fact_checker):
    assert _mark_fragment_queries(checker_client, fact_checker, 2) == _mark_fragment_queries(
        checker_client, fact_checker, 12
    )


def test_citing_a_passage_with_htmx_answers_with_the_citations(checker_client, claim):
    candidate = claim.candidates.first()
    response = checker_client.post(
        reverse("claims:citation_add", args=[claim.id]),
        {"document_id": candidate.document.id, "quote": candidate.passage},
        headers=HX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("{#") is False and '<ul class="citations" id="citations">' in html
    assert candidate.document.title in html and "Citation added." in html
    assert Citation.objects.filter(verdict__claim=claim).count() == 1


def test_an_outside_citation_refused_comes_back_as_typed_and_added_comes_back_empty(checker_client, claim):
    url = reverse("claims:citation_add", args=[claim.id])
    refused = checker_client.post(
        url,
        {"external": "1", "url": "not a web address", "title": "Labour release", "note": "key"},
        headers=HX,
    )
    assert refused.status_code == 400
    html = refused.content.decode()
    assert (
        'id="citation-form" open' in html and 'value="Labour release"' in html and "Enter a valid URL" in html
    )
    assert not Citation.objects.exists()

    added = checker_client.post(
        url,
        {"external": "1", "url": "https://stats.example.org/march", "title": "Labour release"},
        headers=HX,
    )
    assert added.status_code == 200
    html = added.content.decode()
    assert 'value="Labour release"' not in html  # the form is empty again
    assert 'id="citations" hx-swap-oob="true"' in html and "Labour release" in html


def _save(client, claim, version, explanation, headers=HX, **extra):
    data = {"rating": "false", "explanation": explanation, "version": version or "", **extra}
    return client.post(reverse("claims:verdict_save", args=[claim.id]), data, headers=headers)


def test_saving_a_draft_with_htmx_answers_with_the_verdict_box_carrying_the_new_version(
    checker_client, claim
):
    first = _save(checker_client, claim, None, "First draft.", save="1")
    assert first.status_code == 200
    html = first.content.decode()
    assert '<div id="verdict-box">' in html and "<html" not in html
    assert 'name="version" value="1"' in html and "Draft saved (version 1)." in html

    # The version the box came back with is the one the next save carries: no false conflict.
    second = _save(checker_client, claim, 1, "Second draft.", save="1")
    assert second.status_code == 200 and 'name="version" value="2"' in second.content.decode()
    assert Verdict.objects.get(claim=claim).explanation == "Second draft."


def test_a_stale_save_with_htmx_is_a_conflict_that_keeps_what_was_typed(checker_client, claim, fact_checker):
    VerdictFactory(claim=claim, author=fact_checker, explanation="Saved elsewhere.")
    Verdict.objects.filter(claim=claim).update(version=3)
    response = _save(checker_client, claim, 2, "Typed here, not lost.", save="1")
    assert response.status_code == 409
    html = response.content.decode()
    assert "Typed here, not lost." in html and 'role="alert"' in html
    assert Verdict.objects.get(claim=claim).explanation == "Saved elsewhere."


def test_a_refused_submission_keeps_the_saved_draft_and_its_new_version_in_the_box(checker_client, claim):
    response = _save(checker_client, claim, None, "No citation yet.", submit="1")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Before submitting, add" in html and "No citation yet." in html
    assert 'name="version" value="1"' in html  # the draft was saved: the next save is not a conflict
    assert _save(checker_client, claim, 1, "Now saved again.", save="1").status_code == 200


def test_submitting_with_htmx_swaps_the_whole_workspace_which_then_offers_no_changes(checker_client, claim):
    candidate = claim.candidates.first()
    checker_client.post(
        reverse("claims:citation_add", args=[claim.id]),
        {"document_id": candidate.document.id, "quote": candidate.passage},
        headers=HX,
    )
    version = Verdict.objects.get(claim=claim).version  # citing started the verdict
    response = _save(checker_client, claim, version, "Submitted text.", submit="1")
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#workspace" and response["HX-Reswap"] == "outerHTML"
    html = response.content.decode()
    assert '<div class="workspace" id="workspace"' in html and "<html" not in html
    assert 'id="verdict-form"' not in html and "Verdict submitted to the editors." in html
    assert Verdict.objects.get(claim=claim).status == "submitted"


def test_assigning_to_me_with_htmx_swaps_the_workspace_with_the_controls_now_mine(
    checker_client, fact_checker
):
    claim = ClaimFactory()
    EvidenceCandidateFactory(claim=claim)
    response = checker_client.post(reverse("claims:claim_take", args=[claim.id]), headers=HX)
    assert response.status_code == 200 and response["HX-Retarget"] == "#workspace"
    html = response.content.decode()
    assert "The claim is yours." in html and 'id="verdict-form"' in html and "Assign to me" not in html
    claim.refresh_from_db()
    assert claim.assignee == fact_checker


def test_the_evidence_badge_hears_nothing_until_the_search_ends_then_gets_the_panel(checker_client, claim):
    type(claim).objects.filter(id=claim.id).update(evidence_status=EvidenceStatus.SEARCHING)
    url = reverse("claims:evidence_status", args=[claim.id])
    page = checker_client.get(reverse("claims:claim", args=[claim.id])).content.decode()
    assert f'hx-get="{url}?shown=searching" hx-trigger="every 2s"' in page

    assert checker_client.get(url, {"shown": "searching"}, headers=HX).status_code == 204
    type(claim).objects.filter(id=claim.id).update(evidence_status=EvidenceStatus.DONE)
    done = checker_client.get(url, {"shown": "searching"}, headers=HX)
    assert done.status_code == 200
    html = done.content.decode()
    assert '<div id="evidence-panel">' in html and html.count('class="candidate"') == 3
    assert "hx-trigger" not in html  # the search has ended: the badge stops asking

    # Without htmx the same URL answers JSON, as it always has; caches are told the two differ.
    plain = checker_client.get(url)
    assert plain.json()["status"] == "done" and "HX-Request" in plain["Vary"]


def test_searching_again_with_htmx_answers_with_the_evidence_panel(checker_client, claim):
    response = checker_client.post(reverse("claims:evidence_refresh", args=[claim.id]), headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div id="evidence-panel">') or '<div id="evidence-panel">' in html
    assert "asked for evidence again" in html  # the history, out of band


def test_history_reads_in_words_not_codes(checker_client, claim):
    _save(checker_client, claim, None, "Draft.", save="1")
    page = checker_client.get(reverse("claims:claim", args=[claim.id])).content.decode()
    assert "saved the verdict as “False” (version 1)" in page
    assert "verdict.saved" not in page
    assert AuditEvent.objects.filter(claim=claim, action="verdict.saved").exists()


def test_next_claim_goes_to_the_next_one_to_work_below_this_one(checker_client, fact_checker):
    top, middle, bottom = (ClaimFactory(score=score) for score in (0.9, 0.6, 0.3))
    ClaimFactory(score=0.5, assignee=UserFactory(role="Fact-checker"))  # someone else's: skipped
    ClaimFactory(score=0.4, status=ClaimStatus.SUBMITTED)  # the editors': skipped

    assert checker_client.get(reverse("claims:claim_next", args=[top.id]))["Location"] == reverse(
        "claims:claim", args=[middle.id]
    )
    assert checker_client.get(reverse("claims:claim_next", args=[middle.id]))["Location"] == reverse(
        "claims:claim", args=[bottom.id]
    )
    # At the bottom, round to the top again.
    assert checker_client.get(reverse("claims:claim_next", args=[bottom.id]))["Location"] == reverse(
        "claims:claim", args=[top.id]
    )


def test_next_claim_follows_the_queues_order_where_a_source_lifts_a_claim(checker_client):
    """An unreliable source's nudge puts a claim of lower check-worthiness above another (the queue's order);
    key n walks that order, not the score alone."""
    top = ClaimFactory(score=0.95)
    lifted = ClaimFactory(score=0.80, article=ArticleFactory(source=SourceFactory(reliability=0.0)))
    plain = ClaimFactory(score=0.85, article=ArticleFactory(source=SourceFactory(reliability=1.0)))
    far = ClaimFactory(score=0.10)

    def following(claim):
        return checker_client.get(reverse("claims:claim_next", args=[claim.id]))["Location"]

    assert following(top) == reverse("claims:claim", args=[lifted.id])  # 0.80 + 0.10 above 0.85 + 0
    assert following(lifted) == reverse("claims:claim", args=[plain.id])
    assert following(plain) == reverse("claims:claim", args=[far.id])
    assert following(far) == reverse("claims:claim", args=[top.id])


def test_next_claim_with_nothing_left_says_so_on_the_queue(checker_client):
    only = ClaimFactory()
    response = checker_client.get(reverse("claims:claim_next", args=[only.id]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("claims:queue")
    assert "No other claim in the queue needs work" in response.content.decode()


def test_assigning_from_a_queue_row_with_htmx_answers_with_the_table_filters_kept(checker_client):
    claim = ClaimFactory(text="Exports rose 12% in March.", score=0.9)
    ClaimFactory(text="Imports fell in April.", score=0.8)
    response = checker_client.post(
        reverse("claims:queue_take"), {"claim_id": claim.id, "query": "q=Exports"}, headers=HX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div id="queue-area">' in html and "<html" not in html and "queue-filters" not in html
    assert f"Claim #{claim.id} is yours." in html
    assert html.count('data-href="/claims/') == 1  # still filtered to "Exports"
    assert '<span class="lock mine"' in html


def test_dismissing_one_claim_with_htmx_takes_its_row_away_and_says_one_claim(checker_client):
    gone, kept = ClaimFactory(score=0.9), ClaimFactory(score=0.8)
    response = checker_client.post(
        reverse("claims:queue_bulk"),
        {"action": "dismiss", "reason": "Opinion, not a claim", "claim_ids": [gone.id], "query": ""},
        headers=HX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 claim dismissed." in html
    assert f'data-href="/claims/{gone.id}/"' not in html and f'data-href="/claims/{kept.id}/"' in html


def test_a_citation_that_begins_the_verdict_hands_the_form_its_version_so_typing_on_is_no_conflict(
    checker_client, claim
):
    candidate = claim.candidates.first()
    cited = checker_client.post(
        reverse("claims:citation_add", args=[claim.id]),
        {"document_id": candidate.document.id, "quote": candidate.passage},
        headers=HX,
    ).content.decode()
    version = Verdict.objects.get(claim=claim).version
    assert (
        f'<input type="hidden" name="version" value="{version}" id="id_version" hx-swap-oob="true">' in cited
    )
    assert _save(checker_client, claim, version, "Typed while citing.", save="1").status_code == 200

    # A second citation leaves the version alone: it is the form's to carry.
    again = checker_client.post(
        reverse("claims:citation_add", args=[claim.id]),
        {"document_id": candidate.document.id, "quote": "Another passage"},
        headers=HX,
    ).content.decode()
    assert 'id="id_version"' not in again


def test_the_favicon_is_the_logo_not_a_404(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("workbench/logo.png")
