"""Browser tests: Playwright drives Debian's chromium against the live test server."""

import importlib
import os
from pathlib import Path

import pytest

from tests.conftest import AXE_SCRIPT, CHROMIUM

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves (creating members, reading mail) are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
# Every run saves its screenshots under var/; UPDATE_SCREENSHOTS=1 refreshes the README's copies.
SCREENSHOTS = ROOT / ("docs" if os.environ.get("UPDATE_SCREENSHOTS") == "1" else "var") / "screenshots"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# The data migrations of the project, run again where a transactional test emptied the database.
DATA_MIGRATIONS = [
    ("accounts.migrations.0002_moderators_group", "create_group"),
    ("forum.migrations.0002_categories_and_crisis_phrases", "create"),
    ("safety.migrations.0002_crisis_lines", "create"),
    ("forum.migrations.0007_starting_rejection_reasons", "create"),
]


@pytest.fixture(autouse=True)
def _restore_migration_data(request):
    """A transactional test ends by emptying the database. Django restores the migrations' data
    for the next one from a copy kept on the connection, but under Playwright's event loop the
    tests get another connection object, without that copy: run the data migrations again."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    for module, function in DATA_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(chromium):
    """A fresh browser context per member; axe-core can be injected despite the CSP."""
    contexts = []

    def open_page(width: int = 1280, height: int = 900):
        context = chromium.new_context(viewport={"width": width, "height": height}, bypass_csp=False)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core in the page and return the violations of the given impacts, on the page as it
    rests: an entrance animation still fading in is finished first, so its colours are the final ones
    (one that loops, like the breathing guide, is left running)."""
    page.evaluate(
        """() => document.getAnimations()
            .filter((animation) => animation.effect.getComputedTiming().endTime !== Infinity)
            .forEach((animation) => animation.finish())"""
    )
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
