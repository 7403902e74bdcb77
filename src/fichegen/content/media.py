"""A card's keys for what is not text: `image:` (a picture), `link:` and `qr:` (a QR code on the back),
and the lines of the icons its text names. deck.py reads the card; this reads these keys of it."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from fichegen.content import markup, pictures
from fichegen.content.files import is_draft
from fichegen.content.source import Located, describe
from fichegen.errors import Problems, suggest

IMAGE_KEYS = ("file", "side")


def picture(data: dict[str, Located], path: Path, problems: Problems) -> pictures.Picture | None:
    """`image: {file: foto.jpg, side: front}` (or `image: foto.jpg`, on the front): the file named,
    confined to the deck folder; its pixels are read later, once per file (inspect_pictures)."""
    loc = data.get("image")
    if loc is None or loc.value is None:
        return None
    value = loc.value
    if isinstance(value, str):
        value = {"file": Located(value, loc.line)}
    if not isinstance(value, dict):
        problems.add(path, loc.line, f"image: expected a mapping like {{file: foto.jpg, side: front}}, got {describe(loc.value)}")
        return None
    for key, item in value.items():
        if key not in IMAGE_KEYS:
            problems.add(path, item.line, f"unknown key 'image.{key}'{suggest(key, IMAGE_KEYS)}")
    file, side = value.get("file"), value.get("side")
    where = side.value if side is not None else "front"
    if where not in pictures.SIDES:
        problems.add(path, side.line, f"image.side: expected front or back, got {describe(where) if not isinstance(where, str) else repr(where)}")
        return None
    if file is None or not isinstance(file.value, str) or not file.value.strip():
        problems.add(path, (file or loc).line, "image.file: expected a file name such as foto.jpg")
        return None
    name = file.value.strip()
    try:
        found = pictures.resolve(path.parent, path, name)
    except pictures.PictureError as e:
        problems.add(path, file.line, f"image: {e}")
        return None
    if not found.is_file():
        sub = Path(name).parent  # the names suggested are written as the card would name them
        here = sorted((sub / p.name).as_posix() for p in found.parent.iterdir() if p.is_file()
                      and p.suffix.lower() in pictures.KINDS and not is_draft(p.name)) if found.parent.is_dir() else []
        problems.add(path, file.line, f"image: no file '{name}' in {path.parent.resolve().name}/{suggest(name, here)}")
        return None
    return pictures.Picture(str(found.resolve()), name, where, file.line)


def link(data: dict[str, Located], path: Path, problems: Problems) -> str:
    loc = data.get("link")
    if loc is None or loc.value is None:
        return ""
    if not isinstance(loc.value, str) or not loc.value.strip():
        problems.add(path, loc.line, f"link: expected a web address such as www.example.org, got {describe(loc.value)}")
        return ""
    value = loc.value.strip()
    if re.search(r"\s", value):
        problems.add(path, loc.line, f"link: '{value}' has a space in it; a web address has none")
        return ""
    return value


def flag(data: dict[str, Located], key: str, path: Path, problems: Problems) -> bool | None:
    """A yes/no key (`qr: true`); None when it is not given."""
    loc = data.get(key)
    if loc is None or loc.value is None:
        return None
    if not isinstance(loc.value, bool):
        problems.add(path, loc.line, f"{key}: expected true or false, got {describe(loc.value)}")
        return None
    return loc.value


def address(text: str) -> str:
    """What a QR code encodes for a link or footer: https:// added when it names no scheme."""
    text = text.strip()
    return text if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", text) and not re.match(r"^[^:/]+:\d", text) else "https://" + text


def icon_lines(data: dict[str, Located]) -> tuple[tuple[str, int], ...]:
    """Each icon the card's text names, with the line of the key, bullet or text naming it."""
    out: list[tuple[str, int]] = []
    for key in ("label", "title", "front", "back"):
        loc = data.get(key)
        if loc is None:
            continue
        items = loc.value if isinstance(loc.value, list) else [loc]
        for item in map(icon_bullet, items):
            if isinstance(item.value, str):
                out += [(name, item.line) for name in markup.icons(item.value)]
    return tuple(out)


_ENDS_IN_ICON = re.compile(r"(?<![^\s(\[{\"'“‘«„:*]):" + markup.ICON_NAME + r"$")


def icon_bullet(item: Located) -> Located:
    """A bullet YAML read as a mapping because an icon was followed by a space (`- Bel :phone: nu` is,
    to YAML, the key 'Bel :phone' with the value 'nu'): the text as written."""
    if isinstance(item.value, dict) and len(item.value) == 1:
        (key, value), = item.value.items()
        if _ENDS_IN_ICON.search(key) and (value.value is None or isinstance(value.value, (str, int, float))):
            rest = "" if value.value is None else f" {value.value}"
            return Located(f"{key}:{rest}", item.line)
    return item


def inspect_pictures(cards: list, cache, problems: Problems) -> list:
    """The cards with their pictures measured; a picture that cannot be used is a problem at the
    card's `image:` line, and its card is left out."""
    named = [card.image for card in cards if card.image is not None]
    if not named:
        return cards
    found = iter(pictures.inspected(named, cache))
    out = []
    for card in cards:
        if card.image is None:
            out.append(card)
            continue
        picture = next(found)
        if isinstance(picture, pictures.PictureError):
            problems.add(card.path, card.image.line, f"card '{card.id}' image: {picture}")
            continue
        out.append(replace(card, image=picture))
    return out


def check_codes(cards: list, deck_qr: bool, footer: str, qr: Located | None, deck_file: Path, problems: Problems) -> None:
    """Every card with a QR code has an address to encode: its link, else the deck's footer."""
    said = False  # the deck's qr: is reported once, at the first card it leaves without an address
    for card in cards:
        wanted = deck_qr if card.qr is None else card.qr
        if wanted and not card.link and not footer.strip():
            if card.qr:
                problems.add(card.path, card.line, f"card '{card.id}' has qr: true but no link: to encode, and the deck no footer:; "
                                                   "add a line 'link: www.example.org'")
            elif not said:
                problems.add(deck_file, qr.line if qr else None, f"qr: true, but card '{card.id}' has no link: and the deck no footer: "
                                                                 "to encode; add 'footer: www.example.org' here or a link: to the card")
                said = True
