"""The sources API: admins add, change and delete sources through the services; a source in use stays."""

from __future__ import annotations

from search.models import Source
from tests.claims.api.clients import client_for
from tests.factories import DocumentFactory, UserFactory


def test_admin_manages_sources_through_the_services(db):
    admin = client_for(UserFactory(role="Admin"))
    created = admin.post(
        "/api/sources/", {"name": "Stats Office", "kind": "statistics", "reliability": 0.95}, format="json"
    )
    assert created.status_code == 201 and created.json()["document_count"] == 0
    source_id = created.json()["id"]
    assert admin.post("/api/sources/", {"name": "Stats Office"}, format="json").status_code == 400, (
        "names are unique"
    )
    assert admin.patch(f"/api/sources/{source_id}/", {"reliability": 1.5}, format="json").status_code == 400
    assert (
        admin.patch(f"/api/sources/{source_id}/", {"active": False}, format="json").json()["active"] is False
    )
    DocumentFactory(source=Source.objects.get(id=source_id))
    in_use = admin.delete(f"/api/sources/{source_id}/")
    assert in_use.status_code == 409 and "deactivate" in in_use.json()["detail"]
    assert admin.get(f"/api/sources/{source_id}/").json()["document_count"] == 1


def test_admin_marks_a_source_monitored_for_claims_with_a_daily_cap(db):
    admin = client_for(UserFactory(role="Admin"))
    created = admin.post(
        "/api/sources/", {"name": "Wire", "feed_url": "https://wire.example/feed"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["monitor_claims"] is False and created.json()["daily_article_cap"] == 50
    source_id = created.json()["id"]
    changed = admin.patch(
        f"/api/sources/{source_id}/", {"monitor_claims": True, "daily_article_cap": 20}, format="json"
    )
    assert changed.status_code == 200
    assert (changed.json()["monitor_claims"], changed.json()["daily_article_cap"]) == (True, 20)
    source = Source.objects.get(id=source_id)
    assert source.monitor_claims and source.daily_article_cap == 20
    too_many = admin.patch(f"/api/sources/{source_id}/", {"daily_article_cap": 5000}, format="json")
    assert too_many.status_code == 400 and "daily_article_cap" in too_many.json()
    assert Source.objects.get(id=source_id).daily_article_cap == 20
