"""The database: the fast row insert keeps values and row order (COPY on PostgreSQL); SQLite takes writers."""

import os
import subprocess
import sys

from django.db import transaction
from django.utils import timezone

from claims.models import EvidenceCandidate
from tests.factories import ClaimFactory, DocumentFactory
from tests.paths import ROOT
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


SQLITE_WRITERS = """
import threading
import django
django.setup()
from django.core.management import call_command
from django.db import connection, transaction
call_command("migrate", verbosity=0)
from search.models import Source
mode = connection.cursor().execute("PRAGMA journal_mode").fetchone()[0]
errors = []
def write(n):
    try:
        for i in range(20):
            with transaction.atomic():
                Source.objects.create(name=f"writer {n} source {i}")
    except Exception as exc:
        errors.append(repr(exc))
threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
[t.start() for t in threads]
[t.join() for t in threads]
print(mode, Source.objects.filter(name__startswith="writer").count(), errors)
"""


def test_the_demo_database_takes_concurrent_writers_without_database_is_locked(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SQLITE_WRITERS],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DJANGO_SETTINGS_MODULE": "workbench.settings.base",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
            "CELERY_BROKER_URL": "",
            "ELASTICSEARCH_URL": "",
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split()[:2] == ["wal", "80"], result.stdout + result.stderr[-2000:]
    assert result.stdout.strip().endswith("[]")
