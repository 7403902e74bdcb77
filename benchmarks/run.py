"""The speed and scale benchmark: synthetic decks of 10, 100, 1,000 and 5,000 cards (text like the seed
deck's: 7 bullets on the front, 3 paragraphs on the back), each command run as a whole process.

    python benchmarks/run.py                    # all sizes (5,000 cards takes a few minutes)
    python benchmarks/run.py --sizes 10,100     # a quick look

For each size it reports wall time, peak memory (the process's maximum resident set) and output size for
`fichegen check`, the `pages` and `sheets` layouts, imposition alone, and Typst (PyPI package `typst`)
typesetting the same text as the reference; fichegen's `pages` time is given as a ratio of Typst's.
Needs `pip install typst` for the reference column."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from decks import cards_of, make_deck  # noqa: E402

PY = sys.executable


def measure(argv: list[str], cwd: Path, repeat: int = 1) -> tuple[float, float]:
    """(best wall seconds, peak MiB) of a command run as its own process."""
    best, peak = float("inf"), 0.0
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: {' '.join(argv)}\n{proc.stderr.read().decode()}")
        best, peak = min(best, wall), max(peak, usage.ru_maxrss / 1024)
    return best, peak


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


def impose_alone(deck: Path, cwd: Path) -> tuple[float, float]:
    """Plan and pypdf writer only, timed inside one process after the faces are rendered (best of 3)."""
    code = f"""
import time
from fichegen import impose, render
from fichegen.build import prepare
from fichegen.sheetwriter import write_imposition
p = prepare({str(deck)!r})
faces = list(p.faces())
font = p.template.styles['footer'].font(p.template)
plan = impose.plan_sheets(len(p.deck.cards), p.template.trim, 'A4')
src = render.render_for_imposition(faces, 0.0, plan.sides, font, 'x')
best = 9e9
for _ in range(3):
    t = time.perf_counter()
    plan = impose.plan_sheets(len(p.deck.cards), p.template.trim, 'A4')
    write_imposition(src, plan, title='x', duplex='long')
    best = min(best, time.perf_counter() - t)
print(best)
"""
    out = subprocess.run([PY, "-c", code], cwd=cwd, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1]), 2.0 * len(cards_of(deck))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000,5000")
    parser.add_argument("--repeat", type=int, default=1, help="runs per figure; the best is reported")
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[1]
    fichegen = [PY, "-m", "fichegen"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for n in (int(s) for s in args.sizes.split(",")):
            deck = make_deck(tmp / f"deck{n}", n)
            row = {"cards": n}
            row["check"] = measure(fichegen + ["check", str(deck)], root, args.repeat)
            pages, sheets = tmp / f"p{n}.pdf", tmp / f"s{n}.pdf"
            row["pages"] = measure(fichegen + ["build", str(deck), "-o", str(pages)], root, args.repeat)
            row["pages_mb"] = pages.stat().st_size / 1e6
            row["sheets"] = measure(fichegen + ["build", str(deck), "--layout", "sheets", "-o", str(sheets)], root, args.repeat)
            row["sheets_mb"] = sheets.stat().st_size / 1e6
            row["impose"] = impose_alone(deck, root)
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
              f"{'sheets s':>8} {'MiB':>5} {'MB':>6} | {'impose s':>8} {'faces':>6} | {'typst s':>8} {'MiB':>5} | {'pages/typst':>11}")
    typst = r["typst"]
    ratio = f"{r['pages'][0] / typst[0]:.2f}" if typst else "n/a"
    typst_cols = f"{typst[0]:8.2f} {typst[1]:5.0f}" if typst else f"{'n/a':>8} {'':>5}"
    print(f"{r['cards']:>6} | {r['check'][0]:8.2f} {r['check'][1]:5.0f} | {r['pages'][0]:8.2f} {r['pages'][1]:5.0f} "
          f"{r['pages_mb']:6.1f} | {r['sheets'][0]:8.2f} {r['sheets'][1]:5.0f} {r['sheets_mb']:6.1f} | "
          f"{r['impose'][0]:8.3f} {r['impose'][1]:6.0f} | {typst_cols} | {ratio:>11}", flush=True)


if __name__ == "__main__":
    main()
