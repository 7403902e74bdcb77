"""What a face holds besides text, placed: pictures in the template's slots, icons in lines of text, the
QR code on the back. And what the PDF stage must have ready for them (pictures, icons in each colour),
and the problems only a deck and a template together can have (an unknown icon, a picture too coarse
for its slot)."""

from __future__ import annotations

import math
from dataclasses import replace
from functools import lru_cache

from fichegen.content.markup import ICON, OBJECT
from fichegen.content.media import address
from fichegen.content.model import Card, Deck
from fichegen.errors import Problems, suggest
from fichegen.layout.boxes import CMYK, Code, Icon, Picture
from fichegen.style import fonts
from fichegen.style.assets import PICTURE_PPI
from fichegen.style.fonts import FontRef
from fichegen.style.template import MM, Template

ICON_SIZE = 1.0  # an icon's box, in ems: its drawing keeps a twelfth of it clear all round, as letters do
MIN_PPI = 250  # below this a picture prints visibly soft: a warning
QUIET = 4  # modules of clear space around a QR code, as ISO/IEC 18004 asks
GAP = 6 * MM  # between a picture or a QR code and the body's text


# -- icons in text ---------------------------------------------------------------------------------

def icon_width(size: float) -> float:
    """An icon's advance in a line of text set at `size`: the line breaker measures it as this box."""
    return size * ICON_SIZE


def icon_runs(text: str, x: float, y: float, font: FontRef, size: float, tracking: float, word_space: float,
              path: str, colour: CMYK) -> list[Icon]:
    """The icons of a run set in an icon's style (OBJECT characters, perhaps with spaces between, as the
    line breaker joins a line's fragments of one style), each box centred on the cap height's middle."""
    side = size * ICON_SIZE
    bottom = y + fonts.cap_height(font) * size / 2 - side / 2
    space = fonts.width(font, " ", size) + word_space
    out = []
    for ch in text:
        if ch == OBJECT:
            out.append(Icon(x, bottom, side, path, colour))
            x += icon_width(size) + tracking
        else:
            x += space + tracking
    return out


def icon_name(style: str) -> str:
    return style[len(ICON):]


def _card_icon_parts(card: Card):
    """(part, spans) of a card: the texts an icon may stand in."""
    yield "label", card.label
    yield "title", card.title
    for side in ("front", "back"):
        body = card.side(side)
        for block in body.blocks:
            yield "bullets" if body.kind == "bullets" else "prose", block


def check_icons(deck: Deck, template: Template, problems: Problems) -> None:
    """Every icon a card names is in the template's icons/ folders."""
    known = sorted(template.icons)
    for card in deck.cards:
        named = dict(card.icons)  # the line naming each, where the reader knew it (YAML cards)
        named.update({span.icon: card.line for _, spans in _card_icon_parts(card) for span in spans
                      if span.icon and span.icon not in named})  # spreadsheet rows: the card's row
        for name, line in sorted(named.items(), key=lambda item: (item[1], item[0])):
            if name not in template.icons:
                hint = suggest(name, known) or (f"; the template has {', '.join(known)}" if known else
                                                "; the template has no icons/ folder")
                problems.add(card.path, line, f"card '{card.id}': no icon ':{name}:'{hint}; a colon that starts no "
                                              "icon is written \\:")


def icon_colours(deck: Deck, template: Template) -> tuple[tuple[str, CMYK], ...]:
    """(icon file, colour) for every icon the deck sets, in every colour its text may be set in there:
    the PDF stage makes each one once, as a form in that colour."""
    st = template.styles
    colours = {"label": (st["label"].colour, st["title"].colour, st["back-title"].colour),
               "title": (st["title"].colour, st["back-title"].colour),
               "bullets": (st["bullets"].colour,), "prose": (st["prose"].colour,)}
    out = set()
    for card in deck.cards:
        for part, spans in _card_icon_parts(card):
            for span in spans:
                if span.icon and span.icon in template.icons:
                    out.update((template.icons[span.icon], c) for c in colours[part])
    return tuple(sorted(out))


# -- pictures --------------------------------------------------------------------------------------

def picture_box(slot_box: tuple[float, float, float, float], size: tuple[float, float], fit: str) -> tuple[float, float, float, float]:
    """Where the whole picture is drawn for a slot: covering it (centred, the overflow cut off by the
    slot) or contained in it (centred)."""
    x, y, w, h = slot_box
    scale = (max if fit == "cover" else min)(w / size[0], h / size[1])
    iw, ih = size[0] * scale, size[1] * scale
    return x + (w - iw) / 2, y + (h - ih) / 2, iw, ih


def column_width(template: Template) -> float:
    """The width of the text column, which picture slots span."""
    return template.trim[0] - template.margins[1] - template.margins[3]


def printed_ppi(card: Card, template: Template, measure: float) -> float | None:
    """The resolution a card's raster picture prints at in its slot (None: vector, or no slot)."""
    image, slot = card.image, template.pictures.get(card.image.side) if card.image else None
    if image is None or slot is None or image.vector:
        return None
    _, _, w, _ = picture_box((0, 0, measure, slot.height), image.size, slot.fit)
    return image.size[0] / (w / 72)


def check_pictures(deck: Deck, template: Template, problems: Problems) -> None:
    """A picture needs a slot on its side; one that prints below MIN_PPI is a warning."""
    measure = column_width(template)
    for card in deck.cards:
        if card.image is None:
            continue
        if card.image.side not in template.pictures:
            problems.add(card.source_path, card.image.line, f"card '{card.id}' image: the template '{template.name}' has no picture "
                                                     f"slot on the {card.image.side} (pictures.{card.image.side} in template.yaml)")
            continue
        ppi = printed_ppi(card, template, measure)
        if ppi is not None and ppi < MIN_PPI:
            slot = template.pictures[card.image.side]
            problems.add(card.source_path, card.image.line, f"card '{card.id}' image: '{card.image.name}' prints at {ppi:.0f} ppi "
                                                     f"in its {measure / MM:.0f} × {slot.height / MM:.0f} mm slot; print wants "
                                                     f"{MIN_PPI} ppi or more: use a larger picture", warning=True)


