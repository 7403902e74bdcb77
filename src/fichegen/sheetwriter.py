"""Imposition writer: draws an imposition plan with pypdf. Each face is rendered once, as a Form XObject;
sheets place it by reference, so a face costs its bytes once however often it is placed, and a
placement costs one line of content.

The forms come from our own renderer's document. pypdf's object parser costs about 0.3 ms an object,
which is most of a second for 3,000 forms, so their streams are lifted by their xref offsets instead
(our renderer writes plain, uncompressed-xref PDF); anything unexpected falls back to pypdf's parser."""

from __future__ import annotations

import hashlib
import io
import re

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject,
                           EncodedStreamObject, FloatObject, NameObject)

from .impose import Imposition
from .render import face_form, sheet_form

_HEADER = re.compile(rb"\d+ 0 obj\s*<<(.*?)>>\s*stream\r?\n", re.S)
_LENGTH = re.compile(rb"/Length (\d+)")
_BBOX = re.compile(rb"/BBox \[([^\]]*)\]")


def _num(v: float) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


class _Forms:
    """Named forms of the source document, copied into the writer once each, on first use."""

    def __init__(self, source: bytes, writer: PdfWriter):
        self.data, self.writer = source, writer
        self.reader = PdfReader(io.BytesIO(source))
        self.refs = self.reader.pages[0]["/Resources"]["/XObject"]
        self.copied: dict[str, object] = {}
        self.resources: dict[bytes, object] = {}  # forms with the same resources share one dictionary
        self.bboxes: dict[bytes, ArrayObject] = {}

    def __getitem__(self, name: str):
        if name not in self.copied:
            self.copied[name] = self._fast(name) or self._slow(name)
        return self.copied[name]

    def _resources(self, form) -> object:
        """The form's resources, plus the colour spaces ReportLab only declares on the page."""
        resources = form["/Resources"].clone(self.writer)
        spaces = self.reader.pages[0]["/Resources"].get("/ColorSpace")
        if spaces is not None and "/ColorSpace" not in resources:
            resources[NameObject("/ColorSpace")] = spaces.clone(self.writer)
        return self.writer._add_object(resources)

    def _slow(self, name: str):
        form = self.refs.raw_get(NameObject("/FormXob." + name)).get_object()
        copy = form.clone(self.writer)
        copy[NameObject("/Resources")] = self._resources(form)
        return copy.indirect_reference

    def _fast(self, name: str):
        ref = self.refs.raw_get(NameObject("/FormXob." + name))
        offset = self.reader.xref.get(0, {}).get(ref.idnum)
        m = _HEADER.match(self.data, offset) if offset is not None else None
        if m is None:
            return None
        header = m.group(1)
        length, bbox = _LENGTH.search(header), _BBOX.search(header)
        if not length or not bbox or b"/FlateDecode" not in header or b" R /Length" in header:
            return None
        key = _BBOX.sub(b"", _LENGTH.sub(b"", header))
        if key not in self.resources:
            self.resources[key] = self._resources(ref.get_object())
        form = EncodedStreamObject()
        form._data = self.data[m.end(): m.end() + int(length.group(1))]
        form[NameObject("/Filter")] = NameObject("/FlateDecode")
        form[NameObject("/Type")] = NameObject("/XObject")
        form[NameObject("/Subtype")] = NameObject("/Form")
        if bbox.group(1) not in self.bboxes:  # faces share a handful of boxes; parse each once
            self.bboxes[bbox.group(1)] = ArrayObject(FloatObject(v.decode()) for v in bbox.group(1).split())
        form[NameObject("/BBox")] = self.bboxes[bbox.group(1)]
        form[NameObject("/Resources")] = self.resources[key]
        return self.writer._add_object(form)


def write_imposition(source: bytes, plan: Imposition, *, title: str, duplex: str | None) -> bytes:
    """`source` is render.render_for_imposition's document: faces and sheet furniture as named forms."""
    writer = PdfWriter()
    forms = _Forms(source, writer)
    for k, side in enumerate(plan.sides):
        page = writer.add_blank_page(side.sheet.width, side.sheet.height)
        xobjects = DictionaryObject()
        ops = []
        for i, p in enumerate(side.placements):
            name = f"/F{i}"
            xobjects[NameObject(name)] = forms[face_form(p.face)]
            ops.append(f"q {' '.join(_num(v) for v in p.transform.as_tuple())} cm {name} Do Q")
        xobjects[NameObject("/M")] = forms[sheet_form(k)]
        ops.append("/M Do")
        content = DecodedStreamObject()
        content.set_data("\n".join(ops).encode())
        page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    writer.add_metadata({"/Title": title, "/Creator": forms.reader.metadata.get("/Creator", "fichegen"),
                         "/Producer": "fichegen with pypdf"})
    prefs = writer.create_viewer_preferences()
    prefs[NameObject("/PrintScaling")] = NameObject("/None")
    if duplex:
        prefs[NameObject("/Duplex")] = NameObject("/DuplexFlipLongEdge" if duplex == "long" else "/DuplexFlipShortEdge")
    # a file identifier derived from the source keeps builds byte-identical
    ident = ByteStringObject(hashlib.md5(source).digest())
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
