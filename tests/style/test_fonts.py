"""Fonts: each file draws with its own glyphs, and a font pickled (into the cache, to a worker) measures
and embeds as the one read from its file."""

from __future__ import annotations

import pickle
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
def test_a_font_kept_as_a_pickle_measures_and_embeds_as_one_read_from_its_file(face, tmp_path):
    from reportlab.pdfbase.ttfonts import TTFont

    path = fonts.resolve(face, tmp_path)
    read = TTFont("fg-probe-read", str(path))  # as ReportLab reads it, its own scale and all
    kept = pickle.loads(pickle.dumps(fonts.face(fonts.ref(path))))
    text = "Generalistisch werken: één coach, élke stap — 12,5 %"
    assert kept.stringWidth(text, 9.5) == read.stringWidth(text, 9.5)
    assert (kept.face.capHeight, kept.face.descent, kept.face.bbox) == (read.face.capHeight, read.face.descent, read.face.bbox)
    assert [kept.pdfScale(v) for v in (1, 517, 2048)] == [read.pdfScale(v) for v in (1, 517, 2048)]
    subset = [ord(c) for c in sorted(set(text))]
    assert kept.face.makeSubset(subset) == read.face.makeSubset(subset)
    assert not kept.state  # no document's subsets came along
