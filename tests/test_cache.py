"""The build cache never serves a stale result: after a change to a card, the deck around it, a template
colour, a font file or fichegen's version, a cached build gives the same bytes as a build without the
cache, and only what changed is made again. A cache that cannot be used only slows a build."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fichegen import keys
from fichegen.cache import DiskCache, MemoryCache
from fichegen.cli import cli
from fichegen.errors import FichegenError
from fichegen.options import BuildOptions, Layout
from fichegen.pipeline import build
from fichegen.style import fonts

FRONT = "[Een eerste punt dat over meer dan een regel loopt en verder gaat, {i}, Een tweede punt]"
BACK = ("Een alinea die een paar regels vult, met genoeg woorden om over de breedte van de kaart "
        "te lopen en af te breken waar het moet. ") * 4
CARDS = 30


class Counting:
    """A cache around another that counts what it was asked for and did not have."""

    def __init__(self, inner):
        self.inner, self.hits, self.misses = inner, 0, 0
        self.made: list[str] = []  # the keys of what was made and put

    def get(self, key):
        value = self.inner.get(key)
        if value is None:
            self.misses += 1
        else:
            self.hits += 1
        return value

    def put(self, key, value):
        self.made.append(key)
        self.inner.put(key, value)

    def close(self, keep):
        self.inner.close(keep)


@pytest.fixture
def project(tmp_path, monkeypatch, make_deck):
    """A project with its own template (extending default, with a font file in its folder) and a deck of
    30 cards (enough for worker processes), its build cache in a folder of its own."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FICHEGEN_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "templates" / "huis"
    folder.mkdir(parents=True)
    shutil.copy(_packaged("Source Sans Pro Bold"), folder / "titel.ttf")
    (folder / "template.yaml").write_text(
        'extends: default\ncolours: {accent: "#1B6F6A"}\nfonts:\n  heading: {bold: titel.ttf, regular: titel.ttf}\n',
        encoding="utf-8")
    cards = {f"{i:02d}-k{i}.yaml": f"label: Kaart {i}\ntitle: Kaart {i}\nfront: {FRONT.format(i=i)}\nback: {BACK}\n"
             for i in range(CARDS)}
    deck = make_deck(tmp_path / "deck", cards, deck="title: Test\nlanguage: nl\ntemplate: huis\n")
    return tmp_path, deck


def _packaged(face: str) -> Path:
    return fonts.resolve(face, Path("."))


def cached(deck: Path, out: Path, jobs: int = 1, layout: Layout = Layout.PAGES) -> tuple[bytes, Counting]:
    """A build with the disk cache for this deck and these settings, kept when the build succeeds and
    left as it was when it fails (as the command line does); and what the cache was asked for."""
    options = BuildOptions(layout, output=str(out), jobs=jobs)
    store = Counting(DiskCache(options.cache_name(deck)))
    try:
        result = build(deck, options, store)
    except BaseException:
        store.close(keep=False)
        raise
    store.close(keep=True)
    return result.path.read_bytes(), store


def fresh(deck: Path, out: Path, jobs: int = 1, layout: Layout = Layout.PAGES) -> bytes:
    return build(deck, BuildOptions(layout, output=str(out), jobs=jobs, cache=False)).path.read_bytes()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("layout", [Layout.PAGES, Layout.SHEETS])
def test_a_rebuild_makes_only_the_changed_card_again_and_gives_the_same_bytes(project, layout):
    tmp, deck = project
    first, filled = cached(deck, tmp / "first.pdf", jobs=2, layout=layout)
    assert first == fresh(deck, tmp / "first-fresh.pdf", jobs=2, layout=layout)
    assert filled.hits == 0
    _edit(deck / "07-k7.yaml", "Kaart 7\nfront", "Kaart zeven\nfront")
    again, store = cached(deck, tmp / "again.pdf", layout=layout)
    assert again == fresh(deck, tmp / "again-fresh.pdf", layout=layout) != first
    # the card file, its characters, its fit and its faces; the start (the card is among the longest) and
    # the resource document (its new title brings a new letter)
    assert 0 < store.misses <= 6 < store.hits


def test_an_unchanged_rebuild_makes_nothing_again(project):
    tmp, deck = project
    first, _ = cached(deck, tmp / "a.pdf", jobs=2)
    again, store = cached(deck, tmp / "b.pdf")
    assert again == first and store.misses == 0 and store.hits > 3 * CARDS


def test_a_template_colour_change_is_not_served_from_the_cache(project):
    tmp, deck = project
    before, _ = cached(deck, tmp / "before.pdf")
    _edit(tmp / "templates" / "huis" / "template.yaml", "#1B6F6A", "#A0203C")
    after, store = cached(deck, tmp / "after.pdf", jobs=2)
    assert after == fresh(deck, tmp / "after-fresh.pdf") != before
    assert store.misses >= 2 * CARDS  # every card fitted and drawn again


