"""Total ink: a template's colours and logos against a print shop's limit, judged before anything is drawn.

Every colour the template gives (its named colours, and a colour written into a style, the band or a
decoration) is checked as written, with the file and line it came from; so is every colour a logo prints
(an SVG's by the hex rule, a raster logo's darkest pixel), at the line naming the logo's file. They are
the organisation's own: reported, never changed (a card's pictures are held to the limit instead)."""

from __future__ import annotations

from pathlib import Path

from fichegen.content.schema import Leaf
from fichegen.errors import Problem
from fichegen.style import assets
from fichegen.style.model import Template
from fichegen.style.template import tree

COLOUR_KEYS = ("colour", "marker-colour")


def total(value) -> float | None:
    """A colour's total ink in per cent: CMYK percentages as given, hex through the documented rule;
    None for anything else (a colour's name, which is checked where it is defined)."""
    if isinstance(value, list) and len(value) == 4 and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value):
        return float(sum(value))
    if isinstance(value, str) and value.startswith("#") and (cmyk := assets.hex_to_cmyk(value)):
        return sum(cmyk) * 100
    return None


def _colours(node: dict, keys: tuple[str, ...] = ()):
    for key, child in node.items():
        here = keys + (key,)
        if isinstance(child, dict):
            yield from _colours(child, here)
        elif isinstance(child, Leaf) and (here[0] == "colours" or key in COLOUR_KEYS):
            yield ".".join(here), child


def over_limit(template: str, limit: float, profile: str) -> list[Problem]:
    """A problem for each colour of `template` whose total ink is above `limit` per cent."""
    out = []
    for key, leaf in _colours(tree(template)):
        ink = total(leaf.value)
        if ink is not None and ink > limit + 0.5:
            out.append(Problem(leaf.path, leaf.line, f"{key} is {ink:.0f} % ink; the profile '{profile}' allows {limit:g} %"))
    return out


SHOWN = 3  # colours a message names; more are counted


def logos_over_limit(tmpl: Template, limit: float, profile: str) -> list[Problem]:
    """A problem for each logo of `tmpl` that prints a colour above `limit` per cent of total ink."""
    logos = tree(tmpl.name).get("logo", {})
    out = []
    for side, logo in tmpl.logos.items():
        leaf = logos.get(side, {}).get("file")  # where the file is named, in the template or one it extends
        if isinstance(leaf, Leaf):
            where, name = (leaf.path, leaf.line), leaf.value
        else:
            where, name = (logo.path, None), Path(logo.path).name
        if logo.path.lower().endswith(".svg"):
            over = sorted(((ink, colour) for colour, ink in assets.svg_paints(logo.path) if ink > limit + 0.5),
                          key=lambda item: -item[0])
            if not over:
                continue
            named = ", ".join(f"{colour} at {ink:.0f} % ink" for ink, colour in over[:SHOWN])
            rest = len(over) - SHOWN
            more = f" and {rest} more colour{'s' if rest != 1 else ''} over it" if rest > 0 else ""
            what = f"'{name}' paints {named}{more}"
        else:
            ink = assets.max_ink(assets.raster(logo.path))
            if ink <= limit + 0.5:
                continue
            what = f"'{name}' has pixels of {ink:.0f} % ink"
        out.append(Problem(*where, f"logo.{side}.file: {what}; the profile '{profile}' allows {limit:g} %"))
    return sorted(out, key=lambda p: (str(p.path), p.line or 0))
