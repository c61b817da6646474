"""Query cleaning: what a fact-checker pastes (a tweet, an article sentence) becomes the words worth searching."""

import pytest

from search.querytext import clean_query

TWEET = (
    "Hurricane Dorian washed up bricks of cocaine on Florida’s coast https://t.co/AbC123 "
    "pic.twitter.com/ApEtNvR7tb — NowThis (@nowthisnews) September 10, 2019"
)


def test_a_tweet_loses_its_links_handle_and_date_and_its_author_becomes_the_speaker():
    assert clean_query(TWEET) == "NowThis: Hurricane Dorian washed up bricks of cocaine on Florida’s coast"


def test_links_glued_to_a_hashtag_are_cut_and_the_tag_is_kept_as_words():
    cleaned = clean_query("Creepy photos were posted #PredatorPresident#Tornillopic.twitter.com/SWyyI1XVt9")
    assert cleaned == "Creepy photos were posted Predator President Tornillo"


def test_handles_keep_their_words_but_credits_and_retweet_marks_go():
    cleaned = clean_query("RT @someone: Photo of @realDonaldTrump at the border via @anteksiler")
    assert cleaned == "Photo of real Donald Trump at the border"


def test_an_attribution_inside_a_quoted_reply_goes_too():
    text = (
        "I am sure the media will hound every Democrat. — Marco Rubio (@marcorubio) July 25, 2019 "
        "Senator, will you delete this tweet?"
    )
    assert (
        clean_query(text)
        == "I am sure the media will hound every Democrat. Senator, will you delete this tweet?"
    )


def test_only_the_final_attribution_names_the_speaker():
    text = "Why? — Marco Rubio (@marcorubio) July 25, 2019 Delete this tweet. — Ilhan Omar (@IlhanMN) July 26, 2019"
    assert clean_query(text) == "Ilhan Omar: Why? Delete this tweet."


def test_an_attribution_with_a_lost_dash_still_goes():
    assert clean_query(
        "Trump will ban veils in public places DonaldTrumpNews (@Newss_Trump) January 31, 2017"
    ) == ("Trump will ban veils in public places DonaldTrumpNews")


def test_emoji_entities_and_shouting_punctuation_are_dropped():
    cleaned = clean_query("Patriots WIN!!!🇺🇸🇺🇸 Tom &amp; Jerry&#39;s show 🦁🔥")
    assert cleaned == "Patriots WIN! Tom & Jerry's show"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("WASHINGTON (Reuters) - Exports rose 4 percent in May.[3]", "Exports rose 4 percent in May."),
        ("• Unemployment fell to 3.9% in March. Read more", "Unemployment fell to 3.9% in March."),
        ("“Crime is down 20 percent,” the mayor said. (AP)", "Crime is down 20 percent,” the mayor said."),
    ],
)
def test_article_sentences_lose_datelines_references_bullets_and_boilerplate(text, expected):
    assert clean_query(text) == expected


def test_plain_claims_are_left_alone():
    claim = "Unemployment fell to 3.9% in March, the statistics office said."
    assert clean_query(claim) == claim


@pytest.mark.parametrize("text", ["", "   ", "https://t.co/xyz pic.twitter.com/abc", "🔥🔥🔥"])
def test_nothing_searchable_gives_an_empty_query(text):
    assert clean_query(text) == ""
