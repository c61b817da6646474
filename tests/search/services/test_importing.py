"""Importing documents from files: a re-run never duplicates, bad rows are reported, and the result is searchable."""

import json

import pytest
from django.core.management import CommandError, call_command

from search import readers
from search.backends import EvidenceQuery, SearchUnavailable
from search.models import Document, Source
from search.services import importing

VCLAIMS = (
    "\tvclaim\ttitle\n"
    "0\t122 detainees released from Guantanamo Bay under President Obama have re-engaged in terrorism.\t"
    "Did 122 Prisoners Released from Guantanamo by President Obama Return to the Battlefield?\n"
    "1\t70 per cent of the persons arrested during protests in Charlotte had out-of-state IDs.\t"
    "70% of Arrested Charlotte Protesters Are Out-of-State Criminals\n"
    '2\t"A ""large-scale killing"" of white farmers is taking place\nin South Africa."\t'
    "Is a ‘Large-Scale Killing’ of White Farmers Underway in South Africa?\n"
)


@pytest.fixture
def vclaims(tmp_path):
    path = tmp_path / "verified_claims.docs.tsv"
    path.write_text(VCLAIMS, encoding="utf-8")
    return path


def import_file(path, *args):
    from io import StringIO

    out = StringIO()
    call_command("import_documents", str(path), *args, "--no-progress", stdout=out)
    return out.getvalue()


def test_checkthat_verified_claims_import_as_searchable_fact_checks(backend, vclaims):
    output = import_file(vclaims, "--source", "Snopes", "--format", "checkthat-vclaims")

    source = Source.objects.get(name="Snopes")
    assert source.kind == "fact_checker"
    assert "3 created" in output and "0 failed" in output
    farmers = Document.objects.get(source=source, external_key="2")
    assert farmers.title.startswith("Is a ‘Large-Scale Killing’")
    assert farmers.body == 'A "large-scale killing" of white farmers is taking place\nin South Africa.'
    hits = backend.search(EvidenceQuery(text="white farmers killed in South Africa", size=3))
    assert hits and hits[0].document_id == farmers.id


def test_re_importing_the_same_file_creates_no_duplicates(backend, vclaims):
    import_file(vclaims, "--source", "Snopes", "--format", "checkthat-vclaims")
    urls = set(Document.objects.values_list("url", flat=True))

    output = import_file(vclaims, "--source", "Snopes", "--format", "checkthat-vclaims")

    assert "0 created" in output and "3 unchanged" in output
    assert set(Document.objects.values_list("url", flat=True)) == urls
    assert backend.count() == 3


def test_a_changed_row_updates_its_document_and_the_index(backend, vclaims, tmp_path):
    import_file(vclaims, "--source", "Snopes", "--format", "checkthat-vclaims")
    changed = tmp_path / "changed.tsv"
    changed.write_text(VCLAIMS.replace("out-of-state IDs", "out-of-state driving licences"), encoding="utf-8")

    output = import_file(changed, "--source", "Snopes", "--format", "checkthat-vclaims")

    assert "1 updated" in output and "2 unchanged" in output
    assert Document.objects.count() == 3
    hits = backend.search(EvidenceQuery(text="Charlotte protesters driving licences", size=1))
    assert Document.objects.get(id=hits[0].document_id).external_key == "1"


def test_jsonl_rows_use_their_url_and_bad_rows_are_reported_by_line(db, embedded_backend, tmp_path):
    rows = [
        {
            "url": "https://stats.example.org/march",
            "title": "Jobs",
            "body": "Unemployment fell to 3.9%.",
            "published_at": "2020-04-02",
        },
        "{not json",
        {"url": "https://stats.example.org/empty", "title": "", "body": ""},
        {
            "url": "https://stats.example.org/bad-date",
            "title": "Wages",
            "body": "Wages rose.",
            "published_at": "last week",
        },
        {"external_key": "note-7", "title": "Prices", "body": "Prices rose 2% in May."},
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in rows), encoding="utf-8")

    report = importing.documents_import(path=path, source_name="Stats Office", fmt="jsonl", kind="statistics")

    assert (report.created, report.read) == (2, 5)
    assert [line for line, _ in report.failed] == [2, 3, 4]
    assert "last week" in report.failed[2][1]
    march = Document.objects.get(url="https://stats.example.org/march")
    assert march.published_at.date().isoformat() == "2020-04-02"
    assert Source.objects.get(name="Stats Office").kind == "statistics"
    note = Document.objects.get(external_key="note-7")
    assert note.url == readers.synthetic_url(source_name="Stats Office", key="note-7")


