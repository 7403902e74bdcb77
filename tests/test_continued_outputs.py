"""Every output with continued cards: pages, proof, sheets, fold, handout, the print shop's order, a
cached rebuild and any number of jobs, all counting, numbering and naming the cards as printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from fichegen.pipeline import drawing
from fichegen.cache import MemoryCache
from fichegen.cli import cli
from fichegen.errors import FichegenError
from fichegen.layout import fit
from fichegen.options import BuildOptions, Layout
from fichegen.pipeline import build, handout, order, prepare
from fichegen.printshop.preflight import preflight
from tests.conftest import write_deck
from tests.layout.test_continued import DECK, long_card, paragraphs

CASE = Path(__file__).resolve().parent / "cases" / "ok-overflow-continue"  # a card continued on 2 more, and one whole
PRINTED = ["participatie", "participatie.b", "participatie.c", "kort"]


def test_proof_has_a_page_per_printed_face_and_a_bookmark_per_printed_card(tmp_path, read_pdf):
    result = build(CASE, BuildOptions(Layout.PROOF, output=str(tmp_path / "p.pdf"), jobs=1, cache=False))
    reader = read_pdf(result.path)
    assert (result.pages, result.cards, len(reader.pages)) == (8, 4, 8)
    assert [o.title for o in reader.outline] == ["Basishouding 1: Participatie", "Basishouding 1: Participatie (vervolg)",
                                                 "Basishouding 1: Participatie (vervolg)", "Kort"]
    assert [o.page for o in reader.outline] == [reader.pages[i].indirect_reference for i in (0, 2, 4, 6)]


@pytest.mark.parametrize("layout, sheets", [(Layout.SHEETS, 2), (Layout.FOLD, 4)])
def test_sheets_and_fold_place_every_printed_card(tmp_path, read_pdf, pdf_text, layout, sheets):
    result = build(CASE, BuildOptions(layout, output=str(tmp_path / "s.pdf"), jobs=1, cache=False))
    reader = read_pdf(result.path)
    pages = len(reader.pages)
    assert pages == (2 * sheets if layout is Layout.SHEETS else sheets) and result.cards == 4
    texts = [pdf_text(page) for page in reader.pages]
    assert sum(t.count("Participatie (vervolg)") for t in texts) == 4  # front and back of 1b and 1c
    assert f"sheet {pages // (2 if layout is Layout.SHEETS else 1)} of {sheets}" in texts[-1]


def test_handout_of_a_continued_card_gives_all_its_printed_cards_and_of_a_part_just_that(tmp_path, read_pdf, pdf_text):
    whole = handout(CASE, "participatie", output=tmp_path / "h.pdf")
    assert (whole.pages, whole.cards, len(read_pdf(whole.path).pages)) == (3, 3, 3)
    part = handout(CASE, "participatie.c", output=tmp_path / "c.pdf")
    reader = read_pdf(part.path)
    assert (part.pages, part.cards, len(reader.pages)) == (1, 1, 1)
    assert "1c/2" in pdf_text(reader.pages[0]) and reader.metadata.title == "Deck: Basishouding 1: Participatie (vervolg)"
    with pytest.raises(FichegenError) as e:
        handout(CASE, "participatie.d")
    assert e.value.problems[0].message.startswith("no card with id 'participatie.d' (did you mean 'participatie.c'?)")


def test_an_order_counts_names_and_proofs_the_printed_cards(tmp_path):
    folder = order(CASE, output=tmp_path / "o").path
    job = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    assert (job["cards"], job["pages"], job["card_ids"]) == (4, 8, PRINTED)
    findings, pages = preflight(folder / "ok-overflow-continue-default-print.pdf")
    assert pages == 8 and [str(f) for f in findings] == []
    assert sorted(p.name for p in (folder / "proofs").iterdir()) == sorted(
        ["contact-sheet.png"] + [f"{n}-{i}-{s}.png" for n, i in zip(["01a", "01b", "01c", "02"], PRINTED) for s in ("front", "back")])
    assert "4. kort (pages 7–8)" in (folder / "README.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("layout", [Layout.PAGES, Layout.SHEETS])
def test_a_cached_rebuild_gives_the_bytes_of_no_cache(tmp_path, layout):
    store = MemoryCache()
    options = BuildOptions(layout, output=str(tmp_path / "c.pdf"), jobs=1)
    fresh = build(CASE, BuildOptions(layout, output=str(tmp_path / "f.pdf"), jobs=1, cache=False)).path.read_bytes()
    for _ in range(2):  # the first fills the cache, the second draws from it
        assert build(CASE, options, store).path.read_bytes() == fresh
        store.close(keep=True)


def _deck_of_30(folder: Path) -> Path:
    """30 cards (enough for worker processes), three of them continued."""
    cards = {f"{i:02d}-k{i}.yaml": (long_card(paragraphs(120, seed=i)).replace("title: Kaart", f"title: Kaart {i}")
                                    if i in (4, 17, 29) else f"title: Kaart {i}\nfront: [punt {i}]\nback: Een korte tekst.\n")
             for i in range(30)}
    return write_deck(folder, cards, DECK)


@pytest.mark.parametrize("layout", ["pages", "sheets"])
def test_one_job_or_two_write_the_same_bytes(tmp_path, monkeypatch, layout):
    folder = _deck_of_30(tmp_path / "d")
    files = []
    for jobs in ("1", "2", "2"):
        if len(files) == 2:  # continued cards split in worker processes too
            monkeypatch.setattr(fit, "PARALLEL_FROM", 2)
            monkeypatch.setattr(drawing, "PARALLEL_FROM", 2)
        files.append(tmp_path / f"{len(files)}.pdf")
        result = CliRunner().invoke(cli, ["build", str(folder), "--layout", layout, "--no-cache", "-j", jobs, "-o", str(files[-1])])
        assert result.exit_code == 0, result.output
    assert files[0].read_bytes() == files[1].read_bytes() == files[2].read_bytes()
    assert len(prepare(folder).printed) > 30


def test_the_build_line_counts_printed_cards(tmp_path, monkeypatch):
    monkeypatch.chdir(CASE.parent)
    result = CliRunner().invoke(cli, ["build", CASE.name, "--no-cache", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 0 and result.stdout.strip().endswith("x.pdf (4 cards, 8 pages)")
