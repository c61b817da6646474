"""Evidence passages end at real sentence ends: never at a title, an abbreviation, initials or a decimal."""

from itertools import pairwise

import pytest

from search.passages import best_passage, sentence_spans


def sentences(text):
    return [text[start:end] for start, end in sentence_spans(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Strikes went on. The coalition against Daesh, Lt. Gen. Pat White said on Friday. It rained.",
            [
                "Strikes went on.",
                "The coalition against Daesh, Lt. Gen. Pat White said on Friday.",
                "It rained.",
            ],
        ),
        (
            "Dr. Ana Ruiz met Mr. Jones in May. They talked.",
            ["Dr. Ana Ruiz met Mr. Jones in May.", "They talked."],
        ),
        ("The U.S. Army left Iraq. It came back.", ["The U.S. Army left Iraq.", "It came back."]),
        ("It is item No. 5 on the list. Next.", ["It is item No. 5 on the list.", "Next."]),
        ("Some costs, e.g. Rent, rose. Others fell.", ["Some costs, e.g. Rent, rose.", "Others fell."]),
        ("J. Smith said so. He left.", ["J. Smith said so.", "He left."]),
        ("Growth was 3.5 percent in May. It fell.", ["Growth was 3.5 percent in May.", "It fell."]),
        ("It was on Jan. 5 at 3 p.m. The rain came.", ["It was on Jan. 5 at 3 p.m.", "The rain came."]),
    ],
)
def test_abbreviations_initials_and_decimals_never_end_a_sentence(text, expected):
    assert sentences(text) == expected


def test_real_sentence_ends_still_split():
    text = 'Why? Nobody knew! He said: "We won." Then he left for the U.S. The talks ended.'
    assert sentences(text) == [
        "Why?",
        "Nobody knew!",
        'He said: "We won."',
        "Then he left for the U.S.",
        "The talks ended.",
    ]


def test_lines_split_at_headings_and_paragraphs_but_not_inside_a_wrapped_sentence():
    text = "Coalition briefing\nThe commander of the coalition against Daesh,\nLt. Gen. Pat White said so.\n\nNew point."
    assert sentences(text) == [
        "Coalition briefing",
        "The commander of the coalition against Daesh,\nLt. Gen. Pat White said so.",
        "New point.",
    ]


def test_offsets_point_into_the_text_without_surrounding_whitespace():
    text = "  First one.   Second one.  "
    assert [text[s:e] for s, e in sentence_spans(text)] == ["First one.", "Second one."]


def test_the_best_passage_is_the_whole_matching_sentence():
    body = "Strikes went on. The coalition against Daesh, Lt. Gen. Pat White said on Friday. It rained."
    start, end, highlights = best_passage(body, "What did Pat White say about the coalition?")
    assert body[start:end] == "The coalition against Daesh, Lt. Gen. Pat White said on Friday."
    assert {body[start:end][s:e] for s, e in highlights} >= {"Pat", "White", "coalition"}


def test_passages_are_paragraphs_joined_up_to_a_window_and_cover_the_whole_body():
    from search.passages import PASSAGE_CHARS, passage_spans

    paragraphs = [f"Paragraph {n} says the council met on Tuesday and agreed the budget." for n in range(30)]
    body = "\n\n".join(paragraphs)
    spans = passage_spans(body)
    assert len(spans) > 1
    assert all(end - start <= PASSAGE_CHARS for start, end in spans)
    # every paragraph is in exactly one passage, whole
    for paragraph in paragraphs:
        assert sum(paragraph in body[start:end] for start, end in spans) == 1
    assert spans == tuple(sorted(spans)) and all(a[1] < b[0] for a, b in pairwise(spans))


def test_a_long_paragraph_is_cut_between_sentences_never_at_an_abbreviation():
    from search.passages import passage_spans

    sentence = "Lt. Gen. Pat White told reporters the U.S. Army would stay for No. 5 brigade's rotation. "
    body = sentence * 20
    for start, end in passage_spans(body):
        text = body[start:end]
        assert text.startswith("Lt. Gen.") and text.endswith("rotation.")


def test_an_empty_body_has_no_passages():
    from search.passages import passage_spans

    assert passage_spans("") == () and passage_spans(" \n\n ") == ()
