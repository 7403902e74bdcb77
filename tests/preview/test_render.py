"""The preview's pictures: the same pixels as the proof PDF, only changed cards rendered again, every card
when the deck's type scales move, the last good cards kept when the deck has a problem."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from PIL import Image

from fichegen.cli import cli
from fichegen.options import BuildOptions, Layout
from fichegen.pipeline import build
from fichegen.preview import render
from fichegen.preview.render import Renderer
from fichegen.printshop import proofs

CARDS = {f"0{i}-{name}.yaml": f"label: Kaart {i}\ntitle: {name.title()}\nfront: [een punt over {name}, nog een]\n"
                              f"back: Een korte tekst over {name}.\n" for i, name in enumerate(["a", "b", "c"], 1)}


@pytest.fixture
def counted(monkeypatch):
    """How many PDFs the renderer turned into pictures (one per card rendered)."""
    calls = []
    real = proofs.face_pngs

    def face_pngs(pdf, ppi=110, level=6):
        calls.append(pdf)
        return real(pdf, ppi, level)

    monkeypatch.setattr(proofs, "face_pngs", face_pngs)
    return calls


def pixels(png: bytes) -> tuple:
    image = Image.open(io.BytesIO(png))
    return image.size, image.convert("RGB").tobytes()


def test_the_pictures_are_the_proof_pdf_pixel_for_pixel(tmp_path, real_deck):
    renderer = Renderer(str(real_deck))
    update = renderer.refresh()
    view = renderer.view
    assert update.first and len(update.changed) == len(view.cards) == 10
    proof = build(real_deck, BuildOptions(Layout.PROOF, output=str(tmp_path / "proof.pdf"), jobs=1, cache=False))
    pages = proofs.face_pngs(proof.path.read_bytes(), render.PPI)
    for i in (0, 4, 9):
        card = view.cards[i]
        assert pixels(renderer.png(card.front)) == pixels(pages[2 * i])
        assert pixels(renderer.png(card.back)) == pixels(pages[2 * i + 1])
    w, h = Image.open(io.BytesIO(pages[0])).size  # A5 at PPI, to the pixel pdfium rounds to
    assert abs(w - 148 / 25.4 * render.PPI) < 1 and abs(h - 210 / 25.4 * render.PPI) < 1
    assert (view.cards[2].id, view.cards[2].number, view.cards[2].title, view.cards[2].label) == \
        ("vertrouwensrelatie", "3", "Vertrouwensrelatie", "Basishouding 2")


def test_only_the_changed_card_is_rendered_again(tmp_path, make_deck, counted):
    deck = make_deck(tmp_path / "d", CARDS)
    renderer = Renderer(str(deck))
    renderer.refresh()
    before = {c.id: (c.front, c.back) for c in renderer.view.cards}
    assert len(counted) == 3  # a few changed cards are rendered before the page hears of them
    counted.clear()

    (deck / "02-b.yaml").write_text(CARDS["02-b.yaml"].replace("title: B", "title: Bee"), encoding="utf-8")
    update = renderer.refresh()
    assert (update.changed, update.removed, update.everything) == (("b",), (), False)
    assert update.report().startswith("updated 1 card (b) in ")
    after = {c.id: (c.front, c.back) for c in renderer.view.cards}
    assert after["a"] == before["a"] and after["c"] == before["c"] and after["b"] != before["b"]
    assert len(counted) == 1  # card b alone: its front and back, in one small PDF
    assert renderer.view.cards[1].title == "Bee"
    assert renderer.png(before["a"][0]) is not None and not counted[1:]  # a's pictures were kept

    update = renderer.refresh()  # nothing saved since
    assert update.changed == () and update.report().startswith("no card changed")
    assert renderer.png("0" * 24) is None


def test_a_card_that_moves_the_decks_type_scale_changes_every_card(tmp_path, big_deck):
    deck = big_deck(tmp_path / "d", n=4)
    renderer = Renderer(str(deck))
    renderer.refresh()
    first = renderer.view
    long = deck / "02-k2.yaml"
    text = long.read_text(encoding="utf-8")
    more = "Tekst over een kaart die over meerdere regels loopt en dan nog even doorgaat. " * 32
    long.write_text(text.replace("back: ", "back: " + more), encoding="utf-8")
    update = renderer.refresh()
    assert renderer._faces.prepared.scales["prose"] < 1  # the prose of every card is set smaller now
    assert update.everything and set(update.changed) == {c.id for c in first.cards}
    assert update.report().startswith("updated all 4 cards in ")
    # the backs (prose) are all set smaller; the fronts (bullets) only where the card's own text changed
    assert all(a.back != b.back for a, b in zip(first.cards, renderer.view.cards))
    assert [a.front == b.front for a, b in zip(first.cards, renderer.view.cards)] == [True, True, True, True]
    long.write_text(text, encoding="utf-8")  # and back: the first pictures again, under their first names
    assert renderer.refresh().everything
    assert [(c.front, c.back) for c in renderer.view.cards] == [(c.front, c.back) for c in first.cards]


def test_a_broken_card_keeps_the_last_good_pictures_and_says_what_the_cli_says(tmp_path, make_deck, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make_deck(tmp_path / "d", CARDS)
    renderer = Renderer("d")
    renderer.refresh()
    good = renderer.view
    (tmp_path / "d" / "02-b.yaml").write_text("title: B\nfront: [een\n", encoding="utf-8")
    (tmp_path / "d" / "03-c.yaml").write_text("titel: C\n", encoding="utf-8")
    update = renderer.refresh()
    cli_says = CliRunner().invoke(cli, ["check", "d"]).stderr.splitlines()
    assert cli_says[0].startswith("d/02-b.yaml:2: YAML syntax error")
    assert list(update.problems) == list(renderer.view.problems) == cli_says
    assert update.report().splitlines()[-1] == ("not updated (2 problems); the page keeps the last good cards; "
                                                "waiting for the next change")
    view = renderer.view
    assert view.version == good.version + 1 and view.ready
    assert [(c.id, c.front, c.back) for c in view.cards] == [(c.id, c.front, c.back) for c in good.cards]
    assert [c.stale for c in view.cards] == [False, True, True]
    assert renderer.png(view.cards[1].front) is not None  # the last good picture of the broken card too

    (tmp_path / "d" / "02-b.yaml").write_text(CARDS["02-b.yaml"], encoding="utf-8")
    (tmp_path / "d" / "03-c.yaml").write_text(CARDS["03-c.yaml"], encoding="utf-8")
    update = renderer.refresh()
    assert update.problems == () and update.changed == () and renderer.view.problems == ()
    assert not any(c.stale for c in renderer.view.cards)


def test_a_deck_broken_from_the_start_shows_its_problems_and_no_cards(tmp_path, make_deck):
    deck = make_deck(tmp_path / "d", {"01-a.yaml": "title: [\n"})
    renderer = Renderer(str(deck))
    update = renderer.refresh()
    assert renderer.view.ready and renderer.view.cards == () and len(update.problems) == 1
    assert renderer.view.problems == update.problems


def test_an_internal_error_is_said_as_the_cli_says_it_and_the_renderer_goes_on(tmp_path, make_deck, monkeypatch):
    from fichegen import pipeline

    deck = make_deck(tmp_path / "d", CARDS)
    renderer = Renderer(str(deck))
    renderer.refresh()
    real = pipeline.faces
    monkeypatch.setattr(pipeline, "faces", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    update = renderer.refresh()
    assert update.problems == ("fichegen: internal error: RuntimeError: boom",
                               "This is a bug in fichegen; please report it with the command you ran "
                               "(run again with --debug for the details).")
    assert len(renderer.view.cards) == 3
    monkeypatch.setattr(pipeline, "faces", real)
    assert renderer.refresh().problems == ()


def test_pictures_beyond_what_is_kept_are_rendered_again_alike(tmp_path, make_deck, counted):
    deck = make_deck(tmp_path / "d", CARDS)
    renderer = Renderer(str(deck), keep=2)
    renderer.refresh()
    first = renderer.view.cards[0].front
    assert len(counted) == 3
    again = renderer.png(first)  # dropped to keep two: rendered again, the same bytes
    assert len(counted) == 4 and pixels(again) == pixels(renderer.png(first)) and len(counted) == 4


def test_waiting_for_a_newer_view(tmp_path, make_deck):
    import threading

    deck = make_deck(tmp_path / "d", CARDS)
    renderer = Renderer(str(deck))
    assert renderer.wait(-1, 0.01).version == 0 and not renderer.view.ready  # nothing rendered yet
    assert renderer.wait(0, 0.05) is None
    threading.Timer(0.1, renderer.refresh).start()
    view = renderer.wait(0, 10)
    assert view.version == 1 and view.ready and len(view.cards) == 3
    threading.Timer(0.1, renderer.close).start()
    assert renderer.wait(1, 10) is None and renderer.closed


def test_the_preview_shows_the_deck_in_the_language_asked_for_and_continued_cards_as_printed(tmp_path):
    """--language fr shows the French cards; a card that continues shows as each card it prints as (1a, 1b)."""
    import shutil
    from pathlib import Path

    deck = shutil.copytree(Path(__file__).parents[1] / "decks" / "twee-talen", tmp_path / "twee-talen")
    french, source = _refreshed(Renderer(str(deck), language="fr")), _refreshed(Renderer(str(deck)))
    assert [c.title for c in french.view.cards][0] == "Participation"
    assert [c.title for c in source.view.cards][0] == "Participatie" and french.view.title != source.view.title
    long_back = " ".join(f"Zin nummer {n} vertelt iets over de werkrelatie tussen coach en cliënt." for n in range(400))
    (deck / "01-participatie.yaml").write_text(f"title: Participatie\noverflow: continue\nfront: [Een punt]\nback: {long_back}\n",
                                               encoding="utf-8")
    dutch = _refreshed(Renderer(str(deck)))
    parts = [(c.id, c.number) for c in dutch.view.cards if c.id.startswith("participatie")]
    assert parts[:2] == [("participatie", "1a"), ("participatie.b", "1b")]
    assert all(dutch.png(c.front) and dutch.png(c.back) for c in dutch.view.cards[:len(parts)])


def _refreshed(renderer: Renderer) -> Renderer:
    renderer.refresh()
    return renderer