def picture_sizes(deck: Deck, template: Template) -> tuple[tuple[str, str, tuple[int, int] | None], ...]:
    """(file, digest, most pixels) for every picture the deck places, by file: the PDF stage embeds each
    once, reduced to what its largest use can print at PICTURE_PPI (None: vector, or keep every pixel)."""
    measure = column_width(template)
    most: dict[tuple[str, str], tuple[int, int] | None] = {}
    for card in deck.cards:
        image = card.image
        slot = template.pictures.get(image.side) if image else None
        if image is None or slot is None:
            continue
        need = None
        if not image.vector:
            _, _, w, h = picture_box((0, 0, measure, slot.height), image.size, slot.fit)
            need = (math.ceil(w / 72 * PICTURE_PPI), math.ceil(h / 72 * PICTURE_PPI))
            before = most.get((image.file, image.digest))
            if before is not None:
                need = (max(need[0], before[0]), max(need[1], before[1]))
        most[(image.file, image.digest)] = need
    return tuple((file, digest, need) for (file, digest), need in sorted(most.items()))


def place_picture(card: Card, side: str, template: Template, x: float, top: float, bottom: float,
                  width: float) -> tuple[Picture | None, float, float]:
    """The card's picture on this side, in the slot between `top` and `bottom` of the body; and the
    body's top and bottom with the picture's room (and a gap) taken from them."""
    image = card.image
    slot = template.pictures.get(side) if image is not None and image.side == side else None
    if slot is None:
        return None, top, bottom
    if slot.position == "top":
        box = (x, top - slot.height, width, slot.height)
        top = box[1] - GAP
    else:
        box = (x, bottom, width, slot.height)
        bottom = bottom + slot.height + GAP
    return Picture(*box, *picture_box(box, image.size, slot.fit), image.file), top, bottom


# -- QR codes --------------------------------------------------------------------------------------

def code_address(card: Card, deck: Deck, side: str) -> str | None:
    """What the card's QR code encodes on this side: its link, else the deck's footer (None: no code)."""
    wanted = deck.qr if card.qr is None else card.qr
    if side != "back" or not wanted:
        return None
    text = card.link or deck.footer
    return address(text) if text.strip() else None


@lru_cache(maxsize=256)
def _matrix(text: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """A QR code for `text` (segno; error correction M, or higher where that fits in the same size):
    its modules across, and its dark modules as runs (column, row from the bottom, length)."""
    import segno

    code = segno.make(text, error="m", boost_error=True, micro=False)
    rows = [list(row) for row in code.matrix]
    n = len(rows)
    runs = []
    for r, row in enumerate(rows):
        c = 0
        while c < n:
            if row[c] & 1:
                start = c
                while c < n and row[c] & 1:
                    c += 1
                runs.append((start, n - 1 - r, c - start))
            else:
                c += 1
    return n, tuple(runs)


def place_code(text: str, template: Template, side_top: float, body_bottom: float) -> Code:
    """The code in the template's corner: its edges on the text area's (the quiet zone lies outside)."""
    slot = template.qr
    W = template.trim[0]
    _, mr, _, ml = template.margins
    n, runs = _matrix(text)
    module = slot.size / n
    x = ml if slot.position == "bottom-left" else W - mr - slot.size
    y = side_top - slot.size if slot.position == "top-right" else body_bottom
    return Code(x, y, slot.size, module, QUIET * module, runs)


MIN_MODULE = 0.33 * MM  # a QR code's module below this prints too fine for a phone to read reliably


def check_codes(deck: Deck, template: Template, problems: Problems) -> None:
    """Every QR code's address fits in a code, and prints with modules a phone can read (a warning).
    Each address is judged once, at the card whose link it is or at the deck's footer."""
    import segno

    seen: set[str] = set()
    for card in deck.cards:
        text = code_address(card, deck, "back")
        if text is None or text in seen or template.qr is None:
            continue
        seen.add(text)
        path, line, what = (card.source_path, None if card.source else card.line, f"card '{card.id}' link:") if card.link \
            else (deck.path, None, "footer:")
        try:
            n, _ = _matrix(text)
        except segno.DataOverflowError:
            problems.add(path, line, f"{what} the address ({len(text):,} characters) is too long for a QR code; "
                                     "use a shorter one (a link shortener, or the page's short address)")
            continue
        module = template.qr.size / n
        if module < MIN_MODULE - 1e-9:
            problems.add(path, line, f"{what} the address ({len(text):,} characters) makes a QR code of {n} modules "
                                     f"across, {module / MM:.2f} mm each in its {template.qr.size / MM:g} mm; print wants "
                                     f"{MIN_MODULE / MM:g} mm or more: use a shorter address, or a larger qr size in the "
                                     "template", warning=True)


def checked(deck: Deck, template: Template) -> Template:
    """The deck's icons, pictures and QR codes checked against the template: raises FichegenError for
    every problem; warnings (a picture below MIN_PPI, a QR code's fine modules) join the template's, which
    every command prints."""
    problems = Problems()
    check_icons(deck, template, problems)
    check_pictures(deck, template, problems)
    check_codes(deck, template, problems)
    problems.raise_if_errors()
    if not problems.warnings:
        return template
    return replace(template, warnings=template.warnings + tuple(problems.warnings))
