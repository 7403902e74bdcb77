"""The preview in a real browser: headless Chromium (Debian's, which .ci/run installs) driven by Playwright.
A new deck is served as a user starts it; the page must show every card with its pictures, follow an edit,
show a broken file's `path:line: message` and let it go again, and hand out a PDF it built.

Without a browser the test is skipped, except in CI (the CI environment variable set), where that is a
failure: it would hide the one test that proves the page works."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from fichegen.cli import cli
from fichegen.content.deck import load_deck
from tests.preview.serving import ServeProcess

# the machine's closed network otherwise has Chromium waiting on updates, sync and the like
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-dev-shm-usage"]
WAIT = 15_000  # ms: every wait for the page is bounded


def chromium() -> str:
    """The browser's executable, or the test's skip (a failure in CI)."""
    reason = None
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        reason = "Playwright is not installed (pip install '.[test]')"
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if reason is None and found is None:
        reason = "no Chromium on the PATH (Debian: apt-get install chromium)"
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the browser test", pytrace=False)
        pytest.skip(reason)
    return found


@pytest.fixture
def browser(tmp_path):
    """A fresh headless Chromium with a profile of its own; yields a page."""
    executable = chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(str(tmp_path / "profile"), executable_path=executable,
                                                       headless=True, args=ARGS, accept_downloads=True,
                                                       viewport={"width": 1400, "height": 1000})
        try:
            yield context.pages[0] if context.pages else context.new_page()
        finally:
            context.close()


def loaded(img) -> int:
    """The picture's width in pixels once the browser has it (scrolled into view: pictures load lazily)."""
    from playwright.sync_api import expect

    img.scroll_into_view_if_needed()
    expect(img).to_have_js_property("complete", True, timeout=WAIT)
    return img.evaluate("i => i.naturalWidth")


def test_the_page_shows_the_cards_follows_edits_and_problems_and_builds_pdfs(tmp_path, monkeypatch, browser):
    from playwright.sync_api import expect

    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["new", "mijn-deck", "--language", "nl"]).exit_code == 0
    deck = load_deck(tmp_path / "mijn-deck")
    page = browser
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    with ServeProcess(tmp_path, "mijn-deck") as served:
        page.goto(served.url)
        cards = page.locator("article.card")
        expect(cards).to_have_count(3, timeout=WAIT)
        expect(page.locator("#deck-title")).to_have_text("Mijn deck")
        expect(page.locator("#status")).to_have_class("status live", timeout=WAIT)
        assert page.locator(".card .num").all_text_contents() == ["1", "2", "3"]
        assert page.locator(".card .id").all_text_contents() == [c.id for c in deck.cards]
        assert page.locator(".card .title").all_text_contents() == ["Welkom", "Nadruk", "Een lange achterkant"]
        titles = ["Welkom", "Nadruk", "Een lange achterkant"]
        for n, card in enumerate(deck.cards):
            for side in ("front", "back"):
                img = cards.nth(n).locator(f".{side} img")
                assert img.get_attribute("alt") == f"Card {n + 1}, {card.id}: {titles[n]}, {side}"
                assert loaded(img) == 840  # A5 at 144 ppi
        assert page.locator("#problems").is_hidden()

        # an edit: that card's title and pictures change, the others' stay
        nadruk = cards.nth(1)
        before = [cards.nth(n).locator(".front img").get_attribute("src") for n in range(3)]
        path = tmp_path / "mijn-deck" / "02-nadruk.yaml"
        good = path.read_text(encoding="utf-8")
        path.write_text(good.replace("title: Nadruk", "title: Nadruk leggen"), encoding="utf-8")
        expect(nadruk.locator(".title")).to_have_text("Nadruk leggen", timeout=WAIT)
        expect(nadruk.locator(".front img")).not_to_have_attribute("src", before[1], timeout=WAIT)
        assert loaded(nadruk.locator(".front img")) == 840
        after = [cards.nth(n).locator(".front img").get_attribute("src") for n in range(3)]
        assert after[0] == before[0] and after[2] == before[2]
        assert nadruk.locator(".front img").get_attribute("alt") == "Card 2, nadruk: Nadruk leggen, front"

        # a syntax error: the CLI's lines above the cards, the last good pictures kept
        path.write_text("label: Kaart 2\ntitle: Nadruk\nfront: [een, twee\n", encoding="utf-8")
        cli_says = CliRunner().invoke(cli, ["check", "mijn-deck"]).stderr.strip()
        assert cli_says.startswith("mijn-deck/02-nadruk.yaml:3: YAML syntax error")
        expect(page.locator("#problem-lines")).to_have_text(cli_says, timeout=WAIT)
        expect(page.locator("#problems")).to_be_visible()
        expect(page.locator("#problems-head")).to_have_text("1 problem: the cards below are the last good version")
        expect(nadruk).to_have_class(re.compile(r"\bstale\b"))
        assert [cards.nth(n).locator(".front img").get_attribute("src") for n in range(3)] == after
        assert page.locator("#build-pages").get_attribute("aria-disabled") == "true"

        # fixed again
        path.write_text(good, encoding="utf-8")
        expect(page.locator("#problems")).to_be_hidden(timeout=WAIT)
        expect(nadruk.locator(".title")).to_have_text("Nadruk", timeout=WAIT)
        expect(nadruk).not_to_have_class(re.compile(r"\bstale\b"))
        expect(nadruk.locator(".front img")).to_have_attribute("src", before[1], timeout=WAIT)  # named by content

        # PDFs built by the server, from the page
        with page.expect_download(timeout=60_000) as download:
            page.locator("#build-pages").click()
        assert download.value.suggested_filename == "mijn-deck-pages.pdf"
        download.value.save_as(tmp_path / "pages.pdf")
        pdf = PdfReader(tmp_path / "pages.pdf")
        assert len(pdf.pages) == 6 and "Welkom" in pdf.pages[0].extract_text()
        with page.expect_download(timeout=60_000) as download:
            cards.nth(2).locator(".handout").click()
        assert download.value.suggested_filename == "mijn-deck-een-lange-achterkant-handout.pdf"

        page.locator(".sizes button[data-size='s']").click()  # smaller cards: two to a row here
        boxes = [cards.nth(n).bounding_box() for n in range(2)]
        assert boxes[0]["y"] == boxes[1]["y"] and boxes[1]["x"] > boxes[0]["x"] + boxes[0]["width"]
        assert errors == []

        code, rest, err = served.stop()
        assert (code, err, rest[-1]) == (0, "", "stopped")
    expect(page.locator("#status-text")).to_contain_text("Not connected", timeout=WAIT)
