"""The one fit: long text shrinks within the template's limits, text that cannot fit is a problem naming
the card and the side, the start taken from the deck never changes the result, and `check` refuses
exactly the cards that `build` cannot fit."""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, event, given, settings, strategies as st

from fichegen.content.deck import load_deck
from fichegen.errors import FichegenError
from fichegen.layout import compose, fit
from fichegen.options import BuildOptions, Layout
from fichegen.pipeline import build, prepare
from fichegen.style import template
from fichegen.workers import Pool


def _long_deck(make_deck, tmp_path, back_words: int):
    text = " ".join(["woordenschat"] * back_words)
    return make_deck(tmp_path / "d", {"01-lang.yaml": f"title: Lang\nfront: [een]\nback: |\n  {text}\n"})


def _faces(folder, name="default"):
    p = prepare(folder, name)
    return p, list(compose.faces(p.deck, p.template, p.scales))


def test_long_text_is_shrunk_within_limits(tmp_path, make_deck):
    p, fs = _faces(_long_deck(make_deck, tmp_path, 260))
    tmpl = p.template
    back = fs[1]
    assert 8 <= back.body_size < tmpl.styles["prose"].size
    words = sum(r.text.count("woordenschat") for r in back.runs)
    hyphenated = sum(1 for r in back.runs if r.text.rstrip().endswith("-"))
    assert words + hyphenated >= 260  # every word is there, whole or split over two lines


def test_text_that_cannot_fit_is_an_error_naming_card_and_side(tmp_path, make_deck):
    with pytest.raises(FichegenError) as e:
        prepare(_long_deck(make_deck, tmp_path, 1500))
    [problem] = e.value.problems
    assert problem.path.endswith("01-lang.yaml") and problem.line == 3
    assert problem.message.startswith("card 'lang' back: the text does not fit, even at the 8 pt minimum it is ")
    assert problem.message.endswith("lines) too long; shorten it or split the card")


def test_a_title_that_cannot_fit_is_an_error(tmp_path, make_deck):
    folder = make_deck(tmp_path / "d", {"01-t.yaml": "title: " + "1234567890" * 5 + "\nfront: [a]\n"})
    with pytest.raises(FichegenError) as e:
        prepare(folder)
    assert [p.message for p in e.value.problems][0].startswith("card 't' front: the title does not fit, even at the 16 pt minimum")


def test_a_floor_above_the_size_is_set_at_the_size_and_never_crashes_the_fit(tmp_path, make_deck):
    """template.yaml cannot give a style a min above its size (tests/style/test_template.py); a Style made
    in code that has one is set at its size, never shrunk, and text that does not fit there is reported."""
    from dataclasses import replace

    tmpl = template.load("default")
    tmpl = replace(tmpl, styles={k: replace(s, min=s.size + 4) for k, s in tmpl.styles.items()})
    folder = make_deck(tmp_path / "d", {"01-kort.yaml": "title: Kort\nfront: [een]\nback: Tekst.\n",
                                        "02-titel.yaml": "title: " + "1234567890" * 5 + "\nfront: [a]\nback: B.\n",
                                        "03-lang.yaml": "title: Lang\nfront: [een]\nback: |\n  " + "woordenschat " * 600 + "\n"})
    deck = load_deck(folder)
    composer = compose.Composer(deck, tmpl)
    for start in (None, {"title": 0.9, "back-title": 0.9, "bullets": 0.9, "prose": 0.9}):
        short, title, long = (fit.fit_card(composer, card, start) for card in deck.cards)
        assert [(f.part, f.over, dict(f.scales)) for f in short] == [
            ("", 0.0, {"bullets": 1.0, "title": 1.0}), ("", 0.0, {"prose": 1.0, "back-title": 1.0})]
        assert title[0].part == "title" and title[0].over > 0
        assert long[1].part == "body" and long[1].over > 0 and dict(long[1].scales) == {"back-title": 1.0}


def test_a_deck_fits_the_same_in_one_process_or_two(tmp_path, big_deck):
    deck, tmpl = load_deck(big_deck(tmp_path / "d")), template.load("default")
    assert len(deck.cards) >= fit.PARALLEL_FROM  # really runs in worker processes
    with Pool(2) as pool:
        two, _ = fit.fit_deck(deck, tmpl, pool)
    one, _ = fit.fit_deck(deck, tmpl)
    assert one == two


def test_fitting_from_the_deck_s_start_gives_the_scales_of_fitting_every_side_from_full_size(tmp_path, big_deck):
    """A side that fits at the start is not tried above it; the deck's scales are the same as if every
    side had been fitted from full size."""
    deck, tmpl = load_deck(big_deck(tmp_path / "d", 12, longest=5)), template.load("default")
    fitting, _ = fit.fit_deck(deck, tmpl)
    composer = compose.Composer(deck, tmpl)
    exact = [fit.fit_card(composer, card) for card in deck.cards]
    assert fit.shared_scales(deck, tmpl, exact) == fitting.scales
    assert fitting.scales.get("prose", 1.0) < 1.0  # the long card really shrinks the deck's prose


