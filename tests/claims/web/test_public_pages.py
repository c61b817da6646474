"""Publishing as readers see it: the public fact-check page and index, corrections and retractions on every copy."""

from __future__ import annotations

import json

from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from claims import services
from claims.models import BlindReview, VerdictCorrection, VerdictStatus
from claims.selectors import claimreview
from tests.claims.publishing import (
    ATOM,
    JSONLD,
    api_reviews,
    atom_entries,
    aware_datetime,
    json_feed,
    page_jsonld,
    publish,
)
from tests.factories import ClaimFactory, DocumentFactory, UserFactory

# -- the public page -------------------------------------------------------------------------------------------


def test_public_page_shows_the_fact_check_and_embeds_the_same_claimreview(published):
    response = Client().get(reverse("claims:factcheck_public", args=[published.id]))
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        published.claim.text,
        "Labour Minister Jane Roe",
        "https://news.example.org/jobs-boom",
        "Jobs boom, says minister",
        "14 March 2026",
        "False",
        "March figure was 3.9%",
        "https://stats.example.org/march",
        "Claim Workbench Desk",
        "logo.png",
    ]:
        assert text in html, text
    assert page_jsonld(response) == [json.loads(json.dumps(claimreview.claimreview(published)))]


def test_jsonld_in_the_page_parses_and_no_user_text_escapes_the_script(fact_checker, editor):
    hostile = 'Exports rose 5%</script><script>alert("x")</script> & <!-- in May'
    claim = ClaimFactory(text=hostile, article__text=hostile, attribution="</script><b>Mallory</b>")
    verdict = publish(claim, fact_checker, editor, explanation="</script><img src=x onerror=alert(1)>")
    response = Client().get(reverse("claims:factcheck_public", args=[verdict.id]))
    html = response.content.decode()
    assert '<script>alert("x")' not in html and "<img src=x" not in html and "<b>Mallory" not in html
    assert html.count("<script") == 1, "the only script element is the JSON-LD block"
    (review,) = page_jsonld(response)
    assert review["claimReviewed"] == hostile
    assert review["reviewBody"] == "</script><img src=x onerror=alert(1)>"
    block = JSONLD.search(html).group(1)
    assert "<" not in block and ">" not in block and "&" not in block.replace("\\u0026", "")


