"""Cards from a spreadsheet (.xlsx, .ods, .csv) → the same Cards as YAML card files give, each
remembering its file and row, so every problem names the cell: `kaarten.xlsx:Blad1!C5: title is empty`
(for CSV, the line: `kaarten.csv:5: ...`).

Workbooks are read by python-calamine, which never expands XML entities. Before it sees a workbook,
the zip is checked here with zipfile (declared and real sizes, compression ratio, entity declarations,
how far the cells reach), so a hostile file is refused in a moment, in bounded memory."""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from fichegen.content import markup
from fichegen.content.model import Card, Side
from fichegen.errors import FichegenError, Problem, Problems, suggest

SUFFIXES = (".xlsx", ".ods", ".csv")
MAX_FILE = 20_000_000  # bytes on disk
MAX_UNPACKED = 50_000_000  # bytes a workbook's zip may unpack to
MAX_RATIO = 100  # unpacked : packed, beyond which a workbook is a zip bomb
MAX_CELLS = 2_000_000  # the area a workbook's cells may span (calamine allocates it whole)
MAX_ROWS = 5_000  # card rows
MAX_CELL = 20_000  # characters in one cell
SAVE_UTF8 = ("save it as CSV UTF-8 (Excel: Save As, 'CSV UTF-8 (comma delimited)'; "
             "LibreOffice: character set 'Unicode (UTF-8)')")


def split(spec: str | Path) -> tuple[Path, str | None]:
    """'kaarten.xlsx#Blad2' → (kaarten.xlsx, 'Blad2'); a plain path → (path, None)."""
    text = str(spec)
    name, hash_, sheet = text.rpartition("#")
    if hash_ and Path(name).suffix.lower() in SUFFIXES:
        return Path(name), sheet
    return Path(text), None


def is_sheet(spec: str | Path) -> bool:
    """Whether a path (with or without '#sheet') names a spreadsheet fichegen reads cards from."""
    return split(spec)[0].suffix.lower() in SUFFIXES


@dataclass
class Table:
    """A sheet's rows as texts, with where each came from: `rows` are (line, cells); for a workbook
    `sheet` is the sheet's name and (line, column) a cell, for CSV `sheet` is None and line the line
    the record starts on."""

    path: Path
    sheet: str | None
    rows: list[tuple[int, list[str]]]

    def at(self, line: int, column: int | None = None) -> dict:
        """Problem fields (line, where) for a cell, or a row when column is None."""
        if self.sheet is None:
            return {"line": line}
        name = self.sheet if re.fullmatch(r"\w+", self.sheet) else "'" + self.sheet.replace("'", "''") + "'"
        return {"line": line, "where": f"{name}!{column_name(column or 0)}{line}"}

    def problem(self, message: str, line: int | None = None, column: int | None = None) -> Problem:
        at = self.at(line, column) if line else {"line": None}
        return Problem(str(self.path), message=message, **at)


