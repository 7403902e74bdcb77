"""A PDF file written object by object as its pages arrive, so no build holds its whole deck in memory.

Page contents come from render, already compressed; the resources they name (font subsets, logos, the
registration colour) come from render's one-page resource document, whose resource dictionary is
copied in once and shared by every page. What is left is plain bookkeeping: numbers, offsets, xref."""

from __future__ import annotations

import hashlib
import io
import zlib
from array import array
from dataclasses import dataclass
from typing import BinaryIO


# Registered print conditions (ICC registry, color.org): identifier → the condition's name.
CONDITIONS = {
    "FOGRA39": "Coated FOGRA39",
    "FOGRA51": "PSO Coated v3",
    "FOGRA52": "PSO Uncoated v3 (FOGRA52)",
    "FOGRA29": "Uncoated FOGRA29",
    "CGATS21_CRPC6": "GRACoL 2013 (CRPC6)",
    "CGATS TR 001": "U.S. Web Coated (SWOP) v2",
}


class Name(str):
    """A PDF name, written /Name."""


@dataclass(frozen=True)
class Ref:
    num: int


def _number(v: float) -> bytes:
    if isinstance(v, int) or v == int(v):
        return b"%d" % int(v)
    return (b"%.4f" % v).rstrip(b"0").rstrip(b".")


def _text(s: str) -> bytes:
    if s.isascii():
        return b"(" + s.encode().replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
    return b"<FEFF" + s.encode("utf-16-be").hex().upper().encode() + b">"


def serialise(v) -> bytes:
    if isinstance(v, Name):
        return b"/" + v.encode()
    if isinstance(v, Ref):
        return b"%d 0 R" % v.num
    if isinstance(v, bool):
        return b"true" if v else b"false"
    if v is None:
        return b"null"
    if isinstance(v, (int, float)):
        return _number(v)
    if isinstance(v, str):
        return _text(v)
    if isinstance(v, bytes):
        return b"<" + v.hex().encode() + b">"
    if isinstance(v, (list, tuple)):
        return b"[" + b" ".join(serialise(x) for x in v) + b"]"
    if isinstance(v, dict):
        return b"<<" + b"".join(b"/" + k.encode() + b" " + serialise(x) for k, x in v.items()) + b">>"
    raise TypeError(f"cannot write {type(v).__name__} to a PDF")


@dataclass(frozen=True)
class Info:
    title: str
    subject: str
    creator: str
    date: str  # YYYYMMDD
    pdfx: tuple[str, str] | None = None  # (condition identifier, condition name): a PDF/X file
    standard: str = "x-1a:2003"  # with pdfx: "x-1a:2003" or "x-4"
    icc: bytes | None = None  # with pdfx: the CMYK output profile the output intent embeds
    registry: str = "http://www.color.org"  # with pdfx: where the condition is registered ("" for none)
    language: str = ""  # the text's language (BCP 47): the catalog's /Lang, for screen readers and search

    @property
    def version(self) -> str:
        """The PDF version the file declares: 1.6 for PDF/X-4 (ISO 15930-7), else 1.4."""
        return "1.6" if self.pdfx and self.standard == "x-4" else "1.4"


