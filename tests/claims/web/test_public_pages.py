"""Publishing: the public fact-check page, its ClaimReview, the ClaimReview API and the feeds, and corrections."""

from __future__ import annotations

import json
import re
from datetime import datetime
from xml.etree import ElementTree

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from claims import services
from claims.models import BlindReview, VerdictStatus
from claims.selectors import claimreview
from tests.factories import ArticleFactory, ClaimFactory, DocumentFactory, SourceFactory

ATOM = "{http://www.w3.org/2005/Atom}"
JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def publish(
    claim,
    author,
    editor,
    *,
    rating="false",
    explanation="The statistics office's March figure was 3.9%.",
    citation_note="",
):
    verdict = services.verdict_save(
        claim=claim, user=author, rating=rating, explanation=explanation, version=None
    )
    services.citation_add(
        verdict=verdict,
        user=author,
        url="https://stats.example.org/march",
        title="Labour market, March",
        quote="3.9%",
        note=citation_note,
    )
    services.verdict_submit(verdict=verdict, user=author)
    return services.verdict_approve(verdict=verdict, editor=editor)


@pytest.fixture
def published(fact_checker, editor):
    article = ArticleFactory(
        title="Jobs boom, says minister",
        url="https://news.example.org/jobs-boom",
        published_at=timezone.make_aware(datetime(2026, 3, 14, 9, 30)),
        source=SourceFactory(name="Example Daily", homepage="https://news.example.org/"),
    )
    claim = ClaimFactory(article=article, attribution="Labour Minister Jane Roe")
    return publish(claim, fact_checker, editor)


