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
class PictureSlot:
    """Where a card's picture goes on one side: a box as wide as the text, `height` tall, at the top of
    the body (under the heading) or at its foot (above the footer); the body's text gives it the room."""

    position: str  # "top" | "bottom"
    height: float  # pt
    fit: str  # "cover": fills the box, cropped; "contain": whole, inside the box


@dataclass(frozen=True)
class CodeSlot:
    """Where the QR code goes on the back: a corner of the text area, the code `size` wide (its quiet zone
    of four modules lies around it)."""

    position: str  # one of reader.POSITIONS
    size: float  # pt


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
    pictures: dict[str, PictureSlot] = field(default_factory=dict)  # by side
    qr: CodeSlot | None = None
    icons: dict[str, str] = field(default_factory=dict)  # name → SVG file: the icons/ folders, the template's own last
    words: dict[str, dict[str, str]] = field(default_factory=dict)  # name → language tag → text

    def word(self, name: str, language: str) -> str:
        """A word the template prints, in `language`: by its tag, else its primary subtag ('nl' for
        nl-BE, 'de' for de_AT), else in English, else in the first language given; fichegen's own
        English (style.words.DEFAULTS) when the table lacks the word."""
        from fichegen.style.words import DEFAULTS

        table = {tag.lower(): text for tag, text in self.words.get(name, {}).items()}
        tag = language.replace("_", "-").lower()
        for key in (tag, tag.split("-")[0], "en"):
            if key in table:
                return table[key]
        return next(iter(table.values()), DEFAULTS.get(name, ""))
