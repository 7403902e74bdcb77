"""The resources a build's pages name, made once per build: ReportLab (through its public API only)
draws one small "resource document" that sets every character the deck uses in each of its fonts,
places every logo, SVG card picture and icon (one form per icon and colour) and uses the registration
colour; pypdf reads it back, and what the content writer (pdf/content.py) needs is taken from it as
plain, picklable data, a Document. The cards' photos (JPEG, PNG) are image XObjects made on their own
(pdf/photos.py); `compose` adds them to a Document, making the Kit:

- the resource dictionary and every object it refers to, numbered for writer.PageWriter;
- per font, how each character is encoded: read from each subset font's /ToUnicode CMap (ReportLab
  makes one PDF font per 256 characters, /F1+0, /F1+1, ...), so no ReportLab state is needed to write text;
- the names of the logos', pictures' and icons' XObjects and of the registration colour space.
"""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass, field, replace
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from reportlab.lib.colors import CMYKColor, CMYKColorSep

from fichegen.pdf.photos import Photo, photo
from fichegen.style import assets, fonts
from fichegen.style.fonts import FontRef

# The registration colour: prints on every separation, so marks show on every plate.
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All")


@dataclass(frozen=True)
class Resources:
    """What a build's pages draw with: each font with every character it will set, and the logos."""

    initial: FontRef  # the resource document's first font: ReportLab would otherwise name Helvetica
    fonts: tuple[tuple[FontRef, str], ...]  # sorted by font name; characters sorted
    images: tuple[str, ...] = ()  # logo files: raster (image XObjects) and SVG (form XObjects)
    # cards' pictures: (file, digest of its bytes, most pixels it is reduced to, or None), by file
    pictures: tuple[tuple[str, str, tuple[int, int] | None], ...] = ()
    icons: tuple[tuple[str, tuple[float, float, float, float]], ...] = ()  # (SVG file, colour): one form each
    ink_limit: float = 300.0  # per cent: no picture's pixel (or SVG picture's colour) carries more total ink

    def photos(self) -> tuple[tuple[str, str, tuple[int, int] | None], ...]:
        """The cards' JPEG and PNG pictures: made on their own (pdf/photos.py), not in the document."""
        return tuple(p for p in self.pictures if not _vector(p[0]))

    def in_document(self) -> "Resources":
        """What the resource document draws: everything but the photos."""
        return replace(self, pictures=tuple(p for p in self.pictures if _vector(p[0])))


def _vector(path: str) -> bool:
    return path.lower().endswith(".svg")


@dataclass(frozen=True)
class FontCodes:
    """How one font's text is encoded: the resource name of each of its subsets, and each character's
    (subset, byte code). `lacking`: characters seeded that the font has no glyph for (drawn as .notdef,
    code 0 of the first subset)."""

    font: FontRef
    subsets: tuple[str, ...]  # resource names, e.g. ("F1+0", "F1+1")
    codes: tuple[tuple[str, int, int], ...]  # (character, subset, code), sorted
    lacking: str = ""


@dataclass(frozen=True)
class Kit:
    """What a build draws with: plain data, made once per build by prepare(), pickled to workers."""

    objects: tuple[int, tuple[tuple[int, bytes], ...]]  # for writer.PageWriter: (resource dict number, objects)
    fonts: tuple[FontCodes, ...]
    images: tuple[tuple[str, str, float, float], ...]  # (logo or picture file, XObject name, width and height it is drawn at)
    registration: str  # the colour space resource name of REGISTRATION
    key: str = field(default="")  # changes whenever the bytes face_contents writes may change
    icons: tuple[tuple[str, tuple[float, float, float, float], str, float, float], ...] = ()  # (file, colour, name, w, h)

    def without_objects(self) -> "Kit":
        """The kit as drawing needs it (face_contents never reads the objects): small, for workers."""
        return Kit((self.objects[0], ()), self.fonts, self.images, self.registration, self.key, self.icons)