def _iso(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, f"{value} has no time zone"
    return parsed


def page_jsonld(response) -> list[dict]:
    return [json.loads(block) for block in JSONLD.findall(response.content.decode())]


def api_reviews(client=None) -> dict:
    response = (client or APIClient()).get("/api/claimreview/")
    assert response.status_code == 200
    return response.json()


def json_feed() -> dict:
    response = Client().get(reverse("claims:factcheck_feed_json"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/feed+json")
    return response.json()


def atom_entries() -> list:
    response = Client().get(reverse("claims:factcheck_feed_atom"))
    assert response.status_code == 200
    return ElementTree.fromstring(response.content).findall(f"{ATOM}entry")


# -- the ClaimReview itself -----------------------------------------------------------------------------------


def test_claimreview_carries_every_required_and_recommended_field(published, settings):
    review = claimreview.claimreview(published)
    claim, article = published.claim, published.claim.article

    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert (
        review["url"] == settings.WORKBENCH["ORGANIZATION_URL"].rstrip("/") + f"/fact-checks/{published.id}/"
    )
    assert _iso(review["datePublished"]) == published.published_at
    assert "dateModified" not in review, "only a corrected fact-check has dateModified"

    author = review["author"]
    assert author["@type"] == "Organization"
    assert author["name"] == settings.WORKBENCH["ORGANIZATION_NAME"]
    assert author["url"] == settings.WORKBENCH["ORGANIZATION_URL"]
    assert author["logo"].startswith("http") and author["logo"].endswith(".png")

    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Labour Minister Jane Roe"}
    assert _iso(item["datePublished"]) == article.published_at
    assert item["appearance"]["@type"] == "CreativeWork"
    assert item["appearance"]["url"] == "https://news.example.org/jobs-boom"
    assert item["appearance"]["headline"] == "Jobs boom, says minister"

    rating = review["reviewRating"]
    assert rating["@type"] == "Rating" and rating["alternateName"] == "False"
    for key in ("ratingValue", "bestRating", "worstRating"):
        assert isinstance(rating[key], int) and not isinstance(rating[key], bool), key
    assert (rating["worstRating"], rating["ratingValue"], rating["bestRating"]) == (1, 1, 5)
    json.dumps(review)  # serialisable as it stands


@pytest.mark.parametrize(
    ("rating", "value", "label"),
    [
        ("true", 5, "True"),
        ("mostly-true", 4, "Mostly true"),
        ("half-true", 3, "Half true"),
        ("mostly-false", 2, "Mostly false"),
    ],
)
def test_ratings_on_the_true_false_scale_map_to_numbers(rating, value, label):
    result = claimreview.review_rating(rating)
    assert result["ratingValue"] == value and result["alternateName"] == label
    assert result["worstRating"] <= value <= result["bestRating"]


@pytest.mark.parametrize(
    ("rating", "label"), [("misleading", "Misleading"), ("unverifiable", "Unverifiable")]
)
def test_ratings_off_the_scale_keep_their_label_and_claim_no_number(rating, label):
    result = claimreview.review_rating(rating)
    assert result == {"@type": "Rating", "alternateName": label, "name": label}


def test_a_claim_without_attribution_is_credited_to_the_article_source(fact_checker, editor):
    claim = ClaimFactory(
        article__source=SourceFactory(name="Example Daily", homepage="https://news.example.org/")
    )
    verdict = publish(claim, fact_checker, editor)
    assert claimreview.claimreview(verdict)["itemReviewed"]["author"] == {
        "@type": "Organization",
        "name": "Example Daily",
        "url": "https://news.example.org/",
    }


def test_an_attribution_naming_a_body_is_an_organization(db):
    claim = ClaimFactory(attribution="the statistics office")
    assert claimreview.claim_author(claim)["@type"] == "Organization"


def test_the_logo_comes_from_settings_when_set(published, settings):
    settings.WORKBENCH = {**settings.WORKBENCH, "ORGANIZATION_LOGO_URL": "https://cdn.example.org/logo.png"}
    assert claimreview.claimreview(published)["author"]["logo"] == "https://cdn.example.org/logo.png"


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
    assert b"Publish correction" not in Client().get(url).content
    checker = Client()
    checker.force_login(fact_checker)
    assert b"Publish correction" not in checker.get(url).content
    desk = Client()
    desk.force_login(editor)
    assert b"Publish correction" in desk.get(url).content


def test_only_editors_can_correct_or_retract(published, fact_checker):
    correct = reverse("claims:factcheck_correct", args=[published.id])
    retract = reverse("claims:factcheck_retract", args=[published.id])
    anonymous = Client().post(correct, {"explanation": "x"})
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    checker = Client()
    checker.force_login(fact_checker)
    assert checker.post(correct, {"explanation": "x", "rating": "true"}).status_code == 403
    assert checker.post(retract, {"explanation": "x"}).status_code == 403
    published.refresh_from_db()
    assert published.status == VerdictStatus.PUBLISHED and not published.corrections.exists()


def test_a_correction_needs_an_explanation(published, editor):
    desk = Client()
    desk.force_login(editor)
    response = desk.post(
        reverse("claims:factcheck_correct", args=[published.id]), {"explanation": "", "rating": "true"}
    )
    assert response.status_code == 400
    published.refresh_from_db()
    assert published.rating == "false"


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
    assert published.modified_at and published.rating == "mostly-false"

    page = Client().get(reverse("claims:factcheck_public", args=[published.id]))
    html = page.content.decode()
    assert "The office revised March to 3.6%." in html and "Revised: 3.6%, not 3.5%." in html
    assert "Rating changed from <strong>False</strong> to <strong>Mostly false</strong>" in html
    assert published.modified_at.strftime("%-d %B %Y") in html
    (embedded,) = page_jsonld(page)
    assert _iso(embedded["dateModified"]) == published.modified_at
    assert embedded["reviewRating"]["ratingValue"] == 2

    (listed,) = api_reviews()["results"]
    assert _iso(listed["dateModified"]) == published.modified_at
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
    assert _iso(item["date_modified"]) == published.modified_at
    assert item["title"].startswith("Mostly false:") and "revised March to 3.6%" in item["content_text"]
    assert item["_claim_review"]["dateModified"] == listed["dateModified"]

    (entry,) = atom_entries()
    assert _iso(entry.find(f"{ATOM}updated").text) == published.modified_at
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
    assert published.status == VerdictStatus.RETRACTED

    page = Client().get(reverse("claims:factcheck_public", args=[published.id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="retraction"' in html and "Our source was forged." in html and "Retracted" in html
    assert page_jsonld(page) == [], "a retracted fact-check no longer claims a rating"
    assert b"Publish correction" not in page.content

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


# -- the ClaimReview API -------------------------------------------------------------------------------------------


def test_claimreview_api_is_public_paginated_and_lists_only_published(published, fact_checker, editor):
    draft_claim, submitted_claim = ClaimFactory(), ClaimFactory()
    services.verdict_save(
        claim=draft_claim, user=fact_checker, rating="true", explanation="draft", version=None
    )
    submitted = services.verdict_save(
        claim=submitted_claim, user=fact_checker, rating="true", explanation="s", version=None
    )
    services.citation_add(verdict=submitted, user=fact_checker, url="https://stats.example.org/s")
    services.verdict_submit(verdict=submitted, user=fact_checker)

    anonymous = APIClient()
    body = api_reviews(anonymous)
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1 and body["next"] is None
    assert body["results"][0] == json.loads(json.dumps(claimreview.claimreview(published)))
    stale_token = APIClient()
    stale_token.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api_reviews(stale_token)["count"] == 1, "a bad token does not lock readers out of a public list"


def test_claimreview_api_pages_and_bounds_its_queries(fact_checker, editor, django_assert_max_num_queries):
    for _ in range(55):
        publish(ClaimFactory(), fact_checker, editor)
    with django_assert_max_num_queries(6):
        first = APIClient().get("/api/claimreview/").json()
    assert first["count"] == 55 and len(first["results"]) == 50 and first["next"]
    second = APIClient().get(first["next"]).json()
    assert len(second["results"]) == 5 and second["previous"]


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
