"""Every reason quotes the words that triggered it, and those words carry the feature the reason names."""

import json
import re

import pytest

from claims.extraction import extract, score_sentence
from claims.extraction.features import feature_by_code
from tests.paths import ROOT

CLAIMS_SET = sorted((ROOT / "tests" / "data" / "claims").glob("*.json"))
# Reasons about the whole sentence or its surroundings quote nothing.
WHOLE_SENTENCE = {"length", "meaning", "context_figures", "moderator"}


def assert_reasons_quote_the_claim(claim: str, reasons) -> None:
    for reason in reasons:
        code, match = reason["code"], reason["match"]
        if code in WHOLE_SENTENCE:
            assert match == "", (code, match)
            continue
        if code == "attribution" and not match:
            continue  # the source is named outside the claim (a reported clause)
        quoted = match.split(", ") if code in ("named_entity", "wording") else [match]
        for words in quoted:
            assert words and words in claim, (code, words, claim)
            if code == "named_entity":
                assert re.match(r"[A-Z]", words), (code, words)
            elif code not in ("wording", "attribution", "fragment"):
                assert feature_by_code(code).pattern.search(words), (code, words)


def extractions():
    from tests.paths import SEED_ARTICLE

    yield "seed", extract(SEED_ARTICLE.read_text(encoding="utf-8"))
    for path in CLAIMS_SET:
        article = json.loads(path.read_text(encoding="utf-8"))
        yield path.stem, extract(article["text"], html=False)


def test_every_reason_of_every_sentence_quotes_words_of_its_claim():
    checked = 0
    for _name, extraction in extractions():
        for sentence in extraction.sentences:
            assert_reasons_quote_the_claim(sentence.claim, sentence.reasons)
            checked += len(sentence.reasons)
    assert checked > 1000


@pytest.mark.parametrize(
    "text, code, wrong",
    [
        ("The programme began in 2007 in Leeds.", "statistic", "began in 2007"),
        ("Waiting lists in Greater Manchester grew by 12,000.", "named_entity", "Greater, Manchester"),
    ],
)
def test_the_cases_the_tester_found_quote_the_right_words(text, code, wrong):
    _, reasons = score_sentence(text)
    by_code = {reason["code"]: reason for reason in reasons}
    assert by_code.get(code, {}).get("match") != wrong
    assert_reasons_quote_the_claim(text, reasons)


def test_a_name_of_several_words_is_quoted_whole():
    _, reasons = score_sentence("Waiting lists in Greater Manchester grew by 12,000 last year.")
    names = {reason["code"]: reason["match"] for reason in reasons}["named_entity"]
    assert names == "Greater Manchester"


def test_a_rank_before_a_name_is_not_a_name_and_the_name_after_it_is():
    _, reasons = score_sentence(
        "This report comes a month after Lt. Gen. Pat White, commander of CJTF-OIR, cited data on Daesh."
    )
    names = {reason["code"]: reason["match"] for reason in reasons}["named_entity"]
    assert names == "Pat White, CJTF, OIR"  # was "Lt, White, CJTF"


def test_a_possessive_ends_a_name():
    _, reasons = score_sentence(
        "Just weeks prior to Iraq’s COVID-19 outbreak, US President Donald Trump threatened Baghdad."
    )
    names = {reason["code"]: reason["match"] for reason in reasons}["named_entity"]
    assert names == "Iraq’s, COVID, US"  # was "Iraq’s COVID, US, Donald Trump"


def test_figures_in_the_sentences_around_it_are_a_reason_without_a_placeholder_quote():
    _, reasons = score_sentence(
        "That is the highest level in a decade.", context="Debt reached 120% of GDP in 2021."
    )
    context = {reason["code"]: reason for reason in reasons}["context_figures"]
    assert context["match"] == "" and context["label"] == "Sentences around it give figures"
