"""A deck folder of YAML files → a validated Deck (content.model) that remembers source positions.

Every problem in every file is collected and reported together (errors.Problems)."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from dataclasses import replace
from pathlib import Path

from fichegen.content import markup, media, source
from fichegen.content.files import is_card_file, is_draft, translation_of
from fichegen.content.model import Card, Deck, Side
from fichegen.content.source import Located, YamlError, describe
from fichegen.errors import FichegenError, Problem, Problems, suggest

DECK_KEYS = ("title", "language", "languages", "fallback", "template", "footer", "date", "cards", "qr", "overflow")
SHEET_KEYS = ("id", "label", "title", "front", "back")  # a spreadsheet's columns (a sheet deck sets overflow in deck.yaml)
CARD_KEYS = SHEET_KEYS + ("image", "link", "qr", "overflow")
# What a translation holds (01-a.fr.yaml, deck.yaml's `title.fr:`); every other key is the source's in
# every language: the id, and the keys that shape the layout rather than say something
TRANSLATED_CARD_KEYS = ("label", "title", "front", "back")
TRANSLATED_DECK_KEYS = ("title", "footer")
OVERFLOW = ("error", "continue")  # what a side does that does not fit even at the template's floor
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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


def _read(path: Path, problems: Problems, data: bytes | None = None) -> Located | None:
    try:
        return source.load(path, data)
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
        return Side("prose", (), loc.line if loc else 1)
    value = loc.value
    if isinstance(value, str):
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", value)]
        return Side("prose", tuple(markup.parse(p) for p in paragraphs if p), loc.line)
    if isinstance(value, list):
        blocks = []
        for i, item in enumerate(value, 1):
            if isinstance(item.value, (int, float)) and not isinstance(item.value, bool):
                item = Located(str(item.value), item.line)
            item = media.icon_bullet(item)
            if item.value is not None and not isinstance(item.value, str):
                problems.add(path, item.line, f"{name}: bullet {i} must be a text, got {_got(item.value)}")
            elif not item.value or not item.value.strip():
                problems.add(path, item.line, f"{name}: bullet {i} is empty")
            else:
                blocks.append(markup.parse(" ".join(item.value.split())))
        return Side("bullets", tuple(blocks), loc.line)
    problems.add(path, loc.line, f"{name}: expected a list of bullet points or a text, got {_got(value)}")
    return Side("prose", (), loc.line)


def load_card(path: Path, number: int, problems: Problems, raw: bytes | None = None) -> Card | None:
    """One card file (its bytes, if already read) → the card, or None with the problems added."""
    data = _mapping(_read(path, problems, raw), path, "card", problems)
    if data is None:
        return None
    before = len(problems.errors)
    for key, loc in [(k, v) for k, v in data.items() if k.partition(".")[0] in TRANSLATED_CARD_KEYS and "." in k]:
        base, _, tag = key.partition(".")
        problems.add(path, loc.line, f"'{key}': a card's translation goes in a file of its own beside it, "
                                     f"{path.stem}.{tag}.yaml, under '{base}:'")
        del data[key]
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
    image = media.picture(data, path, problems)
    link = media.link(data, path, problems)
    qr = media.flag(data, "qr", path, problems)
    overflow = _overflow(data, path, problems, "")
    if len(problems.errors) > before:
        return None
    line = data["title"].line
    return Card(card_id, markup.parse(" ".join(title.split())), markup.parse(" ".join(label.split())), front, back,
                str(path), line, number, image, link, qr, media.icon_lines(data), overflow)


def _overflow(data: dict[str, Located], path: Path, problems: Problems, default: str) -> str:
    """`overflow: error | continue`."""
    loc = data.get("overflow")
    if loc is None or loc.value is None:
        return default
    if loc.value not in OVERFLOW:
        hint = suggest(loc.value, OVERFLOW) if isinstance(loc.value, str) else ""
        got = f"'{loc.value}'" if isinstance(loc.value, str) else describe(loc.value)
        problems.add(path, loc.line, f"overflow: expected 'error' or 'continue', got {got}{hint}")
        return default
    return loc.value


def _card_files(folder: Path, data: dict[str, Located], deck_file: Path, problems: Problems) -> list[Path]:
    loc = data.get("cards")
    if loc is None or loc.value is None:
        # by name as paths sort (case-blind where the file system is); editors' files are never cards
        names = [p.name for p in folder.glob("*.yaml") if is_card_file(p.name)]
        return [folder / name for name in sorted(names, key=os.path.normcase)]
    if not isinstance(loc.value, list):
        problems.add(deck_file, loc.line, f"cards: expected a list of card file names, got {describe(loc.value)}")
        return []
    out, seen = [], {}
    existing = sorted(p.name for p in folder.glob("*.yaml") if is_card_file(p.name))
    for item in loc.value:
        if not isinstance(item.value, str) or not item.value.strip():
            problems.add(deck_file, item.line, f"cards: expected a card file name, got {describe(item.value)}")
            continue
        name = item.value.strip()
        if name in seen:
            problems.add(deck_file, item.line, f"cards: '{name}' is listed twice (first on line {seen[name]})")
            continue
        seen[name] = item.line
        if translation_of(name) is not None:
            problems.add(deck_file, item.line, f"cards: '{name}' is a translation, not a card; list only the cards "
                                               f"(translations are found beside them)")
            continue
        path = folder / name
        if not path.is_file():
            problems.add(deck_file, item.line, f"cards: no file '{name}' in {folder.resolve().name}/{suggest(name, existing)}")
            continue
        out.append(path)
    return out


def read_card(path: Path, number: int, raw: bytes | None = None) -> tuple[Card | None, tuple[Problem, ...]]:
    """One card file (its bytes, if already read) → the card (None if it has errors) and the problems."""
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as e:
            return None, (Problem(str(path), None, f"cannot read file: {e.strerror}"),)
    problems = Problems()
    return load_card(path, number, problems, raw), tuple(problems.items)


def _read_part(task: list[tuple[Path, int, bytes]]) -> list[tuple[Card | None, list[Problem]]]:
    return [read_card(*file) for file in task]


READ_PART = 32  # card files per task for worker processes


def read_cards(paths: list[Path], cache=None, pool=None) -> list[tuple[Card | None, list[Problem]]]:
    """Card files → read_card's results, in order. With a `cache` (see fichegen.cache), a file whose
    bytes were parsed before is not parsed again; with a `pool` (workers.Pool), many are parsed in
    its processes."""
    out: list = [None] * len(paths)
    todo, keys = [], {}
    for number, path in enumerate(paths, 1):
        try:
            raw = path.read_bytes()
        except OSError as e:
            out[number - 1] = None, [Problem(str(path), None, f"cannot read file: {e.strerror}")]
            continue
        if cache is not None:
            key = keys[number] = "card " + hashlib.sha256(b"%b\0%d\0%b" % (os.fsencode(path), number, raw)).hexdigest()
            out[number - 1] = cache.get(key)
        if out[number - 1] is None:
            todo.append((path, number, raw))
    parts = [todo[i:i + READ_PART] for i in range(0, len(todo), READ_PART)]
    results = pool.map(_read_part, parts, parallel=len(todo) >= 4 * READ_PART) if pool is not None else map(_read_part, parts)
    for part, read in zip(parts, results):
        for (_, number, _), result in zip(part, read):
            out[number - 1] = result
            if cache is not None:
                cache.put(keys[number], result)
    return out


def load_deck(folder: str | Path, cache=None, pool=None, language: str | None = None) -> Deck:
    """Read and validate a deck folder in one of its languages (None: the source, the first); raises
    FichegenError listing every problem found. `cache` and `pool`: see read_cards (the deck is the same
    without them)."""
    from fichegen.content import translations

    problems = Problems()
    deck, book = _load(folder, cache, pool, () if language is None else (language,), problems)
    if language is not None:
        deck = translations.variant(deck, book, language, problems)
    problems.raise_if_errors()
    return replace(deck, warnings=tuple(problems.warnings)) if problems.warnings else deck


def load_translated(folder: str | Path):
    """The deck in its source language and every translation as written (translations.Book): what
    `fichegen export` writes."""
    problems = Problems()
    deck, book = _load(folder, None, None, None, problems)
    problems.raise_if_errors()
    return deck, book


def languages(folder: str | Path) -> tuple[str, ...]:
    """The deck's languages, the source first, from deck.yaml alone; () when it cannot say (load_deck
    then reports why)."""
    from fichegen.content import sheet, translations

    if sheet.is_sheet(folder):
        return ("en",)
    problems = Problems()
    data = _mapping(_read(Path(folder) / "deck.yaml", problems), Path(folder) / "deck.yaml", "deck", problems)
    return translations.settings(data, Path(folder) / "deck.yaml", problems).languages if data else ()


def _load(folder, cache, pool, wanted, problems: Problems):
    """The deck in its source language and its translations into the `wanted` languages (None: all),
    every problem added to `problems`."""
    from fichegen.content import sheet, translations

    if sheet.is_sheet(folder):
        return _sheet_deck(folder, problems)
    folder = Path(folder)
    deck_file = folder / "deck.yaml"
    if not folder.exists():
        raise FichegenError(Problem(str(folder), None, "no such deck folder"))
    if not folder.is_dir() or not deck_file.is_file():
        hint = "; rename deck.yml to deck.yaml" if (folder / "deck.yml").is_file() else ""
        raise FichegenError(Problem(str(folder), None, f"not a deck: a deck is a folder with a deck.yaml file and one YAML file per card{hint}"))
    data = _mapping(_read(deck_file, problems), deck_file, "deck", problems)
    if data is None:
        raise FichegenError(problems.items)
    data, dotted = translations.split_keys(data)
    misspelt = _unknown_keys(data, DECK_KEYS, deck_file, problems, CARD_KEYS, "a card file")
    title = _text(data, "title", deck_file, problems, required="title" not in misspelt) or ""
    settings = translations.settings(data, deck_file, problems)
    template = _text(data, "template", deck_file, problems, default="default") or "default"
    footer = _text(data, "footer", deck_file, problems, default="") or ""
    date = _date(data, deck_file, problems)
    qr = media.flag(data, "qr", deck_file, problems)
    overflow = _overflow(data, deck_file, problems, "error")

    loc = data.get("cards")
    sheet_cards, texts = None, {}
    if loc is not None and isinstance(loc.value, str) and sheet.is_sheet(loc.value.strip()):
        files, (sheet_cards, texts) = None, _cards_from_sheet(folder, loc, deck_file, problems, settings.languages)
    else:
        files = _card_files(folder, data, deck_file, problems)
    if sheet_cards is None and not files and not problems.errors:
        yml = sorted(p.name for p in folder.glob("*.yml"))
        if "cards" in data:
            hint = "; list the card files under 'cards:', or remove 'cards:' to use every .yaml file in the folder"
        elif yml:
            hint = f"; card files must end in .yaml, not .yml ({yml[0]})"
        else:
            hint = "; add card files (e.g. 01-first.yaml) to the folder"
        problems.add(deck_file, data["cards"].line if "cards" in data else None, f"the deck has no cards{hint}")
    cards: list[Card] = []
    seen: dict[str, str] = {}  # id → the file that has it
    for path, (card, found) in zip(files or (), read_cards(files or [], cache, pool)):
        problems.extend(found)
        if card is None:
            continue
        if card.id in seen:
            problems.add(path, card.line, f"duplicate card id '{card.id}' (also used by {Path(seen[card.id]).name}); give one of them another 'id:'")
            continue
        seen[card.id] = card.path
        cards.append(card)
    cards.extend(sheet_cards or ())
    cards = media.inspect_pictures(cards, cache, problems)
    media.check_codes(cards, bool(qr), footer, data.get("qr"), deck_file, problems)
    book = translations.read(folder, deck_file, settings, data, dotted, files, cards, texts, wanted, cache, problems)
    template_line = data["template"].line if "template" in data else 1
    return Deck(folder.resolve().name, str(deck_file), title, settings.source, template, template_line, footer,
                tuple(cards), date, bool(qr), languages=settings.languages, overflow=overflow), book


def _cards_from_sheet(folder: Path, loc: Located, deck_file: Path, problems: Problems, languages) -> tuple[list[Card], dict]:
    """deck.yaml's `cards: kaarten.xlsx` (or `kaarten.xlsx#Blad2`, `kaarten.csv`): the sheet's cards, and
    the texts of its translation columns (sheet.load_cards)."""
    from fichegen.content import sheet

    name = loc.value.strip()
    path, _ = sheet.split(folder / name)
    if not path.is_file():
        existing = sorted(p.name for p in folder.iterdir() if sheet.is_sheet(p.name) and not is_draft(p.name))
        problems.add(deck_file, loc.line, f"cards: no file '{path.name}' in {folder.resolve().name}/{suggest(path.name, existing)}")
        return [], {}
    cards, texts = sheet.load_cards(folder / name, problems, SHEET_KEYS, _ID, slugify, languages, TRANSLATED_CARD_KEYS)
    if not cards and not problems.errors:
        problems.add(path, None, "the sheet has no cards; add a row under the first for each card")
    return cards, texts


def _sheet_deck(spec, problems: Problems):
    """A spreadsheet given instead of a deck folder: its cards, with the deck's defaults (title: the file
    name; language en; template default; no footer), and no translations (they need deck.yaml's
    `languages:`)."""
    from fichegen.content import sheet, translations

    path, _ = sheet.split(spec)
    cards, _ = sheet.load_cards(spec, problems, SHEET_KEYS, _ID, slugify, ("en",), TRANSLATED_CARD_KEYS)
    if not cards and not problems.errors:
        problems.add(path, None, "the sheet has no cards; add a row under the first for each card")
    problems.raise_if_errors()
    deck = Deck(slugify(path.stem) or "deck", str(path), path.stem, "en", "default", 1, "", tuple(cards), None,
                languages=("en",))
    return deck, translations.Book(translations.Settings("en", ("en",), False, None))


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
