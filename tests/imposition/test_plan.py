"""Imposition plans, proved by properties over deck sizes, sheets, orientations and both duplex edges."""

import math

import pytest
from hypothesis import assume, given, settings, strategies as st

from fichegen.geometry import MARK_WIDTH, MM, Box
from fichegen.imposition.plan import (FOLD_GAP, Transform, choose_grid, parse_sheet, plan_calibration, plan_fold,
                             plan_sheets, turn)

A5 = (148 * MM, 210 * MM)
named = st.sampled_from(["A4", "A3", "SRA3", "Letter", "Tabloid"])
custom = st.builds(lambda w, h: f"{w}x{h}mm", st.integers(160, 700), st.integers(160, 700))
sheets = st.one_of(named, custom)
cards = st.integers(1, 40)
trims = st.one_of(st.just(A5), st.tuples(st.floats(50, 150), st.floats(50, 150)).map(lambda t: (t[0] * MM, t[1] * MM)))
edges = st.sampled_from(["long", "short"])
offsets = st.tuples(st.floats(-5, 5), st.floats(-5, 5)).map(lambda o: (o[0] * MM, o[1] * MM))


def linear(t: Transform, x: float, y: float) -> tuple[float, float]:
    return (t.a * x + t.c * y, t.b * x + t.d * y)


def close(p, q, tol=1e-6):
    return all(abs(a - b) < tol for a, b in zip(p, q))


def plan(n, trim, sheet, edge, offset=(0.0, 0.0), bleed=3 * MM):
    try:
        return plan_sheets(n, trim, sheet, duplex=edge, back_offset=offset, bleed=bleed, deck="D", template="T")
    except Exception as e:  # a card that does not fit the sheet is a clean error, not a plan
        assume(False)
        raise e


def pairs(p):
    """(front placement, back placement, sheet side of the back) for every card."""
    fronts = {pl.face: pl for s in p.sides if s.side == "front" for pl in s.placements}
    backs = {pl.face: (pl, s) for s in p.sides if s.side == "back" for pl in s.placements}
    for face, front in fronts.items():
        back, side = backs[face + 1]
        yield front, back, side


