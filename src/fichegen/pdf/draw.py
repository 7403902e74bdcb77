"""Render stage: faces → compressed PDF content streams (for pages, or for forms that imposition places),
and the one-page document holding the resources they name. The only module that draws with ReportLab."""

from __future__ import annotations

import io

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

import zlib

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfgen.canvas import Canvas

from fichegen import __version__
from fichegen.style import assets
from fichegen.style import fonts
from fichegen.style.fonts import FontRef
from fichegen.geometry import MARK_WIDTH, PageGeometry
from fichegen.layout.boxes import Face, Fill

# The registration colour: prints on every separation, so marks show on every plate.
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")


def _canvas(buf, font, title: str, subject: str) -> Canvas:
    """A canvas whose initial font is ours: ReportLab would otherwise name Helvetica on every page."""
    rl_config.useA85 = 0  # ASCII85 only makes binary streams a quarter bigger
    fonts.face(font)
    c = Canvas(buf, invariant=1, pageCompression=1, initialFontName=font.name)
    c.setTitle(title)
    c.setSubject(subject)
    c.setCreator(f"fichegen {__version__}")
    c.setAuthor("")
    return c


@lru_cache(maxsize=256)
def _cmyk(colour: tuple[float, float, float, float]) -> CMYKColor:
    return CMYKColor(*colour)


def _bled(fill: Fill, w: float, h: float, bleed: float) -> tuple[float, float, float, float]:
    """Fills that touch a trim edge run on into the bleed, so a slightly-off cut shows no white."""
    x0, y0, x1, y1 = fill.x, fill.y, fill.x + fill.w, fill.y + fill.h
    eps = 0.01
    x0 = x0 - bleed if x0 <= eps else x0
    y0 = y0 - bleed if y0 <= eps else y0
    x1 = x1 + bleed if x1 >= w - eps else x1
    y1 = y1 + bleed if y1 >= h - eps else y1
    return x0, y0, x1 - x0, y1 - y0


def draw_face(c: Canvas, face: Face, bleed: float) -> None:
    """Draw a face with the trim's bottom-left corner at the current origin, clipped to the bleed."""
    w, h = face.trim
    c.saveState()
    clip = c.beginPath()
    clip.rect(-bleed, -bleed, w + 2 * bleed, h + 2 * bleed)
    c.clipPath(clip, stroke=0, fill=0)
    for fill in face.fills:
        c.setFillColor(CMYKColor(*fill.colour))
        c.rect(*_bled(fill, w, h, bleed), stroke=0, fill=1)
    for pattern in face.patterns:
        draw_pattern(c, pattern, *_bled(pattern, w, h, bleed))
    for image in face.images:
        draw_image(c, image, face.runs[0].font if face.runs else None)
    if face.runs:
        c._code.append(_text_object(c, face.runs))
    c.restoreState()


def _text_object(c: Canvas, runs) -> str:
    """One text object for a face's runs, its state set only when it changes (most of a face shares it):
    the operators ReportLab's text object writes for the same calls, without its per-run bookkeeping
    (it measures every string again, and looks every font up by name)."""
    doc, escape = c._doc, c._escape
    code = ["BT", "1 0 0 1 0 0 Tm"]
    add = code.append
    font = colour = tracking = spacing = None
    for run in runs:
        if (run.font, run.size) != font:
            font = (run.font, run.size)
            ttf = fonts.face(run.font)
            size = f"{fp_str(run.size)} Tf {fp_str(run.size * 1.2)} TL"
            subset_now = -1
        if run.tracking != tracking:
            tracking = run.tracking
            add(f"{fp_str(tracking)} Tc")
        # a justified line is one string: word spacing (Tw) widens its spaces, which ReportLab's
        # subsets always encode as byte 32, the only byte Tw acts on
        if run.word_space != spacing:
            spacing = run.word_space
            add(f"{fp_str(spacing)} Tw")
        if run.colour != colour:
            colour = run.colour
            add(_fill_op(colour))
        add(f"1 0 0 1 {fp_str(run.x, run.y)} Tm")
        for subset, encoded in ttf.splitString(run.text, doc):
            if subset != subset_now:
                add(f"{ttf.getSubsetInternalName(subset, doc)} {size}")
                subset_now = subset
            add(f"({escape(encoded)}) Tj")
    add("ET")
    return " ".join(code)


