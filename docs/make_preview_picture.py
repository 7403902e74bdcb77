"""Regenerate docs/preview.png, the README's picture of `fichegen serve`: python docs/make_preview_picture.py

Serves a copy of the Generalistisch Werkt deck, breaks one line of a card (so the page shows a problem above
the cards, as it does while you write), and takes a screenshot with headless Chromium driven by Playwright
(pip install '.[test]'; Debian: apt-get install chromium)."""

import io
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image
from playwright.sync_api import expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        deck = Path(tmp) / "generalistisch-werkt"
        shutil.copytree(ROOT / "cards" / "generalistisch-werkt", deck)
        serve = subprocess.Popen([sys.executable, "-m", "fichegen.cli", "serve", deck.name, "--port", "0"], cwd=tmp,
                                 stdout=subprocess.PIPE, text=True)
        try:
            url = re.search(r"at (\S+) ", serve.stdout.readline())[1]
            with sync_playwright() as p:
                browser = p.chromium.launch_persistent_context(str(Path(tmp) / "profile"), headless=True, args=ARGS,
                                                               executable_path=shutil.which("chromium"),
                                                               viewport={"width": 1440, "height": 940})
                page = browser.pages[0] if browser.pages else browser.new_page()
                page.goto(url)
                page.locator(".sizes button[data-size='s']").click()
                expect(page.locator("article.card")).to_have_count(10, timeout=30_000)
                page.wait_for_timeout(1500)  # the watch subscribes just after the first rendering
                card = deck / "02-vertrouwensrelatie.yaml"
                card.write_text(card.read_text(encoding="utf-8").replace(
                    "duidelijkheid begint", "duidelijkheid: begint"), encoding="utf-8")
                expect(page.locator("#problems")).to_be_visible(timeout=30_000)
                for img in page.locator("img").all()[:8]:
                    expect(img).to_have_js_property("complete", True, timeout=30_000)
                page.wait_for_timeout(1500)  # the flash of a changed card is over
                shot = page.screenshot()
                browser.close()
        finally:
            serve.send_signal(signal.SIGINT)
            serve.wait(timeout=10)
    Image.open(io.BytesIO(shot)).save(ROOT / "docs" / "preview.png", optimize=True)
    print("wrote docs/preview.png")


if __name__ == "__main__":
    main()
