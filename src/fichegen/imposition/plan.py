"""Imposition plan: which face goes where on which sheet side, turned how. Pure data, no PDF.

Duplex is right by construction: a back's placement is its front's placement composed with the turn of
the sheet and the book turn of the cut card, so "behind its own front, upright" holds for any grid."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fichegen.errors import FichegenError, Problem
from fichegen.geometry import MARK_GAP, MARK_WIDTH, MM, Box, Transform, shift

SHEETS_MM = {"A4": (210, 297), "A3": (297, 420), "SRA3": (320, 450), "Letter": (215.9, 279.4), "Tabloid": (279.4, 431.8)}
MIN_MARK = 2 * MM  # shortest crop mark worth drawing
CUT_MARK = 5 * MM  # longest


def rotate(degrees: int) -> Transform:
    c, s = {0: (1, 0), 90: (0, 1), 180: (-1, 0), 270: (0, -1)}[degrees % 360]
    return Transform(c, s, -s, c)


def upright(rotation: int, w: float, h: float, x: float, y: float) -> Transform:
    """Card-local (trim) coordinates → sheet: turned by `rotation`, its bounding box's corner at (x, y)."""
    r = rotate(rotation)
    corners = [r.apply(u, v) for u, v in ((0, 0), (w, 0), (0, h), (w, h))]
    return r.then(shift(x - min(c[0] for c in corners), y - min(c[1] for c in corners)))


@dataclass(frozen=True)
class Sheet:
    name: str
    width: float  # pt, as the PDF page is laid out (landscape when wider)
    height: float


def parse_sheet(spec: str) -> tuple[str, float, float]:
    """'A4', 'sra3', '330x480mm' → (name, width, height) in pt, portrait."""
    for name, (w, h) in SHEETS_MM.items():
        if spec.lower() == name.lower():
            return name, w * MM, h * MM
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*mm\s*", spec, re.I)
    if m and 50 <= float(m[1]) <= 2000 and 50 <= float(m[2]) <= 2000:
        return f"{float(m[1]):g}x{float(m[2]):g}mm", float(m[1]) * MM, float(m[2]) * MM
    raise FichegenError(Problem("--sheet", None, f"unknown sheet '{spec}'; use {', '.join(SHEETS_MM)} or a size like 330x480mm"))


@dataclass(frozen=True)
class Grid:
    sheet: Sheet
    cols: int
    rows: int
    rotation: int  # 0 or 90: how the cards stand on the sheet
    bleed: float  # around each card on the sheet; 0 when the sheet has no room for it
    gutter: tuple[float, float]  # between cells, x and y
    margin: tuple[float, float]  # sheet edge to the first cell, x and y
    card: tuple[float, float]  # trim size as it stands on the sheet

    @property
    def count(self) -> int:
        return self.cols * self.rows

    def slots(self) -> list[Box]:
        """Trim boxes in reading order: left to right, top to bottom."""
        cw, ch = self.card
        b = self.bleed
        out = []
        for row in range(self.rows):
            for col in range(self.cols):
                x = self.margin[0] + b + col * (cw + 2 * b + self.gutter[0])
                top = self.sheet.height - self.margin[1] - b - row * (ch + 2 * b + self.gutter[1])
                out.append(Box(x, top - ch, x + cw, top))
        return out


