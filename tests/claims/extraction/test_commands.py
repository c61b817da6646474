"""The two management commands, run as a fact-checker or a benchmark script would run them."""

import json
import subprocess
import sys

import pytest

from tests.paths import ROOT


def manage(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=120,
    )


@pytest.fixture(scope="module")
def seed_path(seed_raw):
    from .conftest import SEED

    return str(SEED)


def test_extract_claims_prints_title_text_and_claims_with_reasons(seed_path):
    result = manage("extract_claims", seed_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Title: US Questions Iraqi Government’s Readiness")
    assert "Registration was successful" not in out
    assert "some 108 Daesh-related attacks" in out
    assert "Said by: Lt. Gen. Pat White" in out
    assert "+ States a quantity: '108'" in out


def test_extract_claims_json_has_title_text_language_and_claims(seed_path):
    result = manage("extract_claims", seed_path, "--format", "json", "--threshold", "0.8")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"title", "language", "text", "claims"}
    assert data["claims"] and all(claim["score"] >= 0.8 for claim in data["claims"])
    for claim in data["claims"]:
        assert data["text"][claim["start"] : claim["end"]] == claim["text"]
        assert {"text", "start", "end", "score", "type", "reasons", "attribution"} <= set(claim)


def test_extract_claims_reports_empty_input_as_an_error():
    result = manage("extract_claims", "-", stdin="   \n")
    assert result.returncode != 0
    assert "empty" in result.stderr


def test_checkworthiness_scores_every_transcript_line(tmp_path):
    transcript = tmp_path / "debate.tsv"
    transcript.write_text(
        '1\tHOLT\tGood evening from "Hofstra" University.\n'
        "2\tCLINTON\tUnemployment is 5 percent, down from 10 percent in 2009.\t1\n"
        "3\tSYSTEM\t(APPLAUSE)\t0\n",
        encoding="utf-8",
    )
    result = manage("checkworthiness", str(transcript))
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [row[0] for row in rows] == ["1", "2", "3"]
    scores = {row[0]: float(row[1]) for row in rows}
    assert scores["2"] > scores["1"] and scores["2"] > scores["3"]


def test_checkworthiness_refuses_a_malformed_transcript(tmp_path):
    transcript = tmp_path / "bad.tsv"
    transcript.write_text("not a transcript line\n", encoding="utf-8")
    result = manage("checkworthiness", str(transcript))
    assert result.returncode != 0
    assert "expected line_number, speaker and text" in result.stderr
