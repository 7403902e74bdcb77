"""Font files → metrics. TrueType only: ReportLab embeds TTF subsets but cannot embed CFF (.otf) fonts.

Layout measures text with these metrics; render embeds the same files. Nothing here touches a canvas."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

STYLES = ("regular", "bold", "italic", "bolditalic")


class FontFileError(Exception):
    pass


@dataclass(frozen=True)
class FontRef:
    """A font file, by absolute path and the size and time of its last change: a file changed on disk
    is another font, for every cache that remembers fonts (a watching process keeps running)."""

    path: str
    stamp: tuple[int, int] = (0, 0)

    @property
    def name(self) -> str:
        """The name it is registered under with ReportLab (never written to a PDF)."""
        return _registered_name(self.path, self.stamp)


def ref(path: Path) -> FontRef:
    try:
        st = path.stat()
        stamp = (st.st_size, st.st_mtime_ns)
    except OSError:
        stamp = (0, 0)
    return FontRef(str(path.resolve()), stamp)


@lru_cache(maxsize=None)
def _registered_name(path: str, stamp: tuple[int, int]) -> str:
    return "fg-" + Path(path).stem + "-" + hashlib.sha1(f"{path}{stamp}".encode()).hexdigest()[:8]


# Fonts that install from PyPI as Python packages (all SIL Open Font License), by family and face.
# A family name stands for its regular, bold, italic and bold italic; a face name for one file.
PACKAGED: dict[str, tuple[str, str, dict[str, str]]] = {
    "Source Sans Pro": ("font_source_sans_pro", "SourceSansPro-{}.ttf", {
        "Regular": "Regular", "Italic": "It", "Semibold": "Semibold", "Semibold Italic": "SemiboldIt",
        "Bold": "Bold", "Bold Italic": "BoldIt", "Black": "Black", "Black Italic": "BlackIt",
        "Light": "Light", "Light Italic": "LightIt"}),
    "Source Serif Pro": ("font_source_serif_pro", "SourceSerifPro-{}.ttf", {
        "Regular": "Regular", "Italic": "It", "Semibold": "Semibold", "Semibold Italic": "SemiboldIt",
        "Bold": "Bold", "Bold Italic": "BoldIt", "Black": "Black", "Black Italic": "BlackIt",
        "Light": "Light", "Light Italic": "LightIt"}),
    "Lato": ("font_lato", "Lato-{}.ttf", {
        "Regular": "Regular", "Italic": "Italic", "Bold": "Bold", "Bold Italic": "BoldItalic",
        "Black": "Black", "Black Italic": "BlackItalic", "Light": "Light", "Light Italic": "LightItalic"}),
    "Caladea": ("font_caladea", "Caladea-{}.ttf", {
        "Regular": "Regular", "Italic": "Italic", "Bold": "Bold", "Bold Italic": "BoldItalic"}),
    "Red Hat Display": ("font_rhd", "RedHatDisplay-{}.ttf", {
        "Regular": "Regular", "Italic": "Italic", "Medium": "Medium", "Medium Italic": "MediumItalic",
        "Semibold": "SemiBold", "Semibold Italic": "SemiBoldItalic", "Bold": "Bold", "Bold Italic": "BoldItalic",
        "Black": "Black", "Black Italic": "BlackItalic"}),
}
FAMILY_STYLES = {"regular": "Regular", "bold": "Bold", "italic": "Italic", "bolditalic": "Bold Italic"}


def packaged_faces() -> list[str]:
    return [f"{family} {face}" for family, (_, _, faces) in PACKAGED.items() for face in faces]


def packaged_face(name: str) -> str | None:
    """'Lato Black' → 'package:font_lato/files/Lato-Black.ttf'; a bare family name means its Regular."""
    for family, (pkg, pattern, faces) in PACKAGED.items():
        if name == family:
            name = f"{family} Regular"
        if name.startswith(family + " ") and name[len(family) + 1:] in faces:
            return f"package:{pkg}/files/" + pattern.format(faces[name[len(family) + 1:]])
    return None


def resolve(spec: str, folder: Path) -> Path:
    """A packaged face name ('Lato Bold'); 'package:dist_pkg/files/X.ttf', a file inside an installed
    Python package; anything else, a path relative to the template folder."""
    spec = packaged_face(spec) or spec
    if spec.startswith("package:"):
        pkg, _, rel = spec[len("package:"):].partition("/")
        try:
            root = resources.files(pkg)
        except ModuleNotFoundError:
            raise FontFileError(f"Python package '{pkg}' is not installed (pip install {pkg.replace('_', '-')})") from None
        return Path(str(root.joinpath(rel)))
    return folder / spec


def _parsed(path: Path, name: str) -> TTFont:
    try:
        # never shaped: every character is one glyph, with the code the resource document gave it
        return TTFont(name, str(path), shapable=False)
    except (TTFError, OSError) as e:
        raise FontFileError(f"{path.name}: not a usable TrueType font ({e})") from None


@lru_cache(maxsize=None)
def face(ref: FontRef) -> TTFont:
    """Load and register a TrueType font once per process, under its own name (FontRef.name)."""
    path = Path(ref.path)
    if path.suffix.lower() == ".otf":
        raise FontFileError(f"{path.name}: CFF OpenType (.otf) fonts cannot be embedded; use the TrueType (.ttf) version")
    font = _parsed(path, ref.name)
    pdfmetrics.registerFont(font)
    if pdfmetrics.getFont(ref.name) is not font:
        # ReportLab maps a second file with the PostScript name of one it registered before (a copied or
        # changed font) to that one; ours must be the one drawn with. Unregistering drops both the name
        # that points at the other file and the other file's claim on the PostScript name (the other
        # stays registered under its own name), so registering again registers this file.
        font.unregister()
        pdfmetrics.registerFont(font)
    assert pdfmetrics.getFont(ref.name) is font
    return font


def check(ref: FontRef) -> None:
    """Raise FontFileError unless the file is a usable TrueType font (read once per process)."""
    face(ref)


def width(ref: FontRef, text: str, size: float) -> float:
    return face(ref).stringWidth(text, size)


def cap_height(ref: FontRef) -> float:
    """Cap height as a fraction of the type size."""
    return face(ref).face.capHeight / 1000


def descent(ref: FontRef) -> float:
    return -face(ref).face.descent / 1000


def missing_chars(ref: FontRef, text: str) -> set[str]:
    cmap = face(ref).face.charToGlyph
    return {c for c in text if not c.isspace() and ord(c) not in cmap}
