"""The pipeline: content → layout → render → write. The CLI calls these and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import content, layout, render, template
from .geometry import MM, PageGeometry
from .write import write_atomic

LAYOUTS = ("pages", "proof")


@dataclass(frozen=True)
class Result:
    path: Path
    pages: int
    cards: int


def prepare(deck_path: str | Path, template_name: str | None = None):
    """Load and validate everything a build needs, and fit the text: what `check` runs."""
    deck = content.load_deck(deck_path)
    origin = None if template_name else (deck.path, deck.template_line)
    tmpl = template.load(template_name or deck.template, origin)
    faces = layout.layout(deck, tmpl)
    return deck, tmpl, faces


def default_output(deck: content.Deck, layout_name: str) -> Path:
    return Path("output") / f"{deck.slug}-{layout_name}.pdf"


def build(deck_path, *, layout_name: str = "pages", template_name: str | None = None, bleed_mm: float = 3.0,
          marks: bool = True, output: str | Path | None = None) -> Result:
    deck, tmpl, faces = prepare(deck_path, template_name)
    subject = f"{len(deck.cards)} cards, template {tmpl.name}"
    if layout_name == "proof":
        geometry = PageGeometry(tmpl.trim, bleed=0.0, marks=False)
        outline = [(2 * i, _title(card)) for i, card in enumerate(deck.cards)]
    else:
        geometry = PageGeometry(tmpl.trim, bleed=bleed_mm * MM, marks=marks)
        outline = None
    pdf = render.render_pages(faces, geometry, title=deck.title, subject=subject, outline=outline)
    path = write_atomic(output or default_output(deck, layout_name), pdf)
    return Result(path, len(faces), len(deck.cards))


def _title(card: content.Card) -> str:
    label = "".join(s.text for s in card.label)
    title = "".join(s.text for s in card.title)
    return f"{label}: {title}" if label else title
