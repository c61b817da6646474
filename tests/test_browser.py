"""End to end in headless Chromium: paste, evidence, verdict with citation, return, revise, approve, publish."""

import shutil

import pytest

from tests.conftest import index_documents
from tests.factories import DocumentFactory, SourceFactory, UserFactory
from tests.paths import ROOT

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
ARTICLE = (
    "Ministry reports record exports\n\n"
    "Exports rose 12% to $4.5 billion in March, the trade ministry said on Tuesday.\n\n"
    "Sign in to comment\n\n"
    "The ministry expects exports to grow further next year because of the new trade agreement."
)


@pytest.fixture
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1500,1100",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(
        service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options
    )
    driver.implicitly_wait(5)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def login(driver, live_server, username):
    driver.delete_all_cookies()
    driver.get(live_server.url + "/accounts/login/")
    driver.find_element("name", "username").send_keys(username)
    driver.find_element("name", "password").send_keys("correct horse battery staple")
    submit(driver, "css selector", "button[type=submit]")


def submit(driver, by, value):
    """Click what (by, value) finds, which loads a new page, and wait until the new page is there.

    The element is found again if the page changed under it (a late script, a slow load), so the click lands.
    """
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.ui import WebDriverWait

    old_page = driver.find_element("tag name", "html")
    WebDriverWait(driver, 15, ignored_exceptions=(StaleElementReferenceException, WebDriverException)).until(
        lambda d: d.find_element(by, value).click() or True
    )

    def replaced(_):
        # Chromium may answer "node does not belong to the document" instead of "stale" mid-navigation.
        try:
            old_page.is_enabled()
            return False
        except (StaleElementReferenceException, WebDriverException):
            return True

    WebDriverWait(driver, 15).until(replaced)
    WebDriverWait(driver, 15).until(lambda d: d.execute_script("return document.readyState") == "complete")


def shot(driver, name):
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))


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
    submit(d, "css selector", "button.stance-supports")
    assert "Marked supports by checker" in d.page_source
    submit(d, "xpath", "//button[text()='Cite this passage']")
    assert "Citation added." in d.page_source
    d.find_element("css selector", "select[name=rating]").send_keys("True")
    d.find_element("name", "explanation").send_keys(
        "The trade office's March figures show a 12 percent rise to 4.5 billion dollars."
    )
    submit(d, "css selector", "button[name=submit]")
    assert "Verdict submitted to the editors." in d.page_source
    shot(d, "04-verdict-submitted")

    # A fact-checker has no review queue and cannot approve.
    d.get(live_server.url + "/review/")
    assert "403" in d.title or "Forbidden" in d.page_source or "Only editors" in d.page_source

    login(d, live_server, "editor1")
    d.get(live_server.url + "/review/")
    submit(d, "partial link text", "Exports rose 12%")
    shot(d, "05a-review-page")
    d.find_element("name", "comment").send_keys("Say which release the figure comes from.")
    submit(d, "xpath", "//button[text()='Return to fact-checker']")
    assert "Returned to the fact-checker." in d.page_source
    shot(d, "05-editor-returned")

    login(d, live_server, "checker")
    d.get(live_server.url + "/")
    submit(d, "partial link text", "Exports rose 12%")
    assert "Say which release the figure comes from." in d.page_source
    explanation = d.find_element("name", "explanation")
    explanation.send_keys(" Source: the March monthly trade release.")
    submit(d, "css selector", "button[name=submit]")
    assert "Verdict submitted to the editors." in d.page_source

    login(d, live_server, "editor1")
    d.get(live_server.url + "/review/")
    submit(d, "partial link text", "Exports rose 12%")
    submit(d, "xpath", "//button[text()='Approve and publish']")
    assert "Approved and published." in d.page_source
    d.get(live_server.url + "/published/")
    submit(d, "partial link text", "Exports rose 12%")
    assert "True" in d.find_element("css selector", ".rating").text
    assert "March monthly trade release" in d.page_source
    shot(d, "06-public-fact-check")
