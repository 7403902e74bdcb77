"""The speed and scale benchmark: synthetic decks of 10, 100, 1,000 and 5,000 cards (text like the seed
deck's: 7 bullets on the front, 3 paragraphs on the back), each command run as a whole process.

    python benchmarks/run.py                    # all sizes (5,000 cards takes a few minutes)
    python benchmarks/run.py --sizes 10,100     # a quick look
    python benchmarks/run.py --src ../old/src   # the same figures for another checkout (before/after)

For each size it reports the median wall time of --repeat runs (default 3), the peak memory (the largest
resident set of any run) and the output size for `fichegen check`, the `pages` and `sheets` layouts built
from scratch (--no-cache), a rebuild after one card changed (with the cache, as a share of the `pages`
build), imposition alone (plan and writer, the seed deck's faces repeated to as many cards), and Typst
(PyPI package `typst`) typesetting the same text as the reference, twice: in the same design as fichegen's
default template (its fonts, sizes, colour band, rule and footer: the same job), and as a plain document in
Typst's built-in font, for comparison. fichegen's `pages` time is given as a ratio of each. Needs
`pip install typst` (the `bench` extra) for the reference columns."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from decks import cards_of, make_deck  # noqa: E402
from impose import impose_alone  # noqa: E402

import yaml  # noqa: E402

from fichegen.geometry import MM  # noqa: E402

PY = sys.executable


# Measured commands are started by a small process of their own. The peak memory Linux reports for a
# process counts the process it was started from (their memory is shared until the new program starts), and
# this script grows as it makes decks and Typst sources and imposes in-process: started from here, a 60 MiB
# build would report 190.
_LAUNCHER = """
import json, os, subprocess, sys, time
for line in sys.stdin:
    argv, cwd, env = json.loads(line)
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    print(json.dumps([wall, usage.ru_maxrss, os.waitstatus_to_exitcode(status), err.decode(errors="replace")]), flush=True)
"""
_launcher: list = []


def _launch(argv: list[str], cwd: Path, env: dict | None) -> tuple[float, float]:
    if not _launcher:
        _launcher.append(subprocess.Popen([PY, "-c", _LAUNCHER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True))
    launcher = _launcher[0]
    launcher.stdin.write(json.dumps([argv, str(cwd), env]) + "\n")
    launcher.stdin.flush()
    wall, maxrss, code, err = json.loads(launcher.stdout.readline())
    if code != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{err}")
    return wall, maxrss / 1024


def measure(argv: list[str], cwd: Path, repeat: int = 1, env: dict | None = None, before=None) -> tuple[float, float]:
    """(median wall seconds, peak MiB) of a command run as its own process, `repeat` times; `before()`
    runs ahead of each run, untimed."""
    walls, peak = [], 0.0
    for _ in range(repeat):
        if before:
            before()
        wall, rss = _launch(argv, cwd, env)
        walls.append(wall)
        peak = max(peak, rss)
    return statistics.median(walls), peak


def _esc(text: str) -> str:
    return "".join("\\" + c if c in "\\#*_`$<>@[]=-+/~\"'" else c for c in text)


def in_turn(runs: dict, cwd: Path, repeat: int) -> dict[str, tuple[float, float]]:
    """measure() for several commands {name: (argv, env, before)}, one run of each in turn, `repeat` rounds:
    this machine's speed drifts over minutes, and figures that are compared should meet it alike."""
    walls: dict[str, list[float]] = {k: [] for k in runs}
    peaks = dict.fromkeys(runs, 0.0)
    for _ in range(repeat):
        for name, (argv, env, before) in runs.items():
            wall, peak = measure(argv, cwd, 1, env, before)
            walls[name].append(wall)
            peaks[name] = max(peaks[name], peak)
    return {k: (statistics.median(walls[k]), peaks[k]) for k in runs}


def typst_plain(deck: Path) -> str:
    """The same text as a plain Typst document in Typst's built-in font: A5, front then back per card,
    Dutch hyphenation, justified backs. No page furniture: less work than a fichegen face."""
    out = ['#set page(width: 148mm, height: 210mm, margin: (x: 14mm, top: 13mm, bottom: 10mm))',
           '#set text(lang: "nl", hyphenate: true, size: 10pt)', '#set par(justify: true)']
    for card in cards_of(deck):
        out.append(f"#text(size: 8.5pt, tracking: 1.4pt)[{_esc(card['label']).upper()}]\n\n"
                   f"#text(size: 25pt, weight: \"bold\")[{_esc(card['title'])}]\n")
        out += [f"- {_esc(b)}" for b in card["front"]]
        out.append(f"#pagebreak()\n#text(size: 17pt, weight: \"bold\")[{_esc(card['title'])}]\n")
        out += [_esc(p) + "\n" for p in card["back"].split("\n\n")]
        out.append("#pagebreak(weak: true)")
    return "\n".join(out)


