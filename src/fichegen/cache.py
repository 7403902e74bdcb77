"""The build cache: an object the pipeline is handed and passes to the stages that can use it (the
content stage for parsed card files, layout for each card's fit, the PDF stage for each card's drawn
faces and the resource document). Nothing imports a cache; without one every stage does all its work,
and the bytes written are the same.

Keys (fichegen.keys) hash everything a value depends on, so a changed input can only miss, never be
served stale; a disk cache also keys on `code_key()` (fichegen's source and the versions of the
libraries whose output ends up in the file). Values are pickled plain data."""

from __future__ import annotations

import os
import pickle
import sqlite3
from pathlib import Path
from typing import NamedTuple

from fichegen.keys import code_key, digest


def folder() -> Path:
    if os.environ.get("FICHEGEN_CACHE"):
        return Path(os.environ["FICHEGEN_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "fichegen"


class MemoryCache:
    """Values kept in this process: for `watch`, which rebuilds the same deck again and again. Entries
    a build did not use are dropped when it finishes, so it holds one build's worth. An immutable value
    (bytes, text, a tuple, a frozen dataclass: what the stages keep) is kept as it is; anything else is
    kept pickled, so what is handed out is a copy no caller can change under the cache's feet."""

    def __init__(self):
        self.entries: dict[str, object] = {}
        self.used: set[str] = set()

    def get(self, key: str):
        self.used.add(key)
        value = self.entries.get(key)
        return pickle.loads(value.data) if isinstance(value, _Pickled) else value

    def put(self, key: str, value) -> None:
        self.used.add(key)
        self.entries[key] = value if _immutable(value) else _Pickled(pickle.dumps(value, protocol=5))

    def close(self, keep: bool) -> None:
        if keep:
            self.entries = {k: v for k, v in self.entries.items() if k in self.used}
        self.used = set()


class _Pickled(NamedTuple):
    data: bytes


def _immutable(value) -> bool:
    if isinstance(value, (bytes, str, int, float, frozenset)):
        return True
    if isinstance(value, tuple):  # a named tuple (Span) too
        return all(map(_immutable, value))
    params = getattr(value, "__dataclass_params__", None)
    return params is not None and params.frozen


class DiskCache:
    """Values in one SQLite file per deck and settings, in FICHEGEN_CACHE (default: the user's cache
    folder). `close(keep=True)` commits this build's entries and drops the ones it did not use;
    `close(keep=False)` (a failed build) forgets what it added. A cache that cannot be read or written
    (locked, damaged, read-only) is treated as empty: it may slow a build, never fail one."""

    def __init__(self, name: str):
        self.used: set[str] = set()
        self.db: sqlite3.Connection | None = None
        try:
            path = folder() / (digest(code_key(), name)[:32] + ".sqlite")
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=1)
            self.db.execute("PRAGMA journal_mode=WAL")  # a crash loses at most the last build's entries
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB)")
        except (OSError, sqlite3.Error):
            self._give_up()

    def _give_up(self) -> None:
        if self.db is not None:
            try:
                self.db.close()
            except sqlite3.Error:
                pass
        self.db = None

    def get(self, key: str):
        self.used.add(key)
        if self.db is None:
            return None
        try:
            row = self.db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            return None if row is None else pickle.loads(row[0])
        except Exception:  # noqa: BLE001 - a damaged file or entry, in whatever way: no cache from here on
            self._give_up()
            return None

    def put(self, key: str, value) -> None:
        self.used.add(key)
        if self.db is None:
            return
        try:
            self.db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, pickle.dumps(value, protocol=5)))
        except sqlite3.Error:
            self._give_up()

    def close(self, keep: bool) -> None:
        if self.db is None:
            return
        try:
            if keep:
                stale = [k for (k,) in self.db.execute("SELECT key FROM entries") if k not in self.used]
                self.db.executemany("DELETE FROM entries WHERE key = ?", ((k,) for k in stale))
                self.db.commit()
            else:
                self.db.rollback()
        except sqlite3.Error:
            pass
        self._give_up()
