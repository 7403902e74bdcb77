"""What layout hands to the PDF stage: a face of positioned boxes. Plain frozen data.

Coordinates are points from the bottom-left corner of the trim."""

from __future__ import annotations

from dataclasses import dataclass

from fichegen.style import fonts
from fichegen.style.fonts import FontRef

CMYK = tuple[float, float, float, float]


@dataclass(frozen=True)
class TextRun:
    x: float
    y: float  # baseline
    text: str
    font: FontRef
    size: float
    colour: CMYK
    width: float
    tracking: float = 0.0
    word_space: float = 0.0  # added to every space, as in a justified line

    @property
    def top(self) -> float:
        return self.y + fonts.cap_height(self.font) * self.size

    @property
    def bottom(self) -> float:
        return self.y - fonts.descent(self.font) * self.size


@dataclass(frozen=True)
class Fill:
    """A rectangle of colour. Edges lying on the trim are extended into the bleed by the PDF stage."""

    x: float
    y: float
    w: float
    h: float
    colour: CMYK


@dataclass(frozen=True)
class Image:
    """A logo file placed at x, y (bottom-left) at w × h."""

    x: float
    y: float
    w: float
    h: float
    path: str


@dataclass(frozen=True)
class PatternFill:
    """A rectangle filled with a pattern (dots, stripes or grid); render draws the marks, clipped to it."""

    x: float
    y: float
    w: float
    h: float
    kind: str
    spacing: float
    colour: CMYK


@dataclass(frozen=True)
class Picture:
    """A card's picture: the slot x, y, w, h it shows in (cut to it), and the whole picture's box
    (larger than the slot when the fit is cover)."""

    x: float
    y: float
    w: float
    h: float
    ix: float
    iy: float
    iw: float
    ih: float
    path: str


@dataclass(frozen=True)
class Icon:
    """An icon in a line of text: its square box (x, y bottom-left, size) and the colour it is drawn in."""

    x: float
    y: float
    size: float
    path: str
    colour: CMYK


@dataclass(frozen=True)
class Code:
    """A QR code, 100 % black: bottom-left corner, width, module size, the clear zone it keeps around
    it, and its dark modules as runs (column, row from the bottom, length)."""

    x: float
    y: float
    size: float
    module: float
    quiet: float
    runs: tuple[tuple[int, int, int], ...]

    @property
    def clear(self) -> tuple[float, float, float, float]:
        """The code with its quiet zone: x, y, w, h of what must stay empty but for the code."""
        return self.x - self.quiet, self.y - self.quiet, self.size + 2 * self.quiet, self.size + 2 * self.quiet


@dataclass(frozen=True)
class Face:
    card_id: str
    side: str  # "front" | "back"
    trim: tuple[float, float]
    fills: tuple[Fill, ...]
    runs: tuple[TextRun, ...]
    body: tuple[float, float, float, float]  # x, y, w, h of the area the body text may use
    body_size: float  # type size the body was set at
    images: tuple[Image, ...] = ()
    patterns: tuple[PatternFill, ...] = ()
    pictures: tuple[Picture, ...] = ()
    icons: tuple[Icon, ...] = ()
    codes: tuple[Code, ...] = ()
