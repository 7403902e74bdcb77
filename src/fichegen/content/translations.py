"""Decks in several languages. deck.yaml names them, the source first (`languages: [nl, fr, en]`); a
card's translation lives beside it (`01-participatie.fr.yaml`, holding the keys TRANSLATED_CARD_KEYS
names; the id and the layout keys stay the source card's); deck fields translate as `title.fr:`; a
spreadsheet's cards as columns `title.fr`, `front.fr`. A language is a variant of the deck: `variant`
hands on a plain Deck in that language, with `language` set, so nothing after content needs to know.

A translation that is missing, whole or a key of it, is an error naming card and language, unless
deck.yaml says `fallback: <source language>`: then it is a warning and the source text is printed. A
build reads the translations of its own language only; `check` asks for every language in turn."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from fichegen.content import markup, media
from fichegen.content.files import LANGUAGE_TAG, is_card_file, is_draft, translation_of
from fichegen.content.model import Card, Deck, Side
from fichegen.content.source import Located, describe
from fichegen.errors import Problem, Problems, suggest

# Names for messages ("has no French translation"); any other language is named by its tag
NAMES = {"nl": "Dutch", "fr": "French", "en": "English", "de": "German", "es": "Spanish", "it": "Italian",
         "pt": "Portuguese", "pl": "Polish", "tr": "Turkish", "ar": "Arabic", "ro": "Romanian", "uk": "Ukrainian"}


def named(tag: str) -> str:
    """'fr' → 'French', 'nl-BE' → 'Dutch (nl-BE)', 'sv' → 'sv'."""
    primary = tag.split("-")[0].lower()
    if primary not in NAMES:
        return tag
    return NAMES[primary] if primary == tag.lower() else f"{NAMES[primary]} ({tag})"


@dataclass(frozen=True)
class Settings:
    """deck.yaml's languages: the source (the first), all of them, and whether a missing translation
    prints the source text (`fallback:`) instead of failing."""

    source: str
    languages: tuple[str, ...]
    fallback: bool
    line: int | None  # where deck.yaml names them

    def find(self, tag: str) -> str | None:
        """The deck's spelling of a language tag (tags are case-blind), or None when it is not one of them."""
        return next((lang for lang in self.languages if lang.lower() == tag.replace("_", "-").lower()), None)


def tag(text: str) -> str:
    """A language tag as BCP 47 writes it: `pt_BR` (a locale's spelling, also accepted) is `pt-BR`."""
    return text.replace("_", "-")


def settings(data: dict[str, Located], path: Path, problems: Problems) -> Settings:
    """`language: nl` (one language; English when not given), or `languages: [nl, fr, en]` (the first is
    the source), or both when `language` is the first of `languages`; and `fallback:`."""
    from fichegen.content.deck import _text

    language = _text(data, "language", path, problems)
    if language is not None and not LANGUAGE_TAG.match(language):
        problems.add(path, data["language"].line, f"language: '{language}' is not a language tag such as 'nl' or 'en-GB'")
        language = None
    language = language and tag(language)
    loc, tags = data.get("languages"), []
    if loc is not None and loc.value is not None:
        if not isinstance(loc.value, list) or not loc.value:
            problems.add(path, loc.line, f"languages: expected a list of language tags, the source first, such as "
                                         f"[nl, fr, en], got {describe(loc.value)}")
        for item in loc.value if isinstance(loc.value, list) else ():
            if not isinstance(item.value, str) or not LANGUAGE_TAG.match(item.value):
                shown = f"'{item.value}'" if isinstance(item.value, str) else describe(item.value)
                problems.add(path, item.line, f"languages: {shown} is not a language tag such as 'nl' or 'en-GB'")
            elif tag(item.value).lower() in (t.lower() for t in tags):
                problems.add(path, item.line, f"languages: '{item.value}' is listed twice")
            else:
                tags.append(tag(item.value))
    if tags and language is not None and language.lower() != tags[0].lower():
        problems.add(path, data["language"].line, f"language: '{language}' contradicts 'languages:', whose first (the "
                                                  f"source) is '{tags[0]}'; remove 'language:', or list '{language}' first")
    source = tags[0] if tags else language or "en"
    fallback, floc = False, data.get("fallback")
    if floc is not None and floc.value not in (None, False):
        if isinstance(floc.value, str) and tag(floc.value).lower() == source.lower():
            fallback = True
        else:
            shown = f"'{floc.value}'" if isinstance(floc.value, str) else describe(floc.value)
            problems.add(path, floc.line, f"fallback: expected the source language, '{source}' (a missing translation "
                                          f"then prints its text), got {shown}")
    line = loc.line if loc is not None else data["language"].line if "language" in data else None
    return Settings(source, tuple(tags) or (source,), fallback, line)


