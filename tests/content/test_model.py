"""The deck model is plain data: cards and decks compare, print and pickle like any value, whether read
from their files, from the build cache or in a worker process."""

from __future__ import annotations

import dataclasses
import pickle

import pytest
from hypothesis import given, settings, strategies as st

from fichegen.cache import MemoryCache
from fichegen.content.deck import load_deck
from fichegen.content.markup import Span
from fichegen.content.model import Card, Side
from fichegen.workers import Pool

spans = st.builds(Span, st.text(min_size=1, max_size=40), st.booleans(), st.booleans())
blocks = st.lists(st.lists(spans, min_size=1, max_size=4).map(tuple), max_size=6).map(tuple)


@given(st.lists(blocks, min_size=1, max_size=30))
@settings(max_examples=60, deadline=None)
def test_sides_come_back_as_they_went_in(sides):
    made = [Side("bullets" if i % 2 else "prose", b, i + 1) for i, b in enumerate(sides)]
    wire = [pickle.dumps(s, protocol=5) for s in made]
    assert [pickle.loads(w) for w in wire] == made
    assert [pickle.loads(w).blocks for w in wire] == sides
    assert [pickle.dumps(pickle.loads(w), protocol=5) for w in wire] == wire  # pickled as the same bytes again
    assert all(isinstance(s.blocks, tuple) for s in made)  # a plain tuple, nothing packed


CARDS = {f"{i:02d}-k{i}.yaml": f"label: Kaart {i}\ntitle: Kaart *nummer* {i}\nfront: [Een punt met **nadruk**, nog een punt]\n"
                               f"back: Een alinea over kaart {i}.\n" for i in range(30)}


def test_a_deck_pickles_compares_and_prints(tmp_path, make_deck):
    deck = load_deck(make_deck(tmp_path / "deck", CARDS))
    again = pickle.loads(pickle.dumps(deck, protocol=5))
    assert again == deck and again is not deck
    assert again.cards[3].front.blocks == ((Span("Een punt met "), Span("nadruk", bold=True)), (Span("nog een punt"),))
    assert again.cards[3].back.text() == "Een alinea over kaart 3."
    assert "Een alinea over kaart 3." in repr(deck.cards[3]) and "nadruk" in repr(deck)
    assert deck.cards[3] != deck.cards[4] and deck.cards[3] == again.cards[3]
    assert hash(deck.cards[3]) == hash(again.cards[3])  # frozen: usable as keys


def test_a_deck_read_in_workers_or_from_the_cache_is_the_same_deck(tmp_path, make_deck):
    folder = make_deck(tmp_path / "deck", CARDS)
    fresh = load_deck(folder)
    cache = MemoryCache()
    with Pool(2) as pool:
        assert load_deck(folder, pool=pool) == fresh
        assert load_deck(folder, cache, pool) == fresh  # fills the cache
        assert load_deck(folder, cache, pool) == fresh  # read from it


@pytest.mark.parametrize("read", ["from its file", "from the build cache"])
def test_a_card_pickles_whole(read, tmp_path, make_deck):
    """Every field of a card and its sides comes back through pickling, from a card read from its file
    or one from the build cache."""
    folder = make_deck(tmp_path / "deck", {"01-a.yaml": "label: Kaart 1\ntitle: Een *titel*\nfront: [punt]\nback: Tekst.\n"})
    fresh = load_deck(folder)
    cache = MemoryCache() if read == "from the build cache" else None
    for _ in range(2):  # the first fills the cache
        deck = load_deck(folder, cache)
    card = deck.cards[0]
    assert isinstance(card, Card)
    again = pickle.loads(pickle.dumps(card, protocol=5))
    for field in dataclasses.fields(card):
        assert getattr(again, field.name) == getattr(card, field.name) == getattr(fresh.cards[0], field.name), field.name
    for side in ("front", "back"):
        for field in dataclasses.fields(card.side(side)):
            assert getattr(again.side(side), field.name) == getattr(card.side(side), field.name), field.name
    assert again == card == fresh.cards[0]
