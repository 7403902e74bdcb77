"""An SVG file as ReportLab's drawing (svglib), and its shapes one by one: what a card's SVG picture and
a template's SVG logos and icons are read with, so every reader refuses the same files alike."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator


class SvgError(ValueError):
    """The file is no SVG drawing fichegen can print; the message says why, naming the file."""


def read(path: str | Path):
    """The drawing. svglib never resolves entities, so an entity bomb is no danger."""
    from svglib.svglib import svg2rlg

    name = Path(path).name
    try:
        drawing = svg2rlg(str(path))
    except Exception as e:  # noqa: BLE001 - svglib raises many kinds for bad files
        raise SvgError(f"'{name}' cannot be read as SVG ({e})") from None
    if drawing is None or not drawing.width or not drawing.height:
        raise SvgError(f"'{name}' cannot be read as SVG (no size)")
    return drawing


def shapes(node) -> Iterator:
    """Every shape under `node`, each once, a group before what it holds."""
    for child in getattr(node, "contents", []):
        yield child
        yield from shapes(child)
