"""Preflight: check any PDF against a print shop's checklist, by reading its content streams with pypdf.

The interpreter tracks just enough graphics state to judge print problems: the transformation matrix
for real sizes and positions, colour spaces and values, line widths, the text state, and ExtGState
transparency. It follows Form XObjects. No external program is involved."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pypdf import PdfReader
from pypdf.generic import ContentStream

from fichegen.geometry import IDENTITY, Transform, shift
from fichegen.printshop import pdfx, pixels

MM = 72 / 25.4
TOL = 0.01


@dataclass(frozen=True)
class Limits:
    """What a shop accepts: filled from a print-shop profile (printshop/profile.py); the defaults are the
    default profile's."""

    bleed_mm: float | None = 3.0  # None: no page boxes are needed (sheets to print yourself)
    safe_mm: float = 5.0
    min_text: float = 6.0  # pt
    min_line: float = 0.25  # pt
    max_ink: float = 300.0  # per cent
    min_image_ppi: float = 0.0  # 0: not checked
    standard: str | None = None  # "x-1a:2003", "x-4", "none"; None: whatever the file claims
    condition: str | None = None  # the output intent's identifier the file must name
    profile: str = ""  # the profile's name, for messages


@dataclass(frozen=True)
class Finding:
    page: int | None  # 1-based; None for the document as a whole
    check: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"page {self.page}: " if self.page else ""
        return f"{where}{'warning: ' if self.warning else ''}{self.message}"


@dataclass
class _State:
    ctm: Transform = IDENTITY
    line_width: float = 1.0
    stroke_space: str = "/DeviceGray"
    fill_kind: str = "gray"
    stroke_kind: str = "gray"
    fill_space: str = "/DeviceGray"
    font: object = None
    size: float = 0.0
    char_space: float = 0.0
    word_space: float = 0.0
    hscale: float = 1.0
    leading: float = 0.0
    rise: float = 0.0


@dataclass
class _Page:
    number: int
    trim: tuple[float, float, float, float] | None
    findings: dict[str, Finding] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, key: str, check: str, message: str, warning: bool = False) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1
        self.findings.setdefault(key, Finding(self.number, check, message, warning))


def _box(page, name: str):
    value = page.get(f"/{name}")
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _inside(inner, outer) -> bool:
    return (inner[0] >= outer[0] - TOL and inner[1] >= outer[1] - TOL
            and inner[2] <= outer[2] + TOL and inner[3] <= outer[3] + TOL)


def _kind(space, resources) -> str:
    """'rgb', 'cmyk', 'gray', 'separation', 'other' for a colour space name or array."""
    name = space
    if isinstance(space, str) and space not in ("/DeviceRGB", "/DeviceCMYK", "/DeviceGray", "/Pattern"):
        spaces = resources.get("/ColorSpace", {}) if resources else {}
        name = spaces.get(space, space)
        name = name.get_object() if hasattr(name, "get_object") else name
    if isinstance(name, list) and name:
        family = name[0]
        if family in ("/Separation", "/DeviceN"):
            return "separation"
        if family == "/ICCBased":
            n = name[1].get_object().get("/N", 3)
            return {1: "gray", 3: "rgb", 4: "cmyk"}.get(int(n), "other")
        if family == "/Indexed":
            return _kind(name[1], resources)
        name = family
    return {"/DeviceRGB": "rgb", "/CalRGB": "rgb", "/Lab": "rgb", "/DeviceCMYK": "cmyk", "/DeviceGray": "gray",
            "/CalGray": "gray"}.get(str(name), "other")


def _is_registration(space, resources) -> bool:
    spaces = resources.get("/ColorSpace", {}) if resources else {}
    value = spaces.get(space)
    value = value.get_object() if hasattr(value, "get_object") else value
    return isinstance(value, list) and len(value) > 1 and value[0] == "/Separation" and value[1] == "/All"


def _widths(font) -> tuple[dict[int, float], float]:
    if font is None:
        return {}, 500.0
    first = int(font.get("/FirstChar", 0))
    widths = font.get("/Widths")
    if widths is not None:
        return {first + i: float(w) for i, w in enumerate(widths.get_object())}, 500.0
    return {}, 500.0


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def _bytes(operand) -> bytes:
    if hasattr(operand, "get_original_bytes"):
        return operand.get_original_bytes()
    if isinstance(operand, bytes):
        return operand
    return str(operand).encode("latin-1", "replace")


