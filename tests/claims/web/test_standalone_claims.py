"""The queue and the workspace show a claim as it stands alone: what "he" refers to filled in, marked, escaped."""

from django.urls import reverse

from claims.extraction import context
from tests.claims.web.queueing import QUEUE
from tests.factories import ClaimFactory

SAID = "He said that the government had built 40 new hospitals since 2019."
INSERTION = '<ins class="claim-insertion" title="Filled in from the article; the claim says “He”">[Daniel Reeve]</ins>'


def standalone_claim(text=SAID, name="Daniel Reeve", **fields):
    segments = context.standalone(text, context.resolution(name, text.split()[0]))
    return ClaimFactory(text=text, article__text=text, attribution=name, standalone=segments, **fields)


def test_the_queue_shows_the_insertion_in_place_of_the_pronoun(checker_client):
    standalone_claim()
    content = checker_client.get(QUEUE).content.decode()
    assert f"{INSERTION} said that the government had built 40 new hospitals since 2019." in content


def test_the_workspace_shows_the_insertion_and_highlights_the_sentence_as_written(checker_client):
    claim = standalone_claim()
    content = checker_client.get(reverse("claims:claim", args=[claim.id])).content.decode()
    assert f'<blockquote class="claimtext">{INSERTION} said that the government' in content
    assert f'<mark class="claim">{SAID}</mark>' in content


def test_a_reworded_claim_without_the_words_is_shown_as_worded(checker_client):
    claim = standalone_claim()
    claim.text = "The government built 40 new hospitals."
    claim.save()
    for url in (QUEUE, reverse("claims:claim", args=[claim.id])):
        content = checker_client.get(url).content.decode()
        assert "claim-insertion" not in content and "The government built 40 new hospitals." in content


def test_inserted_names_and_the_words_around_them_are_escaped(checker_client):
    hostile = "<b>He</b> said <script>alert(1)</script> 40 hospitals were built."
    segments = context.standalone(hostile, [("He", "<img src=x onerror=alert(1)>")])
    claim = ClaimFactory(text=hostile, article__text=hostile, standalone=segments)
    for url in (QUEUE, reverse("claims:claim", args=[claim.id])):
        content = checker_client.get(url).content.decode()
        assert "<img src=x" not in content and "<script>alert(1)" not in content and "<b>" not in content
        assert "[&lt;img src=x onerror=alert(1)&gt;]</ins>" in content


def test_the_queue_query_count_does_not_grow_with_stand_alone_claims(
    checker_client, django_assert_max_num_queries
):
    for _ in range(30):
        standalone_claim()
    with django_assert_max_num_queries(11):  # the queue page with its spread (tests/claims/web/test_queue.py)
        content = checker_client.get(QUEUE).content.decode()
    assert content.count('class="claim-insertion"') == 30
