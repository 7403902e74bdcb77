"""Faces → compressed PDF content streams, written operator by operator, naming only what a Kit holds
(pdf/resources.py): no canvas and no ReportLab, so any worker process can draw any face, and the bytes
depend on nothing but the faces and the Kit."""

from __future__ import annotations

import itertools
import re
import zlib
from functools import lru_cache
from math import cos, pi, radians, sin
from typing import Iterable, Iterator

from fichegen.geometry import MARK_GAP, MARK_WIDTH, TARGET_RADIUS, PageGeometry
from fichegen.layout.compose import Face, Fill
from fichegen.pdf import media
from fichegen.pdf.resources import Kit
from fichegen.style import fonts
from fichegen.style.fonts import FontRef


# -- numbers and strings ---------------------------------------------------------------------------

_NUMBERS: dict[float, str] = {}


def num(v: float) -> str:
    """A number as PDF writes it: deterministic and compact, about seven significant digits (a
    thousandth of a point and finer on an A5 card), no exponent, no leading zero."""
    s = _NUMBERS.get(v)
    if s is None:
        if v == int(v):
            s = "%d" % v
        else:
            a = abs(v)
            s = ("%.6f" if a < 10 else "%.5f" if a < 100 else "%.4f" if a < 1000 else "%.3f") % v
            s = s.rstrip("0").rstrip(".")
            if s.startswith("0."):
                s = s[1:]
            elif s.startswith("-0."):
                s = "-" + s[2:]
            if s in ("-0", "", "-"):
                s = "0"
        if len(_NUMBERS) < 100_000:
            _NUMBERS[v] = s
    return s


def nums(*vs: float) -> str:
    return " ".join(map(num, vs))


def _escaped(code: int) -> str:
    """A byte as it stands in a literal string: ( ) and backslash escaped, anything but printable
    ASCII as an octal escape (a bare CR would be read as LF)."""
    if code in (0x28, 0x29, 0x5C):
        return "\\" + chr(code)
    if 32 <= code < 127:
        return chr(code)
    return "\\%03o" % code


@lru_cache(maxsize=256)
def _fill_op(colour: tuple[float, float, float, float]) -> str:
    return f"{nums(*colour)} k"


@lru_cache(maxsize=256)
def _stroke_op(colour: tuple[float, float, float, float]) -> str:
    return f"{nums(*colour)} K"


# -- the kit, compiled once per process ------------------------------------------------------------

class _Font:
    """A font's encoding from the kit, made quick: text in its first subset is one str.translate."""

    def __init__(self, codes):
        self.name = codes.font.name
        self.subsets = ["/" + s for s in codes.subsets]
        self.first = {ord(ch): _escaped(n) for ch, s, n in codes.codes if s == 0}
        self.anywhere = {ch: (s, _escaped(n)) for ch, s, n in codes.codes}
        for ch in codes.lacking:
            self.first.setdefault(ord(ch), _escaped(0))
            self.anywhere.setdefault(ch, (0, _escaped(0)))
        self.known_first = frozenset(map(chr, self.first))
        # word spacing (Tw) widens byte 32 only: it is the space in every ReportLab subset, but if the
        # space had another code, each space would be widened by a TJ adjustment instead
        self.space_is_32 = all(s == 0 and code == 32 for ch, s, code in codes.codes if ch == " ")

    def chunks(self, text: str) -> list[tuple[int, str]]:
        """(subset, escaped codes) runs for `text`."""
        if self.known_first.issuperset(text):
            return [(0, text.translate(self.first))] if text else []
        out: list[tuple[int, list[str]]] = []
        for ch in text:
            try:
                s, code = self.anywhere[ch]
            except KeyError:
                raise ValueError(f"character {ch!r} (U+{ord(ch):04X}) was not in the resources for {self.name}") from None
            if out and out[-1][0] == s:
                out[-1][1].append(code)
            else:
                out.append((s, [code]))
        return [(s, "".join(codes)) for s, codes in out]


