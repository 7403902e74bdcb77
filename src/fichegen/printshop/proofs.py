"""Proofs for the print shop and the customer: PNG pictures of the cards.

A proof shows the trimmed card as it will look after cutting: each page of the print file is
rendered cropped to its TrimBox, so the bleed and the crop marks are not in the picture. The
PNG bytes depend only on the PDF (no dates or other metadata), so a rebuild gives equal files.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from fichegen.style import fonts

BACKGROUND = (236, 236, 236)  # light grey, so white cards stand out
INK = (40, 40, 40)
MUTED = (110, 110, 110)
PAIRS_PER_ROW = 4


def _png(image: Image.Image, level: int = 6) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=level)  # no pnginfo: bytes depend on the pixels only
    return out.getvalue()


def _faces(pdf: bytes, ppi: int) -> list[Image.Image]:
    """Every page rendered at `ppi`, cropped to its TrimBox, as RGB images."""
    scale = ppi / 72
    doc = pdfium.PdfDocument(pdf)
    try:
        images = []
        for i in range(len(doc)):
            page = doc[i]
            # render() shows the CropBox (which defaults to the MediaBox); cut away what lies
            # outside the TrimBox (which falls back to the CropBox when the page has none)
            cl, cb, cr, ct = page.get_cropbox()
            tl, tb, tr, tt = page.get_trimbox()
            crop = (max(0.0, tl - cl), max(0.0, tb - cb), max(0.0, cr - tr), max(0.0, ct - tt))
            bitmap = page.render(scale=scale, crop=crop, fill_color=(255, 255, 255, 255))
            images.append(bitmap.to_pil().convert("RGB"))
            bitmap.close()
            page.close()
        return images
    finally:
        doc.close()


def face_pngs(pdf: bytes, ppi: int = 110, level: int = 6) -> list[bytes]:
    """One PNG per page of `pdf` (the print file: F1 B1 F2 B2 …), cropped to the trim, at `ppi`; `level`
    is zlib's (the live preview, which never stores its pictures, takes the quickest, 1)."""
    return [_png(image, level) for image in _faces(pdf, ppi)]


def _font(face: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(fonts.resolve(face, Path("."))), size)


def _centred(draw: ImageDraw.ImageDraw, x_mid: float, y: float, text: str, font, fill) -> None:
    draw.text((x_mid, y), text, font=font, fill=fill, anchor="mt")


def _fit(draw: ImageDraw.ImageDraw, text: str, font, width: float) -> str:
    """`text`, shortened with an ellipsis if it is wider than `width` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def contact_sheet(pdf: bytes, labels: list[str], ppi: int = 40, title: str = "", numbers: list[str] | None = None) -> bytes:
    """One PNG with every card as a front|back pair (pages 2i and 2i+1), four pairs a row,
    each pair labelled with its number (numbers[i], default i + 1) and labels[i] (the card id) and its
    faces with "front" and "back"."""
    faces = _faces(pdf, ppi)
    if len(faces) % 2:
        faces.append(Image.new("RGB", faces[-1].size, BACKGROUND))  # a lone front has no back
    pairs = [(faces[i], faces[i + 1]) for i in range(0, len(faces), 2)]
    if not pairs:
        raise ValueError("the PDF has no pages")
    face_w = max(f.width for f in faces)
    face_h = max(f.height for f in faces)

    unit = max(10, round(ppi * 0.3))  # text and spacing grow with the picture
    small, label_font, title_font = (_font("Source Sans Pro Regular", unit),
                                     _font("Source Sans Pro Semibold", round(unit * 1.25)),
                                     _font("Source Sans Pro Semibold", round(unit * 1.8)))
    gutter, inner = 2 * unit, max(2, unit // 3)  # between pairs; between a front and its back
    pair_w = 2 * face_w + inner
    cell_h = face_h + round(unit * 0.5) + unit + round(unit * 0.4) + round(unit * 1.4)
    cols = min(PAIRS_PER_ROW, len(pairs))
    rows = -(-len(pairs) // cols)
    title_h = round(unit * 3) if title else 0

    width = gutter + cols * (pair_w + gutter)
    height = gutter + title_h + rows * (cell_h + gutter)
    sheet = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    if title:
        draw.text((gutter, gutter), _fit(draw, title, title_font, width - 2 * gutter),
                  font=title_font, fill=INK, anchor="lt")

    for n, (front, back) in enumerate(pairs):
        x = gutter + (n % cols) * (pair_w + gutter)
        y = gutter + title_h + (n // cols) * (cell_h + gutter)
        for k, (face, word) in enumerate(((front, "front"), (back, "back"))):
            fx = x + k * (face_w + inner)
            draw.rectangle((fx - 1, y - 1, fx + face.width, y + face.height), outline=(200, 200, 200))
            sheet.paste(face, (fx, y))
            _centred(draw, fx + face_w / 2, y + face_h + round(unit * 0.5), word, small, MUTED)
        label = labels[n] if n < len(labels) else f"card {n + 1}"
        _centred(draw, x + pair_w / 2, y + face_h + round(unit * 0.5) + unit + round(unit * 0.4),
                 _fit(draw, f"{numbers[n] if numbers and n < len(numbers) else n + 1}. {label}", label_font, pair_w),
                 label_font, INK)
    return _png(sheet)
