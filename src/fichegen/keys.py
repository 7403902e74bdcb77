"""Keys for cached values: digests of everything a value depends on. Pure functions, so any stage can
name what it would keep without holding a cache (which the pipeline hands it, or not)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path


def digest(*parts) -> str:
    """A hash of `parts` (bytes as they are, anything else by its repr), each followed by a zero byte."""
    return hashlib.sha256(b"".join((p if isinstance(p, bytes) else repr(p).encode()) + b"\0" for p in parts)).hexdigest()


@lru_cache(maxsize=None)
def code_key() -> str:
    from fichegen import __version__

    source = sorted(Path(__file__).parent.rglob("*.py"))  # the whole package
    return digest(__version__, *(p.read_bytes() for p in source), *map(_version_text, ("reportlab", "pyphen", "pypdf", "PIL", "segno")))


def _version_text(package: str) -> bytes:
    """The files that state an installed package's version, read without importing it."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    where = Path(spec.origin).parent if spec and spec.origin else None
    if where is None:
        return b""
    return b"".join(f.read_bytes() for f in (where / "__init__.py", where / "_version.py") if f.is_file())


def template_key(tmpl) -> str:
    """The template as loaded, with the bytes of every font and logo file it uses."""
    files = sorted({f.path for faces in tmpl.fonts.values() for f in faces.values() if f is not None}
                   | {logo.path for logo in tmpl.logos.values()} | set(tmpl.icons.values()))
    return digest(tmpl, *(Path(p).read_bytes() for p in files))


def made(cache, key: str, make):
    """What `cache` holds under `key`, or make(), kept there."""
    found = cache.get(key)
    if found is None:
        found = make()
        cache.put(key, found)
    return found