def test_a_change_to_the_deck_around_the_cards_is_not_served_from_the_cache(project):
    """The deck's footer flows into every card's footer: no card file changed, yet every card is made again."""
    tmp, deck = project
    before, _ = cached(deck, tmp / "before.pdf")
    (deck / "deck.yaml").write_text("title: Test\nlanguage: nl\ntemplate: huis\nfooter: Een voettekst\n", encoding="utf-8")
    after, store = cached(deck, tmp / "after.pdf")
    assert after == fresh(deck, tmp / "after-fresh.pdf") != before
    assert store.misses >= 2 * CARDS


def test_a_font_file_change_is_not_served_from_the_cache(project):
    tmp, deck = project
    before, _ = cached(deck, tmp / "before.pdf")
    # the same file name, another font: metrics, glyphs and subsets all change, in this same process
    # too (as in `fichegen watch`)
    shutil.copy(_packaged("Source Serif Pro Bold"), tmp / "templates" / "huis" / "titel.ttf")
    after, _ = cached(deck, tmp / "after.pdf", jobs=2)
    assert after == fresh(deck, tmp / "after-fresh.pdf", jobs=2) != before
    assert b"SourceSerifPro" in after and b"SourceSansPro-Bold" not in after


def test_a_new_version_uses_nothing_from_the_cache(project, monkeypatch):
    tmp, deck = project
    cached(deck, tmp / "before.pdf", jobs=2)
    monkeypatch.setattr("fichegen.__version__", "99.0")
    keys.code_key.cache_clear()
    try:
        after, store = cached(deck, tmp / "after.pdf")
        assert after == fresh(deck, tmp / "after-fresh.pdf")
    finally:
        keys.code_key.cache_clear()
    assert store.hits == 0 and store.misses > 0