def column_name(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA'."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _fail(path: Path, message: str, line: int | None = None) -> FichegenError:
    return FichegenError(Problem(str(path), line, message))


def read(path: Path, sheet: str | None = None) -> Table:
    """The rows of a CSV file or a workbook's sheet (default: the first); FichegenError when it
    cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE:
            raise _fail(path, f"file is {size:,} bytes; the limit is {MAX_FILE:,} (is this really a deck?)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise _fail(path, "no such file") from None
    except IsADirectoryError:
        raise _fail(path, "is a folder, not a spreadsheet") from None
    except OSError as e:
        raise _fail(path, f"cannot read file: {e.strerror}") from None
    if path.suffix.lower() == ".csv":
        if sheet is not None:
            raise _fail(path, f"a CSV file has no sheets; leave out '#{sheet}'")
        return _read_csv(path, data)
    return _read_workbook(path, data, sheet)


def _read_csv(path: Path, data: bytes) -> Table:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise _fail(path, f"not UTF-8 text: byte 0x{data[e.start]:02x} cannot be read; {SAVE_UTF8}", line) from None
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count) if any(d in first for d in ";,\t") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    filled = 0
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            message = (f"a cell is longer than {MAX_CELL:,} characters" if "field larger" in str(e)
                       else f"CSV error: {e}; check the quotes")
            raise _fail(path, message, line) from None
        cells = [c.replace("\r\n", "\n").replace("\r", "\n") for c in cells]
        filled += any(c.strip() for c in cells)
        if filled > MAX_ROWS + 1:
            raise _fail(path, f"more than {MAX_ROWS:,} card rows; split the deck", line)
        rows.append((line, cells))
    return Table(path, None, rows)


def _check_zip(path: Path, data: bytes, kind: str) -> None:
    """Refuse a workbook whose zip is damaged, unpacks too far (declared or real), declares XML
    entities, or whose cells span more than calamine should allocate; all before calamine reads it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise _fail(path, f"not an {kind} workbook (not a zip file); if it is password-protected or an old "
                          f".xls, save it again as {kind}") from None
    with archive:
        infos = archive.infolist()
        declared = sum(i.file_size for i in infos)
        if declared > MAX_UNPACKED:
            raise _fail(path, f"the workbook unpacks to {declared:,} bytes; the limit is {MAX_UNPACKED:,} (a zip bomb?)")
        if declared > 1_000_000 and declared > MAX_RATIO * len(data):
            raise _fail(path, f"the workbook unpacks to {declared // len(data):,} times its size; "
                              f"the limit is {MAX_RATIO} (a zip bomb?)")
        for info in infos:
            try:
                with archive.open(info) as member:
                    content = member.read(MAX_UNPACKED + 1)  # zipfile stops at the declared size, checks the CRC
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as e:
                raise _fail(path, f"the workbook is damaged ({info.filename}: {e}); save it again") from None
            if b"<!ENTITY" in content:
                raise _fail(path, "the workbook's XML declares entities (<!ENTITY>), which spreadsheet programs "
                                  "never write; refused")
            if kind == ".xlsx" and info.filename.startswith("xl/worksheets/"):
                rows = cols = 0
                for letters, digits in re.findall(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"', content):
                    rows, cols = max(rows, int(digits)), max(cols, _column_index(letters) + 1)
                if rows * cols > MAX_CELLS:
                    raise _fail(path, f"a sheet's cells reach {column_name(cols - 1)}{rows}, more than a deck can "
                                      f"fill; delete the rows and columns beyond the cards")


def _text(value) -> str:
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return "" if value is None else str(value)


def _read_workbook(path: Path, data: bytes, sheet: str | None) -> Table:
    import python_calamine as calamine

    kind = path.suffix.lower()
    _check_zip(path, data, kind)
    try:
        book = calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = list(book.sheet_names)
        if not names:
            raise _fail(path, "the workbook has no sheets")
        if sheet is not None and sheet not in names:
            raise _fail(path, f"no sheet named '{sheet}'{suggest(sheet, names)}; the workbook's sheets are: "
                              + ", ".join(names))
        name = sheet if sheet is not None else names[0]
        found = book.get_sheet_by_name(name)
        start_row, start_col = found.start or (0, 0)
        rows: list[tuple[int, list[str]]] = []
        filled = 0
        for n, values in enumerate(found.iter_rows()):
            cells = [""] * start_col + [_text(v) for v in values]
            filled += any(c.strip() for c in cells)
            line = start_row + n + 1
            if filled > MAX_ROWS + 1:
                raise FichegenError(Table(path, name, []).problem(f"more than {MAX_ROWS:,} card rows; split the deck", line))
            rows.append((line, cells))
    except FichegenError:
        raise
    except Exception as e:  # noqa: BLE001 - calamine's errors (XmlError, ZipError, CalamineError, ...)
        raise _fail(path, f"cannot read the workbook: {e}") from None
    return Table(path, name, rows)


def load_cards(spec: str | Path, problems: Problems, card_keys, id_pattern, slugify, languages=("en",),
               translated=()) -> tuple[list[Card], dict[str, dict[str, dict[str, str]]]]:
    """A spreadsheet (with '#sheet' or not) → its cards, and the texts of its translation columns (card
    id → language → key → text, empty cells left out); every problem added to `problems`. The header
    row names the columns (card_keys, in any order and case; `title.fr` for a key in `translated` and
    a language of `languages` but the first, the source); each further row that is not empty is a card."""
    path, sheet = split(spec)
    try:
        table = read(path, sheet)
    except FichegenError as e:
        problems.extend(e.problems)
        return [], {}
    rows = [(line, cells) for line, cells in table.rows if any(c.strip() for c in cells)]
    if not rows:
        problems.items.append(table.problem(f"the sheet is empty; its first row must name the columns: {', '.join(card_keys)}"))
        return [], {}
    (head_line, head), rows = rows[0], rows[1:]
    columns: dict[str, int] = {}
    before = len(problems.errors)
    for i, raw in enumerate(head):
        key = raw.strip().lower()
        if not key:
            continue
        translation = "." in key and key.partition(".")[0] in card_keys
        if translation:
            key, message = _translated_column(key, raw.strip(), languages, translated)
            if message:
                problems.items.append(table.problem(message, head_line, i))
                continue
        if key in columns:
            problems.items.append(table.problem(f"column '{raw.strip()}' is there twice (first in column "
                                                f"{column_name(columns[key])})", head_line, i))
        elif key not in card_keys and not translation:
            names = list(card_keys) + [f"{k}.{lang}" for lang in languages[1:] for k in translated]
            problems.items.append(table.problem(f"unknown column '{raw.strip()}'{suggest(key, names)}; the columns "
                                                f"are: {', '.join(card_keys)}", head_line, i))
        else:
            columns[key] = i
    if "title" not in columns and len(problems.errors) == before:
        problems.items.append(table.problem(f"no 'title' column; the first row must name the columns: "
                                            f"{', '.join(card_keys)}", head_line))
    if len(problems.errors) > before:
        return [], {}
    cards: list[Card] = []
    texts: dict[str, dict[str, dict[str, str]]] = {}
    seen: dict[str, int] = {}
    for number, (line, cells) in enumerate(rows, 1):
        cards_before = len(problems.errors)
        for i, cell in enumerate(cells):
            if len(cell) > MAX_CELL:
                problems.items.append(table.problem(f"the cell holds {len(cell):,} characters; the limit is {MAX_CELL:,}", line, i))
            elif cell.strip() and i not in columns.values():
                problems.items.append(table.problem("this column has no heading in the first row; name it "
                                                    f"({', '.join(card_keys)}) or empty it", line, i))
        if len(problems.errors) > cards_before:
            continue

        def get(key: str) -> str:
            i = columns.get(key)
            return cells[i] if i is not None and i < len(cells) else ""

        title = " ".join(get("title").split())
        if not title:
            problems.items.append(table.problem("title is empty", line, columns["title"]))
            continue
        given = get("id").strip()
        card_id = given or slugify(title) or f"card-{number}"
        if not id_pattern.match(card_id):
            hint = f"; try '{slugify(card_id)}'" if slugify(card_id) else ""
            problems.items.append(table.problem(f"id must be lower-case letters, digits and hyphens{hint}", line, columns["id"]))
            continue
        if card_id in seen:
            fix = "give one of them another id" if given else "fill in the id column"
            problems.items.append(table.problem(f"duplicate card id '{card_id}' (also on row {seen[card_id]}); {fix}",
                                                line, columns.get("id", columns["title"])))
            continue
        seen[card_id] = line
        cards.append(Card(card_id, markup.parse(title), markup.parse(" ".join(get("label").split())),
                          bullets(get("front"), line), prose(get("back"), line), str(path), line, number))
        for column in columns:
            if "." in column and get(column).strip():
                key, _, lang = column.partition(".")
                texts.setdefault(card_id, {}).setdefault(lang, {})[key] = get(column)
    return cards, texts


def _translated_column(key: str, raw: str, languages, translated) -> tuple[str, str]:
    """A column such as 'title.fr' → its key with the deck's spelling of the language ('title.fr'), or
    a message saying why it cannot be one."""
    base, _, tag = key.partition(".")
    lang = next((x for x in languages if x.lower() == tag), None)
    if base not in translated:
        return key, f"column '{raw}': the {base} is the same in every language; only {', '.join(translated)} have a column per language"
    if lang is None:
        return key, (f"column '{raw}': '{tag}' is not one of the deck's languages ({', '.join(languages)}); "
                     "list it under 'languages:' in deck.yaml")
    if lang == languages[0]:
        return key, f"column '{raw}': '{lang}' is the source language; its text goes in the '{base}' column"
    return f"{base}.{lang}", ""


_MARKER = re.compile(r"^(?:[•·‣▪–-]\s+)")


def bullets(text: str, line: int) -> Side:
    """A front cell: each line that is not blank is a bullet point (a typed '• ' or '- ' is dropped)."""
    items = [" ".join(_MARKER.sub("", item.strip()).split()) for item in text.split("\n")]
    blocks = tuple(markup.parse(item) for item in items if item)
    return Side("bullets", blocks, line) if blocks else Side("prose", (), line)


def prose(text: str, line: int) -> Side:
    """A back cell: prose; a blank line starts a new paragraph (as in a YAML card)."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return Side("prose", tuple(markup.parse(p) for p in paragraphs if p), line)
