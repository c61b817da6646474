"""The real Elasticsearch node: the right version, and the English analysis our mapping needs."""

import pytest
from django.conf import settings
from elasticsearch import Elasticsearch

from search.backends import EvidenceQuery
from search.stored_queries import StoredQuery

pytestmark = pytest.mark.elasticsearch


def test_cluster_reports_version_8_14():
    client = Elasticsearch(settings.ELASTICSEARCH_URL, request_timeout=10)
    nodes = client.nodes.info(filter_path="nodes.*.version")["nodes"]
    versions = {node["version"] for node in nodes.values()}
    assert versions and all(v.startswith("8.14.") for v in versions), versions


def test_mapping_analyses_english_with_stemming_and_stop_words(use_backend):
    backend = use_backend("elasticsearch")
    tokens = backend.client.indices.analyze(
        index=backend.alias, analyzer="english_text", text="The militants' attacks were running"
    )["tokens"]
    words = [t["token"] for t in tokens]
    assert "the" not in words
    assert "attack" in words and "run" in words
    assert words[0] in {"milit", "militant"}


def test_search_index_command_rebuild_swaps_the_alias(use_backend, django_db_setup, db):
    from django.core.management import call_command

    from tests.factories import DocumentFactory

    backend = use_backend("elasticsearch")
    DocumentFactory.create_batch(3, body="Exports rose 4 percent in May.")
    first = set(backend.client.indices.get_alias(name=backend.alias))
    call_command("search_index", "--rebuild")
    second = set(backend.client.indices.get_alias(name=backend.alias))
    assert first != second and len(second) == 1
    assert backend.count() == 3
    settings_now = backend.client.indices.get_settings(index=backend.alias, name="index.refresh_interval")
    assert not any(s["settings"] for s in settings_now.values()), "the rebuilt index refreshes as usual again"


def test_a_rebuild_that_loses_elasticsearch_part_way_leaves_the_old_index_serving(use_backend, monkeypatch):
    from elasticsearch import ConnectionError as ESConnectionError

    from search.backends import IndexableDocument, SearchUnavailable

    backend = use_backend("elasticsearch")
    backend.index_documents([IndexableDocument(id=1, title="Exports", body="Exports rose 4 percent in May.")])
    backend.refresh()
    serving = set(backend.client.indices.get_alias(name=backend.alias))
    real, calls = backend._bulk, []

    def second_batch_fails(documents, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            raise ESConnectionError("connection refused")
        return real(documents, **kwargs)

    monkeypatch.setattr(backend, "_bulk", second_batch_fails)
    batches = [[IndexableDocument(id=i, title=f"Doc {i}", body="Imports fell.")] for i in range(2, 5)]

    with pytest.raises(SearchUnavailable):
        backend.rebuild(iter(batches))

    assert set(backend.client.indices.get_alias(name=backend.alias)) == serving
    assert backend.client.indices.get(index=f"{backend.alias}-*").keys() == serving
    assert backend.count() == 1


def _backend_with(settings, url: str, replicas: int):
    from search.backends import get_backend, reset_backend_cache

    settings.SEARCH_BACKEND = {
        **settings.SEARCH_BACKEND,
        "BACKEND": "elasticsearch",
        "URL": url,
        "REPLICAS": replicas,
    }
    reset_backend_cache()
    backend = get_backend()
    backend.reset()
    return backend


def test_with_a_cluster_s_nodes_listed_a_search_goes_to_a_node_that_answers(settings, db):
    from tests.conftest import index_documents
    from tests.factories import DocumentFactory

    # The first node listed is down (nothing listens on port 9): requests go on to the next.
    backend = _backend_with(settings, f"http://127.0.0.1:9,{settings.ELASTICSEARCH_URL}", 0)
    document = DocumentFactory(title="Knife crime", body="Knife crime fell by 20 percent in London.")
    index_documents([document])

    for _ in range(4):  # whichever node the client tries first
        assert [
            hit.document_id for hit in backend.search(EvidenceQuery(text="knife crime London", size=5))
        ] == [document.id]


def test_the_index_keeps_the_replicas_the_setting_asks_for(settings, db):
    backend = _backend_with(settings, settings.ELASTICSEARCH_URL, 1)
    backend.count()  # makes the index

    index_settings = backend.client.indices.get_settings(index=backend.alias)
    assert {s["settings"]["index"]["number_of_replicas"] for s in index_settings.values()} == {"1"}
    # The open claims' stored queries (new evidence finds its claims) are kept as safely as the documents.
    backend.register_queries([StoredQuery(key="claim:1", terms=("knife", "crime"), minimum=2)])
    query_settings = backend.client.indices.get_settings(index=backend.query_index)
    assert {s["settings"]["index"]["number_of_replicas"] for s in query_settings.values()} == {"1"}
    # One node cannot hold a replica of its own shards: yellow, and still answering.
    assert backend.health()["ok"] is True


@pytest.mark.embeddings
def test_a_meaning_only_query_sends_the_knn_search_alone_and_answers_with_cosines(use_backend):
    """Claims said again are looked up by meaning alone: no words search beside the kNN one."""
    from unittest import mock

    from search import embeddings
    from search.backends import IndexableDocument

    backend = use_backend("elasticsearch")
    texts = [
        "Unemployment in Wales fell to 3.5 percent in January.",
        "The council will close four village libraries.",
        "Welsh unemployment dropped to 3.5%.",
    ]
    vectors = embeddings.embed(texts)
    backend.index_documents(
        IndexableDocument(
            id=n + 1, title="", body=text, embedding=vector, passages=((0, len(text)),), by_passage=False
        )
        for n, (text, vector) in enumerate(zip(texts[:2], vectors, strict=False))
    )
    backend.refresh()
    query = EvidenceQuery(text=texts[2], size=2, vector=vectors[2], by_words=False, passages=False)
    with mock.patch.object(backend.client, "msearch", wraps=backend.client.msearch) as sent:
        hits = backend.multi_search([query])[0]
    bodies = sent.call_args.kwargs["searches"][1::2]
    assert len(bodies) == 1 and "knn" in bodies[0] and "query" not in bodies[0]
    assert [hit.document_id for hit in hits] == [1, 2]
    assert hits[0].semantic > 0.6 > hits[1].semantic and hits[0].score == round(hits[0].semantic, 6)


def test_the_claim_index_holds_one_lucene_document_per_claim(use_backend):
    """A claim is searched whole: no nested passage beside it, which doubled what the index wrote and merged."""
    from search.backends import get_claim_backend
    from search.services.claim_index import ClaimText, claims_index

    use_backend("elasticsearch")
    claims_index([ClaimText(n, f"Claim number {n} says exports rose.") for n in range(1, 4)])
    backend = get_claim_backend()
    stats = backend.client.indices.stats(index=backend.alias, metric="docs")
    assert stats["_all"]["primaries"]["docs"]["count"] == 3  # Lucene's count: nested documents included
    assert backend.count() == 3
