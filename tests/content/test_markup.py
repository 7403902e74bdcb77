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


# -- icons -----------------------------------------------------------------------------------------

from fichegen.content.markup import OBJECT, icons, parse, plain, write  # noqa: E402


@pytest.mark.parametrize("text, expected", [
    ("Bel :phone: nu", [("Bel ", ""), (OBJECT, "phone"), (" nu", "")]),
    (":info::tip:", [(OBJECT, "info"), (OBJECT, "tip")]),
    ("(:arrow-2:).", [("(", ""), (OBJECT, "arrow-2"), (").", "")]),
    # colons that are part of a time, a word, or punctuation followed by a space stay text
    ("om 10:30:45 uur", [("om 10:30:45 uur", "")]),
    ("Let op: tip: x", [("Let op: tip: x", "")]),
    ("a:b:c en http://x.be/:y:", [("a:b:c en http://x.be/:y:", "")]),
    (":Info: en :9a: en : info :", [(":Info: en :9a: en : info :", "")]),
    # \: is a literal colon, so :name: can be written as text
    ("\\:info: is geen icoon", [(":info: is geen icoon", "")]),
])
def test_icon_syntax(text, expected):
    assert [(s.text, s.icon) for s in parse(text)] == expected


def test_an_icon_takes_the_emphasis_around_it_and_writes_back_inside_it():
    spans = parse("**Let op :warning: nu** en *:info:*")
    assert [(s.icon, s.style) for s in spans if s.icon] == [("warning", "icon:warning"), ("info", "icon:info")]
    assert [s.bold for s in spans if s.icon] == [True, False]
    assert write(spans) == "**Let op :warning: nu** en *:info:*"
    assert parse(write(spans)) == spans


def test_text_that_looks_like_an_icon_is_written_escaped():
    spans = parse("\\:info: en :mail:")
    assert write(spans) == "\\:info: en :mail:" and parse(write(spans)) == spans


def test_icons_are_not_text():
    assert plain(parse("Bel :phone: nu")) == "Bel  nu"
    assert icons("a :b: :c-d: 10:30:45 :b:") == ["b", "c-d", "b"]