def typst_same_design(deck: Path, fonts: Path) -> str:
    """The same text in the same design as fichegen's default template: its fonts (copied into `fonts`),
    sizes, leading, tracking, colours, margins, colour band, rule and footer on every face. Typst's job
    is still a little smaller: no bleed, no crop marks, and no shrinking of type to fit."""
    from fichegen.style import template

    t = template.load("default")
    for family in t.fonts.values():
        for ref in family.values():
            if ref is not None:
                shutil.copy(ref.path, fonts / Path(ref.path).name)
    st = t.styles

    def cmyk(c) -> str:
        return "cmyk(" + ", ".join(f"{100 * v:g}%" for v in c) + ")"

    def gap(style) -> str:  # fichegen's leading is baseline to baseline; Typst's, descender to cap height
        return f"{style.leading - 0.7 * style.size:.2f}pt"

    mt, mr, mb, ml = (v / MM for v in t.margins)
    name = _family_name(t)
    count = len(cards_of(deck))
    footer, prose, bullets = st["footer"], st["prose"], st["bullets"]
    title = deck_title(deck)
    out = [f'#set page(width: 148mm, height: 210mm, margin: (left: {ml:g}mm, right: {mr:g}mm, top: {mt:g}mm, '
           f'bottom: {mb + 6:g}mm), footer-descent: 0pt, footer: context [#set text(size: {footer.size}pt, '
           f'fill: {cmyk(footer.colour)}, tracking: {footer.tracking}pt); www.example.org #h(1fr) {_esc(title)}  ·  '
           f'#calc.ceil(counter(page).get().first() / 2)/{count}])',
           f'#set text(font: "{name}", lang: "nl", hyphenate: true, size: {prose.size}pt, fill: {cmyk(prose.colour)})',
           f'#set par(justify: true, leading: {gap(prose)}, spacing: {prose.space}pt)',
           f'#set list(marker: text(fill: {cmyk(bullets.marker_colour)})[{bullets.marker or "•"}], indent: 0pt, '
           f'body-indent: {bullets.indent - 4:.1f}pt, spacing: {bullets.space}pt)']
    band, accent = t.band_height / MM, cmyk(t.band_colour)
    for card in cards_of(deck):
        out.append(f"#place(top + left, dx: -{ml:g}mm, dy: -{mt:g}mm, rect(width: 148mm, height: {band:g}mm, fill: {accent}))"
                   f"#block(height: {band - mt - 8:g}mm, width: 100%)[#align(bottom)[#text(size: {st['label'].size}pt, "
                   f"tracking: {st['label'].tracking}pt, weight: 700, fill: white)[{_esc(card['label']).upper()}]\n\n"
                   f"#text(size: {st['title'].size}pt, weight: 700, fill: white)[{_esc(card['title'])}]]]\n#v(16mm)")
        out.append(f"#[#set text(size: {bullets.size}pt)\n#set par(justify: false, leading: {gap(bullets)})\n"
                   + "\n".join(f"- {_esc(b)}" for b in card["front"]) + "]")
        out.append(f"#pagebreak()\n#place(top + left, dx: -{ml:g}mm, dy: -{mt:g}mm, rect(width: 148mm, "
                   f"height: {t.back_band_height / MM:g}mm, fill: {accent}))"
                   f"#text(size: {st['label'].size}pt, tracking: {st['label'].tracking}pt, weight: 700, fill: {accent})"
                   f"[{_esc(card['label']).upper()}]\n\n"
                   f"#text(size: {st['back-title'].size}pt, weight: 700, fill: {accent})[{_esc(card['title'])}]\n"
                   f"#line(length: 12mm, stroke: 1.2pt + {accent})\n")
        out += [_esc(p) + "\n" for p in card["back"].split("\n\n")]
        out.append("#pagebreak(weak: true)")
    return "\n".join(out)


def _family_name(t) -> str:
    from fichegen.style import fonts

    name = fonts.face(t.fonts["body"]["regular"]).face.familyName
    return name.decode() if isinstance(name, bytes) else name


