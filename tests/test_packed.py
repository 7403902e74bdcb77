"""Card texts held packed, and with a large deck's cards in a temporary file while a build runs: what comes
back is what went in, in this process, in a forked worker and through pickling; a loaded deck keeps no text
in memory, and a deck too large to hold builds the same bytes."""

from __future__ import annotations

import dataclasses
import multiprocessing
import pickle

import pytest
from hypothesis import given, settings, strategies as st

from conftest import write_deck
from fichegen import pipeline as build
from fichegen.style import fonts
from fichegen import packed
from fichegen.content.markup import Span

spans = st.builds(Span, st.text(min_size=1, max_size=40), st.booleans(), st.booleans())
blocks = st.lists(st.lists(spans, min_size=1, max_size=4).map(tuple), max_size=6).map(tuple)

needs_spool = pytest.mark.skipif(not packed.Spool.usable, reason="texts stay in memory where os.pread is missing")


@given(st.lists(blocks, min_size=1, max_size=30))
@settings(max_examples=60, deadline=None)
def test_packed_texts_come_back_as_they_went_in(sides):
    packs = [packed.Packed.of(b) for b in sides]
    wire = [pickle.dumps(p) for p in packs]
    if packed.Spool.usable:
        spool = packed.Spool()
        for p in packs:
            p.move_to(spool)
        assert all(p._data == b"" for p in packs)  # out of memory
    packed._recent.clear()  # read back from where they are kept, not from the few kept unpacked
    assert [p.blocks() for p in packs] == sides
    assert [pickle.dumps(p) for p in packs] == wire  # pickled as the same bytes, wherever kept
    assert [pickle.loads(w).blocks() for w in wire] == sides
    assert [tuple(p.lengths) for p in packs] == [tuple(sum(len(s.text) for s in b) for b in side) for side in sides]


@needs_spool
def test_a_spool_larger_than_its_buffer_reads_back_everywhere():
    spool = packed.Spool()
    texts = [(f"{i} " * 3000).encode() for i in range(200)]  # several MiB: written in several goes
    places = [spool.append(t) for t in texts]
    assert [spool.read(*at) for at in places] == texts


def _unpack_in_child(queue, pack):
    queue.put(pack.blocks())


@needs_spool
@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="workers are forked only where they can be")
def test_a_forked_worker_reads_the_spool_it_inherits():
    side = ((Span("Een "), Span("vette", bold=True), Span(" tekst")), (Span("Tweede alinea"),))
    pack = packed.Packed.of(side)
    spool = packed.Spool()
    pack.move_to(spool)
    spool.flush()
    packed._recent.clear()
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_unpack_in_child, args=(queue, pack))
    child.start()
    got = queue.get(timeout=30)
    child.join(30)
    assert got == side and child.exitcode == 0


@needs_spool
def test_a_loaded_deck_holds_its_texts_in_the_spool_and_sets_them_the_same(tmp_path):
    cards = {f"{i:02d}-k{i}.yaml": f"title: Kaart {i}\nfront: [Een punt met **nadruk**, nog een punt]\n"
                                    f"back: Een alinea over kaart {i}.\n" for i in range(30)}
    deck_path = write_deck(tmp_path / "deck", cards, deck="title: Test\nlanguage: nl\n")
    deck, _, _ = build.load(deck_path, jobs=2)
    sides = [card.side(s).packed for card in deck.cards for s in ("front", "back")]
    assert all(p._data == b"" and p._spool is not None for p in sides)
    assert deck.cards[3].front.blocks == ((Span("Een punt met "), Span("nadruk", bold=True)), (Span("nog een punt"),))
    assert deck.cards[3].back.text() == "Een alinea over kaart 3."


