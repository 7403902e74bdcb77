"""Template assets other than fonts: logos (SVG, PNG/JPEG, PDF), icons and cards' pictures made
print-ready, and the colour rule.

Everything leaves here in CMYK and opaque: SVG colours and raster pixels go through `rgb_to_cmyk`,
transparency is flattened onto white, and SVG text is refused (it would print in an unembedded font)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fichegen.content import svg

RASTER = (".png", ".jpg", ".jpeg")
KINDS = (".svg", ".pdf") + RASTER
PDF_PPI = 600  # PDF logos are rasterised at this resolution


class AssetError(Exception):
    pass


def rgb_to_cmyk(r: float, g: float, b: float) -> tuple[float, float, float, float]:
    """The documented rule for colours given in RGB (hex): black is the darkness that all three share,
    the rest is made of C, M and Y. Not colour-managed; brand guides' CMYK values are better."""
    k = 1 - max(r, g, b)
    if k >= 1:
        return (0.0, 0.0, 0.0, 1.0)
    return tuple(round(v, 4) for v in ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k))


def hex_to_cmyk(text: str) -> tuple[float, float, float, float] | None:
    h = text.strip().lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    if len(h) != 6 or any(c not in "0123456789abcdefABCDEF" for c in h):
        return None
    return rgb_to_cmyk(*(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4)))


@dataclass(frozen=True)
class LogoInfo:
    aspect: float  # height / width
    pixels: int | None  # width in pixels, for raster logos


def inspect(path: Path) -> LogoInfo:
    """Check a logo can be placed, and measure it; raises AssetError with a reason."""
    kind = path.suffix.lower()
    if kind not in KINDS:
        raise AssetError(f"'{path.name}' is not a logo fichegen can place; use SVG, PDF, PNG or JPEG")
    if kind == ".svg":
        d = svg_drawing(str(path))
        return LogoInfo(d.height / d.width, None)
    image = raster(str(path))
    return LogoInfo(image.height / image.width, image.width if kind in RASTER else None)


@lru_cache(maxsize=256)
def svg_drawing(path: str, colour: tuple[float, float, float, float] | None = None, ink_limit: float | None = None):
    """An SVG file as a ReportLab drawing in CMYK; with `colour`, everything it paints is painted in that
    colour (an icon takes the colour of the text around it); with `ink_limit`, no colour above that total
    ink (a card's picture, as photos are held: its colours are the rule's anyway; never a logo's)."""
    from reportlab.graphics.shapes import String
    from reportlab.lib.colors import CMYKColor, Color

    try:
        drawing = svg.read(path)
    except svg.SvgError as e:
        raise AssetError(str(e)) from None

    paint = CMYKColor(*colour) if colour is not None else None

    def cmyk(value):
        if paint is not None and isinstance(value, Color):
            return paint
        if isinstance(value, Color) and not isinstance(value, CMYKColor):
            value = CMYKColor(*rgb_to_cmyk(value.red, value.green, value.blue))
        if ink_limit is not None and isinstance(value, CMYKColor):
            inks = (value.cyan, value.magenta, value.yellow, value.black)
            if held(inks, ink_limit) != inks:
                value = CMYKColor(*held(inks, ink_limit))
        return value

    for shape in svg.shapes(drawing):
        if isinstance(shape, String):
            raise AssetError(f"'{Path(path).name}' contains text; convert the text to outlines (paths) "
                             "so it prints in the logo's own letters")
        for attr in ("fillColor", "strokeColor"):
            if hasattr(shape, attr):
                setattr(shape, attr, cmyk(getattr(shape, attr)))
        for attr in ("fillOpacity", "strokeOpacity"):
            if getattr(shape, attr, None) is not None:
                setattr(shape, attr, None)  # print files carry no transparency
    return drawing


def held(cmyk: tuple[float, float, float, float], ink_limit: float) -> tuple[float, float, float, float]:
    """A colour (0–1 each) within `ink_limit` per cent of total ink, as limit_ink holds a photo's pixels:
    C, M and Y scaled down together, K kept; a colour within the limit as it is."""
    c, m, y, k = cmyk
    if (c + m + y + k) * 100 <= ink_limit or c + m + y <= 0:
        return cmyk
    factor = max(ink_limit / 100 - k, 0.0) / (c + m + y)
    return (*(math.floor(v * factor * 10000) / 10000 for v in (c, m, y)), k)  # floored: never tipped over


def svg_paints(path: str) -> list[tuple[str, float]]:
    """Every colour an SVG file paints, as written (#rrggbb; CMYK in per cent) with its total ink in per
    cent by the rule, each once, in the order first painted."""
    from reportlab.lib.colors import CMYKColor, Color

    found: dict[str, float] = {}
    for shape in svg.shapes(svg.read(path)):
        for attr in ("fillColor", "strokeColor"):
            value = getattr(shape, attr, None)
            if isinstance(value, CMYKColor):
                inks = (value.cyan, value.magenta, value.yellow, value.black)
                found.setdefault(f"[{', '.join(f'{v * 100:g}' for v in inks)}]", sum(inks) * 100)
            elif isinstance(value, Color):
                found.setdefault("#" + value.hexval()[2:].lower(), sum(rgb_to_cmyk(value.red, value.green, value.blue)) * 100)
    return list(found.items())


