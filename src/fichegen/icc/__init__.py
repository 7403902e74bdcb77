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
