"""The speed and scale benchmark: synthetic decks of 10, 100, 1,000 and 5,000 cards (text like the seed
deck's: 7 bullets on the front, 3 paragraphs on the back), each command run as a whole process.

    python benchmarks/run.py                    # all sizes (5,000 cards takes a few minutes)
    python benchmarks/run.py --sizes 10,100     # a quick look

For each size it reports the median wall time of --repeat runs (default 3), the peak memory (the largest
resident set of any run) and the output size for `fichegen check`, the `pages` and `sheets` layouts built
from scratch (--no-cache), a rebuild after one card changed (with the cache, as a share of the `pages`
build), imposition alone (plan and writer, the seed deck's faces repeated to as many cards), and Typst
(PyPI package `typst`) typesetting the same text as the reference; fichegen's `pages` time is given as a
ratio of Typst's. Needs `pip install typst` for the reference column."""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from decks import cards_of, make_deck  # noqa: E402
from impose import impose_alone  # noqa: E402

PY = sys.executable


def measure(argv: list[str], cwd: Path, repeat: int = 1, env: dict | None = None, before=None) -> tuple[float, float]:
    """(median wall seconds, peak MiB) of a command run as its own process, `repeat` times; `before()`
    runs ahead of each run, untimed."""
    walls, peak = [], 0.0
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        walls.append(time.perf_counter() - start)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(argv)}\n{proc.stderr.read().decode()}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return statistics.median(walls), peak


def typst_source(deck: Path) -> str:
    """The same text as a Typst document: A5, front then back per card, Dutch hyphenation, justified backs."""
    def esc(text: str) -> str:
        return "".join("\\" + c if c in "\\#*_`$<>@[]=-+/~\"'" else c for c in text)

    out = ['#set page(width: 148mm, height: 210mm, margin: (x: 14mm, top: 13mm, bottom: 10mm))',
           '#set text(lang: "nl", hyphenate: true, size: 10pt)', '#set par(justify: true)']
    for card in cards_of(deck):
        out.append(f"#text(size: 8.5pt, tracking: 1.4pt)[{esc(card['label']).upper()}]\n\n"
                   f"#text(size: 25pt, weight: \"bold\")[{esc(card['title'])}]\n")
        out += [f"- {esc(b)}" for b in card["front"]]
        out.append(f"#pagebreak()\n#text(size: 17pt, weight: \"bold\")[{esc(card['title'])}]\n")
        out += [esc(p) + "\n" for p in card["back"].split("\n\n")]
        out.append("#pagebreak(weak: true)")
    return "\n".join(out)


def one_card_changed(deck: Path):
    """A function that changes one card in the middle of the deck (its title, a new number each time)."""
    cards = sorted(p for p in deck.glob("*.yaml") if p.name != "deck.yaml")
    card, count = cards[len(cards) // 2], [0]

    def change() -> None:
        count[0] += 1
        text = card.read_text(encoding="utf-8")
        card.write_text(re.sub(r"(?m)^title: .*$", f"title: Basishouding {count[0]}", text), encoding="utf-8")
    return change


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000,5000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is reported")
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[1]
    fichegen = [PY, "-m", "fichegen"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, FICHEGEN_CACHE=str(tmp / "cache"))
        for n in (int(s) for s in args.sizes.split(",")):
            deck = make_deck(tmp / f"deck{n}", n)
            row = {"cards": n}
            row["check"] = measure(fichegen + ["check", str(deck)], root, args.repeat, env)
            pages, sheets = tmp / f"p{n}.pdf", tmp / f"s{n}.pdf"
            row["pages"] = measure(fichegen + ["build", str(deck), "--no-cache", "-o", str(pages)], root, args.repeat, env)
            row["pages_mb"] = pages.stat().st_size / 1e6
            row["sheets"] = measure(fichegen + ["build", str(deck), "--no-cache", "--layout", "sheets", "-o", str(sheets)],
                                    root, args.repeat, env)
            row["sheets_mb"] = sheets.stat().st_size / 1e6
            cached = fichegen + ["build", str(deck), "-o", str(tmp / f"c{n}.pdf")]
            measure(cached, root, 1, env)  # fills the cache
            row["rebuild"] = measure(cached, root, args.repeat, env, before=one_card_changed(deck))
            row["impose"] = impose_alone(root / "cards" / "generalistisch-werkt", n)[:2]
            try:
                import typst  # noqa: F401

                source = tmp / f"t{n}.typ"
                source.write_text(typst_source(deck), encoding="utf-8")
                code = f"import typst; typst.compile({str(source)!r}, output={str(tmp / f't{n}.pdf')!r})"
                row["typst"] = measure([PY, "-c", code], root, args.repeat)
            except ImportError:
                row["typst"] = None
            rows.append(row)
            print_row(row, header=len(rows) == 1)


def print_row(r: dict, header: bool) -> None:
    if header:
        print(f"{'cards':>6} | {'check s':>8} {'MiB':>5} | {'pages s':>8} {'MiB':>5} {'MB':>6} | "
              f"{'sheets s':>8} {'MiB':>5} {'MB':>6} | {'rebuild s':>9} {'%':>5} | {'impose s':>8} {'faces':>6} | "
              f"{'typst s':>8} {'MiB':>5} | {'pages/typst':>11}")
    typst = r["typst"]
    ratio = f"{r['pages'][0] / typst[0]:.2f}" if typst else "n/a"
    typst_cols = f"{typst[0]:8.2f} {typst[1]:5.0f}" if typst else f"{'n/a':>8} {'':>5}"
    print(f"{r['cards']:>6} | {r['check'][0]:8.2f} {r['check'][1]:5.0f} | {r['pages'][0]:8.2f} {r['pages'][1]:5.0f} "
          f"{r['pages_mb']:6.1f} | {r['sheets'][0]:8.2f} {r['sheets'][1]:5.0f} {r['sheets_mb']:6.1f} | "
          f"{r['rebuild'][0]:9.2f} {100 * r['rebuild'][0] / r['pages'][0]:5.1f} | "
          f"{r['impose'][0]:8.3f} {r['impose'][1]:6.0f} | {typst_cols} | {ratio:>11}", flush=True)


if __name__ == "__main__":
    main()
