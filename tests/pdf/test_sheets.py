"""Imposed PDFs read back: sheets, fold-over, handout and calibration; checked by numbers and by pixels."""

import re

import pytest
from pypdf import PdfReader
from pypdf.generic import ContentStream

from fichegen.errors import FichegenError
from fichegen.geometry import MM
from fichegen.options import BuildOptions, Layout
from fichegen.pipeline import build, calibrate, handout


class _Sheets:
    """sheets[sheet, edge]: the real deck imposed on that sheet for that duplex edge; sheets["pages"]."""

    def __init__(self, built):
        self.built = built

    def __getitem__(self, key):
        if key == "pages":
            return self.built("pages")
        sheet, edge = key
        return self.built("sheets", sheet=sheet, duplex=edge)


@pytest.fixture
def sheets(built):
    return _Sheets(built)


@pytest.mark.parametrize("sheet, size, pages", [("A4", (297, 210), 10), ("A3", (297, 420), 6), ("SRA3", (320, 450), 6)])
@pytest.mark.parametrize("edge", ["long", "short"])
def test_sheet_pages_sizes_and_print_settings(sheets, sheet, size, pages, edge):
    reader = PdfReader(sheets[sheet, edge])
    assert len(reader.pages) == pages  # 10 cards: front and back sheet for each group of cards
    for page in reader.pages:
        w, h = (float(v) for v in page.mediabox[2:])
        assert (w, h) == pytest.approx((size[0] * MM, size[1] * MM), abs=0.01)
    prefs = reader.trailer["/Root"]["/ViewerPreferences"]
    assert prefs["/PrintScaling"] == "/None"
    assert prefs["/Duplex"] == ("/DuplexFlipLongEdge" if edge == "long" else "/DuplexFlipShortEdge")


def test_each_face_is_stored_once_and_placed_by_reference(sheets):
    reader = PdfReader(sheets["A4", "long"])
    placed = {}
    for page in reader.pages:
        for name, ref in page["/Resources"]["/XObject"].items():
            if name != "/M":
                placed.setdefault(ref.idnum, 0)
                placed[ref.idnum] += 1
        ops = [op for _, op in ContentStream(page.get_contents(), reader).operations]
        assert set(ops) <= {b"q", b"Q", b"cm", b"Do"}  # the sheet only places forms
    assert len(placed) == 20 and set(placed.values()) == {1}
    assert sheets["A4", "long"].stat().st_size <= 1.2 * sheets["pages"].stat().st_size


def test_forms_declare_every_colour_space_they_use(sheets):
    reader = PdfReader(sheets["SRA3", "long"])
    for page in reader.pages:
        for ref in page["/Resources"]["/XObject"].values():
            form = ref.get_object()
            used = set(re.findall(rb"/(\w+) [cC][sS]\b", form.get_data()))
            declared = {k[1:].encode() for k in form["/Resources"].get("/ColorSpace", {})}
            assert used <= declared | {b"DeviceCMYK", b"DeviceGray"}


def _band_rows(render, pdf, page_index):
    """Which pixel rows at the sheet's left card show the accent band: its teal is dark green-blue."""
    image = render(pdf, page_index, 0.5)
    w, h = image.size
    x = w // 4
    return [y for y in range(h) if _teal(image.getpixel((x, y)))], h


def _teal(rgb):
    r, g, b = rgb
    return r < 90 and g > 80 and b > 80 and abs(g - b) < 40


def test_a4_long_edge_backs_are_upside_down_and_short_edge_upright(sheets, render):
    rows, h = _band_rows(render, sheets["A4", "long"], 0)
    assert rows and max(rows) < h * 0.4  # the front's band is at the top
    rows, h = _band_rows(render, sheets["A4", "long"], 1)
    assert rows and min(rows) > h * 0.9  # the back's thin band is at the bottom: turned 180°
    rows, h = _band_rows(render, sheets["A4", "short"], 1)
    assert rows and max(rows) < h * 0.1  # short edge: the back's band stays at the top


def test_sheets_carry_their_job_line_and_card_text(sheets):
    reader = PdfReader(sheets["SRA3", "long"])
    first = reader.pages[0].extract_text()
    assert "Generalistisch Werkt" in first and "sheet 1 of 3" in first and "front" in first
    assert "Inleiding" in first and "Participatie" in first
    assert "sheet 3 of 3" in reader.pages[5].extract_text()


def test_sheets_are_reproducible(sheets, real_deck, tmp_path):
    options = BuildOptions(Layout.SHEETS, sheet="A3", duplex="short", output=str(tmp_path / "again.pdf"), jobs=1, cache=False)
    again = build(real_deck, options).path
    assert again.read_bytes() == sheets["A3", "short"].read_bytes()


def test_fold_layout_one_card_per_a4(built):
    pdf = built("fold")
    reader = PdfReader(pdf)
    assert len(reader.pages) == 10
    assert "/Duplex" not in reader.trailer["/Root"]["/ViewerPreferences"]
    text = reader.pages[1].extract_text()
    assert text.count("Participatie") >= 2  # front and back of the same card on one sheet


def test_handout_is_one_page_and_unknown_ids_are_listed(tmp_path, real_deck):
    pdf = handout(real_deck, "referentiekader", output=tmp_path / "h.pdf").path
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1 and reader.pages[0].extract_text().count("Referentiekader") >= 2
    with pytest.raises(FichegenError) as e:
        handout(real_deck, "refrentiekader", output=tmp_path / "x.pdf")
    assert e.value.problems[0].message.startswith("no card with id 'refrentiekader' (did you mean 'referentiekader'?); "
                                                   "the deck's cards are: inleiding, participatie,")
    assert not (tmp_path / "x.pdf").exists()


def test_calibration_sheet_has_two_sides_and_the_duplex_setting(tmp_path):
    pdf = calibrate(duplex="short", back_offset_mm=(1.5, -0.5), output=tmp_path / "c.pdf").path
    reader = PdfReader(pdf)
    assert len(reader.pages) == 2
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/Duplex"] == "/DuplexFlipShortEdge"
    assert "Duplex calibration: A4, short-edge turn" in reader.pages[0].extract_text()
    assert "offset applied: +1.5, -0.5 mm" in reader.pages[1].extract_text()
