"""Which files in a deck folder are the writer's: editors leave lock, swap and backup files beside the
ones being edited (`.#card.yaml`, `.card.yaml.swp`, `card.yaml~`), and those are never cards and never
a reason to rebuild. A card's translation (`01-participatie.fr.yaml`) is the writer's too, but never a
card of its own."""

from __future__ import annotations

import re
from pathlib import PurePath

_DRAFT_ENDINGS = ("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig")
LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")  # fr, nl-BE, pt_BR: in deck.yaml and file names


def is_draft(name: str | PurePath) -> bool:
    """Whether a file name is an editor's or the system's own (hidden, lock, swap, backup)."""
    name = PurePath(name).name
    return name.startswith((".", "~$", "#")) or name.endswith(_DRAFT_ENDINGS)


def translation_of(name: str | PurePath) -> tuple[str, str] | None:
    """'01-participatie.fr.yaml' → ('01-participatie.yaml', 'fr'): the card file it translates and the
    language; None for any other name."""
    name = PurePath(name).name
    if not name.endswith(".yaml"):
        return None
    base, dot, tag = name[:-len(".yaml")].rpartition(".")
    return (base + ".yaml", tag) if dot and base and LANGUAGE_TAG.match(tag) else None


def is_card_file(name: str | PurePath) -> bool:
    """Whether a file in a deck folder is a card: a .yaml file that is not deck.yaml, an editor's
    file or a translation."""
    name = PurePath(name).name
    return name.endswith(".yaml") and name != "deck.yaml" and not is_draft(name) and translation_of(name) is None
