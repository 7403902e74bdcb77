"""Cards from spreadsheets: .xlsx, .ods and CSV read to the same Deck as YAML, with errors naming the
file, sheet and cell; hostile workbooks refused at once in bounded memory."""

from __future__ import annotations

import time
import zipfile

import pytest
from click.testing import CliRunner

from fichegen.cli import cli
from fichegen.content.deck import load_deck
from fichegen.content.markup import Span
from fichegen.errors import FichegenError, Problem
from tests.conftest import write_deck

HEAD = ["id", "label", "title", "front", "back"]


def xlsx(path, rows, sheets=None):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, content in (sheets or {"Blad1": rows}).items():
        sheet = book.create_sheet(name)
        for row in content:
            sheet.append(row)
    book.save(path)
    return path


def ods(path, rows):
    def cell(text):
        paras = "".join(f"<text:p>{line}</text:p>" for line in text.split("\n"))
        return f'<table:table-cell office:value-type="string">{paras}</table:table-cell>' if text else "<table:table-cell/>"

    body = "".join("<table:table-row>" + "".join(cell(c) for c in row) + "</table:table-row>" for row in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body>'
               f'<office:spreadsheet><table:table table:name="Blad1">{body}</table:table></office:spreadsheet>'
               '</office:body></office:document-content>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                   'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    return path


ROWS = [HEAD,
        ["participatie", "Basishouding 1", "Participatie", "Eerste **punt**\n• Tweede punt", "Een alinea.\n\nNog een *alinea*."],
        [None, None, None, None, None],
        [None, None, "Zonder id", "een", ""]]


def problems(spec) -> list[str]:
    with pytest.raises(FichegenError) as e:
        load_deck(spec)
    return [str(p) for p in e.value.problems]


@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv"])
def test_a_sheet_reads_to_cards_with_rows_as_lines(tmp_path, kind):
    path = tmp_path / f"kaarten.{kind}"
    if kind == "xlsx":
        xlsx(path, ROWS)
    elif kind == "ods":
        ods(path, [[c or "" for c in row] for row in ROWS])
    else:
        path.write_text('id;label;title;front;back\n"participatie";Basishouding 1;Participatie;"Eerste **punt**\n'
                        '• Tweede punt";"Een alinea.\n\nNog een *alinea*."\n;;;;\n;;Zonder id;een;\n', encoding="utf-8")
    deck = load_deck(path)
    assert (deck.title, deck.slug, deck.language, deck.template) == ("kaarten", "kaarten", "en", "default")
    a, b = deck.cards
    assert (a.id, a.path, a.number) == ("participatie", str(path), 1)
    assert a.front.kind == "bullets" and a.front.blocks == ((Span("Eerste "), Span("punt", bold=True)), (Span("Tweede punt"),))
    assert a.back.kind == "prose" and a.back.text() == "Een alinea.\nNog een alinea."
    assert a.back.blocks[1][1] == Span("alinea", italic=True)
    assert (b.id, b.back.blocks) == ("zonder-id", ())
    assert a.line == 2 and b.line == (7 if kind == "csv" else 4)  # CSV: the line the record starts on


def test_deck_yaml_can_name_a_sheet_and_pick_one(tmp_path):
    folder = write_deck(tmp_path / "d", {}, deck="title: Mijn deck\nlanguage: nl\ncards: kaarten.xlsx#Blad2\n")
    xlsx(folder / "kaarten.xlsx", None, {"Blad1": [["title"], ["Een"]], "Blad2": [["Title", "Front"], ["Twee", "x"]]})
    deck = load_deck(folder)
    assert (deck.title, deck.language, [c.id for c in deck.cards]) == ("Mijn deck", "nl", ["twee"])
    (folder / "deck.yaml").write_text("title: T\ncards: kaarten.xlsx#Blad3\n", encoding="utf-8")
    assert problems(folder) == [f"{folder / 'kaarten.xlsx'}: no sheet named 'Blad3' (did you mean 'Blad2'?); "
                                "the workbook's sheets are: Blad1, Blad2"]
    (folder / "deck.yaml").write_text("title: T\ncards: kaartn.xlsx\n", encoding="utf-8")
    assert problems(folder) == [f"{folder / 'deck.yaml'}:2: cards: no file 'kaartn.xlsx' in d/ (did you mean 'kaarten.xlsx'?)"]


def test_errors_name_the_file_sheet_and_cell(tmp_path):
    path = xlsx(tmp_path / "kaarten.xlsx", [["id", "titel", "title", "voorkant"], ["a", "", "", ""]])
    assert problems(path) == [
        f"{path}:Blad1!B1: unknown column 'titel' (did you mean 'title'?); the columns are: id, label, title, front, back",
        f"{path}:Blad1!D1: unknown column 'voorkant'; the columns are: id, label, title, front, back"]
    xlsx(path, [HEAD, ["a", "", "", "x", "y"], ["B", "", "Twee", "", ""], ["", "", "Twee", "", ""], ["", "", "Twee", "", ""]])
    assert problems(path) == [
        f"{path}:Blad1!C2: title is empty",
        f"{path}:Blad1!A3: id must be lower-case letters, digits and hyphens; try 'b'",
        f"{path}:Blad1!A5: duplicate card id 'twee' (also on row 4); fill in the id column"]


def test_problem_where_prints_instead_of_the_line():
    assert str(Problem("k.xlsx", 5, "title is empty", where="Blad1!C5")) == "k.xlsx:Blad1!C5: title is empty"
    assert str(Problem("k.csv", 5, "title is empty")) == "k.csv:5: title is empty"
    assert str(Problem("k.csv", None, "no such file")) == "k.csv: no such file"


def test_csv_as_spreadsheet_programs_write_it(tmp_path):
    path = tmp_path / "kaarten.csv"
    path.write_bytes("\ufeffid,title,back\r\na,Één,\"regel 1\r\n\r\nregel 2\"\r\n,,\r\nb,,x\r\n".encode("utf-8"))
    assert problems(path) == [f"{path}:6: title is empty"]
    path.write_bytes("title;front\r\nCaf\xe9;x\r\n".encode("cp1252"))
    [message] = problems(path)
    assert message.startswith(f"{path}:2: not UTF-8 text: byte 0xe9 cannot be read; save it as CSV UTF-8")


def test_cli_builds_a_csv_without_deck_yaml(tmp_path):
    path = tmp_path / "kaarten.csv"
    path.write_text("title;front;back\nEen;een punt;tekst\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("x.pdf (1 card, 2 pages)")
    path.write_text("title;front;back\n;een punt;tekst\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path)])
    assert (result.exit_code, result.stderr) == (1, f"{path}:2: title is empty\n")


# Hostile files: each refused with one line, quickly, small on disk.

def _refused(path, start_of_message: str) -> None:
    started = time.perf_counter()
    [message] = problems(path)
    assert time.perf_counter() - started < 5
    assert message.startswith(f"{path}: {start_of_message}"), message


def test_a_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z, z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
        for _ in range(60):
            f.write(b"\0" * 1_000_000)
    assert path.stat().st_size < 200_000
    _refused(path, "the workbook unpacks to 60,000,000 bytes; the limit is 50,000,000 (a zip bomb?)")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", b" " * 10_000_000)
    _refused(path, "the workbook unpacks to ")


def test_a_zip_whose_sizes_lie_is_refused(tmp_path):
    path = tmp_path / "lie.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", b"<sst>" + b"x" * 100_000 + b"</sst>")
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    data[central + 24: central + 28] = (10).to_bytes(4, "little")  # declared uncompressed size: 10 bytes
    path.write_bytes(bytes(data))
    _refused(path, "the workbook is damaged")


def _sheet_xml(rows: str, prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet '
            f'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>')


def _replace_sheet(path, sheet_xml: str):
    """kaarten.xlsx as openpyxl wrote it, with its first worksheet's XML replaced."""
    xlsx(path, [["title"]])
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i) for i in z.infolist()}
    parts["xl/worksheets/sheet1.xml"] = sheet_xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_entity_expansion_is_refused(tmp_path):
    laughs = '<!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10 if i > 1 else "&lol;" * 10}">' for i in range(1, 10)) + "]>"
    path = _replace_sheet(tmp_path / "lol.xlsx", _sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>', laughs))
    _refused(path, "the workbook's XML declares entities (<!ENTITY>), which spreadsheet programs never write; refused")


def test_cells_that_reach_far_are_refused_before_calamine_allocates_them(tmp_path):
    rows = ('<row r="1"><c r="A1" t="inlineStr"><is><t>title</t></is></c></row>'
            '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')
    path = _replace_sheet(tmp_path / "far.xlsx", _sheet_xml(rows))
    _refused(path, "a sheet's cells reach XFD1048576, more than a deck can fill")


def test_too_many_rows_and_too_long_cells_are_refused(tmp_path):
    path = xlsx(tmp_path / "rows.xlsx", [["title"]] + [[f"kaart {i}"] for i in range(100_000)])
    assert path.stat().st_size < 2_000_000
    started = time.perf_counter()
    assert problems(path) == [f"{path}:Blad1!A5002: more than 5,000 card rows; split the deck"]
    assert time.perf_counter() - started < 5
    xlsx(path, [["title", "back"], ["Lang", "woord " * 5_000]])  # Excel's own limit is 32,767
    assert problems(path) == [f"{path}:Blad1!B2: the cell holds 30,000 characters; the limit is 20,000"]
    csv = tmp_path / "rows.csv"
    csv.write_text("title,back\nLang," + "woord " * 200_000 + "\n", encoding="utf-8")
    assert problems(csv) == [f"{csv}:2: a cell is longer than 20,000 characters"]


def test_not_a_workbook(tmp_path):
    path = tmp_path / "oud.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old binary file")
    _refused(path, "not an .xlsx workbook (not a zip file)")
    assert problems(tmp_path / "nope.csv") == [f"{tmp_path / 'nope.csv'}: no such file"]
