"""Layout stage: card × template → faces of positioned boxes, with the text fitted.

Coordinates are points from the bottom-left corner of the trim. Nothing here draws: render does that."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from fichegen.style import fonts
from fichegen import workers as jobs_
from fichegen.layout import linebreak
from fichegen.content.deck import Card, Deck, Side
from fichegen.errors import Problems
from fichegen.style.fonts import FontRef
from fichegen.content.markup import Span
from fichegen.style.template import MM, Style, Template

CMYK = tuple[float, float, float, float]
STEP = 0.25  # pt: how much a too-long text shrinks per try


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
    """A rectangle of colour. Edges lying on the trim are extended into the bleed by render."""

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


@dataclass(frozen=True)
class _Block:
    lines: tuple[linebreak.Line, ...]
    marker: bool


_WIDTHS: dict[FontRef, dict[str, float]] = {}  # font → {text: width at 1 pt}: words recur, card after card


_MEASURES: dict[tuple, int] = {}
_LABEL_NUMBER = re.compile(r"(\d+)\s*$")  # "Basishouding 3" → 3


def _measurer(template: Template, style: Style):
    """(face style, text) → width at the style's size and tracking; widths at 1 pt are kept per font."""
    faces = {k: f for k, f in template.fonts[style.family].items() if f is not None}
    tables = {k: _WIDTHS.setdefault(f, {}) for k, f in faces.items()}
    size, tracking = style.size, style.tracking

    def measure(text_style: str, text: str) -> float:
        table = tables[text_style]
        unit = table.get(text)
        if unit is None:
            if len(table) > linebreak.WORDS:  # the common words: memory stays the same as a deck grows
                table.clear()
            unit = table[text] = fonts.width(style.font(template, text_style), text, 1.0)
        return unit * size + tracking * len(text)
    # a small number standing for what this measures with, for the line breaker's caches to key on
    measure.key = _MEASURES.setdefault((tuple(sorted(faces.items())), size, tracking), len(_MEASURES))  # type: ignore[attr-defined]
    return measure


_CACHE: dict = {}


def _set(spans, template, style, width, language, justify, hyphenate=True) -> list[linebreak.Line]:
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
        spans = tuple(Span(s.text.upper(), s.bold, s.italic) for s in spans)
    return linebreak.break_lines(spans, _measurer(template, style), width, justify=justify,
                                 language=language, hyphenate=hyphenate)


def _text_height(style: Style, template: Template, lines: int, blocks: int = 1) -> float:
    font = style.font(template)
    if lines == 0:
        return 0.0
    return (fonts.cap_height(font) * style.size + (lines - 1) * style.leading + (blocks - 1) * style.space
            + fonts.descent(font) * style.size)


def _place(lines, x: float, top: float, style: Style, template: Template, indent: float = 0.0,
           colour: CMYK | None = None) -> tuple[list[TextRun], float]:
    """Runs for lines whose first cap height touches `top`; returns them and the last baseline."""
    y = top - fonts.cap_height(style.font(template)) * style.size
    runs = []
    for i, line in enumerate(lines):
        if i:
            y -= style.leading
        for r in line.runs:
            runs.append(TextRun(x + indent + r.x, y, r.text, style.font(template, r.style), style.size,
                                colour or style.colour, r.width, style.tracking, r.word_space))
    return runs, y


def body_blocks(side: Side, style: Style, template: Template, width: float, language: str) -> list[_Block]:
    bullets = side.kind == "bullets"
    measure = width - (style.indent if bullets else 0)
    return [_Block(tuple(_set(b, template, style, measure, language, justify=not bullets)), bullets) for b in side.blocks]


def body_height(blocks: list[_Block], style: Style, template: Template) -> float:
    return _text_height(style, template, sum(len(b.lines) for b in blocks), len(blocks))


