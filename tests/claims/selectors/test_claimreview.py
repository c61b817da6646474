"""The ClaimReview a published verdict becomes: every field search engines read, ratings on and off the scale."""

from __future__ import annotations

import json

import pytest

from claims.selectors import claimreview
from tests.claims.publishing import (
    aware_datetime,
    publish,
)
from tests.factories import ClaimFactory, SourceFactory


def test_claimreview_carries_every_required_and_recommended_field(published, settings):
    review = claimreview.claimreview(published)
    claim, article = published.claim, published.claim.article

    assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert (
        review["url"] == settings.WORKBENCH["ORGANIZATION_URL"].rstrip("/") + f"/fact-checks/{published.id}/"
    )
    assert aware_datetime(review["datePublished"]) == published.published_at
    assert "dateModified" not in review, "only a corrected fact-check has dateModified"

    author = review["author"]
    assert author["@type"] == "Organization"
    assert author["name"] == settings.WORKBENCH["ORGANIZATION_NAME"]
    assert author["url"] == settings.WORKBENCH["ORGANIZATION_URL"]
    assert author["logo"].startswith("http") and author["logo"].endswith(".png")

    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {"@type": "Person", "name": "Labour Minister Jane Roe"}
    assert aware_datetime(item["datePublished"]) == article.published_at
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


@pytest.mark.parametrize("attribution", ["the report", "The motion", "he", "they"])
def test_a_claimant_that_only_points_elsewhere_is_not_published_as_the_author(attribution, db):
    claim = ClaimFactory(attribution=attribution, article__source=SourceFactory(name="Example Daily"))
    assert claimreview.claim_author(claim) == {"@type": "Organization", "name": "Example Daily"}
    claim.article.source = None
    assert claimreview.claim_author(claim) is None
