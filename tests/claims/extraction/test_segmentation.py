"""Sentence segmentation: exact offsets, and no splits at abbreviations, decimals or inside short quotes."""

import pytest

from claims.extraction import split_sentences


def sentences(text):
    spans = split_sentences(text)
    for start, end in spans:
        assert text[start:end] == text[start:end].strip() and text[start:end]
    return [text[start:end] for start, end in spans]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Lt. Gen. Pat White, commander of CJTF-OIR, cited data. He warned of a resurgence.",
            ["Lt. Gen. Pat White, commander of CJTF-OIR, cited data.", "He warned of a resurgence."],
        ),
        (
            "The U.S. economy grew 2.4% in Jan. 2020. The deficit was $3.5 billion.",
            ["The U.S. economy grew 2.4% in Jan. 2020.", "The deficit was $3.5 billion."],
        ),
        (
            "Dr. Smith met Mr. Jones and Maj. Gen. Qasem Soleimani at 5 p.m. on Friday. Then he left.",
            ["Dr. Smith met Mr. Jones and Maj. Gen. Qasem Soleimani at 5 p.m. on Friday.", "Then he left."],
        ),
        ("Troops left the U.S. The rest stayed.", ["Troops left the U.S.", "The rest stayed."]),
        ("John F. Kennedy won in 1960. He was 43.", ["John F. Kennedy won in 1960.", "He was 43."]),
        (
            "It costs €1,250.50 a year, i.e. 3.4 times more. No. 10 agreed.",
            ["It costs €1,250.50 a year, i.e. 3.4 times more.", "No. 10 agreed."],
        ),
        ('"Why?" he asked. Nobody knew.', ['"Why?" he asked.', "Nobody knew."]),
    ],
)
def test_abbreviations_titles_decimals_and_currencies_do_not_end_sentences(text, expected):
    assert sentences(text) == expected


def test_a_quotes_closing_mark_belongs_to_its_sentence():
    text = 'He said: "We will win." Then he left. “Prices doubled,” she said.'
    assert sentences(text) == ['He said: "We will win."', "Then he left.", "“Prices doubled,” she said."]


def test_a_short_multi_sentence_quote_stays_with_its_attribution():
    text = '"We will win. We always win," he said. The crowd cheered.'
    assert sentences(text) == ['"We will win. We always win," he said.', "The crowd cheered."]


def test_a_long_quoted_passage_is_split_into_its_sentences():
    quote = " ".join(f"Sentence number {n} of the speech is here and it is quite long." for n in range(1, 8))
    text = f'The minister said: "{quote}"'
    parts = sentences(text)
    assert len(parts) == 7
    assert parts[0].startswith('The minister said: "Sentence number 1')
    assert parts[-1].endswith('long."')


def test_list_items_are_separate_sentences_without_their_markers():
    text = "The plan has three parts:\n- Cut taxes by 2%\n• Hire 500 nurses\n1. Build 20 schools\n2) Close the mine"
    assert sentences(text) == [
        "The plan has three parts:",
        "Cut taxes by 2%",
        "Hire 500 nurses",
        "Build 20 schools",
        "Close the mine",
    ]


def test_paragraphs_always_end_a_sentence_but_hard_wrapped_lines_do_not():
    text = "Headline without a full stop\n\nThe rate rose to\n4.1% in May. It fell later.\n\nNew paragraph"
    assert sentences(text) == [
        "Headline without a full stop",
        "The rate rose to\n4.1% in May.",
        "It fell later.",
        "New paragraph",
    ]


def test_seed_quote_and_its_attribution_stay_one_sentence(seed_extraction):
    texts = [sentence.text for sentence in seed_extraction.sentences]
    assert (
        '"The type of attacks they are conducting now, which are the majority small arms, rifles, small caliber '
        'mortars and no [vehicle-borne improvised explosive devices]," he told CNN on a May 8 phone call.'
    ) in texts
    assert '"The pure numbers [of attacks] are very consistent with last year, exact same time.”' in texts
    assert any(text.startswith("This report comes nearly a month after Lt. Gen. Pat White") for text in texts)
    assert len(texts) == 20


def test_offsets_index_the_cleaned_text(seed_extraction):
    for sentence in seed_extraction.sentences:
        assert seed_extraction.text[sentence.start : sentence.end] == sentence.text
    starts = [sentence.start for sentence in seed_extraction.sentences]
    assert starts == sorted(starts)


def test_empty_text_has_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []
