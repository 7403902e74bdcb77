"""Print-shop profiles: what one shop wants of a print file, as a YAML file.

A profile names the PDF standard, bleed, safe zone, marks, page order, output condition (with its ICC
profile), the shop's limits (total ink, thinnest line, smallest text, lowest image resolution) and the
print file's name. It fills the build's options and preflight's limits; nothing here draws.

Built-in profiles live in profiles/ beside this module; a user's own are found in a `profiles/` folder
beside the deck, then in ./profiles/, or given by path. `extends:` merges a parent's values under the
child's, as templates do (content/schema.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fichegen import icc
from fichegen.content import schema
from fichegen.content.schema import Leaf
from fichegen.content.source import describe
from fichegen.errors import FichegenError, Problem, Problems, suggest
from fichegen.pdf.writer import CONDITIONS

BUILTIN = Path(__file__).resolve().parent / "profiles"
DEFAULT = "offset-fogra39"
REGISTRY = "http://www.color.org"  # the ICC's registry of characterized printing conditions

STANDARDS = ("x-1a:2003", "x-4", "none")
MARKS = ("crop", "registration", "colour-bar")
PAGE_ORDERS = ("front-back", "sheets")
PLACEHOLDERS = ("deck", "template", "profile")

SCHEMA: dict[str, Any] = dict.fromkeys((
    "extends", "description", "standard", "bleed", "safe-zone", "marks", "page-order", "sheet", "duplex",
    "ink-limit", "min-line-width", "min-text-size", "min-image-resolution", "file-name"))
SCHEMA["trim"] = dict.fromkeys(("width", "height"))
SCHEMA["output"] = dict.fromkeys(("condition", "name", "icc"))


@dataclass(frozen=True)
class Output:
    """The print condition the file is made for: its registered identifier, its name, and the ICC
    output profile that describes it (a path, or None when the registered name alone is given)."""

    condition: str
    name: str
    icc: str | None = None
    registry: str = REGISTRY  # "" for a condition that is not in the ICC's registry


@dataclass(frozen=True)
class Profile:
    name: str
    path: str  # the profile's file
    description: str
    standard: str  # "x-1a:2003", "x-4" or "none"
    bleed_mm: float
    safe_mm: float
    marks: tuple[str, ...]  # in MARKS order; () for none
    page_order: str  # "front-back" (one face per page) or "sheets" (several cards per sheet)
    output: Output | None
    ink_limit: float  # per cent
    min_line_pt: float
    min_text_pt: float
    min_image_ppi: float
    file_name: str  # pattern with {deck}, {template}, {profile}
    trim_mm: tuple[float, float] | None = None  # the finished size the shop cuts; None: the template's
    sheet: str = "A4"
    duplex: str = "long"
    where: dict = field(default_factory=dict, compare=False)  # key → (path, line) it was set on

    def at(self, key: str) -> tuple[str, int | None]:
        """The file and line a key's value came from (the profile's own file when it was a default)."""
        return self.where.get(key, (self.path, None))

    @property
    def summary(self) -> str:
        return self.description or "(no description)"

    def print_name(self, deck: str, template: str, suffix: str = "") -> str:
        """The print file's name by the profile's pattern, `suffix` ('-fr') before its extension."""
        name = self.file_name.format(deck=deck, template=template, profile=self.name)
        stem, dot, ext = name.rpartition(".")
        return f"{stem}{suffix}.{ext}" if dot and suffix else name + suffix

    def limits(self):
        """Preflight's limits for this shop."""
        from fichegen.printshop.preflight import Limits

        return Limits(bleed_mm=None if self.page_order == "sheets" else self.bleed_mm, safe_mm=self.safe_mm,
                      min_text=self.min_text_pt, min_line=self.min_line_pt, max_ink=self.ink_limit,
                      min_image_ppi=self.min_image_ppi, standard=self.standard,
                      condition=self.output.condition if self.output else None, profile=self.name)

    def overridden(self, *, marks: bool | None = None, condition: str | None = None) -> "Profile":
        """The profile with the command line's --marks/--no-marks and --condition applied."""
        from dataclasses import replace

        shop = self
        if marks is not None:
            shop = replace(shop, marks=(shop.marks or ("crop",)) if marks else ())
        if condition is not None and (shop.output is None or condition != shop.output.condition):
            if condition not in CONDITIONS:
                raise FichegenError(Problem("--condition", None, f"unknown print condition '{condition}'"
                                                                   f"{suggest(condition, CONDITIONS)}; known: {', '.join(CONDITIONS)}"))
            if shop.output is None:
                raise FichegenError(Problem("--condition", None, f"the profile '{shop.name}' makes no PDF/X file, "
                                                                   "so it names no print condition"))
            if shop.output.icc:
                raise FichegenError(Problem("--condition", None, f"the profile '{shop.name}' embeds the output profile of "
                                                                   f"{shop.output.condition}; for {condition}, write a profile "
                                                                   "with that condition's ICC profile as output.icc"))
            shop = replace(shop, output=Output(condition, CONDITIONS[condition]))
        return shop