def split_keys(data: dict[str, Located]) -> tuple[dict[str, Located], dict[str, Located]]:
    """deck.yaml's own keys, and its translations of them (`title.fr`)."""
    return {k: v for k, v in data.items() if "." not in k}, {k: v for k, v in data.items() if "." in k}


@dataclass(frozen=True)
class Translation:
    """One card's text in another language, as written: None for a key not given (the source's is used)."""

    path: str  # the translation file, or the spreadsheet
    language: str
    line: int  # the title's line (the file's first when it has none); a spreadsheet's row
    label: tuple | None = None
    title: tuple | None = None
    front: Side | None = None
    back: Side | None = None
    icons: tuple[tuple[str, int], ...] = ()  # the icons its text names, with the line naming each


@dataclass(frozen=True)
class Book:
    """A deck's translations, as read: the deck fields (`title.fr`) and the cards' texts by language."""

    settings: Settings
    fields: dict[str, dict[str, str]] = field(default_factory=dict)  # language → deck key → text
    # language → card id → text (None: its file has errors, reported; not missing)
    cards: dict[str, dict[str, Translation | None]] = field(default_factory=dict)
    title_line: int | None = None  # deck.yaml's title


def _deck_fields(dotted: dict[str, Located], s: Settings, path: Path, problems: Problems) -> dict[str, dict[str, str]]:
    from fichegen.content.deck import DECK_KEYS, TRANSLATED_DECK_KEYS, _text

    out: dict[str, dict[str, str]] = {}
    for key, loc in dotted.items():
        base, _, tag = key.partition(".")
        lang = s.find(tag)
        if base not in TRANSLATED_DECK_KEYS:
            known = [f"{k}.{tag}" for k in TRANSLATED_DECK_KEYS]
            what = (f"'{base}' is the same in every language; only {' and '.join(TRANSLATED_DECK_KEYS)} translate"
                    if base in DECK_KEYS else f"unknown key '{key}'{suggest(key, known)}")
            problems.add(path, loc.line, what if what.startswith("unknown") else f"'{key}': {what}")
        elif lang is None:
            problems.add(path, loc.line, f"'{key}': '{tag}' is not one of the deck's languages ({', '.join(s.languages)}); "
                                         f"add it to 'languages:'")
        elif lang == s.source:
            problems.add(path, loc.line, f"'{key}': '{lang}' is the source language; write its {base} as '{base}:'")
        else:
            text = _text(dotted, key, path, problems)
            if text is not None:
                out.setdefault(lang, {})[base] = text
    return out


