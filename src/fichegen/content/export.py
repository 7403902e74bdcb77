"""A deck → a spreadsheet (the columns content/sheet.py reads: id, label, title, front, back) that reads
back to the same cards. CSV is written as UTF-8 with a BOM (so Excel opens it as UTF-8), comma-separated;
.xlsx with openpyxl in write-only mode (reading never uses openpyxl)."""

from __future__ import annotations

import csv
import io

from fichegen.content import markup
from fichegen.content.model import Deck, Side
from fichegen.errors import Problem

COLUMNS = ("id", "label", "title", "front", "back")
FORMATS = ("xlsx", "csv")


def _side(side: Side, joiner: str) -> str:
    return joiner.join(markup.write(block) for block in side.blocks)


def rows(deck: Deck) -> tuple[list[list[str]], list[Problem]]:
    """The header and one row per card; warnings for sides a spreadsheet holds otherwise (a front in
    prose becomes bullet points, a back of bullet points becomes paragraphs)."""
    out, warnings = [list(COLUMNS)], []
    for card in deck.cards:
        for name, kind, becomes in (("front", "prose", "bullet points"), ("back", "bullets", "paragraphs")):
            if card.side(name).kind == kind and card.side(name).blocks:
                warnings.append(Problem(card.path, card.side(name).line,
                                        f"card '{card.id}' {name}: written as {becomes}, the only kind a spreadsheet's "
                                        f"{name} column holds", warning=True))
        if card.overflow:
            warnings.append(Problem(card.path, card.line, f"card '{card.id}': 'overflow: {card.overflow}' is not kept "
                                                          "(a spreadsheet has no such column); set overflow in deck.yaml", warning=True))
        out.append([card.id, markup.write(card.label), markup.write(card.title),
                    _side(card.front, "\n"), _side(card.back, "\n\n")])
    return out, warnings


def to_bytes(deck: Deck, fmt: str) -> tuple[bytes, list[Problem]]:
    table, warnings = rows(deck)
    if fmt == "csv":
        buf = io.StringIO(newline="")
        csv.writer(buf, lineterminator="\r\n").writerows(table)
        return buf.getvalue().encode("utf-8-sig"), warnings
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("cards")
    for row in table:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue(), warnings
