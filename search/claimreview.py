"""Reading ClaimReview: JSON-LD in files, pages and feeds (fetched through the address guard), read leniently."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from workbench.fetching import FEED_TYPES, FetchRefused, fetch_url

from .readers import ImportCounts, web_url

MAX_DEPTH = 25
MAX_FOLLOWED_PAGES = 50


class ClaimReviewSourceError(Exception):
    """The file or URL could not be read at all; the message says why."""


@dataclass
class Review:
    """One ClaimReview, read leniently: what a fact-check needs to be matched against new claims."""

    url: str
    claim_reviewed: str
    rating_text: str = ""
    rating_value: float | None = None
    best_rating: float | None = None
    worst_rating: float | None = None
    rating: str = ""
    """This workbench's rating, mapped; empty when neither the text nor the numbers map."""
    publisher: str = ""
    publisher_url: str = ""
    published_at: datetime | None = None
    text: str = ""
    claimant: str = ""
    appearance_url: str = ""
    language: str = ""


@dataclass
class ImportReport(ImportCounts):
    unmapped: int = 0
    pages_followed: int = 0
    sources: set[str] = field(default_factory=set)
    ratings: Counter = field(default_factory=Counter)
    document_ids: list[int] = field(default_factory=list)


# -- ratings ----------------------------------------------------------------------------------------------------


def _normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip(".!?:;,\"'“”").strip().lower()


def map_rating(
    *, text: str = "", value: float | None = None, best: float | None = None, worst: float | None = None
) -> str:
    """Another organisation's rating on this workbench's scale, or "" when it cannot be placed.

    First the text, through WORKBENCH["CLAIMREVIEW_RATING_MAP"] (case-insensitive) and our own rating names;
    then the number: its place between worstRating and bestRating (schema.org defaults 1 and 5), put on
    WORKBENCH["CLAIMREVIEW_RATING_VALUES"] and rounded to the nearest rating (a tie goes to the less true one).
    """
    key = _normalized(text or "")
    if key:
        mapping = {_normalized(k): v for k, v in settings.WORKBENCH["CLAIMREVIEW_RATING_MAP"].items()}
        if key in mapping:
            return mapping[key]
        for slug, label in settings.WORKBENCH["VERDICT_RATINGS"]:
            if key in (slug, _normalized(label), slug.replace("-", " ")):
                return slug
    if value is None:
        return ""
    best = 5.0 if best is None else best
    worst = 1.0 if worst is None else worst
    if best == worst or not all(math.isfinite(x) for x in (value, best, worst)):
        return ""
    fraction = min(1.0, max(0.0, (value - worst) / (best - worst)))
    scale = settings.WORKBENCH["CLAIMREVIEW_RATING_VALUES"]
    low, high = min(scale.values()), max(scale.values())
    target = low + fraction * (high - low)
    return min(scale, key=lambda slug: (abs(scale[slug] - target), scale[slug]))


# -- reading ------------------------------------------------------------------------------------------------------


class _JsonLdScripts(HTMLParser):
    """The text of every <script type="application/ld+json"> in a page (the parser keeps script text raw)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._inside = False
        self._parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if (
            tag == "script"
            and (dict(attrs).get("type") or "").split(";")[0].strip().lower() == "application/ld+json"
        ):
            self._inside, self._parts = True, []

    def handle_data(self, data):
        if self._inside:
            self._parts.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._inside:
            self._inside = False
            self.blocks.append("".join(self._parts))


TOO_DEEP = "JSON nested too deep to read"


def _parse_text(text: str, *, where: str, report: ImportReport) -> list:
    """The JSON values in a document: itself when it is JSON, else every JSON-LD block of the HTML page."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped[:1] in ("{", "["):
        try:
            return [json.loads(stripped)]
        except RecursionError:  # json.loads recurses once per level: a page of [[[[... is no review
            report.failed.append((where, TOO_DEEP))
            return []
        except ValueError as exc:
            if not re.match(r"\s*<", stripped):
                report.failed.append((where, f"not valid JSON ({exc})"))
                return []
    parser = _JsonLdScripts()
    parser.feed(text)
    parser.close()
    values = []
    for number, block in enumerate(parser.blocks, start=1):
        try:
            values.append(json.loads(block))
        except RecursionError:
            report.failed.append((f"{where} JSON-LD block {number}", TOO_DEEP))
        except ValueError as exc:
            report.failed.append((f"{where} JSON-LD block {number}", f"not valid JSON ({exc})"))
    if not parser.blocks and not values:
        report.failed.append((where, 'no JSON, and no <script type="application/ld+json"> in the page'))
    return values


def _is_claimreview(value) -> bool:
    kinds = value.get("@type") if isinstance(value, dict) else None
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "ClaimReview" for k in kinds)


def _walk(value, depth: int = 0) -> Iterator[dict]:
    """Every ClaimReview object inside a JSON value: a single object, a list, an @graph, a feed item's extension."""
    if depth > MAX_DEPTH:
        return
    if isinstance(value, dict):
        if _is_claimreview(value):
            yield value
            return
        for item in value.values():
            yield from _walk(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1)


def _pages_to_follow(value) -> list[str]:
    """Page URLs listed without their ClaimReview: JSON Feed items, or a JSON list of URLs."""
    urls = []
    if isinstance(value, dict) and str(value.get("version", "")).startswith("https://jsonfeed.org/version/"):
        for item in value.get("items") or []:
            if isinstance(item, dict) and not any(True for _ in _walk(item)) and not item.get("_retracted"):
                url = item.get("url") or item.get("external_url") or item.get("id")
                if isinstance(url, str) and url.startswith(("http://", "https://")):
                    urls.append(url)
    elif isinstance(value, list):
        urls = [v for v in value if isinstance(v, str) and v.startswith(("http://", "https://"))]
    return urls


def _first(value):
    while isinstance(value, list):
        value = value[0] if value else None
    return value


def _string(value) -> str:
    value = _first(value)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name") or value.get("@id") or value.get("url")
    return re.sub(r"\s+", " ", value.replace("\x00", "")).strip() if isinstance(value, str) else ""


def _number(value) -> float | None:
    value = _first(value)
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _date(value) -> datetime | None:
    text = _string(value)
    if not text:
        return None
    try:
        parsed = parse_datetime(text)
        if parsed is None:
            day = parse_date(text[:10])
            parsed = datetime.combine(day, time(12, 0)) if day else None
    except ValueError:
        return None
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, UTC)
    return parsed