def read_translation(path: Path, language: str, problems: Problems, raw: bytes | None = None) -> Translation | None:
    """One translation file → what it gives, or None with the problems added."""
    from fichegen.content.deck import CARD_KEYS, TRANSLATED_CARD_KEYS, _mapping, _read, _side, _text

    data = _mapping(_read(path, problems, raw), path, "translation", problems)
    if data is None:
        return None
    before = len(problems.errors)
    for key, loc in data.items():
        if key in CARD_KEYS and key not in TRANSLATED_CARD_KEYS:
            problems.add(path, loc.line, f"'{key}' is the source card's in every language; a translation holds only "
                                         f"{', '.join(TRANSLATED_CARD_KEYS)}")
        elif key not in TRANSLATED_CARD_KEYS:
            problems.add(path, loc.line, f"unknown key '{key}'{suggest(key, TRANSLATED_CARD_KEYS)}")
    given: dict = {}
    for key in ("label", "title"):
        if key in data:
            text = _text(data, key, path, problems, required=key == "title")
            given[key] = markup.parse(" ".join((text or "").split()))
    for key in ("front", "back"):
        if key in data:
            given[key] = _side(key, data, path, problems)
    if len(problems.errors) > before:
        return None
    line = data["title"].line if "title" in data else 1
    return Translation(str(path), language, line, **given, icons=media.icon_lines(data))


