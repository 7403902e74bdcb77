"""Write stage: output files appear whole or not at all; a failed build leaves earlier output untouched."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from fichegen.errors import FichegenError, Problem


@contextmanager
def open_atomic(path: str | Path) -> Iterator[BinaryIO]:
    """A file to write `path` through: a temporary sibling, moved into place only when the block ends
    without an error, so a file can be written as it is made and still appear whole or not at all."""
    path = Path(path)
    if path.is_dir():
        raise FichegenError(Problem(str(path), None, "is a folder; give a file name such as deck.pdf"))
    blocker = next((p for p in path.parents if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        raise FichegenError(Problem(str(path), None, f"cannot write here: '{blocker.name}' is a file, not a folder"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise FichegenError(Problem(str(path), None, f"cannot write here: {e.strerror}")) from None
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise FichegenError(Problem(str(path), None, f"cannot write: {e.strerror}")) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_folder_atomic(path: str | Path, files: dict[str, bytes]) -> Path:
    """Write a folder whole: into a temporary sibling first, then swapped into place, so a failure
    never leaves a half-written order and an earlier good one survives until the new one is complete."""
    import shutil

    path = Path(path)
    if path.exists() and not path.is_dir():
        raise FichegenError(Problem(str(path), None, "is a file; give a folder name for the order"))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    except OSError as e:
        raise FichegenError(Problem(str(path), None, f"cannot write here: {e.strerror}")) from None
    try:
        for name, data in files.items():
            target = tmp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        tmp.chmod(0o755)
        old = None
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent))
            old.rmdir()
            os.replace(path, old)
        os.replace(tmp, path)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise FichegenError(Problem(str(path), None, f"cannot write: {e.strerror}")) from None
    return path
