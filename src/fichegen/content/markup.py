"""Inline emphasis: **bold** and *italic*. Everything else, including unmatched asterisks, is literal text."""

from __future__ import annotations

import re
from typing import NamedTuple


class Span(NamedTuple):
    """Text in one emphasis. A named tuple: a deck holds tens of thousands, and a tuple is the smallest
    value that prints, compares and pickles (quickly, from the cache) like any other."""

    text: str
    bold: bool = False
    italic: bool = False

    @property
    def style(self) -> str:
        return _STYLES[self.bold, self.italic]


_STYLES = {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bolditalic"}


_TOKENS = re.compile(r"(\\\*|\*\*|\*)")


def parse(text: str) -> tuple[Span, ...]:
    """Split text into styled spans. As in Markdown, a delimiter opens only before a non-space and
    when a matching one that can close (after a non-space) follows, so '5 * 3' and '5 * 3 * 2' stay
    text; '\\*' is always a literal asterisk."""
    tokens = [t for t in _TOKENS.split(text) if t]
    spans: list[Span] = []
    bold = italic = False
    buf: list[str] = []

    def flush() -> None:
        if buf:
            spans.append(Span("".join(buf), bold, italic))
            buf.clear()

    def can_open(i: int) -> bool:
        return i + 1 < len(tokens) and not tokens[i + 1][0].isspace()

    def can_close(i: int) -> bool:
        return i > 0 and not tokens[i - 1][-1].isspace()

    for i, tok in enumerate(tokens):
        if tok == "\\*":
            buf.append("*")
        elif tok in ("**", "*"):
            is_open = bold if tok == "**" else italic
            if is_open and can_close(i) or not is_open and can_open(i) and any(
                t == tok and can_close(j) for j, t in enumerate(tokens[i + 1 :], i + 1)
            ):
                flush()
                if tok == "**":
                    bold = not bold
                else:
                    italic = not italic
            else:
                buf.append(tok)
        else:
            buf.append(tok)
    flush()
    return tuple(spans)


def plain(spans: tuple[Span, ...]) -> str:
    return "".join(s.text for s in spans)


def write(spans: tuple[Span, ...]) -> str:
    """Spans back to marked-up text that parse() reads as the same spans: `**bold**`, `*italic*`,
    and `\\*` for an asterisk typed as text."""
    out = []
    for span in spans:
        text = span.text.replace("*", "\\*")
        core = text.strip()
        if not core or span.style == "regular":
            out.append(text)
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        mark = {"bold": "**", "italic": "*", "bolditalic": "***"}[span.style]
        out.append(f"{lead}{mark}{core}{mark}{trail}")
    return "".join(out)
