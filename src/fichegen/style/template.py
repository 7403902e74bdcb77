"""Templates: a folder with template.yaml (+ fonts, images). The look of a deck lives here as data.

A template may `extends:` another; values merge deeply, so a template states only what differs. The file
is read against SCHEMA into Leafs (content/schema.py); style/reader.py gives their values typed and
checked, and `load` makes the Template of them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from fichegen.style import words
from fichegen.style import fonts
from fichegen.style import slots
from fichegen.content import schema, source
from fichegen.content.schema import Either, Leaf
from fichegen.content.source import YamlError
from fichegen.errors import FichegenError, Problems, suggest
from fichegen.style.reader import POSITIONS, Reader

from fichegen.style.model import MM, CornerNumber, Logo, Pattern, Style, Template  # noqa: F401 - re-exported

STYLE_NAMES = ("label", "title", "back-title", "bullets", "prose", "footer")
STYLE_KEYS = ("family", "size", "leading", "colour", "tracking", "upper", "space", "indent", "min", "marker", "marker-colour")
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


def _check_places(t: Template, r: Reader, problems: Problems) -> None:
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


def _check_floor(r: Reader, name: str, style: Style, problems: Problems) -> None:
    """Text that does not fit is shrunk from its style's size down to its min: a min above the size leaves
    no size to set it at. Reported at the value the template itself wrote (a size below the min its parent
    gives, or a min above the parent's size); which template gave the other one is said."""
    size, floor = r.leaf("styles", name, "size"), r.leaf("styles", name, "min")
    if size is None or floor is None or style.min <= style.size or size.value != style.size:
        return  # no min, or one that fits, or a size that is not a number (reported already)
    own = str(Path(r.folder) / "template.yaml")
    at, other = (floor, size) if floor.path == own and size.path != own else (size, floor)
    given = f" (the {'min' if other is floor else 'size'} is {Path(other.path).parent.name}'s)" if other.path != at.path else ""
    problems.add(at.path, at.line, f"styles.{name}: size {style.size:g} is below its min {style.min:g}; text is shrunk "
                                   f"from its size down to its min, never below: give styles.{name} a min of "
                                   f"{style.size:g} or less, or a size of {style.min:g} or more{given}")


def load(name: str, origin: tuple[str, int | None] | None = None) -> Template:
    """Load, merge and validate a template by name; raises FichegenError with every problem.
    Warnings (such as a logo below 300 ppi) travel in template.warnings."""
    problems = Problems()
    loaded = _load_tree(name, problems, (), Leaf(name, *origin) if origin else None)
    if loaded is None:
        raise FichegenError(problems.items)
    tree, folder = loaded
    r = Reader(tree, folder, problems)
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
        _check_floor(r, s, styles[s], problems)
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
