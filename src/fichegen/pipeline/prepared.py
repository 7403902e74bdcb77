"""A deck read, checked and fitted: what `check` runs, and where every output starts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from fichegen.keys import digest, made, template_key
from fichegen.content.deck import load_deck
from fichegen.content.model import Card, Deck
from fichegen.errors import FichegenError
from fichegen.layout import continued, glyphs, media
from fichegen.layout.fit import Fitting, deck_head, fit_deck
from fichegen.style import template as style, words
from fichegen.style.template import Template
from fichegen.workers import Pool


@dataclass(frozen=True)
class Result:
    path: Path
    pages: int
    cards: int
    warnings: tuple = ()


@dataclass(frozen=True)
class Prepared:
    """A deck read, checked and fitted: everything `check` verifies, and what every output draws from."""

    deck: Deck
    template: Template
    fitting: Fitting
    chars: dict  # glyphs.deck_chars: every character each font sets
    around: str  # a key for the template and the deck's own fields: what a card's pages depend on besides it
    prints: tuple[str, ...] = ()  # each card's fingerprint (with a cache): what its cache entries are keyed by

    @property
    def scales(self) -> dict[str, float]:
        return self.fitting.scales

    @cached_property
    def printed(self) -> tuple[tuple[int, Card], ...]:
        """The deck as printed: (source card index, card as printed) per card and per part of a
        continued card (layout.continued), in print order."""
        return continued.printed(self.deck, self.template.word("continued", self.deck.language), self.fitting.splits)

    @property
    def warnings(self) -> tuple:
        return build_warnings(self.deck, self.template)

    @property
    def notes(self) -> list:
        """What continues on another card, a line each (layout.continued.notes): news, not problems."""
        return continued.notes(self.deck, self.fitting.splits)

    @property
    def body_size(self) -> float:
        """The smallest body type size any face uses."""
        kinds = {"bullets" if c.side(s).kind == "bullets" else "prose" for c in self.deck.cards for s in ("front", "back")}
        return min((self.template.styles[k].size * self.scales.get(k, 1.0) for k in kinds), default=0.0)


def read(deck_path, template_name: str | None, cache, pool: Pool | None = None,
         language: str | None = None) -> tuple[Deck, Template, dict, str, tuple]:
    """The deck (in `language`, one of its languages; None: its source) and its template, read and
    validated, every character checked against its font; the characters each font sets; the key of
    what a card's pages depend on besides the card, and each card's fingerprint (with a cache)."""
    deck = load_deck(deck_path, cache, pool, language)
    origin = None if template_name else (deck.path, deck.template_line)
    tmpl = style.load(template_name or deck.template, origin)
    tmpl = media.checked(deck, tmpl)
    if cache is None:
        return deck, tmpl, glyphs.check_texts(deck, tmpl), "", ()
    around = digest(template_key(tmpl), deck_head(deck), len(deck.cards))
    prints = tuple(card.fingerprint() for card in deck.cards)
    known: dict = {}
    for card, fingerprint in zip(deck.cards, prints):
        for key, text in made(cache, "chars " + fingerprint, lambda: tuple(glyphs.card_chars(card).items())):
            known.setdefault(key, set()).update(text)
    return deck, tmpl, glyphs.check_texts(deck, tmpl, known), around, prints


def prepare(deck_path, template_name: str | None = None, *, pool: Pool | None = None, cache=None,
            progress=None, language: str | None = None) -> Prepared:
    """Read and validate the deck (in `language`; None: its source) and its template, check every
    character against its font, and fit the text: what `check` runs, and where every output starts."""
    deck, tmpl, chars, around, prints = read(deck_path, template_name, cache, pool, language)
    start_progress(progress, deck)
    fitting, _ = fit_deck(deck, tmpl, pool, cache, around=around, prints=prints, progress=progress)
    return Prepared(deck, tmpl, fitting, chars, around, prints)


def languages(deck_path) -> tuple[str, ...]:
    """The deck's languages, the source first."""
    from fichegen.content import deck

    return deck.languages(deck_path) or load_deck(deck_path).languages  # the second raises what the first cannot say


def check(deck_path, template_name: str | None = None, *, pool: Pool | None = None,
          language: str | None = None) -> list[Prepared]:
    """`prepare` for `language`, or for every language of the deck in turn (None); raises FichegenError
    with the problems of all of them, each once."""
    problems: dict = {}
    prepared = []
    from fichegen.content import deck

    for lang in [language] if language else deck.languages(deck_path) or [None]:
        try:
            prepared.append(prepare(deck_path, template_name, pool=pool, language=lang))
        except FichegenError as e:
            problems.update(dict.fromkeys(e.problems))
    if problems:
        raise FichegenError(list(problems))
    return prepared


def build_warnings(deck: Deck, tmpl: Template) -> tuple:
    """What a build warns about: the deck's (a translation missing, with a fallback), the template's
    (a low-resolution logo), and a template word without the deck's language."""
    own = ("continued",) if continued.may_continue(deck) else ()
    return tuple(dict.fromkeys(deck.warnings + tmpl.warnings + words.warnings(tmpl, deck.language, own)))


def start_progress(progress, deck: Deck) -> None:
    if progress is not None and hasattr(progress, "start"):
        progress.start(2 * len(deck.cards))  # each card is fitted once and drawn once
