"""The PDF writer's document-level entries: the catalog's /Lang names the text's language and changes
nothing else in the file."""

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
    for pdfx in (None, ("FOGRA39", "Coated FOGRA39")):
        plain, french = _document("", pdfx), _document("fr", pdfx)
        assert "/Lang" not in PdfReader(io.BytesIO(plain)).trailer["/Root"]
        assert PdfReader(io.BytesIO(french)).trailer["/Root"]["/Lang"] == "fr"
        a, b = _objects(plain), _objects(french)
        changed = [n for n in a if a[n] != b[n]]
        assert len(changed) == 1 and b[changed[0]].startswith(b"<</Type /Catalog")
        assert b[changed[0]].replace(b"/Lang (fr)", b"") == a[changed[0]]


def test_a_language_tag_is_written_as_a_plain_string():
    assert b"/Lang (nl-BE)" in _document("nl-BE")
