"""`order`: the folder to send to a print shop, made as the shop's profile says (printshop/)."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from fichegen.content.model import Deck
from fichegen.geometry import MM, PageGeometry
from fichegen.options import BuildOptions, Layout
from fichegen.pdf import writer
from fichegen.pipeline.drawing import (drawn, label_chars, language_suffix, pdf_info, resource_kit, sheet_plan,
                                       write_pages, write_sheets)
from fichegen.pipeline.prepared import Prepared, Result, prepare
from fichegen.style.template import Template
from fichegen.workers import Pool


def order(deck_path, *, template_name: str | None = None, profile: str | None = None, marks: bool | None = None,
          output: str | Path | None = None, condition: str | None = None, jobs: int = 1,
          language: str | None = None) -> Result:
    """The folder to send to a print shop, made as the shop's profile says (default: offset-fogra39): a
    PDF/X print file (or, for the office printer, sheets), proofs and a job ticket. `marks` and `condition`
    override the profile's. The template's colours are checked against the shop's ink limit before
    anything is drawn, and the print file must pass our preflight with the shop's limits before anything
    is written."""
    from fichegen.output import write_folder_atomic
    from fichegen.printshop import order as printshop
    from fichegen.printshop import profile as profiles

    shop = profiles.load(profile, deck_path).overridden(marks=marks, condition=condition)
    with Pool(jobs) as pool:
        p = prepare(deck_path, template_name, pool=pool, language=language)
        deck, tmpl = p.deck, p.template
        printshop.check_before_drawing(deck, tmpl, shop)
        if shop.page_order == "sheets":
            pdf, pages, sheets = _office_sheets(p, shop, pool)
        else:
            pdf, pages, sheets = _print_file(p, shop, pool), 2 * len(p.printed), ""
    printshop.passed(pdf, shop)
    suffix = language_suffix(language and deck.language)
    cards = [card for _, card in p.printed]
    files = printshop.package(pdf, deck, tmpl, shop, pages=pages, sheets=sheets, suffix=suffix, cards=cards)
    folder = write_folder_atomic(output or Path("output") / f"{deck.slug}-{tmpl.name}-order{suffix}", files)
    return Result(folder, pages, len(cards), p.warnings)


def _print_file(p: Prepared, shop, pool: Pool) -> bytes:
    """One page per face with the shop's bleed and marks, identified as its PDF/X standard."""
    import io

    deck, tmpl = p.deck, p.template
    geometry = PageGeometry(tmpl.trim, bleed=shop.bleed_mm * MM, marks="crop" in shop.marks,
                            registration="registration" in shop.marks, colour_bar="colour-bar" in shop.marks)
    info = _dated_info(deck, tmpl)
    if shop.output is not None:
        out = shop.output
        info = replace(info, pdfx=(out.condition, out.name), standard=shop.standard, registry=out.registry,
                       icc=Path(out.icc).read_bytes() if out.icc else None)
    buf = io.BytesIO()
    kit = resource_kit(tmpl, p.chars, None, deck=deck, ink_limit=shop.ink_limit)
    write_pages(buf, geometry, kit, drawn(p, geometry, kit, pool), info)
    return buf.getvalue()


def _office_sheets(p: Prepared, shop, pool: Pool) -> tuple[bytes, int, str]:
    """The sheets `build --layout sheets` makes, as the profile sets them up; their bytes, the number of
    sheet sides, and how they are to be printed."""
    import io

    deck, tmpl = p.deck, p.template
    options = BuildOptions(Layout.SHEETS, sheet=shop.sheet, duplex=shop.duplex, marks=bool(shop.marks),
                           bleed_mm=shop.bleed_mm)
    plan = sheet_plan(options, deck, tmpl, len(p.printed))
    spec = plan.bleed
    kit = resource_kit(tmpl, p.chars, None, label_chars(plan), deck=deck, ink_limit=shop.ink_limit)
    buf = io.BytesIO()
    info = _dated_info(deck, tmpl)
    sides = write_sheets(buf, p, plan, spec, kit, drawn(p, spec, kit, pool), info)
    per_side = max(len(side.placements) for side in plan.sides)
    how = (f"{plan.sheet.name} sheets, {per_side} card{'s' if per_side != 1 else ''} a side, each front sheet followed by "
           f"its back sheet; print double-sided at actual size, turning on the {shop.duplex} edge")
    return buf.getvalue(), sides, how


def _dated_info(deck: Deck, tmpl: Template) -> writer.Info:
    """A shop's file is dated by the deck (`date:`), else by SOURCE_DATE_EPOCH: never by the clock."""
    return replace(pdf_info(deck, tmpl), date=deck.date or _source_date() or "20000101")


def _source_date() -> str | None:
    """The reproducible-builds convention: SOURCE_DATE_EPOCH fixes the date a build claims."""
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime("%Y%m%d")
