"""What the style stage hands on: a template as plain frozen data (styles, fonts, colours, logos)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from fichegen.errors import Problem
from fichegen.style.fonts import FontRef

MM = 72 / 25.4


@dataclass(frozen=True)
class Style:
    family: str
    size: float
    leading: float
    colour: tuple[float, float, float, float]
    tracking: float = 0.0  # extra space between letters, pt
    upper: bool = False
    space: float = 0.0  # space after each block, pt
    indent: float = 0.0  # hanging indent of bullets, pt
    min: float = 0.0  # smallest size the text may be shrunk to, pt
    marker: str = ""  # bullets: the glyph before each point
    marker_colour: tuple[float, float, float, float] = (0, 0, 0, 1)

    def font(self, template: "Template", style: str = "regular") -> FontRef:
        return template.fonts[self.family][style]

    def scaled(self, factor: float) -> "Style":
        return replace(self, size=self.size * factor, leading=self.leading * factor, space=self.space * factor)


@dataclass(frozen=True)
class Logo:
    path: str
    position: str  # one of POSITIONS
    width: float  # pt
    height: float


@dataclass(frozen=True)
class CornerNumber:
    """The card's number, large, in the top-right corner of a side."""

    sides: tuple[str, ...]
    size: float
    colour: tuple[float, float, float, float]
    text: str = "{card.number}"


@dataclass(frozen=True)
class Pattern:
    """A pattern printed over the back's band: dots, stripes or a grid."""

    kind: str
    colour: tuple[float, float, float, float]
    spacing: float  # pt


@dataclass(frozen=True)
class Template:
    name: str
    folder: str
    organisation: str
    description: str
    trim: tuple[float, float]  # pt
    margins: tuple[float, float, float, float]  # top, right, bottom, left, pt
    band_height: float  # front header band, pt from the top trim edge
    back_band_height: float
    band_colour: tuple[float, float, float, float]
    footer: tuple[str, str]  # left and right texts, with {deck.title}-style placeholders
    fonts: dict[str, dict[str, FontRef | None]]  # family → style → file; None: the family lacks that style
    colours: dict[str, tuple[float, float, float, float]]
    styles: dict[str, Style]
    logos: dict[str, Logo]  # by side
    corner_number: CornerNumber | None = None
    back_pattern: Pattern | None = None
    warnings: tuple[Problem, ...] = ()
    words: dict[str, dict[str, str]] = field(default_factory=dict)  # word → language → text (style.words)

    def word(self, name: str, language: str) -> str:
        """A word the template prints, in the deck's language (see style.words.word)."""
        from fichegen.style import words

        return words.word(self.words, name, language)