def search_path(deck_path=None) -> list[Path]:
    """Where profiles are looked for, first match winning: beside the deck, the working folder, built-in."""
    roots = []
    if deck_path is not None:
        roots.append(Path(str(deck_path).split("#")[0]).resolve().parent / "profiles")
    return roots + [Path.cwd() / "profiles", BUILTIN]


def available(deck_path=None) -> dict[str, Path]:
    """Every profile that can be named, by name (the file name without .yaml)."""
    found: dict[str, Path] = {}
    for root in search_path(deck_path):
        for file in sorted(root.glob("*.yaml")) if root.is_dir() else ():
            found.setdefault(file.stem, file)
    return dict(sorted(found.items()))


def _is_path(spec: str) -> bool:
    return spec.endswith((".yaml", ".yml")) or "/" in spec or "\\" in spec


def _tree(file: Path, roots: list[Path], problems: Problems, chain: tuple[Path, ...]) -> dict | None:
    try:
        tree = schema.read(file, SCHEMA, problems, "a profile")
    except OSError as e:
        problems.add(file, None, f"cannot read the profile: {e.strerror or e}")
        return None
    if tree is None:
        return None
    parent = tree.pop("extends", None)
    if parent is None:
        return tree
    if not isinstance(parent.value, str) or not parent.value:
        problems.add(parent.path, parent.line, f"extends: expected a profile's name, got {describe(parent.value)}")
        return None
    chain = chain + (file.resolve(),)
    # the parent is looked for from the profile's own folder on, skipping the profile itself: so
    # profiles/offset-fogra39.yaml may extend the built-in offset-fogra39
    later = roots[next((i for i, r in enumerate(roots) if file.parent.resolve() == r.resolve()), 0):]
    candidates = [r / f"{parent.value}.yaml" for r in later if (r / f"{parent.value}.yaml").is_file()]
    found = next((c for c in candidates if c.resolve() != file.resolve()), None)
    if found is not None and found.resolve() in chain:
        names = [p.stem for p in chain[chain.index(found.resolve()):]] + [parent.value]
        problems.add(parent.path, parent.line, f"extends: '{parent.value}' leads back to '{parent.value}' "
                                               f"(cycle: {' → '.join(names)})")
        return None
    if found is None:
        known = sorted({p.stem for r in roots if r.is_dir() for p in r.glob("*.yaml")})
        problems.add(parent.path, parent.line, f"extends: no profile named '{parent.value}'{suggest(parent.value, known)}; "
                                               f"available: {', '.join(known)}")
        return None
    base = _tree(found, roots, problems, chain)
    if base is None:
        return None
    merged = schema.merge(base, tree)
    if "condition" in tree.get("output", {}):  # a new condition: the parent's name and ICC profile were another's
        for key in ("name", "icc"):
            if key not in tree["output"]:
                merged["output"].pop(key, None)
    return merged


