"""Sheets made one at a time, in this process: one card's handout (a continued card's every printed
card, or one of them) and the printer's calibration sheet."""

from __future__ import annotations

import itertools
from dataclasses import replace
from pathlib import Path

from fichegen.content.model import Deck
from fichegen.errors import FichegenError, Problem, suggest
from fichegen.geometry import MM
from fichegen.layout.fit import Fitting
from fichegen.output import open_atomic
from fichegen.pdf import writer
from fichegen.pipeline.drawing import drawn, label_chars, language_suffix, pdf_info, resource_kit, write_sheets
from fichegen.pipeline.prepared import Prepared, Result, prepare
from fichegen.style import template as style


def _imposed(out, p: Prepared, plan, info: writer.Info, cards: list[int], faces: slice = slice(None)) -> int:
    """A plan for a few cards (a handout, the calibration sheet), drawn here; `faces`: which of their
    faces (one printed card of a continued card)."""
    bleed = plan.bleed
    drawn_cards = replace(p.deck, cards=tuple(p.deck.cards[i] for i in cards))  # their pictures only, not the deck's
    kit = resource_kit(p.template, p.chars, None, label_chars(plan), deck=drawn_cards)
    chosen = itertools.islice(drawn(p, bleed, kit, cards=cards), faces.start, faces.stop)
    return write_sheets(out, p, plan, bleed, kit, chosen, info)


def handout(deck_path, card_id: str, *, fold: bool = False, template_name: str | None = None,
            sheet: str = "A4", output: str | Path | None = None, language: str | None = None) -> Result:
    """One card's front and back side by side on one sheet, with a cut line (or a fold line), at the
    deck's own type scales; a continued card's every printed card, one a sheet, or (by its id, `x.b`)
    one of them."""
    from fichegen.imposition import plan as imposition

    p = prepare(deck_path, template_name, language=language)
    deck, tmpl = p.deck, p.template
    ids = [c.id for c in deck.cards]
    parts = [card.id for _, card in p.printed if card.id not in ids]  # the continuation cards' own ids
    if card_id not in ids + parts:
        raise FichegenError(Problem(deck.path, None, f"no card with id '{card_id}'{suggest(card_id, ids + parts)}; "
                                                     f"the deck's cards are: {', '.join(ids)}"))
    i = ids.index(card_id.split(".")[0])
    mine = [card for source, card in p.printed if source == i]
    k = next(n for n, card in enumerate(mine) if card.id == card_id) if card_id in parts else None
    plan = imposition.plan_fold(list(range(len(mine) if k is None else 1)), tmpl.trim, sheet,
                                line="fold" if fold else "cut", deck=deck.title, template=tmpl.name)
    path = Path(output or Path("output") / f"{deck.slug}-{card_id}-handout{language_suffix(language and deck.language)}.pdf")
    with open_atomic(path) as out:
        _imposed(out, p, plan, pdf_info(deck, tmpl, f"{deck.title}: {mine[k or 0].heading}"), [i],
                 slice(None) if k is None else slice(2 * k, 2 * k + 2))
    return Result(path, len(plan.sides), len(mine) if k is None else 1, p.warnings)


def calibrate(*, sheet: str = "A4", duplex: str = "long", back_offset_mm: tuple[float, float] = (0.0, 0.0),
              output: str | Path | None = None) -> Result:
    from fichegen.imposition import plan as imposition

    plan = imposition.plan_calibration(sheet, duplex, (back_offset_mm[0] * MM, back_offset_mm[1] * MM))
    tmpl = style.load("default")
    empty = Deck("calibration", "", "fichegen duplex calibration", "en", "default", 1, "", (), None)
    p = Prepared(empty, tmpl, Fitting({}, ()), {}, "")
    path = Path(output or Path("output") / f"calibrate-{plan.sheet.name.lower()}-{duplex}.pdf")
    with open_atomic(path) as out:
        _imposed(out, p, plan, pdf_info(empty, tmpl), [])
    return Result(path, 2, 0)
