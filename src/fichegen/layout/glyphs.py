"""Which characters each font sets, and whether it has them: a missing glyph would print as an empty box.

The same inventory makes the resource document's font subsets (pdf.resources.Resources), once per build."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from fichegen.style import fonts
from fichegen.layout import continued, linebreak
from fichegen.content.model import Card, Deck
from fichegen.errors import Problems
from fichegen.style.fonts import FontRef
from fichegen.layout.compose import Composer
from fichegen.style.template import Template


def check_texts(deck: Deck, template: Template, known: dict | None = None) -> dict[FontRef, str]:
    """Every character has a glyph in the font that sets it; raises FichegenError naming what does not.
    Returns deck_chars: the fonts are checked against it at once, cards are named only when needed.
    `known`: see _inventory."""
    chars, lacking = _inventory(deck, template, known)
    if lacking or any(fonts.missing_chars(font, text) for font, text in chars.items()):
        problems = Problems()
        check_glyphs(deck, template, problems)
        check_template_texts(Composer(deck, template), problems)
        problems.raise_if_errors()
    return chars


def _template_texts(composer: Composer) -> dict[tuple[str, FontRef], str]:
    """The footer, the corner number and the bullet marker as (text, font) → the file they come from:
    they are set in the template's fonts, and the deck's title and footer flow into them."""
    t, deck = composer.t, composer.deck
    texts: dict[tuple[str, FontRef], str] = {}
    footer_font = t.styles["footer"].font(t)
    for card in deck.cards:
        for text in t.footer:
            texts[(composer.filled(text, card), footer_font)] = deck.path
        if t.corner_number:
            texts[(composer.filled(t.corner_number.text, card), t.fonts["heading"]["regular"])] = t.folder + "/template.yaml"
    bullets = t.styles["bullets"]
    texts[(bullets.marker or "•", bullets.font(t))] = t.folder + "/template.yaml"
    if continued.may_continue(deck):  # "(vervolg)" after titles; the part letters (3b) wherever a number goes
        word = t.word("continued", deck.language)
        for name in ("title", "back-title"):
            texts[(" " + (word.upper() if t.styles[name].upper else word), t.styles[name].font(t))] = t.folder + "/template.yaml"
        numbers = "abcdefghijklmnopqrstuvwxyz0123456789"
        texts[(numbers, footer_font)] = texts[(numbers, t.fonts["heading"]["regular"])] = t.folder + "/template.yaml"
    return texts


def check_template_texts(composer: Composer, problems: Problems) -> None:
    reported = set()
    for (text, font), path in _template_texts(composer).items():
        chars = fonts.missing_chars(font, text) - reported
        if chars:
            reported |= chars
            listed = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in sorted(chars))
            problems.add(path, None, f"'{text}' is set in {Path(font.path).stem}, which has no glyph for {listed}; "
                                     "replace the characters or choose a template whose fonts have them")


def _card_texts(deck: Deck, template: Template) -> Iterator[tuple[Card, str, str, str, str]]:
    """(card, family, face style, text as set, text as written) for every span a card puts in the
    template's fonts."""
    for card in deck.cards:
        for part, spans, style in (("label", card.label, "label"), ("title", card.title, "title")) + tuple(
            (side, b, "bullets" if card.side(side).kind == "bullets" else "prose")
            for side in ("front", "back") for blk in [card.side(side).blocks] for b in blk
        ):
            st = template.styles[style]
            families = (st.family, template.styles["back-title"].family) if style == "title" else (st.family,)
            for s in spans:
                if s.icon:
                    continue  # an icon is drawn, not set in a font (layout.media)
                text = s.text.upper() if st.upper else s.text
                for family in dict.fromkeys(families):  # the title is set on the back too, perhaps in another family
                    yield card, family, s.style, text, s.text


def deck_chars(deck: Deck, template: Template) -> dict[FontRef, str]:
    """Every character each font will set, sorted: what the renderer's font subsets are made from, so
    that every part of a build encodes text the same way."""
    return _inventory(deck, template)[0]


