"""Typed values out of a template's merged Leaf tree (content/schema.py): numbers in their ranges, colours,
font families and faces, files inside the template folder, logos, texts with their placeholders, the
decorations. Every problem names the file and line the value came from; template.py assembles the
Template from these, and slots.py reads its keys through the same reader."""

from __future__ import annotations

import re
from pathlib import Path

from fichegen.content.schema import Leaf, lookup
from fichegen.content.source import describe
from fichegen.errors import Problems, suggest
from fichegen.style import assets, fonts
from fichegen.style.fonts import FontRef
from fichegen.style.model import MM, CornerNumber, Logo, Pattern

POSITIONS = ("top-right", "bottom-left", "bottom-right")
PLACEHOLDERS = ("deck.title", "deck.footer", "card.label", "card.label.number", "card.number", "card.count",
                "card.id", "template.organisation")


class Reader:
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
