"""A source's page takes documents by hand and as a CSV or JSONL file, through the command's importer; bad rows
are listed with their line, bad files refused with the reason, and nothing half-imported is lost."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from search.models import Document
from tests.conftest import index_documents
from tests.factories import SourceFactory, UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(role="Admin"))
    return client


def _jsonl(*rows) -> bytes:
    return "\n".join(json.dumps(row) if isinstance(row, dict) else row for row in rows).encode()


def test_one_document_added_by_hand_is_saved_and_searchable(admin_client, backend):
    from search.selectors.documents import documents_search

    source = SourceFactory(name="Trade Statistics Office")
    response = admin_client.post(
        reverse("search:source_document_add", args=[source.id]),
        {
            "title": "March trade release",
            "url": "https://stats.example.org/march",
            "body": "Exports rose 12 percent.",
            "language": "en",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get(url="https://stats.example.org/march")
    assert document.source == source
    index_documents()
    admin = UserFactory(role="Admin")
    assert [d.title for _, d in documents_search(user=admin, text="exports rose")] == ["March trade release"]


def test_a_document_without_a_url_is_refused_and_what_was_typed_stays(admin_client):
    source = SourceFactory()
    response = admin_client.post(
        reverse("search:source_document_add", args=[source.id]),
        {"title": "Release", "url": "not a url", "body": "Typed text stays."},
    )
    assert response.status_code == 400
    assert (
        "Enter a valid URL" in response.content.decode() and "Typed text stays." in response.content.decode()
    )
    assert not Document.objects.exists()


def test_a_jsonl_file_is_imported_and_its_bad_rows_listed_by_line(admin_client, backend):
    source = SourceFactory(name="Wire")
    upload = SimpleUploadedFile(
        "docs.jsonl",
        _jsonl(
            {"title": "One", "url": "https://wire.example.org/1", "body": "First body."},
            "{not json",
            {"title": "Two", "url": "https://wire.example.org/2", "body": "Second body."},
        ),
    )
    response = admin_client.post(
        reverse("search:source_documents_upload", args=[source.id]), {"file": upload, "format": "jsonl"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "3 rows read, 2 created" in html and "line 2:" in html
    assert set(Document.objects.filter(source=source).values_list("title", flat=True)) == {"One", "Two"}

    # The same file again updates nothing and duplicates nothing.
    upload.seek(0)
    again = admin_client.post(
        reverse("search:source_documents_upload", args=[source.id]), {"file": upload, "format": "jsonl"}
    )
    assert "0 created" in again.content.decode() and Document.objects.filter(source=source).count() == 2


def test_a_csv_file_is_imported(admin_client, backend):
    source = SourceFactory(name="Office")
    csv = b"title,url,body\nRelease,https://office.example.org/r,Unemployment fell to 3.9%.\n"
    response = admin_client.post(
        reverse("search:source_documents_upload", args=[source.id]),
        {"file": SimpleUploadedFile("docs.csv", csv), "format": "csv"},
    )
    assert response.status_code == 200 and "1 created" in response.content.decode()


@pytest.mark.django_db
def test_an_empty_or_binary_file_is_refused_with_the_reason(admin_client):
    source = SourceFactory()
    url = reverse("search:source_documents_upload", args=[source.id])
    empty = admin_client.post(url, {"file": SimpleUploadedFile("e.jsonl", b""), "format": "jsonl"})
    assert empty.status_code == 400 and "The submitted file is empty" in empty.content.decode()
    binary = admin_client.post(
        url,
        {"file": SimpleUploadedFile("b.jsonl", b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe" * 50), "format": "jsonl"},
    )
    assert binary.status_code in (200, 400)
    assert not Document.objects.exists()
    assert "could not be read" in binary.content.decode() or "failed" in binary.content.decode()


@pytest.mark.django_db
def test_fact_checkers_cannot_add_documents(client, fact_checker):
    client.force_login(fact_checker)
    source = SourceFactory()
    response = client.post(
        reverse("search:source_document_add", args=[source.id]),
        {"title": "T", "url": "https://x.example.org/", "body": "B"},
    )
    assert response.status_code == 403 and not Document.objects.exists()
