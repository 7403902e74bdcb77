"""The build cache never serves a stale result: after a change to a card, the deck around it, a template
colour, a font file or fichegen's version, a cached build gives the same bytes as a build without the
cache, and the parts that changed are made again."""

import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from conftest import write_deck
from fichegen import cache
from fichegen import drawing
from fichegen.style import fonts
from fichegen.pipeline import build

FRONT = "[Een eerste punt dat over meer dan een regel loopt en verder gaat, {i}, Een tweede punt]"
BACK = ("Een alinea die een paar regels vult, met genoeg woorden om over de breedte van de kaart "
        "te lopen en af te breken waar het moet. ") * 4


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project with its own template (extending default, with a font file in its folder) and a deck of
    30 cards: enough for worker processes."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FICHEGEN_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "templates" / "huis"
    folder.mkdir(parents=True)
    shutil.copy(_packaged("Source Sans Pro Bold"), folder / "titel.ttf")
    (folder / "template.yaml").write_text(
        'extends: default\ncolours: {accent: "#1B6F6A"}\nfonts:\n  heading: {bold: titel.ttf, regular: titel.ttf}\n',
        encoding="utf-8")
    cards = {f"{i:02d}-k{i}.yaml": f"label: Kaart {i}\ntitle: Kaart {i}\nfront: {FRONT.format(i=i)}\nback: {BACK}\n"
             for i in range(30)}
    deck = write_deck(tmp_path / "deck", cards, deck="title: Test\nlanguage: nl\ntemplate: huis\n")
    return tmp_path, deck


def _packaged(face: str) -> Path:
    return fonts.resolve(face, Path("."))


def _both(deck: Path, tmp: Path, name: str, jobs: int = 2) -> tuple[bytes, bytes]:
    cached = build(deck, output=tmp / f"{name}-cached.pdf", jobs=jobs).path.read_bytes()
    fresh = build(deck, output=tmp / f"{name}-fresh.pdf", jobs=jobs, cache=False).path.read_bytes()
    return cached, fresh


def _keys(tmp: Path) -> set[str]:
    [db] = (tmp / "cache").glob("*.sqlite")
    with sqlite3.connect(db) as conn:
        return {k for (k,) in conn.execute("SELECT key FROM entries")}


def _drawn(monkeypatch) -> list[int]:
    """Records the cards drawn from now on (in this process, so the test builds with one job)."""
    cards: list[int] = []
    real = drawing._draw

    def spy(which, scales):
        cards.extend(which)
        return real(which, scales)
    monkeypatch.setattr(drawing, "_draw", spy)
    return cards


def test_a_rebuild_draws_only_the_changed_card_and_gives_the_same_bytes(project, monkeypatch):
    tmp, deck = project
    first, fresh = _both(deck, tmp, "first")
    assert first == fresh
    card = deck / "07-k7.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("Kaart 7\nfront", "Kaart zeven\nfront"), encoding="utf-8")
    drawn = _drawn(monkeypatch)
    again = build(deck, output=tmp / "again.pdf", jobs=1).path.read_bytes()
    assert drawn == [7]
    assert again == build(deck, output=tmp / "again-fresh.pdf", cache=False).path.read_bytes()
    assert again != first


def test_an_unchanged_rebuild_draws_nothing(project, monkeypatch):
    tmp, deck = project
    first = build(deck, output=tmp / "a.pdf", jobs=2).path.read_bytes()
    drawn = _drawn(monkeypatch)
    assert build(deck, output=tmp / "b.pdf", jobs=1).path.read_bytes() == first
    assert drawn == []


def test_a_template_colour_change_is_not_served_from_the_cache(project, monkeypatch):
    tmp, deck = project
    before, _ = _both(deck, tmp, "before")
    yaml_file = tmp / "templates" / "huis" / "template.yaml"
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("#1B6F6A", "#A0203C"), encoding="utf-8")
    drawn = _drawn(monkeypatch)
    cached = build(deck, output=tmp / "after.pdf", jobs=1).path.read_bytes()
    assert sorted(set(drawn)) == list(range(30))  # every card drawn again
    assert cached == build(deck, output=tmp / "after-fresh.pdf", cache=False).path.read_bytes() != before


def test_a_change_to_the_deck_around_the_cards_is_not_served_from_the_cache(project, monkeypatch):
    """The deck's footer flows into every card's footer: no card file changed, yet every card is made again."""
    tmp, deck = project
    before, _ = _both(deck, tmp, "before")
    (deck / "deck.yaml").write_text("title: Test\nlanguage: nl\ntemplate: huis\nfooter: Een voettekst\n", encoding="utf-8")
    drawn = _drawn(monkeypatch)
    cached = build(deck, output=tmp / "after.pdf", jobs=1).path.read_bytes()
    assert sorted(set(drawn)) == list(range(30))
    assert cached == build(deck, output=tmp / "after-fresh.pdf", cache=False).path.read_bytes() != before

