"""The paragraph setter: nothing lost, nothing past the measure, justified lines full, Dutch hyphens."""

import re

import pytest

from hypothesis import given, settings, strategies as st
from reportlab.pdfbase.pdfmetrics import stringWidth

from fichegen.layout.linebreak import break_lines
from fichegen.content.markup import Span, parse

FONT = {"regular": "Times-Roman", "bold": "Times-Bold", "italic": "Times-Italic", "bolditalic": "Times-BoldItalic"}


def measure(style, text):
    return stringWidth(text, FONT[style], 10)


def joined(lines):
    """The paragraph's text again: lines joined, added hyphens taken out."""
    out = ""
    for line in lines:
        text = "".join(r.text for r in line.runs)
        out += text[:-1] if text.endswith("-") and not _hard_hyphen(text) else text + " "
    return " ".join(out.split())


def _hard_hyphen(text):
    return False


DUTCH = ("De coach ontwikkelt een integrale kijk door een overzichtelijk beeld te hebben van de hele situatie. "
         "Hij of zij draagt een brede bril waarmee hij de cliënt op diverse dimensies wil leren kennen en waartussen "
         "hij of zij de verbanden wil zien (Van Regenmortel, 1996).")


def test_dutch_paragraph_is_hyphenated_and_nothing_is_lost():
    lines = break_lines(parse(DUTCH), measure, 180, justify=True, language="nl")
    assert any("".join(r.text for r in ln.runs).rstrip().endswith("-") for ln in lines)
    assert joined(lines) == DUTCH


def test_justified_lines_fill_the_measure_and_none_overflows():
    lines = break_lines(parse(DUTCH), measure, 180, justify=True, language="nl")
    for line in lines[:-1]:
        assert line.width == 180
        last = line.runs[-1]
        assert last.x + last.width <= 180 + 0.01
        assert abs(last.x + last.width - 180) < 0.01  # right edge is straight
    assert lines[-1].runs[-1].x + lines[-1].runs[-1].width <= 180


def test_no_hyphenation_without_a_language():
    lines = break_lines(parse(DUTCH), measure, 180, justify=False, language=None)
    assert not any("".join(r.text for r in ln.runs).rstrip().endswith("-") for ln in lines)


def test_last_line_is_not_a_lone_short_word_when_avoidable():
    text = "Een vrij korte alinea met precies genoeg woorden om over twee regels te lopen en dan nog een ja."
    for width in range(150, 400, 10):
        lines = break_lines(parse(text), measure, width, justify=True, language="nl")
        if len(lines) > 1:
            last = lines[-1]
            assert last.runs[-1].x + last.runs[-1].width >= 0.2 * width or len(lines[-1].runs) > 1, width


def test_a_word_longer_than_the_line_is_broken_not_lost():
    word = "https://www.example.org/" + "x" * 80
    lines = break_lines((Span(word),), measure, 100, justify=False, language="en")
    assert len(lines) > 1
    assert "".join(r.text for ln in lines for r in ln.runs) == word
    assert all(ln.runs[-1].x + ln.runs[-1].width <= 100 + 0.01 for ln in lines)


def test_styles_survive_line_breaking():
    lines = break_lines(parse("**Vet** gewoon *schuin* en **vet *en schuin***"), measure, 1000, justify=False, language="nl")
    styles = [(word, r.style) for r in lines[0].runs for word in r.text.split()]
    assert ("Vet", "bold") in styles and ("schuin", "italic") in styles and ("schuin", "bolditalic") in styles


words = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd"), whitelist_characters="-’‘“”.,;:()"),
                min_size=1, max_size=30)


