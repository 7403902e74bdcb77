"""The deck model: what the content stage hands on. Plain frozen data that prints, compares and
pickles like any value; every part remembers the file and line it came from."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from fichegen.content import markup
from fichegen.content.markup import Span
from fichegen.content.pictures import Picture

Block = tuple[Span, ...]  # one bullet point or one paragraph


@dataclass(frozen=True, slots=True)  # slots: a deck holds thousands of cards, each a few of these
class Side:
    """One face's body text: bullet points or prose paragraphs, each a tuple of styled spans."""

    kind: str  # "bullets" | "prose"
    blocks: tuple[Block, ...]
    line: int  # where the side starts in the card file
    path: str = ""  # the file it was written in when that is not its card's: a translation printing the source's

    def where(self, card: "Card") -> str:
        """The file `line` is a line of."""
        return self.path or card.path

    def text(self) -> str:
        return "\n".join(markup.plain(b) for b in self.blocks)


@dataclass(frozen=True, slots=True)
class Card:
    id: str
    title: tuple[Span, ...]
    label: tuple[Span, ...]
    front: Side
    back: Side
    path: str
    line: int  # the title's line
    number: int  # 1-based position in the deck
    image: Picture | None = None
    link: str = ""  # the address the card's QR code encodes (else the deck's footer)
    qr: bool | None = None  # a QR code on the back; None: as the deck says
    icons: tuple[tuple[str, int], ...] = ()  # the icons its text names, with the line naming each
    overflow: str = ""  # "continue" | "error" | "": as the deck says
    part: str = ""  # a printed part of a continued card: "a", "b", … (layout.continued); "" for a card as written
    source: str = ""  # a translated card's source file, where its id, image, link, qr and overflow are written

    @property
    def source_path(self) -> str:
        """The file the card's own keys (image, link, qr, overflow) are written in."""
        return self.source or self.path

    def side(self, name: str) -> Side:
        return self.front if name == "front" else self.back

    def fingerprint(self) -> str:
        """A digest of everything the card holds: what caches key the things made from it by."""
        def side(s: Side):
            return s.kind, s.line, s.path, tuple(tuple(map(tuple, b)) for b in s.blocks)

        picture = self.image and (self.image.file, self.image.side, self.image.line, self.image.size, self.image.digest)
        whole = (self.id, self.path, self.line, self.number, tuple(map(tuple, self.title)),
                 tuple(map(tuple, self.label)), side(self.front), side(self.back), picture, self.link, self.qr, self.icons,
                 self.overflow, self.part, self.source)
        return hashlib.sha256(repr(whole).encode()).hexdigest()  # the repr of plain tuples: canonical

    @property
    def heading(self) -> str:
        """'Label: Title' as plain text (bookmarks, handout titles)."""
        label, title = markup.plain(self.label), markup.plain(self.title)
        return f"{label}: {title}" if label else title


@dataclass(frozen=True)
class Deck:
    slug: str  # the folder name; used in output file names
    path: str  # the deck.yaml file
    title: str
    language: str
    template: str
    template_line: int
    footer: str
    cards: tuple[Card, ...]
    date: str | None = None  # YYYYMMDD: the date print files carry, so rebuilding changes nothing
    qr: bool = False  # a QR code on every back (a card's own `qr:` wins)
    languages: tuple[str, ...] = ()  # every language the deck is written in, the source first
    warnings: tuple = ()  # errors.Problem warnings from reading it (a translation missing, with a fallback)
    overflow: str = "error"  # what a side that does not fit at the floor does: "error" | "continue"
