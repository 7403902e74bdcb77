"""Content stage: a deck folder of YAML files → a validated Deck model that remembers source positions."""

from __future__ import annotations

import datetime
import os
import pickle
import re
from dataclasses import dataclass, field
from pathlib import Path

from fichegen.content import markup
from fichegen.content import source
from fichegen.errors import FichegenError, Problem, Problems, suggest
from fichegen.content.markup import Span
from fichegen.packed import Packed, Stored
from fichegen.content.source import Located, YamlError, describe

DECK_KEYS = ("title", "language", "template", "footer", "date", "cards")
CARD_KEYS = ("id", "label", "title", "front", "back")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True, slots=True)  # slots: a deck holds thousands of cards, each a few of these
class Side:
    """One face's body text: bullet points or prose paragraphs, each a tuple of styled spans (packed:
    a deck holds a great many)."""

    kind: str  # "bullets" | "prose"
    packed: Packed
    line: int  # where the side starts in the card file

    @classmethod
    def of(cls, kind: str, blocks: tuple[tuple[Span, ...], ...], line: int) -> "Side":
        return cls(kind, Packed.of(blocks), line)

    @property
    def blocks(self) -> tuple[tuple[Span, ...], ...]:
        return self.packed.blocks()

    def text(self) -> str:
        return "\n".join(markup.plain(b) for b in self.blocks)

    def __reduce__(self):  # as markup.Span: one call to unpickle, not one per field
        return Side, (self.kind, self.packed, self.line)


@dataclass(frozen=True, slots=True)
class Card:
    id: str
    title: tuple[Span, ...]
    label: tuple[Span, ...]
    front: Side
    back: Side
    path: str
    line: int
    number: int  # 1-based position in the deck
    # A card from the build cache keeps its title and sides packed until they are first asked for: a
    # rebuild asks for the id, label, path and place of every card, and for the rest of few (stored(),
    # packed_card()).
    _rest: Packed | Stored | None = field(default=None, compare=False, repr=False)

    def side(self, name: str) -> Side:
        return self.front if name == "front" else self.back

    def stored(self) -> tuple[tuple, bytes]:
        """What the build cache keeps of the card: what a deck asks of every card (its id, label and
        title line), and its title and sides packed. packed_card() makes the card again."""
        return (self.id, self.label, self.line), pickle.dumps((self.title, self.front, self.back), protocol=5)

    def move_to(self, spool) -> None:
        """Keep the card's texts in `spool` (a packed.Spool), still packed if they are."""
        if self._rest is not None:
            self._rest.move_to(spool)
        else:
            self.front.packed.move_to(spool)
            self.back.packed.move_to(spool)

    def unpacked(self) -> "Card":
        """The card, its title and sides at hand: before it is sent to another process (from where
        they are kept, only this one can read them)."""
        rest = self._rest
        if rest is not None:
            for key, value in zip(_PACKED, pickle.loads(rest.data())):
                object.__setattr__(self, key, value)
            object.__setattr__(self, "_rest", None)
        return self

    def __getattr__(self, name: str):
        # only reached for a field with no value yet: the title and sides of a packed card
        if self._rest is None or name not in _PACKED:
            raise AttributeError(f"'Card' object has no attribute '{name}'")
        return object.__getattribute__(self.unpacked(), name)

    def __reduce__(self):  # one call to unpickle, not one per field; a packed card stays packed
        if self._rest is not None:
            return _packed_card, (self.id, self.label, self.path, self.line, self.number, self._rest)
        return Card, (self.id, self.title, self.label, self.front, self.back, self.path, self.line, self.number)


_PACKED = ("title", "front", "back")


def packed_card(head: tuple, path: str, number: int, rest) -> Card:
    """A card from Card.stored()'s head, its file and place, and its packed rest (a Packed, or a
    packed.Stored in the build cache): the rest is unpacked when first asked for."""
    return _packed_card(head[0], head[1], path, head[2], number, rest)


def _packed_card(card_id: str, label: tuple, path: str, line: int, number: int, rest) -> Card:
    card = object.__new__(Card)
    for key, value in (("id", card_id), ("label", label), ("path", path), ("line", line), ("number", number), ("_rest", rest)):
        object.__setattr__(card, key, value)
    return card


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


