"""ICC output profiles shipped with fichegen, as package data (each with its licence file beside it).

Here, not in style/ or printshop/, so both can use a profile without importing each other."""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def available() -> list[str]:
    """The shipped profiles' names: their file names without .icc."""
    return sorted(p.stem for p in FOLDER.glob("*.icc"))


def path(name: str) -> Path:
    """The shipped profile `name` ('fogra39l' or 'fogra39l.icc'); KeyError when there is none."""
    file = FOLDER / (name if name.endswith(".icc") else f"{name}.icc")
    if not file.is_file():
        raise KeyError(f"no shipped ICC profile '{name}'; shipped: {', '.join(available())}")
    return file


MAX_BYTES = 5_000_000  # an output profile is tens of kilobytes to a few megabytes


def problem(file: Path) -> str:
    """Why `file` cannot be a print file's output profile ('' when it can): it must be an ICC profile
    (the signature 'acsp' at byte 36) of an output device (class 'prtr') in CMYK."""
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            return f"'{file.name}' is {size:,} bytes; an output profile is at most {MAX_BYTES:,}"
        head = file.read_bytes()[:128]
    except OSError as e:
        return f"cannot read '{file.name}': {e.strerror or e}"
    if len(head) < 128 or head[36:40] != b"acsp":
        return f"'{file.name}' is not an ICC profile"
    if head[16:20] != b"CMYK" or head[12:16] != b"prtr":
        return (f"'{file.name}' is an ICC profile of class '{head[12:16].decode('latin-1')}' for "
                f"{head[16:20].decode('latin-1').strip()}; a print file's output intent needs a CMYK output (printer) profile")
    return ""
