"""Inline emphasis: **bold** and *italic*. Everything else, including unmatched asterisks, is literal text."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False

    @property
    def style(self) -> str:
        return {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bolditalic"}[
            (self.bold, self.italic)
        ]


_TOKENS = re.compile(r"(\\\*|\*\*|\*)")


def parse(text: str) -> tuple[Span, ...]:
    """Split text into styled spans. A delimiter only opens when a matching one follows, so a lone
    '*' (as in '5 * 3') stays text; '\\*' is always a literal asterisk."""
    tokens = [t for t in _TOKENS.split(text) if t]
    spans: list[Span] = []
    bold = italic = False
    buf: list[str] = []

    def flush() -> None:
        if buf:
            spans.append(Span("".join(buf), bold, italic))
            buf.clear()

    for i, tok in enumerate(tokens):
        if tok == "\\*":
            buf.append("*")
        elif tok == "**":
            if bold or "**" in tokens[i + 1 :]:
                flush()
                bold = not bold
            else:
                buf.append(tok)
        elif tok == "*":
            if italic or "*" in tokens[i + 1 :]:
                flush()
                italic = not italic
            else:
                buf.append(tok)
        else:
            buf.append(tok)
    flush()
    return tuple(spans)


def plain(spans: tuple[Span, ...]) -> str:
    return "".join(s.text for s in spans)
