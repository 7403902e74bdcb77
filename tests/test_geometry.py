"""Print geometry by numbers: boxes nest, marks stay out of the bleed, A5 is A5."""

import pytest
from hypothesis import given, strategies as st

from fichegen.geometry import MARK_LENGTH, MARK_WIDTH, Box, PageGeometry

MM = 72 / 25.4
A5 = (148 * MM, 210 * MM)


def test_a5_in_points():
    assert A5[0] == pytest.approx(419.53, abs=0.01)
    assert A5[1] == pytest.approx(595.28, abs=0.01)


@given(bleed=st.floats(0, 10 * MM), marks=st.booleans(),
       w=st.floats(50, 600), h=st.floats(50, 900))
def test_boxes_nest_and_bleed_is_uniform(bleed, marks, w, h):
    g = PageGeometry((w, h), bleed=bleed, marks=marks)
    assert g.media.contains(g.bleed_box) and g.bleed_box.contains(g.trim)
    assert g.trim.width == pytest.approx(w) and g.trim.height == pytest.approx(h)
    for d in (g.trim.x0 - g.bleed_box.x0, g.bleed_box.x1 - g.trim.x1, g.trim.y0 - g.bleed_box.y0, g.bleed_box.y1 - g.trim.y1):
        assert d == pytest.approx(bleed)
    if not marks:
        assert g.media.as_tuple() == pytest.approx(g.bleed_box.as_tuple())


def _touches(mark, box: Box) -> bool:
    lo_x, hi_x = sorted((mark.x0, mark.x1))
    lo_y, hi_y = sorted((mark.y0, mark.y1))
    half = MARK_WIDTH / 2
    return lo_x - half < box.x1 and hi_x + half > box.x0 and lo_y - half < box.y1 and hi_y + half > box.y0


@given(bleed=st.floats(0, 10 * MM))
def test_marks_lie_between_bleed_and_media(bleed):
    g = PageGeometry(A5, bleed=bleed, marks=True)
    marks = g.crop_marks()
    assert len(marks) == 8
    for m in marks:
        assert not _touches(m, g.bleed_box)
        assert g.media.contains(Box(min(m.x0, m.x1), min(m.y0, m.y1), max(m.x0, m.x1), max(m.y0, m.y1)))
        # each mark sits on the line of a trim edge, so it shows the cut
        assert m.x0 in (g.trim.x0, g.trim.x1) or m.y0 in (g.trim.y0, g.trim.y1)
        assert abs(m.x1 - m.x0) + abs(m.y1 - m.y0) == pytest.approx(MARK_LENGTH)


def test_mark_width_is_what_print_shops_ask_for():
    assert 0.25 <= MARK_WIDTH <= 0.5


def test_no_marks_means_no_marks():
    assert PageGeometry(A5, marks=False).crop_marks() == []
