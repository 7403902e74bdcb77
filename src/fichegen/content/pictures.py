"""A card's picture file: where it may be, and whether it is the image it says it is.

`image: {file: foto.jpg, side: front}` names a file beside the card (sub-folders allowed, never outside
the deck folder). Every picture is opened here, once per distinct file: a file that is missing, not the
kind of image its name says, truncated, or so large that decoding it would exhaust memory (a
decompression bomb) is a problem at the card's line, never a crash. The PDF stage opens the same file
through `open_raster` again, with the same limits."""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass, replace
from pathlib import Path

from fichegen.content import svg

RASTER = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
KINDS = (*RASTER, ".svg")
MAX_PIXELS = 60_000_000  # a 60-megapixel photo; more is a bomb, or far more than an A5 card can print
MAX_BYTES = 50_000_000
SIDES = ("front", "back")


class PictureError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Picture:
    """A card's picture: the file (absolute), as written, the side it goes on and the line it is named on;
    once inspected, its size (pixels for JPEG and PNG, points for SVG) and a digest of its bytes."""

    file: str
    name: str
    side: str
    line: int
    size: tuple[float, float] = (0.0, 0.0)
    digest: str = ""

    @property
    def vector(self) -> bool:
        return self.file.lower().endswith(".svg")


def resolve(deck_folder: Path, card_file: Path, name: str) -> Path:
    """The file a card names, relative to the card file; raises PictureError when it is absolute or
    leads out of the deck folder."""
    if Path(name).is_absolute() or name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise PictureError(f"'{name}' is an absolute path; name the file relative to the card, inside the deck folder")
    if ".." in Path(name.replace("\\", "/")).parts:
        raise PictureError(f"'{name}' leads out of the card's folder ('..'); put the picture in the deck folder")
    path = card_file.parent / name
    if not path.resolve().is_relative_to(deck_folder.resolve()):
        raise PictureError(f"'{name}' is outside the deck folder; put the picture in the deck folder")
    if Path(name).suffix.lower() not in KINDS:
        raise PictureError(f"'{name}' is not a picture fichegen can place; use JPEG, PNG or SVG")
    return path


def open_raster(path: Path):
    """A JPEG or PNG file opened, decoded whole and turned upright (EXIF orientation), within the limits;
    raises PictureError with a reason. Only the decoder the file's name asks for is tried, so no other
    kind of file (EPS, which Pillow would hand to Ghostscript) is ever read as a picture."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    kind = RASTER[path.suffix.lower()]
    try:
        size = path.stat().st_size
    except OSError as e:
        raise PictureError(f"cannot read '{path.name}': {e.strerror}") from None
    if size > MAX_BYTES:
        raise PictureError(f"'{path.name}' is {size / 1e6:.0f} MB; the limit is {MAX_BYTES // 1_000_000} MB")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's bomb limit, set to ours: a warning above it, an error at twice
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path, formats=[kind])
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError("")
            image.load()
            return ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PictureError(f"'{path.name}' claims more pixels than the {MAX_PIXELS // 1_000_000}-megapixel limit "
                           "(a damaged or hostile file?); use a smaller picture") from None
    except UnidentifiedImageError:
        other = _sniff(path)
        hint = f" (it is {other} data; rename it to {path.stem}{'.jpg' if other == 'JPEG' else '.png'})" if other and other != kind else ""
        raise PictureError(f"'{path.name}' is not a {kind} image{hint}") from None
    except (OSError, SyntaxError, ValueError, EOFError) as e:  # Pillow's decoders: truncated or corrupt data
        reason = str(e).rstrip(".") or type(e).__name__
        raise PictureError(f"'{path.name}' cannot be read as a {kind} image ({reason}); save it again or use another") from None


def _sniff(path: Path) -> str | None:
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    return None


def _svg_size(path: Path) -> tuple[float, float]:
    """An SVG picture's size in points; it must hold shapes only (no text, no embedded raster images)."""
    from reportlab.graphics.shapes import Image as Raster, String

    if path.stat().st_size > MAX_BYTES:
        raise PictureError(f"'{path.name}' is too large for an SVG picture")
    try:
        drawing = svg.read(path)
    except svg.SvgError as e:
        raise PictureError(str(e)) from None
    for shape in svg.shapes(drawing):
        if isinstance(shape, String):
            raise PictureError(f"'{path.name}' contains text; convert the text to outlines (paths)")
        if isinstance(shape, Raster):
            raise PictureError(f"'{path.name}' embeds a raster image; place the JPEG or PNG itself instead")
    return float(drawing.width), float(drawing.height)


def inspect(path: Path) -> tuple[tuple[float, float], str]:
    """(size, digest) of a picture file; raises PictureError with a reason."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PictureError(f"no file '{path.name}' in {path.parent.name}/") from None
    except OSError as e:
        raise PictureError(f"cannot read '{path.name}': {e.strerror}") from None
    digest = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".svg":
        return _svg_size(path), digest
    image = open_raster(path)
    return (float(image.width), float(image.height)), digest


def inspected(pictures: list[Picture], cache=None) -> list[Picture | PictureError]:
    """Each picture with its size and digest, or the error that stops it; a file named by many cards
    is read once, and with a `cache` a file whose bytes were inspected before is not decoded again."""
    done: dict[str, tuple | PictureError] = {}
    out: list[Picture | PictureError] = []
    for picture in pictures:
        if picture.file not in done:
            done[picture.file] = _inspect_cached(Path(picture.file), cache)
        found = done[picture.file]
        out.append(found if isinstance(found, PictureError) else replace(picture, size=found[0], digest=found[1]))
    return out


def _inspect_cached(path: Path, cache) -> tuple | PictureError:
    try:
        if cache is None:
            return inspect(path)
        data = path.read_bytes()
        key = "picture " + hashlib.sha256(path.suffix.lower().encode() + b"\0" + data).hexdigest()
        found = cache.get(key)
        if found is None:
            found = inspect(path)
            cache.put(key, found)
        return found
    except PictureError as e:
        return e
    except FileNotFoundError:
        return PictureError(f"no file '{path.name}' in {path.parent.name}/")
    except OSError as e:
        return PictureError(f"cannot read '{path.name}': {e.strerror}")