@settings(max_examples=200, deadline=None)
@given(cards, trims, sheets, edges)
def test_every_face_is_placed_exactly_once_front_sheet_then_back_sheet(n, trim, sheet, edge):
    p = plan(n, trim, sheet, edge)
    faces = [pl.face for s in p.sides for pl in s.placements]
    assert sorted(faces) == list(range(2 * n))
    assert [s.side for s in p.sides] == ["front", "back"] * (len(p.sides) // 2)
    for front, back in zip(p.sides[::2], p.sides[1::2]):
        assert front.number == back.number
        assert sorted(pl.face + 1 for pl in front.placements) == sorted(pl.face for pl in back.placements)
        assert all(pl.face % 2 == 0 for pl in front.placements)


@settings(max_examples=200, deadline=None)
@given(cards, trims, sheets, edges, offsets)
def test_after_the_turn_each_back_lies_behind_its_front(n, trim, sheet, edge, offset):
    p = plan(n, trim, sheet, edge, offset)
    for front, back, side in pairs(p):
        t = turn(side.sheet, edge)
        moved = Box(back.trim.x0 - offset[0], back.trim.y0 - offset[1], back.trim.x1 - offset[0], back.trim.y1 - offset[1])
        corners = [t.apply(x, y) for x, y in ((moved.x0, moved.y0), (moved.x1, moved.y1))]
        xs, ys = sorted(c[0] for c in corners), sorted(c[1] for c in corners)
        assert (xs[0], ys[0], xs[1], ys[1]) == pytest.approx(front.trim.as_tuple(), abs=1e-6)


@settings(max_examples=200, deadline=None)
@given(cards, trims, sheets, edges, offsets)
def test_backs_read_upright_for_a_book_turn(n, trim, sheet, edge, offset):
    """Seen through the paper, a back's 'up' is its front's 'up' and its 'right' is the front's 'left':
    exactly what turning the cut card about its vertical edge shows. And every point of the back lies
    on the paper behind the matching point of the front."""
    p = plan(n, trim, sheet, edge, offset)
    w, h = trim
    for front, back, side in pairs(p):
        t = turn(side.sheet, edge)
        up_front, up_back = linear(front.transform, 0, 1), linear(t, *linear(back.transform, 0, 1))
        right_front, right_back = linear(front.transform, 1, 0), linear(t, *linear(back.transform, 1, 0))
        assert close(up_back, up_front) and close(right_back, (-right_front[0], -right_front[1]))
        for u, v in ((0, 0), (w, 0), (0, h), (w / 3, h / 7)):
            bx, by = back.transform.apply(w - u, v)
            assert close(t.apply(bx - offset[0], by - offset[1]), front.transform.apply(u, v), 1e-6)


@settings(max_examples=100, deadline=None)
@given(cards, trims, sheets, edges)
def test_a_turn_about_an_axis_horizontal_for_the_card_rotates_the_back_180(n, trim, sheet, edge):
    p = plan(n, trim, sheet, edge)
    for front, back, side in pairs(p):
        t = turn(side.sheet, edge)
        axis = (0, 1) if t.a == -1 else (1, 0)  # the line the sheet turns about, in sheet coordinates
        up = linear(front.transform, 0, 1)
        horizontal_for_card = abs(axis[0] * up[0] + axis[1] * up[1]) < 1e-9
        expected = (front.transform.rotation + (180 if horizontal_for_card else 0)) % 360
        # the back's rotation as it is printed on the back page, which the reader sees after turning the sheet
        assert back.transform.rotation == expected


def _segment_hits(line, box: Box) -> bool:
    half = MARK_WIDTH / 2
    lo_x, hi_x = sorted((line.x0, line.x1))
    lo_y, hi_y = sorted((line.y0, line.y1))
    return lo_x - half < box.x1 and hi_x + half > box.x0 and lo_y - half < box.y1 and hi_y + half > box.y0


@settings(max_examples=200, deadline=None)
@given(cards, trims, sheets, edges, st.sampled_from([0.0, 3 * MM]))
def test_marks_lie_outside_every_card_and_its_bleed_and_on_the_sheet(n, trim, sheet, edge, bleed):
    p = plan(n, trim, sheet, edge, bleed=bleed)
    for side in p.sides:
        areas = [pl.trim.grown(pl.bleed) for pl in side.placements]
        sheet_box = Box(0, 0, side.sheet.width, side.sheet.height)
        for area in areas:
            assert sheet_box.contains(area, tol=1e-6)
        for line in side.lines:
            assert not any(_segment_hits(line, a) for a in areas), line
            assert sheet_box.contains(Box(min(line.x0, line.x1), min(line.y0, line.y1), max(line.x0, line.x1),
                                          max(line.y0, line.y1)), tol=1e-6)
        if side.side == "back":
            assert side.lines == ()
        label = side.labels[0]
        assert label.text.startswith("D  ·  template T") and f"sheet {side.number} of " in label.text


@settings(max_examples=100, deadline=None)
@given(cards, trims, sheets, edges, offsets)
def test_offsets_move_backs_only(n, trim, sheet, edge, offset):
    still, moved = plan(n, trim, sheet, edge), plan(n, trim, sheet, edge, offset)
    for a, b in zip(still.sides, moved.sides):
        if a.side == "front":
            assert a == b
        else:
            for pa, pb in zip(a.placements, b.placements):
                assert pa.face == pb.face
                ta, tb = pa.transform, pb.transform
                assert (ta.a, ta.b, ta.c, ta.d) == (tb.a, tb.b, tb.c, tb.d)
                assert (tb.e - ta.e, tb.f - ta.f) == pytest.approx(offset, abs=1e-9)


@pytest.mark.parametrize("sheet, count, bleed", [("A4", 2, 0), ("A3", 4, 0), ("SRA3", 4, 3), ("Letter", 1, 3)])
def test_grids_for_a5(sheet, count, bleed):
    g = choose_grid(*parse_sheet(sheet), A5, 3 * MM)
    assert g.count == count and g.bleed == pytest.approx(bleed * MM)
    assert g.rotation == 0  # A5 stands upright on all of these (A4 and A3 as landscape / portrait sheets)


def test_a4_long_edge_is_the_example_from_the_issue():
    """Landscape A4 with two portrait A5 cards, turned on the long edge: backs upside down."""
    p = plan_sheets(2, A5, "A4", duplex="long")
    front, back = p.sides
    assert front.sheet.width > front.sheet.height
    assert [pl.transform.rotation for pl in front.placements] == [0, 0]
    assert [pl.transform.rotation for pl in back.placements] == [180, 180]
    assert back.placements[0].trim.x0 == pytest.approx(front.placements[0].trim.x0)  # same column


def test_a4_short_edge_keeps_backs_upright_and_swaps_columns():
    front, back = plan_sheets(2, A5, "A4", duplex="short").sides
    assert [pl.transform.rotation for pl in back.placements] == [0, 0]
    assert back.placements[0].trim.x0 == pytest.approx(front.placements[1].trim.x0)


def test_unknown_sheet_is_a_clear_error():
    from fichegen.errors import FichegenError

    with pytest.raises(FichegenError) as e:
        parse_sheet("B7")
    assert e.value.problems[0].message == "unknown sheet 'B7'; use A4, A3, SRA3, Letter, Tabloid or a size like 330x480mm"
    assert parse_sheet("330x480mm") == ("330x480mm", pytest.approx(330 * MM), pytest.approx(480 * MM))


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 12), trims, st.sampled_from(["A4", "A3", "SRA3", "Tabloid"]))
def test_fold_puts_each_back_behind_its_front_upright(n, trim, sheet):
    try:
        p = plan_fold(list(range(n)), trim, sheet, deck="D", template="T")
    except Exception:
        assume(False)
    w, h = trim
    placed = {pl.face: pl for s in p.sides for pl in s.placements}
    assert sorted(placed) == list(range(2 * n))
    for side in p.sides:
        folds = [ln for ln in side.lines if ln.dashed]
        for pl in side.placements:
            if pl.face % 2:
                continue
            front, back = pl, placed[pl.face + 1]
            fold = next(ln for ln in folds if _touches_edge(ln, front.trim))
            mirror = _reflection(fold)
            # folding maps each back point onto the paper behind the front point; the book turn reads it upright
            for u, v in ((0, 0), (w, 0), (0, h), (w / 3, h / 5)):
                assert close(mirror.apply(*back.transform.apply(w - u, v)), front.transform.apply(u, v), 1e-6)
            gap = max(back.trim.x0 - front.trim.x1, front.trim.x0 - back.trim.x1, back.trim.y0 - front.trim.y1,
                      front.trim.y0 - back.trim.y1)
            assert gap == pytest.approx(FOLD_GAP)


