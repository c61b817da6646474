"""One contract, every backend: what a fact-checker relies on when evidence is searched."""

from datetime import timedelta

import pytest
from django.utils import timezone

from search.backends import EvidenceQuery, IndexableDocument

NOW = timezone.now()


def doc(id, title, body, **kw):
    return IndexableDocument(
        id=id, title=title, body=body, url=kw.pop("url", f"https://example.org/{id}"), **kw
    )


CORPUS = [
    doc(
        1,
        "Unemployment falls",
        "The statistics office said unemployment fell to 3.9% in March. Wages rose slightly.",
        reliability=0.9,
        source_kind="statistics",
    ),
    doc(
        2,
        "Football results",
        "The home team won the cup final on Saturday after extra time.",
        reliability=0.9,
    ),
    doc(
        3,
        "Militants attack villages",
        "Daesh militants carried out 108 attacks in Iraq in April, officials said.",
        reliability=0.8,
    ),
    doc(
        4,
        "Attack statistics",
        "Officials counted attacks by militants across rural Iraq during April.",
        reliability=0.2,
    ),
]


@pytest.fixture
def indexed(backend):
    result = backend.index_documents(CORPUS)
    assert result.indexed == len(CORPUS) and not result.failed
    backend.refresh()
    return backend


def test_search_finds_the_corroborating_document_first(indexed):
    hits = indexed.search(EvidenceQuery(text="Unemployment fell to 3.9 percent in March", size=3))
    assert hits[0].document_id == 1
    assert 2 not in [h.document_id for h in hits]


def test_hits_carry_a_passage_with_offsets_and_highlights(indexed):
    hit = indexed.search(
        EvidenceQuery(text="How many attacks did Daesh militants carry out in April?", size=1)
    )[0]
    body = CORPUS[hit.document_id - 1].body
    assert body[hit.passage_start : hit.passage_end] == hit.passage
    marked = {hit.passage[s:e].lower() for s, e in hit.highlights}
    assert {"attacks", "militants"} & marked


def test_a_passage_is_not_cut_at_an_abbreviation(backend):
    filler = "Aid agencies asked for a pause so that food and medicine could reach the families still there. "
    target = (
        "Strikes will go on until the city is retaken, the commander of "
        "the coalition against Daesh, Lt. Gen. Pat White said on Friday."
    )
    body = filler * 5 + target + " " + filler * 5  # one paragraph, longer than a passage: cut into windows
    backend.index_documents([doc(30, "Coalition briefing", body)])
    backend.refresh()
    hit = backend.search(EvidenceQuery(text="Lt. Gen. Pat White said the coalition against Daesh", size=1))[0]
    assert hit.document_id == 30
    assert target in hit.passage
    assert len(hit.passage) < len(body)
    assert hit.passage.startswith(("Strikes will go on", "Aid agencies"))
    assert body[hit.passage_start : hit.passage_end] == hit.passage


def test_stemming_matches_other_word_forms(indexed):
    hits = indexed.search(EvidenceQuery(text="militant attacking", size=5))
    assert {3, 4} <= {h.document_id for h in hits}


def test_reliable_sources_rank_above_unreliable_ones_for_the_same_match(backend):
    backend.index_documents(
        [
            doc(10, "Report", "Inflation reached 7 percent in June.", reliability=0.1),
            doc(11, "Report", "Inflation reached 7 percent in June.", reliability=1.0),
        ]
    )
    backend.refresh()
    hits = backend.search(EvidenceQuery(text="inflation reached 7 percent in June", size=2))
    assert [h.document_id for h in hits] == [11, 10]


def test_excluded_urls_never_come_back(indexed):
    hits = indexed.search(
        EvidenceQuery(text="Daesh attacks in Iraq", size=5, exclude_urls=("https://example.org/3",))
    )
    assert 3 not in [h.document_id for h in hits]


def test_date_window_prefers_documents_near_the_article_date(backend):
    backend.index_documents(
        [
            doc(
                20, "Budget vote", "Parliament approved the budget.", published_at=NOW - timedelta(days=2000)
            ),
            doc(21, "Budget vote", "Parliament approved the budget.", published_at=NOW - timedelta(days=3)),
        ]
    )
    backend.refresh()
    hits = backend.search(
        EvidenceQuery(text="parliament approved the budget", size=2, around_date=NOW, date_window_days=30)
    )
    assert [h.document_id for h in hits] == [21, 20]


