"""Claims that stand alone: "he" and "the report" filled in from the article, marked, the wording kept."""

import pytest

from claims.extraction import context

SAID = "He said that the government had built 40 new hospitals since 2019"


def shown(segments):
    return "".join(f"[{part['text']}]" if "replaces" in part else part["text"] for part in segments)


def test_a_pronoun_is_replaced_by_the_name_it_refers_to():
    segments = context.standalone(SAID, context.resolution("Daniel Reeve", "He"))
    assert shown(segments) == "[Daniel Reeve] said that the government had built 40 new hospitals since 2019"
    assert segments[0] == {"text": "Daniel Reeve", "replaces": "He"}
    assert context.original(segments) == SAID


def test_a_report_is_replaced_by_its_author_and_a_body_at_the_start_is_capitalised():
    report = "Waiting times have doubled since 2010, according to the report."
    segments = context.standalone(report, context.resolution("the Kings Fund", "the report"))
    assert shown(segments) == "Waiting times have doubled since 2010, according to [the Kings Fund]."
    motion = "The motion declared the request no longer valid."
    segments = context.standalone(motion, context.resolution("the Iraqi parliament", "The motion"))
    assert shown(segments) == "[The Iraqi parliament] declared the request no longer valid."


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Lt. Gen. Pat White", "White"),
        ("Daniel Reeve", "Health Secretary Daniel Reeve"),
        ("Daniel Reeve", "Mr Reeve"),
        ("the Kings Fund", "a report by the Kings Fund"),
        ("the finance ministry", "the finance ministry"),
        (None, "the report"),
        ("Lt. Gen. Pat White", None),
    ],
)
def test_nothing_is_filled_in_where_the_words_already_name_the_source_or_nothing_resolved(name, words):
    assert context.resolution(name, words) == []
    assert context.standalone(SAID, context.resolution(name, words)) == []


def test_reworded_text_keeps_the_insertion_where_the_words_still_stand():
    segments = context.standalone(SAID, context.resolution("Daniel Reeve", "He"))
    reworded = context.follow(segments, "Last year he said 40 hospitals had been built")
    assert shown(reworded) == "Last year [Daniel Reeve] said 40 hospitals had been built"
    assert context.follow(segments, "The government built 40 new hospitals since 2019") == []


def test_truncated_for_the_queue_without_cutting_an_insertion():
    segments = context.standalone(SAID, context.resolution("Daniel Reeve", "He"))
    cut = context.truncate(segments, 30)
    assert shown(cut) == "[Daniel Reeve] said that the…"
    assert len(shown(cut)) <= 30
    assert context.truncate(segments, 500) == segments