def _touches_edge(line, box: Box) -> bool:
    mx, my = (line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2
    return min(abs(mx - box.x0), abs(mx - box.x1), abs(my - box.y0), abs(my - box.y1)) <= FOLD_GAP


def _reflection(line) -> Transform:
    if math.isclose(line.x0, line.x1):
        return Transform(-1, 0, 0, 1, 2 * line.x0, 0)
    return Transform(1, 0, 0, -1, 0, 2 * line.y0)


@pytest.mark.parametrize("edge", ["long", "short"])
@pytest.mark.parametrize("sheet", ["A4", "A3"])
def test_calibration_back_lines_fall_on_the_zero_ticks(sheet, edge):
    p = plan_calibration(sheet, edge)
    front, back = p.sides
    t = turn(front.sheet, edge)
    zero_ticks = [ln for ln in front.lines if math.isclose(abs(ln.x1 - ln.x0) + abs(ln.y1 - ln.y0), 4 * MM)]
    assert len(back.lines) == len(zero_ticks) == 10
    for ln in back.lines:
        a, b = t.apply(ln.x0, ln.y0), t.apply(ln.x1, ln.y1)
        # seen from the front, each back line runs through the foot of a zero tick
        assert any(_on_segment((z.x0, z.y0), a, b) for z in zero_ticks)
    # and the numbers tell the offset to pass, in back-page terms: moving the back by that offset
    # must bring a line seen at that number back to zero
    shifted = plan_calibration(sheet, edge, (1 * MM, 0))
    moved = [t.apply((ln.x0 + ln.x1) / 2, (ln.y0 + ln.y1) / 2)[0] for ln in shifted.sides[1].lines]
    base = [t.apply((ln.x0 + ln.x1) / 2, (ln.y0 + ln.y1) / 2)[0] for ln in back.lines]
    seen = moved[0] - base[0]  # where, on the X scale, a back shifted by +1 mm appears
    number = next(lb.text for lb in front.labels if lb.align == "centre" and math.isclose(lb.x, _x_zero(front) + 2 * seen, abs_tol=1e-6))
    assert float(number) == pytest.approx(-2.0)  # reading +2·seen means: shift the back by −2 mm


def _x_zero(front):
    return next(lb.x for lb in front.labels if lb.align == "centre" and lb.text == "0")


def _on_segment(p, a, b, tol=1e-6):
    (px, py), (ax, ay), (bx, by) = p, a, b
    cross = (bx - ax) * (py - ay) - (by - ay) * (px - ax)
    within = min(ax, bx) - tol <= px <= max(ax, bx) + tol and min(ay, by) - tol <= py <= max(ay, by) + tol
    return abs(cross) < tol * 100 and within
