"""Headless Chromium for the browser tests (Debian's chromium and chromium-driver): the driver, signing in,
waiting for a page or a partial update, and screenshots kept in artifacts/screenshots for CI to keep."""

from __future__ import annotations

import shutil
from contextlib import contextmanager

from tests.paths import ROOT

SCREENSHOTS = ROOT / "artifacts" / "screenshots"
PASSWORD = "correct horse battery staple"


@contextmanager
def chromium(*, width: int = 1500, height: int = 1100, javascript: bool = True):
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
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(
        service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options
    )
    driver.implicitly_wait(5)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        yield driver
    finally:
        driver.quit()


def wait_for(driver, condition, seconds: float = 15):
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, seconds, ignored_exceptions=(StaleElementReferenceException,)).until(
        condition
    )


def login(driver, live_server, username: str) -> None:
    driver.delete_all_cookies()
    driver.get(live_server.url + "/accounts/login/")
    driver.find_element("name", "username").send_keys(username)
    driver.find_element("name", "password").send_keys(PASSWORD)
    submit(driver, "css selector", "button[type=submit]")


def submit(driver, by, value) -> None:
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


def stay_marker(driver) -> None:
    """Mark this page load: `still_same_page` is true until the browser loads a page again."""
    driver.execute_script("window.__samePage = true; window.__scrolledTo = window.scrollY;")


def still_same_page(driver) -> bool:
    return driver.execute_script("return window.__samePage === true")


def until_idle(driver) -> None:
    """Until htmx has no request in flight and has settled what came back."""
    wait_for(
        driver,
        lambda d: d.execute_script(
            "return !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"
        ),
    )


def shot(driver, name: str) -> None:
    driver.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