@dataclass(frozen=True)
class Document:
    """The resource document read back: a Kit but for the photos, which `compose` adds. Kept in the build
    cache apart from them, so a document made again (a new character) leaves every photo as it was."""

    objects: tuple[tuple[int, bytes], ...]  # everything the resource dictionary names, numbered from 2
    dictionary: tuple[tuple[str, bytes], ...]  # its entries, in order, each value written; XObject's is b""
    xobjects: tuple[tuple[str, int], ...]  # the XObject entry: (name, object number), in order
    fonts: tuple[FontCodes, ...]
    images: tuple[tuple[str, str, float, float], ...]  # logos and SVG pictures, as in Kit
    registration: str
    icons: tuple[tuple[str, tuple[float, float, float, float], str, float, float], ...] = ()


# -- the resource document ------------------------------------------------------------------------

def _svg_bounds(drawing) -> tuple[float, float, float, float]:
    """The form's box: the drawing's box, and anything drawn outside it (which a page drawing it
    directly would show too)."""
    x0, y0, x1, y1 = 0.0, 0.0, float(drawing.width), float(drawing.height)
    try:
        bx0, by0, bx1, by1 = drawing.getBounds()
    except Exception:  # noqa: BLE001 - an empty drawing has no bounds
        return x0, y0, x1, y1
    return min(x0, bx0) - 1, min(y0, by0) - 1, max(x1, bx1) + 1, max(y1, by1) + 1


@lru_cache(maxsize=None)
def _logo_class():
    """A Drawing that declares the state renderPDF starts from (StateTracker reads a drawing's
    initialFontName, initialFillColor, ... in place of its defaults), declared as shapes declare
    their attributes."""
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.attrmap import AttrMap, AttrMapValue
    from reportlab.lib.validators import isColor, isString

    class Logo(Drawing):
        _attrMap = AttrMap(BASE=Drawing, initialFontName=AttrMapValue(isString),
                           initialFillColor=AttrMapValue(isColor), initialStrokeColor=AttrMapValue(isColor))

    return Logo


def resource_pdf(res: Resources) -> bytes:
    """The one-page resource document: each font's characters drawn in turn (in res.fonts order), then
    each logo placed in turn (in res.images order; SVG logos as forms), each SVG picture and each icon
    as a form, and the registration colour. Photos are not drawn here (pdf/photos.py)."""
    with _distinct_postscript_names([res.initial, *(font for font, _ in res.fonts)]):
        return _resource_pdf(res)


@contextmanager
def _distinct_postscript_names(refs: list[FontRef]):
    """Two font files with one PostScript name (a template's copy of a packaged font, changed) cannot
    both be embedded as they are: ReportLab names a subset's objects by the name, and a RIP may take
    two fonts of one name for one. While the document is made, each file after the first of a name
    (in res order, so always the same one) is given the name with a part of its own (a digest of its
    bytes) in TTFontFace.name, the public attribute BaseFont is made of."""
    seen, renamed = set(), []
    for ref in dict.fromkeys(refs):
        face = fonts.face(ref).face
        if face.name in seen:
            renamed.append((face, face.name))
            own = hashlib.sha256(Path(ref.path).read_bytes()).hexdigest()[:8].upper()  # the file's, not its stamp's
            face.name = face.name[:50] + b"-" + own.encode()
        seen.add(face.name)
    try:
        yield
    finally:
        for face, name in renamed:
            face.name = name


def _resource_pdf(res: Resources) -> bytes:
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    from fichegen import __version__

    buf = io.BytesIO()
    # pageCompression: ReportLab then deflates (and ASCII85-encodes) streams; they are decoded when copied
    c = Canvas(buf, invariant=1, pageCompression=1, initialFontName=res.initial.name)
    c.setCreator(f"fichegen {__version__}")
    for font, chars in res.fonts:
        fonts.face(font)
        if chars:
            c.setFont(font.name, 10)
            c.drawString(0, 0, chars)  # codes are given in the order characters are first set: sorted
    for i, path in enumerate(res.images):  # each drawn at its unit size (image_unit)
        if path.lower().endswith(".svg"):
            _svg_form(c, res, f"logo{i}", assets.svg_drawing(path))
        else:
            c.drawImage(ImageReader(assets.raster(path)), 0, 0, 1, 1)
    for i, (path, _, _) in enumerate(res.in_document().pictures):  # each once, however many cards show it
        _svg_form(c, res, f"picture{i}", assets.svg_drawing(path, ink_limit=res.ink_limit))
    for i, (path, colour) in enumerate(res.icons):
        _svg_form(c, res, f"icon{i}", assets.svg_drawing(path, colour))
    c.setStrokeColor(REGISTRATION)
    c.setFillColor(REGISTRATION)
    c.showPage()
    c.save()
    return buf.getvalue()


