"""Feeds of published fact-checks: Atom and JSON Feed 1.1; a correction or retraction updates its item at once."""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import JsonResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from claims import selectors
from claims.models import Verdict, VerdictCorrection, VerdictStatus
from claims.selectors import claimreview

FEED_SIZE = 50
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def _retraction(verdict: Verdict) -> VerdictCorrection | None:
    return next((c for c in verdict.corrections.all() if c.kind == VerdictCorrection.Kind.RETRACTION), None)


def item_title(verdict: Verdict) -> str:
    if verdict.status == VerdictStatus.RETRACTED:
        return f"Retracted: {verdict.claim.text}"
    return f"{verdict.rating_label}: {verdict.claim.text}"


def item_text(verdict: Verdict) -> str:
    """What a reader of the feed sees: the rating and explanation, or why the fact-check was retracted."""
    retraction = _retraction(verdict)
    if retraction is not None:
        return f"This fact-check was retracted: {retraction.explanation}"
    text = f"Our rating: {verdict.rating_label}.\n\n{verdict.explanation}"
    corrections = [c for c in verdict.corrections.all() if c.kind == VerdictCorrection.Kind.CORRECTION]
    if corrections:
        latest = corrections[-1]
        text += f"\n\nCorrected {latest.corrected_at:%Y-%m-%d}: {latest.explanation}"
    return text


def item_updated(verdict: Verdict):
    return verdict.modified_at or verdict.published_at


class FactCheckAtomFeed(Feed):
    feed_type = Atom1Feed

    def title(self) -> str:
        return f"{settings.WORKBENCH['ORGANIZATION_NAME']}: fact-checks"

    def link(self) -> str:
        return reverse("claims:factcheck_index")

    def subtitle(self) -> str:
        return "Published fact-checks; corrections and retractions update their entry."

    def feed_url(self) -> str:
        return reverse("claims:factcheck_feed_atom")

    def author_name(self) -> str:
        return settings.WORKBENCH["ORGANIZATION_NAME"]

    def author_link(self) -> str:
        return settings.WORKBENCH["ORGANIZATION_URL"]

    def items(self):
        return selectors.public_feed_verdicts(limit=FEED_SIZE)

    def item_title(self, item: Verdict) -> str:
        return item_title(item)

    def item_description(self, item: Verdict) -> str:
        return item_text(item)

    def item_link(self, item: Verdict) -> str:
        return item.public_url

    def item_guid(self, item: Verdict) -> str:
        return item.public_url

    def item_pubdate(self, item: Verdict):
        return item.published_at

    def item_updateddate(self, item: Verdict):
        return item_updated(item)

    def item_categories(self, item: Verdict):
        return ["retracted"] if item.status == VerdictStatus.RETRACTED else [item.rating_label]


def _json_item(verdict: Verdict) -> dict:
    url = verdict.public_url
    item = {
        "id": url,
        "url": url,
        "title": item_title(verdict),
        "content_text": item_text(verdict),
        "summary": verdict.claim.text,
        "date_published": verdict.published_at.isoformat(),
        "date_modified": item_updated(verdict).isoformat(),
        "authors": [
            {"name": settings.WORKBENCH["ORGANIZATION_NAME"], "url": settings.WORKBENCH["ORGANIZATION_URL"]}
        ],
        "tags": ["retracted"] if verdict.status == VerdictStatus.RETRACTED else [verdict.rating_label],
    }
    if verdict.status == VerdictStatus.PUBLISHED:
        # A JSON Feed extension (names start with "_"): the same ClaimReview the page and the API publish.
        item["_claim_review"] = claimreview.claimreview(verdict)
    else:
        item["_retracted"] = True
    return item


@require_safe
def json_feed(request):
    organization_url = settings.WORKBENCH["ORGANIZATION_URL"].rstrip("/")
    feed = {
        "version": JSON_FEED_VERSION,
        "title": f"{settings.WORKBENCH['ORGANIZATION_NAME']}: fact-checks",
        "home_page_url": organization_url + reverse("claims:factcheck_index"),
        "feed_url": organization_url + reverse("claims:factcheck_feed_json"),
        "description": "Published fact-checks; corrections and retractions update their item.",
        "icon": claimreview.logo_url(),
        "authors": [
            {"name": settings.WORKBENCH["ORGANIZATION_NAME"], "url": settings.WORKBENCH["ORGANIZATION_URL"]}
        ],
        "language": "en",
        "items": [_json_item(v) for v in selectors.public_feed_verdicts(limit=FEED_SIZE)],
    }
    return JsonResponse(feed, content_type="application/feed+json", json_dumps_params={"ensure_ascii": False})
