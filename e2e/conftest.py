"""Browser journeys: Playwright driving Debian Chromium against pytest-django's live server.

Every page a journey visits goes through ``Journey.visit``/``Journey.check``: an axe-core scan
(WCAG 2.2 A/AA rules) must find no violations, the page must not scroll sideways (reflow), and
any Content Security Policy violation or script error reported by the browser fails the test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, sync_playwright

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("LANTERN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

_axe = Axe()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _known(violation: dict[str, Any]) -> bool:
    """GOV.UK Frontend's one known axe finding, kept on purpose: a radio that reveals a follow-up
    field says whether it is open with aria-expanded, which screen readers announce although ARIA
    does not list it for radios (alphagov/govuk-frontend#979). Only that attribute, only there."""
    expanded = (['aria-expanded="true"'], ['aria-expanded="false"'])

    def radio_expanded_only(node: dict[str, Any]) -> bool:
        checks = node["any"] + node["all"] + node["none"]
        return (
            'class="govuk-radios__input"' in node["html"]
            and 'aria-controls="conditional-' in node["html"]
            and bool(checks)
            and all(check["data"] in expanded for check in checks)
        )

    return violation["id"] == "aria-allowed-attr" and all(
        radio_expanded_only(node) for node in violation["nodes"]
    )


@dataclass
class Journey:
    """A page plus the checks every visited page must pass."""

    page: Page
    base_url: str
    problems: list[str] = field(default_factory=list)
    scanned: list[str] = field(default_factory=list)

    def visit(self, path: str) -> Page:
        self.page.goto(self.base_url + path)
        self.check()
        return self.page

    def sign_in(self, email: str, password: str) -> Page:
        """Sign in through the real form (a second factor, if the role needs one, comes next)."""
        page = self.visit("/sign-in/")
        page.get_by_label("Email address").fill(email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        self.check()
        return page

    def check(self) -> None:
        """Scan the current page with axe; call after every navigation a journey makes."""
        self.page.wait_for_load_state("load")
        results = _axe.run(self.page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        violations = [v for v in results.response.get("violations", []) if not _known(v)]
        self.scanned.append(self.page.url)
        assert not violations, f"axe violations on {self.page.url}:\n" + results.generate_report()
        # WCAG 2.2 1.4.10 (reflow): the page never scrolls sideways; a wide table scrolls in
        # its own region (.lantern-table-scroll) instead.
        overflow = self.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{self.page.url} is {overflow}px wider than the window"
        self.assert_clean()

    def assert_clean(self) -> None:
        assert not self.problems, "browser reported problems:\n" + "\n".join(self.problems)


def _open(browser: Browser, live_server: Any, viewport: Any) -> Iterator[Journey]:
    context = browser.new_context(viewport=viewport, locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(15000)
    journey = Journey(page=page, base_url=live_server.url)

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        # Failed loads are judged by on_response, which knows whether it was the page itself
        # (a deliberate 404 page) or a stylesheet, script or image the page needed.
        if text.startswith("Failed to load resource"):
            return
        if message.type == "error" or "Content Security Policy" in text:
            journey.problems.append(f"console {message.type}: {text}")

    def on_response(response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            journey.problems.append(
                f"{response.status} for {response.request.resource_type} {response.url}"
            )

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: journey.problems.append(f"page error: {error}"))
    yield journey
    journey.assert_clean()
    context.close()


@pytest.fixture
def journey(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[Journey]:
    yield from _open(browser, live_server, DESKTOP)


@pytest.fixture
def phone_journey(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[Journey]:
    yield from _open(browser, live_server, PHONE)
