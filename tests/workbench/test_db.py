"""The fast row insert keeps every value, JSON included, and returns ids in row order (COPY on PostgreSQL)."""

from django.db import transaction
from django.utils import timezone

from claims.models import EvidenceCandidate
from tests.factories import ClaimFactory, DocumentFactory
from workbench.db import insert_rows


def test_inserted_rows_read_back_with_their_ids_in_order(db):
    claim = ClaimFactory()
    documents = DocumentFactory.create_batch(3)
    query = {"text": "unemployment fell to 3.5 percent", "numbers": ["3.5"], "note": 'quote " and tab\t'}
    rows = [
        {
            "claim_id": claim.id,
            "document_id": document.id,
            "rank": rank,
            "score": 1.5 / rank,
            "passage": f"Passage {rank}: 'quoted', back\\slash, new\nline, ünïcode",
            "passage_start": 10 * rank,
            "passage_end": 10 * rank + 5,
            "highlights": [[0, 7], [12, 20]] if rank == 1 else [],
            "query": query,
        }
        for rank, document in enumerate(documents, start=1)
    ]
    found_at = timezone.now()

    with transaction.atomic():
        ids = insert_rows(EvidenceCandidate, rows, common={"found_at": found_at})

    saved = EvidenceCandidate.objects.in_bulk(ids)
    assert len(ids) == len(set(ids)) == 3
    for pk, row in zip(ids, rows, strict=True):
        candidate = saved[pk]
        assert {name: getattr(candidate, name) for name in row} == row
        assert candidate.found_at == found_at
    assert insert_rows(EvidenceCandidate, []) == []


def test_any_of_finds_the_rows_whose_value_is_in_a_long_list(db):
    from search.models import Document

    documents = DocumentFactory.create_batch(4)
    urls = [d.url for d in documents[:3]] + [f"https://elsewhere.example.org/{i}" for i in range(600)]

    assert set(Document.objects.filter(url__any_of=urls)) == set(documents[:3])
    assert list(Document.objects.filter(url__any_of=[])) == []
    marked = Document.objects.filter(id__any_of=[documents[0].id, documents[3].id]).update(language="fr")
    assert marked == 2
    assert sorted(Document.objects.filter(language="fr").values_list("id", flat=True)) == sorted(
        [documents[0].id, documents[3].id]
    )
