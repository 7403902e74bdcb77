"""Setting text in a style: widths, paragraphs broken into lines, lines placed as runs.

Fitting tries each text at several sizes and composing sets it again at the deck's: lines are kept per
process (bounded), keyed by everything that decides them."""

from __future__ import annotations

from dataclasses import dataclass

from fichegen.content.markup import ICON
from fichegen.content.model import Side
from fichegen.layout import linebreak, media, words
from fichegen.layout.boxes import CMYK, TextRun
from fichegen.style import fonts
from fichegen.style.fonts import FontRef
from fichegen.style.template import Style, Template


@dataclass(frozen=True)
class _Block:
    lines: tuple[linebreak.Line, ...]
    marker: bool  # a bullet's first line is here: its marker goes before it
    indent: bool = False  # a bullet's lines: they hang at the style's indent

_WIDTHS: dict[FontRef, dict[str, float]] = {}  # font → {text: width at 1 pt}: words recur, card after card


_MEASURES: dict[tuple, int] = {}


def _measurer(template: Template, style: Style):
    """(face style, text) → width at the style's size and tracking; widths at 1 pt are kept per font."""
    faces = {k: f for k, f in template.fonts[style.family].items() if f is not None}
    tables = {k: _WIDTHS.setdefault(f, {}) for k, f in faces.items()}
    size, tracking = style.size, style.tracking

    def measure(text_style: str, text: str) -> float:
        table = tables.get(text_style)
        if table is None:  # an icon's style: a box per icon
            return media.icon_width(size) * len(text) + tracking * len(text)
        unit = table.get(text)
        if unit is None:
            if len(table) > words.WORDS:  # the common words: memory stays the same as a deck grows
                table.clear()
            unit = table[text] = fonts.width(style.font(template, text_style), text, 1.0)
        return unit * size + tracking * len(text)
    # a small number standing for what this measures with, for the line breaker's caches to key on
    measure.key = _MEASURES.setdefault((tuple(sorted(faces.items())), size, tracking), len(_MEASURES))  # type: ignore[attr-defined]
    return measure


_CACHE: dict = {}


def set_text(spans, template, style, width, language, justify, hyphenate=True) -> list[linebreak.Line]:
    """Set a paragraph; cached, because fitting tries each text at several sizes, and twice at the last."""
    key = (spans, tuple(template.fonts[style.family].values()), style, width, language, justify, hyphenate)
    lines = _CACHE.get(key)
    if lines is None:
        if len(_CACHE) > 1_000:  # a few cards' paragraphs at their trial sizes, until drawn; more only costs memory
            _CACHE.clear()
        lines = _CACHE[key] = _set_uncached(spans, template, style, width, language, justify, hyphenate)
    return lines


def _set_uncached(spans, template, style, width, language, justify, hyphenate) -> list[linebreak.Line]:
    if style.upper:
        spans = tuple(s._replace(text=s.text.upper()) for s in spans)
    return linebreak.break_lines(spans, _measurer(template, style), width, justify=justify,
                                 language=language, hyphenate=hyphenate)


def _text_height(style: Style, template: Template, lines: int, blocks: int = 1) -> float:
    font = style.font(template)
    if lines == 0:
        return 0.0
    return (fonts.cap_height(font) * style.size + (lines - 1) * style.leading + (blocks - 1) * style.space
            + fonts.descent(font) * style.size)


def place_lines(lines, x: float, top: float, style: Style, template: Template, indent: float = 0.0,
           colour: CMYK | None = None) -> tuple[list[TextRun], float]:
    """Runs for lines whose first cap height touches `top` (and the icons among them, layout.boxes.Icon);
    returns them and the last baseline."""
    y = top - fonts.cap_height(style.font(template)) * style.size
    runs = []
    for i, line in enumerate(lines):
        if i:
            y -= style.leading
        for r in line.runs:
            if r.style.startswith(ICON):  # icons: boxes, drawn by the PDF stage as forms
                runs += media.icon_runs(r.text, x + indent + r.x, y, style.font(template), style.size, style.tracking,
                                        r.word_space, template.icons[media.icon_name(r.style)], colour or style.colour)
                continue
            runs.append(TextRun(x + indent + r.x, y, r.text, style.font(template, r.style), style.size,
                                colour or style.colour, r.width, style.tracking, r.word_space))
    return runs, y


Lines = tuple[tuple[int, int], tuple[int, int]]  # (block, line) of a first line, and just past a last one


def body_blocks(side: Side, style: Style, template: Template, width: float, language: str,
                lines: Lines | None = None) -> list[_Block]:
    """The side's blocks set into lines; with `lines`, only those (a face of a continued card): each
    paragraph is still set whole, so its lines are the same on whichever card they print."""
    bullets = side.kind == "bullets"
    measure = width - (style.indent if bullets else 0)
    (b0, l0), (b1, l1) = lines or ((0, 0), (len(side.blocks), 0))
    out = []
    for i in range(b0, min(b1 + (l1 > 0), len(side.blocks))):
        set_lines = tuple(set_text(side.blocks[i], template, style, measure, language, justify=not bullets))
        first = l0 if i == b0 else 0
        chosen = set_lines[first:l1 if i == b1 else None]
        if chosen:
            out.append(_Block(chosen, bullets and first == 0, bullets))
    return out


def body_height(blocks: list[_Block], style: Style, template: Template) -> float:
    return _text_height(style, template, sum(len(b.lines) for b in blocks), len(blocks))
