"""Imposition speed and size: 2,000 faces onto A4 sheets. Target: under 1 s, sheets ≤ 1.2 × the pages file.

    python benchmarks/impose.py

The faces are drawn first (not timed): the Generalistisch Werkt deck repeated to 1,000 cards. Then the plan
and the sheet writer are timed together, best of three."""

import io
import sys
import tempfile
import time
from pathlib import Path

from fichegen.imposition import plan as impose
from fichegen.layout.compose import faces as deck_faces
from fichegen.options import BuildOptions, Layout
from fichegen.pdf import draw, writer
from fichegen.pipeline import build, prepare, resource_kit

ROOT = Path(__file__).resolve().parents[1]


def impose_alone(deck_path: Path, cards: int | None = None, repeat: int = 3) -> tuple[float, int, bytes]:
    """(best seconds for plan + writer, faces placed, the sheets PDF) for the deck's faces, repeated to
    `cards` cards if given."""
    p = prepare(deck_path)
    deck, tmpl = p.deck, p.template
    faces = list(deck_faces(deck, tmpl, p.scales))
    cards = cards or len(deck.cards)
    faces = (faces * (2 * cards // len(faces) + 1))[: 2 * cards]
    font = tmpl.styles["footer"].font(tmpl)
    plan = impose.plan_sheets(cards, tmpl.trim, "A4", deck=deck.title, template=tmpl.name)
    bleed = max(pl.bleed for s in plan.sides for pl in s.placements)
    labels = "".join(label.text for side in plan.sides for label in side.labels)
    kit = resource_kit(tmpl, p.chars, None, labels, deck=deck)
    contents = list(draw.face_contents(faces, bleed, kit))
    furniture = list(draw.furniture_contents(plan.sides, font, kit))
    info = writer.Info(deck.title, "", "benchmark", "20000101")
    best, out = float("inf"), io.BytesIO()
    for _ in range(repeat):
        out = io.BytesIO()
        start = time.perf_counter()
        plan = impose.plan_sheets(cards, tmpl.trim, "A4", deck=deck.title, template=tmpl.name)
        writer.write_sheets(out, plan, tmpl.trim, bleed, kit.objects, contents, furniture, info)
        best = min(best, time.perf_counter() - start)
    return best, len(faces), out.getvalue()


def main(cards: int = 1000) -> None:
    seconds, faces, sheets = impose_alone(ROOT / "cards" / "generalistisch-werkt", cards)
    with tempfile.TemporaryDirectory() as tmp:
        deck = Path(tmp) / "deck"
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from decks import make_deck

        make_deck(deck, 100)
        pages = build(deck, BuildOptions(output=str(Path(tmp) / "p.pdf"))).path.stat().st_size
        imposed = build(deck, BuildOptions(Layout.SHEETS, output=str(Path(tmp) / "s.pdf"))).path.stat().st_size
    print(f"faces: {faces}")
    print(f"imposition (plan + write), best of 3: {seconds:.3f} s   (target < 1 s)")
    print(f"100 cards: pages PDF {pages / 1e6:.2f} MB, sheets PDF {imposed / 1e6:.2f} MB, "
          f"ratio {imposed / pages:.2f}   (target ≤ 1.20)")


if __name__ == "__main__":
    main()