def _svg_form(c, res: Resources, name: str, svg) -> None:
    """An SVG drawing as a form XObject, placed once."""
    from reportlab.graphics import renderPDF  # a tenth of a second to import: only for SVG logos

    black = CMYKColor(0, 0, 0, 1)
    # renderPDF starts a drawing from the defaults (Helvetica, RGB black) unless the drawing names its
    # own initial state: one of our fonts (the logos hold no text) and CMYK black
    drawing = _logo_class()(svg.width, svg.height, *svg.contents, initialFontName=res.initial.name,
                            initialFillColor=black, initialStrokeColor=black)
    drawing.renderScale = svg.renderScale
    c.beginForm(name, *_svg_bounds(drawing))
    renderPDF.draw(drawing, c, 0, 0, showBoundary=False)
    c.endForm()
    c.doForm(name)


def image_unit(path: str) -> tuple[float, float]:
    """The size a logo's XObject draws at, before it is scaled to its place: an image fills the unit
    square, an SVG form is in the drawing's own units."""
    if path.lower().endswith(".svg"):
        drawing = assets.svg_drawing(path)
        return float(drawing.width), float(drawing.height)
    return 1.0, 1.0


# -- reading it back ------------------------------------------------------------------------------

_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BFRANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
_BLOCK = re.compile(rb"beginbf(char|range)(.*?)endbf\1", re.S)


def _unicode(hexdigits: bytes) -> str:
    raw = bytes.fromhex(hexdigits.decode())
    if len(raw) % 2 == 0:
        try:
            return raw.decode("utf-16-be")
        except UnicodeDecodeError:
            pass
    return chr(int(hexdigits, 16))  # ReportLab writes code points beyond the BMP as plain hex


def to_unicode(cmap: bytes) -> dict[int, str]:
    """A /ToUnicode CMap (bfchar and bfrange blocks) as byte code → text."""
    out: dict[int, str] = {}
    for kind, body in _BLOCK.findall(cmap):
        if kind == b"char":
            for code, uni in _BFCHAR.findall(body):
                out.setdefault(int(code, 16), _unicode(uni))
        else:
            for lo, hi, start in _BFRANGE.findall(body):
                first = ord(_unicode(start))
                for n, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                    out.setdefault(code, chr(first + n))
    return out


def _drawn_in_order(page) -> tuple[list[str], list[str]]:
    """The resource document's page, read: the font names (before the subset's '+n') of the text shown,
    in order, and the XObjects placed, in order."""
    from pypdf.generic import ContentStream

    content = ContentStream(page.get_contents(), page.pdf)
    shown, placed, current = [], [], None
    for operands, op in content.operations:
        if op == b"Tf":
            current = str(operands[0])[1:]
        elif op in (b"Tj", b"TJ", b"'", b'"') and current is not None:
            prefix = current.rpartition("+")[0] or current
            if not shown or shown[-1] != prefix:
                if prefix in shown:
                    raise ValueError(f"font {prefix} shown twice in the resource document")
                shown.append(prefix)
        elif op == b"Do":
            placed.append(str(operands[0])[1:])
    return shown, placed


