"""Content-Security-Policy: every page is sent with it, and satisfies it: no inline script, style or handler.

The browser test loads the queue, a claim's workspace, the public fact-check, the API docs and the admin in
headless Chromium and records every violation the page reports, then checks the pages' scripts still work.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from claims.models import Claim, EvidenceStatus
from tests.claims.publishing import publish
from tests.factories import ClaimFactory, EvidenceCandidateFactory, UserFactory

DATA_SCRIPTS = {"application/ld+json", "application/json"}  # data blocks: CSP does not run them


class _InlineFinder(HTMLParser):
    """What a strict policy would block: inline scripts, <style>, style="..." and on...="..." attributes."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._script_type: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.found += [
            f"<{tag} {name}=...>" for name in attributes if name.startswith("on") or name == "style"
        ]
        if tag == "style":
            self.found.append("<style>")
        if tag == "script" and "src" not in attributes:
            self._script_type = attributes.get("type") or "text/javascript"

    def handle_data(self, data):
        if self._script_type and self._script_type not in DATA_SCRIPTS and data.strip():
            self.found.append(f"inline <script> {data.strip()[:60]!r}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_type = None


def _inline(html: str) -> list[str]:
    finder = _InlineFinder()
    finder.feed(html)
    return finder.found


@pytest.fixture
def pages(db, embedded_backend, fact_checker, editor, admin_user):
    candidate = EvidenceCandidateFactory()
    published = publish(ClaimFactory(), fact_checker, editor)
    return {
        "claim": candidate.claim,
        "published": published,
        "urls": [
            (fact_checker, reverse("claims:queue")),
            (fact_checker, reverse("claims:claim", args=[candidate.claim.id])),
            (fact_checker, reverse("claims:article", args=[candidate.claim.article_id])),
            (fact_checker, reverse("claims:article_new")),
            (fact_checker, reverse("claims:published")),
            (fact_checker, reverse("claims:notifications")),
            (editor, reverse("claims:review_queue")),
            (editor, reverse("claims:review_detail", args=[publish(ClaimFactory(), fact_checker, None).id])),
            (editor, reverse("claims:dashboard")),
            (editor, reverse("claims:factcheck_public", args=[published.id])),
            (admin_user, reverse("search:sources")),
            (admin_user, reverse("search:source_new")),
            (None, reverse("claims:factcheck_public", args=[published.id])),
            (None, reverse("claims:factcheck_index")),
            (None, reverse("login")),
        ],
    }


def test_every_page_is_sent_with_a_policy_that_allows_only_this_site(pages):
    for user, url in pages["urls"]:
        client = Client()
        if user:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        policy = dict(
            part.strip().split(" ", 1)
            for part in response["Content-Security-Policy"].split(";")
            if part.strip()
        )
        assert policy["default-src"] == "'self'", url
        assert "unsafe-inline" not in policy["script-src"] and "unsafe-inline" not in policy["style-src"], url
        assert policy["object-src"] == "'none'" and policy["frame-ancestors"] == "'none'", url


def test_no_page_has_inline_script_style_or_event_handlers_the_policy_would_block(pages):
    for user, url in pages["urls"]:
        client = Client()
        if user:
            client.force_login(user)
        assert _inline(client.get(url).content.decode()) == [], url


def test_the_public_page_keeps_its_claimreview_json_ld(pages):
    response = Client().get(reverse("claims:factcheck_public", args=[pages["published"].id]))
    assert b'<script type="application/ld+json">' in response.content
    assert b"nonce=" not in response.content and "'nonce-" not in response["Content-Security-Policy"]


def test_the_api_docs_alone_may_use_inline_styles_and_load_their_script_from_this_site():
    response = Client().get("/api/docs/")
    assert "style-src 'self' 'unsafe-inline'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    script = Client().get("/api/docs/?script=")
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")


def test_an_organisation_logo_on_another_host_is_the_one_outside_image_allowed():
    from workbench.settings.csp import content_security_policy

    images = content_security_policy(logo_url="https://cdn.example.org/logo.png")["DIRECTIVES"]["img-src"]
    assert images == ["'self'", "https://cdn.example.org"]
    assert content_security_policy(logo_url="")["DIRECTIVES"]["img-src"] == ["'self'"]


# In the browser ---------------------------------------------------------------------------------------

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber));
"""


INJECT_INLINE_SCRIPT = """
const script = document.createElement("script");
script.textContent = "window.__ran = 1";
document.body.appendChild(script);
"""


@pytest.fixture
def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    profile = tempfile.mkdtemp(prefix="csp-chromium-")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(
        service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options
    )
    # Runs before each page's own scripts, outside the page's policy, so every violation is recorded.
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
    driver.implicitly_wait(5)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _violations(driver) -> list[str]:
    """What the page reported, and what the console said about the policy."""
    reported = driver.execute_script("return window.__csp || []")
    console = [
        entry["message"]
        for entry in driver.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]
    return reported + console


def _wait_for(driver, condition, seconds=15):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds).until(condition)


@pytest.fixture
def desk(transactional_db, settings):
    from search.backends import get_backend, reset_backend_cache

    settings.SEARCH_BACKEND = {**settings.SEARCH_BACKEND, "BACKEND": "embedded", "URL": ""}
    reset_backend_cache()
    get_backend().reset()
    checker, editor = UserFactory(role="Fact-checker"), UserFactory(role="Editor")
    waiting = EvidenceCandidateFactory(claim__score=0.99).claim
    Claim.objects.filter(id=waiting.id).update(evidence_status=EvidenceStatus.PENDING)
    ClaimFactory.create_batch(2, score=0.5)
    yield {
        "checker": checker,
        "admin": UserFactory(role="Admin"),
        "waiting": waiting,
        "published": publish(ClaimFactory(score=0.1), checker, editor),
    }
    reset_backend_cache()


def _login(driver, live_server, user):
    driver.delete_all_cookies()
    driver.get(live_server.url + "/accounts/login/")
    driver.find_element("name", "username").send_keys(user.username)
    driver.find_element("name", "password").send_keys("correct horse battery staple")
    driver.find_element("css selector", "button[type=submit]").click()
    _wait_for(driver, lambda d: "/accounts/login/" not in d.current_url)


@pytest.mark.browser
def test_the_pages_raise_no_policy_violation_and_their_scripts_still_work(chromium, live_server, desk):
    from selenium.webdriver.common.keys import Keys

    d = chromium
    _login(d, live_server, desk["checker"])
    assert _violations(d) == []

    # The queue: the policy is in force (an inline script added now is refused and reported) ...
    d.get(live_server.url + reverse("claims:queue"))
    d.execute_script(INJECT_INLINE_SCRIPT)
    assert d.execute_script("return window.__ran") is None
    assert any("script-src" in v for v in _violations(d))
    d.execute_script("window.__csp = []")
    # ... and its own script works: j selects the first row, x ticks it, the count follows.
    body = d.find_element("tag name", "body")
    body.send_keys("j")
    _wait_for(d, lambda d: d.find_elements("css selector", "#queue tbody tr.selected"))
    body.send_keys("x")
    _wait_for(d, lambda d: d.find_element("id", "selected-count").text == "1 selected")
    assert _violations(d) == []

    # The workspace: the badge follows the evidence search and the page reloads when it is done.
    d.get(live_server.url + reverse("claims:claim", args=[desk["waiting"].id]))
    badge = d.find_element("id", "evidence-status")
    assert badge.get_attribute("data-status") == EvidenceStatus.PENDING
    Claim.objects.filter(id=desk["waiting"].id).update(evidence_status=EvidenceStatus.DONE)
    _wait_for(d, lambda d: d.find_element("id", "evidence-status").get_attribute("data-status") == "done")
    # Ctrl+S saves the draft.
    d.find_element("name", "explanation").send_keys("The office's March release says 3.9%.")
    d.find_element("name", "explanation").send_keys(Keys.CONTROL, "s")
    _wait_for(d, lambda d: "Draft saved (version 1)." in d.page_source)
    assert _violations(d) == []

    # The public page, with its ClaimReview.
    d.get(live_server.url + reverse("claims:factcheck_public", args=[desk["published"].id]))
    assert (
        d.execute_script("return document.querySelectorAll('script[type=\"application/ld+json\"]').length")
        == 1
    )
    assert _violations(d) == []

    # The API docs draw every operation; the admin.
    _login(d, live_server, desk["admin"])
    d.get(live_server.url + "/api/docs/")
    _wait_for(d, lambda d: d.find_elements("css selector", ".opblock"))
    time.sleep(0.5)
    assert _violations(d) == []
    d.get(live_server.url + "/admin/search/source/add/")
    assert _violations(d) == []
