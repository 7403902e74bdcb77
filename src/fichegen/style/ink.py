"""Total ink: a template's colours against a print shop's limit, judged before anything is drawn.

Every colour the template gives (its named colours, and a colour written into a style, the band or a
decoration) is checked as written, with the file and line it came from."""

from __future__ import annotations

from fichegen.content.schema import Leaf
from fichegen.errors import Problem
from fichegen.style import assets
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
