"""The print file, read back with pypdf: boxes, fonts, colour, marks, order, reproducibility."""

import re

import pytest
from pypdf.generic import ContentStream

from fichegen.content import deck as content
from fichegen.geometry import MM
from fichegen.options import BuildOptions
from fichegen.pipeline import build

A5 = (148 * MM, 210 * MM)
STANDARD_14 = re.compile(rb"/BaseFont\s*/(Helvetica|Times|Courier|Symbol|ZapfDingbats)")


def box(page, name):
    return [float(v) for v in page[f"/{name}"]]


def test_every_page_has_trim_bleed_and_media_boxes(built, read_pdf):
    reader = read_pdf(built("pages"))
    assert len(reader.pages) == 20
    for page in reader.pages:
        trim, bleed, media = box(page, "TrimBox"), box(page, "BleedBox"), box(page, "MediaBox")
        assert trim[2] - trim[0] == pytest.approx(A5[0], abs=0.01)
        assert trim[3] - trim[1] == pytest.approx(A5[1], abs=0.01)
        assert [t - b for t, b in zip(trim[:2], bleed[:2])] == pytest.approx([3 * MM] * 2, abs=1e-3)
        assert [b - t for t, b in zip(trim[2:], bleed[2:])] == pytest.approx([3 * MM] * 2, abs=1e-3)
        assert media[0] <= bleed[0] and media[1] <= bleed[1] and media[2] >= bleed[2] and media[3] >= bleed[3]
        assert media != bleed  # room for the marks


def test_no_marks_means_media_is_the_bleed_box(built, read_pdf):
    for page in read_pdf(built("pages", marks=False)).pages:
        assert box(page, "MediaBox") == pytest.approx(box(page, "BleedBox"))


def test_proof_is_trim_size_with_one_bookmark_per_card(built, read_pdf, real_deck):
    reader = read_pdf(built("proof"))
    for page in reader.pages:
        media = box(page, "MediaBox")
        assert (media[2] - media[0], media[3] - media[1]) == pytest.approx(A5, abs=0.01)
    deck = content.load_deck(real_deck)
    titles = [o.title for o in reader.outline]
    assert titles[0] == "Inleiding" and titles[1] == "Basishouding 1: Participatie"
    assert len(titles) == len(deck.cards) == 10
    assert [reader.get_destination_page_number(o) for o in reader.outline] == list(range(0, 20, 2))


def _fonts(reader):
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            yield font.get_object()


def test_every_font_is_embedded_and_no_standard_font_is_used(built, read_pdf):
    for name in ("pages", "proof"):
        reader = read_pdf(built(name))
        seen = set()
        for font in _fonts(reader):
            seen.add(font["/BaseFont"])
            descriptor = font["/FontDescriptor"]
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            assert re.match(r"/[A-Z]{6}\+", font["/BaseFont"]), "subset prefix"
        assert any("SourceSansPro" in f for f in seen)
        data = built(name).read_bytes()
        assert not STANDARD_14.search(data)
        assert b"Helvetica" not in data


def _operations(page):
    return ContentStream(page.get_contents(), page.pdf).operations


def test_all_colour_is_cmyk_or_the_registration_separation(built, read_pdf):
    reader = read_pdf(built("pages"))
    for page in reader.pages:
        ops = {op.decode() for _, op in _operations(page)}
        assert not ops & {"rg", "RG", "g", "G", "sc", "SC"}, ops
        assert "k" in ops  # CMYK fills
        spaces = page["/Resources"].get("/ColorSpace", {})
        for cs in spaces.values():
            cs = cs.get_object()
            assert cs[0] == "/Separation" and cs[1] == "/All" and cs[2] == "/DeviceCMYK"
        assert b"DeviceRGB" not in page.get_contents().get_data()
    assert b"/DeviceRGB" not in built("pages").read_bytes()


def _stroked_segments(page):
    """Line segments drawn while the stroke colour is a Separation, in page coordinates."""
    sep_names = {k for k, v in page["/Resources"].get("/ColorSpace", {}).items() if v.get_object()[0] == "/Separation"}
    stroke_sep, width, start, out = False, None, None, []
    ctm_stack, ctm = [], (0.0, 0.0)
    for operands, op in _operations(page):
        op = op.decode()
        if op == "CS":
            stroke_sep = operands[0] in sep_names
        elif op == "w":
            width = float(operands[0])
        elif op == "q":
            ctm_stack.append(ctm)
        elif op == "Q":
            ctm = ctm_stack.pop()
        elif op == "cm":
            a, b, c, d, e, f = map(float, operands)
            ctm = (ctm[0] + e, ctm[1] + f)  # the renderer only translates
        elif op == "m":
            start = (float(operands[0]) + ctm[0], float(operands[1]) + ctm[1])
        elif op == "l" and stroke_sep:
            out.append((start, (float(operands[0]) + ctm[0], float(operands[1]) + ctm[1]), width))
    return out


def test_crop_marks_are_registration_colour_hairlines_outside_the_bleed(built, read_pdf):
    reader = read_pdf(built("pages"))
    for page in reader.pages:
        bleed, trim, media = box(page, "BleedBox"), box(page, "TrimBox"), box(page, "MediaBox")
        marks = _stroked_segments(page)
        assert len(marks) == 8
        for (x0, y0), (x1, y1), width in marks:
            assert 0.25 <= width <= 0.5
            inside_x = max(x0, x1) > bleed[0] and min(x0, x1) < bleed[2]
            inside_y = max(y0, y1) > bleed[1] and min(y0, y1) < bleed[3]
            assert not (inside_x and inside_y), "a mark enters the bleed"
            assert media[0] <= min(x0, x1) and max(x0, x1) <= media[2]
            assert x0 in (pytest.approx(trim[0]), pytest.approx(trim[2])) or y0 in (pytest.approx(trim[1]), pytest.approx(trim[3]))


def test_faces_come_front_then_back_with_their_text(built, read_pdf, real_deck, pdf_text):
    reader = read_pdf(built("pages"))
    deck = content.load_deck(real_deck)
    for i, card in enumerate(deck.cards):
        front, back = pdf_text(reader.pages[2 * i]), pdf_text(reader.pages[2 * i + 1])
        title = "".join(s.text for s in card.title)
        assert title in front and title in back
        for side, text in (("front", front), ("back", back)):
            for block in card.side(side).blocks:
                words = "".join(s.text for s in block).split()
                # every word of the content is on its face (extraction may join a hyphenated pair oddly)
                missing = [w for w in words if w not in text and w.replace("-", "") not in text.replace("-", "")]
                assert not missing, (card.id, side, missing[:5])
        assert "www.uantwerpen.be/generalistisch-werkt" in front


def test_same_input_gives_identical_bytes(built, real_deck, tmp_path):
    again = build(real_deck, BuildOptions(output=str(tmp_path / "again.pdf"), jobs=1, cache=False)).path
    assert again.read_bytes() == built("pages").read_bytes()


def test_bleed_option_changes_the_bleed_box(built, read_pdf):
    page = read_pdf(built("pages", bleed_mm=5)).pages[0]
    trim, bleed = box(page, "TrimBox"), box(page, "BleedBox")
    assert trim[0] - bleed[0] == pytest.approx(5 * MM, abs=1e-3)
