"""Preflight's document checks: a file that claims PDF/X must identify itself as its part of ISO 15930
says (PDF/X-1a:2003: ISO 15930-4; PDF/X-4: ISO 15930-7), consistently in its Info dictionary, its XMP
metadata and its output intent; and it must be the standard and condition a profile asks for."""

from __future__ import annotations

import re

from pypdf import PdfReader

# GTS_PDFXVersion (and GTS_PDFXConformance) → the standard; anything else claimed is not one we know
KNOWN = {("PDF/X-1:2003", "PDF/X-1a:2003"): "x-1a:2003", ("PDF/X-4", None): "x-4"}
NAMES = {"x-1a:2003": "PDF/X-1a:2003", "x-4": "PDF/X-4", "none": "no PDF/X"}


def _finding(message: str):
    from fichegen.printshop.preflight import Finding

    return Finding(None, "pdf/x", message)


def _xmp(reader: PdfReader) -> str | None:
    metadata = reader.trailer["/Root"].get("/Metadata")
    if metadata is None:
        return None
    try:
        return metadata.get_object().get_data().decode("utf-8", "replace")
    except Exception:  # noqa: BLE001 - an unreadable stream is as good as none
        return ""


def _xmp_value(xmp: str, name: str) -> str | None:
    """A simple property's value (element or attribute form), whatever prefix its namespace has."""
    found = re.search(rf"<[\w.-]+:{name}>([^<]*)</", xmp) or re.search(rf'\b[\w.-]+:{name}="([^"]*)"', xmp)
    return found.group(1).strip() if found else None


def _icc(intent) -> str:
    """What is wrong with an output intent's embedded profile ('' when nothing is)."""
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        return "the PDF/X-4 output intent embeds no output profile (DestOutputProfile)"
    profile = profile.get_object()
    if int(profile.get("/N", 0)) != 4:
        return f"the output profile has {profile.get('/N')} components; a CMYK output intent needs 4 (/N 4)"
    data = profile.get_data()
    if len(data) < 128 or data[36:40] != b"acsp":
        return "the embedded output profile is not an ICC profile"
    if data[16:20] != b"CMYK" or data[12:16] != b"prtr":
        return "the embedded output profile is not a CMYK printer profile"
    return ""


def claimed(reader: PdfReader) -> str:
    """The standard the file claims: 'x-1a:2003', 'x-4', 'none', or its GTS_PDFXVersion when unknown."""
    info = reader.metadata or {}
    version = info.get("/GTS_PDFXVersion")
    if version is None:
        return "none"
    conformance = info.get("/GTS_PDFXConformance")
    return KNOWN.get((str(version), str(conformance) if conformance is not None else None), str(version))


def check(reader: PdfReader, limits) -> list:
    """The PDF/X findings for the whole document, against a profile's `limits` (preflight.Limits)."""
    out = []
    standard = claimed(reader)
    if limits.standard and limits.standard != standard and limits.standard != "none":
        who = f"the profile '{limits.profile}'" if limits.profile else "the profile"
        out.append(_finding(f"the file is {NAMES.get(standard, standard)}; {who} asks for {NAMES[limits.standard]}"))
    info = reader.metadata or {}
    version = info.get("/GTS_PDFXVersion")
    if version is None:
        return out
    version, conformance = str(version), info.get("/GTS_PDFXConformance")
    if version.startswith("PDF/X-1a"):
        out.append(_finding(f"GTS_PDFXVersion is '{version}', a form ISO 15930-4 does not know; a PDF/X-1a:2003 "
                            "file says GTS_PDFXVersion (PDF/X-1:2003) and GTS_PDFXConformance (PDF/X-1a:2003)"))
    elif version.startswith("PDF/X-1:") and conformance is None:
        out.append(_finding(f"claims {version} but has no GTS_PDFXConformance (PDF/X-1a:2003 says which level)"))
    intents = reader.trailer["/Root"].get("/OutputIntents")
    gts = [i.get_object() for i in (intents or []) if i.get_object().get("/S") == "/GTS_PDFX"]
    if not gts:
        out.append(_finding(f"claims {version} but has no GTS_PDFX output intent"))
    elif not gts[0].get("/OutputConditionIdentifier"):
        out.append(_finding("the PDF/X output intent names no OutputConditionIdentifier"))
    elif limits.condition and str(gts[0]["/OutputConditionIdentifier"]) != limits.condition:
        out.append(_finding(f"the output intent is {gts[0]['/OutputConditionIdentifier']}; the profile "
                            f"'{limits.profile}' prints on {limits.condition}"))
    if info.get("/Trapped") not in ("/True", "/False"):
        out.append(_finding(f"claims {version} but /Trapped is not True or False"))
    if version.startswith("PDF/X-1") and reader.pdf_header not in ("%PDF-1.3", "%PDF-1.4"):
        out.append(_finding(f"claims {version} but the file is {reader.pdf_header[1:]}; PDF/X-1a needs PDF 1.3 or 1.4"))
    if not info.get("/Title"):
        out.append(_finding(f"claims {version} but has no Title"))
    xmp = _xmp(reader)
    if version == "PDF/X-4":
        if reader.pdf_header not in ("%PDF-1.3", "%PDF-1.4", "%PDF-1.5", "%PDF-1.6"):
            out.append(_finding(f"claims PDF/X-4 but the file is {reader.pdf_header[1:]}; PDF/X-4 needs PDF 1.6 or earlier"))
        if xmp is None:
            out.append(_finding("claims PDF/X-4 but has no XMP metadata; ISO 15930-7 identifies a file in its XMP"))
        if gts and (problem := _icc(gts[0])):
            out.append(_finding(problem))
    if xmp is not None:
        said = _xmp_value(xmp, "GTS_PDFXVersion")
        if said != version:
            out.append(_finding(f"the XMP metadata says GTS_PDFXVersion {said!r} but the Info dictionary says {version!r}"))
        title = str(info.get("/Title", ""))
        if title and f">{_escaped(title)}<" not in xmp:
            out.append(_finding("the XMP metadata's dc:title differs from the Info dictionary's Title"))
    return out


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
