"""A rebuild of the index loses nothing written while it runs, and marks indexed only what the new index holds."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from search import services
from search.backends import EvidenceQuery, RebuildInProgress
from search.models import Document, EmbeddedIndexAlias
from search.services import indexing
from tests.factories import DocumentFactory, SourceFactory

WORDS = ["apricot", "walnut", "saffron", "juniper", "quince", "fennel", "lentil", "sorrel", "damson"]


def _found(backend, word: str) -> list[int]:
    return [hit.document_id for hit in backend.search(EvidenceQuery(text=word, size=10))]


def _edit(document: Document, body: str) -> None:
    services.document_save(source=document.source, url=document.url, title=document.title, body=body)


def test_documents_written_during_a_rebuild_are_in_the_new_index_with_their_latest_text(backend, monkeypatch):
    source = SourceFactory()
    docs = [DocumentFactory(source=source, body=f"The harvest of {word} was late.") for word in WORDS[:6]]
    services.documents_index(document_ids=[d.id for d in docs])
    backend.refresh()
    first, second = docs[:2], docs[2:4]  # the rebuild reads two documents a chunk
    real_batches, added = indexing._batches, []

    def batches_while_documents_change(*args):
        for number, batch in enumerate(real_batches(*args)):
            if number == 1:  # the second chunk is read but not yet written; the first is in the new index
                _edit(first[0], "The harvest of mulberry was early.")  # already copied: edited and indexed
                _edit(second[0], "The harvest of elderflower was early.")  # read before this edit
                _edit(first[1], "The harvest of chestnut was early.")  # edited, its indexing still queued
                services.documents_index(document_ids=[first[0].id, second[0].id])
                services.documents_delete(document_ids=[second[1].id])  # read, deleted before written
                services.documents_delete_from_index(document_ids=[second[1].id])
            yield batch
        # The rebuild has read past every id: a document saved now is one it never sees.
        document, _ = services.document_save(
            source=source, url="https://news.example.org/late", title="Late", body="The harvest of damson."
        )
        services.documents_index(document_ids=[document.id])
        added.append(document)

    monkeypatch.setattr(indexing, "_batches", batches_while_documents_change)

    services.search_index_rebuild(chunk_size=2)
    backend.refresh()

    assert _found(backend, "mulberry") == [first[0].id] and _found(backend, WORDS[0]) == []
    assert _found(backend, "elderflower") == [second[0].id] and _found(backend, WORDS[2]) == []
    assert _found(backend, "damson") == [added[0].id]
    assert _found(backend, WORDS[3]) == [], "a document deleted during the rebuild is not found"
    for word, document in zip(WORDS[4:6], docs[4:6], strict=True):
        assert _found(backend, word) == [document.id]
    assert backend.count() == Document.objects.count() == 6
    # Indexed means the new index has the document's latest text; the edit whose indexing is still queued
    # keeps its document marked for the sweeper, and the sweeper's indexing then finds it.
    assert list(Document.objects.needing_index().values_list("id", flat=True)) == [first[1].id]
    services.documents_index(document_ids=[first[1].id])
    backend.refresh()
    assert _found(backend, "chestnut") == [first[1].id] and not Document.objects.needing_index().exists()


def test_a_rebuild_that_fails_leaves_every_write_in_the_serving_index(backend, monkeypatch):
    docs = [DocumentFactory(body=f"The harvest of {word} was late.") for word in WORDS[:4]]
    services.documents_index(document_ids=[d.id for d in docs])
    backend.refresh()
    real_batches = indexing._batches

    def batches_then_failure(*args):
        for number, batch in enumerate(real_batches(*args)):
            if number == 1:
                _edit(docs[0], "The harvest of mulberry was early.")
                services.documents_index(document_ids=[docs[0].id])
                raise ConnectionError("the database went away")
            yield batch

    monkeypatch.setattr(indexing, "_batches", batches_then_failure)

    with pytest.raises(ConnectionError):
        services.search_index_rebuild(chunk_size=2)
    backend.refresh()

    assert _found(backend, "mulberry") == [docs[0].id]
    assert backend.count() == 4
    assert backend.rebuild_in_progress() is None
    assert not Document.objects.needing_index().exists()
    monkeypatch.setattr(indexing, "_batches", real_batches)
    services.search_index_rebuild(chunk_size=2)  # and the next rebuild runs
    backend.refresh()
    assert _found(backend, "mulberry") == [docs[0].id] and backend.count() == 4


def test_an_index_made_before_the_write_alias_gets_one_and_keeps_its_documents(backend):
    document = DocumentFactory(body="The harvest of apricot was late.")
    services.documents_index(document_ids=[document.id])
    if backend.name == "elasticsearch":
        [name] = backend._indices_behind_alias()
        backend.client.indices.delete_alias(index=name, name=backend.write_alias)
        backend._mapping_checked = False  # as in a process started on the new version
    else:
        EmbeddedIndexAlias.objects.filter(alias=backend.write_alias).delete()

    _edit(document, "The harvest of mulberry was early.")
    services.documents_index(document_ids=[document.id])
    backend.refresh()

    assert _found(backend, "mulberry") == [document.id] and backend.count() == 1
    services.search_index_rebuild()
    backend.refresh()
    assert _found(backend, "mulberry") == [document.id] and backend.count() == 1


def test_one_rebuild_at_a_time_and_an_interrupted_one_can_be_abandoned(backend, monkeypatch):
    docs = [DocumentFactory(body=f"The harvest of {word} was late.") for word in WORDS[:3]]
    services.documents_index(document_ids=[d.id for d in docs])
    real_batches, refused = indexing._batches, []

    def another_rebuild_meanwhile(*args):
        for batch in real_batches(*args):
            with pytest.raises(RebuildInProgress) as second:
                services.search_index_rebuild()
            refused.append(str(second.value))
            yield batch

    monkeypatch.setattr(indexing, "_batches", another_rebuild_meanwhile)
    services.search_index_rebuild(chunk_size=2)
    assert len(refused) == 2 and "--abandon-rebuild" in refused[0]
    assert backend.rebuild_in_progress() is None

    def dies_part_way(*args):  # the process is killed: nothing cleans up after it
        yield next(real_batches(*args))
        raise KeyboardInterrupt

    monkeypatch.setattr(indexing, "_batches", dies_part_way)
    monkeypatch.setattr(backend, "_drop_rebuild", lambda *args: None)
    with pytest.raises(KeyboardInterrupt):
        services.search_index_rebuild(chunk_size=2)
    unfinished = backend.rebuild_in_progress()
    assert unfinished
    _edit(docs[0], "The harvest of mulberry was early.")  # writes still reach the serving index
    services.documents_index(document_ids=[docs[0].id])
    monkeypatch.undo()

    with pytest.raises(CommandError, match="--abandon-rebuild"):
        call_command("search_index", "--rebuild", stdout=StringIO())
    out = StringIO()
    call_command("search_index", "--abandon-rebuild", stdout=out)
    assert unfinished in out.getvalue() and backend.rebuild_in_progress() is None
    backend.refresh()
    assert _found(backend, "mulberry") == [docs[0].id] and backend.count() == 3
    call_command("search_index", "--rebuild", stdout=StringIO())
    backend.refresh()
    assert _found(backend, "mulberry") == [docs[0].id] and backend.count() == 3


@pytest.mark.elasticsearch
def test_a_write_in_flight_when_a_rebuild_begins_reaches_the_serving_index_too(use_backend, monkeypatch):
    backend = use_backend("elasticsearch")
    document = DocumentFactory(body="The harvest of apricot was late.")
    services.documents_index(document_ids=[document.id])
    chosen_before_the_rebuild, real_targets, real_batches = (
        backend._targets(),
        backend._targets,
        indexing._batches,
    )

    stale = iter([chosen_before_the_rebuild])

    def an_edit_whose_targets_were_chosen_before_the_rebuild(*args):
        for batch in real_batches(*args):
            _edit(document, "The harvest of mulberry was early.")
            monkeypatch.setattr(backend, "_targets", lambda: next(stale, None) or real_targets())
            services.documents_index(document_ids=[document.id])
            backend.refresh()
            assert _found(backend, "mulberry") == [document.id], "searches see the edit during the rebuild"
            yield batch
            raise ConnectionError("the rebuild fails")

    monkeypatch.setattr(indexing, "_batches", an_edit_whose_targets_were_chosen_before_the_rebuild)
    with pytest.raises(ConnectionError):
        services.search_index_rebuild()
    backend.refresh()

    assert _found(backend, "mulberry") == [document.id] and backend.count() == 1
    assert not Document.objects.needing_index().exists()
