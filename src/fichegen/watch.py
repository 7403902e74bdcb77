"""Watching a deck: rebuild when a card, the deck file or the template changes. Waits on the system's
file events (inotify, FSEvents, ReadDirectoryChangesW, through watchfiles) instead of polling stamps,
so an idle watch costs no CPU however large the deck."""

from __future__ import annotations

import os
import threading
from contextlib import closing
from pathlib import Path
from typing import Callable, Iterable, NamedTuple

import watchfiles

from fichegen.content.files import is_draft

# folders no deck or template is made of (caches, version control); hidden ones are drafts already
_IGNORED_DIRS = frozenset(watchfiles.DefaultFilter.ignore_dirs)
_WAKE_MS = 200  # a quiet wait ends this often (a few microseconds of work), so a moved watch catches up soon


class Changed(NamedTuple):
    """One file that changed. `kind` is "added", "changed" or "removed"; `path` is spelt under the
    folder as `folders_of` gave it (cards/x/01-a.yaml, not an absolute path). str() is the line a
    person reads: "changed cards/x/01-a.yaml"."""

    kind: str
    path: Path

    def __str__(self) -> str:
        return f"{self.kind} {self.path}"


Roots = list[tuple[Path, Path]]  # (folder as given, the same resolved): events name resolved paths


def _roots(folders: list[Path]) -> Roots:
    # a folder that does not exist (yet) cannot be subscribed to
    return [(Path(f), Path(f).resolve()) for f in folders if Path(f).is_dir()]


def _under(raw: str, roots: Roots) -> tuple[Path, Path] | None:
    """(folder as given, path inside it) for an event's path, or None when it is under no root."""
    path = Path(raw)
    for given, real in roots:
        if path.is_relative_to(real):
            return given, path.relative_to(real)
    return None


class _Filter(watchfiles.BaseFilter):
    """Editors' lock, swap and backup files, hidden and cache folders, and the files the rebuild itself
    writes never trigger a rebuild. Only the part under a watched folder is looked at: a deck that
    lives in ~/.local or a template in a .venv is still watched."""

    def __init__(self, roots: Roots, ignore: Callable[[], Iterable[Path]] | None):
        super().__init__()
        self.roots, self.ignore = roots, ignore

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        found = _under(path, self.roots)
        if found is None:
            return False
        if any(is_draft(part) or part in _IGNORED_DIRS for part in found[1].parts):
            return False
        # the output PDF may be inside the deck folder: writing it must not start the next rebuild
        return not (self.ignore and Path(path) in {Path(p).resolve() for p in self.ignore()})


def _changes(batch: set[tuple[watchfiles.Change, str]], roots: Roots) -> list[Changed]:
    """A batch of raw events → one Changed per file, sorted by path. Judged by what is on disk now,
    because editors save by delete-and-create or rename, which arrive as several events per file."""
    kinds: dict[str, set[watchfiles.Change]] = {}
    for change, raw in batch:
        kinds.setdefault(raw, set()).add(change)
    out = []
    for raw, seen in kinds.items():
        found = _under(raw, roots)
        if found is None or os.path.isdir(raw):
            continue  # a folder's own event: the files in it have theirs
        if os.path.exists(raw):
            kind = "added" if seen == {watchfiles.Change.added} else "changed"
        elif watchfiles.Change.added in seen:
            continue  # made and removed within one batch (e.g. vim's "4913" probe): nothing to read
        else:
            kind = "removed"
        out.append(Changed(kind, found[0] / found[1]))
    return sorted(out, key=lambda c: c.path)


def deck_folders(deck: str, template_name: str | None = None) -> list[Path]:
    """The folders a deck is made of: the deck folder (or a spreadsheet's folder) and its template's
    folders, the templates it extends included. Reads only deck.yaml's `template:` (it is asked again
    after every rebuild, and reading the cards would cost a build's worth)."""
    import yaml

    from fichegen.content.sheet import is_sheet, split
    from fichegen.style.template import folders as template_folders

    if is_sheet(deck):  # a spreadsheet without deck.yaml: its folder, and the default template
        return [split(deck)[0].parent] + template_folders(template_name or "default")
    name = template_name
    if not name:
        try:
            doc = yaml.safe_load((Path(deck) / "deck.yaml").read_text(encoding="utf-8"))
            name = doc.get("template") if isinstance(doc, dict) else None
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            name = None
    return [Path(deck)] + template_folders(name if isinstance(name, str) and name else "default")


