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


class _SeededTTFont(TTFont):
    """A TTFont that encodes text quickly once a document's subsets are seeded and frozen (render seeds
    every canvas with every character the deck sets): text within the first subset, nearly all text,
    is one table lookup instead of ReportLab's character-by-character loop. Anything else takes that loop."""

    def splitString(self, text, doc, encoding="utf-8"):
        state = self.state.get(doc)
        if state is None or not state.frozen:
            return super().splitString(text, doc, encoding)
        fast = getattr(state, "fichegen_fast", None)
        if fast is None:
            table = {code: n for code, n in state.assignments.items() if n < 256}
            table[0xA0] = 32  # ReportLab prints the no-break space as the space
            fast = state.fichegen_fast = (frozenset(map(chr, table)), table)
        known, table = fast
        if isinstance(text, str) and known.issuperset(text):
            return [(0, text.translate(table).encode("latin-1"))] if text else []
        return super().splitString(text, doc, encoding)

    # ReportLab's font keeps a document's subsets in a table of weak references, which does not pickle:
    # a font is kept (fonts._parsed) as it is before any document uses it, and given a new table

    def __getstate__(self):
        return {k: v for k, v in self.__dict__.items() if k != "state"}

    def __setstate__(self, state):
        from weakref import WeakKeyDictionary

        self.__dict__.update(state, state=WeakKeyDictionary())


class _Scale:
    """Font units → thousandths of the type size, as ReportLab scales them, but a value that pickles
    (ReportLab's own is a lambda)."""

    def __init__(self, units_per_em: int):
        self.factor = None if units_per_em == 1000 else 1000 / units_per_em

    def __call__(self, x):
        return x if self.factor is None else x * self.factor


def _parsed(path: Path, name: str) -> _SeededTTFont:
    try:
        font = _SeededTTFont(name, str(path))
    except (TTFError, OSError) as e:
        raise FontFileError(f"{path.name}: not a usable TrueType font ({e})") from None
    font.face._pdfScale = _Scale(font.face.unitsPerEm)
    return font


@lru_cache(maxsize=None)
def face(ref: FontRef) -> TTFont:
    """Load and register a TrueType font once per process."""
    path = Path(ref.path)
    if path.suffix.lower() == ".otf":
        raise FontFileError(f"{path.name}: CFF OpenType (.otf) fonts cannot be embedded; use the TrueType (.ttf) version")
    font = _parsed(path, ref.name)
    pdfmetrics.registerFont(font)
    pdfmetrics._fonts[ref.name] = font
    return font


def check(ref: FontRef) -> None:
    """Raise FontFileError unless the file is a usable TrueType font."""
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
