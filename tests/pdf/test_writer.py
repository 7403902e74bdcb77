"""The PDF writer's document-level entries: the catalog's /Lang names the text's language and changes
nothing else in the file but, in a PDF/X file, the XMP packet's dc:language."""

from __future__ import annotations

import io
import re
import zlib

from pypdf import PdfReader

from fichegen.pdf import writer


def _document(language: str, pdfx=None) -> bytes:
    out = io.BytesIO()
    pages = writer.PageWriter(out, {"MediaBox": (0, 0, 100, 100)}, (2, [(2, b"<<>>")]))
    pages.page(zlib.compress(b"0 0 m 10 10 l S"))
    pages.close(writer.Info("Titel", "s", "fichegen test", "20260101", pdfx=pdfx, language=language))
    return out.getvalue()


def _objects(pdf: bytes) -> dict[bytes, bytes]:
    return dict(re.findall(rb"(\d+) 0 obj\n(.*?)\nendobj\n", pdf, re.S))


def test_lang_is_in_the_catalog_and_nowhere_else():
    xmp_language = b"<dc:language><rdf:Bag><rdf:li>fr</rdf:li></rdf:Bag></dc:language>\n"
    for pdfx in (None, ("FOGRA39", "Coated FOGRA39")):
        plain, french = _document("", pdfx), _document("fr", pdfx)
        assert "/Lang" not in PdfReader(io.BytesIO(plain)).trailer["/Root"]
        assert PdfReader(io.BytesIO(french)).trailer["/Root"]["/Lang"] == "fr"
        a, b = _objects(plain), _objects(french)
        changed = [n for n in a if a[n] != b[n]]
        catalog = [n for n in changed if b[n].startswith(b"<</Type /Catalog")]
        assert len(catalog) == 1 and b[catalog[0]].replace(b"/Lang (fr)", b"") == a[catalog[0]]
        metadata = [n for n in changed if n not in catalog]
        if pdfx is None:
            assert metadata == []
        else:  # the XMP packet says it too: one line more, and the stream's length with it
            assert len(metadata) == 1
            before, after = a[metadata[0]], b[metadata[0]]
            grown = b"/Length %d>>" % (int(re.search(rb"/Length (\d+)", before)[1]) + len(xmp_language))
            assert re.sub(rb"/Length \d+>>", grown, before, count=1) == after.replace(xmp_language, b"")


def test_a_language_tag_is_written_as_a_plain_string():
    assert b"/Lang (nl-BE)" in _document("nl-BE")