def max_ink(image) -> float:
    """The total ink of a CMYK image's darkest pixel, in per cent."""
    from PIL import ImageMath

    c, m, y, k = (band.convert("I") for band in image.split())
    total = ImageMath.lambda_eval(lambda e: e["c"] + e["m"] + e["y"] + e["k"], c=c, m=m, y=y, k=k)
    return total.getextrema()[1] * 100 / 255


@lru_cache(maxsize=64)
def raster(path: str):
    """The logo as an opaque CMYK Pillow image."""
    from PIL import Image

    p = Path(path)
    if p.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        try:
            page = pdfium.PdfDocument(str(p))[0]
        except Exception as e:  # noqa: BLE001
            raise AssetError(f"'{p.name}' cannot be read as PDF ({e})") from None
        image = page.render(scale=PDF_PPI / 72, fill_color=(255, 255, 255, 255)).to_pil()
    else:
        try:
            image = Image.open(p)
            image.load()
        except Exception as e:  # noqa: BLE001
            raise AssetError(f"'{p.name}' cannot be read as an image ({e})") from None
    return to_cmyk(image)


def to_cmyk(image):
    """An image in any mode → opaque CMYK by the documented rule (rgb_to_cmyk, per pixel), as logos are
    converted: the same rule as the template's hex colours, so a logo and its brand colour agree."""
    from PIL import Image, ImageChops

    if image.mode == "CMYK":
        return image
    r, g, b = _on_white(image).split()
    top = ImageChops.lighter(ImageChops.lighter(r, g), b)  # max(r, g, b), which is 1 − k
    return Image.merge("CMYK", (_ratio(top, r), _ratio(top, g), _ratio(top, b), ImageChops.invert(top)))


def photo_to_cmyk(image, ink_limit: float = 300.0):
    """A photo → opaque CMYK, colour-managed: from the photo's own ICC profile (sRGB when it has none or
    one that cannot be read) to the shipped FOGRA39 output profile, perceptual intent, by LittleCMS
    (Pillow's ImageCms), then held to `ink_limit` per cent of total ink. Unlike the rule, this keeps
    neutral greys and dark tones printable."""
    import io

    from PIL import ImageCms

    from fichegen import icc

    if image.mode == "CMYK":  # taken as it is, already in the printer's inks
        return limit_ink(image, ink_limit)
    source = ImageCms.createProfile("sRGB")
    embedded = image.info.get("icc_profile")
    rgb = _on_white(image)
    if embedded:
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(embedded))
            if profile.profile.xcolor_space.strip() == "RGB":
                source = profile
        except (OSError, ImageCms.PyCMSError):
            pass
    cmyk = ImageCms.profileToProfile(rgb, source, str(icc.path("fogra39l")), renderingIntent=ImageCms.Intent.PERCEPTUAL,
                                     outputMode="CMYK")
    return limit_ink(cmyk, ink_limit)


def limit_ink(image, ink_limit: float):
    """A CMYK image with no pixel above `ink_limit` per cent of total ink: where C + M + Y + K is over it,
    C, M and Y are scaled down together and K is kept (black carries the detail; the profile's own limit
    is 330 %, a shop's often 300 % or less)."""
    from PIL import Image, ImageMath

    c, m, y, k = (band.convert("F") for band in image.split())
    cap = ink_limit / 100 * 255 - 0.5  # rounding back to 0-255 must not tip a pixel over

    def scaled(e):
        room = e["max"](cap - e["k"], 0.0)
        colour = e["max"](e["c"] + e["m"] + e["y"], 1.0)
        return e["min"](room / colour, 1.0)

    factor = ImageMath.lambda_eval(scaled, c=c, m=m, y=y, k=k)
    bands = [ImageMath.lambda_eval(lambda e: e["v"] * e["f"], v=v, f=factor).convert("L") for v in (c, m, y)]
    return Image.merge("CMYK", (*bands, image.getchannel("K")))


def _on_white(image):
    """The image as opaque RGB, any transparency flattened onto white paper."""
    from PIL import Image

    rgba = image.convert("RGBA")
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("RGB")


def _ratio(top, channel):
    """(max − channel) / max per pixel, as 0–255: the rgb_to_cmyk rule for C, M or Y (integer
    division, and 0 where max is 0, as Pillow's ImageMath divides)."""
    from PIL import ImageMath

    return ImageMath.lambda_eval(lambda e: (e["m"] - e["v"]) * 255 / e["m"], m=top.convert("I"),
                                 v=channel.convert("I")).convert("L")


def picture(path: str, most: tuple[int, int] | None = None, ink_limit: float = 300.0):
    """A card's JPEG or PNG picture as an opaque CMYK image, upright, reduced (Lanczos) to at most `most`
    pixels (what the largest box it fills can print at PICTURE_PPI), within `ink_limit` per cent of total
    ink: the same bytes in every process."""
    from PIL import Image

    from fichegen.content.pictures import PictureError, open_raster

    try:
        image = open_raster(Path(path))
    except PictureError as e:
        raise AssetError(str(e)) from None
    if most is not None and (image.width > most[0] or image.height > most[1]):
        scale = min(most[0] / image.width, most[1] / image.height)
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        image = image.convert("RGBA" if "A" in image.getbands() or "transparency" in image.info else
                              "CMYK" if image.mode == "CMYK" else "RGB").resize(size, Image.Resampling.LANCZOS)
    return photo_to_cmyk(image, ink_limit)


PICTURE_PPI = 450  # pictures are reduced to this at their printed size: more is never seen in print
