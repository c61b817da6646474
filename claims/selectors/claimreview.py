"""schema.org ClaimReview for a published fact-check, with the fields Google's fact-check guidelines ask for."""

from __future__ import annotations

import json
import re
from datetime import datetime

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from claims.extraction.attribution import is_reference
from claims.models import Article, Claim, Verdict, VerdictStatus

CONTEXT = "https://schema.org"
LOGO_STATIC_PATH = "workbench/logo.png"

# The last word of an attribution that names a body rather than a person ("the statistics office").
_ORGANIZATION_WORDS = {
    "administration",
    "agency",
    "army",
    "association",
    "bank",
    "board",
    "bureau",
    "campaign",
    "coalition",
    "commission",
    "committee",
    "company",
    "council",
    "court",
    "department",
    "embassy",
    "government",
    "group",
    "institute",
    "ministry",
    "military",
    "office",
    "organisation",
    "organization",
    "parliament",
    "party",
    "police",
    "report",
    "resolution",
    "statement",
    "study",
    "survey",
    "poll",
    "union",
    "university",
}
# Inside a <script>, only these can end the element or start markup; the same escapes as Django's json_script.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def organization() -> dict:
    """The fact-checking organisation (settings: ORGANIZATION_NAME, ORGANIZATION_URL, ORGANIZATION_LOGO_URL)."""
    workbench = settings.WORKBENCH
    return {
        "@type": "Organization",
        "name": workbench["ORGANIZATION_NAME"],
        "url": workbench["ORGANIZATION_URL"],
        "logo": logo_url(),
    }


def logo_url() -> str:
    """The configured logo, else the workbench's own, as an absolute URL under ORGANIZATION_URL."""
    configured = settings.WORKBENCH.get("ORGANIZATION_LOGO_URL") or ""
    if configured:
        return configured
    return settings.WORKBENCH["ORGANIZATION_URL"].rstrip("/") + "/" + static(LOGO_STATIC_PATH).lstrip("/")


def rating_scale() -> dict[str, int]:
    """Each rating's value on the numeric scale; ratings absent from it (misleading, unverifiable) are off-scale."""
    return dict(settings.WORKBENCH["CLAIMREVIEW_RATING_VALUES"])


def review_rating(rating: str) -> dict:
    """The `Rating`: always its label (`alternateName`, required); a number only when the rating is on the scale.

    "Misleading" and "Unverifiable" are not points between false and true, so they get no ratingValue,
    bestRating or worstRating rather than an invented one (docs/decisions/2026-11-24-claimreview-ratings.md).
    """
    label = dict(settings.WORKBENCH["VERDICT_RATINGS"]).get(rating, rating)
    result: dict = {"@type": "Rating", "alternateName": label, "name": label}
    scale = rating_scale()
    if rating in scale:
        result.update(
            ratingValue=scale[rating], bestRating=max(scale.values()), worstRating=min(scale.values())
        )
    return result


def claim_author(claim: Claim) -> dict | None:
    """Who made the claim: its attribution (a Person, or an Organization when it names a body), else the source.
    An attribution that only points elsewhere ("the report", "he") names nobody, so the source stands instead."""
    attribution = re.sub(r"\s+", " ", claim.attribution or "").strip()
    if attribution and not is_reference(attribution):
        words = re.findall(r"[\w-]+", attribution.lower())
        kind = "Organization" if words and words[-1] in _ORGANIZATION_WORDS else "Person"
        return {"@type": kind, "name": attribution}
    source = claim.article.source
    if source is not None:
        author = {"@type": "Organization", "name": source.name}
        if source.homepage:
            author["url"] = source.homepage
        return author
    return None


def appearance(article: Article) -> dict:
    """Where the claim was seen: the article (a CreativeWork with its headline, URL, date and publisher)."""
    work: dict = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        work["url"] = article.url
    if article.published_at:
        work["datePublished"] = _iso(article.published_at)
    if article.source is not None:
        work["publisher"] = {"@type": "Organization", "name": article.source.name}
    return work


def item_reviewed(claim: Claim, repeats: list[Claim] = ()) -> dict:
    """The claim reviewed; it appeared in its own article and in those of the repeats answered with the
    fact-check (a list of appearances then, one object otherwise)."""
    item: dict = {"@type": "Claim"}
    author = claim_author(claim)
    if author:
        item["author"] = author
    if claim.article.published_at:
        item["datePublished"] = _iso(claim.article.published_at)
    appearances = [appearance(claim.article)] + [appearance(repeat.article) for repeat in repeats]
    item["appearance"] = appearances[0] if len(appearances) == 1 else appearances
    return item


def claimreview(verdict: Verdict) -> dict:
    """The ClaimReview of a published verdict; `dateModified` and the rating follow its latest correction.

    Only a published verdict has one: a retracted fact-check no longer stands behind a rating.
    """
    if verdict.status != VerdictStatus.PUBLISHED:
        raise ValueError(
            f"Verdict {verdict.id} is {verdict.status}; only a published verdict has a ClaimReview."
        )
    claim = verdict.claim
    review = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "url": verdict.public_url,
        "claimReviewed": claim.text,
        "datePublished": _iso(verdict.published_at),
        "author": organization(),
        "itemReviewed": item_reviewed(claim, repeats=[r.claim for r in verdict.repeats.all()]),
        "reviewRating": review_rating(verdict.rating),
        "reviewBody": verdict.explanation,
    }
    if verdict.modified_at:
        review["dateModified"] = _iso(verdict.modified_at)
    return review


def jsonld_script(data: dict) -> SafeString:
    """`<script type="application/ld+json">` with json_script's escaping: no user text can close the element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - escaped above
