"""Imported JSON nested thousands of levels deep is reported as a failed item, not a crash of the import."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from search.models import Document

DEEP = "[" * 100_000 + "]" * 100_000  # json.loads raised RecursionError on it, and the import stopped


def _run(command, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out, stderr=out)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, text",
    [("deep.json", DEEP), ("deep.html", f'<html><script type="application/ld+json">{DEEP}</script></html>')],
)
def test_a_claimreview_file_nested_too_deep_is_reported_not_a_crash(tmp_path, embedded_backend, name, text):
    path = tmp_path / name
    path.write_text(text)
    output = _run("import_claimreview", str(path))
    assert "1 not imported" in output and "JSON nested too deep to read" in output


def test_a_document_row_nested_too_deep_is_reported_by_line_and_the_others_are_saved(
    tmp_path, embedded_backend
):
    good = {"title": "Trade figures", "body": "Exports rose.", "url": "https://stats.example.org/1"}
    path = tmp_path / "documents.jsonl"
    path.write_text(json.dumps(good) + "\n" + DEEP + "\n")
    output = _run("import_documents", str(path), "--source", "Statistics", "--no-progress")
    assert "1 created" in output and "1 failed" in output and "JSON nested too deep to read" in output
    assert Document.objects.get().title == "Trade figures"
