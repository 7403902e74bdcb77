"""Page geometry for print: trim, bleed and media boxes and where crop marks go. Pure numbers."""

from __future__ import annotations

import math
from dataclasses import dataclass

MM = 72 / 25.4
MARK_GAP = 1 * MM  # between the bleed edge and the start of a crop mark
MARK_LENGTH = 5 * MM
MARK_WIDTH = 0.3  # pt; print shops ask for 0.25–0.5 pt
SLUG = 2 * MM  # paper beyond the end of the marks


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    def contains(self, other: "Box", tol: float = 1e-6) -> bool:
        return (self.x0 <= other.x0 + tol and self.y0 <= other.y0 + tol
                and self.x1 >= other.x1 - tol and self.y1 >= other.y1 - tol)

    def grown(self, d: float) -> "Box":
        return Box(self.x0 - d, self.y0 - d, self.x1 + d, self.y1 + d)

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.x0, self.y0, self.x1, self.y1)

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


@dataclass(frozen=True)
class Mark:
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class PageGeometry:
    """One face on one page: the trim, with bleed around it and, optionally, room for crop marks."""

    trim_size: tuple[float, float]
    bleed: float = 3 * MM
    marks: bool = True  # crop marks
    registration: bool = False  # a registration target outside the middle of each edge
    colour_bar: bool = False  # process-colour patches outside the bottom edge

    @property
    def margin(self) -> float:
        """Distance from the media edge to the trim edge."""
        room = self.marks or self.registration or self.colour_bar
        return self.bleed + (MARK_GAP + MARK_LENGTH + SLUG if room else 0.0)

    @property
    def trim(self) -> Box:
        m = self.margin
        return Box(m, m, m + self.trim_size[0], m + self.trim_size[1])

    @property
    def bleed_box(self) -> Box:
        return self.trim.grown(self.bleed)

    @property
    def media(self) -> Box:
        w, h = self.trim_size
        return Box(0, 0, w + 2 * self.margin, h + 2 * self.margin)

    def crop_marks(self) -> list[Mark]:
        """Two marks per corner, on the lines of the trim edges, starting outside the bleed."""
        if not self.marks:
            return []
        t, start = self.trim, self.bleed + MARK_GAP
        out = []
        for x in (t.x0, t.x1):
            for y in (t.y0, t.y1):
                sx = -1 if x == t.x0 else 1
                sy = -1 if y == t.y0 else 1
                out.append(Mark(x + sx * start, y, x + sx * (start + MARK_LENGTH), y))  # horizontal
                out.append(Mark(x, y + sy * start, x, y + sy * (start + MARK_LENGTH)))  # vertical
        return out

    def registration_targets(self) -> list[tuple[float, float]]:
        """The centres of the registration targets: outside the bleed, in the middle of each edge, as far
        out as the crop marks' middle (TARGET_RADIUS around it stays within the marks' band)."""
        if not self.registration:
            return []
        t, out = self.trim, self.bleed + MARK_GAP + MARK_LENGTH / 2
        mx, my = (t.x0 + t.x1) / 2, (t.y0 + t.y1) / 2
        return [(mx, t.y1 + out), (t.x1 + out, my), (mx, t.y0 - out), (t.x0 - out, my)]

    def colour_bar_patches(self) -> list[tuple[Box, tuple[float, float, float, float]]]:
        """Patches (box, CMYK) in a row below the bottom edge, outside the bleed, from the left crop mark
        towards the middle: solids, two-colour overprints and black tints, none over 200 % ink."""
        if not self.colour_bar:
            return []
        t = self.trim
        y0 = t.y0 - self.bleed - MARK_GAP - PATCH
        x = t.x0 + PATCH  # clear of the vertical crop mark at the trim's left edge
        out = []
        for cmyk in COLOUR_BAR:
            out.append((Box(x, y0, x + PATCH, y0 + PATCH), cmyk))
            x += PATCH
        return out


TARGET_RADIUS = 2 * MM
PATCH = 4 * MM
COLOUR_BAR = ((1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1), (0, 1, 1, 0), (1, 0, 1, 0), (1, 1, 0, 0),
              (0, 0, 0, 0.25), (0, 0, 0, 0.5), (0, 0, 0, 0.75))


@dataclass(frozen=True)
class Transform:
    """x' = a·x + c·y + e, y' = b·x + d·y + f (the PDF `cm` order)."""

    a: float = 1.0
    b: float = 0.0
    c: float = 0.0
    d: float = 1.0
    e: float = 0.0
    f: float = 0.0

    def apply(self, x: float, y: float) -> tuple[float, float]:
        return (self.a * x + self.c * y + self.e, self.b * x + self.d * y + self.f)

    def then(self, other: "Transform") -> "Transform":
        """First self, then other."""
        o = other
        return Transform(o.a * self.a + o.c * self.b, o.b * self.a + o.d * self.b,
                         o.a * self.c + o.c * self.d, o.b * self.c + o.d * self.d,
                         o.a * self.e + o.c * self.f + o.e, o.b * self.e + o.d * self.f + o.f)

    @property
    def scale(self) -> float:
        """How much lengths grow, on average: the square root of the determinant."""
        return math.sqrt(abs(self.a * self.d - self.b * self.c))

    @property
    def rotation(self) -> int:
        """Degrees counter-clockwise, for a transform that is a rotation plus a shift."""
        return round(math.degrees(math.atan2(self.b, self.a))) % 360

    def as_tuple(self) -> tuple[float, ...]:
        return (self.a, self.b, self.c, self.d, self.e, self.f)


IDENTITY = Transform()


def shift(dx: float, dy: float) -> Transform:
    return Transform(e=dx, f=dy)