@lru_cache(maxsize=256)
def _fill_op(colour: tuple[float, float, float, float]) -> str:
    cmyk = _cmyk(colour)
    d = cmyk.density
    return f"{fp_str(d * cmyk.cyan, d * cmyk.magenta, d * cmyk.yellow, d * cmyk.black)} k"


def draw_pattern(c: Canvas, p, x: float, y: float, w: float, h: float) -> None:
    c.saveState()
    clip = c.beginPath()
    clip.rect(x, y, w, h)
    c.clipPath(clip, stroke=0, fill=0)
    colour = CMYKColor(*p.colour)
    c.setFillColor(colour)
    c.setStrokeColor(colour)
    step = p.spacing
    cols, rows = int(w // step) + 2, int(h // step) + 2
    if p.kind == "dots":
        for i in range(cols):
            for j in range(rows):
                c.circle(x + (i + 0.5) * step, y + (j + 0.5) * step, step * 0.14, stroke=0, fill=1)
    elif p.kind == "stripes":
        c.setLineWidth(step * 0.3)
        for i in range(-rows, cols + rows):
            c.line(x + i * step, y, x + i * step + h, y + h)
    else:
        c.setLineWidth(0.5)
        for i in range(cols):
            c.line(x + i * step, y, x + i * step, y + h)
        for j in range(rows):
            c.line(x, y + j * step, x + w, y + j * step)
    c.restoreState()


def draw_image(c: Canvas, image, font) -> None:
    if image.path.lower().endswith(".svg"):
        from reportlab.graphics import renderPDF, shapes

        drawing = assets.svg_drawing(image.path)
        c.saveState()
        c.translate(image.x, image.y)
        c.scale(image.w / drawing.width, image.h / drawing.height)
        # renderPDF starts every drawing by setting its default state: Helvetica (which would sit unembedded
        # in the file) and RGB black. The logos hold no text; give it one of our fonts and CMYK black.
        saved = dict(shapes.STATE_DEFAULTS)
        black = CMYKColor(0, 0, 0, 1)
        shapes.STATE_DEFAULTS.update(fillColor=black, strokeColor=black)
        if font is not None:
            shapes.STATE_DEFAULTS["fontName"] = font.name
        try:
            renderPDF.draw(drawing, c, 0, 0, showBoundary=False)
        finally:
            shapes.STATE_DEFAULTS.clear()
            shapes.STATE_DEFAULTS.update(saved)
        c.restoreState()
    else:
        c.drawImage(_image_reader(image.path), image.x, image.y, image.w, image.h)


def _image_reader(path: str):
    from reportlab.lib.utils import ImageReader

    return ImageReader(assets.raster(path))


def draw_marks(c: Canvas, geometry: PageGeometry) -> None:
    c.saveState()
    c.setStrokeColor(REGISTRATION)
    c.setLineWidth(MARK_WIDTH)
    for m in geometry.crop_marks():
        c.line(m.x0, m.y0, m.x1, m.y1)
    c.restoreState()


def draw_furniture(c: Canvas, lines, labels, font, mark_width: float = MARK_WIDTH) -> None:
    """Marks, cut and fold lines in registration colour; job lines in registration colour too, so they
    print on every plate and never need a colour of their own."""
    c.saveState()
    c.setStrokeColor(REGISTRATION)
    c.setFillColor(REGISTRATION)
    c.setLineWidth(mark_width)
    for ln in lines:
        c.setDash(2, 2) if ln.dashed else c.setDash()
        c.line(ln.x0, ln.y0, ln.x1, ln.y1)
    for label in labels:
        size = label.size
        width = fonts.width(font, label.text, size)
        if width > label.max_width:
            size *= label.max_width / width
        c.saveState()
        c.translate(label.x, label.y)
        c.rotate(label.rotation)
        c.setFont(font.name, size)
        if label.align == "centre":
            c.drawCentredString(0, 0, label.text)
        else:
            c.drawString(0, 0, label.text)
        c.restoreState()
    c.restoreState()


@dataclass(frozen=True)
class Resources:
    """What every canvas of a build starts from: each font with every character it will set, and the
    raster logos. Seeded the same way, every canvas (in any process, for any part of the deck) names
    fonts, encodes text and names images alike, so pages drawn apart share one set of resources."""

    initial: FontRef  # the canvas's first font: ReportLab would otherwise name Helvetica
    fonts: tuple[tuple[FontRef, str], ...]  # sorted by font name; characters sorted
    images: tuple[str, ...] = ()  # raster logo files, placed as image XObjects


def content_key(res: Resources) -> tuple:
    """What, beside the faces, decides the bytes `page_contents` draws: the fonts, the images, and the
    codes of the characters that are not ASCII. ReportLab gives ASCII characters their own codes in a
    font's first subset and numbers the others in the order seeded, so a new ASCII character changes
    no page already drawn."""
    return res.initial, tuple((font, "".join(c for c in chars if ord(c) > 127)) for font, chars in res.fonts), res.images


def _seeded(buf, res: Resources, title: str = "", subject: str = "") -> Canvas:
    c = _canvas(buf, res.initial, title, subject)
    for font, chars in res.fonts:
        face = fonts.face(font)
        face.splitString(chars, c._doc)
        face.getSubsetInternalName(0, c._doc)
        # a character that was not seeded would get a code here and not elsewhere: ReportLab now refuses it
        face.state[c._doc].frozen = True
    return c


def _take(c: Canvas) -> bytes:
    """What has been drawn since the last take, as a compressed content stream. ReportLab keeps the
    operators of the page being drawn in `_code`; taking them per face lets pages be written one by
    one instead of all at the end."""
    data = zlib.compress(("\n".join(c._code) + " ").encode("utf8"))
    c._code = []
    return data


def page_contents(faces: Iterable[Face], geometry: PageGeometry, res: Resources) -> Iterator[bytes]:
    """Each face as a page's compressed content stream: the face at the trim, then the crop marks."""
    c = _seeded(io.BytesIO(), res)
    for face in faces:
        c.saveState()
        c.translate(geometry.trim.x0, geometry.trim.y0)
        draw_face(c, face, geometry.bleed)
        c.restoreState()
        draw_marks(c, geometry)
        yield _take(c)


def form_contents(faces: Iterable[Face], bleed: float, res: Resources) -> Iterator[bytes]:
    """Each face as a form's compressed content stream, in trim coordinates, clipped to the bleed: what
    imposition places on sheets."""
    c = _seeded(io.BytesIO(), res)
    for face in faces:
        draw_face(c, face, bleed)
        yield _take(c)


@dataclass(frozen=True)
class Kit:
    """What a build draws with, made once (prepare): the resource document's objects for the writer,
    and what the content streams name. TEMPORARY shim over the seeded canvas, being replaced."""

    res: Resources
    objects: tuple | None
    key: str


def prepare(res: Resources) -> Kit:
    from fichegen.cache import digest
    from fichegen.pdf.writer import resource_objects

    raster = Resources(res.initial, res.fonts, tuple(p for p in res.images if not p.lower().endswith(".svg")))
    return Kit(raster, resource_objects(resource_pdf(raster)), digest(content_key(raster)))


def face_contents(faces: Iterable[Face], spec: PageGeometry | float, kit: Kit) -> Iterator[bytes]:
    """page_contents for a PageGeometry, form_contents for a bleed."""
    res = kit.res
    if isinstance(spec, PageGeometry):
        return page_contents(faces, spec, res)
    return form_contents(faces, spec, res)


def furniture_contents(sides, font, kit: Kit) -> Iterator[bytes]:
    """Each imposed sheet side's marks, cut and fold lines and job labels, as a compressed content stream."""
    c = _seeded(io.BytesIO(), kit.res)
    for side in sides:
        draw_furniture(c, side.lines, side.labels, font)
        yield _take(c)


def resource_pdf(res: Resources) -> bytes:
    """A one-page document holding every resource the contents name: the font subsets, the logos and
    the registration colour. The page writer copies its resources into the file it writes."""
    buf = io.BytesIO()
    c = _seeded(buf, res)
    for path in res.images:
        c.drawImage(_image_reader(path), 0, 0, 1, 1)
    c.setStrokeColor(REGISTRATION)
    c.showPage()
    c.save()
    return buf.getvalue()