class _Interpreter:
    def __init__(self, reader: PdfReader, page: _Page, limits: Limits):
        self.reader, self.page, self.limits = reader, page, limits

    def run(self, content, resources, state: _State, depth: int = 0) -> None:
        if depth > 12:
            return
        stack: list[_State] = []
        path: list[tuple[float, float]] = []
        tm = tlm = IDENTITY
        for operands, op in ContentStream(content, self.reader).operations:
            op = op.decode("latin-1") if isinstance(op, bytes) else op
            if op == "q":
                stack.append(replace(state))
            elif op == "Q" and stack:
                state = stack.pop()
            elif op == "cm":
                state.ctm = Transform(*(float(v) for v in operands)).then(state.ctm)
            elif op == "w":
                state.line_width = float(operands[0])
            elif op in ("m", "l"):
                path.append(state.ctm.apply(float(operands[0]), float(operands[1])))
            elif op in ("c", "v", "y"):
                path.append(state.ctm.apply(float(operands[-2]), float(operands[-1])))
            elif op == "re":
                x, y, w, h = (float(v) for v in operands)
                path += [state.ctm.apply(x, y), state.ctm.apply(x + w, y + h), state.ctm.apply(x, y + h), state.ctm.apply(x + w, y)]
            elif op in ("S", "s", "B", "B*", "b", "b*", "f", "F", "f*", "n"):
                if op in ("S", "s", "B", "B*", "b", "b*"):
                    self.stroke(state, path, resources)
                if op in ("f", "F", "f*", "B", "B*", "b", "b*"):
                    self.colour(state.fill_kind)
                path = []
            elif op == "rg":
                state.fill_kind = "rgb"
            elif op == "RG":
                state.stroke_space, state.stroke_kind = "/DeviceRGB", "rgb"
            elif op in ("k", "K"):
                setattr(state, "fill_kind" if op == "k" else "stroke_kind", "cmyk")
                self.ink(operands)
            elif op in ("g", "G"):
                setattr(state, "fill_kind" if op == "g" else "stroke_kind", "gray")
            elif op in ("cs", "CS"):
                kind = _kind(operands[0], resources)
                if op == "cs":
                    state.fill_space, state.fill_kind = operands[0], kind
                else:
                    state.stroke_space, state.stroke_kind = operands[0], kind
            elif op in ("sc", "scn") and state.fill_kind == "cmyk" and len(operands) == 4:
                self.ink(operands)
            elif op == "gs":
                self.extgstate(resources, operands[0])
            elif op == "BT":
                tm = tlm = IDENTITY
            elif op == "Tf":
                fonts = resources.get("/Font", {}) if resources else {}
                font = fonts.get(operands[0])
                state.font = font.get_object() if font is not None else None
                state.size = float(operands[1])
                if state.font is not None and not _embedded(state.font):
                    name = str(state.font.get("/BaseFont", operands[0]))[1:]
                    self.page.add(f"font {name}", "fonts", f"font {name} is not embedded")
            elif op == "Tc":
                state.char_space = float(operands[0])
            elif op == "Tw":
                state.word_space = float(operands[0])
            elif op == "Tz":
                state.hscale = float(operands[0]) / 100
            elif op == "TL":
                state.leading = float(operands[0])
            elif op == "Ts":
                state.rise = float(operands[0])
            elif op == "Tm":
                tm = tlm = Transform(*(float(v) for v in operands))
            elif op in ("Td", "TD"):
                if op == "TD":
                    state.leading = -float(operands[1])
                tlm = shift(float(operands[0]), float(operands[1])).then(tlm)
                tm = tlm
            elif op in ("T*", "'", '"'):
                tlm = shift(0, -state.leading).then(tlm)
                tm = tlm
                if op != "T*":
                    tm = self.show(state, tm, [operands[-1]], resources)
            elif op == "Tj":
                tm = self.show(state, tm, [operands[0]], resources)
            elif op == "TJ":
                tm = self.show(state, tm, list(operands[0]), resources)
            elif op == "Do":
                self.xobject(resources, operands[0], state, depth)
            elif op == "INLINE IMAGE":
                settings = operands.get("settings", {}) if isinstance(operands, dict) else {}
                cs = settings.get("/CS", settings.get("/ColorSpace"))
                if cs in ("/RGB", "/DeviceRGB"):
                    self.page.add("rgb image", "colour", "an RGB image (inline); convert images to CMYK", warning=True)

    # -- checks ---------------------------------------------------------------------------
    def colour(self, kind: str) -> None:
        if kind == "rgb":
            self.page.add("rgb", "colour", "RGB or Lab colour is used; a print file must be CMYK (or grey)")

    def ink(self, operands) -> None:
        total, limit = sum(float(v) for v in operands) * 100, self.limits.max_ink
        if total > limit + 0.5:
            self.page.add("ink", "ink", f"total ink coverage {total:.0f} % is above {limit:g} %")

    def stroke(self, state: _State, path, resources) -> None:
        self.colour(state.stroke_kind)
        width, least = state.line_width * state.ctm.scale, self.limits.min_line
        if width >= least - 1e-6 or not path:
            return
        if _is_registration(state.stroke_space, resources):
            return  # crop and registration marks are hairlines by design
        trim = self.page.trim
        xs, ys = [p[0] for p in path], [p[1] for p in path]
        if trim and (max(xs) <= trim[0] or min(xs) >= trim[2] or max(ys) <= trim[1] or min(ys) >= trim[3]):
            return  # outside the card: marks and slug
        self.page.add("stroke", "strokes", f"a line {width:.2f} pt wide; lines must be at least {least:g} pt to print")

    def extgstate(self, resources, name) -> None:
        gs = resources.get("/ExtGState", {}).get(name) if resources else None
        if gs is None:
            return
        gs = gs.get_object()
        for key in ("/CA", "/ca"):
            if key in gs and float(gs[key]) < 1:
                self.page.add("transparency", "transparency", f"transparency: {name[1:]} sets opacity {float(gs[key]):g}")
        if gs.get("/SMask", "/None") != "/None":
            self.page.add("transparency", "transparency", f"transparency: {name[1:]} sets a soft mask")
        if gs.get("/BM", "/Normal") not in ("/Normal", "/Compatible"):
            self.page.add("transparency", "transparency", f"transparency: {name[1:]} sets blend mode {gs['/BM'][1:]}")

    def show(self, state: _State, tm: Transform, parts, resources) -> Transform:
        self.colour(state.fill_kind)
        widths, default = _widths(state.font)
        start = tm
        for part in parts:
            if isinstance(part, (int, float)) or hasattr(part, "as_numeric"):
                tx = -float(part) / 1000 * state.size * state.hscale
                tm = shift(tx, 0).then(tm)
                continue
            for code in _bytes(part):
                w = widths.get(code, default) / 1000
                tx = (w * state.size + state.char_space + (state.word_space if code == 32 else 0)) * state.hscale
                tm = shift(tx, 0).then(tm)
        size, least = state.size * start.then(state.ctm).scale, self.limits.min_text
        # text in the registration colour is the sheet's job line, like the marks: not part of the product
        if 0 < size < least - 1e-6 and not _is_registration(state.fill_space, resources):
            self.page.add(f"small {size:.1f}", "text size", f"text at {size:.1f} pt; text must be at least {least:g} pt")
        self.safe_zone(state, start, tm)
        return tm

    def safe_zone(self, state: _State, start: Transform, end: Transform) -> None:
        trim = self.page.trim
        if trim is None or state.size == 0:
            return
        low, high = state.rise - 0.2 * state.size, state.rise + 0.75 * state.size
        pts = [m.then(state.ctm).apply(0, y) for m in (start, end) for y in (low, high)]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        if max(xs) <= trim[0] or min(xs) >= trim[2] or max(ys) <= trim[1] or min(ys) >= trim[3]:
            return  # outside the card altogether: slug or job information
        d = self.limits.safe_mm * MM
        safe = (trim[0] + d, trim[1] + d, trim[2] - d, trim[3] - d)
        if min(xs) < safe[0] - TOL or max(xs) > safe[2] + TOL or min(ys) < safe[1] - TOL or max(ys) > safe[3] + TOL:
            self.page.add("safe", "safe zone", f"text within {self.limits.safe_mm:g} mm of the trim edge; it may be cut off")

    def resolution(self, name, image, state: _State) -> None:
        """An image's pixels per inch as placed (the matrix maps its unit square onto the page)."""
        least, m = self.limits.min_image_ppi, state.ctm
        wide, high = (m.a ** 2 + m.b ** 2) ** 0.5 / 72, (m.c ** 2 + m.d ** 2) ** 0.5 / 72  # inches
        if not least or wide <= 0 or high <= 0 or image.get("/ImageMask"):
            return
        ppi = min(int(image.get("/Width", 0)) / wide, int(image.get("/Height", 0)) / high)
        if ppi < least - 0.5:
            self.page.add(f"ppi {name}", "resolution", f"image {name[1:]} is {ppi:.0f} ppi as placed; "
                                                      f"images must be at least {least:g} ppi")

    def image_ink(self, name, image) -> None:
        """A CMYK picture's darkest pixel within the ink limit (each image judged once per page)."""
        total = pixels.max_ink(image)
        if total is not None and total > self.limits.max_ink + 0.5:
            self.page.add(f"ink {name}", "ink", f"image {name[1:]} has pixels of {total:.0f} % total ink, above "
                                              f"{self.limits.max_ink:g} %")

    def xobject(self, resources, name, state: _State, depth: int) -> None:
        xobjects = resources.get("/XObject", {}) if resources else {}
        ref = xobjects.get(name)
        if ref is None:
            return
        obj = ref.get_object()
        if obj.get("/Subtype") == "/Image":
            if "/SMask" in obj or "/Mask" in obj and not isinstance(obj["/Mask"], list):
                self.page.add("transparency", "transparency", f"transparency: image {name[1:]} has a soft mask")
            kind = _kind(obj.get("/ColorSpace", "/DeviceGray"), resources)
            if kind == "rgb":
                self.page.add("rgb image", "colour", f"image {name[1:]} is RGB; convert images to CMYK", warning=True)
            self.resolution(name, obj, state)
            self.image_ink(name, obj)
            return
        if obj.get("/Subtype") == "/Form":
            group = obj.get("/Group")
            if group is not None and group.get_object().get("/S") == "/Transparency":
                self.page.add("transparency", "transparency", f"transparency: form {name[1:]} is a transparency group")
            inner = replace(state)
            if "/Matrix" in obj:
                inner.ctm = Transform(*(float(v) for v in obj["/Matrix"])).then(state.ctm)
            form_resources = obj.get("/Resources")
            self.run(obj, form_resources.get_object() if form_resources is not None else resources, inner, depth + 1)