class PDFFile:
    """Objects are numbered in the order they are asked for and written as soon as they are complete."""

    def __init__(self, out: BinaryIO, version: str = "1.4"):
        # where each object starts (-1: reserved, not yet written); a deck's pages are tens of thousands
        self.out, self.offsets, self.pos = out, array("q", [0]), 0
        self.bodies: dict[int, bytes] | None = None  # when set, a copy of every object written
        # the identifier's digest: SHA-256 (cut to MD5's 16 bytes), which processors with SHA instructions,
        # most now, compute twice as fast as MD5; a deck's pages are megabytes
        self.digest = hashlib.sha256()
        self._emit(b"%%PDF-%b\n%%\xe2\xe3\xcf\xd3\n" % version.encode())

    def _emit(self, data: bytes) -> None:
        self.out.write(data)
        self.digest.update(data)
        self.pos += len(data)

    def reserve(self) -> Ref:
        self.offsets.append(-1)
        return Ref(len(self.offsets) - 1)

    def put(self, ref: Ref, value, stream: bytes | None = None) -> Ref:
        """Write a reserved object; with `stream`, `value` is the stream's dictionary (Length is added)."""
        return self.put_raw(ref, serialise(value) if stream is None else stream_body(value, stream))

    def put_raw(self, ref: Ref, body: bytes) -> Ref:
        """Write a reserved object already in PDF syntax."""
        self.offsets[ref.num] = self.pos
        if self.bodies is not None:
            self.bodies[ref.num] = body
        self._emit(b"%d 0 obj\n" % ref.num + body + b"\nendobj\n")
        return ref

    def append(self, bodies: tuple[bytes, ...]) -> int:
        """Write objects already in PDF syntax under the next numbers, in one piece (a deck's pages are
        thousands of small objects); returns the first one's number."""
        first, pos, parts = len(self.offsets), self.pos, []
        for num, body in enumerate(bodies, first):
            self.offsets.append(pos)
            if self.bodies is not None:
                self.bodies[num] = body
            parts.append(b"%d 0 obj\n%b\nendobj\n" % (num, body))
            pos += len(parts[-1])
        self._emit(b"".join(parts))
        return first

    def add(self, value, stream: bytes | None = None) -> Ref:
        return self.put(self.reserve(), value, stream)

    def copy_resources(self, pdf: bytes) -> dict:
        """Copy everything the resource dictionary of `pdf`'s first page refers to; the dictionary itself
        is returned (its values naming the copies), for the caller to write."""
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(pdf))
        done: dict[int, Ref] = {}
        return self._copy(reader.pages[0]["/Resources"], done)

    def _copy(self, obj, done: dict[int, Ref]):
        from pypdf import generic as g

        if isinstance(obj, g.IndirectObject):
            if obj.idnum not in done:
                target = obj.get_object()
                ref = done[obj.idnum] = self.reserve()
                if isinstance(target, g.StreamObject):
                    head, data = _stream(target)
                    self.put(ref, {k[1:]: self._copy(v, done) for k, v in head.items()}, data)
                else:
                    self.put(ref, self._copy(target, done))
            return done[obj.idnum]
        if isinstance(obj, g.NameObject):
            return Name(obj[1:])
        if isinstance(obj, g.DictionaryObject):
            return {k[1:]: self._copy(v, done) for k, v in obj.items()}
        if isinstance(obj, g.ArrayObject):
            return [self._copy(v, done) for v in obj]
        if isinstance(obj, g.BooleanObject):
            return bool(obj)
        if isinstance(obj, g.NullObject):
            return None
        if isinstance(obj, g.ByteStringObject):
            return bytes(obj)
        if isinstance(obj, g.TextStringObject):
            return str(obj)
        if isinstance(obj, g.FloatObject):
            return float(obj)
        if isinstance(obj, g.NumberObject):
            return int(obj)
        raise TypeError(f"cannot copy {type(obj).__name__}")

    def finish(self, root: Ref, info: Ref) -> None:
        """The cross-reference table and trailer. The file identifier is a digest of everything written,
        so the same input gives the same bytes and different files different identifiers."""
        xref = self.pos
        ident = self.digest.digest()[:16]
        assert -1 not in self.offsets, "every reserved object is written"
        self._emit(b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets))
        for at in range(1, len(self.offsets), 4096):  # in parts: the table of a large deck is megabytes
            self._emit(b"".join(b"%010d 00000 n \n" % off for off in self.offsets[at:at + 4096]))
        trailer = {"Size": len(self.offsets), "Root": root, "Info": info, "ID": [ident, ident]}
        self._emit(b"trailer\n" + serialise(trailer) + b"\nstartxref\n%d\n%%%%EOF\n" % xref)


# filters pypdf undoes (get_data); a stream filtered only with these is written again deflated
_UNDONE = {"/FlateDecode", "/Fl", "/ASCII85Decode", "/A85", "/ASCIIHexDecode", "/AHx", "/LZWDecode", "/LZW",
           "/RunLengthDecode", "/RL"}
_KEPT = {"/DCTDecode", "/DCT", "/JPXDecode"}  # image codecs get_data leaves encoded


def _stream(stream) -> tuple[dict, bytes]:
    """A stream's dictionary (without Length) and data, as written again: decoded by pypdf and deflated
    (zlib at a fixed level: the same bytes every time), or, for a JPEG, the JPEG."""
    filters = stream.get("/Filter", [])
    filters = [filters] if isinstance(filters, str) else list(filters)
    head = {k: v for k, v in stream.items() if k not in ("/Length", "/Filter", "/DecodeParms", "/DP")}
    data = stream.get_data()
    if filters and filters[-1] in _KEPT and all(f in _UNDONE for f in filters[:-1]):
        from pypdf.generic import NameObject

        return dict(head, **{"/Filter": NameObject(filters[-1])}), data
    if not all(f in _UNDONE for f in filters):
        raise ValueError(f"cannot copy a stream filtered with {filters}")
    from pypdf.generic import NameObject

    return dict(head, **{"/Filter": NameObject("/FlateDecode")}), zlib.compress(data, 6)


