"""The site's Content-Security-Policy allows no inline script, and the built pages need none:
checked on the served headers, on every built page, and in a real browser (Debian's
Chromium) that reports each CSP violation."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.common.by import By
from werkzeug.serving import make_server

from voting.web import SITE_CSP

from .sitebuild import SITE_URL, soup

# The demo site built with search, and a headless Chromium: the widget test's fixtures.
from .test_widget import _serve, _wait, browser, built_site  # noqa: F401
from .voting_fixtures import OPEN, Clock, make_app

# Recorded before any of the page's own scripts run; scripts injected this way are exempt
# from the page's CSP, so the listener itself is not a violation.
LISTEN = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.effectiveDirective + ' ' + (e.blockedURI || 'inline')));"
)
PAGES = ("", "en/2026/", "en/contests/", "receipt/", "ru/2026/dias-nurlanuly/")  # a vote widget last
EXECUTABLE = {"", "text/javascript", "module", "application/javascript"}


def _directives(policy: str) -> dict[str, list[str]]:
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_served_policy_allows_no_inline_script(built_site: Path, tmp_path: Path) -> None:  # noqa: F811
    app = make_app(tmp_path, Clock(OPEN), TOP100_SITE_DIR=str(built_site))
    served = app.test_client().get("/ru/2026/dias-nurlanuly/")
    assert served.status_code == 200
    policy = _directives(served.headers["Content-Security-Policy"])
    assert served.headers["Content-Security-Policy"] == SITE_CSP
    assert policy["script-src"] == ["'self'", "'wasm-unsafe-eval'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]


def test_no_built_page_has_an_inline_script_or_handler(built_site: Path) -> None:  # noqa: F811
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        document = soup(page)
        for script in document.find_all("script"):
            kind = str(script.get("type") or "").lower()
            assert script.get("src") or kind not in EXECUTABLE, f"{page}: inline script {script}"[:300]
        for tag in document.find_all(True):
            handlers = [name for name in tag.attrs if re.match(r"on[a-z]+$", name)]
            assert not handlers, f"{page}: {tag.name} has {handlers}"
            assert not str(tag.get("href", "")).lower().startswith("javascript:"), f"{page}: {tag}"


def _recorded(driver: webdriver.Chrome) -> list[str]:
    """The page's violations, but for Material fetching each language's sitemap.xml from the
    configured site_url: another origin only here, where the test server has its own port."""
    found: list[str] = driver.execute_script("return window.__csp")
    sitemap = re.compile(rf"connect-src {re.escape(SITE_URL)}\S*sitemap\.xml")
    return [v for v in found if not sitemap.fullmatch(v)]


def _violations(driver: webdriver.Chrome, url: str) -> list[str]:
    driver.get(url)
    _wait(driver, "body")
    return _recorded(driver)


def test_pages_run_in_a_browser_without_csp_violations(
    browser: webdriver.Chrome, built_site: Path, tmp_path: Path  # noqa: F811
) -> None:
    # A control page: the same policy must stop an inline script, so the test can fail. It goes
    # into a hard-linked copy of the site, so the session's shared demo site stays as built.
    site = tmp_path / "site"
    shutil.copytree(built_site, site, copy_function=os.link)
    probe = site / "csp-probe" / "index.html"
    probe.parent.mkdir()
    probe.write_text("<!doctype html><p>probe</p><script>window.ran = 1</script>", encoding="utf-8")
    app = make_app(tmp_path, Clock(OPEN), TOP100_SITE_DIR=str(site))
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTEN})
    for base in _serve(make_server("127.0.0.1", 0, app, threaded=True)):
        assert _violations(browser, base + "csp-probe/") == ["script-src-elem inline"]
        assert browser.execute_script("return window.ran") is None

        for path in PAGES:
            assert _violations(browser, base + path) == [], path
            # Material's bundle ran: it needs the globals of themes/assets/material-head.js.
            assert browser.execute_script("return typeof __md_get") == "function", path
        _wait(browser, ".t100-vote__button")  # the vote widget of the last page ran too

        browser.get(base + "en/search/")
        field = browser.find_element(By.CSS_SELECTOR, ".pagefind-ui__search-input")
        field.send_keys("WorldSkills")
        _wait(browser, ".pagefind-ui__result-link")  # Pagefind's WebAssembly ran
        assert _recorded(browser) == []