class Composer:
    def __init__(self, deck: Deck, template: Template):
        self.deck, self.t = deck, template
        self.W, self.H = template.trim
        mt, mr, mb, ml = template.margins
        self.x0, self.measure = ml, self.W - ml - mr
        self.footer_style = template.styles["footer"]
        footer_font = self.footer_style.font(template)
        self.footer_y = mb + fonts.descent(footer_font) * self.footer_style.size
        self.body_bottom = self.footer_y + fonts.cap_height(footer_font) * self.footer_style.size + 7 * MM

    # -- the parts ---------------------------------------------------------------
    def logo(self, side: str) -> Image | None:
        logo = self.t.logos.get(side)
        if logo is None:
            return None
        mt, mr, mb, ml = self.t.margins
        x = ml if logo.position == "bottom-left" else self.W - mr - logo.width
        if logo.position == "top-right":
            top = self.H - mt - (self.t.back_band_height if side == "back" else 0)
            return Image(x, top - logo.height, logo.width, logo.height, logo.path)
        return Image(x, mb, logo.width, logo.height, logo.path)

    def corner(self, card: Card, side: str) -> TextRun | None:
        cn = self.t.corner_number
        if cn is None or side not in cn.sides:
            return None
        font = self.t.fonts["heading"]["regular"]
        text = self.filled(cn.text, card).strip()
        if not text:
            return None
        width = fonts.width(font, text, cn.size)
        top = self.H - self.t.margins[0] - (self.t.back_band_height if side == "back" else 0)
        return TextRun(self.W - self.t.margins[1] - width, top - fonts.cap_height(font) * cn.size, text, font,
                       cn.size, cn.colour, width)

    def reserved_top(self, card: Card, side: str) -> tuple[float, float] | None:
        """(left edge, bottom) of what occupies the top-right corner of this side, if anything."""
        logo, corner = self.logo(side), self.corner(card, side)
        if logo is not None and logo.y + logo.h > self.H / 2:
            return logo.x, logo.y
        if corner is not None:
            return corner.x, corner.bottom
        return None

    def values(self, card: Card) -> dict[str, object]:
        """What the template's placeholders stand for on this card."""
        return {key: value(self, card) for key, value in _PLACEHOLDERS}

    def filled(self, text: str, card: Card) -> str:
        """The text with its {placeholders} replaced for this card, one after another in values()'
        order (so a placeholder inside the deck's footer is filled too). Only the values the text asks
        for are worked out: the glyph check fills the footer of every card of a deck."""
        out = text
        for key, value in _PLACEHOLDERS:
            if "{" not in out:  # most texts hold one placeholder, filled early; nothing more to look for
                break
            token = "{" + key + "}"
            if token in out:
                out = out.replace(token, str(value(self, card)))
        return out

    def footer(self, card: Card) -> list[TextRun]:
        runs = []
        for text, right in ((self.t.footer[0], False), (self.t.footer[1], True)):
            text = self.filled(text, card)
            if not text:
                continue
            lines = _set((Span(text),), self.t, self.footer_style, self.measure, None, False, hyphenate=False)
            line = lines[0] if len(lines) == 1 else linebreak.Line(tuple(r for ln in lines for r in ln.runs), 0)
            x = self.x0 + (self.measure - line.width if right else 0)
            placed, _ = _place([line], x, self.footer_y + fonts.cap_height(self.footer_style.font(self.t)) * self.footer_style.size,
                               self.footer_style, self.t)
            runs += placed
        return runs

    def heading(self, card: Card, side: str, title_style: Style) -> tuple[list[TextRun], float, list[Fill], float]:
        """Label, title and the fills behind them. Returns runs, the y below which the body may start,
        the fills, and how far the title overflows its room (> 0: it does not fit)."""
        t, W, H = self.t, self.W, self.H
        label_style = t.styles["label"]
        banded = side == "front" and t.band_height > 0
        band = t.band_height if side == "front" else t.back_band_height
        fills = [Fill(0, H - band, W, band, t.band_colour)] if band else []
        runs: list[TextRun] = []
        top = H - t.margins[0] - (0 if banded else band)
        reserved = self.reserved_top(card, side)
        measure = self.measure if reserved is None else reserved[0] - 4 * MM - self.x0
        if card.label:
            colour = label_style.colour if banded else title_style.colour
            lines = _set(card.label, t, label_style, measure, None, False, hyphenate=False)
            placed, last = _place(lines, self.x0, top, label_style, t, colour=colour)
            runs += placed
            top = last - label_style.leading * 1.3
        if banded and reserved is not None:
            top = min(top, reserved[1] - 3 * MM)  # the title may use the full width below the corner
            measure = self.measure
        title_lines = _set(card.title, t, title_style, measure, self.deck.language, False)
        too_wide = max((ln.width for ln in title_lines), default=0) - measure
        if any(ln.forced for ln in title_lines):
            too_wide = max(too_wide, 1.0)  # a title word wider than the card: shrink rather than cut it
        cap = fonts.cap_height(title_style.font(t)) * title_style.size
        if banded:
            # titles share a baseline near the foot of the band, so fronts line up card to card
            last_base = H - band + 8 * MM
            first_top = last_base + (len(title_lines) - 1) * title_style.leading + cap
            placed, _ = _place(title_lines, self.x0, first_top, title_style, t)
            return runs + placed, H - band - 8 * MM, fills, max(first_top - top, too_wide)
        placed, last = _place(title_lines, self.x0, top, title_style, t)
        rule_y = last - fonts.descent(title_style.font(t)) * title_style.size - 4 * MM
        fills.append(Fill(self.x0, rule_y, 12 * MM, 1.2, title_style.colour))
        body_top = rule_y - 6 * MM
        if reserved is not None:
            body_top = min(body_top, reserved[1] - 5 * MM)
        return runs + placed, body_top, fills, too_wide

    def _setting(self, card: Card, side: str, scales: dict[str, float]):
        """A face's parts before its body is placed: heading runs, body top, fills, body style, logo,
        body box, the body's lines, and how far they overflow the box (≤ 0: they fit)."""
        t = self.t
        title_name = "title" if side == "front" else "back-title"
        title_style = t.styles[title_name].scaled(scales.get(title_name, 1.0))
        runs, top, fills, _ = self.heading(card, side, title_style)
        body = card.side(side)
        style_name = "bullets" if body.kind == "bullets" else "prose"
        style = t.styles[style_name].scaled(scales.get(style_name, 1.0))
        logo = self.logo(side)
        bottom = self.body_bottom
        if logo is not None and logo.y < self.H / 2:
            bottom = max(bottom, logo.y + logo.h + 6 * MM)
        box = (self.x0, bottom, self.measure, top - bottom)
        blocks = body_blocks(body, style, t, self.measure, self.deck.language)
        return runs, top, fills, style, logo, box, blocks, body_height(blocks, style, t) - box[3]

    def room(self, card: Card, side: str, scales: dict[str, float]) -> tuple[float, float]:
        """How far the body overflows at these scales (≤ 0: it fits), and the height of its box: what
        fitting asks, without placing."""
        setting = self._setting(card, side, scales)
        return setting[-1], setting[5][3]

    def face(self, card: Card, side: str, scales: dict[str, float]) -> tuple[Face, float]:
        """A face at the given scales; also returns how far the body overflows (≤ 0: it fits)."""
        t = self.t
        runs, top, fills, style, logo, box, blocks, over = self._setting(card, side, scales)
        y_top = top
        for block in blocks:
            indent = style.indent if block.marker else 0.0
            placed, last = _place(block.lines, self.x0, y_top, style, t, indent=indent)
            if block.marker and placed:
                marker = style.marker or "•"
                runs.append(TextRun(self.x0, placed[0].y, marker, style.font(t), style.size, style.marker_colour,
                                    fonts.width(style.font(t), marker, style.size)))
            runs += placed
            y_top = last - style.leading - style.space + fonts.cap_height(style.font(t)) * style.size
        runs += self.footer(card)
        corner = self.corner(card, side)
        if corner is not None:
            runs.insert(0, corner)
        patterns = ()
        if side == "back" and t.back_pattern and t.back_band_height:
            p = t.back_pattern
            patterns = (PatternFill(0, self.H - t.back_band_height, self.W, t.back_band_height, p.kind, p.spacing, p.colour),)
        images = (logo,) if logo is not None else ()
        return Face(card.id, side, (self.W, self.H), tuple(fills), tuple(runs), box, style.size, images, patterns), over


