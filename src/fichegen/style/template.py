"""Templates: a folder with template.yaml (+ fonts, images). The look of a deck lives here as data.

A template may `extends:` another; values merge deeply, so a template states only what differs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import re

from fichegen.style import assets, words
from fichegen.style import fonts
from fichegen.style import slots
from fichegen.content import schema, source
from fichegen.content.schema import Either, Leaf, lookup
from fichegen.errors import FichegenError, Problems, suggest
from fichegen.style.fonts import FontRef
from fichegen.content.source import YamlError, describe

from fichegen.style.model import MM, CornerNumber, Logo, Pattern, Style, Template  # noqa: F401 - re-exported

STYLE_NAMES = ("label", "title", "back-title", "bullets", "prose", "footer")
STYLE_KEYS = ("family", "size", "leading", "colour", "tracking", "upper", "space", "indent", "min", "marker", "marker-colour")
POSITIONS = ("top-right", "bottom-left", "bottom-right")
PLACEHOLDERS = ("deck.title", "deck.footer", "card.label", "card.label.number", "card.number", "card.count",
                "card.id", "template.organisation")
_LOGO = {"file": None, "position": None, "width": None}


SCHEMA: dict[str, Any] = {
    "extends": None, "organisation": None, "description": None,
    "trim": {"width": None, "height": None},
    "fonts": {fam: Either.fromkeys(fonts.STYLES) for fam in ("body", "heading")},
    "colours": "*",
    "margins": dict.fromkeys(("top", "right", "bottom", "left")),
    "band": {"height": None, "back-height": None, "colour": None},
    "footer": {"left": None, "right": None},
    "logo": {"front": dict(_LOGO), "back": dict(_LOGO)},
    "decorations": {
        "corner-number": {"side": None, "size": None, "colour": None, "text": None},
        "back-pattern": {"kind": None, "colour": None, "spacing": None},
    },
    "styles": {name: dict.fromkeys(STYLE_KEYS) for name in STYLE_NAMES},
    **slots.schema(),
    "words": "*",  # a word the template prints, per language: {nl: "(vervolg)", fr: "(suite)", en: "(continued)"}
}


def search_path() -> list[Path]:
    package = Path(__file__).resolve().parents[1]  # src/fichegen
    return [Path.cwd() / "templates", package / "builtin_templates", package.parents[1] / "templates"]


def find(name: str) -> Path | None:
    for root in search_path():
        if (root / name / "template.yaml").is_file():
            return root / name
    return None


def available() -> list[str]:
    names = {p.parent.name for root in search_path() if root.is_dir() for p in root.glob("*/template.yaml")}
    return sorted(names)


def folders(name: str) -> list[Path]:
    """The folders a template draws on: its own and those of the templates it extends."""
    out: list[Path] = []
    while name and (folder := find(name)) is not None and folder not in out:
        out.append(folder)
        try:
            doc = source.load(folder / "template.yaml").value
        except (YamlError, OSError):
            break
        parent = doc.get("extends") if isinstance(doc, dict) else None
        name = parent.value if parent is not None and isinstance(parent.value, str) else ""
    return out


def _load_tree(name: str, problems: Problems, chain: tuple[str, ...], origin: Leaf | None) -> tuple[dict, Path] | None:
    folder = find(name)
    if folder is None:
        where = (origin.path, origin.line) if origin else ("templates", None)
        problems.add(*where, f"no template named '{name}'{suggest(name, available())}; available: {', '.join(available()) or 'none'}")
        return None
    path = folder / "template.yaml"
    tree = schema.read(path, SCHEMA, problems, "template.yaml")
    if tree is None:
        return None
    parent = tree.pop("extends", None)
    if parent is None:
        return tree, folder
    if parent.value in chain + (name,):
        problems.add(path, parent.line, f"extends: '{parent.value}' leads back to '{parent.value}' (cycle: {' → '.join(chain + (name, parent.value))})")
        return None
    loaded = _load_tree(str(parent.value), problems, chain + (name,), parent)
    if loaded is None:
        return None
    return schema.merge(loaded[0], tree), folder


class _Reader:
    """Typed access to the merged Leaf tree; problems name the file and line the value came from."""

    def __init__(self, tree: dict, folder: Path, problems: Problems):
        self.tree, self.folder, self.problems = tree, folder, problems
        self.words: dict[str, dict[str, str]] = {}
        self.colours = {k: self.colour(v, ("colours", k)) for k, v in tree.get("colours", {}).items() if isinstance(v, Leaf)}

    def leaf(self, *keys: str) -> Leaf | None:
        return lookup(self.tree, keys)

    def _missing(self, keys) -> None:
        note = "" if keys[0] == "decorations" else " (the default template has one)"  # default has no decorations
        self.problems.add(self.folder / "template.yaml", None, f"'{'.'.join(keys)}' is missing{note}")

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
        if isinstance(v, str) and v.startswith("#") and assets.hex_to_cmyk(v):
            return assets.hex_to_cmyk(v)
        self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: expected a colour as CMYK percentages (four numbers from 0 to 100) like [0, 60, 100, 0] "
                                                f"or a hex value like '#1B2A5C', got {_show(v)}")
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

    def family(self, family: str) -> dict[str, FontRef | None]:
        """fonts.<family>: a packaged family name for all four styles, or a mapping of style → face."""
        leaf = self.leaf("fonts", family)
        if leaf is not None and isinstance(leaf.value, str):
            name = leaf.value
            if name not in fonts.PACKAGED:
                known = list(fonts.PACKAGED)
                self.problems.add(leaf.path, leaf.line, f"fonts.{family}: no packaged font family '{name}'{suggest(name, known)}; "
                                                        f"packaged: {', '.join(known)} (or give a file per style)")
                return dict.fromkeys(fonts.STYLES)
            faces = fonts.PACKAGED[name][2]
            return {st: self.face(Leaf(f"{name} {fonts.FAMILY_STYLES[st]}", leaf.path, leaf.line), ("fonts", family, st))
                    if fonts.FAMILY_STYLES[st] in faces else None for st in fonts.STYLES}
        if leaf is not None:
            self.problems.add(leaf.path, leaf.line, f"fonts.{family}: expected a font family name or a mapping of styles, got {describe(leaf.value)}")
            return dict.fromkeys(fonts.STYLES)
        table: dict[str, FontRef | None] = {}
        for st in fonts.STYLES:
            face = self.leaf("fonts", family, st)
            if face is None and st == "regular":
                self._missing(("fonts", family, "regular"))
            table[st] = self.face(face, ("fonts", family, st)) if face is not None else None
        return table

    def asset(self, leaf: Leaf, keys) -> Path | None:
        """A file named in the template: it must exist and stay inside the template's own folder."""
        folder = Path(leaf.path).parent
        if not isinstance(leaf.value, str) or not leaf.value.strip():
            self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: expected a file name, got {describe(leaf.value)}")
            return None
        path = folder / leaf.value
        if Path(leaf.value).is_absolute() or not path.resolve().is_relative_to(folder.resolve()):
            self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: '{leaf.value}' is outside the template folder; "
                                                    f"copy it into {folder.name}/ and name it from there")
            return None
        if not path.is_file():
            here = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != "template.yaml")
            self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: file '{leaf.value}' not found in {folder.name}/{suggest(leaf.value, here)}")
            return None
        return path

    def face(self, leaf: Leaf, keys) -> FontRef | None:
        if not isinstance(leaf.value, str):
            self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: expected a font, got {describe(leaf.value)}")
            return None
        spec = fonts.packaged_face(leaf.value) or leaf.value
        if not spec.startswith("package:") and not Path(spec).suffix:  # meant as a face name, not a file
            self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: no packaged font face '{spec}'"
                                                    f"{suggest(spec, fonts.packaged_faces())}; name one such as "
                                                    "'Lato Bold', or a .ttf file in the template folder")
            return None
        if spec.startswith("package:"):
            try:
                path = fonts.resolve(spec, Path(leaf.path).parent)
            except fonts.FontFileError as e:
                self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: {e}")
                return None
        else:
            found = self.asset(leaf, keys)
            if found is None:
                return None
            path = found
        ref = fonts.ref(path)
        try:
            fonts.check(ref)
        except fonts.FontFileError as e:
            self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: {e}")
            return None
        return ref

    def logo(self, side: str) -> Logo | None:
        file = self.leaf("logo", side, "file")
        if file is None:
            return None
        keys = ("logo", side)
        path = self.asset(file, keys + ("file",))
        position = self.leaf("logo", side, "position")
        where = position.value if position else "bottom-right"
        if where not in POSITIONS:
            self.problems.add(position.path, position.line, f"logo.{side}.position: '{where}' is not a position{suggest(str(where), POSITIONS)}; "
                                                            f"use {', '.join(POSITIONS)} (top-left is the label's)")
            return None
        width = self.number("logo", side, "width", default=25.0, low=5, high=140) * MM
        if path is None:
            return None
        try:
            info = assets.inspect(path)
        except assets.AssetError as e:
            self.problems.add(file.path, file.line, f"logo.{side}.file: {e}")
            return None
        if info.pixels is not None:
            ppi = info.pixels / (width / 72)
            if ppi < 300:
                self.problems.add(file.path, file.line, f"logo.{side}.file: '{file.value}' is {ppi:.0f} ppi at {width / MM:g} mm wide; "
                                                        "print wants 300 ppi: use a larger image or an SVG", warning=True)
        return Logo(str(path.resolve()), where, width, width * info.aspect)

    def text(self, *keys: str) -> str:
        leaf = self.leaf(*keys)
        if leaf is None or leaf.value is None:
            return ""
        value = str(leaf.value)
        for name in re.findall(r"\{([^{}]*)\}", value):
            if name.startswith("words.") and name[len("words."):] in self.words:
                continue
            if name not in PLACEHOLDERS:
                known = PLACEHOLDERS + tuple(f"words.{w}" for w in self.words)
                self.problems.add(leaf.path, leaf.line, f"{'.'.join(keys)}: unknown placeholder '{{{name}}}'{suggest(name, known)}; "
                                                        f"known: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}, "
                                                        "{words.NAME} (a word of the words: table)")
        return value

    def decorations(self) -> tuple[CornerNumber | None, Pattern | None]:
        corner = pattern = None
        if self.leaf("decorations", "corner-number", "size") or self.tree.get("decorations", {}).get("corner-number"):
            side = self.leaf("decorations", "corner-number", "side")
            sides = {"front": ("front",), "back": ("back",), "both": ("front", "back")}.get(side.value if side else "front")
            if sides is None:
                self.problems.add(side.path, side.line, f"decorations.corner-number.side: expected front, back or both, got {_show(side.value)}")
                sides = ()
            corner = CornerNumber(sides, self.number("decorations", "corner-number", "size", default=60.0, low=12, high=200),
                                  self.named_colour("decorations", "corner-number", "colour"),
                                  self.text("decorations", "corner-number", "text") or "{card.number}")
        if self.tree.get("decorations", {}).get("back-pattern"):
            kind = self.leaf("decorations", "back-pattern", "kind")
            value = kind.value if kind else "dots"
            if value not in ("dots", "stripes", "grid"):
                self.problems.add(kind.path, kind.line, f"decorations.back-pattern.kind: expected dots, stripes or grid, got {_show(value)}")
            pattern = Pattern(value, self.named_colour("decorations", "back-pattern", "colour"),
                              self.number("decorations", "back-pattern", "spacing", default=4.0, low=1, high=50) * MM)
        return corner, pattern