class _Reader:
    """Typed access to the merged tree; every problem names the file and line the value came from."""

    def __init__(self, tree: dict, path: Path, problems: Problems):
        self.tree, self.path, self.problems = tree, path, problems
        self.where: dict[str, tuple[str, int]] = {}

    def leaf(self, *keys: str) -> Leaf | None:
        node = schema.lookup(self.tree, keys)
        if node is not None:
            self.where[".".join(keys)] = (node.path, node.line)
        return node

    def bad(self, leaf: Leaf, message: str) -> None:
        self.problems.add(leaf.path, leaf.line, message)

    def number(self, *keys: str, default: float | None, low: float, high: float, unit: str) -> float:
        leaf = self.leaf(*keys)
        if leaf is None:
            if default is None:
                self.problems.add(self.path, None, f"'{'.'.join(keys)}' is missing; give it in {unit}")
                return low
            return default
        v = leaf.value
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not low <= v <= high:
            self.bad(leaf, f"{'.'.join(keys)}: expected a number of {unit} from {low:g} to {high:g}, got {_show(v)}")
            return low
        return float(v)

    def text(self, *keys: str, default: str = "") -> str:
        leaf = self.leaf(*keys)
        if leaf is None:
            return default
        if not isinstance(leaf.value, str) or not leaf.value.strip():
            self.bad(leaf, f"{'.'.join(keys)}: expected a text, got {describe(leaf.value)}")
            return default
        return leaf.value.strip()

    def choice(self, key: str, choices, default: str) -> str:
        leaf = self.leaf(key)
        if leaf is None:
            return default
        if leaf.value not in choices:
            self.bad(leaf, f"{key}: expected {_either(choices)}, got {_show(leaf.value)}{suggest(str(leaf.value), choices)}")
            return default
        return leaf.value

    def marks(self) -> tuple[str, ...]:
        leaf = self.leaf("marks")
        if leaf is None:
            return ("crop",)
        value = leaf.value
        if value == "none" or value == []:
            return ()
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            self.bad(leaf, f"marks: expected none or a list of {', '.join(MARKS)}, got {describe(value)}")
            return ()
        for n in names:
            if n not in MARKS:
                self.bad(leaf, f"marks: unknown mark '{n}'{suggest(n, MARKS)}; marks are {', '.join(MARKS)} (or none)")
        return tuple(m for m in MARKS if m in names)

    def icc(self) -> str | None:
        leaf = self.leaf("output", "icc")
        if leaf is None:
            return None
        if not isinstance(leaf.value, str) or not leaf.value.strip():
            self.bad(leaf, f"output.icc: expected an ICC profile's file name, got {describe(leaf.value)}")
            return None
        local = Path(leaf.path).parent / leaf.value
        if local.is_file():
            file = local
        else:
            try:
                file = icc.path(leaf.value)
            except KeyError:
                self.bad(leaf, f"output.icc: no file '{leaf.value}' beside {Path(leaf.path).name}, and fichegen ships no "
                               f"such profile{suggest(leaf.value, icc.available())}; shipped: {', '.join(icc.available())}")
                return None
        problem = icc.problem(file)
        if problem:
            self.bad(leaf, f"output.icc: {problem}")
            return None
        return str(file)


def _show(value) -> str:
    return f"'{value}'" if isinstance(value, str) else describe(value) if isinstance(value, (list, dict, type(None))) else repr(value)


def _either(choices) -> str:
    choices = list(choices)
    return ", ".join(choices[:-1]) + " or " + choices[-1]


def _file_name(r: _Reader) -> str:
    default = "{deck}-{template}-print.pdf"
    value = r.text("file-name", default=default)
    leaf = r.leaf("file-name")
    if leaf is None:
        return default
    unknown = [n for n in re.findall(r"\{([^{}]*)\}", value) if n not in PLACEHOLDERS]
    if unknown:
        r.bad(leaf, f"file-name: unknown placeholder '{{{unknown[0]}}}'{suggest(unknown[0], PLACEHOLDERS)}; "
                    f"known: {', '.join('{' + p + '}' for p in PLACEHOLDERS)}")
        return default
    if not value.endswith(".pdf") or any(c in value for c in "/\\:"):
        r.bad(leaf, f"file-name: expected a file name ending in .pdf, without folders, got '{value}'")
        return default
    return value


