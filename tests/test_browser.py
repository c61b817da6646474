"""End to end in headless Chromium: paste, evidence, verdict with citation, return, revise, approve, publish."""

import pytest

from tests.browsing import chromium, login, shot, submit, wait_for
from tests.conftest import index_documents
from tests.factories import DocumentFactory, SourceFactory, UserFactory

pytestmark = pytest.mark.browser

ARTICLE = (
    "Ministry reports record exports\n\n"
    "Exports rose 12% to $4.5 billion in March, the trade ministry said on Tuesday.\n\n"
    "Sign in to comment\n\n"
    "The ministry expects exports to grow further next year because of the new trade agreement."
)


@pytest.fixture
def browser():
    with chromium() as driver:
        yield driver


@pytest.fixture
def people(transactional_db, settings):
    from search.backends import get_backend, reset_backend_cache

    settings.SEARCH_BACKEND = {**settings.SEARCH_BACKEND, "BACKEND": "embedded", "URL": ""}
    reset_backend_cache()
    get_backend().reset()
    source = SourceFactory(name="Trade Statistics Office", kind="statistics", reliability=0.95)
    DocumentFactory(
        source=source,
        title="Monthly trade figures: March",
        url="https://stats.example.org/trade/march",
        body="Exports rose 12 percent in March to 4.5 billion dollars, according to the trade ministry.",
    )
    index_documents()
    yield {
        "checker": UserFactory(username="checker", role="Fact-checker"),
        "editor": UserFactory(username="editor1", role="Editor"),
    }
    reset_backend_cache()


def test_article_to_published_fact_check_in_a_browser(browser, live_server, people):
    d = browser
    login(d, live_server, "checker")
    d.get(live_server.url + "/articles/new/")
    d.find_element("name", "text").send_keys(ARTICLE)
    shot(d, "01-paste-article")
    submit(d, "css selector", "button.primary")
    assert "claims entered the queue" in d.page_source
    assert "Sign in to comment" not in d.find_element("css selector", ".claims").text
    shot(d, "02-article-claims")
    submit(d, "partial link text", "Exports rose 12%")
    assert "Monthly trade figures: March" in d.page_source
    shot(d, "03-claim-workspace-evidence")
    # Marking and citing swap their part of the page (htmx); the page itself stays.
    d.find_element("css selector", "button.stance-supports").click()
    wait_for(d, lambda d: "Marked supports by checker" in d.page_source)
    d.find_element("xpath", "//button[text()='Cite this passage']").click()
    wait_for(d, lambda d: "Citation added." in d.page_source)
    d.find_element("css selector", "select[name=rating]").send_keys("True")
    d.find_element("name", "explanation").send_keys(
        "The trade office's March figures show a 12 percent rise to 4.5 billion dollars."
    )
    d.find_element("css selector", "button[name=submit]").click()
    wait_for(d, lambda d: "Verdict submitted to the editors." in d.page_source)
    shot(d, "04-verdict-submitted")

    # A fact-checker has no review queue and cannot approve.
    d.get(live_server.url + "/review/")
    assert "403" in d.title or "Forbidden" in d.page_source or "Only editors" in d.page_source

    login(d, live_server, "editor1")
    d.get(live_server.url + "/review/")
    submit(d, "partial link text", "Exports rose 12%")
    shot(d, "05a-review-page")
    d.find_element("name", "comment").send_keys("Say which release the figure comes from.")
    d.find_element("xpath", "//button[text()='Return to fact-checker']").click()
    wait_for(d, lambda d: "Returned to the fact-checker." in d.page_source)
    shot(d, "05-editor-returned")

    login(d, live_server, "checker")
    d.get(live_server.url + "/")
    submit(d, "partial link text", "Exports rose 12%")
    assert "Say which release the figure comes from." in d.page_source
    explanation = d.find_element("name", "explanation")
    explanation.send_keys(" Source: the March monthly trade release.")
    d.find_element("css selector", "button[name=submit]").click()
    wait_for(d, lambda d: "Verdict submitted to the editors." in d.page_source)

    login(d, live_server, "editor1")
    d.get(live_server.url + "/review/")
    submit(d, "partial link text", "Exports rose 12%")
    d.find_element("xpath", "//button[text()='Approve and publish']").click()  # answered in place (htmx)
    wait_for(d, lambda d: "Approved and published." in d.page_source)
    assert d.find_element("id", "public-link").text == "Its public page"
    assert not d.find_elements("xpath", "//button[text()='Approve and publish']")
    d.get(live_server.url + "/published/")
    submit(d, "partial link text", "Exports rose 12%")
    assert "True" in d.find_element("css selector", ".rating").text
    assert "March monthly trade release" in d.page_source
    shot(d, "06-public-fact-check")
