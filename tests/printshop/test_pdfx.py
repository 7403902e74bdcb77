"""Every built-in profile's order file, checked by our preflight with that profile and by a PDF/X checker
we did not write (pdf-oxide's validate_pdf_x); the PDF/X-4 file's XMP and embedded output profile."""

import io
import re

import pdf_oxide
import pytest
from pypdf import PdfReader, PdfWriter

from fichegen.geometry import MM
from fichegen.printshop.preflight import preflight
from fichegen.printshop import profile
from fichegen.printshop.profile import load

BUILTIN = sorted(p.stem for p in profile.BUILTIN.glob("*.yaml"))

# What pdf-oxide (0.3.78) says about a correct file, and why each finding is expected:
# - Its Python binding offers the levels 1a_2001, 3_2002 and 4; there is no 1a_2003. Its 1a_2001 rules are
#   the ones it applies to X-1a:2003 too, except the version it expects in the XMP packet, so a correct
#   X-1a:2003 file (pdfxid:GTS_PDFXVersion "PDF/X-1:2003", as ISO 15930-4 and the Info dictionary say) gets
#   exactly one warning, XMETA-006, naming both versions. Any other finding fails the test.
# - It demands an XMP metadata stream for every PDF/X level (XMETA-005, an error), which ISO 15930-4 does not
#   ask of PDF/X-1a:2003. Our X-1a files carry XMP anyway (the standard allows it, and preflight tools
#   compare it with the Info dictionary), so that rule passes rather than being ignored.
# - It lets the 14 standard fonts go unembedded and judges colour only by the colour spaces a page's own
#   resource dictionary names; PDF/X-1a forbids both loopholes, and our preflight covers them (it reads every
#   content stream), so this checker is the independent check of the identification, boxes, output intent,
#   encryption and transparency settings, not of the page content.
X1A_WARNING = ("[XMETA-006] XMP pdfxid:GTS_PDFXVersion is 'PDF/X-1:2003' but validating against PDF/X-1a:2001 "
               "(expected 'PDF/X-1a:2001')")
EXPECTED = {
    "x-1a:2003": ("1a_2001", {"valid": True, "errors": [], "warnings": [X1A_WARNING]}),
    "x-4": ("4", {"valid": True, "errors": [], "warnings": []}),
}


def print_file(folder):
    return next(p for p in folder.iterdir() if p.suffix == ".pdf")


def test_the_built_ins_are_the_promised_ones():
    assert {"offset-fogra39", "offset-pso-v3", "online-gangrun", "drivethrucards", "office"} <= set(BUILTIN)
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", n) and len(n) <= 20 for n in BUILTIN)
    assert {load(n).standard for n in BUILTIN} == {"x-1a:2003", "x-4", "none"}


@pytest.mark.parametrize("name", BUILTIN)
def test_every_built_in_order_passes_our_preflight_and_the_independent_checker(name, ordered):
    shop = load(name)
    pdf = print_file(ordered(name))
    findings, pages = preflight(pdf, shop.limits())
    assert [str(f) for f in findings] == []
    assert pages == (10 if shop.page_order == "sheets" else 20)
    result = pdf_oxide.PdfDocument(str(pdf))
    if shop.standard == "none":
        # the office file claims no standard, and the checker agrees that it is no PDF/X file
        report = result.validate_pdf_x("1a_2001")
        assert not report["valid"] and "[XMETA-007] GTS_PDFXVersion key is required in Info dictionary" in report["errors"]
        return
    level, expected = EXPECTED[shop.standard]
    report = result.validate_pdf_x(level)
    assert {k: report[k] for k in expected} == expected


def test_the_independent_checker_catches_the_old_one_key_form(ordered, tmp_path):
    """The defect of issue 18: 'PDF/X-1a:2003' as the version and no conformance key."""
    good = print_file(ordered("offset-fogra39"))
    writer = PdfWriter(clone_from=PdfReader(good))
    info = dict(PdfReader(good).metadata)
    del info["/GTS_PDFXConformance"]
    writer.metadata = {**info, "/GTS_PDFXVersion": "PDF/X-1a:2003"}
    bad = tmp_path / "one-key.pdf"
    writer.write(bad)
    report = pdf_oxide.PdfDocument(str(bad)).validate_pdf_x("1a_2001")
    assert report["errors"] == ["[XMETA-008] GTS_PDFXConformance key is required for PDF/X-1a and PDF/X-3"]