def test_a_card_changed_with_its_size_and_times_kept_is_read_again(project):
    """A file system's clock ticks coarsely (FAT's every two seconds): a file written twice within a
    tick, its size the same, keeps its times. The cache knows a card file by its bytes, never its times."""
    import os

    tmp, deck = project
    card = deck / "07-k7.yaml"
    first, _ = cached(deck, tmp / "a.pdf")
    stat = card.stat()
    _edit(card, "title: Kaart 7", "title: Kaart 8")
    os.utime(card, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert card.stat().st_size == stat.st_size and card.stat().st_mtime_ns == stat.st_mtime_ns
    second, store = cached(deck, tmp / "b.pdf")
    assert second == fresh(deck, tmp / "b-fresh.pdf") != first
    assert store.misses > 0


def test_a_failed_build_keeps_the_cache_of_the_last_good_one(project):
    tmp, deck = project
    good, _ = cached(deck, tmp / "good.pdf")
    (deck / "30-kapot.yaml").write_text("title: [\n", encoding="utf-8")
    with pytest.raises(FichegenError):
        cached(deck, tmp / "bad.pdf")
    (deck / "30-kapot.yaml").unlink()
    again, store = cached(deck, tmp / "again.pdf")
    assert again == good and store.misses == 0


def test_a_cache_that_cannot_be_used_never_fails_a_build(project, monkeypatch):
    """A damaged cache file, or a cache folder that cannot be made, is treated as empty: it only makes
    the build slower."""
    tmp, deck = project
    expected = fresh(deck, tmp / "fresh.pdf")
    cached(deck, tmp / "first.pdf")
    [db] = (tmp / "cache").glob("*.sqlite")
    db.write_bytes(b"not a database" * 100)
    for name in ("-wal", "-shm"):
        Path(str(db) + name).unlink(missing_ok=True)
    damaged, store = cached(deck, tmp / "damaged.pdf")
    assert damaged == expected and store.hits == 0
    (tmp / "blocker").write_text("a file where the cache folder should be")
    monkeypatch.setenv("FICHEGEN_CACHE", str(tmp / "blocker" / "cache"))
    assert cached(deck, tmp / "nowhere.pdf")[0] == expected


def test_a_damaged_entry_is_a_miss(tmp_path, monkeypatch):
    monkeypatch.setenv("FICHEGEN_CACHE", str(tmp_path))
    store = DiskCache("damaged entry")
    store.put("k", {"a": 1})
    assert store.get("k") == {"a": 1}
    store.db.execute("UPDATE entries SET value = ? WHERE key = 'k'", (b"\x80not a pickle",))
    assert store.get("k") is None and store.get("other") is None  # no cache from here on, no error
    store.put("k", 1)
    store.close(keep=True)


def test_a_memory_cache_across_builds_in_one_process_gives_the_bytes_of_no_cache(project):
    """As `watch` uses it: one MemoryCache for build after build, the deck changing in between."""
    tmp, deck = project
    store = Counting(MemoryCache())
    options = BuildOptions(Layout.PROOF, output=str(tmp / "watched.pdf"), jobs=2)

    def rebuild() -> bytes:
        data = build(deck, options, store).path.read_bytes()
        store.close(keep=True)
        return data

    assert rebuild() == fresh(deck, tmp / "1.pdf", jobs=2, layout=Layout.PROOF)
    misses = store.misses
    assert rebuild() == fresh(deck, tmp / "2.pdf", layout=Layout.PROOF) and store.misses == misses
    _edit(deck / "07-k7.yaml", "title: Kaart 7", "title: Kaart zeven")
    assert rebuild() == fresh(deck, tmp / "3.pdf", layout=Layout.PROOF)
    _edit(tmp / "templates" / "huis" / "template.yaml", "#1B6F6A", "#A0203C")
    assert rebuild() == fresh(deck, tmp / "4.pdf", layout=Layout.PROOF)
    _edit(deck / "07-k7.yaml", "title: Kaart zeven", "title: Kaart 7")
    assert rebuild() == fresh(deck, tmp / "5.pdf", layout=Layout.PROOF)


def test_a_value_from_the_memory_cache_is_a_copy():
    store = MemoryCache()
    value = {"a": [1, 2]}
    store.put("k", value)
    value["a"].append(3)
    got = store.get("k")
    assert got == {"a": [1, 2]}
    got["a"].append(4)
    assert store.get("k") == {"a": [1, 2]}


def test_a_memory_cache_keeps_only_what_the_last_build_used():
    store = MemoryCache()
    store.put("old", 1)
    store.close(keep=True)
    store.put("new", 2)
    store.close(keep=True)  # "old" was not used by this build
    assert store.get("old") is None and store.get("new") == 2


def test_the_command_line_s_cached_rebuild_gives_the_bytes_of_no_cache(project):
    tmp, deck = project

    def run(*args) -> bytes:
        out = tmp / f"cli-{len(list(tmp.glob('cli-*.pdf')))}.pdf"
        result = CliRunner().invoke(cli, ["build", str(deck), "-j", "2", "-o", str(out), *args])
        assert result.exit_code == 0, result.output
        return out.read_bytes()

    first = run()
    assert run() == first == run("--no-cache")
    _edit(deck / "03-k3.yaml", "Kaart 3\nfront", "Kaart drie\nfront")
    assert run() == run("--no-cache") != first
    assert list((tmp / "cache").glob("*.sqlite"))  # the cache was used, in the folder FICHEGEN_CACHE names


@pytest.fixture
def photo_deck(tmp_path, make_deck):
    """Two cards showing one photo (a JPEG made here), a third showing another."""
    from PIL import Image

    deck = make_deck(tmp_path / "deck", {
        "01-a.yaml": "title: A\nimage: a.jpg\nfront: [een]\nback: twee\n",
        "02-b.yaml": "title: B\nimage: {file: a.jpg, side: back}\nfront: [drie]\nback: vier\n",
        "03-c.yaml": "title: C\nimage: c.png\nfront: [vijf]\nback: zes\n"})
    ramp = Image.linear_gradient("L").resize((1200, 700))
    Image.merge("RGB", (ramp, Image.new("L", ramp.size, 60), ramp.transpose(Image.Transpose.ROTATE_180))).save(deck / "a.jpg")
    Image.merge("RGB", (ramp, ramp, Image.new("L", ramp.size, 200))).save(deck / "c.png")
    return deck


def test_a_new_character_makes_the_resource_document_again_and_no_photo(photo_deck, tmp_path):
    """As `watch` and `serve` use the cache: typing a character the deck has not set yet makes the resource
    document again (its fonts' subsets grow) but converts no photo again, in that rebuild or the next;
    a changed photo is made again, and only it."""
    store = Counting(MemoryCache())
    options = BuildOptions(Layout.PAGES, output=str(tmp_path / "watched.pdf"), jobs=1)

    def rebuild() -> tuple[bytes, list[str]]:
        before = len(store.made)
        data = build(photo_deck, options, store).path.read_bytes()
        store.close(keep=True)
        return data, store.made[before:]

    first, made = rebuild()
    assert sorted(k.split()[0] for k in made if k.startswith(("photo ", "kit "))) == ["kit", "photo", "photo"]
    for n, new in enumerate("½¾"):  # twice: the photos kept by the first rebuild serve the second
        _edit(photo_deck / "03-c.yaml", "title: C", f"title: C{new}")
        again, made = rebuild()
        assert again == fresh(photo_deck, tmp_path / f"fresh{n}.pdf") != first
        assert [k.split()[0] for k in made if k.startswith(("photo ", "kit "))] == ["kit"]
    from PIL import Image

    Image.new("RGB", (1200, 700), (200, 30, 30)).save(photo_deck / "c.png")
    changed, made = rebuild()
    assert changed == fresh(photo_deck, tmp_path / "fresh-c.pdf")
    assert [k.split()[0] for k in made if k.startswith(("photo ", "kit "))] == ["photo"]
