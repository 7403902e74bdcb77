"""Continued cards. A side whose text does not fit even at the template's floor, on a card whose deck or
card says `overflow: continue`, goes on on more printed cards: each with the card's label, its title
followed by the template's word for "(continued)" in the deck's language, and a number that says which
part it is (3a, 3b, …). The text keeps the deck's type scales, so a continued card reads like every other.

The split is made once per deck, by layout.fit after the deck's scales are known, and handed on as data
(`Split`: what each face of each printed card carries); compose draws the printed cards' faces from it and
the pipeline counts, numbers and names the printed deck with `printed`.

Where the text breaks from one face to the next: between paragraphs or bullet points, or between two lines
of one, with at least two of its lines on each side of the break where that can be had, and never after a
line that ends inside a word (a hyphen, or a dash or slash in a compound). What does not fit goes on on the
next printed card, on the face of its own kind (bullet points on fronts, prose on backs) while the other side
has text too, and on both faces once it has not: a long back flows onto the continuation cards' fronts, under
their band, as pages in a booklet, so no continuation face stands empty. Each face is filled as far as it
goes, so the reader sees the text run on to the foot of the card; only the last card's text is shared
evenly between its front and back (see _even)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

from fichegen.content.markup import Span
from fichegen.content.model import Card, Deck
from fichegen.errors import Problem
from fichegen.layout.typeset import Lines, body_blocks
from fichegen.style import fonts

SIDES = ("front", "back")
Place = tuple[int, int]  # (block, line) in a side's text as set at the deck's scales


@dataclass(frozen=True)
class Piece:
    """What one face of a continued card carries: lines `start` up to `end` of its source card's `text`
    side; start == end: none. `title`: the scale its title is set at (the deck's, or less where the
    longer title of a continuation needs it)."""

    text: str  # "front" | "back"
    start: Place
    end: Place
    title: float


@dataclass(frozen=True)
class Split:
    """A continued card as printed: the pieces on the front and back of each of its printed cards."""

    faces: tuple[Piece, ...]  # front, back, front, back, …

    @property
    def parts(self) -> int:
        return len(self.faces) // 2


def continues(deck: Deck, card: Card) -> bool:
    """Whether the card's text goes on on more cards when it does not fit (its own setting, else the deck's)."""
    return (card.overflow or deck.overflow) == "continue"


def may_continue(deck: Deck) -> bool:
    return deck.overflow == "continue" or any(card.overflow == "continue" for card in deck.cards)


def letter(k: int) -> str:
    """The k-th part's letter: a … z, then aa, ab, … (as spreadsheet columns)."""
    out = ""
    k += 1
    while k:
        k, r = divmod(k - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def part_card(card: Card, k: int, word: str, parts: int = 2) -> Card:
    """The card as its k-th printed part: id `<id>.b` from the second part on (a dot no card id can
    hold, so it is unique), the title followed by `word` (the template's "(continued)") from then on,
    and the part letter its number is printed with (3a, 3b). The card's picture is shown once, on its
    first part: the rest give its slot to the text."""
    if k == 0:
        return replace(card, part=letter(k) if parts > 1 else "")
    return replace(card, id=f"{card.id}.{letter(k)}", title=card.title + (Span(" " + word),), part=letter(k), image=None)


def printed_faces(card: Card, split: Split, word: str, scales: dict[str, float]) -> Iterator[tuple[Card, str, Lines, dict]]:
    """(printed card, side, its lines, its scales) for each face of the continued card, in print order."""
    for k in range(split.parts):
        front, back = split.faces[2 * k], split.faces[2 * k + 1]
        printed = replace(part_card(card, k, word, split.parts), front=card.side(front.text), back=card.side(back.text))
        for side, piece in (("front", front), ("back", back)):
            yield printed, side, (piece.start, piece.end), {**scales, _TITLE[side]: piece.title}


def printed(deck: Deck, word: str, splits: dict[int, Split]) -> tuple[tuple[int, Card], ...]:
    """The deck as printed: (index of the source card, the card as printed) for each card, and for each
    part of a continued card."""
    out = []
    for i, card in enumerate(deck.cards):
        split = splits.get(i)
        out += [(i, part_card(card, k, word, split.parts)) for k in range(split.parts)] if split else [(i, card)]
    return tuple(out)


def notes(deck: Deck, splits: dict[int, Split]) -> list[Problem]:
    """One line per continued card, at its first side that continues: which, and on how many more cards."""
    out = []
    for i, split in sorted(splits.items()):
        if split.parts < 2:
            continue  # it fits after all, with the deck's smaller title: a card like any other
        card = deck.cards[i]
        sides = [s for s in SIDES if any(p.text == s and p.start != p.end for p in split.faces[2:])]
        more = split.parts - 1
        first = card.side(sides[0]) if sides else None
        out.append(Problem(first.where(card) if first else card.path, first.line if first else card.line,
                           f"card '{card.id}' {' and '.join(sides)} continue{'s' if len(sides) == 1 else ''} on {more} "
                           f"more card{'s' if more != 1 else ''} ({card.number}a–{card.number}{letter(split.parts - 1)})"))
    return out


_TITLE = {"front": "title", "back": "back-title"}  # the style of each side's title


def split_card(composer, card: Card, scales: dict[str, float]) -> tuple[Split | None, list[Problem]]:
    """The card's text over as many printed cards as it takes, at the deck's `scales`; or the problems
    that keep it from continuing (a title too long for a continuation card, no room under it)."""
    t, language = composer.t, composer.deck.language
    word = t.word("continued", language)
    sets = {}
    for s in SIDES:
        body = card.side(s)
        style = t.styles[body.kind].scaled(scales.get(body.kind, 1.0))  # the kinds are the styles' names
        blocks = body_blocks(body, style, t, composer.measure, language)
        font = style.font(t)
        sets[s] = ([[ln.broken for ln in b.lines] for b in blocks], style,
                   (fonts.cap_height(font) + fonts.descent(font)) * style.size)
    problems: list[Problem] = []
    faces: list[Piece] = []
    at = {s: (0, 0) for s in SIDES}
    done = {s: (len(sets[s][0]), 0) for s in SIDES}

    def fill(text: str, k: int, side: str) -> tuple[Piece, float] | None:
        """The face's piece of `text` from where it has got to; and the face's room."""
        title = _title_scale(composer, part_card(card, k, word), side, scales)
        if title is None:
            floor = t.styles[_TITLE[side]].min
            problems.append(Problem(card.path, card.line, f"card '{card.id}' {side}: the title with '{word}' does not fit "
                                                          f"on a continuation card, even at the {floor:g} pt minimum; shorten it"))
            return None
        room = composer.frame(part_card(card, k, word), side, {**scales, _TITLE[side]: title})[4][3]
        if at[text] == done[text]:
            return Piece(text, at[text], at[text], title), room  # nothing left for this face
        end = _fill(sets[text], at[text], room)
        if end is None:
            problems.append(Problem(card.side(text).where(card), card.side(text).line, f"card '{card.id}' {text}: no line of the text fits "
                                                                     "under the title of a continuation card; shorten the title"))
            return None
        piece = Piece(text, at[text], end, title)
        at[text] = end
        return piece, room

    rooms = []
    for side in SIDES:  # the first printed card: each side's own text, from its start
        made = fill(side, 0, side)
        if made is None:
            return None, problems
        faces.append(made[0])
        rooms.append(made[1])
    k = 0
    while any(at[s] != done[s] for s in SIDES):
        k += 1
        for side in SIDES:  # a face takes its own side's text while there is some, else the other side's
            other = SIDES[side == "front"]
            text = side if at[side] != done[side] else other if at[other] != done[other] else side
            made = fill(text, k, side)
            if made is None:
                return None, problems
            faces.append(made[0])
            rooms.append(made[1])
    if k:
        _even(sets, faces, rooms)
    return Split(tuple(faces)), problems


def _title_scale(composer, card: Card, side: str, scales: dict[str, float]) -> float | None:
    """The largest title scale, from the deck's down to the floor, at which this face's heading fits."""
    style = composer.t.styles[_TITLE[side]]
    scale = scales.get(_TITLE[side], 1.0)
    while style.size * scale >= style.min - 1e-9:
        if composer.heading(card, side, style.scaled(scale))[3] <= 0.01:
            return scale
        scale = (style.size * scale - 0.25) / style.size  # the fit's steps (layout.fit.STEP)
    return None


def _ends(text, start: Place, room: float) -> list[tuple[Place, int, float]]:
    """Where a face that starts at `start` may end, in order: (place after its last line, how good the
    break is, the height of its lines). Good is 2 (between blocks, or at least two lines of the block
    on each side), 1 (a lone line of it on one side) or 0 (after a line that ends inside a word: only
    when nothing else will do). Only ends whose lines fit `room` are listed."""
    blocks, style, ink = text
    out = []
    lines = 0
    b, first = start
    for block_index in range(b, len(blocks)):
        broken = blocks[block_index]
        first = first if block_index == b else 0
        for i in range(first, len(broken)):
            height = ink + lines * style.leading + (block_index - b) * style.space
            if height > room + 0.01:
                return out
            lines += 1
            after = i + 1
            if after == len(broken):
                out.append(((block_index + 1, 0), 2, height))
            elif broken[i]:
                out.append(((block_index, after), 0, height))
            else:
                out.append(((block_index, after), 2 if after - first >= 2 and len(broken) - after >= 2 else 1, height))
    return out


def _fill(text, start: Place, room: float) -> Place | None:
    """The furthest end of the best kind there is (see _ends); None when not even one line fits."""
    ends = _ends(text, start, room)
    for good in (2, 1, 0):
        found = [end for end, kind, _ in ends if kind >= good]
        if found:
            return found[-1]
    return None


def _even(sets, faces: list[Piece], rooms: list[float]) -> None:
    """The last printed card's text shared evenly between its front and back, when both carry one
    text or its back would be left bare. Every other face is filled as far as it goes, so that a reader
    sees its text run on to the foot of the card and knows to take the next one."""
    last = len(faces) - 2  # the last printed card's front
    front, back = faces[last], faces[last + 1]
    if front.start == front.end or (back.start != back.end and (back.text != front.text or back.start != front.end)):
        return
    before = [n for n in range(last) if faces[n].text == front.text and faces[n].end == front.start and faces[n].start != faces[n].end]
    _last_card(sets[front.text], faces, rooms, before[-1] if before else None, last, last + 1)


def _last_card(text, faces: list[Piece], rooms: list[float], before: int | None, front: int, back: int) -> None:
    """The text on the last card shared evenly between its front and back. When it is too short to share
    (a paragraph of three lines, left on the front), the text's face `before` gives up a few of its last
    lines (at most PULL of it), so that no face is left bare but for its heading; as it was when neither
    can be done."""
    first = faces[front].start
    stop = faces[back].end if faces[back].start != faces[back].end else faces[front].end
    starts = [first]
    if before is not None:
        ends = _ends(text, faces[before].start, rooms[before])
        full = next((h for end, _, h in ends if end == faces[before].end), 0.0)
        starts += [end for end, kind, h in reversed(ends)
                   if kind == 2 and end < faces[before].end and full - h <= PULL * rooms[before]]
    for start in starts:
        middle = _share(text, start, stop, rooms[front], rooms[back])
        if middle is not None:
            if start != first:
                faces[before] = replace(faces[before], end=start)
            faces[front] = replace(faces[front], start=start, end=middle)
            faces[back] = Piece(faces[front].text, middle, stop, faces[back].title)
            return


PULL = 0.25  # of a face's room: how much text the face before the last card may give up to it


def _share(text, start: Place, stop: Place, front_room: float, back_room: float) -> Place | None:
    """Where text from `start` to `stop` (its end) breaks to fill a front and a back as evenly as a good
    break allows; None when no good break lets both hold their part."""
    best = None
    for end, kind, height in _ends(text, start, front_room):
        if kind < 2 or end >= stop:
            continue
        rest = _ends(text, end, back_room)
        if rest and rest[-1][0] == stop and (best is None or abs(height - rest[-1][2]) < best[0]):
            best = (abs(height - rest[-1][2]), end)
    return best[1] if best else None