def test_pdf_x4_file_has_xmp_and_embeds_a_cmyk_output_profile(ordered):
    pdf = print_file(ordered("offset-fogra39-x4"))
    reader = PdfReader(pdf)
    assert reader.pdf_header == "%PDF-1.6"
    info = reader.metadata
    assert info["/GTS_PDFXVersion"] == "PDF/X-4" and "/GTS_PDFXConformance" not in info
    intent = reader.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert (intent["/S"], intent["/OutputConditionIdentifier"], intent["/RegistryName"]) == (
        "/GTS_PDFX", "FOGRA39", "http://www.color.org")
    profile = intent["/DestOutputProfile"].get_object()
    icc = profile.get_data()
    assert profile["/N"] == 4 and icc[36:40] == b"acsp" and icc[16:20] == b"CMYK" and icc[12:16] == b"prtr"
    assert int.from_bytes(icc[:4], "big") == len(icc) < 2_000_000  # the header's size is the profile's
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert f'<rdf:li xml:lang="x-default">{info["/Title"]}</rdf:li>' in xmp
    assert "<xmp:CreateDate>2026-11-29T00:00:00+00:00</xmp:CreateDate>" in xmp  # Info: D:20261129000000+00'00'
    assert info["/CreationDate"] == "D:20261129000000+00'00'"
    assert f"<pdf:Producer>{info['/Producer']}</pdf:Producer>" in xmp and "<pdf:Trapped>False</pdf:Trapped>" in xmp
    document = re.search(r"<xmpMM:DocumentID>uuid:([0-9a-f-]{36})</xmpMM:DocumentID>", xmp).group(1)
    instance = re.search(r"<xmpMM:InstanceID>uuid:([0-9a-f-]{36})</xmpMM:InstanceID>", xmp).group(1)
    assert document != instance


def test_xmp_identifiers_come_from_the_content(ordered, make_deck, tmp_path):
    """Same pages, same identifiers (the order test elsewhere checks whole files are byte-identical);
    other pages, other identifiers."""
    from fichegen.pipeline import order

    def ids(folder):
        xmp = PdfReader(print_file(folder)).trailer["/Root"]["/Metadata"].get_object().get_data().decode()
        return re.findall(r"<xmpMM:\w+ID>(uuid:[^<]+)<", xmp)

    deck = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nfront: [een]\nback: twee\n"})
    first = ids(order(deck, profile="offset-fogra39-x4", output=tmp_path / "1").path)
    assert ids(order(deck, profile="offset-fogra39-x4", output=tmp_path / "2").path) == first
    (deck / "01-a.yaml").write_text("title: B\nfront: [een]\nback: twee\n", encoding="utf-8")
    other = ids(order(deck, profile="offset-fogra39-x4", output=tmp_path / "3").path)
    assert len(first) == len(other) == 2 and not set(first) & set(other)


def test_x1a_file_carries_both_keys_and_matching_xmp(ordered):
    reader = PdfReader(print_file(ordered("offset-fogra39")))
    assert reader.pdf_header == "%PDF-1.4"
    info = reader.metadata
    assert (info["/GTS_PDFXVersion"], info["/GTS_PDFXConformance"]) == ("PDF/X-1:2003", "PDF/X-1a:2003")
    assert "/Author" not in info  # an empty Author would need an empty dc:creator beside it
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-1:2003</pdfxid:GTS_PDFXVersion>" in xmp
    assert "<pdfx:GTS_PDFXConformance>PDF/X-1a:2003</pdfx:GTS_PDFXConformance>" in xmp
    assert "/DestOutputProfile" not in reader.trailer["/Root"]["/OutputIntents"][0].get_object()


@pytest.mark.parametrize("name, bleed_mm, marks", [("offset-fogra39", 3.0, True), ("online-gangrun", 2.0, False),
                                                   ("drivethrucards", 3.175, False), ("offset-pso-v3", 3.0, True)])