def read_document(pdf: bytes, res: Resources) -> Document:
    """What the content writer needs, read from the resource document `res` made."""
    from pypdf import PdfReader

    from fichegen.pdf import writer

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    resources = page["/Resources"]
    shown, placed = _drawn_in_order(page)
    drawn = [(font, chars) for font, chars in res.fonts if chars]
    pictures = res.in_document().pictures
    if len(shown) != len(drawn) or len(placed) != len(res.images) + len(pictures) + len(res.icons):
        raise ValueError("the resource document does not show what it was asked to")
    font_dict = resources.get("/Font", {})
    codes = []
    for prefix, (font, chars) in zip(shown, drawn):
        subsets = sorted((name[1:] for name in font_dict if name[1:].rpartition("+")[0] == prefix),
                         key=lambda n: int(n.rpartition("+")[2]))
        table: dict[str, tuple[int, int]] = {}
        for s, name in enumerate(subsets):
            cmap = font_dict["/" + name].get_object()["/ToUnicode"].get_object().get_data()
            for code, text in sorted(to_unicode(cmap).items()):
                if len(text) == 1 and text != "\0":
                    table.setdefault(text, (s, code))  # the space is in every subset: its first is kept
        if " " in table and "\xa0" not in table:
            table["\xa0"] = table[" "]  # as ReportLab sets it: the no-break space prints as the space
        lacking = "".join(ch for ch in chars if ch not in table)
        codes.append(FontCodes(font, tuple(subsets), tuple(sorted((ch, s, n) for ch, (s, n) in table.items())),
                               lacking))
    spaces = resources.get("/ColorSpace", {})
    registration = [name[1:] for name, space in spaces.items()
                    if space.get_object()[0] == "/Separation" and space.get_object()[1] == "/All"]
    if len(registration) != 1:
        raise ValueError("the resource document names no registration colour space")
    objects, dictionary = writer.resource_objects(pdf)
    files = list(res.images) + [path for path, _, _ in pictures]
    images = tuple((path, name, *image_unit(path)) for path, name in zip(files, placed))
    icons = tuple((path, colour, name, *image_unit(path)) for (path, colour), name in zip(res.icons, placed[len(files):]))
    entries = tuple((k, b"" if k == "XObject" else writer.serialise(v)) for k, v in dictionary.items())
    xobjects = tuple((name, ref.num) for name, ref in dictionary.get("XObject", {}).items())
    return Document(tuple(objects), entries, xobjects, tuple(codes), images, registration[0], icons)


def compose(doc: Document, photos: tuple[tuple[str, Photo], ...] = ()) -> Kit:
    """The Kit: the document's objects, then each photo's image XObject (once, however many of the
    (file, photo) pairs `photos` name it), then the resource dictionary naming them all."""
    from fichegen.pdf.writer import Ref, serialise

    objects, xobjects, images = list(doc.objects), list(doc.xobjects), list(doc.images)
    number = len(objects) + 2  # the document's objects are 2, 3, ...
    named: set[str] = set()
    for path, picture in photos:
        if picture.name not in named:
            named.add(picture.name)
            objects.append((number, picture.body))
            xobjects.append((picture.name, number))
            number += 1
        images.append((path, picture.name, 1.0, 1.0))  # an image fills the unit square, as image_unit says
    entries = dict(doc.dictionary)
    if xobjects or "XObject" in entries:
        entries["XObject"] = serialise({name: Ref(num) for name, num in xobjects})
    objects.append((number, b"<<" + b"".join(b"/" + k.encode() + b" " + v for k, v in entries.items()) + b">>"))
    kit = Kit((number, tuple(objects)), doc.fonts, tuple(images), doc.registration, "", doc.icons)
    return replace(kit, key=kit_key(kit))


def kit_key(kit: Kit) -> str:
    """A digest of what, beside the faces, decides the bytes the content writer writes: the fonts'
    resource names and the codes of their characters, the XObject names, the registration colour space.
    An ASCII character coded as itself in a font's first subset (ReportLab so codes all printable ASCII
    a font has, whether the deck sets it or not) is left out: adding one to a deck changes no face drawn.
    (A change to the content writer itself changes keys.code_key, which every disk cache keys on.)"""
    parts = [kit.registration, kit.images, kit.icons]
    for f in kit.fonts:
        own = tuple((ch, s, n) for ch, s, n in f.codes if not (s == 0 and n == ord(ch) < 128))
        parts.append((f.font.name, f.subsets, own, f.lacking))
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def document(res: Resources) -> Document:
    """The resource document made and read back."""
    return read_document(resource_pdf(res), res)


def prepare(res: Resources) -> Kit:
    """The Kit for a build: the resource document made and read back, and the photos added to it. (The
    pipeline makes the same with a cache: the document and each photo kept on its own.)"""
    return compose(document(res), tuple((path, photo(path, digest, most, res.ink_limit))
                                        for path, digest, most in res.photos()))