def _show(value) -> str:
    return f"'{value}'" if isinstance(value, str) else repr(value)


def _check_places(t: Template, r: _Reader, problems: Problems) -> None:
    """Two things may not claim one corner of a side."""
    for side, logo in t.logos.items():
        leaf = r.leaf("logo", side, "position") or r.leaf("logo", side, "file")
        if t.corner_number and side in t.corner_number.sides and logo.position == "top-right":
            problems.add(leaf.path, leaf.line, f"logo.{side}: the corner number is at top-right on the {side}; "
                                               "put the logo at bottom-left or bottom-right")
        if logo.position.startswith("bottom"):
            right = logo.position == "bottom-right"
            if t.footer[1 if right else 0]:
                problems.add(leaf.path, leaf.line, f"logo.{side}: the footer's {'right' if right else 'left'} text is at "
                                                   f"{logo.position}; set footer.{'right' if right else 'left'} to \"\" or move the logo")


def load(name: str, origin: tuple[str, int | None] | None = None) -> Template:
    """Load, merge and validate a template by name; raises FichegenError with every problem.
    Warnings (such as a logo below 300 ppi) travel in template.warnings."""
    problems = Problems()
    loaded = _load_tree(name, problems, (), Leaf(name, *origin) if origin else None)
    if loaded is None:
        raise FichegenError(problems.items)
    tree, folder = loaded
    r = _Reader(tree, folder, problems)
    text = lambda key: str(getattr(r.leaf(key), "value", "") or "")  # noqa: E731
    font_table = {fam: r.family(fam) for fam in ("body", "heading")}
    colours = r.colours
    styles = {}
    for s in STYLE_NAMES:
        fam = r.leaf("styles", s, "family")
        family = fam.value if fam and fam.value in ("body", "heading") else "body"
        if fam and fam.value not in ("body", "heading"):
            problems.add(fam.path, fam.line, f"styles.{s}.family: expected 'body' or 'heading', got {fam.value!r}"
                                           f"{suggest(str(fam.value), ('body', 'heading'))}")
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
    r.words = words.table(tree.get("words", {}), problems)  # before the texts that name them
    corner, pattern = r.decorations()
    template = Template(
        name=name, folder=str(folder), organisation=text("organisation"), description=text("description"),
        trim=(r.number("trim", "width", default=148.0, low=20, high=1000) * MM, r.number("trim", "height", default=210.0, low=20, high=1000) * MM),
        margins=margins,  # type: ignore[arg-type]
        band_height=r.number("band", "height", default=0.0, low=0, high=1000) * MM,
        back_band_height=r.number("band", "back-height", default=0.0, low=0, high=1000) * MM,
        footer=(r.text("footer", "left"), r.text("footer", "right")),
        band_colour=r.named_colour("band", "colour") if r.leaf("band", "colour") else (0, 0, 0, 0),
        fonts=font_table, colours=colours, styles=styles,
        logos={side: logo for side in ("front", "back") if (logo := r.logo(side))},
        corner_number=corner, back_pattern=pattern, words=r.words,
        pictures=slots.pictures(r), icons=slots.icons(folders(name), problems),
    )
    template = replace(template, qr=slots.code(r, POSITIONS, slots.taken_on_back(template.logos, corner)))
    _check_places(template, r, problems)
    slots.check_places(template, r, problems)
    problems.raise_if_errors()
    return replace(template, warnings=tuple(problems.warnings))


def tree(name: str) -> dict:
    """A template's merged values as Leaf objects (value, file, line), for checks made elsewhere against
    the file and line a value came from (style/ink.py); empty when the template cannot be read."""
    loaded = _load_tree(name, Problems(), (), None)
    return loaded[0] if loaded else {}
