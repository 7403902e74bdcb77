"""Imposition writer: draws an imposition plan with pypdf. Each face is rendered once and becomes a Form
XObject; sheets place it by reference, so 2,000 faces impose in well under a second and the file grows
only by the few bytes each placement costs."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
import hashlib

from pypdf.generic import (ArrayObject, ByteStringObject, DecodedStreamObject, DictionaryObject,
                           EncodedStreamObject, FloatObject, NameObject)

from .impose import Imposition


def _num(v: float) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


def _form(writer: PdfWriter, page, bbox: tuple[float, float, float, float]):
    """A page of the source document as a Form XObject clipped to `bbox`, its content kept compressed."""
    contents = page["/Contents"].get_object()
    if isinstance(contents, ArrayObject) or "/Filter" not in contents:
        form = DecodedStreamObject()
        form.set_data(page.get_contents().get_data())
        form = form.flate_encode()
    else:  # reuse the compressed bytes as they are: no inflate/deflate per face
        form = EncodedStreamObject()
        form._data = contents._data
        form[NameObject("/Filter")] = contents["/Filter"]
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in bbox)
    form[NameObject("/Resources")] = page["/Resources"].clone(writer)
    return writer._add_object(form)


def write_imposition(source: bytes, plan: Imposition, n_faces: int, *, title: str, duplex: str | None,
                     trim_origin: tuple[float, float]) -> bytes:
    """`source` holds the faces (pages 0..n_faces-1, trim's corner at trim_origin) and then one page of
    marks and labels per sheet side, in plan order."""
    reader = PdfReader(io.BytesIO(source))
    writer = PdfWriter()
    ox, oy = trim_origin
    forms: dict[tuple[int, float], object] = {}

    def face_form(index: int, bleed: float):
        key = (index, bleed)
        if key not in forms:
            page = reader.pages[index]
            trim = [float(v) for v in page["/TrimBox"]]
            forms[key] = _form(writer, page, (trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed))
        return forms[key]

    for k, side in enumerate(plan.sides):
        furniture = reader.pages[n_faces + k]
        sheet_page = writer.add_blank_page(side.sheet.width, side.sheet.height)
        xobjects = DictionaryObject()
        ops = []
        for i, p in enumerate(side.placements):
            name = f"/F{i}"
            xobjects[NameObject(name)] = face_form(p.face, p.bleed)
            # the form's coordinates have the trim corner at (ox, oy): move it to 0, then place
            t = p.transform
            e = t.e - (t.a * ox + t.c * oy)
            f = t.f - (t.b * ox + t.d * oy)
            ops.append(f"q {' '.join(_num(v) for v in (t.a, t.b, t.c, t.d, e, f))} cm {name} Do Q")
        xobjects[NameObject("/M")] = _form(writer, furniture, (0, 0, side.sheet.width, side.sheet.height))
        ops.append("q /M Do Q")
        content = DecodedStreamObject()
        content.set_data("\n".join(ops).encode())
        sheet_page[NameObject("/Contents")] = writer._add_object(content.flate_encode())
        sheet_page[NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): xobjects})
    writer.add_metadata({"/Title": title, "/Creator": reader.metadata.get("/Creator", "fichegen"),
                         "/Producer": "fichegen with pypdf"})
    prefs = writer.create_viewer_preferences()
    prefs[NameObject("/PrintScaling")] = NameObject("/None")
    if duplex:
        prefs[NameObject("/Duplex")] = NameObject("/DuplexFlipLongEdge" if duplex == "long" else "/DuplexFlipShortEdge")
    # a fixed file identifier, derived from the source, keeps builds byte-identical
    ident = ByteStringObject(hashlib.md5(source).digest())
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