def slugify(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _got(value) -> str:
    """describe(value), with the fix when YAML read the user's text as something else."""
    if isinstance(value, bool):
        return "yes/no; put the text in quotes (YAML reads a bare yes, no, on or off as yes/no)"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return "a date; put the text in quotes"
    if isinstance(value, dict):
        return f"{describe(value)}; put text that contains ': ' in quotes"
    return describe(value)


def _read(path: Path, problems: Problems) -> Located | None:
    try:
        return source.load(path)
    except YamlError as e:
        problems.add(path, e.line, e.message)
    except OSError as e:
        problems.add(path, None, f"cannot read file: {e.strerror}")
    return None


def _mapping(doc: Located | None, path: Path, what: str, problems: Problems) -> dict[str, Located] | None:
    if doc is None:
        return None
    if doc.value is None:
        problems.add(path, doc.line, f"the file is empty; a {what} file needs at least a line 'title: ...'")
        return None
    if not isinstance(doc.value, dict):
        problems.add(path, doc.line, f"a {what} file must be a mapping of keys such as 'title:', got {describe(doc.value)}")
        return None
    return doc.value


def _unknown_keys(data: dict[str, Located], known, path: Path, problems: Problems, elsewhere=(), where="") -> set[str]:
    """Reports keys not in known; returns the known keys suggested instead (those count as given)."""
    suggested = set()
    for key, loc in data.items():
        if key not in known:
            hint = suggest(key, known)
            if hint:
                suggested.add(hint.split("'")[1])
            elif key in elsewhere:
                hint = f" ('{key}' belongs in {where})"
            problems.add(path, loc.line, f"unknown key '{key}'{hint}")
    return suggested


def _text(data, key, path, problems, required=False, default=None) -> str | None:
    loc = data.get(key)
    if loc is None or loc.value is None:
        if required:
            line = loc.line if loc else 1
            problems.add(path, line, f"'{key}' is required" + ("" if loc else f"; add a line '{key}: ...'"))
        return default
    if isinstance(loc.value, (int, float)) and not isinstance(loc.value, bool):
        return str(loc.value)  # "title: 1984" is a text to the user
    if not isinstance(loc.value, str):
        problems.add(path, loc.line, f"{key}: expected a text, got {_got(loc.value)}")
        return default
    if required and not loc.value.strip():
        problems.add(path, loc.line, f"{key}: must not be empty")
    return loc.value


def _side(name: str, data: dict[str, Located], path: Path, problems: Problems) -> Side:
    loc = data.get(name)
    if loc is None or loc.value is None:
        return Side.of("prose", (), loc.line if loc else 1)
    value = loc.value
    if isinstance(value, str):
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", value)]
        return Side.of("prose", tuple(markup.parse(p) for p in paragraphs if p), loc.line)
    if isinstance(value, list):
        blocks = []
        for i, item in enumerate(value, 1):
            if isinstance(item.value, (int, float)) and not isinstance(item.value, bool):
                item = Located(str(item.value), item.line)
            if item.value is not None and not isinstance(item.value, str):
                problems.add(path, item.line, f"{name}: bullet {i} must be a text, got {_got(item.value)}")
            elif not item.value or not item.value.strip():
                problems.add(path, item.line, f"{name}: bullet {i} is empty")
            else:
                blocks.append(markup.parse(" ".join(item.value.split())))
        return Side.of("bullets", tuple(blocks), loc.line)
    problems.add(path, loc.line, f"{name}: expected a list of bullet points or a text, got {_got(value)}")
    return Side.of("prose", (), loc.line)


def load_card(path: Path, number: int, problems: Problems) -> Card | None:
    data = _mapping(_read(path, problems), path, "card", problems)
    if data is None:
        return None
    before = len(problems.errors)
    misspelt = _unknown_keys(data, CARD_KEYS, path, problems, DECK_KEYS, "deck.yaml")
    title = _text(data, "title", path, problems, required="title" not in misspelt) or ""
    label = _text(data, "label", path, problems, default="") or ""
    default_id = re.sub(r"^\d+[-_ .]*", "", path.stem) or path.stem
    card_id = _text(data, "id", path, problems, default=default_id) or default_id
    if not _ID.match(card_id):
        line = data["id"].line if "id" in data else 1
        hint = f"; try '{slugify(card_id)}'" if slugify(card_id) else ""
        what = "id" if "id" in data else f"the id taken from the file name, '{card_id}',"
        problems.add(path, line, f"{what} must be lower-case letters, digits and hyphens{hint}")
    front = _side("front", data, path, problems)
    back = _side("back", data, path, problems)
    if len(problems.errors) > before:
        return None
    line = data["title"].line
    return Card(card_id, markup.parse(" ".join(title.split())), markup.parse(" ".join(label.split())), front, back,
                str(path), line, number)


def _card_files(folder: Path, data: dict[str, Located], deck_file: Path, problems: Problems) -> list[tuple[Path, int]]:
    loc = data.get("cards")
    if loc is None or loc.value is None:
        # by name as paths sort (case-blind where the file system is), without comparing path objects;
        # the names glob("*.yaml") finds, listed more quickly
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if os.path.normcase(e.name).endswith(".yaml")]
        return [(folder / name, 1) for name in sorted(names, key=os.path.normcase) if name != "deck.yaml"]
    if not isinstance(loc.value, list):
        problems.add(deck_file, loc.line, f"cards: expected a list of card file names, got {describe(loc.value)}")
        return []
    out, seen = [], {}
    existing = sorted(p.name for p in folder.glob("*.yaml") if p.name != "deck.yaml")
    for item in loc.value:
        if not isinstance(item.value, str) or not item.value.strip():
            problems.add(deck_file, item.line, f"cards: expected a card file name, got {describe(item.value)}")
            continue
        name = item.value.strip()
        if name in seen:
            problems.add(deck_file, item.line, f"cards: '{name}' is listed twice (first on line {seen[name]})")
            continue
        seen[name] = item.line
        path = folder / name
        if not path.is_file():
            problems.add(deck_file, item.line, f"cards: no file '{name}' in {folder.resolve().name}/{suggest(name, existing)}")
            continue
        out.append((path, item.line))
    return out


