"""Pictures, icons and QR codes in the PDF: a picture is one CMYK image however many cards show it,
icons are forms in the text's colour, a QR code is vector modules in 100 % K that a real decoder reads
back to the address."""

from __future__ import annotations

import pytest
from pypdf.generic import ContentStream

from fichegen.options import BuildOptions, Layout
from fichegen.pipeline import build, order
from fichegen.printshop.preflight import preflight

MM = 72 / 25.4


@pytest.fixture(scope="module")
def pages(media_deck, tmp_path_factory):
    out = tmp_path_factory.mktemp("media-pages") / "pages.pdf"
    return build(media_deck, BuildOptions(Layout.PAGES, output=str(out), jobs=1, cache=False)).path


@pytest.fixture(scope="module")
def print_file(media_deck, tmp_path_factory):
    folder = order(media_deck, output=tmp_path_factory.mktemp("media-order") / "order").path
    return folder / "media-default-print.pdf"


def _xobjects(page) -> dict:
    return {name: ref.get_object() for name, ref in page["/Resources"].get("/XObject", {}).items()}


def test_the_print_file_holds_the_picture_once_as_a_cmyk_image_and_passes_preflight(print_file, read_pdf):
    reader = read_pdf(print_file)
    images = {id(x): x for page in reader.pages for x in _xobjects(page).values() if x["/Subtype"] == "/Image"}
    (image,) = images.values()  # two cards show the one photo: it is embedded once
    assert image["/ColorSpace"] == "/DeviceCMYK" and "/SMask" not in image
    assert (image["/Width"], image["/Height"]) == (1600, 900)  # 339 ppi in its slot: every pixel kept
    findings, count = preflight(print_file)
    assert count == 6 and [f for f in findings if not f.warning] == []
    assert [f for f in findings if "image" in f.message] == []  # not even the RGB image warning


def test_a_picture_is_drawn_cut_to_its_slot(pages, read_pdf):
    page = read_pdf(pages).pages[0]
    ops = ContentStream(page.get_contents(), page.pdf).operations
    names = [str(o[0][0]) for o in ops if o[1] == b"Do"]
    (picture,) = [n for n in names if _xobjects(page)[n]["/Subtype"] == "/Image"]
    at = next(i for i, (operands, op) in enumerate(ops) if op == b"Do" and str(operands[0]) == picture)
    assert [op for _, op in ops[at - 5:at]] == [b"q", b"n", b"re", b"W", b"n"] or b"W" in [op for _, op in ops[at - 6:at]]


@pytest.mark.parametrize("page, address", [(1, "https://www.example.org/media"), (3, "https://example.org/kaart-2"),
                                           (5, "https://www.example.org/media")])
def test_each_back_s_qr_code_decodes_to_its_address(pages, render, page, address):
    import zxingcpp

    image = render(pages, page, scale=300 / 72)  # 300 ppi
    found = zxingcpp.read_barcodes(image)
    assert [(r.text, r.format.name) for r in found] == [(address, "QRCode")]
    assert found[0].ec_level in ("M", "Q", "H")


def test_the_qr_code_is_vector_in_100_percent_black_at_least_15_mm(pages, read_pdf):
    page = read_pdf(pages).pages[5]  # card 3's back: no picture on it
    ops = ContentStream(page.get_contents(), page.pdf).operations
    drawn = [_xobjects(page)[str(operands[0])]["/Subtype"] for operands, op in ops if op == b"Do"]
    assert "/Image" not in drawn  # the code is no image
    start = next(i for i, (operands, op) in enumerate(ops) if op == b"k" and [float(v) for v in operands] == [0, 0, 0, 1])
    end = next(i for i in range(start, len(ops)) if ops[i][1] == b"f")
    cm = [float(v) for v in ops[start + 1][0]]
    assert ops[start + 1][1] == b"cm" and cm[0] == cm[3] and cm[1] == cm[2] == 0
    rects = [[float(v) for v in operands] for operands, op in ops[start + 2:end] if op == b"re"]
    assert len(rects) > 50 and all(op in (b"re", b"n") for _, op in ops[start + 2:end])
    modules = max(x + w for x, _, w, _ in rects)
    assert modules == max(y + h for _, y, _, h in rects) and min(x for x, *_ in rects) == 0
    assert modules * cm[0] >= 15 * MM


def test_icons_are_forms_in_the_colour_of_their_text(pages, read_pdf):
    page = read_pdf(pages).pages[1]  # card 1's back: :book: in the prose, set in 'text' (0 0 0 .88)
    forms = [x for x in _xobjects(page).values() if x["/Subtype"] == "/Form"]
    assert forms and any(b"0 0 0 .88 K" in form.get_data() for form in forms)


def test_same_input_same_bytes_with_pictures_icons_and_codes(media_deck, tmp_path, pages):
    again = build(media_deck, BuildOptions(Layout.PAGES, output=str(tmp_path / "again.pdf"), jobs=2, cache=True)).path
    cached = build(media_deck, BuildOptions(Layout.PAGES, output=str(tmp_path / "cached.pdf"), jobs=1, cache=True)).path
    assert again.read_bytes() == pages.read_bytes() == cached.read_bytes()


def test_sheets_draw_the_faces_with_their_media(media_deck, tmp_path, render):
    import zxingcpp

    out = build(media_deck, BuildOptions(Layout.FOLD, output=str(tmp_path / "fold.pdf"), jobs=1, cache=False)).path
    found = zxingcpp.read_barcodes(render(out, 0, scale=300 / 72))
    assert [r.text for r in found] == ["https://www.example.org/media"]


def test_a_large_picture_is_reduced_to_450_ppi_in_its_largest_slot(tmp_path, make_deck):
    from PIL import Image

    from fichegen.content.deck import load_deck
    from fichegen.layout.media import picture_sizes
    from fichegen.style.assets import picture
    from fichegen.style.template import load

    folder = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nimage: groot.jpg\n", "02-b.yaml": "title: B\nimage: {file: groot.jpg, side: back}\n"})
    Image.new("RGB", (4000, 2000), (200, 60, 30)).save(folder / "groot.jpg")
    ((_, _, most),) = picture_sizes(load_deck(folder), load("default"))
    width = 120 * MM  # both slots are as wide as the text; cover fills the width of both
    assert most == (-(-width / 72 * 450 // 1), -(-width / 2 / 72 * 450 // 1))
    reduced = picture(str(folder / "groot.jpg"), most)
    assert reduced.mode == "CMYK" and reduced.size == (most[0], most[1])
