"""Fonts: each file draws with its own glyphs, and measures as ReportLab reads it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fichegen.style import fonts


def test_two_files_of_one_font_stay_two_fonts(tmp_path):
    """ReportLab would draw the second file with the first; each must draw with its own (found when
    a template's copy of a packaged font was built before the packaged one, in one process)."""
    from reportlab.pdfbase import pdfmetrics

    for name in ("a.ttf", "b.ttf"):
        shutil.copy(fonts.resolve("Source Sans Pro Bold", Path(".")), tmp_path / name)
    refs = [fonts.ref(tmp_path / name) for name in ("a.ttf", "b.ttf")]
    for ref in refs:
        fonts.face(ref)
    assert refs[0].name != refs[1].name
    assert all(pdfmetrics.getFont(ref.name) is fonts.face(ref) for ref in refs)


@pytest.mark.parametrize("face", ["Source Sans Pro Bold", "Lato Regular"])  # 1000 and 2000 units to the em
def test_a_font_measures_as_read_from_its_file(face, tmp_path):
    """Fonts are read once per process (no pickled copy in a cache): what layout measures with is
    ReportLab's own reading of the file."""
    from reportlab.pdfbase.ttfonts import TTFont

    path = fonts.resolve(face, tmp_path)
    read = TTFont("fg-probe-read", str(path))
    ref = fonts.ref(path)
    text = "Generalistisch werken: één coach, élke stap — 12,5 %"
    assert fonts.width(ref, text, 9.5) == read.stringWidth(text, 9.5)
    assert fonts.cap_height(ref) == read.face.capHeight / 1000 and fonts.descent(ref) == -read.face.descent / 1000
    assert fonts.missing_chars(ref, text + "\u4e2d") == {"\u4e2d"}