def _translation(path: Path, language: str, cache) -> tuple[Translation | None, tuple[Problem, ...]]:
    """read_translation with its problems, kept in `cache` by the file's bytes."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        return None, (Problem(str(path), None, f"cannot read file: {e.strerror}"),)
    key = "translation " + hashlib.sha256(b"%b\0%b\0%b" % (os.fsencode(path), language.encode(), raw)).hexdigest()
    found = cache.get(key) if cache is not None else None
    if found is None:
        problems = Problems()
        found = read_translation(path, language, problems, raw), tuple(problems.items)
        if cache is not None:
            cache.put(key, found)
    return found


def read(folder: Path, deck_file: Path, s: Settings, data: dict[str, Located], dotted: dict[str, Located],
         files: list[Path] | None, cards: list[Card], texts: dict, wanted, cache, problems: Problems) -> Book:
    """The deck's translations into the `wanted` languages (None: all). Every translation file's name is
    checked whatever is wanted (its language is the deck's, its card is there); only the wanted ones
    are read. `files`: the card files (None: the cards come from a spreadsheet, with `texts`)."""
    fields = _deck_fields(dotted, s, deck_file, problems)
    found: dict[str, dict[str, Translation]] = {}
    wanted = None if wanted is None else {s.find(tag) for tag in wanted}
    if files is None:
        for card in cards:
            for lang, given in texts.get(card.id, {}).items():
                if wanted is None or lang in wanted:
                    found.setdefault(lang, {})[card.id] = _from_cells(card, lang, given)
    else:
        in_deck = {str(p): p for p in files}
        by_path = {card.path: card for card in cards}
        names = sorted((p.name for p in folder.glob("*.yaml") if not is_draft(p.name)), key=os.path.normcase)
        sources = [n for n in names if is_card_file(n)]
        for name in names:
            of = translation_of(name)
            if of is None:
                continue
            source_name, tag = of
            lang, path = s.find(tag), folder / name
            if lang is None:
                problems.add(path, None, _foreign(name, tag, s))
            elif lang == s.source:
                problems.add(path, None, f"'{lang}' is the deck's source language: the card's text belongs in {source_name}")
            elif source_name not in sources:
                hint = suggest(name, [f"{n[:-len('.yaml')]}.{tag}.yaml" for n in sources])
                problems.add(path, None, f"a translation of {source_name}, which is not in the deck folder{hint}; a "
                                         f"translation is named after its card's file: 01-card.yaml → 01-card.{tag}.yaml")
            elif str(folder / source_name) in in_deck and (wanted is None or lang in wanted):
                translation, said = _translation(path, lang, cache)
                problems.extend(said)
                card = by_path.get(str(folder / source_name))
                if card is not None:
                    found.setdefault(lang, {})[card.id] = translation
    return Book(s, fields, found, data["title"].line if "title" in data else None)


def _foreign(name: str, tag: str, s: Settings) -> str:
    if len(s.languages) == 1:
        return (f"a translation into '{tag}' (the part before .yaml), but the deck has one language, '{s.source}'; "
                f"list its languages in deck.yaml (languages: [{s.source}, {tag}]) or rename the file")
    return (f"a translation into '{tag}', which is not one of the deck's languages ({', '.join(s.languages)}); "
            f"add it to 'languages:' in deck.yaml or remove the file")


def _from_cells(card: Card, language: str, given: dict[str, str]) -> Translation:
    """A spreadsheet row's translation cells (`title.fr`, ...; empty ones left out) as a Translation."""
    from fichegen.content import sheet

    parts: dict = {}
    for key in ("label", "title"):
        if key in given:
            parts[key] = markup.parse(" ".join(given[key].split()))
    if "front" in given:
        parts["front"] = sheet.bullets(given["front"], card.line)
    if "back" in given:
        parts["back"] = sheet.prose(given["back"], card.line)
    return Translation(card.path, language, card.line, **parts)


def _has(card: Card, key: str) -> bool:
    """Whether the source card says something under `key` (a translation must say it too)."""
    if key in ("front", "back"):
        return bool(card.side(key).blocks)
    return bool(getattr(card, key))


def variant(deck: Deck, book: Book, language: str, problems: Problems) -> Deck:
    """The deck in `language`, one of its languages: each card's text from its translation, and where a
    translation (or a key of it) is missing, a problem naming card and language (a warning with
    `fallback:`, the source text printed)."""
    from fichegen.content.deck import TRANSLATED_CARD_KEYS

    s = book.settings
    lang = s.find(language)
    if lang is None:
        known = f"its languages are {', '.join(s.languages)}" if len(s.languages) > 1 else \
            f"it has one language, '{s.source}' (a deck in several lists them: languages: [{s.source}, {language}])"
        problems.add(deck.path, s.line, f"--language {language}: not a language of this deck{suggest(language, s.languages)}; {known}")
        return deck
    if lang == s.source:
        return deck
    source, target = named(s.source), named(lang)

    def missing(path: str, line: int | None, message: str) -> None:
        tail = (f"; the {source} text is printed (fallback: {s.source})" if s.fallback
                else f"; write it, or set 'fallback: {s.source}' in deck.yaml to print the {source} text")
        problems.add(path, line, message + tail, warning=s.fallback)

    texts, cards = book.cards.get(lang, {}), []
    for card in deck.cards:
        tr = texts.get(card.id)
        if tr is None and card.id in texts:  # its file has errors, already reported
            cards.append(card)
            continue
        if tr is None:
            if card.path.endswith(".yaml"):
                what = f"({Path(card.path).stem}.{lang}.yaml)"
                missing(card.path, None, f"card '{card.id}' has no {target} translation {what}")
            else:
                columns = ", ".join(f"{k}.{lang}" for k in TRANSLATED_CARD_KEYS if _has(card, k))
                missing(card.path, card.line, f"card '{card.id}' has no {target} translation (columns {columns})")
            cards.append(card)
            continue
        lacking = [k for k in TRANSLATED_CARD_KEYS if getattr(tr, k) is None and _has(card, k)]
        if lacking:
            missing(tr.path, None if tr.path.endswith(".yaml") else tr.line,
                    f"card '{card.id}': the {target} translation has no {', '.join(lacking)}")
        kept = {k: replace(card.side(k), path=card.path) for k in ("front", "back") if getattr(tr, k) is None}
        cards.append(replace(card, **{k: getattr(tr, k) for k in TRANSLATED_CARD_KEYS if getattr(tr, k) is not None},
                             **kept, path=tr.path, line=tr.line if tr.title is not None else card.line, icons=tr.icons,
                             source=card.path))
    fields = book.fields.get(lang, {})
    if "title" not in fields and deck.title:
        missing(deck.path, book.title_line, f"the deck has no {target} title (title.{lang})")
    # a footer is mostly an address, the same in every language: no translation is no problem
    return replace(deck, title=fields.get("title", deck.title), footer=fields.get("footer", deck.footer), language=lang,
                   cards=tuple(cards))
