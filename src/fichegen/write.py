"""Write stage: output files appear whole or not at all; a failed build leaves earlier output untouched."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import FichegenError, Problem


def write_atomic(path: str | Path, data: bytes) -> Path:
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
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise FichegenError(Problem(str(path), None, f"cannot write: {e.strerror}")) from None
    return path