def test_a_font_file_change_is_not_served_from_the_cache(project):
    tmp, deck = project
    before, _ = _both(deck, tmp, "before")
    # the same file name, another font: metrics, glyphs and subsets all change, in this same process
    # too (as in `fichegen watch`)
    shutil.copy(_packaged("Source Serif Pro Bold"), tmp / "templates" / "huis" / "titel.ttf")
    cached, fresh = _both(deck, tmp, "after")
    assert cached == fresh != before
    assert b"SourceSerifPro" in cached and b"SourceSansPro-Bold" not in cached


def test_a_new_version_uses_nothing_from_the_cache(project, monkeypatch):
    tmp, deck = project
    build(deck, output=tmp / "before.pdf", jobs=2)
    old = _keys(tmp)
    monkeypatch.setattr("fichegen.__version__", "99.0")
    cache.code_key.cache_clear()
    try:
        cached, fresh = _both(deck, tmp, "after")
    finally:
        cache.code_key.cache_clear()
    assert cached == fresh
    assert old and not old & _keys(tmp)  # every entry made anew: a build keeps only what it used


def test_the_guess_of_the_deck_scale_never_changes_the_bytes(project, monkeypatch):
    """With no first guess, parts drawn before the deck's smallest card turns up are drawn again; the
    file is the same as with a good guess, in one process or two, cached or not."""
    tmp, deck = project
    long = deck / "29-k29.yaml"  # the last card needs the smallest type
    long.write_text(long.read_text(encoding="utf-8").replace(BACK, BACK * 2), encoding="utf-8")
    monkeypatch.setattr(drawing, "PROBE", 2)  # a first guess from the two likeliest cards of each kind
    good = build(deck, output=tmp / "good.pdf", jobs=2, cache=False).path.read_bytes()
    monkeypatch.setattr(drawing, "PROBE", 0)
    assert build(deck, output=tmp / "blind1.pdf", jobs=1, cache=False).path.read_bytes() == good
    assert build(deck, output=tmp / "blind2.pdf", jobs=2, cache=False).path.read_bytes() == good
    assert build(deck, output=tmp / "blind3.pdf", jobs=2).path.read_bytes() == good


def test_a_failed_build_keeps_the_cache_of_the_last_good_one(project):
    tmp, deck = project
    build(deck, output=tmp / "good.pdf")
    good = _keys(tmp)
    (deck / "30-kapot.yaml").write_text("title: [\n", encoding="utf-8")
    with pytest.raises(Exception):
        build(deck, output=tmp / "bad.pdf")
    assert _keys(tmp) == good


def test_two_files_of_one_font_stay_two_fonts(tmp_path):
    """ReportLab would draw the second file with the first; each must draw with its own (found when
    a template's copy of a packaged font was built before the packaged one, in one process)."""
    from reportlab.pdfbase import pdfmetrics

    for name in ("a.ttf", "b.ttf"):
        shutil.copy(_packaged("Source Sans Pro Bold"), tmp_path / name)
    refs = [fonts.ref(tmp_path / name) for name in ("a.ttf", "b.ttf")]
    for ref in refs:
        fonts.face(ref)
    assert refs[0].name != refs[1].name
    assert all(pdfmetrics.getFont(ref.name) is fonts.face(ref) for ref in refs)


def test_a_cache_that_cannot_be_used_never_fails_a_build(project, monkeypatch):
    """A damaged cache file, or a cache folder that cannot be made, only makes the build slower."""
    tmp, deck = project
    fresh = build(deck, output=tmp / "fresh.pdf", cache=False).path.read_bytes()
    build(deck, output=tmp / "first.pdf")
    [db] = (tmp / "cache").glob("*.sqlite")
    db.write_bytes(b"not a database" * 100)
    assert build(deck, output=tmp / "damaged.pdf").path.read_bytes() == fresh
    (tmp / "blocker").write_text("a file where the cache folder should be")
    monkeypatch.setenv("FICHEGEN_CACHE", str(tmp / "blocker" / "cache"))
    assert build(deck, output=tmp / "nowhere.pdf").path.read_bytes() == fresh


def _reads(monkeypatch) -> list[str]:
    """Records the card files the cache reads to know them (not those parsed as cards)."""
    names: list[str] = []

    def spy(path, *args, **kwargs):
        names.append(Path(path).name)
        return open(path, *args, **kwargs)
    monkeypatch.setattr(cache, "open", spy, raising=False)
    return names


def test_a_card_file_known_by_its_place_size_and_times_is_not_read_again(project, monkeypatch):
    tmp, deck = project
    monkeypatch.setattr(cache, "SETTLED_NS", 0)  # every file is as old as a clock tick at once
    build(deck, output=tmp / "a.pdf", jobs=2)
    read = _reads(monkeypatch)
    build(deck, output=tmp / "b.pdf", jobs=1)
    assert read == []
    card = deck / "07-k7.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("Kaart 7\nfront", "Kaart zeven\nfront"), encoding="utf-8")
    again = build(deck, output=tmp / "c.pdf", jobs=1).path.read_bytes()
    assert read == ["07-k7.yaml"]
    assert again == build(deck, output=tmp / "c-fresh.pdf", cache=False).path.read_bytes()


