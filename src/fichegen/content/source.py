"""Reading YAML with source positions: every value remembers its line, so errors can point at it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MAX_BYTES = 1_000_000  # a card file is a few kB; anything this big is a mistake


@dataclass(frozen=True)
class Located:
    """A YAML value and the 1-based line it starts on. Mappings hold dict[str, Located], lists list[Located]."""

    value: Any
    line: int


class YamlError(Exception):
    def __init__(self, line: int | None, message: str):
        self.line, self.message = line, message
        super().__init__(message)


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent, index):
        # Aliases are refused outright: no deck needs them and they allow "billion laughs" bombs.
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise YamlError(event.start_mark.line + 1, "anchors and aliases (& and *) are not supported; write the text out")
        event = self.peek_event()
        if getattr(event, "anchor", None):
            raise YamlError(event.start_mark.line + 1, "anchors and aliases (& and *) are not supported; write the text out")
        return super().compose_node(parent, index)


def _decode(path: Path, data: bytes | None = None) -> str:
    if data is None:
        data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise YamlError(None, f"file is {len(data):,} bytes; the limit is {MAX_BYTES:,} (is this really a card file?)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise YamlError(line, f"not UTF-8 text: byte 0x{data[e.start]:02x} at offset {e.start} cannot be read; save the file as UTF-8") from None
    return text.removeprefix("\ufeff")


def _convert(node: yaml.Node, constructor: yaml.constructor.SafeConstructor) -> Located:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Located] = {}
        for key_node, value_node in node.value:
            key = constructor.construct_object(key_node) if isinstance(key_node, yaml.ScalarNode) else None
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str):
                raise YamlError(key_line, f"keys must be words, got {describe(key)}")
            if key in out:
                raise YamlError(key_line, f"duplicate key '{key}' (first given on line {out[key].line})")
            # A value is reported at its key's line: that is where the user looks.
            out[key] = Located(_convert(value_node, constructor).value, key_line)
        return Located(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Located([_convert(n, constructor) for n in node.value], line)
    return Located(constructor.construct_object(node), line)


def _syntax_error(e: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """Line and message for a YAML syntax error, pointing where the user must look."""
    problem, context = e.problem or "", e.context or ""
    mark = e.problem_mark or e.context_mark
    # An unclosed quote or bracket, or a line without its ':', is detected later (often at the end
    # of the file); the context mark is where the faulty text starts.
    if e.context_mark and (context.startswith("while scanning") or (mark and mark.index >= len(text.rstrip()))):
        mark = e.context_mark
    if "'\\t'" in problem:
        message = "a tab character cannot start YAML text; indent with spaces"
    elif context.startswith("while"):
        message = f"{problem} {context}"
        if mark and e.context_mark and e.context_mark.line != mark.line:
            message += f" that starts on line {e.context_mark.line + 1}"
    else:
        message = f"{context}, {problem}" if context and problem else problem or context
    if mark and problem == "mapping values are not allowed here":
        before = text.splitlines()[mark.line][: mark.column] if mark.line < len(text.splitlines()) else ""
        if re.search(r"(?<![\w\\]):[a-z][a-z0-9-]*$", before):
            message += "; put the text in quotes (YAML reads an icon followed by a space or the line's end, ':info: ', as a key)"
        else:
            message += "; put text that contains ': ' in quotes" if ": " in before else "; check the indentation"
    elif "<block end>" in problem:
        message += "; check the indentation"
    where = f" at column {mark.column + 1}" if mark else ""
    return (mark.line + 1 if mark else None), f"YAML syntax error{where}: {message}"


def _fast_node(text: str):
    """Compose with libyaml when it is there and the text is plainly well-formed and alias-free; None
    sends the text to the pure-Python loader, whose checks and messages are the reference."""
    if _CLoader is None:
        return None
    try:
        if ("&" in text or "*" in text) and any(
                isinstance(e, yaml.AliasEvent) or getattr(e, "anchor", None) for e in yaml.parse(text, Loader=_CLoader)):
            return None
        return yaml.compose(text, Loader=_CLoader) or _EMPTY
    except yaml.YAMLError:
        return None


_CLoader = getattr(yaml, "CSafeLoader", None)
_EMPTY = object()


def load(path: Path, data: bytes | None = None) -> Located:
    """Parse one YAML file (its bytes, if already read) into Located values; raises YamlError with a
    line number."""
    text = _decode(path, data)
    fast = _fast_node(text)
    if fast is _EMPTY:
        return Located(None, 1)
    if fast is not None:
        try:
            return _convert(fast, yaml.constructor.SafeConstructor())
        except yaml.constructor.ConstructorError as e:
            mark = e.problem_mark
            raise YamlError(mark.line + 1 if mark else None, f"YAML error: {e.problem}") from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as e:
        raise YamlError(*_syntax_error(e, text)) from None
    except yaml.YAMLError as e:  # pragma: no cover - pyyaml reports nearly everything as marked
        raise YamlError(None, f"YAML error: {e}") from None
    finally:
        loader.dispose()
    if node is None:
        return Located(None, 1)
    try:
        return _convert(node, loader)
    except yaml.constructor.ConstructorError as e:
        mark = e.problem_mark
        raise YamlError(mark.line + 1 if mark else None, f"YAML error: {e.problem}") from None


def plain(value: Any) -> Any:
    """Located wrappers removed, recursively: the value as yaml.safe_load would give it."""
    if isinstance(value, Located):
        value = value.value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def describe(value: Any) -> str:
    """How a wrong value is named in messages: 'a number', 'a list', ..."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    return f"a {type(value).__name__}"