def test_multi_search_answers_each_query_in_order(indexed):
    results = indexed.multi_search(
        [
            EvidenceQuery(text="unemployment March", size=2),
            EvidenceQuery(text="cup final extra time", size=2),
            EvidenceQuery(text="zzzz qqqq", size=2),
        ]
    )
    assert results[0][0].document_id == 1
    assert results[1][0].document_id == 2
    assert results[2] == []


def test_a_document_search_finds_the_same_documents_without_passages(indexed):
    from dataclasses import replace

    query = EvidenceQuery(text="unemployment attacks March", size=5)
    with_passages, without = indexed.multi_search([query, replace(query, passages=False)])
    assert {h.document_id for h in without} == {h.document_id for h in with_passages}
    assert all(h.passages and h.passages[0].text == h.passage for h in with_passages)
    assert not any(h.passage or h.highlights or h.passages for h in without)


def test_a_long_report_is_found_by_a_passage_far_into_it(backend):
    paragraphs = [
        f"Section {n}. The council reviewed library opening hours, park maintenance and road resurfacing."
        for n in range(60)
    ]
    paragraphs[47] = (
        "Section 47. Knife crime offences in the county rose by 12% to 1,204 in the year to March."
    )
    body = "\n\n".join(paragraphs)
    backend.index_documents([doc(40, "Annual council report", body), *CORPUS])
    backend.refresh()
    hit = backend.search(EvidenceQuery(text="knife crime offences rose 12% in the county", size=3))[0]
    assert hit.document_id == 40
    assert hit.passage_start > 2000
    assert "Knife crime offences in the county rose by 12%" in hit.passage
    assert body[hit.passage_start : hit.passage_end] == hit.passage
    marked = {hit.passage[s:e].lower() for s, e in hit.highlights}
    assert {"knife", "crime"} <= marked


def test_the_best_passages_of_a_document_are_shown_best_first(backend):
    body = "\n\n".join(
        [
            "The bridge opened in 1932 and carries four lanes of traffic.",
            "Flooding closed the bridge for three days in February after the river rose two metres.",
            "The ferry service stopped in 1950.",
            "Engineers said the February flooding left the bridge deck undamaged after the river rose.",
        ]
        * 3
    )
    backend.index_documents([doc(41, "The bridge", body)])
    backend.refresh()
    hit = backend.search(EvidenceQuery(text="river flooding closed the bridge in February", size=1))[0]
    assert len(hit.passages) >= 1
    assert hit.passages[0].text == hit.passage
    assert [p.score for p in hit.passages] == sorted((p.score for p in hit.passages), reverse=True)
    assert all(body[p.start : p.end] == p.text for p in hit.passages)
    assert "Flooding closed the bridge" in hit.passage


def test_deleted_documents_disappear(indexed):
    indexed.delete_documents([1])
    indexed.refresh()
    assert 1 not in [h.document_id for h in indexed.search(EvidenceQuery(text="unemployment", size=5))]
    assert indexed.count() == len(CORPUS) - 1


def test_reindexing_a_document_replaces_it(indexed):
    indexed.index_documents([doc(2, "Football results", "The away team won the league.")])
    indexed.refresh()
    assert indexed.count() == len(CORPUS)
    assert indexed.search(EvidenceQuery(text="away team league", size=1))[0].document_id == 2


def test_rebuild_swaps_to_a_new_index_and_keeps_answering(indexed):
    before = indexed.search(EvidenceQuery(text="unemployment", size=1))
    name = indexed.rebuild(iter([CORPUS[:2], CORPUS[2:]]))
    assert name.startswith(indexed.alias)
    assert indexed.count() == len(CORPUS)
    assert indexed.search(EvidenceQuery(text="unemployment", size=1))[0].document_id == before[0].document_id


def test_source_kind_filter(indexed):
    hits = indexed.search(EvidenceQuery(text="unemployment attacks", size=5, source_kinds=("statistics",)))
    assert [h.document_id for h in hits] == [1]


def test_reset_empties_the_index_and_health_says_ok(indexed):
    indexed.reset()
    assert indexed.count() == 0
    assert indexed.health()["ok"] is True
