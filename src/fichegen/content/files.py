"""Which files in a deck folder are the writer's: editors leave lock, swap and backup files beside the
ones being edited (`.#card.yaml`, `.card.yaml.swp`, `card.yaml~`), and those are never cards and never
a reason to rebuild."""

from __future__ import annotations

from pathlib import PurePath

_DRAFT_ENDINGS = ("~", ".swp", ".swo", ".swx", ".tmp", ".bak", ".orig")


def is_draft(name: str | PurePath) -> bool:
    """Whether a file name is an editor's or the system's own (hidden, lock, swap, backup)."""
    name = PurePath(name).name
    return name.startswith((".", "~$", "#")) or name.endswith(_DRAFT_ENDINGS)
