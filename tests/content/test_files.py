"""Editors' lock, swap and backup files beside the cards are never cards."""

from __future__ import annotations

from pathlib import Path, PurePath

import pytest

from fichegen.content.deck import load_deck
from fichegen.content.files import is_draft


@pytest.mark.parametrize("name", [
    ".#01-a.yaml",  # Emacs lock
    "01-a.yaml~",  # Emacs, gedit backup
    ".01-a.yaml.swp", ".01-a.yaml.swo", ".01-a.yaml.swx",  # Vim swap
    "~$01-a.yaml",  # Office lock
    "#01-a.yaml#",  # Emacs auto-save
    "01-a.yaml.tmp", "01-a.yaml.bak", "01-a.yaml.orig",
    ".hidden.yaml", ".DS_Store",
])
def test_drafts(name):
    assert is_draft(name)
    assert is_draft(Path("deck") / name) and is_draft(PurePath("/a/b") / name)  # only the name counts


@pytest.mark.parametrize("name", ["01-a.yaml", "deck.yaml", "a~b.yaml", "notes.swp.yaml", "a.b.yaml"])
def test_real_files(name):
    assert not is_draft(name)
    assert not is_draft(Path(".hidden-folder") / name)  # a hidden folder does not make its files drafts


def test_a_deck_builds_only_the_real_cards(tmp_path, make_deck):
    real = {"01-a.yaml": "title: A\nfront: [een]\n", "02-b.yaml": "title: B\nback: twee\n"}
    drafts = {".#01-a.yaml": "not: [a card", "01-a.yaml~": "title: Oud\n", ".01-a.yaml.swp": "\x00\x01binary",
              "02-b.yaml.bak": "title: [\n"}
    folder = make_deck(tmp_path / "d", {**real, **drafts})
    deck = load_deck(folder)
    assert [(c.id, Path(c.path).name) for c in deck.cards] == [("a", "01-a.yaml"), ("b", "02-b.yaml")]
    assert [c.number for c in deck.cards] == [1, 2]