def _url(value) -> str:
    return web_url(_string(value))


def review_from(data: dict) -> Review:
    """Read one ClaimReview object; ValueError says what is missing when it cannot become a document."""
    url = _url(data.get("url")) or _url(data.get("@id"))
    if not url:
        raise ValueError("no usable url (the fact-check's address is its identity)")
    item = _first(data.get("itemReviewed"))
    item = item if isinstance(item, dict) else {}
    claim = _string(data.get("claimReviewed")) or _string(item.get("name")) or _string(item.get("text"))
    if not claim:
        raise ValueError(f"{url}: no claimReviewed")
    rating = _first(data.get("reviewRating"))
    rating = rating if isinstance(rating, dict) else {}
    author = _first(data.get("author")) or _first(data.get("publisher"))
    author = author if isinstance(author, dict) else {"name": author} if isinstance(author, str) else {}
    review = Review(
        url=url,
        claim_reviewed=claim,
        rating_text=_string(rating.get("alternateName")) or _string(rating.get("name")),
        rating_value=_number(rating.get("ratingValue")),
        best_rating=_number(rating.get("bestRating")),
        worst_rating=_number(rating.get("worstRating")),
        publisher=_string(author.get("name"))[:200],
        publisher_url=_url(author.get("url")),
        published_at=_date(data.get("datePublished")),
        text=_string(data.get("reviewBody"))
        or _string(data.get("description"))
        or _string(rating.get("ratingExplanation")),
        claimant=_string(_first(item.get("author")) or ""),
        appearance_url=_url(item.get("appearance")) or _url(item.get("firstAppearance")),
        language=_string(data.get("inLanguage"))[:8],
    )
    if not review.rating_text and review.rating_value is None:
        raise ValueError(f"{url}: no reviewRating (neither alternateName nor ratingValue)")
    review.rating = map_rating(
        text=review.rating_text, value=review.rating_value, best=review.best_rating, worst=review.worst_rating
    )
    return review


def _read(location: str) -> tuple[str, str]:
    """(text, where) of a file or of a URL fetched through the address guard."""
    if location.startswith(("http://", "https://")):
        try:
            return fetch_url(location, accept=FEED_TYPES).text, location
        except FetchRefused as exc:
            raise ClaimReviewSourceError(f"{location} was not fetched: {exc}") from exc
    path = Path(location)
    try:
        return path.read_text(encoding="utf-8-sig"), path.name
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimReviewSourceError(f"{location} could not be read: {exc}") from exc


def reviews_read(
    location: str, *, report: ImportReport, follow: bool = True, max_pages: int = MAX_FOLLOWED_PAGES
) -> list[Review]:
    """Every ClaimReview at the location; feed items that only link to a page have that page fetched (guarded)."""
    text, where = _read(location)
    values = _parse_text(text, where=where, report=report)
    found: list[tuple[str, dict]] = [(where, data) for value in values for data in _walk(value)]
    pages = [url for value in values for url in _pages_to_follow(value)]
    if pages and not follow:
        report.failed.append((where, f"{len(pages)} linked page(s) not fetched (--no-follow)"))
    for url in pages[: max_pages if follow else 0]:
        report.pages_followed += 1
        try:
            page_text, _ = _read(url)
        except ClaimReviewSourceError as exc:
            report.failed.append((url, str(exc)))
            continue
        page_values = _parse_text(page_text, where=url, report=report)
        reviews = [(url, data) for value in page_values for data in _walk(value)]
        if not reviews and page_values:
            report.failed.append((url, "the page carries JSON-LD but no ClaimReview"))
        found.extend(reviews)
    if follow and len(pages) > max_pages:
        report.failed.append(
            (where, f"{len(pages) - max_pages} linked page(s) beyond the limit of {max_pages} not fetched")
        )
    if not found and values and not pages:
        report.failed.append((where, "no ClaimReview found"))
    result = []
    for number, (origin, data) in enumerate(found, start=1):
        report.read += 1
        try:
            result.append(review_from(data))
        except ValueError as exc:
            report.failed.append((f"{origin} item {number}", str(exc)))
    return result
