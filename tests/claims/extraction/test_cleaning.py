"""Cleaning: site chrome goes, the article stays, the headline becomes the title."""

import pytest

from claims.extraction import clean_text, extract


def test_seed_headline_becomes_the_title(seed_raw):
    title, text = clean_text(seed_raw)
    assert title == "US Questions Iraqi Government’s Readiness to Combat Purported Daesh Resurgence"
    assert title not in text


@pytest.mark.parametrize(
    "chrome",
    [
        "Registration was successful!",
        "Please follow the link from the email sent to",
        "© Sputnik / Andrey Stenin",
        "Go to the photo bank",
        "Flag of the Islamic State in the conflict zone - Sputnik International",
        "To participate in the discussion",
        "log in or register",
        "Заголовок открываемого материала",
    ],
)
def test_seed_site_chrome_is_removed(seed_raw, chrome):
    _, text = clean_text(seed_raw)
    assert chrome not in text


def test_seed_article_body_is_kept_whole(seed_raw):
    _, text = clean_text(seed_raw)
    assert text.startswith("Western outlets and the commander of the US-led coalition")
    assert text.endswith("and they continue to fail.”")
    assert "some 108 Daesh-related attacks were carried out in Iraq" in text
    assert text.count("\n\n") == 15  # the 16 paragraphs of the article, nothing glued or lost


def test_photo_caption_is_not_mistaken_for_the_headline(seed_raw):
    title, text = clean_text(seed_raw)
    assert "Flag of the Islamic State" not in title
    assert "Flag of the Islamic State" not in text


OTHER_SITE = """Sign in
Subscribe to our newsletter
Council approves £2.1m flood defence plan for riverside homes

Photo: Reuters/John Doe
By Jane Smith
Published June 5, 2024

The council approved a £2.1 million flood defence scheme on Tuesday, after 340 homes were flooded in March.

Share this article
Councillor Tom Price said the scheme would protect homes for 50 years.

We use cookies to improve your experience. Accept all cookies
Sign in to comment
12 comments
"""


def test_chrome_rules_are_general_not_one_site():
    title, text = clean_text(OTHER_SITE)
    assert title == "Council approves £2.1m flood defence plan for riverside homes"
    for chrome in (
        "Sign in",
        "Subscribe",
        "Photo: Reuters",
        "By Jane Smith",
        "Published",
        "Share this",
        "cookies",
        "comment",
    ):
        assert chrome not in text, chrome
    assert text == (
        "The council approved a £2.1 million flood defence scheme on Tuesday, after 340 homes were flooded in March."
        "\n\nCouncillor Tom Price said the scheme would protect homes for 50 years."
    )


def test_a_sentence_that_mentions_registration_is_not_chrome():
    text = (
        "Voter turnout fell in 2022\n\nVoter registration rose by 12% in 2022, the electoral commission said.\n"
        "Share on Facebook\nThe commission will publish its report next week."
    )
    _, cleaned = clean_text(text)
    assert "Voter registration rose by 12% in 2022" in cleaned
    assert "Share on Facebook" not in cleaned


def test_html_page_keeps_the_article_and_drops_navigation_scripts_and_widgets():
    page = """<!doctype html><html><head><title>Budget row deepens | The Daily Example</title>
    <style>p { color: red }</style><script>var tracking = "Registration was successful!";</script></head>
    <body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
    <header><h1>Budget row deepens as deficit hits $3.5 billion</h1></header>
    <article><p>The deficit reached $3.5 billion in 2023, up 2.4% from a year earlier, the finance ministry said.</p>
    <figure><img src="x.jpg"><figcaption>The minister in parliament. Photo: Reuters/John Doe</figcaption></figure>
    <p>Finance Minister Jane Roe told reporters the government would cut spending by 10% next year.</p>
    <div class="share-tools">Share this article</div></article>
    <aside>Subscribe to our newsletter</aside><footer>© 2024 The Daily Example. All rights reserved.</footer>
    </body></html>"""
    title, text = clean_text(page)
    assert title == "Budget row deepens as deficit hits $3.5 billion"
    assert "The deficit reached $3.5 billion in 2023" in text
    assert "Finance Minister Jane Roe told reporters" in text
    for chrome in (
        "Home",
        "tracking",
        "color",
        "Reuters/John Doe",
        "Share this",
        "newsletter",
        "rights reserved",
    ):
        assert chrome not in text, chrome


def test_tiny_html_fragment_is_detected_and_cleaned():
    title, text = clean_text("<p>Prices rose 4% in May.</p><p>Cookie policy</p>")
    assert title is None
    assert text == "Prices rose 4% in May."


def test_plain_text_with_angle_brackets_is_not_treated_as_html():
    title, text = clean_text("Inflation was < 2% for a decade.\n\nIt then rose > 9% in 2022.", html=None)
    assert "< 2%" in text


@pytest.mark.parametrize("raw", ["", "   ", "\n\t \n"])
def test_empty_input_is_refused_with_a_clear_message(raw):
    with pytest.raises(ValueError, match="empty"):
        extract(raw)


def test_binary_input_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="binary"):
        extract("PK\x03\x04\x00\x00\x08\x00" + "\x00\x01\x02" * 50)
    with pytest.raises(ValueError, match="binary"):
        extract("\x89PNG\r\n\x1a\n" + "\x07\x1b\x10\x11" * 200)


def test_a_page_of_nothing_but_chrome_is_refused():
    with pytest.raises(ValueError, match="empty"):
        extract("Sign in\nShare this article\nWe use cookies on this site.")