def test_query_count_of_the_public_page_is_bounded(published, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert Client().get(reverse("claims:factcheck_public", args=[published.id])).status_code == 200


def test_public_index_lists_published_fact_checks_in_pages(fact_checker, editor):
    verdicts = [publish(ClaimFactory(), fact_checker, editor) for _ in range(22)]
    first = Client().get(reverse("claims:factcheck_index"))
    assert first.status_code == 200
    assert first.content.count(b'class="claimtext"') == 20 and b'rel="next"' in first.content
    second = Client().get(reverse("claims:factcheck_index") + "?page=2")
    assert second.content.count(b'class="claimtext"') == 2
    assert f"/fact-checks/{verdicts[0].id}/".encode() in second.content, "oldest last"


def test_editor_sees_the_correction_form_and_readers_do_not(published, editor, fact_checker):
    url = reverse("claims:factcheck_public", args=[published.id])
    assert b"Propose correction" not in Client().get(url).content
    checker = Client()
    checker.force_login(fact_checker)
    assert b"Propose correction" not in checker.get(url).content
    desk = Client()
    desk.force_login(editor)
    assert b"Propose correction" in desk.get(url).content


def test_a_correction_needs_an_explanation(published, editor):
    desk = Client()
    desk.force_login(editor)
    response = desk.post(
        reverse("claims:factcheck_correct", args=[published.id]), {"explanation": "", "rating": "true"}
    )
    assert response.status_code == 400
    published.refresh_from_db()
    assert published.rating == "false"


def approve_the_proposal(verdict) -> None:
    """A second editor, who wrote none of the verdict, approves its proposed change from the review queue."""
    second = Client()
    second.force_login(UserFactory(role="Editor"))
    (proposal,) = verdict.corrections.filter(status=VerdictCorrection.Status.PROPOSED)
    response = second.post(reverse("claims:correction_decide", args=[proposal.id]), {"decision": "approve"})
    assert response.status_code == 302


# -- corrections and retractions reach every copy at once ----------------------------------------------------------


def test_a_correction_shows_at_once_on_the_page_in_claimreview_and_in_the_feeds(published, editor):
    before_atom = {e.find(f"{ATOM}id").text: e.find(f"{ATOM}updated").text for e in atom_entries()}
    desk = Client()
    desk.force_login(editor)
    response = desk.post(
        reverse("claims:factcheck_correct", args=[published.id]),
        {
            "explanation": "The office revised March to 3.6%.",
            "rating": "mostly-false",
            "new_explanation": "Revised: 3.6%, not 3.5%.",
        },
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert not published.modified_at and published.rating == "false", (
        "readers see nothing until a second editor"
    )
    approve_the_proposal(published)
    published.refresh_from_db()
    assert published.modified_at and published.rating == "mostly-false"

    page = Client().get(reverse("claims:factcheck_public", args=[published.id]))
    html = page.content.decode()
    assert "The office revised March to 3.6%." in html and "Revised: 3.6%, not 3.5%." in html
    assert "Rating changed from <strong>False</strong> to <strong>Mostly false</strong>" in html
    assert published.modified_at.strftime("%-d %B %Y") in html
    (embedded,) = page_jsonld(page)
    assert aware_datetime(embedded["dateModified"]) == published.modified_at
    assert embedded["reviewRating"]["ratingValue"] == 2

    (listed,) = api_reviews()["results"]
    assert aware_datetime(listed["dateModified"]) == published.modified_at
    assert listed["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly false",
        "name": "Mostly false",
        "ratingValue": 2,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert listed["reviewBody"] == "Revised: 3.6%, not 3.5%."

    (item,) = json_feed()["items"]
    assert aware_datetime(item["date_modified"]) == published.modified_at
    assert item["title"].startswith("Mostly false:") and "revised March to 3.6%" in item["content_text"]
    assert item["_claim_review"]["dateModified"] == listed["dateModified"]

    (entry,) = atom_entries()
    assert aware_datetime(entry.find(f"{ATOM}updated").text) == published.modified_at
    assert entry.find(f"{ATOM}updated").text != before_atom[entry.find(f"{ATOM}id").text]
    assert published.revisions.filter(note__startswith="corrected").exists(), (
        "the earlier version stays in the audit trail"
    )


def test_a_retraction_marks_the_page_and_leaves_the_claimreview_list(published, editor):
    desk = Client()
    desk.force_login(editor)
    response = desk.post(
        reverse("claims:factcheck_retract", args=[published.id]), {"explanation": "Our source was forged."}
    )
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.status == VerdictStatus.PUBLISHED, "readers see nothing until a second editor"
    approve_the_proposal(published)
    published.refresh_from_db()
    assert published.status == VerdictStatus.RETRACTED

    page = Client().get(reverse("claims:factcheck_public", args=[published.id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="retraction"' in html and "Our source was forged." in html and "Retracted" in html
    assert page_jsonld(page) == [], "a retracted fact-check no longer claims a rating"
    assert b"Propose correction" not in page.content

    assert api_reviews()["count"] == 0
    (item,) = json_feed()["items"]
    assert (
        item["_retracted"] is True and "_claim_review" not in item and item["title"].startswith("Retracted:")
    )
    assert "Our source was forged." in item["content_text"]
    (entry,) = atom_entries()
    assert entry.find(f"{ATOM}title").text.startswith("Retracted:")
    index = Client().get(reverse("claims:factcheck_index")).content.decode()
    assert "Retracted" in index
    assert published.revisions.filter(note__startswith="retracted").exists()


# -- no unpublished data on any public surface ---------------------------------------------------------------------


def test_public_pages_and_feeds_hold_no_unpublished_data(fact_checker, editor, admin_user):
    secrets = {
        "EARLY-DRAFT-TEXT",
        "DRAFT-VERDICT-TEXT",
        "SUBMITTED-VERDICT-TEXT",
        "RETURNED-VERDICT-TEXT",
        "REVIEW-COMMENT",
        "BLIND-REVIEW-NOTE",
        "EVIDENCE-MARK-NOTE",
        "INTERNAL-CITATION-NOTE",
        "UNPUBLISHED-CLAIM",
    }
    claim = ClaimFactory()
    services.verdict_save(
        claim=claim, user=fact_checker, rating="true", explanation="EARLY-DRAFT-TEXT", version=None
    )
    verdict = claim.verdict
    services.verdict_save(
        claim=claim, user=fact_checker, rating="false", explanation="Final text.", version=verdict.version
    )
    services.citation_add(
        verdict=verdict, user=fact_checker, url="https://stats.example.org/x", note="INTERNAL-CITATION-NOTE"
    )
    services.evidence_mark(
        claim=claim,
        user=fact_checker,
        document=DocumentFactory(),
        stance="refutes",
        note="EVIDENCE-MARK-NOTE",
    )
    services.verdict_submit(verdict=verdict, user=fact_checker)
    BlindReview.objects.create(verdict=verdict, reviewer=admin_user, rating="true", note="BLIND-REVIEW-NOTE")
    services.verdict_approve(verdict=verdict, editor=editor)

    hidden = []
    for label in ("DRAFT-VERDICT-TEXT", "SUBMITTED-VERDICT-TEXT", "RETURNED-VERDICT-TEXT"):
        other = ClaimFactory(text=f"UNPUBLISHED-CLAIM {label}", article__text=f"UNPUBLISHED-CLAIM {label}")
        draft = services.verdict_save(
            claim=other, user=fact_checker, rating="true", explanation=label, version=None
        )
        if label != "DRAFT-VERDICT-TEXT":
            services.citation_add(verdict=draft, user=fact_checker, url="https://stats.example.org/y")
            services.verdict_submit(verdict=draft, user=fact_checker)
        if label == "RETURNED-VERDICT-TEXT":
            services.verdict_return(verdict=draft, editor=editor, comment="REVIEW-COMMENT")
        hidden.append(draft)

    reader = Client()
    surfaces = [
        reader.get(reverse("claims:factcheck_index")),
        reader.get(reverse("claims:factcheck_public", args=[verdict.id])),
        reader.get(reverse("claims:factcheck_feed_atom")),
        reader.get(reverse("claims:factcheck_feed_json")),
        APIClient().get("/api/claimreview/"),
    ]
    people = (fact_checker, editor, admin_user)
    for response in surfaces:
        assert response.status_code == 200
        text = response.content.decode()
        leaked = {s for s in secrets if s in text}
        assert not leaked, (response.wsgi_request.path, leaked)
        for person in people:
            assert person.email not in text and f">{person.username}<" not in text, response.wsgi_request.path
    for draft in hidden:
        assert reader.get(reverse("claims:factcheck_public", args=[draft.id])).status_code == 404


# -- the demo ------------------------------------------------------------------------------------------------------


def test_the_demo_fact_check_is_on_its_public_page_and_in_the_claimreview_list(embedded_backend, capsys):
    call_command("load_demo")
    body = api_reviews()
    assert body["count"] == 1
    (review,) = body["results"]
    verdict_id = int(review["url"].rstrip("/").rsplit("/", 1)[1])
    page = Client().get(reverse("claims:factcheck_public", args=[verdict_id]))
    assert page.status_code == 200 and "108" in page.content.decode()
    assert page_jsonld(page)[0]["claimReviewed"] == review["claimReviewed"]
    assert review["reviewRating"]["alternateName"] == "True" and review["reviewRating"]["ratingValue"] == 5


def test_the_public_page_never_says_claimed_by_the_report(fact_checker, editor):
    claim = ClaimFactory(attribution="the report", article__source=None)
    verdict = publish(claim, fact_checker, editor)
    html = Client().get(reverse("claims:factcheck_public", args=[verdict.id])).content.decode()
    assert "Claimed by" not in html and "the report" not in html
    (review,) = page_jsonld(Client().get(reverse("claims:factcheck_public", args=[verdict.id])))
    assert "author" not in review["itemReviewed"]
