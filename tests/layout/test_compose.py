"""Layout geometry, checked without pixels: safe zone, hanging indents, fitting and its limits."""

import pytest

from conftest import DECK, MM, write_deck
from fichegen.content import deck as content
from fichegen.layout import glyphs
from fichegen.layout import compose as layout
from fichegen.style import template
from fichegen.errors import FichegenError

SAFE = 5 * MM


@pytest.fixture(scope="module")
def faces():
    deck = content.load_deck(DECK)
    return deck, layout.layout(deck, template.load(deck.template))


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


def _deck(tmp_path, back_words: int):
    text = " ".join(["woordenschat"] * back_words)
    return write_deck(tmp_path / "d", {"01-lang.yaml": f"title: Lang\nfront: [een]\nback: |\n  {text}\n"})


def test_long_text_is_shrunk_within_limits(tmp_path):
    deck = content.load_deck(_deck(tmp_path, 260))
    tmpl = template.load("default")
    fs = layout.layout(deck, tmpl)
    back = fs[1]
    assert 8 <= back.body_size < tmpl.styles["prose"].size
    words = sum(r.text.count("woordenschat") for r in back.runs)
    hyphenated = sum(1 for r in back.runs if r.text.rstrip().endswith("-"))
    assert words + hyphenated >= 260  # every word is there, whole or split over two lines


def test_text_that_cannot_fit_is_an_error_naming_card_and_side(tmp_path):
    deck = content.load_deck(_deck(tmp_path, 1500))
    with pytest.raises(FichegenError) as e:
        layout.layout(deck, template.load("default"))
    [problem] = e.value.problems
    assert problem.path.endswith("01-lang.yaml") and problem.line == 3
    assert problem.message.startswith("card 'lang' back: the text does not fit, even at the 8 pt minimum it is ")
    assert problem.message.endswith("lines) too long; shorten it or split the card")


def test_a_title_that_cannot_fit_is_an_error(tmp_path):
    folder = write_deck(tmp_path / "d", {"01-t.yaml": "title: " + "1234567890" * 5 + "\nfront: [a]\n"})
    with pytest.raises(FichegenError) as e:
        layout.layout(content.load_deck(folder), template.load("default"))
    assert [p.message for p in e.value.problems][0].startswith("card 't' front: the title does not fit, even at the 16 pt minimum")


def test_missing_glyphs_are_reported_not_drawn_as_boxes(tmp_path):
    folder = write_deck(tmp_path / "d", {"01-g.yaml": "title: Glyphs\nfront: ['Grüße ☃ and 漢']\n"})
    with pytest.raises(FichegenError) as e:
        glyphs.check_texts(content.load_deck(folder), template.load("default"))
    [p] = e.value.problems
    assert p.message == ("card 'g': the template's fonts have no glyph for '☃' (U+2603), '漢' (U+6F22); "
                         "replace the characters or choose a template whose fonts have them")