def with_chars(chars: dict[FontRef, str], font: FontRef, text: str) -> dict[FontRef, str]:
    """deck_chars with `text` set in `font` too, in deck_chars' order."""
    more = dict(chars)
    more[font] = "".join(sorted(set(more.get(font, "")) | set(text) | {" "}))
    return dict(sorted(more.items(), key=lambda kv: (Path(kv[0].path).name, kv[0].path)))


def card_chars(card: Card) -> dict[tuple[str, str], str]:
    """A card's characters by the style that sets them and its face: (style, face style) → characters.
    Independent of the template, so it can be kept with the card."""
    out: dict[tuple[str, str], set[str]] = {}
    parts = [("label", card.label), ("title", card.title)]
    parts += [("bullets" if card.side(side).kind == "bullets" else "prose", block)
              for side in ("front", "back") for block in card.side(side).blocks]
    for style, spans in parts:
        for s in spans:
            if not s.icon:
                out.setdefault((style, s.style), set()).update(s.text)
    return {key: "".join(sorted(c)) for key, c in out.items()}


def _inventory(deck: Deck, template: Template, known: dict | None = None) -> tuple[dict[FontRef, str], bool]:
    """deck_chars, and whether any text asks for a face (bold, italic) its font family lacks. `known`:
    every card's card_chars together, gathered as the cards were read; None: gather them here."""
    chars: dict[FontRef, set[str]] = {}
    lacking = False
    back_title = template.styles["back-title"].family
    if known is None:
        known = {}
        for card in deck.cards:
            for key, text in card_chars(card).items():
                known.setdefault(key, set()).update(text)
    for (name, style), text in known.items():
        st = template.styles[name]
        text = "".join(text)
        text = text.upper() if st.upper else text
        for family in {st.family, back_title} if name == "title" else (st.family,):
            font = template.fonts[family][style]
            if font is None:
                lacking = True
            else:
                chars.setdefault(font, set()).update(text)
    by_font: dict[FontRef, list[str]] = {}
    for text, font in _template_texts(Composer(deck, template)):
        by_font.setdefault(font, []).append(text)
    for font, parts in by_font.items():
        chars.setdefault(font, set()).update("".join(parts))
    for used in chars.values():
        used.update(" " + linebreak.HYPHEN)  # the line breaker adds hyphens
    # ordered by file name, not path: the fonts are numbered in this order, the same on every machine
    ordered = sorted(chars.items(), key=lambda kv: (Path(kv[0].path).name, kv[0].path))
    return {font: "".join(sorted(c)) for font, c in ordered}, lacking


def check_glyphs(deck: Deck, template: Template, problems: Problems) -> None:
    """Every character must exist in the font that sets it: a missing glyph prints as an empty box.
    Each font is checked once against everything it sets; cards are named only when something is missing."""
    used: dict[FontRef, set[str]] = {}
    styles_missing: dict[tuple[str, str, str, str], str] = {}
    for card, family, style, text, written in _card_texts(deck, template):
        font = template.fonts[family][style]
        if font is None:
            styles_missing.setdefault((card.path, card.id, family, style), written)
        else:
            used.setdefault(font, set()).update(text)
    absent = {font: fonts.missing_chars(font, "".join(chars)) for font, chars in used.items()}
    missing: dict[tuple[str, str], set[str]] = {}
    if any(absent.values()):
        for card, family, style, text, _ in _card_texts(deck, template):
            font = template.fonts[family][style]
            if font is not None and absent[font].intersection(text):
                missing.setdefault((card.path, card.id), set()).update(absent[font].intersection(text))
    names = {"bold": "bold (**…**)", "italic": "italic (*…*)", "bolditalic": "bold italic (***…***)"}
    for (path, card_id, family, style), text in styles_missing.items():
        problems.add(path, None, f"card '{card_id}' uses {names.get(style, style)} in '{text.strip()}', but the template's "
                                 f"{family} font has no {style}; add fonts.{family}.{style} or remove the emphasis")
    for (path, card_id), chars in missing.items():
        listed = ", ".join(f"'{c}' (U+{ord(c):04X})" for c in sorted(chars))
        problems.add(path, None, f"card '{card_id}': the template's fonts have no glyph for {listed}; "
                                 "replace the characters or choose a template whose fonts have them")
