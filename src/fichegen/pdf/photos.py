"""A card's JPEG or PNG picture (a photo) as an image XObject of its own, made here rather than drawn in
the resource document: ReportLab would encode its samples (ASCII85) only for pypdf to decode them again,
seconds for a few photos, and a document made again for one new character would make every photo again.

A photo is made from its file's bytes, the pixels it is reduced to and the ink limit, and `key` names
exactly those, so the build cache keeps each photo on its own (pipeline/drawing.py); a Kit is the
resource document with the photos it needs added (resources.compose): a handout's own, or one preview
card's."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from fichegen import icc, keys
from fichegen.pdf.writer import Name, stream_body
from fichegen.style import assets


@dataclass(frozen=True)
class Photo:
    """A photo's image XObject: 8-bit DeviceCMYK samples, deflated."""

    name: str  # its XObject name, from its key: the same in every kit that holds it
    width: int
    height: int
    body: bytes  # the object as written, dictionary and stream: kept whole, so composing a kit copies nothing


def key(path: str, digest: str, most: tuple[int, int] | None, ink_limit: float) -> str:
    """What a photo is made from: the file's bytes (by their digest) and the decoder its name asks for,
    the most pixels it is reduced to, the ink limit, and the output profile it is converted to."""
    return "photo " + keys.digest(Path(path).suffix.lower(), digest, most, ink_limit, icc.path("fogra39l").read_bytes())


def photo(path: str, digest: str, most: tuple[int, int] | None, ink_limit: float) -> Photo:
    """The picture as print needs it (style.assets.picture: upright, reduced to at most `most` pixels,
    colour-managed, within `ink_limit`), its samples deflated at a fixed level: the same bytes in every
    process."""
    image = assets.picture(path, most, ink_limit)
    name = "Photo" + key(path, digest, most, ink_limit).split()[1][:16]
    head = {"BitsPerComponent": 8, "ColorSpace": Name("DeviceCMYK"), "Height": image.height, "Subtype": Name("Image"),
            "Type": Name("XObject"), "Width": image.width, "Filter": Name("FlateDecode")}
    return Photo(name, image.width, image.height, stream_body(head, zlib.compress(image.tobytes(), 6)))
