"""The XMP metadata packet of a PDF/X file: the same facts as its Info dictionary, in the form PDF/X-4
requires (ISO 15930-7) and PDF/X-1a:2003 allows; preflight tools compare the two, so they must agree.

Its identifiers are derived from the file's content (a digest of its pages), never from a clock or a
random number, so the same input gives the same bytes."""

from __future__ import annotations

import uuid
from xml.sax.saxutils import escape

PACKET_ID = "W5M0MpCehiHzreSzNTczkc9d"  # the fixed id every XMP packet carries (XMP specification, part 1)
PADDING = 2000  # spaces after the packet, so an editor can grow it in place (as the XMP specification advises)

NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",  # ISO 15930-7: where PDF/X-4 says its version
    "pdfx": "http://ns.adobe.com/pdfx/1.3/",  # where Acrobat writes the conformance of a PDF/X-1a file
}


def ids(digest: bytes) -> tuple[str, str]:
    """xmpMM:DocumentID and xmpMM:InstanceID from a digest of the file's content: name-based UUIDs, so
    they are valid UUIDs and differ from each other."""
    base = uuid.UUID(bytes=digest[:16], version=4)
    return f"uuid:{uuid.uuid5(base, 'document')}", f"uuid:{uuid.uuid5(base, 'instance')}"


def date(yyyymmdd: str) -> str:
    """'20261129' → '2026-11-29T00:00:00+00:00', the Info dictionary's D:20261129000000+00'00'."""
    return f"{yyyymmdd[:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:8]}T00:00:00+00:00"


def _alt(text: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'


def packet(*, title: str, subject: str, creator: str, producer: str, date_: str, version: str,
           conformance: str | None, document_id: str, instance_id: str, language: str = "") -> bytes:
    """The packet, UTF-8. `version` is GTS_PDFXVersion ('PDF/X-4', 'PDF/X-1:2003'); `conformance` the
    GTS_PDFXConformance of a PDF/X-1a file (None for X-4, which has none); `language` the catalog's /Lang."""
    stamp = date(date_)
    props = [
        "<dc:format>application/pdf</dc:format>",
        f"<dc:title>{_alt(title)}</dc:title>",
        f"<dc:description>{_alt(subject)}</dc:description>",
        *([f"<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>"] if language else []),
        f"<xmp:CreateDate>{stamp}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>",
        f"<xmp:CreatorTool>{escape(creator)}</xmp:CreatorTool>",
        f"<pdf:Producer>{escape(producer)}</pdf:Producer>",
        "<pdf:Trapped>False</pdf:Trapped>",
        f"<xmpMM:DocumentID>{document_id}</xmpMM:DocumentID>",
        f"<xmpMM:InstanceID>{instance_id}</xmpMM:InstanceID>",
        "<xmpMM:VersionID>1</xmpMM:VersionID>",
        "<xmpMM:RenditionClass>default</xmpMM:RenditionClass>",
        f"<pdfxid:GTS_PDFXVersion>{escape(version)}</pdfxid:GTS_PDFXVersion>",
    ]
    if conformance:
        props.append(f"<pdfx:GTS_PDFXConformance>{escape(conformance)}</pdfx:GTS_PDFXConformance>")
    xmlns = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NAMESPACES.items())
    body = "\n".join([
        f'<?xpacket begin="\ufeff" id="{PACKET_ID}"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        f'<rdf:Description rdf:about="" {xmlns}>',
        *props,
        "</rdf:Description>",
        "</rdf:RDF>",
        "</x:xmpmeta>",
        " " * PADDING,
        '<?xpacket end="w"?>',
    ])
    return body.encode("utf-8")