def _label(card: Card) -> str:
    return "".join(s.text for s in card.label)


def _label_number(card: Card) -> str:
    number = _LABEL_NUMBER.search(_label(card))
    return number.group(1) if number else ""


# What each placeholder stands for, in the order they are filled
_PLACEHOLDERS = (("deck.title", lambda c, card: c.deck.title), ("deck.footer", lambda c, card: c.deck.footer),
                 ("card.number", lambda c, card: card.number), ("card.count", lambda c, card: len(c.deck.cards)),
                 ("card.label.number", lambda c, card: _label_number(card)), ("card.label", lambda c, card: _label(card)),
                 ("card.id", lambda c, card: card.id), ("template.organisation", lambda c, card: c.t.organisation))


def _scales(style: Style) -> list[float]:
    """Factors from 1 down to the style's floor, in STEP-point steps of its size."""
    out, size = [], style.size
    while size >= style.min - 1e-9:
        out.append(size / style.size)
        size -= STEP
    return out


def _fit(composer: Composer, card: Card, side: str, t: Template, guess: dict[str, float] | None = None
         ) -> tuple[dict[str, float], float, str]:
    """Largest scales at which the face fits; (scales, overflow at the floor) if it never does. With a
    `guess` of the deck's body scale, a body that fits at the guess reports the guess (it fits at least
    that well): the deck takes the smallest scale of any card, so only smaller ones need finding, and
    the lines just set at the guess are the ones the face will be drawn with."""
    body = card.side(side)
    name = "bullets" if body.kind == "bullets" else "prose"
    title = "title" if side == "front" else "back-title"
    for ts in _scales(t.styles[title]):
        *_, title_over = composer.heading(card, side, t.styles[title].scaled(ts))
        if title_over <= 0.01:
            break
    else:
        return {}, title_over, "title"
    scales = _scales(t.styles[name])
    room = lambda i: composer.room(card, side, {name: scales[i], title: ts})  # noqa: E731
    start = 0
    if guess is not None:
        start = next((i for i, s in enumerate(scales) if s <= guess.get(name, 1.0)), len(scales) - 1)
    over, box = room(start)
    if over <= 0:
        return {name: scales[start], title: ts}, 0.0, ""
    # Height shrinks with the type: search for the first scale that fits (hi = len(scales): none known
    # yet). A body's height goes roughly with the square of its type size, so the first try is where
    # that says it just fits, the second its neighbour across the line, and only then halves.
    aim = scales[start] * math.sqrt(box / (box + over)) if box > 0 else 0.0
    lo, hi, at = start, len(scales), {start: over}
    tries = [next((i for i, s in enumerate(scales) if s <= aim), len(scales) - 1)]
    while hi - lo > 1:
        mid = tries.pop() if tries and lo < tries[-1] < hi else (lo + hi) // 2
        at[mid] = room(mid)[0]
        lo, hi = (lo, mid) if at[mid] <= 0 else (mid, hi)
        if len(at) == 2:
            tries = [mid - 1 if at[mid] <= 0 else mid + 1]
    if hi == len(scales):
        return {}, at[len(scales) - 1], "body"  # not even at the floor
    return {name: scales[hi], title: ts}, 0.0, ""


