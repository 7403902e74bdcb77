"""The rebuild `fichegen watch` does after one card changed, timed inside one process (as watch runs it):
the pipeline with one MemoryCache kept between builds.

    python benchmarks/rebuild.py [--cards 1000] [--rounds 9] [--layout proof]

Makes a synthetic deck (decks.py), builds it once to fill the cache, then `--rounds` times changes one
word of one card in the middle of the deck and rebuilds; prints the median and range, and checks that the
last rebuild's bytes equal a build without the cache."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from decks import make_deck  # noqa: E402

from fichegen.cache import MemoryCache  # noqa: E402
from fichegen.options import BuildOptions, Layout  # noqa: E402
from fichegen.pipeline import build  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cards", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--layout", default="proof", choices=[layout.value for layout in Layout])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        deck = make_deck(Path(tmp) / "deck", args.cards)
        card = sorted(p for p in deck.glob("*.yaml") if p.name != "deck.yaml")[args.cards // 2]
        options = BuildOptions(Layout(args.layout), output=str(Path(tmp) / "watch.pdf"))
        cache = MemoryCache()
        start = time.perf_counter()
        build(deck, options, cache)
        cache.close(keep=True)
        print(f"{args.cards} cards, {args.layout}: first build {time.perf_counter() - start:.2f} s")
        times = []
        for n in range(args.rounds):
            text = card.read_text(encoding="utf-8")
            card.write_text(text.replace("title: ", f"title: {n} ", 1), encoding="utf-8")
            start = time.perf_counter()
            build(deck, options, cache)
            times.append(time.perf_counter() - start)
            cache.close(keep=True)
        fresh = build(deck, BuildOptions(Layout(args.layout), output=str(Path(tmp) / "fresh.pdf"), cache=False))
        same = fresh.path.read_bytes() == Path(options.output).read_bytes()
        print(f"rebuild after one card changed: median {statistics.median(times):.3f} s "
              f"({min(times):.3f}–{max(times):.3f} s, {args.rounds} rounds); same bytes as without the cache: {same}")


if __name__ == "__main__":
    main()
