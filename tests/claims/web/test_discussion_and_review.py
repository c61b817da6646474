"""A claim's discussion (@mentions notify), the header's counts, and the editor's page: the claim in its article,
the marked evidence, what changed, a small edit that makes the editor a writer, and the public page previewed."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import ClaimStatus, Comment, EvidenceMark, Notification, Verdict, VerdictStatus
from claims.services.records import revision_record
from tests.factories import (
    CitationFactory,
    ClaimFactory,
    DocumentFactory,
    EvidenceCandidateFactory,
    UserFactory,
    VerdictFactory,
)

HX = {"HX-Request": "true"}

pytestmark = pytest.mark.django_db


def _comment(client, claim, body, headers=None, **extra):
    return client.post(
        reverse("claims:comment_add", args=[claim.id]), {"body": body, **extra}, headers=headers or {}
    )


def test_a_comment_with_a_mention_notifies_that_person_and_shows_in_the_thread(checker_client, fact_checker):
    editor = UserFactory(username="dana", role="Editor")
    claim = ClaimFactory()
    response = _comment(checker_client, claim, "@dana is the 12% seasonally adjusted? @nobody", headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<section id="comments"' in html and "is the 12% seasonally adjusted?" in html
    assert Comment.objects.get(claim=claim).author == fact_checker
    note = Notification.objects.get(recipient=editor)
    assert note.kind == "mention" and f"claim #{claim.id}" in note.message
    assert Notification.objects.count() == 1  # @nobody is text; the author is never notified of themself

    # The editor sees it counted in the header, and the comment in the claim's page.
    from django.test import Client

    other = Client()
    other.force_login(editor)
    page = other.get(reverse("claims:claim", args=[claim.id])).content.decode()
    assert '<span class="count" title="1 unread">1</span>' in page
    assert "is the 12% seasonally adjusted?" in page


def test_each_comment_says_whom_its_names_told_and_which_told_nobody(checker_client, fact_checker):
    """A mistyped or unknown @name is not silently dropped: the thread says nobody was told."""
    UserFactory(username="dana", role="Editor")
    UserFactory(username="olga")  # no role: may not work on claims
    claim = ClaimFactory()
    html = _comment(
        checker_client, claim, f"@dana @dnaa @olga @{fact_checker.username} figure?", headers=HX
    ).content.decode()
    assert "told @dana" in html
    assert "told nobody: @dnaa, @olga" in html
    assert f"@{fact_checker.username}</span>" not in html  # the author is neither told nor warned about

    response = checker_client.post(
        reverse("claims:comment_add", args=[claim.id]), {"body": "plain note, and @nobody here"}, follow=True
    )
    assert "Comment sent. Nobody called @nobody checks claims: nobody was told." in response.content.decode()
    page = checker_client.get(reverse("claims:claim", args=[claim.id])).content.decode()
    assert page.count("told nobody:") == 2 and "told @dana" in page


def test_the_comment_box_lists_who_an_at_name_tells(checker_client, fact_checker):
    UserFactory(username="Zoe", role="Editor")
    UserFactory(username="ravi", role="Fact-checker")
    UserFactory(username="olga")  # no role: an @olga tells nobody
    UserFactory(username="tom", role="Fact-checker", is_active=False)
    claim = ClaimFactory()
    page = checker_client.get(reverse("claims:claim", args=[claim.id])).content.decode()
    listed = re.search(r'<details class="mentionable muted"><summary>([^<]*)</summary><p>([^<]*)</p>', page)
    assert listed.groups() == ("Who an @name tells (2)", "@ravi, @Zoe")  # not oneself, nor olga or tom
    after_sending = _comment(checker_client, claim, "@ravi look", headers=HX).content.decode()
    assert "@ravi, @Zoe</p>" in after_sending


def test_only_active_people_who_check_claims_are_notified_of_a_mention(checker_client):
    checker = UserFactory(username="ravi", role="Fact-checker")
    UserFactory(username="olga")  # no role: may not work on claims
    UserFactory(username="tom", role="Fact-checker", is_active=False)
    admin = UserFactory(username="root", is_superuser=True)
    _comment(checker_client, ClaimFactory(), "@ravi @olga @tom @root can you look at the figure?")
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {"ravi", "root"}
    assert checker.is_active and admin.is_superuser


def test_comment_text_is_escaped(checker_client):
    claim = ClaimFactory()
    _comment(checker_client, claim, "<script>alert(1)</script> see the release")
    page = checker_client.get(reverse("claims:claim", args=[claim.id])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_empty_or_huge_comment_is_refused_and_what_was_typed_stays(checker_client):
    claim = ClaimFactory()
    assert _comment(checker_client, claim, "   ", headers=HX).status_code == 400
    huge = "word " * 1200
    response = _comment(checker_client, claim, huge, headers=HX)
    assert response.status_code == 400
    assert (
        "at most 5,000 characters" in response.content.decode() and "word word" in response.content.decode()
    )
    assert not Comment.objects.exists()


def test_without_htmx_a_comment_redirects_back_to_where_it_was_sent_from(checker_client):
    claim = ClaimFactory()
    response = _comment(checker_client, claim, "Checked.", back=f"/claims/{claim.id}/")
    assert response.status_code == 302 and response["Location"] == f"/claims/{claim.id}/#comments"
    evil = _comment(checker_client, claim, "Again.", back="https://evil.example/")
    assert evil["Location"] == f"/claims/{claim.id}/#comments"


def test_editors_see_how_many_verdicts_wait_for_them_not_counting_their_own(client, editor):
    VerdictFactory.create_batch(2, status=VerdictStatus.SUBMITTED)
    VerdictFactory(status=VerdictStatus.SUBMITTED, author=editor)
    client.force_login(editor)
    page = client.get(reverse("claims:queue")).content.decode()
    assert 'title="2 verdicts waiting for an editor">2</span>' in page


def test_verdicts_an_editor_wrote_part_of_are_not_counted_or_offered_to_them(client, editor, submitted):
    """A small edit or a citation makes the editor a writer, who may not decide on it: the header's count and the
    next verdict offered after a decision leave such verdicts out, as the server refuses their approval."""
    cited = VerdictFactory(status=VerdictStatus.SUBMITTED, claim__text="Imports fell 4% in May.")
    CitationFactory(verdict=cited, added_by=editor)
    edited = VerdictFactory(status=VerdictStatus.SUBMITTED, claim__text="Rents rose 9% in June.")
    revision_record(edited, user=editor, note="small edit")
    waiting = VerdictFactory(status=VerdictStatus.SUBMITTED, claim__text="Exports grew 2% in July.")
    client.force_login(editor)
    page = client.get(reverse("claims:queue")).content.decode()
    assert 'title="2 verdicts waiting for an editor">2</span>' in page  # submitted and waiting
    html = client.post(
        reverse("claims:review_detail", args=[submitted.id]), {"decision": "approve"}, headers=HX
    ).content.decode()
    assert f'href="/review/{waiting.id}/" id="next-review"' in html
    assert "Imports fell" not in html and "Rents rose" not in html


@pytest.fixture
def submitted(fact_checker):
    claim = ClaimFactory(
        article__text="Intro. Exports rose 12% in March. Outro.",
        text="Exports rose 12% in March.",
        start=7,
        end=33,
        assignee=fact_checker,
        status=ClaimStatus.SUBMITTED,
    )
    document = DocumentFactory(title="March trade release", body="Exports rose 12 percent in March.")
    EvidenceCandidateFactory(claim=claim, document=document)
    EvidenceMark.objects.create(
        claim=claim, document=document, stance="supports", note="Same figure", reviewer=fact_checker
    )
    verdict = VerdictFactory(
        claim=claim,
        author=fact_checker,
        rating="true",
        explanation="The office's release says exports rose 12 percent in March.",
        status=VerdictStatus.SUBMITTED,
    )
    CitationFactory(verdict=verdict, note="Primary source")
    revision_record(verdict, fact_checker, "submitted for review")
    return verdict


def test_the_editors_page_shows_the_claim_in_its_article_the_marked_evidence_and_a_preview_link(
    client, editor, submitted
):
    client.force_login(editor)
    html = client.get(reverse("claims:review_detail", args=[submitted.id])).content.decode()
    assert 'Intro. <mark class="claim">Exports rose 12% in March.</mark> Outro.' in html
    assert f'<span id="verdict-state">Submitted for review · version {submitted.version}</span>' in html
    assert (
        "<strong>Supports</strong>" in html and "March trade release" in html and "Note: Same figure" in html
    )
    assert "Primary source" in html
    assert f'href="/review/{submitted.id}/preview/"' in html


def test_the_editors_page_shows_what_changed_since_the_last_submission_in_words(
    client, editor, submitted, fact_checker
):
    submitted.rating, submitted.explanation = "false", "The release says 3 percent."
    submitted.save()
    revision_record(submitted, fact_checker, "submitted for review")
    client.force_login(editor)
    html = client.get(reverse("claims:review_detail", args=[submitted.id])).content.decode()
    assert "Changed since the last submission" in html
    assert "<del>True</del> → <ins>False</ins>" in html  # the ratings' names, not their codes


def test_a_small_edit_by_an_editor_is_their_revision_and_then_another_editor_must_approve(
    client, editor, submitted
):
    client.force_login(editor)
    url = reverse("claims:review_detail", args=[submitted.id])
    fixed = submitted.explanation.replace("12 percent", "12 per cent")
    response = client.post(url, {"decision": "edit", "explanation": fixed, "version": submitted.version})
    assert response.status_code == 302
    verdict = Verdict.objects.get(id=submitted.id)
    assert verdict.explanation == fixed and verdict.status == VerdictStatus.SUBMITTED
    assert verdict.revisions.first().saved_by == editor
    assert Notification.objects.filter(recipient=submitted.author, kind="edited").exists()

    page = client.get(url).content.decode()
    assert "You wrote part of this verdict" in page and "Approve and publish" not in page
    client.post(url, {"decision": "approve"})
    assert Verdict.objects.get(id=submitted.id).status == VerdictStatus.SUBMITTED  # refused on the server too

    second = UserFactory(role="Editor")
    client.force_login(second)
    client.post(url, {"decision": "approve"})
    assert Verdict.objects.get(id=submitted.id).status == VerdictStatus.PUBLISHED


def test_more_than_a_small_edit_is_refused_and_the_typed_text_kept(client, editor, submitted):
    client.force_login(editor)
    rewrite = "An entirely different explanation. " * 10
    response = client.post(
        reverse("claims:review_detail", args=[submitted.id]),
        {"decision": "edit", "explanation": rewrite, "version": submitted.version},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Return the verdict with a comment instead" in html and "An entirely different explanation." in html
    )
    assert Verdict.objects.get(id=submitted.id).explanation == submitted.explanation


def test_a_stale_small_edit_is_a_conflict(client, editor, submitted):
    client.force_login(editor)
    response = client.post(
        reverse("claims:review_detail", args=[submitted.id]),
        {
            "decision": "edit",
            "explanation": submitted.explanation + "!",
            "version": submitted.version - 1 or 99,
        },
    )
    assert response.status_code == 400 and "changed after you opened it" in response.content.decode()


def test_the_preview_shows_the_public_page_marked_unpublished_to_editors_and_the_author_only(
    client, editor, submitted, fact_checker
):
    url = reverse("claims:factcheck_preview", args=[submitted.id])
    client.force_login(editor)
    html = client.get(url).content.decode()
    assert "<strong>Preview</strong>: not published" in html and 'content="noindex, nofollow"' in html
    assert "release says exports rose 12 percent" in html
    assert 'type="application/ld+json"' not in html  # no ClaimReview before it is published
    client.force_login(fact_checker)
    assert client.get(url).status_code == 200
    client.force_login(UserFactory(role="Fact-checker"))
    assert client.get(url).status_code == 404


def _review_queries(client, editor, n):
    verdict = VerdictFactory(status=VerdictStatus.SUBMITTED)
    for _ in range(n):
        document = DocumentFactory()
        EvidenceMark.objects.create(
            claim=verdict.claim, document=document, stance="context", reviewer=verdict.author
        )
        CitationFactory(verdict=verdict)
        Comment.objects.create(claim=verdict.claim, author=verdict.author, body="note")
    client.force_login(editor)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("claims:review_detail", args=[verdict.id])).status_code == 200
    return len(queries)


def test_the_review_queue_marks_the_verdicts_an_editor_wrote_part_of_in_constant_queries(client, editor):
    def queue_page():
        with CaptureQueriesContext(connection) as queries:
            html = client.get(reverse("claims:review_queue")).content.decode()
        return html, len(queries)

    client.force_login(editor)
    VerdictFactory(status=VerdictStatus.SUBMITTED, claim__text="Exports grew 2% in July.")
    _, few = queue_page()
    CitationFactory(
        verdict=VerdictFactory(status=VerdictStatus.SUBMITTED, claim__text="Imports fell 4% in May."),
        added_by=editor,
    )
    VerdictFactory(status=VerdictStatus.SUBMITTED, author=editor, claim__text="Rents rose 9% in June.")
    VerdictFactory.create_batch(3, status=VerdictStatus.SUBMITTED)
    html, many = queue_page()

    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in html.split("<tr>")[2:8]}
    assert "yours: another editor decides" in rows["Imports fell 4% in May."]
    assert "yours: another editor decides" in rows["Rents rose 9% in June."]
    assert "yours: another editor decides" not in rows["Exports grew 2% in July."]
    assert many == few


def test_the_editors_page_costs_the_same_queries_however_much_evidence_and_talk(client, editor):
    assert _review_queries(client, editor, 1) == _review_queries(client, editor, 8)


def test_approving_in_place_says_it_is_published_and_offers_the_next_verdict_waiting(
    client, editor, submitted
):
    own = VerdictFactory(status=VerdictStatus.SUBMITTED, author=editor)  # theirs: never offered to them
    waiting = VerdictFactory(status=VerdictStatus.SUBMITTED, claim__text="Imports fell 4% in May.")
    client.force_login(editor)
    url = reverse("claims:review_detail", args=[submitted.id])
    response = client.post(url, {"decision": "approve"}, headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        html.lstrip().startswith('<div id="decide" class="decided">')
        and "<strong>Published.</strong>" in html
    )
    assert f'href="/fact-checks/{submitted.id}/"' in html
    assert f'href="/review/{waiting.id}/" id="next-review"' in html and "Imports fell 4% in May." in html
    assert f'href="/review/{own.id}/"' not in html
    assert "Approved and published." in html  # the message, out of band
    assert '<span id="verdict-state" hx-swap-oob="true">Published · version' in html  # the page's header line
    assert Verdict.objects.get(id=submitted.id).status == VerdictStatus.PUBLISHED
    # Without htmx the same decision redirects to the queue, as before.
    other = VerdictFactory(status=VerdictStatus.SUBMITTED, claim__status=ClaimStatus.SUBMITTED)
    response = client.post(reverse("claims:review_detail", args=[other.id]), {"decision": "approve"})
    assert response.status_code == 302 and response.url == reverse("claims:review_queue")


def test_a_decision_someone_else_made_first_is_refused_in_place_with_the_reason(client, editor, submitted):
    client.force_login(UserFactory(role="Editor"))
    client.post(reverse("claims:review_detail", args=[submitted.id]), {"decision": "approve"})
    client.force_login(editor)
    url = reverse("claims:review_detail", args=[submitted.id])
    response = client.post(url, {"decision": "return", "comment": "Source the figure."}, headers=HX)
    assert response.status_code == 409
    html = response.content.decode()
    assert "This verdict no longer waits for review: it is published now." in html
    assert "Published: nothing waits for a decision." in html and "Return to fact-checker" not in html
    assert '<span id="verdict-state" hx-swap-oob="true">Published · version' in html
    assert Verdict.objects.get(id=submitted.id).status == VerdictStatus.PUBLISHED


def test_returning_in_place_without_a_comment_keeps_the_panel_and_says_why(client, editor, submitted):
    client.force_login(editor)
    url = reverse("claims:review_detail", args=[submitted.id])
    response = client.post(url, {"decision": "return", "comment": " "}, headers=HX)
    assert response.status_code == 400
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="decide">') and "This field is required." in html
    assert Verdict.objects.get(id=submitted.id).status == VerdictStatus.SUBMITTED
    response = client.post(url, {"decision": "return", "comment": "Source the figure."}, headers=HX)
    assert response.status_code == 200 and "Returned</strong> to " in response.content.decode()
    assert Verdict.objects.get(id=submitted.id).status == VerdictStatus.RETURNED
