"""A deck → a spreadsheet (the columns content/sheet.py reads: id, label, title, front, back, and for a
deck in several languages label.fr, title.fr, front.fr, back.fr per language) that reads back to the
same cards. CSV is written as UTF-8 with a BOM (so Excel opens it as UTF-8), comma-separated; .xlsx
with openpyxl in write-only mode (reading never uses openpyxl)."""

from __future__ import annotations

import csv
import io

from fichegen.content import markup
from fichegen.content.model import Deck, Side
from fichegen.errors import Problem

COLUMNS = ("id", "label", "title", "front", "back")
TRANSLATED = ("label", "title", "front", "back")  # the columns a translation fills, as `title.fr`
FORMATS = ("xlsx", "csv")


def _side(side: Side, joiner: str) -> str:
    return joiner.join(markup.write(block) for block in side.blocks)


def _cells(texts, path: str, card_id: str, warnings: list[Problem]) -> list[str]:
    """A card's (or a translation's) label, title, front and back as cells; "" for what it lacks."""
    cells = []
    for key in TRANSLATED:
        value = getattr(texts, key)
        if value is None:
            cells.append("")
        elif key in ("label", "title"):
            cells.append(markup.write(value))
        else:
            kind, becomes = ("prose", "bullet points") if key == "front" else ("bullets", "paragraphs")
            if value.kind == kind and value.blocks:
                warnings.append(Problem(path, value.line, f"card '{card_id}' {key}: written as {becomes}, the only kind a "
                                                          f"spreadsheet's {key} column holds", warning=True))
            cells.append(_side(value, "\n" if key == "front" else "\n\n"))
    return cells


def rows(deck: Deck, book=None) -> tuple[list[list[str]], list[Problem]]:
    """The header and one row per card, with the translations of `book` (translations.Book) in columns
    of their own; warnings for sides a spreadsheet holds otherwise (a front in prose becomes bullet
    points, a back of bullet points becomes paragraphs)."""
    others = list(deck.languages[1:]) if book is not None else []
    out, warnings = [list(COLUMNS) + [f"{key}.{lang}" for lang in others for key in TRANSLATED]], []
    for card in deck.cards:
        kept = [key for key, value in (("image", card.image), ("link", card.link), ("qr", card.qr is not None)) if value]
        if kept:
            warnings.append(Problem(card.path, card.line, f"card '{card.id}': {', '.join(kept)} left out; a spreadsheet "
                                                          "has columns for text only", warning=True))
        if card.overflow:
            warnings.append(Problem(card.path, card.line, f"card '{card.id}': 'overflow: {card.overflow}' is not kept "
                                                          "(a spreadsheet has no such column); set overflow in deck.yaml", warning=True))
        row = [card.id] + _cells(card, card.path, card.id, warnings)
        for lang in others:
            tr = book.cards.get(lang, {}).get(card.id)  # load_translated raises for one that has errors
            row += _cells(tr, tr.path, card.id, warnings) if tr is not None else [""] * len(TRANSLATED)
        out.append(row)
    return out, warnings


def to_bytes(deck: Deck, fmt: str, book=None) -> tuple[bytes, list[Problem]]:
    table, warnings = rows(deck, book)
    if fmt == "csv":
        buf = io.StringIO(newline="")
        csv.writer(buf, lineterminator="\r\n").writerows(table)
        return buf.getvalue().encode("utf-8-sig"), warnings
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("cards")
    for row in table:
        sheet.append(row)
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue(), warnings
