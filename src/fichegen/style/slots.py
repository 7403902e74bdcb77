"""The template's places for what is not text: picture slots (`pictures:`), the QR code (`qr:`), and the
icons in the `icons/` folders of the template and those it extends. template.py reads the rest."""

from __future__ import annotations

import re
from pathlib import Path

from fichegen.errors import Problems, suggest
from fichegen.style.model import MM, CodeSlot, PictureSlot, Template

PICTURE_KEYS = ("position", "height", "fit")
PICTURE_POSITIONS = ("top", "bottom")
FITS = ("cover", "contain")
CODE_KEYS = ("position", "size")
MIN_CODE = 15.0  # mm: smaller codes fail in phones' cameras at arm's length
_ICON = re.compile(r"^[a-z][a-z0-9-]*$")


def schema() -> dict:
    """The keys these add to template.SCHEMA."""
    return {"pictures": {side: dict.fromkeys(PICTURE_KEYS) for side in ("front", "back")},
            "qr": dict.fromkeys(CODE_KEYS)}


def pictures(r) -> dict[str, PictureSlot]:
    """pictures.front / pictures.back: position (top or bottom), height in mm, fit (cover or contain)."""
    out = {}
    for side in ("front", "back"):
        if not r.tree.get("pictures", {}).get(side):
            continue
        keys = ("pictures", side)
        position = _choice(r, keys + ("position",), PICTURE_POSITIONS, "bottom")
        fit = _choice(r, keys + ("fit",), FITS, "cover")
        height = r.number(*keys, "height", default=50.0, low=15, high=180) * MM
        if position and fit:
            out[side] = PictureSlot(position, height, fit)
    return out


def code(r, positions: tuple[str, ...], taken: set[str]) -> CodeSlot | None:
    """qr: position (a corner, as for logos) and size in mm (at least MIN_CODE). A corner inherited from
    a parent template that this template gives to a logo or the corner number (`taken` on the back)
    moves to the next free one; a corner the template names itself is checked by check_places."""
    if not r.tree.get("qr"):
        return None
    position = _choice(r, ("qr", "position"), positions, "top-right")
    leaf = r.leaf("qr", "position")
    own = leaf is not None and Path(leaf.path).parent == Path(r.folder)
    if position in taken and not own:
        position = next((p for p in positions if p not in taken), position)
    size = r.number("qr", "size", default=18.0, low=MIN_CODE, high=60)
    return CodeSlot(position, size * MM) if position else None


def taken_on_back(logos: dict, corner) -> set[str]:
    """The back's corners a logo or the corner number holds."""
    out = {logo.position for side, logo in logos.items() if side == "back"}
    if corner is not None and "back" in corner.sides:
        out.add("top-right")
    return out


def _choice(r, keys: tuple[str, ...], allowed: tuple[str, ...], default: str) -> str | None:
    leaf = r.leaf(*keys)
    if leaf is None:
        return default
    if leaf.value not in allowed:
        r.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: expected {', '.join(allowed[:-1])} or {allowed[-1]}, "
                                             f"got {leaf.value!r}{suggest(str(leaf.value), allowed)}")
        return None
    return leaf.value


def icons(folders: list[Path], problems: Problems) -> dict[str, str]:
    """name → SVG file, from each folder's icons/ (the folders as template.folders gives them, the
    template's own first): a template's own icon replaces the one of that name it inherits."""
    out: dict[str, str] = {}
    for folder in reversed(folders):
        here = folder / "icons"
        if not here.is_dir():
            continue
        for path in sorted(here.glob("*.svg")):
            if not _ICON.match(path.stem):
                problems.add(path, None, f"an icon's file name is lower-case letters, digits and hyphens, like "
                                         f"'{re.sub('[^a-z0-9-]+', '-', path.stem.lower()).strip('-') or 'info'}.svg'")
                continue
            out[path.stem] = str(path.resolve())
    return dict(sorted(out.items()))


def check_places(t: Template, r, problems: Problems) -> None:
    """The QR code may not share a corner of the back with a logo or the corner number."""
    if t.qr is None:
        return
    leaf = r.leaf("qr", "position") or r.leaf("qr", "size")
    where = (leaf.path, leaf.line) if leaf else (str(Path(t.folder) / "template.yaml"), None)
    logo = t.logos.get("back")
    if logo is not None and logo.position == t.qr.position:
        problems.add(*where, f"qr: the back's logo is at {logo.position}; put the QR code in another corner")
    if t.corner_number and "back" in t.corner_number.sides and t.qr.position == "top-right":
        problems.add(*where, "qr: the corner number is at top-right on the back; put the QR code at bottom-left or bottom-right")