class _Compiled:
    def __init__(self, kit: Kit):
        self.fonts = {codes.font: _Font(codes) for codes in kit.fonts}
        self.images = {path: ("/" + name, w, h) for path, name, w, h in kit.images}
        self.icons = {(path, colour): ("/" + name, w, h) for path, colour, name, w, h in kit.icons}
        self.registration = "/" + kit.registration


_COMPILED: list[tuple[Kit, _Compiled]] = []  # the last few kits drawn with (a worker gets one per build)


def _compiled(kit: Kit) -> _Compiled:
    """The kit's tables, made once per kit object (a worker unpickles one per build). Looked up by the
    object, not by Kit.key, which only says what a face's bytes depend on."""
    for known, compiled in _COMPILED:
        if known is kit:
            return compiled
    compiled = _Compiled(kit)
    _COMPILED.insert(0, (kit, compiled))
    del _COMPILED[4:]
    return compiled


# -- drawing ---------------------------------------------------------------------------------------

def _bled(fill: Fill, w: float, h: float, bleed: float) -> tuple[float, float, float, float]:
    """Fills that touch a trim edge run on into the bleed, so a slightly-off cut shows no white."""
    x0, y0, x1, y1 = fill.x, fill.y, fill.x + fill.w, fill.y + fill.h
    eps = 0.01
    x0 = x0 - bleed if x0 <= eps else x0
    y0 = y0 - bleed if y0 <= eps else y0
    x1 = x1 + bleed if x1 >= w - eps else x1
    y1 = y1 + bleed if y1 >= h - eps else y1
    return x0, y0, x1 - x0, y1 - y0


def _face(add, face: Face, bleed: float, kit: _Compiled) -> None:
    """A face with the trim's bottom-left corner at the current origin, clipped to the bleed."""
    w, h = face.trim
    add("q")
    add(f"n {nums(-bleed, -bleed, w + 2 * bleed, h + 2 * bleed)} re W* n")
    for fill in face.fills:
        add(_fill_op(fill.colour))
        add(f"n {nums(*_bled(fill, w, h, bleed))} re f*")
    for pattern in face.patterns:
        _pattern(add, pattern, *_bled(pattern, w, h, bleed))
    for image in face.images:
        _image(add, image, kit)
    for picture in face.pictures:
        media.picture(add, picture, kit.images)
    for code in face.codes:
        media.code(add, code)
    for icon in face.icons:
        media.icon(add, icon, kit.icons)
    if face.runs:
        _text(add, face.runs, kit)
    add("Q")


# a circle as ReportLab's canvas.circle draws it: four Bézier quarters, anticlockwise from the right
_HALF = 90.0 * pi / 360.0
_K = abs(4.0 / 3.0 * (1.0 - cos(_HALF)) / sin(_HALF))
_QUARTERS = [(cos(a), sin(a), cos(b), sin(b))
             for a, b in ((i * 90.0 * pi / 180.0, (i + 1) * 90.0 * pi / 180.0) for i in range(4))]


def _circle(x: float, y: float, r: float) -> str:
    x1, y1 = x - r, y - r  # the enclosing square, and the centre and radius from it, as ReportLab has them
    x2, y2 = x1 + 2 * r, y1 + 2 * r
    xc, yc, rx, ry = (x1 + x2) / 2, (y1 + y2) / 2, (x2 - x1) / 2, (y1 - y2) / 2
    k = _K
    parts = []
    for c0, s0, c1, s1 in _QUARTERS:
        if not parts:
            parts.append(f"n {nums(xc + rx * c0, yc - ry * s0)} m")
        parts.append(f"{nums(xc + rx * (c0 - k * s0), yc - ry * (s0 + k * c0), xc + rx * (c1 + k * s1), yc - ry * (s1 - k * c1), xc + rx * c1, yc - ry * s1)} c")
    return " ".join(parts) + " f*"