def watch(folders_of: Callable[[], list[Path]], rebuild: Callable[[list[Changed]], str],
          report: Callable[[str], None], *, stop: threading.Event | None = None, debounce_ms: int = 50,
          ignore: Callable[[], Iterable[Path]] | None = None) -> None:
    """Call `report(rebuild([]))` once, then `report(rebuild(changed))` after each batch of changes to
    files under `folders_of()`. `changed` is a list of Changed (kind, path) tuples sorted by path:
    `[str(c) for c in changed]` are the lines to print, `[c.path for c in changed]` the files to
    reread. A batch ends once no event came for `debounce_ms` (or 1.6 s into a steady stream), so a
    burst of saves is one rebuild. `ignore()` names files whose changes never count (the output).

    `folders_of()` is asked again after each rebuild; when the set changed (deck.yaml names another
    template) the watch moves to the new set, and rebuilds once more as soon as it is subscribed there: a
    file saved while it moved (or half-written when the folders were asked for, as editors that truncate
    before writing leave it) has no event of its own. Returns when `stop` is set (checked every
    `debounce_ms`) or no folder is left; KeyboardInterrupt propagates. Edits made during the first build
    are only seen with the next event."""
    report(rebuild([]))
    roots = _roots(folders_of())
    moved = False  # subscribed anew: the first wait that ends, with events or without, rebuilds
    while roots and not (stop and stop.is_set()):
        events = watchfiles.watch(*(real for _, real in roots), watch_filter=_Filter(roots, ignore),
                                  step=debounce_ms, stop_event=stop, raise_interrupt=True,
                                  rust_timeout=_WAKE_MS, yield_on_timeout=True)
        with closing(events):  # leaving it ends the subscription
            for batch in events:
                changed = _changes(batch, roots)
                if not changed and not moved:
                    continue  # a quiet spell (or only editors' files)
                moved = False
                report(rebuild(changed))
                now = _roots(folders_of())
                if now != roots:
                    roots, moved = now, True
                    break  # the loop subscribes to the new folders
            else:
                return  # stopped


def watch_deck(deck: str, options, say: Callable[[str], None]) -> None:
    """`fichegen watch`: build `deck` as `options` (a BuildOptions) say, then again after each batch of
    changes to its folders (deck_folders), with one MemoryCache kept between builds, so a rebuild redoes
    only the cards that changed. `say` prints what changed, what was written and how long it took, or the
    problems (the last good PDF stays); until Ctrl-C."""
    import time

    from fichegen.cache import MemoryCache
    from fichegen.errors import FichegenError
    from fichegen.pipeline import build_cached

    def folders():
        return deck_folders(deck, options.template)

    written: set[Path] = set()  # the PDFs this watch wrote: their changes are no reason to rebuild

    def rebuild(changed):
        started = time.perf_counter()
        lines = [str(c) for c in changed]
        try:
            result = build_cached(deck, options, cache=cache)
            written.add(Path(result.path))
            lines += [str(w) for w in result.warnings]
            lines.append(f"wrote {result.path} in {time.perf_counter() - started:.1f} s")
        except FichegenError as e:
            lines += [str(p) for p in e.problems]
            lines.append(f"not rebuilt ({len(e.problems)} problem{'s' if len(e.problems) != 1 else ''}); "
                         "the last good PDF is unchanged; waiting for the next change")
        return "\n".join(lines)

    cache = MemoryCache()  # a rebuild redoes only the cards that changed
    say(f"watching {', '.join(str(f) for f in folders())} (Ctrl-C stops)")
    try:
        watch(folders, rebuild, say, ignore=lambda: written)
    except KeyboardInterrupt:
        say("stopped")