def _fit(length: float, cell: float, need: float) -> int:
    """How many cells fit along a length, keeping `need` free at each end."""
    return max(0, int((length - 2 * need + 1e-6) // cell))


def _grid(sheet: Sheet, trim: tuple[float, float], rotation: int, bleed: float) -> Grid:
    cw, ch = trim if rotation == 0 else (trim[1], trim[0])
    need = bleed + MARK_GAP + MIN_MARK if bleed else 0.0  # room for crop marks outside the bleed
    cols = _fit(sheet.width, cw + 2 * bleed, need)
    rows = _fit(sheet.height, ch + 2 * bleed, need)

    def spread(length, n, cell):
        slack = length - n * cell
        if bleed or n < 2:  # bleeds meet; centre the block
            return 0.0, slack / 2
        gutter = min(slack / (n - 1), 6 * MM)  # room for a cut line between cards
        return gutter, (length - n * cell - (n - 1) * gutter) / 2

    gx, mx = spread(sheet.width, cols, cw + 2 * bleed)
    gy, my = spread(sheet.height, rows, ch + 2 * bleed)
    return Grid(sheet, cols, rows, rotation, bleed, (gx, gy), (mx, my), (cw, ch))


def choose_grid(name: str, width: float, height: float, trim: tuple[float, float], bleed: float) -> Grid:
    """The grid with most cards over both sheet orientations and both card rotations. Cards keep their
    bleed only when that costs no card; ties go to upright cards, then to a portrait sheet."""
    def best(b: float) -> Grid:
        options = []
        for landscape in (False, True):
            sheet = Sheet(name, *((max(width, height), min(width, height)) if landscape else (min(width, height), max(width, height))))
            for rotation in (0, 90):
                g = _grid(sheet, trim, rotation, b)
                options.append((g.count, rotation == 0, not landscape, g))
        return max(options, key=lambda o: o[:3])[3]

    plain = best(0.0)
    if bleed and plain.count:
        with_bleed = best(bleed)
        if with_bleed.count == plain.count:
            return with_bleed
    if plain.count == 0:
        raise FichegenError(Problem("--sheet", None, f"a {trim[0] / MM:.0f} × {trim[1] / MM:.0f} mm card does not fit on {name}"))
    return plain


# -- what goes on a sheet side ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A mark in registration colour: crop mark, cut line (solid) or fold line (dashed)."""

    x0: float
    y0: float
    x1: float
    y1: float
    dashed: bool = False


@dataclass(frozen=True)
class Label:
    """A line of small text outside the cards; render shrinks it to max_width if needed."""

    x: float
    y: float  # baseline start
    rotation: int
    size: float
    text: str
    max_width: float
    align: str = "left"  # or "centre": x is the middle of the text


@dataclass(frozen=True)
class Placement:
    face: int  # index into the deck's faces: card i's front is 2i, its back 2i + 1
    transform: Transform  # card trim coordinates → sheet coordinates
    trim: Box  # on the sheet
    bleed: float  # how much of the face beyond the trim shows


@dataclass(frozen=True)
class SheetSide:
    sheet: Sheet
    number: int  # 1-based sheet number
    side: str  # "front" | "back"
    placements: tuple[Placement, ...]
    lines: tuple[Line, ...]
    labels: tuple[Label, ...]


@dataclass(frozen=True)
class Imposition:
    sheet: Sheet
    sides: tuple[SheetSide, ...]
    duplex: str | None  # "long" | "short" | None (fold-over and single-sided sheets)
    per_sheet: int

    @property
    def bleed(self) -> float:
        """The most bleed any placement shows: what each face's form is drawn to."""
        return max((pl.bleed for side in self.sides for pl in side.placements), default=0.0)


def turn(sheet: Sheet, edge: str) -> Transform:
    """Front-side coordinates of a point → the same paper point in back-side coordinates, when the sheet
    is turned over about its long or short edge."""
    about_vertical = (sheet.height >= sheet.width) == (edge == "long")
    return Transform(-1, 0, 0, 1, sheet.width, 0) if about_vertical else Transform(1, 0, 0, -1, 0, sheet.height)


def book_turn(card_width: float) -> Transform:
    """A cut card turned like a book page: its back's local coordinates of a front-local point."""
    return Transform(-1, 0, 0, 1, card_width, 0)


def box_of(t: Transform, w: float, h: float) -> Box:
    pts = [t.apply(u, v) for u, v in ((0, 0), (w, 0), (0, h), (w, h))]
    return Box(min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))


def back_of(front: Transform, card_w: float, sheet_turn: Transform, offset: tuple[float, float]) -> Transform:
    """Where a back goes so that it lies behind its front and reads upright after a book turn:
    back-local (w − u, v) must land on the paper point of front-local (u, v)."""
    return book_turn(card_w).then(front).then(sheet_turn).then(shift(*offset))


def _extent(trims: list[Box], bleed: float) -> Box:
    """The area all cards and their bleeds cover together."""
    return Box(min(t.x0 for t in trims), min(t.y0 for t in trims),
               max(t.x1 for t in trims), max(t.y1 for t in trims)).grown(bleed)


def _crop_marks(trims: list[Box], bleed: float, sheet: Sheet) -> list[Line]:
    """Marks on the extended lines of every cut, in the margins outside all cards and their bleeds,
    plus a cut line down the middle of each gutter wide enough to hold one."""
    xs = sorted({round(v, 4) for t in trims for v in (t.x0, t.x1)})
    ys = sorted({round(v, 4) for t in trims for v in (t.y0, t.y1)})
    x0, y0, x1, y1 = _extent(trims, bleed).as_tuple()
    lines: list[Line] = []

    def tick(a: float, b: float, fixed: float, vertical: bool) -> None:
        edge = sheet.width if vertical else sheet.height
        if fixed < MARK_WIDTH or fixed > edge - MARK_WIDTH:
            return  # a cut that is the sheet's own edge needs no mark
        if abs(b - a) >= MIN_MARK - 1e-6:
            lines.append(Line(fixed, a, fixed, b) if vertical else Line(a, fixed, b, fixed))

    for x in xs:
        tick(y1 + MARK_GAP, min(y1 + MARK_GAP + CUT_MARK, sheet.height), x, True)
        tick(y0 - MARK_GAP, max(y0 - MARK_GAP - CUT_MARK, 0.0), x, True)
    for y in ys:
        tick(x0 - MARK_GAP, max(x0 - MARK_GAP - CUT_MARK, 0.0), y, False)
        tick(x1 + MARK_GAP, min(x1 + MARK_GAP + CUT_MARK, sheet.width), y, False)
    if not bleed:
        for a, b in zip(xs, xs[1:]):
            if b - a >= 2 * MARK_WIDTH and not any(t.x0 < (a + b) / 2 < t.x1 for t in trims):
                lines.append(Line((a + b) / 2, 0, (a + b) / 2, sheet.height))
        for a, b in zip(ys, ys[1:]):
            if b - a >= 2 * MARK_WIDTH and not any(t.y0 < (a + b) / 2 < t.y1 for t in trims):
                lines.append(Line(0, (a + b) / 2, sheet.width, (a + b) / 2))
    return lines


def _job_label(text: str, sheet: Sheet, trims: list[Box], bleed: float, lines: list[Line]) -> tuple[Label, list[Line]]:
    """Put the job line in the widest free strip outside the cards; marks crossing it are cut around it."""
    x0, y0, x1, y1 = _extent(trims, bleed).as_tuple()
    first = max(trims, key=lambda t: (t.y1, -t.x0))  # top-left card
    strips = [  # (thickness, horizontal, position of the strip's low edge)
        (sheet.height - y1, True, y1), (y0, True, 0.0), (x0, False, 0.0), (sheet.width - x1, False, x1)]
    xs = sorted({t.x0 for t in trims} | {t.x1 for t in trims})
    for a, b in zip(xs, xs[1:]):
        if not any(t.x0 < (a + b) / 2 < t.x1 for t in trims):
            strips.append((b - a - 2 * bleed, False, a + bleed))
    thick, horizontal, low = max(strips, key=lambda s: s[0])
    size = max(1.0, min(6.0, thick * 0.55))
    if horizontal:
        label = Label(first.x0 + 3 * MM, low + (thick - size * 0.7) / 2, 0, size, text, first.width - 6 * MM)
        box = Box(label.x, low, label.x + label.max_width, low + thick)
    else:
        label = Label(low + (thick + size * 0.7) / 2, first.y0 + 3 * MM, 90, size, text, first.height - 6 * MM)
        box = Box(low, label.y, low + thick, label.y + label.max_width)
    return label, _cut_around(lines, box.grown(1 * MM))


def _cut_around(lines: list[Line], box: Box) -> list[Line]:
    out = []
    for ln in lines:
        vertical = ln.x0 == ln.x1
        fixed = ln.x0 if vertical else ln.y0
        lo_fixed, hi_fixed = (box.x0, box.x1) if vertical else (box.y0, box.y1)
        a, b = sorted((ln.y0, ln.y1) if vertical else (ln.x0, ln.x1))
        lo, hi = (box.y0, box.y1) if vertical else (box.x0, box.x1)
        if not (lo_fixed <= fixed <= hi_fixed) or b <= lo or a >= hi:
            out.append(ln)
            continue
        for s, e in ((a, min(b, lo)), (max(a, hi), b)):
            if e - s > 1e-6:
                out.append(Line(fixed, s, fixed, e, ln.dashed) if vertical else Line(s, fixed, e, fixed, ln.dashed))
    return out


# -- plans ----------------------------------------------------------------------------------------------


def _job(deck: str, template: str, what: str, n: int, total: int, side: str) -> str:
    return f"{deck}  ·  template {template}  ·  {what}  ·  sheet {n} of {total}  ·  {side}"


def plan_sheets(cards: int, trim: tuple[float, float], sheet: str = "A4", *, duplex: str = "long",
                back_offset: tuple[float, float] = (0.0, 0.0), marks: bool = True, bleed: float = 3 * MM,
                deck: str = "", template: str = "") -> Imposition:
    """n-up sheets for a duplex printer: front sheet, then its back sheet. Marks go on the fronts only."""
    name, w, h = parse_sheet(sheet)
    grid = choose_grid(name, w, h, trim, bleed)
    slots, per = grid.slots(), grid.count
    total = -(-cards // per)
    sheet_turn = turn(grid.sheet, duplex)
    what = f"{name} {'landscape' if grid.sheet.width > grid.sheet.height else 'portrait'}, {duplex}-edge duplex"
    sides: list[SheetSide] = []
    for s in range(total):
        fronts, backs = [], []
        for k, card in enumerate(range(s * per, min(cards, (s + 1) * per))):
            t = upright(grid.rotation, *trim, slots[k].x0, slots[k].y0)
            fronts.append(Placement(2 * card, t, slots[k], grid.bleed))
            bt = back_of(t, trim[0], sheet_turn, back_offset)
            backs.append(Placement(2 * card + 1, bt, box_of(bt, *trim), grid.bleed))
        for side, placed in (("front", fronts), ("back", backs)):
            trims = [p.trim for p in placed]
            lines = _crop_marks(trims, grid.bleed, grid.sheet) if marks and side == "front" else []
            label, lines = _job_label(_job(deck, template, what, s + 1, total, side), grid.sheet, trims, grid.bleed, lines)
            sides.append(SheetSide(grid.sheet, s + 1, side, tuple(placed), tuple(lines), (label,)))
    return Imposition(grid.sheet, tuple(sides), duplex, per)


FOLD_GAP = 1 * MM  # between the two halves; the fold runs down its middle


def plan_fold(cards: list[int], trim: tuple[float, float], sheet: str = "A4", *, line: str = "fold",
              marks: bool = True, deck: str = "", template: str = "") -> Imposition:
    """Front and back side by side, for printers without duplex. Folding along the line puts each back
    behind its front, and turned like a book page the back reads upright. `cards` are card indexes."""
    name, w, h = parse_sheet(sheet)
    cw, ch = trim
    pair = (2 * cw + FOLD_GAP, ch)
    grid = choose_grid(name, w, h, pair, 0.0)
    slots, per = grid.slots(), grid.count
    total = -(-len(cards) // per)
    axis = 2 * cw + FOLD_GAP  # pair-local: reflection about the fold line
    fold = Transform(-1, 0, 0, 1, axis, 0)
    what = f"{name}, {'fold' if line == 'fold' else 'cut'} on the middle line, no duplex"
    sides = []
    for s in range(total):
        placed, pairs, lines = [], [], []
        for k, card in enumerate(cards[s * per:(s + 1) * per]):
            p = upright(grid.rotation, *pair, slots[k].x0, slots[k].y0)
            placed.append(Placement(2 * card, p, box_of(p, cw, ch), 0.0))
            back = book_turn(cw).then(fold).then(p)
            placed.append(Placement(2 * card + 1, back, box_of(back, cw, ch), 0.0))
            pairs.append(slots[k])
            (ax, ay), (bx, by) = p.apply(cw + FOLD_GAP / 2, 0), p.apply(cw + FOLD_GAP / 2, ch)
            lines.append(Line(ax, ay, bx, by, dashed=line == "fold"))
        if marks:
            lines += _crop_marks(pairs, 0.0, grid.sheet)
        label, lines = _job_label(_job(deck, template, what, s + 1, total, "single-sided"), grid.sheet, pairs, 0.0, lines)
        sides.append(SheetSide(grid.sheet, s + 1, "front", tuple(placed), tuple(lines), (label,)))
    return Imposition(grid.sheet, tuple(sides), None, per)


def plan_calibration(sheet: str = "A4", duplex: str = "long", back_offset: tuple[float, float] = (0.0, 0.0)) -> Imposition:
    """A two-sided test sheet: scales on the front, lines on the back. Held against the light, each back
    line crosses its scale at the number to pass as --back-offset (already in back-page terms)."""
    name, w, h = parse_sheet(sheet)
    sh = Sheet(name, min(w, h), max(w, h))
    t = turn(sh, duplex)
    sign_x, sign_y = -t.a, -t.d  # reading v on the front means offset −L·v on the back page
    front: list[Line] = []
    back: list[Line] = []
    labels: list[Label] = []
    inset = 30 * MM
    targets = [(sh.width / 2, sh.height / 2)] + [(x, y) for x in (inset, sh.width - inset - 20 * MM)
                                                 for y in (inset, sh.height - inset - 30 * MM)]
    for cx, cy in targets:
        for axis in ("x", "y"):
            ox, oy = (cx, cy) if axis == "x" else (cx + 22 * MM, cy)
            for i in range(-12, 13):  # ticks every 0.5 mm from −6 to +6 mm
                d = i * 0.5 * MM
                length = (4 if i == 0 else 2.5 if i % 2 == 0 else 1.5) * MM
                if axis == "x":
                    front.append(Line(ox + d, oy, ox + d, oy + length))
                else:
                    front.append(Line(ox, oy + d, ox + length, oy + d))
                if i % 4 == 0:  # a number every 2 mm
                    value = (sign_x if axis == "x" else sign_y) * i * 0.5
                    text = f"{value:+g}" if value else "0"
                    if axis == "x":
                        labels.append(Label(ox + d, oy - 2.6 * MM, 0, 4.5, text, 4 * MM, "centre"))
                    else:
                        labels.append(Label(ox + 4.6 * MM, oy + d - 0.55 * MM, 0, 4.5, text, 5 * MM))
            front.append(Line(ox - 6 * MM, oy, ox + 6 * MM, oy) if axis == "x" else Line(ox, oy - 6 * MM, ox, oy + 6 * MM))
            labels.append(Label(ox - 10 * MM, oy + 0.5 * MM, 0, 8, axis.upper(), 6 * MM) if axis == "x"
                          else Label(ox - 1 * MM, oy + 8 * MM, 0, 8, axis.upper(), 6 * MM))
            # on the back: a line through the zero tick, seen through the paper
            a, b = ((ox, oy - 4 * MM), (ox, oy + 8 * MM)) if axis == "x" else ((ox - 4 * MM, oy), (ox + 8 * MM, oy))
            (ax, ay), (bx, by) = t.apply(*a), t.apply(*b)
            dx, dy = back_offset
            back.append(Line(ax + dx, ay + dy, bx + dx, by + dy))
    top = sh.height - 15 * MM
    intro = [
        (11, f"Duplex calibration: {name}, {duplex}-edge turn"),
        (7.5, "Print double-sided at actual size (no 'fit to page'), turning on the " + duplex + " edge."),
        (7.5, "Hold the sheet against the light. Where each line on the back crosses a scale, read the number:"),
        (7.5, "X on the X scales, Y on the Y scales. Then build with --back-offset X,Y (millimetres)."),
        (7.5, "All targets should agree; if they differ, the printer also turns or scales the back."),
    ]
    for i, (size, text) in enumerate(intro):
        labels.append(Label(15 * MM, top - i * 5 * MM - (2 * MM if i else 0), 0, size, text, sh.width - 30 * MM))
    offset_note = f"Back side; offset applied: {back_offset[0] / MM:+.1f}, {back_offset[1] / MM:+.1f} mm"
    back_labels = (Label(15 * MM, 15 * MM, 0, 7.5, offset_note, sh.width - 30 * MM),)
    return Imposition(sh, (SheetSide(sh, 1, "front", (), tuple(front), tuple(labels)),
                           SheetSide(sh, 1, "back", (), tuple(back), back_labels)), duplex, 0)