def _output(r: _Reader, standard: str) -> Output | None:
    condition = r.text("output", "condition")
    file = r.icc()
    if standard == "none":
        return None
    if not condition:
        r.problems.add(r.path, None, f"'output.condition' is missing; a {standard.upper()} file names its print condition "
                                     f"(registered: {', '.join(CONDITIONS)})")
        return None
    registered = condition in CONDITIONS
    if not registered and file is None and r.leaf("output", "icc") is None:  # a bad icc is reported already
        leaf = r.leaf("output", "condition")
        r.bad(leaf, f"output.condition: '{condition}' is not a registered print condition{suggest(condition, CONDITIONS)}; "
                    f"registered: {', '.join(CONDITIONS)}; for another condition give its ICC profile as output.icc")
    if standard == "x-4" and file is None and r.leaf("output", "icc") is None:
        leaf = r.leaf("standard")
        where = (leaf.path, leaf.line) if leaf else (r.path, None)
        r.problems.add(*where, "standard: PDF/X-4 embeds the output profile; give the condition's ICC profile as output.icc "
                               f"(shipped: {', '.join(icc.available())})")
    name = r.text("output", "name", default=CONDITIONS.get(condition, condition))
    return Output(condition, name, file, REGISTRY if registered else "")


def _read(tree: dict, name: str, path: Path, problems: Problems) -> Profile:
    r = _Reader(tree, path, problems)
    standard = r.choice("standard", STANDARDS, "x-1a:2003")
    page_order = r.choice("page-order", PAGE_ORDERS, "front-back")
    marks = r.marks()
    if page_order == "sheets" and set(marks) - {"crop"}:
        r.bad(r.leaf("marks"), "marks: on sheets fichegen draws cut lines only; use crop or none")
    if page_order == "sheets" and standard != "none":
        r.bad(r.leaf("page-order") or r.leaf("standard"), f"page-order: sheets are for printing yourself; "
                                                          f"a {standard.upper()} print file has one face per page (front-back)")
    sheet = r.text("sheet", default="A4")
    if r.leaf("sheet") is not None:
        from fichegen.imposition.plan import parse_sheet

        try:
            parse_sheet(sheet)
        except FichegenError as e:
            r.bad(r.leaf("sheet"), f"sheet: {e.problems[0].message}")
    width, height = r.leaf("trim", "width"), r.leaf("trim", "height")
    trim = None
    if width is not None or height is not None:
        trim = (r.number("trim", "width", default=None, low=20, high=1000, unit="mm"),
                r.number("trim", "height", default=None, low=20, high=1000, unit="mm"))
    return Profile(
        name=name, path=str(path), description=r.text("description"), standard=standard,
        bleed_mm=r.number("bleed", default=3.0, low=0, high=20, unit="mm"),
        safe_mm=r.number("safe-zone", default=5.0, low=0, high=50, unit="mm"),
        marks=marks, page_order=page_order, output=_output(r, standard),
        ink_limit=r.number("ink-limit", default=300.0, low=100, high=400, unit="per cent"),
        min_line_pt=r.number("min-line-width", default=0.25, low=0, high=10, unit="points"),
        min_text_pt=r.number("min-text-size", default=6.0, low=0, high=72, unit="points"),
        min_image_ppi=r.number("min-image-resolution", default=300.0, low=0, high=2400, unit="pixels per inch"),
        file_name=_file_name(r), trim_mm=trim, sheet=sheet, duplex=r.choice("duplex", ("long", "short"), "long"),
        where=dict(r.where))


def load(spec: str | None = None, deck_path=None, origin: tuple[str, int | None] = ("--profile", None)) -> Profile:
    """A profile by name (looked up beside the deck, in ./profiles/, then built in) or by path, merged with
    the profiles it extends and validated; raises FichegenError with every problem."""
    spec = spec or DEFAULT
    roots = search_path(deck_path)
    problems = Problems()
    if _is_path(spec):
        file = Path(spec)
        if not file.is_file():
            raise FichegenError(problems.items or [Problem(*origin, f"no profile file '{spec}'")])
        roots = [file.resolve().parent] + roots
    else:
        found = available(deck_path)
        if spec not in found:
            raise FichegenError([Problem(*origin, f"no profile named '{spec}'{suggest(spec, found)}; available: {', '.join(found)}")])
        file = found[spec]
    tree = _tree(file, roots, problems, ())
    if tree is None:
        raise FichegenError(problems.items)
    profile = _read(tree, file.stem, file, problems)
    problems.items.sort(key=lambda p: (p.path, p.line or 0))  # in the order of the files' lines
    problems.raise_if_errors()
    return profile

