"""Inline emphasis: **bold** and *italic*; inline icons: :name:. Everything else, including unmatched
asterisks and colons that do not enclose an icon name, is literal text."""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple


class Span(NamedTuple):
    """Text in one emphasis. A named tuple: a deck holds tens of thousands, and a tuple is the smallest
    value that prints, compares and pickles (quickly, from the cache) like any other."""

    text: str
    bold: bool = False
    italic: bool = False
    icon: str = ""  # an inline icon's name; its text is then OBJECT, one character standing for the icon

    @property
    def style(self) -> str:
        return ICON + self.icon if self.icon else _STYLES[self.bold, self.italic]


OBJECT = "\ufffc"  # Unicode's object replacement character: where an inline object (an icon) stands in text
ICON = "icon:"  # the style of an icon span is ICON + its name
# :name: is an icon when it starts the text or follows a space, an opening bracket or quote (or another
# icon, or an emphasis mark), and no letter or digit follows it: "10:30:45", "Let op: tip:", "a:b:c" and "http://x/:y:" stay
# text. \: is always a literal colon.
ICON_NAME = r"[a-z][a-z0-9-]*"
_ICONS = re.compile(r"(?<![^\s(\[{\"'“‘«„:*]):(" + ICON_NAME + r"):(?!\w)")


_STYLES = {(False, False): "regular", (True, False): "bold", (False, True): "italic", (True, True): "bolditalic"}


_TOKENS = re.compile(r"(\\\*|\\:|\*\*|\*)")


def parse(text: str) -> tuple[Span, ...]:
    """Split text into styled spans; each :name: becomes an icon span (in the emphasis around it)."""
    names = _ICONS.findall(text)
    if not names:
        return _emphasis(text)
    # emphasis is parsed over the whole text, each icon standing as one OBJECT character
    spans = _emphasis(_ICONS.sub(OBJECT, text.replace(OBJECT, "\ufffd")))
    out: list[Span] = []
    queue = iter(names)
    for span in spans:
        for i, part in enumerate(span.text.split(OBJECT)):
            if i:
                out.append(Span(OBJECT, span.bold, span.italic, next(queue)))
            if part:
                out.append(Span(part, span.bold, span.italic))
    return tuple(out)


def icons(text: str) -> list[str]:
    """The icon names written in text as :name: (in order, repeated as written)."""
    return _ICONS.findall(text)


def _emphasis(text: str) -> tuple[Span, ...]:
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
        elif tok == "\\:":
            buf.append(":")
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
    """The text without its markup; icons, not being text, are left out."""
    return "".join(s.text for s in spans if not s.icon)


def write(spans: tuple[Span, ...]) -> str:
    """Spans back to marked-up text that parse() reads as the same spans: `**bold**`, `*italic*`,
    and `\\*` for an asterisk typed as text."""
    out = []
    for (bold, italic), group in itertools.groupby(spans, key=lambda s: (s.bold, s.italic)):
        # an icon is written inside the emphasis around it, as parse() read it
        text = "".join(f":{s.icon}:" if s.icon else _ICON_LIKE.sub(r"\\:\1:", s.text.replace("*", "\\*")) for s in group)
        core = text.strip()
        style = _STYLES[bold, italic]
        if not core or style == "regular":
            out.append(text)
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        mark = {"bold": "**", "italic": "*", "bolditalic": "***"}[style]
        out.append(f"{lead}{mark}{core}{mark}{trail}")
    return "".join(out)


_ICON_LIKE = re.compile(r":(" + ICON_NAME + r"):")  # text that parse() could take for an icon, escaped by write()
