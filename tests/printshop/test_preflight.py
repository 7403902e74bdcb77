"""Preflight fails each bad PDF for its named reason, and passes our own print files."""

import json

import pytest
from click.testing import CliRunner
from reportlab.lib.colors import CMYKColor, Color
from reportlab.pdfgen.canvas import Canvas

from fichegen.cli import cli
from fichegen.geometry import MM
from fichegen.printshop.preflight import preflight

A5 = (148 * MM, 210 * MM)
BLEED = 3 * MM


def make(path, draw, *, trim=True, bleed=BLEED, font="fg"):
    """An A5 page with bleed; `draw(c)` adds the content under test, in trim coordinates."""
    from fichegen.style import fonts
    from fichegen.style.template import load

    body = load("default").fonts["body"]["regular"]
    fonts.face(body)
    w, h = A5[0] + 2 * bleed, A5[1] + 2 * bleed
    c = Canvas(str(path), pagesize=(w, h), invariant=1, initialFontName=body.name)
    if trim:
        c.setTrimBox((bleed, bleed, bleed + A5[0], bleed + A5[1]))
        c.setBleedBox((0, 0, w, h))
    c.translate(bleed, bleed)
    c.setFillColor(CMYKColor(0, 0, 0, 1))
    c.setFont(body.name, 10)
    c.drawString(20 * MM, 100 * MM, "A well-behaved line of text")
    draw(c, body)
    c.showPage()
    c.save()
    return path


def problems(path):
    findings, _ = preflight(path)
    return [str(f) for f in findings if not f.warning]


def test_a_clean_page_passes(tmp_path):
    assert problems(make(tmp_path / "ok.pdf", lambda c, f: None)) == []


def test_rgb_colour_fails(tmp_path):
    def draw(c, f):
        c.setFillColor(Color(1, 0, 0))
        c.rect(30 * MM, 30 * MM, 20 * MM, 20 * MM, fill=1, stroke=0)
    assert problems(make(tmp_path / "rgb.pdf", draw)) == [
        "page 1: RGB or Lab colour is used; a print file must be CMYK (or grey)"]


def test_unembedded_helvetica_fails(tmp_path):
    def draw(c, f):
        c.setFont("Helvetica", 10)
        c.drawString(20 * MM, 50 * MM, "Helvetica is not embedded")
    assert problems(make(tmp_path / "helv.pdf", draw)) == ["page 1: font Helvetica is not embedded"]


def test_missing_trim_box_fails(tmp_path):
    assert problems(make(tmp_path / "notrim.pdf", lambda c, f: None, trim=False)) == [
        "page 1: no TrimBox: the shop cannot tell where to cut",
        "page 1: no BleedBox: the shop cannot tell how far the artwork runs"]


def test_thin_bleed_fails(tmp_path):
    assert problems(make(tmp_path / "bleed.pdf", lambda c, f: None, bleed=1 * MM)) == [
        "page 1: bleed is 1.0 mm; at least 3 mm is needed"]


def test_three_point_text_fails(tmp_path):
    def draw(c, f):
        c.setFont(f.name, 3)
        c.drawString(20 * MM, 60 * MM, "tiny")
    assert problems(make(tmp_path / "small.pdf", draw)) == ["page 1: text at 3.0 pt; text must be at least 6 pt"]


def test_scaled_text_is_measured_at_its_real_size(tmp_path):
    def draw(c, f):
        c.saveState()
        c.scale(0.4, 0.4)  # 10 pt set at 40 %: 4 pt on paper
        c.setFont(f.name, 10)
        c.drawString(60 * MM, 150 * MM, "shrunk")
        c.restoreState()
    assert problems(make(tmp_path / "scaled.pdf", draw)) == ["page 1: text at 4.0 pt; text must be at least 6 pt"]


def test_hairlines_fail_but_registration_marks_do_not(tmp_path):
    def draw(c, f):
        c.setStrokeColor(CMYKColor(0, 0, 0, 1))
        c.setLineWidth(0.1)
        c.line(30 * MM, 30 * MM, 80 * MM, 30 * MM)
        c.line(30 * MM, 35 * MM, 80 * MM, 35 * MM)
    assert problems(make(tmp_path / "hair.pdf", draw)) == [
        "page 1: a line 0.10 pt wide; lines must be at least 0.25 pt to print (2 places)"]


def test_text_in_the_safe_zone_fails(tmp_path):
    def draw(c, f):
        c.setFont(f.name, 9)
        c.drawString(2 * MM, 100 * MM, "too close to the edge")
    assert problems(make(tmp_path / "safe.pdf", draw)) == ["page 1: text within 5 mm of the trim edge; it may be cut off"]


def test_transparency_fails(tmp_path):
    def draw(c, f):
        c.setFillColor(CMYKColor(1, 0, 0, 0, alpha=0.5))
        c.rect(30 * MM, 30 * MM, 20 * MM, 20 * MM, fill=1, stroke=0)
    found = problems(make(tmp_path / "alpha.pdf", draw))
    assert len(found) == 1 and found[0].startswith("page 1: transparency: ") and "sets opacity 0.5" in found[0]


def test_heavy_ink_fails(tmp_path):
    def draw(c, f):
        c.setFillColor(CMYKColor(1, 1, 1, 1))
        c.rect(30 * MM, 30 * MM, 20 * MM, 20 * MM, fill=1, stroke=0)
    assert problems(make(tmp_path / "ink.pdf", draw)) == ["page 1: total ink coverage 400 % is above 300 %"]


def test_a_picture_over_the_ink_limit_fails(tmp_path):
    """A CMYK image is judged by its darkest pixel: 1 pixel of 340 % among paper-white ones is enough."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    def draw(c, f):
        image = Image.new("CMYK", (60, 40), (0, 0, 0, 0))
        image.putpixel((7, 3), (255, 204, 153, 255))  # 100 + 80 + 60 + 100 %
        c.drawImage(ImageReader(image), 30 * MM, 30 * MM, 20 * MM, 20 * MM)
    found = problems(make(tmp_path / "photo.pdf", draw))
    assert len(found) == 1 and found[0].startswith("page 1: image ")
    assert found[0].endswith(" has pixels of 340 % total ink, above 300 %")


def test_not_a_pdf(tmp_path):
    bad = tmp_path / "x.pdf"
    bad.write_text("hello")
    findings, pages = preflight(bad)
    assert pages == 0 and str(findings[0]).startswith("not a readable PDF")


def test_cli_exit_codes_and_json(tmp_path):
    ok = make(tmp_path / "ok.pdf", lambda c, f: None)
    bad = make(tmp_path / "notrim.pdf", lambda c, f: None, trim=False)
    result = CliRunner().invoke(cli, ["preflight", str(ok)])
    assert result.exit_code == 0 and result.stdout.strip().endswith("ok.pdf: passed preflight (1 pages checked)")
    result = CliRunner().invoke(cli, ["preflight", str(bad)])
    assert result.exit_code == 1
    assert f"{bad}: page 1: no TrimBox: the shop cannot tell where to cut" in result.stdout
    result = CliRunner().invoke(cli, ["preflight", "--json", str(bad)])
    report = json.loads(result.stdout)
    assert result.exit_code == 1 and report["passed"] is False and report["pages"] == 1
    assert report["problems"][0] == {"page": 1, "check": "boxes", "severity": "error",
                                     "message": "no TrimBox: the shop cannot tell where to cut"}


@pytest.mark.parametrize("name", ["default", "uantwerpen", "de-ploeg", "recht-op", "weerwerk"])
def test_every_template_s_pages_file_passes(built, name):
    assert problems(built("pages", template=name)) == []
