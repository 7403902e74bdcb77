"""Imposition speed and size: 2,000 faces onto A4 sheets. Target: under 1 s, sheets ≤ 1.2 × the pages file.

    python benchmarks/impose.py

The faces are rendered first (not timed): the Generalistisch Werkt deck repeated to 1,000 cards. Then the
plan and the pypdf writer are timed together, best of three."""

import time
from pathlib import Path

from fichegen import impose, render
from fichegen.build import prepare
from fichegen.geometry import MM, PageGeometry
from fichegen.sheetwriter import write_imposition

ROOT = Path(__file__).resolve().parents[1]


def main(cards: int = 1000) -> None:
    p = prepare(ROOT / "cards" / "generalistisch-werkt")
    deck, tmpl, faces = p.deck, p.template, list(p.faces())
    faces = (faces * (2 * cards // len(faces) + 1))[: 2 * cards]
    font = tmpl.styles["footer"].font(tmpl)
    plan = impose.plan_sheets(cards, tmpl.trim, "A4", deck=deck.title, template=tmpl.name)
    bleed = max(p.bleed for s in plan.sides for p in s.placements)
    source = render.render_for_imposition(faces, bleed, plan.sides, font, deck.title)
    pages = render.render_pages(faces, PageGeometry(tmpl.trim, bleed=3 * MM, marks=True), font=font, title=deck.title)
    times = []
    for _ in range(3):
        start = time.perf_counter()
        plan = impose.plan_sheets(cards, tmpl.trim, "A4", deck=deck.title, template=tmpl.name)
        sheets = write_imposition(source, plan, title=deck.title, duplex="long")
        times.append(time.perf_counter() - start)
    print(f"faces: {len(faces)}  sheet sides: {len(plan.sides)}")
    print(f"imposition (plan + write), best of 3: {min(times):.3f} s   (target < 1 s)")
    print(f"pages PDF: {len(pages) / 1e6:.2f} MB   sheets PDF: {len(sheets) / 1e6:.2f} MB   "
          f"ratio {len(sheets) / len(pages):.2f}   (target ≤ 1.20)")


if __name__ == "__main__":
    main()
