"""Composing a face: card × template × type scales → a Face (layout.boxes) of positioned text, fills,
logos, patterns, pictures, icons and QR codes (placed by layout.media). Nothing here draws: the PDF stage does that."""

from __future__ import annotations

import itertools
import re
from typing import Iterable, Iterator

from fichegen.content.markup import Span
from fichegen.content.model import Card, Deck
from fichegen.layout import continued, linebreak, media
from fichegen.layout.boxes import Code, Face, Fill, Icon, Image, PatternFill, TextRun
from fichegen.layout.typeset import Lines, body_blocks, body_height, place_lines, set_text
from fichegen.style import fonts, words
from fichegen.style.template import MM, Style, Template

_LABEL_NUMBER = re.compile(r"(\d+)\s*$")  # "Basishouding 3" → 3


class Composer:
    """Composes the faces of one deck's cards in one template. `count`: the deck's number of cards,
    for a deck handed on without its cards (layout.fit.deck_head)."""

    def __init__(self, deck: Deck, template: Template, count: int | None = None):
        self.deck, self.t = deck, template
        self.count = len(deck.cards) if count is None else count
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
        logo, corner, code = self.logo(side), self.corner(card, side), self.code(card, side)
        if logo is not None and logo.y + logo.h > self.H / 2:
            return logo.x, logo.y
        if corner is not None:
            return corner.x, corner.bottom
        if code is not None and code.y > self.H / 2:
            x, y, _, _ = code.clear
            return x, y
        return None

    def code(self, card: Card, side: str) -> Code | None:
        """The card's QR code on this side, if it has one (layout.media)."""
        text = media.code_address(card, self.deck, side)
        if text is None or self.t.qr is None:
            return None
        top = self.H - self.t.margins[0] - (self.t.back_band_height if side == "back" else 0)
        return media.place_code(text, self.t, top, self.logo_bottom(side))

    def logo_bottom(self, side: str) -> float:
        """The lowest the body may reach: above the footer, and above a logo at the foot of the side."""
        logo = self.logo(side)
        if logo is not None and logo.y < self.H / 2:
            return max(self.body_bottom, logo.y + logo.h + 6 * MM)
        return self.body_bottom

    def values(self, card: Card) -> dict[str, object]:
        """What the template's placeholders stand for on this card."""
        return {key: value(self, card) for key, value in _PLACEHOLDERS}

    def filled(self, text: str, card: Card) -> str:
        """The text with its {placeholders} replaced for this card, one after another in values()'
        order (so a placeholder inside the deck's footer is filled too). Only the values the text asks
        for are worked out: the glyph check fills the footer of every card of a deck. A word of the
        template's table ({words.card}) is given in the deck's language."""
        out = text
        if "{words." in out:
            out = words.PLACEHOLDER.sub(lambda m: self.t.word(m.group(1), self.deck.language), out)
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
            lines = set_text((Span(text),), self.t, self.footer_style, self.measure, None, False, hyphenate=False)
            line = lines[0] if len(lines) == 1 else linebreak.Line(tuple(r for ln in lines for r in ln.runs), 0)
            x = self.x0 + (self.measure - line.width if right else 0)
            placed, _ = place_lines([line], x, self.footer_y + fonts.cap_height(self.footer_style.font(self.t)) * self.footer_style.size,
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
            lines = set_text(card.label, t, label_style, measure, None, False, hyphenate=False)
            placed, last = place_lines(lines, self.x0, top, label_style, t, colour=colour)
            runs += placed
            top = last - label_style.leading * 1.3
        if banded and reserved is not None:
            top = min(top, reserved[1] - 3 * MM)  # the title may use the full width below the corner
            measure = self.measure
        title_lines = set_text(card.title, t, title_style, measure, self.deck.language, False)
        too_wide = max((ln.width for ln in title_lines), default=0) - measure
        if any(ln.forced for ln in title_lines):
            too_wide = max(too_wide, 1.0)  # a title word wider than the card: shrink rather than cut it
        cap = fonts.cap_height(title_style.font(t)) * title_style.size
        if banded:
            # titles share a baseline near the foot of the band, so fronts line up card to card
            last_base = H - band + 8 * MM
            first_top = last_base + (len(title_lines) - 1) * title_style.leading + cap
            placed, _ = place_lines(title_lines, self.x0, first_top, title_style, t)
            return runs + placed, H - band - 8 * MM, fills, max(first_top - top, too_wide)
        placed, last = place_lines(title_lines, self.x0, top, title_style, t)
        rule_y = last - fonts.descent(title_style.font(t)) * title_style.size - 4 * MM
        fills.append(Fill(self.x0, rule_y, 12 * MM, 1.2, title_style.colour))
        body_top = rule_y - 6 * MM
        if reserved is not None:
            body_top = min(body_top, reserved[1] - 5 * MM)
        return runs + placed, body_top, fills, too_wide

    def frame(self, card: Card, side: str, scales: dict[str, float]):
        """A face's parts around its body: heading runs, the y the body starts at, fills, logo, the body's
        box (x, y, w, h) with room made for a picture and a QR code, and those two (None where there is none)."""
        t = self.t
        title_name = "title" if side == "front" else "back-title"
        title_style = t.styles[title_name].scaled(scales.get(title_name, 1.0))
        runs, top, fills, _ = self.heading(card, side, title_style)
        logo = self.logo(side)
        bottom = self.logo_bottom(side)
        code = self.code(card, side)
        if code is not None and code.y < self.H / 2:
            bottom = code.y + code.size + max(media.GAP, code.quiet)
        picture, top, bottom = media.place_picture(card, side, t, self.x0, top, bottom, self.measure)
        return runs, top, fills, logo, (self.x0, bottom, self.measure, top - bottom), (picture, code)

    def _setting(self, card: Card, side: str, scales: dict[str, float], lines: Lines | None = None):
        """A face's parts before its body is placed: heading runs, body top, fills, body style, logo,
        body box, the body's lines (`lines`: only those), its picture and QR code, and how far the lines
        overflow the box (≤ 0: they fit)."""
        t = self.t
        runs, top, fills, logo, box, extras = self.frame(card, side, scales)
        body = card.side(side)
        style_name = "bullets" if body.kind == "bullets" else "prose"
        style = t.styles[style_name].scaled(scales.get(style_name, 1.0))
        blocks = body_blocks(body, style, t, self.measure, self.deck.language, lines)
        return runs, top, fills, style, logo, box, blocks, extras, body_height(blocks, style, t) - box[3]

    def room(self, card: Card, side: str, scales: dict[str, float]) -> tuple[float, float]:
        """How far the body overflows at these scales (≤ 0: it fits), and the height of its box: what
        fitting asks, without placing."""
        setting = self._setting(card, side, scales)
        return setting[-1], setting[5][3]

    def face(self, card: Card, side: str, scales: dict[str, float], lines: Lines | None = None) -> tuple[Face, float]:
        """A face at the given scales (`lines`: only those of its body, see typeset.body_blocks); also
        returns how far the body overflows (≤ 0: it fits)."""
        t = self.t
        runs, top, fills, style, logo, box, blocks, (picture, code), over = self._setting(card, side, scales, lines)
        y_top = top
        for block in blocks:
            indent = style.indent if block.indent else 0.0
            placed, last = place_lines(block.lines, self.x0, y_top, style, t, indent=indent)
            if block.marker and placed:
                marker = style.marker or "•"
                runs.append(TextRun(self.x0, y_top - fonts.cap_height(style.font(t)) * style.size, marker, style.font(t),
                                    style.size, style.marker_colour, fonts.width(style.font(t), marker, style.size)))
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
        icons = tuple(r for r in runs if isinstance(r, Icon))
        if icons:
            runs = [r for r in runs if not isinstance(r, Icon)]
        return Face(card.id, side, (self.W, self.H), tuple(fills), tuple(runs), box, style.size, images, patterns,
                    (picture,) if picture else (), icons, (code,) if code else ()), over


def _label(card: Card) -> str:
    return "".join(s.text for s in card.label if not s.icon)  # an icon is no text for the footer


def _label_number(card: Card) -> str:
    number = _LABEL_NUMBER.search(_label(card))
    return number.group(1) if number else ""


# What each placeholder stands for, in the order they are filled
_PLACEHOLDERS = (("deck.title", lambda c, card: c.deck.title), ("deck.footer", lambda c, card: c.deck.footer),
                 ("card.number", lambda c, card: f"{card.number}{card.part}"), ("card.count", lambda c, card: c.count),
                 ("card.label.number", lambda c, card: _label_number(card)), ("card.label", lambda c, card: _label(card)),
                 ("card.id", lambda c, card: card.id), ("template.organisation", lambda c, card: c.t.organisation))


def card_faces(composer: Composer, cards: Iterable[Card], scales: dict[str, float], splits=None) -> Iterator[Face]:
    """Each card's front, then its back, at the deck's shared scales (layout.fit), made as they are
    wanted: a writer that draws each face as it comes never holds the whole deck in memory. A card
    with a split (`splits`, one per card, None for most: layout.continued) gives the faces of each
    printed card it continues on, front then back."""
    word = composer.t.word("continued", composer.deck.language)
    for card, split in zip(cards, splits or itertools.repeat(None)):
        wanted = continued.printed_faces(card, split, word, scales) if split else ((card, side, None, scales) for side in SIDES)
        for printed, side, lines, at in wanted:
            face, over = composer.face(printed, side, at, lines)
            assert over <= 0.01, (printed.id, side, over)  # shared scales are ≤ each face's own
            yield face


SIDES = ("front", "back")


def faces(deck: Deck, template: Template, scales: dict[str, float], cards: Iterable[int] | None = None,
          splits: dict | None = None) -> Iterator[Face]:
    """The faces of `cards` (indexes; default every card), front then back per printed card; `splits`:
    the continued cards' (layout.fit.Fitting.splits, by card index)."""
    chosen = range(len(deck.cards)) if cards is None else list(cards)
    return card_faces(Composer(deck, template), [deck.cards[i] for i in chosen], scales,
                      [(splits or {}).get(i) for i in chosen])
