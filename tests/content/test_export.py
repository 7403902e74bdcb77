"""`fichegen export`: a spreadsheet that reads back to the same deck, the same bytes for the same deck, and
an error (never a crash, never a silently cut cell) for a card no spreadsheet cell can hold."""

from __future__ import annotations

import io
import zipfile

import pytest

from fichegen.content import export
from fichegen.content.deck import load_deck
from fichegen.content.sheet import MAX_CELL
from fichegen.errors import FichegenError


def test_an_xlsx_carries_the_deck_s_date_not_the_clock(tmp_path, make_deck):
    deck = load_deck(make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nfront: [een]\nback: twee\n"},
                               deck="title: D\ndate: 2026-11-29\n"))
    data, _ = export.to_bytes(deck, "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        assert {item.date_time for item in book.infolist()} == {(2026, 11, 29, 0, 0, 0)}
        core = book.read("docProps/core.xml").decode()
    assert core.count("2026-11-29T00:00:00Z") == 2 and "created" in core and "modified" in core


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_text_longer_than_a_cell_reads_back_is_an_error_at_its_line(tmp_path, make_deck, fmt):
    long = " ".join(["woord"] * (MAX_CELL // 6 + 10))
    folder = make_deck(tmp_path / "d", {"01-a.yaml": f"title: A\noverflow: continue\nfront: [een]\nback: {long}\n",
                                        "02-b.yaml": "title: \"B\\a\"\nfront: [een]\n"})
    with pytest.raises(FichegenError) as e:
        export.to_bytes(load_deck(folder), fmt)
    assert [str(p) for p in e.value.problems if not p.warning] == [
        f"{folder}/01-a.yaml:4: card 'a' back: {len(long):,} characters; a spreadsheet cell that fichegen reads back "
        f"holds at most {MAX_CELL:,}: keep this card in YAML, or split it into shorter cards",
        f"{folder}/02-b.yaml:1: card 'b' title: holds the control character U+0007, which a spreadsheet cell cannot "
        "hold; remove it"]
