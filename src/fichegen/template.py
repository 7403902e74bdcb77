"""Templates: a folder with template.yaml (+ fonts, images). The look of a deck lives here as data.

A template may `extends:` another; values merge deeply, so a template states only what differs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import fonts, source
from .errors import FichegenError, Problem, Problems, suggest
from .fonts import FontRef
from .source import Located, YamlError, describe, plain

MM = 72 / 25.4
STYLE_NAMES = ("label", "title", "back-title", "bullets", "prose", "footer")
STYLE_KEYS = ("family", "size", "leading", "colour", "tracking", "upper", "space", "indent", "min", "marker", "marker-colour")
SCHEMA: dict[str, Any] = {
    "extends": None, "organisation": None, "description": None,
    "trim": {"width": None, "height": None},
    "fonts": {fam: dict.fromkeys(fonts.STYLES) for fam in ("body", "heading")},
    "colours": "*",
    "margins": dict.fromkeys(("top", "right", "bottom", "left")),
    "band": {"height": None, "back-height": None, "colour": None},
    "footer": {"left": None, "right": None},
    "styles": {name: dict.fromkeys(STYLE_KEYS) for name in STYLE_NAMES},
}


@dataclass(frozen=True)
class Leaf:
    value: Any
    path: str
    line: int


@dataclass(frozen=True)
class Style:
    family: str
    size: float
    leading: float
    colour: tuple[float, float, float, float]
    tracking: float = 0.0  # extra space between letters, pt
    upper: bool = False
    space: float = 0.0  # space after each block, pt
    indent: float = 0.0  # hanging indent of bullets, pt
    min: float = 0.0  # smallest size the text may be shrunk to, pt
    marker: str = ""  # bullets: the glyph before each point
    marker_colour: tuple[float, float, float, float] = (0, 0, 0, 1)

    def font(self, template: "Template", style: str = "regular") -> FontRef:
        return template.fonts[self.family][style]

    def scaled(self, factor: float) -> "Style":
        from dataclasses import replace

        return replace(self, size=self.size * factor, leading=self.leading * factor, space=self.space * factor)


@dataclass(frozen=True)
class Template:
    name: str
    folder: str
    organisation: str
    description: str
    trim: tuple[float, float]  # pt
    margins: tuple[float, float, float, float]  # top, right, bottom, left, pt
    band_height: float  # front header band, pt from the top trim edge
    back_band_height: float
    band_colour: tuple[float, float, float, float]
    footer: tuple[str, str]  # left and right texts, with {deck.title}-style placeholders
    fonts: dict[str, dict[str, FontRef]]
    colours: dict[str, tuple[float, float, float, float]]
    styles: dict[str, Style]


def search_path() -> list[Path]:
    here = Path(__file__).resolve().parent
    return [Path.cwd() / "templates", here / "builtin_templates", here.parents[1] / "templates"]


def find(name: str) -> Path | None:
    for root in search_path():
        if (root / name / "template.yaml").is_file():
            return root / name
    return None


def available() -> list[str]:
    names = {p.parent.name for root in search_path() if root.is_dir() for p in root.glob("*/template.yaml")}
    return sorted(names)


def _leaves(loc: Located, path: str, schema, problems: Problems, where: str = "") -> Any:
    """Located tree → Leaf tree, checking keys against the schema as we go."""
    if isinstance(loc.value, dict) and schema is not None:
        out = {}
        for key, child in loc.value.items():
            if schema != "*" and key not in schema:
                problems.add(path, child.line, f"unknown key '{where}{key}'{suggest(key, schema)}")
                continue
            sub = None if schema == "*" else schema[key]
            out[key] = _leaves(child, path, sub, problems, f"{where}{key}.")
        return out
    if schema not in (None, "*"):
        problems.add(path, loc.line, f"{where.rstrip('.')}: expected a mapping (key: value pairs), got {describe(loc.value)}")
        return {}
    return Leaf(plain(loc.value), path, loc.line)


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _load_tree(name: str, problems: Problems, chain: tuple[str, ...], origin: Leaf | None) -> tuple[dict, Path] | None:
    folder = find(name)
    if folder is None:
        where = (origin.path, origin.line) if origin else ("templates", None)
        problems.add(*where, f"no template named '{name}'{suggest(name, available())}; available: {', '.join(available()) or 'none'}")
        return None
    path = folder / "template.yaml"
    try:
        doc = source.load(path)
    except YamlError as e:
        problems.add(path, e.line, e.message)
        return None
    if not isinstance(doc.value, dict):
        problems.add(path, doc.line, f"template.yaml must be a mapping of keys, got {describe(doc.value)}")
        return None
    tree = _leaves(doc, str(path), SCHEMA, problems)
    parent = tree.pop("extends", None)
    if parent is None:
        return tree, folder
    if parent.value in chain + (name,):
        problems.add(path, parent.line, f"extends: '{parent.value}' leads back to '{parent.value}' (cycle: {' → '.join(chain + (name, parent.value))})")
        return None
    loaded = _load_tree(str(parent.value), problems, chain + (name,), parent)
    if loaded is None:
        return None
    return _merge(loaded[0], tree), folder


class _Reader:
    """Typed access to the merged Leaf tree; problems name the file and line the value came from."""

    def __init__(self, tree: dict, folder: Path, problems: Problems):
        self.tree, self.folder, self.problems = tree, folder, problems
        self.colours = {k: self.colour(v, ("colours", k)) for k, v in tree.get("colours", {}).items() if isinstance(v, Leaf)}

    def leaf(self, *keys: str) -> Leaf | None:
        node: Any = self.tree
        for key in keys:
            node = node.get(key) if isinstance(node, dict) else None
        return node if isinstance(node, Leaf) else None

    def _missing(self, keys) -> None:
        self.problems.add(self.folder / "template.yaml", None, f"'{'.'.join(keys)}' is missing (the default template has one)")

    def number(self, *keys: str, default=None, low=0.0, high=1000.0) -> float:
        leaf = self.leaf(*keys)
        if leaf is None:
            if default is None:
                self._missing(keys)
                return low
            return default
        v = leaf.value
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not low <= v <= high:
            self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: expected a number from {low:g} to {high:g}, got {v!r}")
            return low
        return float(v)

    def colour(self, leaf: Leaf | None, keys) -> tuple[float, float, float, float]:
        if leaf is None:
            self._missing(keys)
            return (0, 0, 0, 1)
        v = leaf.value
        if isinstance(v, list) and len(v) == 4 and all(not isinstance(c, bool) and isinstance(c, (int, float)) and 0 <= c <= 100 for c in v):
            return tuple(c / 100 for c in v)
        self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: expected a CMYK colour as four percentages like [0, 60, 100, 0], got {v!r}")
        return (0, 0, 0, 1)

    def named_colour(self, *keys: str) -> tuple[float, float, float, float]:
        leaf = self.leaf(*keys)
        if leaf is not None and isinstance(leaf.value, str):
            names = sorted(self.colours)
            if leaf.value not in names:
                self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: no colour named '{leaf.value}'{suggest(leaf.value, names)}; colours: {', '.join(names)}")
                return (0, 0, 0, 1)
            return self.colours[leaf.value]
        return self.colour(leaf, keys)

    def font(self, family: str, style: str) -> FontRef:
        keys = ("fonts", family, style)
        leaf = self.leaf(*keys)
        if leaf is None or not isinstance(leaf.value, str):
            self._missing(keys) if leaf is None else self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: expected a font file name, got {describe(leaf.value)}")
            return FontRef("")
        folder = Path(leaf.path).parent
        try:
            path = fonts.resolve(leaf.value, folder)
        except fonts.FontFileError as e:
            self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: {e}")
            return FontRef("")
        if not leaf.value.startswith("package:") and not path.resolve().is_relative_to(folder.resolve()):
            self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: '{leaf.value}' is outside the template folder; copy the font into {folder.name}/")
            return FontRef("")
        if not path.is_file():
            self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: font file '{leaf.value}' not found")
            return FontRef("")
        ref = FontRef(str(path.resolve()))
        try:
            fonts.face(ref)
        except fonts.FontFileError as e:
            self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: {e}")
            return FontRef("")
        return ref


def load(name: str, origin: tuple[str, int | None] | None = None) -> Template:
    """Load, merge and validate a template by name; raises FichegenError with every problem."""
    problems = Problems()
    loaded = _load_tree(name, problems, (), Leaf(name, *origin) if origin else None)
    if loaded is None:
        raise FichegenError(problems.items)
    tree, folder = loaded
    r = _Reader(tree, folder, problems)
    text = lambda key: str(getattr(r.leaf(key), "value", "") or "")  # noqa: E731
    font_table = {fam: {st: r.font(fam, st) for st in fonts.STYLES} for fam in ("body", "heading")}
    colours = r.colours
    styles = {}
    for s in STYLE_NAMES:
        fam = r.leaf("styles", s, "family")
        family = fam.value if fam and fam.value in ("body", "heading") else "body"
        if fam and fam.value not in ("body", "heading"):
            problems.add(fam.path, fam.line, f"styles.{s}.family: expected 'body' or 'heading', got {fam.value!r}")
        size = r.number("styles", s, "size", low=4, high=200)
        styles[s] = Style(
            family=family, size=size,
            leading=r.number("styles", s, "leading", default=size * 1.2, low=1, high=300),
            colour=r.named_colour("styles", s, "colour"),
            tracking=r.number("styles", s, "tracking", default=0.0, low=-2, high=20),
            upper=bool(getattr(r.leaf("styles", s, "upper"), "value", False)),
            space=r.number("styles", s, "space", default=0.0, low=0, high=100),
            indent=r.number("styles", s, "indent", default=0.0, low=0, high=50) * MM,
            min=r.number("styles", s, "min", default=size, low=4, high=200),
            marker=str(getattr(r.leaf("styles", s, "marker"), "value", "") or ""),
            marker_colour=r.named_colour("styles", s, "marker-colour") if r.leaf("styles", s, "marker-colour") else (0, 0, 0, 1),
        )
    margins = tuple(r.number("margins", k, low=5, high=60) * MM for k in ("top", "right", "bottom", "left"))
    template = Template(
        name=name, folder=str(folder), organisation=text("organisation"), description=text("description"),
        trim=(r.number("trim", "width", default=148.0, low=20, high=1000) * MM, r.number("trim", "height", default=210.0, low=20, high=1000) * MM),
        margins=margins,  # type: ignore[arg-type]
        band_height=r.number("band", "height", default=0.0, low=0, high=1000) * MM,
        back_band_height=r.number("band", "back-height", default=0.0, low=0, high=1000) * MM,
        footer=(str(getattr(r.leaf("footer", "left"), "value", "") or ""), str(getattr(r.leaf("footer", "right"), "value", "") or "")),
        band_colour=r.named_colour("band", "colour") if r.leaf("band", "colour") else (0, 0, 0, 0),
        fonts=font_table, colours=colours, styles=styles,
    )
    problems.raise_if_errors()
    return template
