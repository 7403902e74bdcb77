"""Watching a deck: rebuild when a card, the deck file or the template changes. Polls file stamps, which
needs no extra dependency and works the same on every system and network drive."""

from __future__ import annotations

import time
from pathlib import Path

Stamps = dict[str, tuple[int, int]]  # path → (modification time in ns, size)


def stamps(folders: list[Path]) -> Stamps:
    out: Stamps = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                st = path.stat()
                out[str(path)] = (st.st_mtime_ns, st.st_size)
    return out


def changes(before: Stamps, after: Stamps) -> list[str]:
    """What changed, as lines a person reads: 'changed x', 'added y', 'removed z'."""
    lines = [f"added {p}" for p in after if p not in before]
    lines += [f"removed {p}" for p in before if p not in after]
    lines += [f"changed {p}" for p in after if p in before and after[p] != before[p]]
    return sorted(lines, key=lambda line: line.split(" ", 1)[1])


def watch(folders_of, rebuild, report, *, interval: float = 0.5, rounds: int | None = None) -> None:
    """Call `rebuild()` once, then whenever files under `folders_of()` change; `report(text)` says what
    happened. `rounds` bounds the loop (for tests); None watches until interrupted."""
    before = stamps(folders_of())
    report(rebuild([]))
    n = 0
    while rounds is None or n < rounds:
        n += 1
        time.sleep(interval)
        after = stamps(folders_of())
        changed = changes(before, after)
        if changed:
            before = after
            report(rebuild(changed))
