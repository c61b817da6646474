"""How fast does the import path index? Documents per second through import_documents, beside raw bulk.

    python bench/indexing_speed.py VCLAIMS.tsv [--limit N] [--embeddings on|off|both] [--database-url URL]

Needs ELASTICSEARCH_URL. The documents are the CheckThat! 2020 verified claims (VCLAIMS.tsv). The
baseline sends the same JSON documents, with the same mapping, through `elasticsearch.helpers.bulk` in
chunks of 500 and refreshes; with embeddings on it also encodes them with the same model first, as the import
does. The workbench side is `manage.py import_documents` end to end: reading, database writes (a fresh
SQLite file, or the scratch database given), encoding, bulk indexing and refresh. Its own index prefix (default bench-indexing).
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import tempfile
import time
from pathlib import Path

from _common import setup_django

SOURCE = "Indexing benchmark"


def read_vclaims(path: Path, limit: int | None) -> list[tuple[str, str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t") if len(r) >= 3 and r[0].strip().isdigit()]
    return [(r[0], r[2], r[1]) for r in rows[:limit]]


def raw_bulk(rows: list[tuple[str, str, str]], *, with_vectors: bool) -> float:
    """Seconds to index the rows with helpers.bulk into a fresh index with the project's mapping."""
    from elasticsearch import helpers

    from search import embeddings
    from search.backends import IndexableDocument, get_backend
    from search.backends.es_mapping import INDEX_MAPPINGS, INDEX_SETTINGS, document_source
    from search.readers import synthetic_url

    backend = get_backend()
    client = backend.client
    index = f"{backend.index_prefix}-raw-baseline"
    client.indices.delete(index=index, ignore_unavailable=True)
    client.indices.create(index=index, settings=INDEX_SETTINGS, mappings=INDEX_MAPPINGS)
    # The same JSON documents the import sends (all fields), built before the clock starts.
    documents = [
        document_source(
            IndexableDocument(
                id=i,
                title=title,
                body=body,
                url=synthetic_url(source_name=SOURCE, key=key),
                source_id=1,
                source_name=SOURCE,
                source_kind="fact_checker",
                external_key=key,
            )
        )
        for i, (key, title, body) in enumerate(rows, start=1)
    ]
    started = time.perf_counter()
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        vectors = (
            embeddings.embed([embeddings.document_text(t, b) for _, t, b in chunk]) if with_vectors else None
        )
        actions = [
            {
                "_index": index,
                "_id": str(start + i + 1),
                "_source": documents[start + i] | ({"embedding": list(vectors[i])} if vectors else {}),
            }
            for i in range(len(chunk))
        ]
        helpers.bulk(client, actions, chunk_size=500)
    client.indices.refresh(index=index)
    elapsed = time.perf_counter() - started
    assert client.count(index=index)["count"] == len(rows)
    client.indices.delete(index=index)
    return elapsed


def workbench_import(path: Path, count: int) -> float:
    from django.core.management import call_command

    from search.backends import get_backend
    from search.models import Document, Source

    backend = get_backend()
    backend.reset()
    Document.objects.all().delete()
    Source.objects.filter(name=SOURCE).delete()
    started = time.perf_counter()
    call_command(
        "import_documents",
        str(path),
        "--source",
        SOURCE,
        "--format",
        "checkthat-vclaims",
        "--no-progress",
        stdout=io.StringIO(),
    )
    elapsed = time.perf_counter() - started
    assert backend.count() == count, (backend.count(), count)
    return elapsed


def workbench_rebuild(count: int) -> float:
    """The index step alone: search_index --rebuild reads the saved documents in chunks and bulk-indexes them."""
    from search.backends import get_backend
    from search.services import search_index_rebuild

    started = time.perf_counter()
    search_index_rebuild()
    elapsed = time.perf_counter() - started
    assert get_backend().count() == count
    return elapsed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("vclaims", type=Path)
    parser.add_argument("--limit", type=int, help="Only the first N documents.")
    parser.add_argument("--embeddings", choices=["on", "off", "both"], default="both")
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="Rounds without embeddings (one with them); the median is reported.",
    )
    parser.add_argument(
        "--database-url",
        help="A scratch database (every document in it is deleted between runs). Default: a fresh SQLite file.",
    )
    args = parser.parse_args(argv)
    if not os.environ.get("ELASTICSEARCH_URL"):
        raise SystemExit("Set ELASTICSEARCH_URL: the baseline is raw Elasticsearch bulk indexing.")

    with tempfile.TemporaryDirectory(prefix="indexing-speed-") as scratch:
        setup_django(
            index_prefix="bench-indexing",
            database_url=args.database_url or f"sqlite:///{scratch}/bench.sqlite3",
        )
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        vendor = connection.vendor

        from search import embeddings

        call_command("migrate", verbosity=0)
        rows = read_vclaims(args.vclaims, args.limit)
        path = Path(scratch) / "documents.tsv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter="\t")
            writer.writerow(["", "vclaim", "title"])
            writer.writerows([key, body, title] for key, title, body in rows)

        modes = {"on": [True], "off": [False], "both": [False, True]}[args.embeddings]
        table = []
        for with_vectors in modes:
            settings.SEARCH_EMBEDDINGS = with_vectors
            embeddings.reset()
            if with_vectors and embeddings.get_encoder() is None:
                print("The embedding model package is not installed: skipping the run with embeddings.")
                continue
            label = "with embeddings" if with_vectors else "BM25 fields only"
            # Rounds interleave the three, so a busy moment on the shared machine hits all of them alike.
            repeat = 1 if with_vectors else max(1, args.repeat)
            rounds = [
                (
                    raw_bulk(rows, with_vectors=with_vectors),
                    workbench_import(path, len(rows)),
                    workbench_rebuild(len(rows)),
                )
                for _ in range(repeat)
            ]
            baseline, ours, rebuilt = (statistics.median(times) for times in zip(*rounds, strict=True))
            table.append((label, len(rows) / baseline, len(rows) / ours, len(rows) / rebuilt))

    print(
        f"\nIndexing {len(rows)} CheckThat! verified claims into Elasticsearch 8.14.1; {os.cpu_count()} CPU cores; "
        f"{vendor} database; median of {max(1, args.repeat)} rounds without embeddings"
    )
    header = f"{'documents':18} {'raw bulk':>9} {'import_documents':>17} {'ratio':>6} {'search_index --rebuild':>23} {'ratio':>6}"
    print(header + "\n" + "-" * len(header))
    for label, raw, ours, rebuilt in table:
        print(f"{label:18} {raw:9.0f} {ours:17.0f} {ours / raw:6.2f} {rebuilt:23.0f} {rebuilt / raw:6.2f}")
    print(
        "\ndocs/s. import_documents: reading the file, database writes, indexing and refresh. --rebuild: reading "
        "the saved documents in chunks, indexing, alias swap. Goal ratio >= 0.9."
    )


if __name__ == "__main__":
    main()