def likely_tightest(deck: Deck, template: Template, count: int) -> list[int]:
    """The cards whose bodies most likely need the smallest type, by a quick estimate of their height
    from the length of their text: fitting these first gives a good first guess of the deck's scales."""
    measure = template.trim[0] - template.margins[1] - template.margins[3]
    ranked: dict[str, list[tuple[float, int]]] = {}
    for i, card in enumerate(deck.cards):
        for side in ("front", "back"):
            body = card.side(side)
            st = template.styles["bullets" if body.kind == "bullets" else "prose"]
            per_line = max(1.0, (measure - st.indent) / (0.5 * st.size))  # characters a line holds, roughly
            lines = sum(-(-length // per_line) for length in body.packed.lengths)
            title = -(-sum(len(s.text) for s in card.title) // (measure / (0.55 * template.styles["back-title"].size)))
            height = lines * st.leading + len(body.packed.lengths) * st.space + (title * st.leading * 2 if side == "back" else 0)
            ranked.setdefault(body.kind, []).append((-height, i))
    firsts = [[i for _, i in sorted(kind)[:count]] for _, kind in sorted(ranked.items())]
    return list(dict.fromkeys(i for tier in zip(*firsts) for i in tier))  # likeliest first, kinds taking turns


def fit_card(composer: Composer, card: Card, guess: dict[str, float] | None = None) -> list[tuple[str, dict[str, float], float, str]]:
    return [(side, *_fit(composer, card, side, composer.t, guess)) for side in ("front", "back")]


def lower(scales: dict[str, float], fit) -> dict[str, float]:
    """`scales` (a style not named is at full size) lowered to what a card's fit needed; returns them."""
    for _, own, _, _ in fit:
        for k, v in own.items():
            scales[k] = min(scales.get(k, 1.0), v)
    return scales


def _compose_card(composer: Composer, card: Card, shared: dict[str, float]) -> tuple[Face, Face]:
    out = []
    for side in ("front", "back"):
        face, over = composer.face(card, side, shared)
        assert over <= 0.01, (card.id, side, over)  # shared scales are ≤ each face's own
        out.append(face)
    return out[0], out[1]


# Worker processes keep the deck and template they were started with; tasks send only indexes.
_WORKER: dict = {}


def _worker_start(deck: Deck, template: Template, guess: dict[str, float]) -> None:
    _WORKER.update(composer=Composer(deck, template), guess=dict(guess))


def _worker_fit(cards: range):
    """Fits with a running guess of the deck's scales (see _fit): what the deck's scales come from is
    exact, and a card that fits at the guess is not fitted further."""
    c = _WORKER["composer"]
    guess = _WORKER.setdefault("guess", {})
    out = []
    for i in cards:
        out.append(fit_card(c, c.deck.cards[i], guess))
        lower(guess, out[-1])
    return out


def card_fits(deck: Deck, template: Template, jobs: int, probe: int = 8):
    """Each card's fit, in card order, from this process or from `jobs` worker processes; the cards
    likeliest to need the smallest type are fitted first, for a first guess of the deck's scales."""
    if len(deck.cards) < jobs_.PARALLEL_FROM:
        jobs = 1
    guess: dict[str, float] = {}
    composer = Composer(deck, template)
    for i in likely_tightest(deck, template, probe) if len(deck.cards) > 4 * probe else []:
        lower(guess, fit_card(composer, deck.cards[i]))
    for part in jobs_.ordered(_worker_fit, jobs_.chunks(len(deck.cards), 8), jobs=jobs,
                              start=_worker_start, args=(deck, template, guess)):
        yield from part


def shared_scales(deck: Deck, template: Template, fits, progress=None) -> dict[str, float]:
    """The type scales every face will share, from each card's fit (in card order): the smallest each
    style needed on any card, so the rhythm is the same from card to card. Raises FichegenError for
    text that does not fit even at its floor."""
    problems = Problems()
    shared: dict[str, float] = {}
    seen: set[int] = set()  # cards that fit alike share one fit: each is looked at once
    for card, sides in zip(deck.cards, fits):
        if id(sides) in seen:
            if progress:
                progress(1)
            continue
        if not any(part for *_, part in sides):
            seen.add(id(sides))
        for side, scales, over, part in sides:
            if part == "title":
                problems.add(card.path, card.line, f"card '{card.id}' {side}: the title does not fit, even at the "
                             f"{template.styles['title' if side == 'front' else 'back-title'].min:g} pt minimum; shorten it")
                continue
            if part == "body":
                body = card.side(side)
                style = template.styles["bullets" if body.kind == "bullets" else "prose"]
                lines = over / (style.leading * style.min / style.size)
                problems.add(card.path, body.line,
                             f"card '{card.id}' {side}: the text does not fit, even at the {style.min:g} pt minimum it is "
                             f"{over:.0f} pt (about {max(1, round(lines))} lines) too long; shorten it or split the card")
                continue
            for k, v in scales.items():
                shared[k] = min(shared.get(k, 1.0), v)
        if progress:
            progress(1)
    problems.raise_if_errors()
    return shared


def fit(deck: Deck, template: Template, *, jobs: int = 1, progress=None) -> dict[str, float]:
    """Fit every card (in `jobs` processes): the scales every face will share. The texts' characters are
    checked before (glyphs.check_texts), as build does."""
    return shared_scales(deck, template, card_fits(deck, template, jobs), progress)


def faces(deck: Deck, template: Template, shared: dict[str, float], cards: Iterable[int] | None = None,
          *, progress=None) -> Iterator[Face]:
    """The faces of `cards` (indexes; default every card), front then back per card, made as they are
    wanted: a renderer that draws each face as it comes never holds the whole deck in memory."""
    composer = Composer(deck, template)
    for i in range(len(deck.cards)) if cards is None else cards:
        front, back = _compose_card(composer, deck.cards[i], shared)
        yield front
        yield back
        if progress:
            progress(1)


def layout(deck: Deck, template: Template, *, jobs: int = 1) -> list[Face]:
    """Every face of the deck, front then back per card, with the text fitted."""
    return list(faces(deck, template, fit(deck, template, jobs=jobs)))
