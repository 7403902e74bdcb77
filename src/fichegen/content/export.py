"""A deck → a spreadsheet (the columns content/sheet.py reads: id, label, title, front, back, and for a
deck in several languages label.fr, title.fr, front.fr, back.fr per language) that reads back to the
same cards. CSV is written as UTF-8 with a BOM (so Excel opens it as UTF-8), comma-separated; .xlsx
with openpyxl in write-only mode (reading never uses openpyxl)."""

from __future__ import annotations

import csv
import io
import re

from fichegen.content import markup
from fichegen.content.model import Deck, Side
from fichegen.content.sheet import MAX_CELL
from fichegen.errors import FichegenError, Problem

COLUMNS = ("id", "label", "title", "front", "back")
TRANSLATED = ("label", "title", "front", "back")  # the columns a translation fills, as `title.fr`
FORMATS = ("xlsx", "csv")


def _side(side: Side, joiner: str) -> str:
    return joiner.join(markup.write(block) for block in side.blocks)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what no spreadsheet cell may hold


def _cells(texts, path: str, card_id: str, problems: list[Problem]) -> list[str]:
    """A card's (or a translation's) label, title, front and back as cells; "" for what it lacks. A text
    no cell can hold, or that fichegen would not read back (longer than sheet.MAX_CELL), is an error."""
    cells = []
    for key in TRANSLATED:
        value = getattr(texts, key)
        if value is None:
            cells.append("")
            continue
        if key in ("label", "title"):
            text, line = markup.write(value), texts.line
        else:
            kind, becomes = ("prose", "bullet points") if key == "front" else ("bullets", "paragraphs")
            if value.kind == kind and value.blocks:
                problems.append(Problem(path, value.line, f"card '{card_id}' {key}: written as {becomes}, the only kind a "
                                                          f"spreadsheet's {key} column holds", warning=True))
            text, line = _side(value, "\n" if key == "front" else "\n\n"), value.line
        if len(text) > MAX_CELL:
            problems.append(Problem(path, line, f"card '{card_id}' {key}: {len(text):,} characters; a spreadsheet cell that "
                                                f"fichegen reads back holds at most {MAX_CELL:,}: keep this card in YAML, or "
                                                "split it into shorter cards"))
        elif (bad := _CONTROL.search(text)) is not None:
            problems.append(Problem(path, line, f"card '{card_id}' {key}: holds the control character "
                                                f"U+{ord(bad.group()):04X}, which a spreadsheet cell cannot hold; remove it"))
        cells.append(text)
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
    """The spreadsheet's bytes and the warnings; raises FichegenError when a card cannot go into one
    that reads back to the same deck."""
    table, warnings = rows(deck, book)
    if any(not p.warning for p in warnings):
        raise FichegenError(warnings)
    if fmt == "csv":
        buf = io.StringIO(newline="")
        csv.writer(buf, lineterminator="\r\n").writerows(table)
        return buf.getvalue().encode("utf-8-sig"), warnings
    import datetime

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    stamp = datetime.datetime.strptime(deck.date or "20000101", "%Y%m%d")  # the deck's date, not the clock
    workbook.properties.created = workbook.properties.modified = stamp
    sheet = workbook.create_sheet("cards")
    for row in table:
        sheet.append(row)
    buf = io.BytesIO()
    workbook.save(buf)
    return _stamped(buf.getvalue(), stamp), warnings


def _stamped(xlsx: bytes, stamp) -> bytes:
    """The workbook's zip again with every entry, and the document's modified date, set to `stamp`
    (openpyxl takes both from the clock when it saves), so the same deck always gives the same bytes."""
    import re
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), data)
            entry = zipfile.ZipInfo(item.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, item.external_attr
            new.writestr(entry, data)
    return out.getvalue()