@needs_spool
@pytest.mark.parametrize("layout", ["pages", "sheets"])
def test_a_deck_too_large_to_hold_waits_in_the_spool_and_builds_the_same(layout, tmp_path, monkeypatch):
    cards = {f"{i:02d}-k{i}.yaml": f"label: Kaart {i}\ntitle: Kaart nummer {i}\nfront: [Een punt met **nadruk**, nog een punt]\n"
                                    f"back: Een alinea over kaart {i}.\n" for i in range(30)}
    deck_path = write_deck(tmp_path / "deck", cards, deck="title: Test\nlanguage: nl\n")
    held, _, _ = build.load(deck_path)
    held_pdf = build.build(deck_path, layout_name=layout, output=tmp_path / "held.pdf", cache=False).path.read_bytes()
    monkeypatch.setattr(packed.Shelf, "HELD", 4)
    for jobs in (1, 2):
        deck, _, _ = build.load(deck_path, jobs=jobs)
        assert isinstance(deck.cards, packed.Shelf) and len(deck.cards) == 30
        assert list(deck.cards) == list(held.cards) and deck.cards[-1] == held.cards[-1] and deck.cards[3:5] == held.cards[3:5]
        assert build.prepare(deck_path, jobs=jobs).scales == build.prepare(deck_path).scales
        out = build.build(deck_path, layout_name=layout, output=tmp_path / f"shelved{jobs}.pdf", cache=False, jobs=jobs)
        assert out.path.read_bytes() == held_pdf
    # shelved from the build cache: the cards' texts stay there, named by their keys
    monkeypatch.setenv("FICHEGEN_CACHE", str(tmp_path / "cache"))
    for run in ("fills", "reads"):
        out = build.build(deck_path, layout_name=layout, output=tmp_path / f"cached-{run}.pdf", jobs=2)
        assert out.path.read_bytes() == held_pdf, run


@pytest.mark.parametrize("read", ["from its file", "from the build cache"])
def test_a_card_pickles_whole(read, tmp_path, monkeypatch):
    """Cards and sides pickle by their fields in order (one call each to unpickle): every field comes
    back, from a card read from its file or one from the build cache (its title and sides packed)."""
    from fichegen import cache

    monkeypatch.setenv("FICHEGEN_CACHE", str(tmp_path / "cache"))
    deck_path = write_deck(tmp_path / "deck", {"01-a.yaml": "label: Kaart 1\ntitle: Een *titel*\nfront: [punt]\nback: Tekst.\n"},
                           deck="title: Test\nlanguage: nl\n")
    fresh, _, _ = build.load(deck_path)
    store = cache.Cache("pickles") if read == "from the build cache" else cache.NoCache()
    for _ in range(2):  # the first fills the cache
        deck, _, _ = build.load(deck_path, store=store)
    card = deck.cards[0]
    assert (card._rest is not None) == (read == "from the build cache")
    again = pickle.loads(pickle.dumps(card, protocol=5))
    for field in dataclasses.fields(card):
        if field.name != "_rest":
            assert getattr(again, field.name) == getattr(card, field.name) == getattr(fresh.cards[0], field.name), field.name
    for side in ("front", "back"):
        for field in dataclasses.fields(card.side(side)):
            assert getattr(again.side(side), field.name) == getattr(card.side(side), field.name), field.name
    store.close(keep=False)  # a card from the cache is read back while the build that read it has it open


@pytest.mark.parametrize("face", ["Source Sans Pro Bold", "Lato Regular"])  # 1000 and 2000 units to the em
def test_a_font_measures_as_read_from_its_file(face, tmp_path):
    """Fonts are read once per process (no pickled copy in the build cache): what layout measures
    with is ReportLab's own reading of the file."""
    import inspect

    from reportlab.pdfbase.ttfonts import TTFont

    path = fonts.resolve(face, tmp_path)
    read = TTFont("fg-probe-read", str(path))
    ref = fonts.ref(path)
    text = "Generalistisch werken: één coach, élke stap — 12,5 %"
    assert fonts.width(ref, text, 9.5) == read.stringWidth(text, 9.5)
    assert fonts.cap_height(ref) == read.face.capHeight / 1000 and fonts.descent(ref) == -read.face.descent / 1000
    assert fonts.missing_chars(ref, text + "\u4e2d") == {"\u4e2d"}
    source = inspect.getsource(fonts)
    assert "import cache" not in source and "fichegen.cache" not in source  # no build cache for fonts
