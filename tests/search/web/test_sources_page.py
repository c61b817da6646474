"""The sources staff page: admins see statistics and manage sources (who else may: tests/claims/test_permission_matrix.py)."""

from django.urls import reverse

from search.models import Source
from tests.factories import DocumentFactory, SourceFactory


def test_admin_sees_document_counts_and_feed_errors_with_constant_queries(
    client, admin_user, django_assert_max_num_queries
):
    for n in range(5):
        source = SourceFactory(
            name=f"Outlet {n}", last_error="Could not connect to feed.example.org." if n == 0 else ""
        )
        DocumentFactory.create_batch(n, source=source)
    client.force_login(admin_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("search:sources"))
    assert response.status_code == 200
    assert b"Could not connect to feed.example.org." in response.content
    assert b"<td>4</td>" in response.content


def test_admin_adds_and_edits_a_source(client, admin_user):
    client.force_login(admin_user)
    data = {
        "name": "Stats Office",
        "homepage": "https://stats.example.org/",
        "domain": "stats.example.org",
        "kind": "statistics",
        "reliability": "0.95",
        "language": "en",
        "feed_url": "",
        "poll_interval_minutes": "60",
        "active": "on",
        "notes": "",
    }
    assert client.post(reverse("search:source_new"), data).status_code == 302
    source = Source.objects.get(name="Stats Office")
    bad = client.post(reverse("search:source_edit", args=[source.id]), {**data, "reliability": "3"})
    assert b"between 0" in bad.content
    client.post(reverse("search:source_edit", args=[source.id]), {**data, "reliability": "0.5"})
    source.refresh_from_db()
    assert source.reliability == 0.5