def test_csv_with_a_header_row_imports_and_repeated_rows_count_as_duplicates(db, embedded_backend, tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text(
        "url,title,body\n"
        "https://news.example.org/a,Budget,Parliament approved the budget.\n"
        "https://news.example.org/a,Budget,Parliament approved the budget.\n"
        "https://news.example.org/b,Vote,The vote was close.\n",
        encoding="utf-8",
    )

    report = importing.documents_import(path=path, source_name="Daily", fmt="csv")

    assert (report.created, report.duplicates, report.failed) == (2, 1, [])
    assert Document.objects.filter(source__name="Daily").count() == 2


def test_when_search_is_down_documents_are_kept_and_the_command_says_so(
    db, embedded_backend, vclaims, monkeypatch
):
    def down(documents):
        raise SearchUnavailable("Elasticsearch did not answer")

    monkeypatch.setattr(embedded_backend, "index_documents", down)

    with pytest.raises(CommandError, match="3 documents are saved but not searchable yet"):
        import_file(vclaims, "--source", "Snopes", "--format", "checkthat-vclaims")

    assert Document.objects.count() == 3
    assert Document.objects.needing_index().count() == 3


def test_a_binary_file_is_a_clear_error_that_says_what_was_saved(db, embedded_backend, tmp_path):
    import re

    path = tmp_path / "docs.jsonl"
    good = "".join(
        json.dumps({"url": f"https://news.example.org/{i}", "body": f"Row {i}."}) + "\n" for i in range(1200)
    )
    path.write_bytes(good.encode() + bytes(range(128, 256)) * 20)

    with pytest.raises(CommandError, match="not UTF-8 text") as error:
        import_file(path, "--source", "Daily")

    saved = int(re.search(r"the (\d+) documents before it are saved", str(error.value)).group(1))
    assert saved >= 1000
    assert Document.objects.filter(source__name="Daily").count() == saved


def test_an_unknown_format_or_missing_file_is_a_clear_error(db, vclaims):
    with pytest.raises(CommandError):
        call_command("import_documents", str(vclaims) + ".missing", "--source", "Snopes", "--no-progress")
    with pytest.raises(importing.ImportFormatError, match="Unknown format"):
        importing.documents_import(path=vclaims, source_name="Snopes", fmt="xml")


def test_an_import_in_many_chunks_indexes_every_chunk_and_marks_it_indexed(backend, vclaims):
    report = importing.documents_import(
        path=vclaims, source_name="Snopes", fmt="checkthat-vclaims", chunk_size=1
    )

    assert (report.created, report.indexed, report.not_indexed) == (3, 3, 0)
    assert backend.count() == 3
    assert Document.objects.needing_index().count() == 0


def test_search_failing_part_way_keeps_every_row_and_leaves_the_rest_for_the_sweeper(
    backend, vclaims, monkeypatch
):
    calls = []
    real = backend.index_documents if backend.name == "embedded" else backend._bulk
    name = "index_documents" if backend.name == "embedded" else "_bulk"

    def first_chunk_only(documents, **kwargs):
        calls.append(1)
        if len(calls) > 1:
            from elasticsearch import ConnectionError as ESConnectionError

            raise SearchUnavailable("down") if backend.name == "embedded" else ESConnectionError("down")
        return real(documents, **kwargs)

    monkeypatch.setattr(backend, name, first_chunk_only)

    report = importing.documents_import(
        path=vclaims, source_name="Snopes", fmt="checkthat-vclaims", chunk_size=1
    )

    assert report.created == 3
    assert Document.objects.count() == 3
    assert (report.indexed, report.not_indexed) == (1, 2)
    assert report.index_error
    assert Document.objects.needing_index().count() == 2


def test_a_document_listed_again_later_in_the_file_is_indexed_as_its_last_version(
    backend, tmp_path, monkeypatch, settings
):
    settings.SEARCH_EMBEDDINGS = False  # loading the model would hold the import back and hide a race
    rows = [
        {
            "url": "https://news.example.org/tariffs",
            "title": "Tariffs",
            "body": "The old tariff on steel was 25 percent.",
        },
        {"url": "https://news.example.org/other", "title": "Harbour", "body": "The harbour reopened in May."},
        {
            "url": "https://news.example.org/tariffs",
            "title": "Tariffs",
            "body": "Subsidies for farmers doubled.",
        },
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")
    if backend.name == "elasticsearch":
        # The first version's bulk request is held back until the later version's is done (or 2 s have passed,
        # when the later one is rightly kept waiting): the later version must be the one left in the index.
        import threading

        real, later_version_indexed = backend._bulk, threading.Event()

        def first_version_last(documents, **kwargs):
            if any("old tariff" in d.body for d in documents):
                later_version_indexed.wait(timeout=2)
                return real(documents, **kwargs)
            result = real(documents, **kwargs)
            if any("Subsidies" in d.body for d in documents):
                later_version_indexed.set()
            return result

        monkeypatch.setattr(backend, "_bulk", first_version_last)

    report = importing.documents_import(path=path, source_name="Daily", fmt="jsonl", chunk_size=1)

    assert (report.created, report.updated, report.duplicates) == (2, 1, 1)
    tariffs = Document.objects.get(url="https://news.example.org/tariffs")
    assert tariffs.body == "Subsidies for farmers doubled."
    hits = {
        h.document_id: h
        for h in backend.search(EvidenceQuery(text="tariffs steel subsidies farmers", size=3))
    }
    assert hits[tariffs.id].passage == "Subsidies for farmers doubled."


def test_hostile_rows_are_reported_by_line_and_the_rest_imported(db, embedded_backend, tmp_path):
    rows = [
        {
            "url": "javascript:alert(1)",
            "title": "<script>alert(1)</script>",
            "body": "A link that runs code.",
        },
        {
            "url": "https://news.example.org/" + "a" * 1000,
            "title": "Too long",
            "body": "An address past 1000 characters.",
        },
        {"url": "https://news.example.org/nul", "title": "Nul\u0000", "body": "Before\u0000after the NUL."},
        {
            "url": "https://news.example.org/ok",
            "title": "<b>Budget</b>",
            "body": "Parliament approved the budget.",
        },
    ]
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(json.dumps(row) for row in rows), encoding="utf-8")

    report = importing.documents_import(path=path, source_name="Daily", fmt="jsonl")

    assert [line for line, _ in report.failed] == [1, 2]
    assert "http(s)" in report.failed[0][1]
    assert report.created == 2
    assert Document.objects.get(url="https://news.example.org/nul").body == "Beforeafter the NUL."
    assert (
        Document.objects.get(url="https://news.example.org/ok").title == "<b>Budget</b>"
    )  # kept as text; pages escape it