def deck_title(deck: Path) -> str:
    return yaml.safe_load((deck / "deck.yaml").read_text(encoding="utf-8"))["title"]


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
    parser.add_argument("--src", help="measure the fichegen source in this folder (e.g. an older checkout's src/) "
                        "instead of the installed one")
    args = parser.parse_args()
    _launch([PY, "-c", "pass"], Path.cwd(), None)  # start the launcher now, while this process is small
    root = Path(__file__).resolve().parents[1]
    fichegen = [PY, "-m", "fichegen"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        env = dict(os.environ, FICHEGEN_CACHE=str(tmp / "cache"))
        if args.src:
            env["PYTHONPATH"] = str(Path(args.src).resolve())
        fresh = dict(env, FICHEGEN_CACHE=str(tmp / "fresh"))  # a first build: an empty cache every run
        for n in (int(s) for s in args.sizes.split(",")):
            deck = make_deck(tmp / f"deck{n}", n)
            row = {"cards": n}
            row["check"] = measure(fichegen + ["check", str(deck)], root, args.repeat, env)
            pages, sheets = tmp / f"p{n}.pdf", tmp / f"s{n}.pdf"
            row["sheets"] = measure(fichegen + ["build", str(deck), "--no-cache", "--layout", "sheets", "-o", str(sheets)],
                                    root, args.repeat, env)
            row["sheets_mb"] = sheets.stat().st_size / 1e6
            row["impose"] = impose_alone(root / "cards" / "generalistisch-werkt", n)[:2] if not args.src else (0.0, 0)
            # the figures that are compared with each other run in turn, so that they meet the machine alike
            cached = fichegen + ["build", str(deck), "-o", str(tmp / f"c{n}.pdf")]
            measure(cached, root, 1, env)  # fills the cache
            runs = {"first": (fichegen + ["build", str(deck), "-o", str(tmp / f"f{n}.pdf")], fresh,
                              lambda: shutil.rmtree(tmp / "fresh", ignore_errors=True)),
                    "pages": (fichegen + ["build", str(deck), "--no-cache", "-o", str(pages)], env, None),
                    "rebuild": (cached, env, one_card_changed(deck))}
            try:
                import typst  # noqa: F401

                fonts = tmp / "fonts"
                fonts.mkdir(exist_ok=True)
                for key, source in (("typst", typst_same_design(deck, fonts)), ("typst_plain", typst_plain(deck))):
                    path = tmp / f"{key}{n}.typ"
                    path.write_text(source, encoding="utf-8")
                    # only the fonts the document uses, and no PDF tags (fichegen writes none): both spare Typst work
                    code = (f"import typst; typst.compile({str(path)!r}, output={str(tmp / f'{key}{n}.pdf')!r}, "
                            f"font_paths=[{str(fonts)!r}], ignore_system_fonts=True, pdf_tags=False)")
                    runs[key] = ([PY, "-c", code], None, None)
            except ImportError:
                row["typst"] = row["typst_plain"] = None
            row.update(in_turn(runs, root, args.repeat))
            row["pages_mb"] = pages.stat().st_size / 1e6
            rows.append(row)
            print_row(row, header=len(rows) == 1)


def print_row(r: dict, header: bool) -> None:
    if header:
        print(f"{'cards':>6} | {'check s':>8} {'MiB':>5} | {'first s':>8} {'MiB':>5} {'first/typst':>11} | "
              f"{'pages s':>8} {'MiB':>5} {'MB':>6} | "
              f"{'sheets s':>8} {'MiB':>5} {'MB':>6} | {'rebuild s':>9} {'%':>5} | {'impose s':>8} {'faces':>6} | "
              f"{'typst s':>8} {'MiB':>5} {'pages/typst':>11} | {'plain s':>8} {'pages/plain':>11}")
    typst, plain = r["typst"], r["typst_plain"]
    typst_cols = (f"{typst[0]:8.2f} {typst[1]:5.0f} {r['pages'][0] / typst[0]:11.2f}" if typst
                  else f"{'n/a':>8} {'':>5} {'n/a':>11}")
    plain_cols = f"{plain[0]:8.2f} {r['pages'][0] / plain[0]:11.2f}" if plain else f"{'n/a':>8} {'n/a':>11}"
    first = f"{r['first'][0] / typst[0]:11.2f}" if typst else f"{'n/a':>11}"
    print(f"{r['cards']:>6} | {r['check'][0]:8.2f} {r['check'][1]:5.0f} | {r['first'][0]:8.2f} {r['first'][1]:5.0f} {first} | "
          f"{r['pages'][0]:8.2f} {r['pages'][1]:5.0f} "
          f"{r['pages_mb']:6.1f} | {r['sheets'][0]:8.2f} {r['sheets'][1]:5.0f} {r['sheets_mb']:6.1f} | "
          f"{r['rebuild'][0]:9.2f} {100 * r['rebuild'][0] / r['pages'][0]:5.1f} | "
          f"{r['impose'][0]:8.3f} {r['impose'][1]:6.0f} | {typst_cols} | {plain_cols}", flush=True)


if __name__ == "__main__":
    main()
