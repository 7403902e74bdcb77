"""Every character is checked against the font that sets it: a missing glyph is a problem, not a box."""

import pytest

from fichegen.content.deck import load_deck
from fichegen.errors import FichegenError
from fichegen.layout import glyphs
from fichegen.style import template


def test_missing_glyphs_are_reported_not_drawn_as_boxes(tmp_path, make_deck):
    folder = make_deck(tmp_path / "d", {"01-g.yaml": "title: Glyphs\nfront: ['Grüße ☃ and 漢']\n"})
    with pytest.raises(FichegenError) as e:
        glyphs.check_texts(load_deck(folder), template.load("default"))
    [p] = e.value.problems
    assert p.message == ("card 'g': the template's fonts have no glyph for '☃' (U+2603), '漢' (U+6F22); "
                         "replace the characters or choose a template whose fonts have them")


def test_check_and_build_refuse_missing_glyphs_alike(tmp_path, make_deck):
    from fichegen.options import BuildOptions
    from fichegen.pipeline import build, prepare

    folder = make_deck(tmp_path / "d", {"01-g.yaml": "title: Glyphs\nfront: ['Grüße ☃']\n"})
    messages = []
    for run in (lambda: prepare(folder), lambda: build(folder, BuildOptions(output=str(tmp_path / "g.pdf"), jobs=1))):
        with pytest.raises(FichegenError) as e:
            run()
        messages.append([str(p) for p in e.value.problems])
    assert messages[0] == messages[1] and len(messages[0]) == 1
    assert not (tmp_path / "g.pdf").exists()
