"""search.signals.documents_indexed: sent for documents newly in the index, whichever way they got there; never
for a rebuild, which only copies what the index had."""

from __future__ import annotations

import json

import pytest

from search.services import documents_index, search_index_rebuild
from search.services.importing import documents_import
from search.signals import documents_indexed
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    batches: list[list[int]] = []

    def receiver(sender, *, document_ids, **kwargs):
        batches.append(sorted(document_ids))

    documents_indexed.connect(receiver, dispatch_uid="test-documents-indexed")
    yield batches
    documents_indexed.disconnect(dispatch_uid="test-documents-indexed")


def test_indexing_documents_sends_their_ids(backend, sent):
    documents = DocumentFactory.create_batch(2)
    documents_index(document_ids=[d.id for d in documents])
    assert sent == [sorted(d.id for d in documents)]


def test_an_import_sends_each_indexed_batch(backend, sent, tmp_path):
    path = tmp_path / "docs.jsonl"
    rows = [
        {"url": f"https://stats.example.org/{n}", "title": f"Release {n}", "body": "Figures."}
        for n in range(5)
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    report = documents_import(path=path, source_name="Statistics Office", chunk_size=2)
    assert report.indexed == 5
    assert [len(batch) for batch in sent] == [2, 2, 1]


def test_a_rebuild_sends_nothing(backend, sent):
    DocumentFactory.create_batch(3)
    search_index_rebuild(chunk_size=2)
    assert sent == []
