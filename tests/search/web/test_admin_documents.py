"""Admins manage documents in the Django admin; saving or deleting one updates the search index."""

from search.backends import EvidenceQuery
from search.models import Document
from tests.factories import SourceFactory


def test_saving_and_deleting_a_document_in_the_admin_updates_the_index(
    client, admin_user, backend, django_capture_on_commit_callbacks
):
    client.force_login(admin_user)
    source = SourceFactory(name="Census Bureau", kind="statistics", reliability=0.95)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/search/document/add/",
            {
                "source": source.id,
                "title": "Population estimate 2024",
                "body": "The population reached 8.3 million people in 2024, the census bureau said.",
                "url": "https://census.example.org/2024",
                "external_key": "",
                "language": "en",
                "published_at_0": "2024-06-01",
                "published_at_1": "00:00:00",
            },
        )
    assert response.status_code == 302, response.content[:500]
    document = Document.objects.get()
    backend.refresh()
    assert [h.document_id for h in backend.search(EvidenceQuery(text="population 8.3 million", size=3))] == [
        document.id
    ]
    document.refresh_from_db()
    assert document.indexed_at is not None

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/admin/search/document/{document.id}/delete/", {"post": "yes"})
    backend.refresh()
    assert not Document.objects.exists()
    assert backend.search(EvidenceQuery(text="population 8.3 million", size=3)) == []