def test_a_worker_is_handed_the_deck_without_its_cards(tmp_path, big_deck):
    """What every task carries besides its own cards is the same size whatever the deck's size."""
    import pickle

    sizes = []
    for n in (30, 300):
        deck = load_deck(big_deck(tmp_path / f"{n:04d}", n))  # folder names of one length
        head = fit.deck_head(deck)
        assert head.cards == () and head == fit.deck_head(head)
        assert {k: v for k, v in vars(head).items() if k != "cards"} == {k: v for k, v in vars(deck).items() if k != "cards"}
        sizes.append(len(pickle.dumps(head)))
    assert sizes[0] == sizes[1]


def test_the_start_never_changes_the_bytes(tmp_path, big_deck, monkeypatch):
    """With no start taken from the deck (every side fitted from full size), or a start from fewer
    sides, the file is the same, in one process or two, cached or not."""
    from fichegen.cache import MemoryCache

    folder = big_deck(tmp_path / "d", longest=29)  # the last card needs the smallest type

    def pdf(name, jobs, cache=None):
        return build(folder, BuildOptions(output=str(tmp_path / f"{name}.pdf"), jobs=jobs, cache=cache is not None),
                     cache).path.read_bytes()

    good = pdf("good", 2)
    monkeypatch.setattr(fit, "PROBE", 2)  # a start from the two likeliest sides of each kind
    assert pdf("probe2", 1) == good
    monkeypatch.setattr(fit, "PROBE", 0)  # no start at all
    assert pdf("blind1", 1) == good
    assert pdf("blind2", 2) == good
    assert pdf("blind3", 2, MemoryCache()) == good


# -- check refuses exactly the cards that build cannot fit ------------------------------------------

SIDE = re.compile(r"^card '([^']+)' (front|back): ")
VOCABULARY = ("begeleiding", "vertrouwen", "participatie", "woordenschat", "netwerk", "kracht", "tempo", "maat",
              "luisteren", "cliënt", "coach", "samen")
lengths = st.sampled_from([0, 3, 20, 60, 140, 200, 240, 280, 320, 900])  # words: from fitting easily to far too long
texts = st.builds(lambda n, k: " ".join(VOCABULARY[(k + j) % len(VOCABULARY)] for j in range(n)), lengths,
                  st.integers(0, len(VOCABULARY) - 1))
titles = st.sampled_from(["Kort"] * 6 + ["Een titel over twee regels of meer dan dat"] * 3 + ["1234567890" * 5])  # the last never fits
bullets = st.builds(lambda n, k: " ".join(VOCABULARY[(k + j) % len(VOCABULARY)] for j in range(n)),
                    st.sampled_from([1, 8, 30, 120]), st.integers(0, len(VOCABULARY) - 1))
cards = st.fixed_dictionaries({"title": titles, "front": st.one_of(texts, st.lists(bullets, min_size=1, max_size=6)),
                               "back": texts})


def _card_yaml(card: dict) -> str:
    import yaml

    return yaml.safe_dump({k: v for k, v in card.items() if v not in ("", [])}, allow_unicode=True)


def _problems(run) -> set[tuple[str, str]] | None:
    """The (card id, side) pairs `run` refuses; None when it succeeds."""
    try:
        run()
    except FichegenError as e:
        found = {SIDE.match(p.message).groups() for p in e.problems if SIDE.match(p.message)}
        assert found and len(found) == len([p for p in e.problems if not p.warning]), [str(p) for p in e.problems]
        return found
    return None


def _words(text: str) -> list[str]:
    return re.sub(r"[\W_]", " ", text).split()


# FICHEGEN_EXAMPLES=300 pytest tests/layout/test_fit.py searches harder than CI has time for
@settings(max_examples=int(os.environ.get("FICHEGEN_EXAMPLES", "15")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.lists(cards, min_size=2, max_size=4), st.sampled_from(["default", "uantwerpen"]))
def test_check_refuses_exactly_the_cards_that_build_cannot_fit(tmp_path_factory, make_deck, read_pdf, squashed, deck_cards, name):
    folder = make_deck(tmp_path_factory.mktemp("deck"),
                       {f"{i:02d}-c{i}.yaml": _card_yaml(card) for i, card in enumerate(deck_cards)})
    out = folder / "out.pdf"
    checked = _problems(lambda: prepare(folder, name))
    built = _problems(lambda: build(folder, BuildOptions(Layout.PAGES, name, output=str(out), jobs=1, cache=False)))
    assert checked == built
    if built is not None:
        event("refused: " + " and ".join(sorted({side for _, side in built})))
        assert not out.exists()
        return
    event("built")
    pages = [squashed(page.extract_text()) for page in read_pdf(out).pages]
    assert len(pages) == 2 * len(deck_cards)
    for i, card in enumerate(deck_cards):
        front = card["front"] if isinstance(card["front"], list) else [card["front"]]
        for side, parts in ((0, [card["title"], *front]), (1, [card["title"], card["back"]])):
            for word in _words(" ".join(parts)):
                assert squashed(word) in pages[2 * i + side], (i, side, word)
