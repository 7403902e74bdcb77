"""The live preview's update after one card changed, in a 1,000-card deck (`fichegen serve`'s budget: 0.5 s).

    python benchmarks/preview.py [--cards 1000] [--rounds 9] [--no-serve]

1. Inside one process, as the server runs it: a Renderer (fichegen.preview.render) renders the deck once,
   then `--rounds` times one word of one card in the middle of the deck changes and `refresh()` runs: the
   deck read again, the changed card fitted and drawn through the pipeline with the MemoryCache, its two
   faces rendered to PNG. Prints the median and range, and checks that exactly that card changed.
2. The same edit once in a card that sets the deck's type smaller, so every card changes (for the record:
   no picture is rendered until a browser asks for it).
3. Unless --no-serve: `fichegen serve` as a subprocess, and the time from saving a card to the page's event
   stream delivering the update (file event, debounce, refresh, event), median of `--rounds`."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from decks import make_deck  # noqa: E402

from fichegen.preview.render import Renderer  # noqa: E402
from fichegen.workers import Pool  # noqa: E402


def in_process(deck: Path, cards: int, rounds: int) -> None:
    renderer = Renderer(str(deck))
    start = time.perf_counter()
    with Pool(os.cpu_count() or 1) as pool:
        renderer.refresh(pool)
    print(f"{cards} cards: first rendering (no pictures yet) {time.perf_counter() - start:.2f} s")
    card = sorted(p for p in deck.glob("*.yaml") if p.name != "deck.yaml")[cards // 2]
    times = []
    for n in range(rounds):
        text = card.read_text(encoding="utf-8")
        card.write_text(text.replace("title: ", f"title: {n} ", 1), encoding="utf-8")
        start = time.perf_counter()
        update = renderer.refresh()
        times.append(time.perf_counter() - start)
        assert len(update.changed) == 1 and not update.everything, update
        changed = next(c for c in renderer.view.cards if c.id == update.changed[0])
        assert changed.front in renderer._pngs and changed.back in renderer._pngs  # rendered within the time
    print(f"refresh after one card changed, its two pictures rendered: median {statistics.median(times):.3f} s "
          f"({min(times):.3f}–{max(times):.3f} s, {rounds} rounds)")

    text = card.read_text(encoding="utf-8")
    card.write_text(text.replace("back: ", "back: " + "Een zin die de achterkant veel langer maakt dan de rest. " * 12, 1),
                    encoding="utf-8")
    start = time.perf_counter()
    update = renderer.refresh()
    took = time.perf_counter() - start
    print(f"refresh after a card set the deck's type smaller ({len(update.changed)} cards changed, "
          f"everything={update.everything}): {took:.2f} s; pictures rendered when asked for")
    card.write_text(text, encoding="utf-8")
    renderer.refresh()


def through_the_server(deck: Path, rounds: int) -> None:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "fichegen.cli", "serve", str(deck), "--port", "0"],
                            stdout=subprocess.PIPE, text=True, env=env)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in proc.stdout], daemon=True).start()
    try:
        port = int(re.search(r":(\d+)/", lines.get(timeout=60))[1])
        lines.get(timeout=300)  # rendered
        time.sleep(1.0)  # the watch subscribes just after the first rendering
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/events")
        answer = conn.getresponse()
        events: queue.Queue = queue.Queue()

        def read():
            for raw in answer:
                if raw.startswith(b"data: "):
                    events.put(json.loads(raw[6:]))
        threading.Thread(target=read, daemon=True).start()
        events.get(timeout=10)
        card = sorted(p for p in deck.glob("*.yaml") if p.name != "deck.yaml")[len(list(deck.glob("*.yaml"))) // 3]
        times = []
        for n in range(rounds):
            text = card.read_text(encoding="utf-8")
            start = time.perf_counter()
            card.write_text(text.replace("title: ", f"title: s{n} ", 1), encoding="utf-8")
            while True:
                view = events.get(timeout=30)
                if any(c["title"].startswith(f"s{n} ") for c in view["cards"]):
                    break
            times.append(time.perf_counter() - start)
            time.sleep(0.3)
        print(f"fichegen serve: a saved card on the page's event stream: median {statistics.median(times):.3f} s "
              f"({min(times):.3f}–{max(times):.3f} s, {rounds} rounds)")
        conn.close()
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=10)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cards", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--no-serve", action="store_true", help="skip the measurement through fichegen serve")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        deck = make_deck(Path(tmp) / "deck", args.cards)
        in_process(deck, args.cards, args.rounds)
        if not args.no_serve:
            through_the_server(deck, args.rounds)


if __name__ == "__main__":
    main()