def _pattern(add, p, x: float, y: float, w: float, h: float) -> None:
    add("q")
    add(f"n {nums(x, y, w, h)} re W* n")
    add(_fill_op(p.colour))
    add(_stroke_op(p.colour))
    step = p.spacing
    cols, rows = int(w // step) + 2, int(h // step) + 2
    if p.kind == "dots":
        for i in range(cols):
            for j in range(rows):
                add(_circle(x + (i + 0.5) * step, y + (j + 0.5) * step, step * 0.14))
    elif p.kind == "stripes":
        add(f"{num(step * 0.3)} w")
        for i in range(-rows, cols + rows):
            add(f"n {nums(x + i * step, y)} m {nums(x + i * step + h, y + h)} l S")
    else:
        add(f"{num(0.5)} w")
        for i in range(cols):
            add(f"n {nums(x + i * step, y)} m {nums(x + i * step, y + h)} l S")
        for j in range(rows):
            add(f"n {nums(x, y + j * step)} m {nums(x + w, y + j * step)} l S")
    add("Q")


def _image(add, image, kit: _Compiled) -> None:
    """A logo: a raster image XObject is drawn in the unit square, an SVG form in the drawing's units."""
    name, unit_w, unit_h = kit.images[image.path]
    add(f"q {nums(image.w / unit_w, 0, 0, image.h / unit_h, image.x, image.y)} cm {name} Do Q")


def _text(add, runs, kit: _Compiled) -> None:
    """One text object for a face's runs, its state set only when it changes (most of a face shares it)."""
    code = ["BT 1 0 0 1 0 0 Tm"]
    put = code.append
    font = colour = tracking = spacing = None
    enc = size = None
    for run in runs:
        if (run.font, run.size) != font:
            font = (run.font, run.size)
            enc = kit.fonts[run.font]
            size = f" {num(run.size)} Tf"
            subset_now = -1
        if run.tracking != tracking:
            tracking = run.tracking
            put(f"{num(tracking)} Tc")
        # a justified line is one string: word spacing (Tw) widens its spaces (byte 32)
        word_space = run.word_space if enc.space_is_32 else 0.0
        if word_space != spacing:
            spacing = word_space
            put(f"{num(spacing)} Tw")
        if run.colour != colour:
            colour = run.colour
            put(_fill_op(colour))
        put(f"1 0 0 1 {nums(run.x, run.y)} Tm")
        if run.word_space and not enc.space_is_32:
            subset_now = _spaced(put, run, enc, size, subset_now)
            continue
        for subset, encoded in enc.chunks(run.text):
            if subset != subset_now:
                put(enc.subsets[subset] + size)
                subset_now = subset
            put(f"({encoded}) Tj")
    put("ET")
    add(" ".join(code))


def _spaced(put, run, enc: _Font, size: str, subset_now: int) -> int:
    """A justified line in a font whose space is not byte 32 (which word spacing, Tw, would widen):
    each space moved on by the word spacing with a TJ adjustment, in thousandths of the type size."""
    shift = num(-run.word_space * 1000 / run.size)
    pieces: list[tuple[int, str, bool]] = []  # (subset, escaped codes, whether it is a space)
    for part in re.split("([ \xa0])", run.text):
        if part:
            pieces += [(subset, encoded, part in " \xa0") for subset, encoded in enc.chunks(part)]
    for subset, group in itertools.groupby(pieces, key=lambda p: p[0]):
        if subset != subset_now:
            put(enc.subsets[subset] + size)
            subset_now = subset
        items, current = [], ""
        for _, encoded, space in group:
            current += encoded
            if space:
                items.append(f"({current}) {shift}")
                current = ""
        if current:
            items.append(f"({current})")
        put("[" + " ".join(items) + "] TJ")
    return subset_now


_KAPPA = 0.5523  # a quarter circle's Bézier handles, as a fraction of the radius


def _marks(add, geometry: PageGeometry, kit: _Compiled) -> None:
    """Crop marks and registration targets in the registration colour, colour-bar patches in process
    colours; all outside the bleed."""
    marks, targets, patches = geometry.crop_marks(), geometry.registration_targets(), geometry.colour_bar_patches()
    if not (marks or targets or patches):
        return
    add("q")
    for box, cmyk in patches:
        add(f"{nums(*cmyk)} k {nums(box.x0, box.y0, box.width, box.height)} re f")
    add(f"{kit.registration} CS 1 SCN")
    add(f"{num(MARK_WIDTH)} w")
    for m in marks:
        add(f"n {nums(m.x0, m.y0)} m {nums(m.x1, m.y1)} l S")
    r, k, arm = TARGET_RADIUS, TARGET_RADIUS * _KAPPA, TARGET_RADIUS + MARK_GAP / 2
    for x, y in targets:  # a circle with a cross through it
        add(f"n {nums(x + r, y)} m {nums(x + r, y + k, x + k, y + r, x, y + r)} c {nums(x - k, y + r, x - r, y + k, x - r, y)} c "
            f"{nums(x - r, y - k, x - k, y - r, x, y - r)} c {nums(x + k, y - r, x + r, y - k, x + r, y)} c S")
        add(f"n {nums(x - arm, y)} m {nums(x + arm, y)} l {nums(x, y - arm)} m {nums(x, y + arm)} l S")
    add("Q")


def _take(code: list[str]) -> bytes:
    data = zlib.compress(("\n".join(code) + "\n").encode("latin-1"))
    code.clear()
    return data


def page_contents(faces: Iterable[Face], geometry: PageGeometry, kit: Kit) -> Iterator[bytes]:
    """Each face as a page's compressed content stream: the face at the trim, then the crop marks."""
    compiled, code = _compiled(kit), []
    add = code.append
    for face in faces:
        add(f"q 1 0 0 1 {nums(geometry.trim.x0, geometry.trim.y0)} cm")
        _face(add, face, geometry.bleed, compiled)
        add("Q")
        _marks(add, geometry, compiled)
        yield _take(code)


def form_contents(faces: Iterable[Face], bleed: float, kit: Kit) -> Iterator[bytes]:
    """Each face as a form's compressed content stream, in trim coordinates, clipped to the bleed: what
    imposition places on sheets."""
    compiled, code = _compiled(kit), []
    for face in faces:
        _face(code.append, face, bleed, compiled)
        yield _take(code)


def face_contents(faces: Iterable[Face], spec: PageGeometry | float, kit: Kit) -> Iterator[bytes]:
    """page_contents for a PageGeometry, form_contents for a bleed."""
    if isinstance(spec, PageGeometry):
        return page_contents(faces, spec, kit)
    return form_contents(faces, spec, kit)


def _furniture(add, lines, labels, font: FontRef, kit: _Compiled, mark_width: float = MARK_WIDTH) -> None:
    """Marks, cut and fold lines in registration colour; job lines in registration colour too, so they
    print on every plate and never need a colour of their own."""
    add("q")
    add(f"{kit.registration} CS 1 SCN {kit.registration} cs 1 scn")
    add(f"{num(mark_width)} w")
    dashed = False
    for ln in lines:
        if ln.dashed != dashed:
            dashed = ln.dashed
            add("[2 2] 0 d" if dashed else "[] 0 d")
        add(f"n {nums(ln.x0, ln.y0)} m {nums(ln.x1, ln.y1)} l S")
    if labels:
        enc = kit.fonts[font]
    for label in labels:
        size = label.size
        width = fonts.width(font, label.text, size)
        if width > label.max_width:
            size *= label.max_width / width
            width = fonts.width(font, label.text, size)
        x = -width / 2 if label.align == "centre" else 0
        t = radians(label.rotation)
        c, s = cos(t), sin(t)
        shown = []
        for subset, encoded in enc.chunks(label.text):
            shown.append(f"{enc.subsets[subset]} {num(size)} Tf ({encoded}) Tj")
        add(f"q {nums(c, s, -s, c, label.x, label.y)} cm BT 1 0 0 1 {nums(x, 0)} Tm {' '.join(shown)} ET Q")
    add("Q")


def furniture_contents(sides, font: FontRef, kit: Kit) -> Iterator[bytes]:
    """Each imposed sheet side's marks, cut and fold lines and job labels, as a compressed content stream."""
    compiled, code = _compiled(kit), []
    for side in sides:
        _furniture(code.append, side.lines, side.labels, font, compiled)
        yield _take(code)