@settings(max_examples=150, deadline=None)
@given(st.lists(words, min_size=1, max_size=40), st.floats(60, 400), st.booleans())
def test_any_paragraph_keeps_every_character_within_the_measure(ws, width, justify):
    text = " ".join(ws)
    lines = break_lines((Span(text),), measure, width, justify=justify, language="nl")
    for line in lines:
        for r in line.runs:
            assert r.x >= -0.01 and r.x + r.width <= width + 0.01
    # every non-space character survives, in order (added hyphens aside)
    got = re.sub(r"\s", "", "".join(r.text for ln in lines for r in ln.runs))
    want = re.sub(r"\s", "", text)
    assert len(got) >= len(want)
    it = iter(got)
    assert all(c in it for c in want)


def test_a_justified_line_is_one_run_per_style_whose_word_spacing_fills_the_measure():
    """What the renderer does with a run (the text, each space widened by word_space, as PDF Tw does)
    lands the line's last glyph on the right edge; no-break spaces stretch with the others."""
    text = DUTCH.replace("Van Regenmortel", "Van\u00a0Regenmortel")
    lines = break_lines(parse("**Vet** " + text), measure, 180, justify=True, language="nl")
    assert len(lines) > 3
    for line in lines[:-1]:
        styles = [r.style for r in line.runs]
        assert len(styles) == len(set(styles))  # words of one style are one run
        for r in line.runs:
            ink = r.text.rstrip(" ")
            spaces = ink.count(" ") + ink.count("\u00a0")
            assert measure(r.style, ink) + spaces * r.word_space == pytest.approx(r.width, abs=1e-3)
        assert line.runs[-1].x + line.runs[-1].width == pytest.approx(180, abs=1e-3)



@settings(max_examples=200, deadline=None)
@given(st.lists(words, min_size=2, max_size=60), st.floats(60, 400), st.booleans(), st.sampled_from([1, 300, 10_000]))
def test_the_bounded_search_finds_the_same_breaks_as_trying_every_line(ws, width, justify, typical):
    """The line breaker drops paths dearer than a bound (TYPICAL_DEMERITS a line); that must never change
    the breaks it chooses, whether the first bound holds or is too low and a second search follows
    (typical=1), compared with no bound at all."""
    from unittest import mock

    from fichegen.layout import linebreak

    spans = (Span(" ".join(ws)),)
    with mock.patch.object(linebreak, "TYPICAL_DEMERITS", float("inf")):
        every_line = break_lines(spans, measure, width, justify=justify, language="nl")
    with mock.patch.object(linebreak, "TYPICAL_DEMERITS", typical):
        bounded = break_lines(spans, measure, width, justify=justify, language="nl")
    assert bounded == every_line


def test_the_word_caches_stay_within_their_budget_however_many_sizes_are_tried(monkeypatch):
    """Fitting tries a text at many sizes; the words set at all of them together stay within one budget,
    and what is set is the same with the caches trimmed as without."""
    from fichegen.layout import words as kept

    monkeypatch.setattr(kept, "WORDS", 60)
    kept.forget()
    words = DUTCH.split()
    paragraph_words = len(set(words))
    for size in range(8, 14):
        def sized(style, text, size=size):
            return stringWidth(text, FONT[style], size)
        sized.key = size  # what a layout measure says it measures with, for the caches to key on
        for width in (150, 180, 240):
            lines = break_lines(parse(DUTCH), sized, width, justify=True, language="nl")
            assert joined(lines) == " ".join(words)
            fragments, points = kept.held()
            assert fragments <= kept.WORDS + paragraph_words
            assert points <= kept.WORDS + paragraph_words
    kept.forget()


def test_a_line_that_ends_inside_a_word_says_so():
    """A card may not end on such a line (layout.continued): the reader would turn it mid-word."""
    lines = break_lines(parse(DUTCH + " Samenwerkingsverbanden en sociaal-economische werkgelegenheid."), measure, 180,
                        justify=True, language="nl")
    for line in lines:
        text = "".join(r.text for r in line.runs).rstrip()
        assert line.broken == (text.endswith(("-", "–", "/")) and line is not lines[-1])
    assert any(line.broken for line in lines) and not lines[-1].broken