def test_boxes_follow_the_profile(name, bleed_mm, marks, ordered):
    page = PdfReader(print_file(ordered(name))).pages[0]
    trim, bleed, media = ([float(v) for v in page[f"/{box}"]] for box in ("TrimBox", "BleedBox", "MediaBox"))
    assert trim[2] - trim[0] == pytest.approx(148 * MM, abs=0.01) and trim[3] - trim[1] == pytest.approx(210 * MM, abs=0.01)
    assert trim[0] - bleed[0] == pytest.approx(bleed_mm * MM, abs=0.01)
    assert bleed[2] - trim[2] == pytest.approx(bleed_mm * MM, abs=0.01)
    # with marks the page has 8 mm beyond the bleed for them (1 mm gap, 5 mm mark, 2 mm slug); without, it is the bleed
    assert bleed[0] - media[0] == pytest.approx(8 * MM if marks else 0, abs=0.01)


def test_pso_v3_draws_registration_targets_and_a_colour_bar_outside_the_bleed(ordered, render):
    pdf = print_file(ordered("offset-pso-v3"))
    scale = 4
    image = render(pdf, 0, scale)
    trim = [float(v) * scale for v in PdfReader(pdf).pages[0]["/TrimBox"]]
    height = image.height

    def pixel(x_pt, y_pt):  # PDF points from the bottom-left → pixels from the top-left
        return image.getpixel((round(x_pt), round(height - y_pt)))

    bar_y = trim[1] - (3 + 1 + 2) * MM * scale  # the middle of the patches: 3 mm bleed, 1 mm gap, 4 mm patch
    cyan, magenta, black = (pixel(trim[0] + (4 + 2 + 4 * i) * MM * scale, bar_y) for i in (0, 1, 3))
    assert cyan[0] < 60 and cyan[2] > 180 and magenta[1] < 60 and magenta[0] > 180 and max(black) < 60
    # registration target below the middle of the bottom edge: its circle's lowest point, 2 mm under its centre
    centre = ((trim[0] + trim[2]) / 2, trim[1] - (3 + 1 + 2.5) * MM * scale)
    assert max(pixel(centre[0], centre[1] - 2 * MM * scale)) < 120
    assert min(pixel(centre[0] + 1 * MM * scale, centre[1] + 1 * MM * scale)) > 200  # inside the circle: paper


def test_office_order_is_sheets_without_pdfx(ordered):
    folder = ordered("office")
    pdf = print_file(folder)
    assert pdf.name == "generalistisch-werkt-default-sheets.pdf"
    reader = PdfReader(pdf)
    assert len(reader.pages) == 10 and "/GTS_PDFXVersion" not in reader.metadata
    assert "/OutputIntents" not in reader.trailer["/Root"] and "/Metadata" not in reader.trailer["/Root"]
    w, h = (float(v) / MM for v in reader.pages[0].mediabox[2:])
    assert (round(w), round(h)) == (297, 210)  # A4 landscape, two A5 cards a side
    assert sorted(p.name for p in folder.iterdir()) == ["README.txt", pdf.name, "job.json"]
    text = (folder / "README.txt").read_text(encoding="utf-8")
    flat = " ".join(text.split())
    assert "Profile:        office\n" in text and "Pages: 10 sheet sides (10 cards, double-sided)" in flat
    assert "print double-sided at actual size, turning on the long edge" in flat
    assert "Crop marks: none" in flat and "Standard: none: a file to print yourself" in flat


def test_preflight_with_another_profile_names_what_differs(ordered):
    pdf = print_file(ordered("offset-fogra39"))
    findings, _ = preflight(pdf, load("drivethrucards").limits())
    assert [str(f) for f in findings] == [
        "the output intent is FOGRA39; the profile 'drivethrucards' prints on CGATS TR 001",
        *(f"page {n}: bleed is 3.0 mm; at least 3.175 mm is needed" for n in range(1, 21))]
    findings, _ = preflight(pdf, load("offset-fogra39-x4").limits())
    assert [str(f) for f in findings] == ["the file is PDF/X-1a:2003; the profile 'offset-fogra39-x4' asks for PDF/X-4"]
