"""Inline markup: **bold** and *italic*; every other character is literal."""

from __future__ import annotations

import pytest

from fichegen.content.markup import Span, parse, plain


def styled(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.style) for s in parse(text)]


@pytest.mark.parametrize("text, expected", [
    ("plain text", [("plain text", "regular")]),
    ("**bold**", [("bold", "bold")]),
    ("*italic*", [("italic", "italic")]),
    ("a **b** c *d* e", [("a ", "regular"), ("b", "bold"), (" c ", "regular"), ("d", "italic"), (" e", "regular")]),
    # nested, both ways round, and both at once
    ("**bold *both* bold**", [("bold ", "bold"), ("both", "bolditalic"), (" bold", "bold")]),
    ("*italic **both** italic*", [("italic ", "italic"), ("both", "bolditalic"), (" italic", "italic")]),
    ("***both***", [("both", "bolditalic")]),
    # unmatched and spaced asterisks are text
    ("5 * 3", [("5 * 3", "regular")]),
    ("5 * 3 * 2 = 30", [("5 * 3 * 2 = 30", "regular")]),
    ("a ** b ** c", [("a ** b ** c", "regular")]),
    ("**not closed", [("**not closed", "regular")]),
    ("*not closed", [("*not closed", "regular")]),
    ("*a *", [("*a *", "regular")]),
    ("trailing *", [("trailing *", "regular")]),
    ("**bold** and a lone *", [("bold", "bold"), (" and a lone *", "regular")]),
    # escapes
    (r"\*not italic\*", [("*not italic*", "regular")]),
    (r"\*\*not bold\*\*", [("**not bold**", "regular")]),
    (r"*a \* b*", [("a * b", "italic")]),
    # HTML/XML-looking text is literal
    ("<b>&amp;</b> < > &", [("<b>&amp;</b> < > &", "regular")]),
    ("**<&>**", [("<&>", "bold")]),
    ("", []),
])
def test_parse(text, expected):
    assert styled(text) == expected


def test_plain_drops_styles_only():
    assert plain(parse("a **b** *c* 5 * 3 \\* <&>")) == "a b c 5 * 3 * <&>"


def test_span_styles():
    assert [Span("x", b, i).style for b in (False, True) for i in (False, True)] == [
        "regular", "italic", "bold", "bolditalic"]
