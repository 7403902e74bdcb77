"""The stages joined: what prepare (check) hands on, what build reports and writes, progress, and the
same bytes whatever the number of jobs."""

from __future__ import annotations

from pathlib import Path

import pytest

from fichegen.layout import compose
from fichegen.options import BuildOptions, Layout
from fichegen.pipeline import Result, build, default_output, prepare


def test_prepare_reads_checks_and_fits_the_deck(real_deck):
    p = prepare(real_deck)
    assert len(p.deck.cards) == 10 and p.template.name == "default"
    assert p.scales == p.fitting.scales and len(p.fitting.cards) == 10
    assert all(0 < v <= 1 for v in p.scales.values())
    faces = list(compose.faces(p.deck, p.template, p.scales))
    assert p.body_size == min(f.body_size for f in faces) >= 8


def test_prepare_with_another_template(real_deck):
    p = prepare(real_deck, "uantwerpen")
    assert p.template.name == "uantwerpen" and p.deck.template == "default"


def test_build_reports_what_it_wrote(real_deck, tmp_path, read_pdf):
    out = tmp_path / "x.pdf"
    result = build(real_deck, BuildOptions(Layout.PROOF, output=str(out), jobs=1, cache=False))
    assert result == Result(out, 20, 10, ())
    assert len(read_pdf(out).pages) == 20


def test_default_output_names_the_deck_template_and_layout(real_deck):
    deck = prepare(real_deck).deck
    assert default_output(deck, Layout.SHEETS) == Path("output/generalistisch-werkt-sheets.pdf")
    assert default_output(deck, "proof", "uantwerpen") == Path("output/generalistisch-werkt-uantwerpen-proof.pdf")


class Progress:
    def __init__(self):
        self.total, self.done = None, 0

    def start(self, total):
        self.total = total

    def __call__(self, n):
        self.done += n


@pytest.mark.parametrize("layout", list(Layout))
def test_progress_counts_each_card_fitted_and_drawn(real_deck, tmp_path, layout):
    progress = Progress()
    build(real_deck, BuildOptions(layout, output=str(tmp_path / "x.pdf"), jobs=1, cache=False), progress=progress)
    assert progress.total == progress.done == 20


@pytest.mark.parametrize("layout", [Layout.PROOF, Layout.FOLD])
def test_one_job_or_two_write_the_same_bytes(tmp_path, big_deck, layout):
    folder = big_deck(tmp_path / "d")
    one, two = (build(folder, BuildOptions(layout, output=str(tmp_path / f"{j}.pdf"), jobs=j, cache=False)).path.read_bytes()
                for j in (1, 2))
    assert one == two


def test_one_job_or_two_prepare_the_same(tmp_path, big_deck):
    from fichegen.workers import Pool

    folder = big_deck(tmp_path / "d")
    with Pool(2) as pool:
        two = prepare(folder, pool=pool)
    one = prepare(folder)
    assert (one.deck, one.fitting, one.chars) == (two.deck, two.fitting, two.chars)
