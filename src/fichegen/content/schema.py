"""Settings files (a template's template.yaml, a print shop's profile) read against a schema: the file's
Located tree becomes a tree of `Leaf`s (value, file, line), unknown keys refused with the nearest known
one, and `extends:` lays a file's values over its parent's by `merge`. How a parent is found differs
(a template by name, a profile by file) and stays with each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fichegen.content import source
from fichegen.content.source import Located, YamlError, describe, plain
from fichegen.errors import Problems, suggest


@dataclass(frozen=True)
class Leaf:
    """A value with the file and line it was written on."""

    value: Any
    path: str
    line: int


class Either(dict):
    """A schema node that also accepts a single value (fonts.body: 'Lato' or a mapping of styles)."""


def read(path: Path, schema: dict, problems: Problems, kind: str) -> dict | None:
    """The file's Leaf tree, every key checked against `schema` (`extends:` still in it); None when it is
    not YAML or not a mapping, the problem added (`kind` names the file: "template.yaml", "a profile").
    OSError passes: a profile reports it, a template's file is known to be there."""
    try:
        doc = source.load(path)
    except YamlError as e:
        problems.add(path, e.line, e.message)
        return None
    if not isinstance(doc.value, dict):
        problems.add(path, doc.line, f"{kind} must be a mapping of keys, got {describe(doc.value)}")
        return None
    return leaves(doc, str(path), schema, problems)


def leaves(loc: Located, path: str, schema, problems: Problems, where: str = "") -> Any:
    """Located tree → Leaf tree, checking keys against the schema as we go. A schema node is a dict of
    keys, "*" (a mapping with keys of the user's choosing), an `Either`, or None (a value)."""
    if isinstance(loc.value, dict) and schema is not None:
        out = {}
        for key, child in loc.value.items():
            if schema != "*" and key not in schema:
                hint = suggest(key, schema).replace(" mean '", f" mean '{where}")  # the full path, as the key is named
                problems.add(path, child.line, f"unknown key '{where}{key}'{hint}")
                continue
            sub = None if schema == "*" else schema[key]
            out[key] = leaves(child, path, sub, problems, f"{where}{key}.")
        return out
    if isinstance(schema, Either):
        return Leaf(plain(loc.value), path, loc.line)
    if schema is not None:  # a mapping was expected
        problems.add(path, loc.line, f"{where.rstrip('.')}: expected a mapping (key: value pairs), got {describe(loc.value)}")
        return {}
    return Leaf(plain(loc.value), path, loc.line)


def merge(base: dict, over: dict) -> dict:
    """`over`'s values laid over `base`'s, mappings merged key by key (a child's over its parent's)."""
    out = dict(base)
    for key, value in over.items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def lookup(tree: dict, keys) -> Leaf | None:
    """The Leaf at `keys` (("styles", "title", "size")), or None where there is none."""
    node: Any = tree
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, Leaf) else None
