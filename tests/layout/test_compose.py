"""Composed faces, checked without pixels: order, safe zone, body box, hanging indents, baselines."""

import pytest

from fichegen.geometry import MM
from fichegen.layout import compose
from fichegen.pipeline import prepare
from tests.conftest import in_root

SAFE = 5 * MM


@pytest.fixture(scope="module")
def faces(real_deck):
    with in_root():
        p = prepare(real_deck)
    return p.deck, list(compose.faces(p.deck, p.template, p.scales))


def test_front_then_back_for_every_card(faces):
    deck, fs = faces
    assert [(f.card_id, f.side) for f in fs] == [(c.id, s) for c in deck.cards for s in ("front", "back")]


def test_all_text_is_inside_the_safe_zone(faces):
    _, fs = faces
    for f in fs:
        w, h = f.trim
        assert (w, h) == pytest.approx((148 * MM, 210 * MM))
        for r in f.runs:
            where = f"{f.card_id} {f.side}: {r.text!r}"
            assert r.x >= SAFE - 0.01, where
            assert r.x + r.width <= w - SAFE + 0.01, where
            assert r.bottom >= SAFE - 0.01, where
            assert r.top <= h - SAFE + 0.01, where


def test_body_text_stays_in_its_box(faces):
    _, fs = faces
    for f in fs:
        x, y, w, h = f.body
        body = [r for r in f.runs if r.size == f.body_size and r.y < y + h]
        assert body, f.card_id
        for r in body:
            assert x - 0.01 <= r.x and r.x + r.width <= x + w + 0.01
            assert r.bottom >= y - 0.01


def test_bullets_hang(faces):
    """Every line of a bullet starts at the same x, to the right of the marker."""
    deck, fs = faces
    front = next(f for f in fs if f.card_id == "participatie" and f.side == "front")
    markers = [r for r in front.runs if r.text == "•"]
    assert len(markers) == len(deck.cards[1].front.blocks) == 8
    body = [r for r in front.runs if r.size == front.body_size and r.text != "•"]
    starts = {round(r.x, 3) for r in body if not any(o.y == r.y and o.x < r.x for o in body)}
    assert len(starts) == 1 and starts.pop() > markers[0].x + markers[0].width


def test_titles_share_a_baseline_on_fronts(faces):
    _, fs = faces
    baselines = set()
    for f in fs:
        if f.side == "front":
            title = [r for r in f.runs if r.size >= 16]
            baselines.add(round(min(r.y for r in title), 2))
    assert len(baselines) == 1


def test_one_body_size_per_style_across_the_deck(faces):
    deck, fs = faces
    by_kind = {}
    for f in fs:
        card = next(c for c in deck.cards if c.id == f.card_id)
        by_kind.setdefault(card.side(f.side).kind, set()).add(f.body_size)
    assert all(len(sizes) == 1 for sizes in by_kind.values()), by_kind
    assert min(s for sizes in by_kind.values() for s in sizes) >= 8


def test_faces_of_chosen_cards_are_those_of_the_whole_deck(faces, real_deck):
    deck, fs = faces
    p = prepare(real_deck)
    assert list(compose.faces(p.deck, p.template, p.scales, cards=[3, 1])) == fs[6:8] + fs[2:4]
