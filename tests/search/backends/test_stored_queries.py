"""Stored queries and percolation: one rule, the same matches on the embedded backend and on Elasticsearch."""

from __future__ import annotations

import csv

import pytest

from search.backends import IndexableDocument, get_backend, reset_backend_cache
from search.stored_queries import document_terms, matches, minimum_match, stored_query
from tests.paths import SHARED

pytestmark = pytest.mark.django_db

NHS = IndexableDocument(
    id=1,
    title="NHS England waiting list falls",
    body="The waiting list for routine hospital treatment in England fell to 7.21 million in September, "
    "figures from NHS England showed on Thursday.",
)
BINS = IndexableDocument(
    id=2, title="Bin collections move to fortnightly", body="The council will collect bins every two weeks."
)


def test_a_claim_needs_half_its_content_terms_and_at_least_two():
    query = stored_query("claim:1", "The NHS waiting list fell to 7.21 million in September")
    assert query.terms == ("nhs", "wait", "list", "fell", "21", "million", "septemb")
    assert query.minimum == 4 == minimum_match(7)
    assert minimum_match(2) == 2 and minimum_match(3) == 2 and minimum_match(10) == 5
    assert matches(query, document_terms(NHS.title, NHS.body))
    assert not matches(query, document_terms("Waiting for September", "A list of things to do."))
    assert stored_query("claim:2", "Covfefe!") is None, "one word would match far too much"


def test_documents_find_the_stored_queries_they_match(backend):
    backend.register_queries(
        [
            stored_query("claim:1", "The NHS waiting list fell to 7.21 million in September"),
            stored_query("claim:2", "Bins will be collected fortnightly by the council"),
            stored_query("claim:3", "Unemployment fell to 3.5% in March"),
        ]
    )
    assert backend.percolate([NHS, BINS]) == {1: ["claim:1"], 2: ["claim:2"]}
    assert backend.percolate([]) == {}


def test_registering_a_key_again_replaces_its_query_and_unregistering_forgets_it(backend):
    backend.register_queries([stored_query("claim:1", "The NHS waiting list fell to 7.21 million")])
    backend.register_queries([stored_query("claim:1", "Bins will be collected fortnightly by the council")])
    assert backend.percolate([NHS, BINS]) == {1: [], 2: ["claim:1"]}
    backend.unregister_queries(["claim:1", "claim:404"])
    assert backend.percolate([NHS, BINS]) == {1: [], 2: []}


def test_reset_empties_the_stored_queries_and_a_rebuild_keeps_them(backend):
    backend.register_queries([stored_query("claim:1", "The NHS waiting list fell to 7.21 million")])
    backend.rebuild([[NHS]])
    assert backend.percolate([NHS]) == {1: ["claim:1"]}
    backend.reset()
    assert backend.percolate([NHS]) == {1: []}


@pytest.mark.elasticsearch
def test_both_backends_match_the_same_claims_and_an_ordinary_article_wakes_few(use_backend):
    """2,000 fact-checked claims on every subject (CheckThat! 2020): the same few match on both backends."""
    path = SHARED / "data/checkthat2020/task2-claim-retrieval/verified_claims.docs.tsv"
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))[1:2001]
    queries = [q for row in rows if (q := stored_query(f"vclaim:{row[0]}", row[1]))]
    articles = [
        NHS,
        BINS,
        IndexableDocument(
            id=3,
            title="Trump wins Wisconsin",
            body="Donald Trump won the state of Wisconsin by about 23,000 votes in the 2016 election, "
            "state election officials said.",
        ),
    ]
    found = {}
    for name in ("embedded", "elasticsearch"):
        backend = use_backend(name)
        backend.register_queries(queries)
        found[name] = backend.percolate(articles)
    reset_backend_cache()
    assert found["embedded"] == found["elasticsearch"]
    assert found["embedded"][3], "the election article matches the claims about that election"
    assert all(len(keys) <= 20 for keys in found["embedded"].values()), found["embedded"]
    assert get_backend() is not None


@pytest.mark.elasticsearch
def test_a_worker_that_loses_the_race_to_create_the_query_index_uses_the_kind_the_winner_made(
    use_backend, monkeypatch
):
    from search.backends import es_percolator

    backend = use_backend("elasticsearch")
    client, index = backend.client, backend.query_index
    client.indices.delete(index=index, ignore_unavailable=True)
    # Another worker made the index a moment ago, as the other kind (stored queries for terms_set) ...
    client.indices.create(index=index, mappings=es_percolator.TERMS_SET_MAPPINGS)
    es_percolator._uses_percolator.clear()
    # ... after this worker looked and saw none.
    monkeypatch.setattr(client.indices, "exists", lambda **_kwargs: False)

    assert es_percolator.ensure_query_index(client, index) is False
    monkeypatch.undo()
    backend.register_queries(
        [stored_query("claim:1", "The NHS waiting list fell to 7.21 million in September")]
    )
    assert backend.percolate([NHS]) == {1: ["claim:1"]}