def read_card(task: tuple[Path, int]) -> tuple[Card | None, list]:
    """One card file (path, number in the deck) → the card, or None, and the problems found."""
    problems = Problems()
    card = load_card(task[0], task[1], problems)
    return card, problems.items


def load_deck(folder: str | Path, read_cards=None, shelf=None) -> Deck:
    """Read and validate a deck folder; raises FichegenError listing every problem found. `read_cards`
    maps a list of (path, number) to read_card's results, in order: in other processes, or from a cache.
    `shelf`: where the cards go as they are read (a packed.Shelf), instead of a tuple."""
    folder = Path(folder)
    deck_file = folder / "deck.yaml"
    if not folder.exists():
        raise FichegenError(Problem(str(folder), None, "no such deck folder"))
    if not folder.is_dir() or not deck_file.is_file():
        hint = "; rename deck.yml to deck.yaml" if (folder / "deck.yml").is_file() else ""
        raise FichegenError(Problem(str(folder), None, f"not a deck: a deck is a folder with a deck.yaml file and one YAML file per card{hint}"))
    problems = Problems()
    data = _mapping(_read(deck_file, problems), deck_file, "deck", problems)
    if data is None:
        raise FichegenError(problems.items)
    misspelt = _unknown_keys(data, DECK_KEYS, deck_file, problems, CARD_KEYS, "a card file")
    title = _text(data, "title", deck_file, problems, required="title" not in misspelt) or ""
    language = _text(data, "language", deck_file, problems, default="en") or "en"
    if not _LANG.match(language):
        problems.add(deck_file, data["language"].line, f"language: '{language}' is not a language tag such as 'nl' or 'en-GB'")
    template = _text(data, "template", deck_file, problems, default="default") or "default"
    footer = _text(data, "footer", deck_file, problems, default="") or ""
    date = _date(data, deck_file, problems)

    cards = shelf if shelf is not None else []
    files = _card_files(folder, data, deck_file, problems)
    if not files and not problems.errors:
        yml = sorted(p.name for p in folder.glob("*.yml"))
        if "cards" in data:
            hint = "; list the card files under 'cards:', or remove 'cards:' to use every .yaml file in the folder"
        elif yml:
            hint = f"; card files must end in .yaml, not .yml ({yml[0]})"
        else:
            hint = "; add card files (e.g. 01-first.yaml) to the folder"
        problems.add(deck_file, data["cards"].line if "cards" in data else None, f"the deck has no cards{hint}")
    seen: dict[str, str] = {}  # id → the file that has it
    tasks = [(path, number) for number, (path, _) in enumerate(files, 1)]
    for (path, _), (card, found) in zip(tasks, (read_cards or _read_here)(tasks)):
        problems.extend(found)
        if card is None:
            continue
        if card.id in seen:
            problems.add(path, card.line, f"duplicate card id '{card.id}' (also used by {Path(seen[card.id]).name}); give one of them another 'id:'")
            continue
        seen[card.id] = card.path
        cards.append(card)
    problems.raise_if_errors()
    template_line = data["template"].line if "template" in data else 1
    return Deck(folder.resolve().name, str(deck_file), title, language, template, template_line, footer,
                cards.sealed() if shelf is not None else tuple(cards), date)


def _read_here(tasks):
    return map(read_card, tasks)


def _date(data: dict[str, Located], path: Path, problems: Problems) -> str | None:
    loc = data.get("date")
    if loc is None or loc.value is None:
        return None
    value = loc.value
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value.strip())
        except ValueError:
            value = None
    if not isinstance(value, datetime.date):
        problems.add(path, loc.line, f"date: expected a date like 2026-11-29, got {describe(loc.value)}")
        return None
    return value.strftime("%Y%m%d")
