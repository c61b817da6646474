"""What the publishing tests share: a verdict carried to publication, and readers of every public copy of it."""

from __future__ import annotations

import json
import re
from datetime import datetime
from xml.etree import ElementTree

from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from claims import services

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
    """The claim's verdict, drafted, cited and submitted by `author`, then published by `editor` (None: left submitted)."""
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
    if editor is None:
        return verdict
    return services.verdict_approve(verdict=verdict, editor=editor)


def aware_datetime(value: str) -> datetime:
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