def stream_body(value: dict, stream: bytes) -> bytes:
    """A stream object's body: its dictionary (`value`, with Length added) and its data."""
    return serialise(dict(value, Length=len(stream))) + b"\nstream\n" + stream + b"\nendstream"


def resource_objects(pdf: bytes) -> tuple[list[tuple[int, bytes]], dict]:
    """Everything the resource dictionary of `pdf`'s first page refers to, as objects numbered from 2
    (the page tree is object 1, as in PageWriter), and the dictionary itself, naming them, to be written
    after them (more may be added to it first: pdf/resources.py adds the pictures). Plain bytes, so they
    can be kept in the build cache."""
    scratch = PDFFile(io.BytesIO())
    scratch.reserve()  # object 1: the page tree, as in PageWriter
    scratch.bodies = {}
    dictionary = scratch.copy_resources(pdf)
    return sorted(scratch.bodies.items()), dictionary


class PageWriter:
    """Pages one at a time, each from a compressed content stream, all with the same boxes (MediaBox,
    BleedBox, TrimBox) and the resources of render's resource document."""

    def __init__(self, out: BinaryIO, boxes: dict[str, tuple[float, float, float, float]] | None,
                 resources: tuple[int, list[tuple[int, bytes]]], version: str = "1.4"):
        """`resources`: a Kit's objects (pdf/resources.py): the resource dictionary's number, and every
        object numbered from 2."""
        self.f = PDFFile(out, version)
        self.pages = self.f.reserve()
        number, objects = resources
        for num, body in objects:
            ref = self.f.reserve()
            assert ref.num == num, "resource objects are numbered from 2, after the page tree"
            self.f.put_raw(ref, body)
        self.shared = Ref(number)
        self.boxes = {name: list(box) for name, box in (boxes or {}).items()}
        self.kids = array("q")  # the pages' object numbers
        self._page: bytes | None = None

    def page(self, content: bytes) -> None:
        if self._page is None:  # every page dictionary is the same but for its contents: made once
            self._page = serialise({"Type": Name("Page"), "Parent": self.pages, **self.boxes, "Resources": self.shared,
                                    "Contents": Ref(0)}).replace(b"/Contents 0 0 R", b"/Contents %d 0 R")
        stream = len(self.f.offsets)  # the content stream, then the page that draws it
        self.f.append((b"<</Filter /FlateDecode /Length %d>>\nstream\n%b\nendstream" % (len(content), content),
                       self._page % stream))
        self.kids.append(stream + 1)

    def form(self, content: bytes, bbox: tuple[float, float, float, float]) -> Ref:
        """A Form XObject drawing with the shared resources; placed by `sheet`."""
        return self.f.add({"Type": Name("XObject"), "Subtype": Name("Form"), "BBox": list(bbox),
                           "Resources": self.shared, "Filter": Name("FlateDecode")}, content)

    def sheet(self, width: float, height: float, placed: list[tuple[Ref, tuple]], furniture: Ref) -> None:
        """A sheet side that places forms, each through its matrix (a b c d e f), then `furniture` on top."""
        names = {f"F{i}": ref for i, (ref, _) in enumerate(placed)}
        ops = [b"q " + b" ".join(_number(v) for v in matrix) + b" cm /F%d Do Q" % i for i, (_, matrix) in enumerate(placed)]
        ops.append(b"/M Do")
        stream = self.f.add({"Filter": Name("FlateDecode")}, zlib.compress(b"\n".join(ops)))
        self.kids.append(self.f.add({"Type": Name("Page"), "Parent": self.pages, "MediaBox": [0, 0, width, height],
                                     "Resources": {"XObject": {**names, "M": furniture}}, "Contents": stream}).num)

    def close(self, info: Info, outline: list[tuple[int, str]] | None = None, duplex: str | None = None,
              sheets: bool = False) -> int:
        """Write what follows the pages; `outline` bookmarks (page index, label); for `sheets` to print
        yourself, print at actual size and, with `duplex` ("long", "short"), on both sides. Returns the
        page count."""
        f, kids = self.f, self.kids
        f.put_raw(self.pages, b"<</Type /Pages/Kids [%b]/Count %d>>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)))
        catalog = {"Type": Name("Catalog"), "Pages": self.pages}
        if sheets:
            prefs = {"PrintScaling": Name("None")}
            if duplex:
                prefs["Duplex"] = Name("DuplexFlipLongEdge" if duplex == "long" else "DuplexFlipShortEdge")
            catalog["ViewerPreferences"] = prefs
        if outline:
            catalog["Outlines"] = _outline(f, [(Ref(kids[i]), label) for i, label in outline])
            catalog["PageMode"] = Name("UseOutlines")
        if info.language:
            catalog["Lang"] = info.language
        stamp = f"D:{info.date}000000+00'00'"
        meta = {"Title": info.title, "Subject": info.subject, "Author": "", "Creator": info.creator,
                "Producer": PRODUCER, "CreationDate": stamp, "ModDate": stamp, "Trapped": Name("False")}
        if info.pdfx:
            del meta["Author"]  # its XMP twin (dc:creator) would have to say nothing too: leave both out
            meta.update(_pdfx(f, info, catalog))
        f.finish(f.add(catalog), f.add(meta))
        return len(kids)


PRODUCER = "fichegen with ReportLab"


def _pdfx(f: PDFFile, info: Info, catalog: dict) -> dict:
    """A PDF/X file's output intent (embedding the output profile, if any) and XMP metadata, into the
    catalog; returns the identification for the Info dictionary."""
    from fichegen.pdf import xmp

    condition, name = info.pdfx
    if info.standard == "x-4":
        keys = {"GTS_PDFXVersion": "PDF/X-4"}
    else:  # ISO 15930-4: the version names the PDF/X-1 part, the conformance level says "a"
        keys = {"GTS_PDFXVersion": "PDF/X-1:2003", "GTS_PDFXConformance": "PDF/X-1a:2003"}
    intent = {"Type": Name("OutputIntent"), "S": Name("GTS_PDFX"), "OutputConditionIdentifier": condition,
              "OutputCondition": name, "Info": name}
    if info.registry:
        intent["RegistryName"] = info.registry
    if info.icc:
        intent["DestOutputProfile"] = f.add({"N": 4, "Filter": Name("FlateDecode")}, zlib.compress(info.icc, 9))
    catalog["OutputIntents"] = [intent]
    document, instance = xmp.ids(f.digest.copy().digest())  # of the pages: derived from the content
    packet = xmp.packet(title=info.title, subject=info.subject, creator=info.creator, producer=PRODUCER,
                        date_=info.date, version=keys["GTS_PDFXVersion"], conformance=keys.get("GTS_PDFXConformance"),
                        document_id=document, instance_id=instance, language=info.language)
    catalog["Metadata"] = f.add({"Type": Name("Metadata"), "Subtype": Name("XML")}, packet)  # uncompressed, as is usual
    return keys


def write_sheets(out: BinaryIO, plan, trim: tuple[float, float], bleed: float, resources, faces, furniture,
                 info: Info) -> int:
    """An imposition plan written: each face (compressed form contents, in face order) once, as a form
    placed by reference wherever the plan puts it; each side's furniture (marks, labels) as one form on
    top. A side is written as soon as its faces are. Returns the number of sheet sides."""
    writer = PageWriter(out, None, resources)
    w, h = trim
    faces, forms = iter(faces), []
    for side, marks in zip(plan.sides, furniture):
        while len(forms) <= max((p.face for p in side.placements), default=-1):
            forms.append(writer.form(next(faces), (-bleed, -bleed, w + bleed, h + bleed)))
        on_top = writer.form(marks, (0, 0, side.sheet.width, side.sheet.height))
        writer.sheet(side.sheet.width, side.sheet.height, [(forms[p.face], p.transform.as_tuple()) for p in side.placements],
                     on_top)
    return writer.close(info, duplex=plan.duplex, sheets=True)


def _outline(f: PDFFile, entries: list[tuple[Ref, str]]) -> Ref:
    root = f.reserve()
    items = [f.reserve() for _ in entries]
    for i, (page, label) in enumerate(entries):
        item = {"Title": label, "Parent": root, "Dest": [page, Name("Fit")]}
        if i:
            item["Prev"] = items[i - 1]
        if i + 1 < len(items):
            item["Next"] = items[i + 1]
        f.put(items[i], item)
    return f.put(root, {"Type": Name("Outlines"), "First": items[0], "Last": items[-1], "Count": len(items)})