def test_a_card_changed_again_within_one_tick_of_the_clock_is_read_again(project, monkeypatch):
    """A file system's clock ticks coarsely (FAT's every two seconds): a file written twice within a
    tick, its size the same, keeps its times. Times that recent never vouch for a file's bytes."""
    tmp, deck = project
    now = time.time_ns()
    monkeypatch.setattr(cache, "_stamp", lambda path: (0, hash(path), os.path.getsize(path), now, now))  # the clock stands still
    card = deck / "07-k7.yaml"
    first = build(deck, output=tmp / "a.pdf", jobs=1).path.read_bytes()
    card.write_text(card.read_text(encoding="utf-8").replace("title: Kaart 7", "title: Kaart 8"), encoding="utf-8")
    second = build(deck, output=tmp / "b.pdf", jobs=1).path.read_bytes()
    assert second == build(deck, output=tmp / "b-fresh.pdf", cache=False).path.read_bytes() != first
    # the same change, had the times been trusted: the cache would have served the card as it was
    monkeypatch.setattr(cache, "SETTLED_NS", -1)
    build(deck, output=tmp / "c.pdf", jobs=1)
    card.write_text(card.read_text(encoding="utf-8").replace("title: Kaart 8", "title: Kaart 9"), encoding="utf-8")
    assert build(deck, output=tmp / "d.pdf", jobs=1).path.read_bytes() == second


def test_a_rebuild_unpacks_only_the_cards_it_draws_and_any_card_when_asked(project, monkeypatch):
    """Unchanged cards come from the cache as their id, label and place; their title and sides are read
    back only if they are drawn again, in this process or a worker."""
    from fichegen.content import deck as content

    tmp, deck = project
    build(deck, output=tmp / "a.pdf", jobs=2)
    unpacked: list[str] = []
    real = content.Card.unpacked

    def spy(card):
        if card._rest is not None:
            unpacked.append(card.id)
        return real(card)
    monkeypatch.setattr(content.Card, "unpacked", spy)
    card = deck / "07-k7.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("Kaart 7\nfront", "Kaart zeven\nfront"), encoding="utf-8")
    assert build(deck, output=tmp / "b.pdf", jobs=1).path.read_bytes() == build(
        deck, output=tmp / "b-fresh.pdf", cache=False).path.read_bytes()
    assert unpacked == []  # the changed card was read from its file
    yaml_file = tmp / "templates" / "huis" / "template.yaml"  # every card drawn again, by two workers
    yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("#1B6F6A", "#A0203C"), encoding="utf-8")
    cached, fresh = _both(deck, tmp, "colour", jobs=2)
    assert cached == fresh
    assert sorted(unpacked) == sorted(f"k{i}" for i in range(30))  # each once, before it went to a worker


def test_a_rebuild_reads_the_hyphenation_dictionary_only_for_words_no_build_has_met(project, monkeypatch):
    from fichegen.layout import linebreak

    tmp, deck = project
    build(deck, output=tmp / "a.pdf", jobs=2)  # the workers hyphenate; the build keeps their words
    opened: list[tuple] = []
    real = cache.remembered

    def spy(key, make):
        if key[0] == "pyphen":
            opened.append(key)
        return real(key, make)
    monkeypatch.setattr(cache, "remembered", spy)
    card = deck / "07-k7.yaml"
    for new, reads in (("title: Kaart zeven", 0), ("title: Ontwikkelingsgerichtheid", 1)):
        linebreak.hyphenator.cache_clear()  # as in a new process
        opened.clear()
        card.write_text(card.read_text(encoding="utf-8").replace("title: Kaart 7", new).replace("title: Kaart zeven", new),
                        encoding="utf-8")
        cached = build(deck, output=tmp / "b.pdf", jobs=1).path.read_bytes()
        assert len(opened) == reads, new
        assert cached == build(deck, output=tmp / "b-fresh.pdf", cache=False).path.read_bytes()


def test_where_a_file_s_change_time_is_when_it_was_made_every_card_file_is_read(project, monkeypatch):
    """On Windows a file's change time is its creation time: its times vouch for nothing there."""
    tmp, deck = project
    monkeypatch.setattr(cache, "SETTLED_NS", 0)
    monkeypatch.setattr(cache, "STAMPS_VOUCH", False)
    build(deck, output=tmp / "a.pdf", jobs=1)
    read = _reads(monkeypatch)
    build(deck, output=tmp / "b.pdf", jobs=1)
    assert sorted(read) == sorted(p.name for p in deck.glob("*-k*.yaml"))