def preflight(path, limits: Limits = Limits()) -> tuple[list[Finding], int]:
    """Every problem found, and the number of pages checked, against `limits` (a profile's)."""
    try:
        reader = PdfReader(path if hasattr(path, "read") else str(path))
        pages = list(reader.pages)
    except Exception as e:  # noqa: BLE001 - anything that is not a readable PDF
        return [Finding(None, "file", f"not a readable PDF ({e})")], 0
    findings = pdfx.check(reader, limits)
    for number, page in enumerate(pages, 1):
        media, trim, bleed = _box(page, "MediaBox"), _box(page, "TrimBox"), _box(page, "BleedBox")
        p = _Page(number, trim)
        boxed = limits.bleed_mm is not None
        if trim is None and boxed:
            p.add("trim", "boxes", "no TrimBox: the shop cannot tell where to cut")
        if bleed is None and boxed:
            p.add("bleed", "boxes", "no BleedBox: the shop cannot tell how far the artwork runs")
        if trim and bleed and boxed:
            if not _inside(trim, bleed):
                p.add("nest", "boxes", "the TrimBox is not inside the BleedBox")
            elif not _inside(bleed, media):
                p.add("nest", "boxes", "the BleedBox is not inside the MediaBox")
            else:
                least = min(trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3])
                if least < limits.bleed_mm * MM - TOL:
                    p.add("bleed", "bleed", f"bleed is {least / MM:.1f} mm; at least {limits.bleed_mm:g} mm is needed")
        group = page.get("/Group")
        if group is not None and group.get_object().get("/S") == "/Transparency":
            p.add("transparency", "transparency", "transparency: the page is a transparency group")
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else {}
        contents = page.get_contents()
        if contents is not None:
            _Interpreter(reader, p, limits).run(contents, resources, _State())
        for key, finding in p.findings.items():
            n = p.counts[key]
            findings.append(replace(finding, message=finding.message + (f" ({n} places)" if n > 1 else "")))
    return findings, len(pages)
