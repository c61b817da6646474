"""manage.py suggest_stance, run as the benchmark and a fact-checker would run it."""

import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from tests.paths import ROOT


def run(path, capsys):
    call_command("suggest_stance", str(path))
    return capsys.readouterr().out.splitlines()


def test_prints_a_stance_and_a_four_decimal_confidence_for_every_pair(tmp_path, capsys):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(
        "pair_id\tclaim\tpassage\tlabel\n"
        "7-0\tThere were 108 attacks in April.\tPolice counted 108 attacks in April.\tSUPPORTS\n"
        "7-1\tThere were 108 attacks in April.\tThe recipe needs two eggs.\n",
        encoding="utf-8",
    )
    rows = [line.split("\t") for line in run(pairs, capsys)]
    assert [row[0] for row in rows] == ["7-0", "7-1"]
    for _, stance, confidence in rows:
        assert stance in {"supports", "refutes", "neither"}
        assert len(confidence.split(".")[1]) == 4 and 0 <= float(confidence) <= 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"pair_id\tclaim\tpassage\n", "is empty"),
        (b"1-0\tclaim\tpassage\n1-1\tonly a claim\n", "line 2: expected pair_id, claim and passage"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "line 1"),
        (b"1-0\tclaim\t\xff\xfe passage\n", "not UTF-8"),
    ],
)
def test_bad_input_is_an_error_naming_the_line(tmp_path, content, message):
    pairs = tmp_path / "pairs.tsv"
    pairs.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("suggest_stance", str(pairs))


def test_a_missing_file_is_an_error_not_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "suggest_stance", str(tmp_path / "missing.tsv")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "SEARCH_EMBEDDINGS": "0"},
    )
    assert result.returncode != 0
    assert "Cannot read" in result.stderr and "missing.tsv" in result.stderr
    assert "Traceback" not in result.stderr
