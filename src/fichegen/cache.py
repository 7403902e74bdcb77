"""The build cache: what a card's parts cost to make (its parsed file, its fit, its drawn pages; and the
deck's words as hyphenated), kept under keys that hash everything the part depends on, so a changed input
can only miss, never be served stale. Every key starts from `code_key()`: fichegen's version and source,
and the versions of the libraries whose output ends up in the file. Template keys hash the font and logo
files' bytes; a card file's key, its bytes, which are not read again while its place, size and times stay
as they were (Cache.contents).

One SQLite file per deck, template and layout, in FICHEGEN_CACHE (default: the user's cache folder).
After a build, entries it did not use are dropped, so the cache holds one build's worth."""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import sqlite3
import time
from functools import lru_cache
from pathlib import Path


def folder() -> Path:
    if os.environ.get("FICHEGEN_CACHE"):
        return Path(os.environ["FICHEGEN_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "fichegen"


def digest(*parts) -> str:
    """A hash of `parts` (bytes as they are, anything else by its repr), each followed by a zero byte."""
    return hashlib.sha256(b"".join((p if isinstance(p, bytes) else repr(p).encode()) + b"\0" for p in parts)).hexdigest()


def joined(key: str, other: str) -> str:
    """A key for a key (a hex digest) and a text together, made quicker than digest(): a rebuild makes
    thousands. The text must not hold a zero character."""
    return hashlib.sha256(f"{key}\0{other}".encode()).hexdigest()


@lru_cache(maxsize=None)
def code_key() -> str:
    from fichegen import __version__

    source = sorted(Path(__file__).parent.rglob("*.py"))
    return digest(__version__, *(p.read_bytes() for p in source), *map(_version_text, ("reportlab", "pyphen", "pypdf")))


def _version_text(package: str) -> bytes:
    """The files that state an installed package's version (without importing it, or reading every
    installed distribution's metadata, which takes longer than a small rebuild)."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    folder = Path(spec.origin).parent if spec and spec.origin else None
    if folder is None:
        return b""
    return b"".join(f.read_bytes() for f in (folder / "__init__.py", folder / "_version.py") if f.is_file())


@lru_cache(maxsize=64)
def _file_key(path: str, size: int, mtime: int) -> str:
    return digest(Path(path).read_bytes())


def file_key(path: str) -> str:
    st = os.stat(path)
    return _file_key(path, st.st_size, st.st_mtime_ns)


def template_key(tmpl) -> str:
    """The template as loaded, with the bytes of every font and logo file it uses."""
    files = sorted({f.path for faces in tmpl.fonts.values() for f in faces.values() if f is not None}
                   | {logo.path for logo in tmpl.logos.values()})
    return digest(code_key(), tmpl, *(file_key(p) for p in files))


SETTLED_NS = 2_000_000_000  # more than any file system's clock tick (FAT's is two seconds)
# Whether a file's change time moves whenever it is written (POSIX). On Windows it is the time the file
# was made, and a tool may write a file and set its modification time back: there, files are always read.
STAMPS_VOUCH = os.name != "nt"

_OBJECTS = True  # whether remembered() may use the disk; off for builds from scratch


def use_disk(on: bool) -> None:
    global _OBJECTS
    _OBJECTS = on


def remembered(key: tuple, make):
    """make(), or what it made last time: for slow-to-make objects that depend only on installed files
    (a hyphenation dictionary, a font's tables), kept as pickles beside the build caches."""
    if not _OBJECTS:
        return make()
    path = folder() / "objects" / (digest(code_key(), *key)[:32] + ".pickle")
    try:
        return _unpickled([path.read_bytes()])[0]
    except Exception:  # noqa: BLE001 - missing, or damaged in any of the ways a pickle can be: make it again
        pass
    made = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(made, protocol=5))
        os.replace(tmp, path)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        pass  # a cache that cannot be written is no cache, not an error
    return made


def _stamp(path: str) -> tuple[int, int, int, int, int]:
    """A file's place (device, inode), size, and modification and change times in nanoseconds."""
    st = os.stat(path)
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


class Cache:
    """get/put pickled values by key; `close(keep=True)` keeps this build's entries and drops the ones
    it did not use. A cache that cannot be read or written (a locked, damaged or read-only file) is
    treated as empty: it may slow a build, never fail one."""

    def __init__(self, name: str):
        self.used: set[str] = set()
        self.sources: dict[str, str] = {}  # card file → the key of its bytes, path and place
        self.chars: dict[tuple[str, str], set[str]] = {}  # glyphs.card_chars of every card read, together
        self.db: sqlite3.Connection | None = None
        try:
            path = folder() / (digest(name)[:32] + ".sqlite")
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=1)
            # a write-ahead log commits without waiting for the disk, and a crash loses at most the last
            # build's entries, never the file
            self.db.execute("PRAGMA journal_mode=WAL")
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

    def source(self, path: str) -> str:
        return self.sources.get(path, "")

    def contents(self, paths: list) -> list[str | None]:
        """Each file's content digest (None: unreadable). A file whose place, size and times are those it
        had at the last build is not read again, unless it had changed within SETTLED_NS of being read
        then: a file can change again within one tick of the file system's clock, its times unchanged."""
        name = "files " + code_key()
        before = self.get(name) or {}
        paths = [str(p) for p in paths]
        now, after, out, dirty = time.time_ns(), {}, [], False
        for path in paths:
            try:
                stamp = _stamp(path)
            except OSError:
                out.append(None)
                continue
            known = before.get(path)
            if known is not None and known[0] == stamp:
                content = known[1]
            else:
                try:
                    with open(path, "rb", buffering=0) as f:  # for a thousand small files, twice as quick as Path.read_bytes
                        content = hashlib.sha256(f.readall()).hexdigest()
                except OSError:
                    out.append(None)
                    continue
                # a change between the stat and the read gives the file new times: read again next build
            if STAMPS_VOUCH and now - max(stamp[3], stamp[4]) > SETTLED_NS:
                after[path] = (stamp, content)
                dirty = dirty or known != after[path]
            out.append(content)
        # a file that changed just now is read again next build whether it is kept or not: its stamp
        # will differ from the one kept before
        if dirty or before.keys() - set(paths):
            self.put(name, after)
        return out

    def empty(self) -> bool:
        """Whether the cache holds nothing (the first build with it)."""
        try:
            return self.db is None or self.db.execute("SELECT 1 FROM entries LIMIT 1").fetchone() is None
        except sqlite3.Error:
            return True

    def get(self, key: str):
        return self.get_many([key])[0]

    def get_many(self, keys: list[str]) -> list:
        """get for many keys at once (one query per few hundred keys, not one per key)."""
        self.used.update(keys)
        if self.db is None:
            return [None] * len(keys)
        found: dict[str, bytes] = {}
        unique = list(dict.fromkeys(keys))
        try:
            for i in range(0, len(unique), 500):
                part = unique[i:i + 500]
                found.update(self.db.execute(f"SELECT key, value FROM entries WHERE key IN ({','.join('?' * len(part))})", part))
            return _unpickled([found.get(k) for k in keys])
        except Exception:  # noqa: BLE001 - a damaged file or entry, in whatever way: no cache from here on
            self._give_up()
            return [None] * len(keys)

    def put(self, key: str, value) -> None:
        self.used.add(key)
        if self.db is None:
            return
        try:
            self.db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, pickle.dumps(value, protocol=5)))
        except sqlite3.Error:
            self._give_up()

    def close(self, keep: bool) -> None:
        """Commit this build's entries and drop the ones it did not use (keep), or forget them."""
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


class _Unpickler(pickle.Unpickler):
    """Looks each class up once: pickle looks up every class an entry names through the import system,
    which takes longer than the rest of unpickling a small entry (a card names four)."""

    classes: dict[tuple[str, str], object] = {}

    def find_class(self, module: str, name: str):
        found = self.classes.get((module, name))
        if found is None:
            found = self.classes[module, name] = super().find_class(module, name)
        return found


def _unpickled(values: list) -> list:
    """Unpickling a deck's worth of entries makes many objects and no garbage: the collector, which would
    look through every object in memory several times meanwhile, waits until it is done."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return [_Unpickler(io.BytesIO(v)).load() if v is not None else None for v in values]
    finally:
        if collecting:
            gc.enable()


class NoCache:
    def __init__(self):
        self.sources: dict[str, str] = {}
        self.chars: dict[tuple[str, str], set[str]] = {}

    def get_many(self, keys: list[str]) -> list:
        return [None] * len(keys)

    def source(self, path: str) -> str:
        return ""

    def empty(self) -> bool:
        return True

    def get(self, key: str):
        return None

    def put(self, key: str, value) -> None:
        pass

    def close(self, keep: bool) -> None:
        pass
