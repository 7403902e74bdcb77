"""A deck with photos (cards/buiten-leren: five 1600 × 1000 JPEGs) as `watch` and `serve` keep it up to date,
timed inside one process with one MemoryCache: the rebuild after a character the deck has not set yet is
typed (the fonts' subsets grow, so the resource document is made again), after a word, and the preview's
refresh likewise; and the size of a one-card handout and of one preview card's PDF.

    python benchmarks/photos.py [--rounds 5]

Checks that the last rebuild's bytes equal a build without the cache."""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from fichegen.cache import MemoryCache
from fichegen.options import BuildOptions, Layout
from fichegen.pipeline import build, faces, handout
from fichegen.preview.render import Renderer

ROOT = Path(__file__).resolve().parents[1]
NEW = "½¼¾⅓⅔⅛⅜⅝⅞"  # characters the deck does not set: one each round
CARD = "03-op-kleurenjacht.yaml"


def _type(card: Path, text: str) -> None:
    card.write_text(card.read_text(encoding="utf-8").replace("title: ", f"title: {text} ", 1), encoding="utf-8")


def _figure(times: list[float]) -> str:
    return f"median {statistics.median(times):.2f} s ({min(times):.2f}–{max(times):.2f} s)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        deck = Path(tmp) / "buiten-leren"
        shutil.copytree(ROOT / "cards" / "buiten-leren", deck)
        options = BuildOptions(Layout.PAGES, output=str(Path(tmp) / "watch.pdf"), jobs=1)
        cache = MemoryCache()
        start = time.perf_counter()
        build(deck, options, cache)
        cache.close(keep=True)
        print(f"build (watch's first): {time.perf_counter() - start:.2f} s")
        new, word = [], []
        for n in range(args.rounds):
            for text, times in ((NEW[n], new), (f"w{n}", word)):
                _type(deck / CARD, text)
                start = time.perf_counter()
                build(deck, options, cache)
                times.append(time.perf_counter() - start)
                cache.close(keep=True)
        fresh = build(deck, BuildOptions(Layout.PAGES, output=str(Path(tmp) / "fresh.pdf"), jobs=1, cache=False))
        same = fresh.path.read_bytes() == Path(options.output).read_bytes()
        print(f"rebuild after a new character: {_figure(new)}; after a word: {_figure(word)}; "
              f"same bytes as without the cache: {same}")

        shutil.rmtree(deck)
        shutil.copytree(ROOT / "cards" / "buiten-leren", deck)
        preview = Renderer(str(deck))
        start = time.perf_counter()
        preview.refresh()
        print(f"preview, first refresh: {time.perf_counter() - start:.2f} s")
        new, word = [], []
        for n in range(args.rounds):
            for text, times in ((NEW[n], new), (f"w{n}", word)):
                _type(deck / CARD, text)
                start = time.perf_counter()
                preview.refresh()
                times.append(time.perf_counter() - start)
        print(f"preview refresh after a new character (every card's pictures rendered again): {_figure(new)}; "
              f"after a word (one card's): {_figure(word)}")
        one = faces(deck).pdf([2])  # card 3, na-de-regen, and its photo
        sheet = handout(deck, "na-de-regen", output=Path(tmp) / "handout.pdf").path
        print(f"one preview card's PDF: {len(one) / 1e6:.1f} MB; handout of na-de-regen: {sheet.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
