"""A template's words: the fixed texts it prints ("kaart", "(vervolg)"), one per language, named in its
texts as {words.NAME} and printed in the deck's language."""

from __future__ import annotations

from pathlib import Path

import pytest

from fichegen.errors import FichegenError
from fichegen.layout.compose import Composer
from fichegen.pipeline import prepare
from fichegen.style import template
from tests.conftest import write_deck

WORDS = ("extends: default\nwords:\n  card: {nl: kaart, fr: fiche, en: card}\n"
         "footer: {right: '{words.card} {card.number}/{card.count}'}\n")


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A project folder whose templates/ holds `woorden` (a footer with a word in it)."""
    monkeypatch.chdir(tmp_path)
    make(tmp_path, "woorden", WORDS)
    return tmp_path


def make(root: Path, name: str, text: str) -> None:
    (root / "templates" / name).mkdir(parents=True, exist_ok=True)
    (root / "templates" / name / "template.yaml").write_text(text, encoding="utf-8")


def deck(root: Path, languages: str = "[nl, fr, en-GB, de]", name: str = "d") -> Path:
    return write_deck(root / name, {"01-a.yaml": "title: A\nback: tekst\n", "01-a.fr.yaml": "title: A\nback: texte\n",
                                    "01-a.en-GB.yaml": "title: A\nback: text\n", "01-a.de.yaml": "title: A\nback: Text\n"},
                      f"title: T\ntitle.fr: T\ntitle.en-GB: T\ntitle.de: T\nlanguages: {languages}\ntemplate: woorden\n")


@pytest.mark.parametrize("language, word", [("nl", "kaart"), ("fr", "fiche"), ("en-GB", "card"), ("de", "card")])
def test_a_word_is_printed_in_the_decks_language(here, language, word):
    folder = deck(here)
    p = prepare(folder, language=language)
    card = p.deck.cards[0]
    face, _ = Composer(p.deck, p.template).face(card, "back", p.scales)
    assert f"{word} 1/1" in [run.text for run in face.runs]
    warnings = [str(w) for w in p.warnings]
    assert warnings == ([] if language != "de" else
                        ["templates/woorden/template.yaml: warning: words.card has no 'de'; 'card' is printed instead"])


def test_word_lookup():
    t = template.load("default")
    t = type(t)(**{**t.__dict__, "words": {"w": {"nl": "nl", "nl-BE": "be", "fr": "fr"}, "x": {"fr": "fr"}}})
    assert [t.word("w", tag) for tag in ("nl", "NL-be", "nl-NL", "fr-CA", "de")] == ["nl", "be", "nl", "fr", "nl"]
    assert (t.word("x", "de"), t.word("unknown", "nl")) == ("fr", "")


def test_the_glyph_check_sees_the_word_in_the_decks_language(here):
    make(here, "woorden", WORDS.replace("fr: fiche", "fr: 'fiche ☃'"))
    folder = deck(here)
    prepare(folder, language="nl")
    with pytest.raises(FichegenError) as e:
        prepare(folder, language="fr")
    assert "has no glyph for '☃' (U+2603)" in str(e.value)


@pytest.mark.parametrize("text, expected", [
    ("extends: default\nwords:\n  card: kaart\n",
     "templates/bad/template.yaml:3: words.card: expected the word in each language, such as "
     "{nl: kaart, fr: fiche, en: card}, got a text"),
    ("extends: default\nwords:\n  card: {nederlands: kaart}\n",
     "templates/bad/template.yaml:3: words.card: 'nederlands' is not a language tag such as 'nl' or 'en-GB'"),
    ("extends: default\nwords:\n  card: {nl: [kaart]}\n",
     "templates/bad/template.yaml:3: words.card.nl: expected a text, got a list"),
    ("extends: default\nwords:\n  card: {nl: kaart}\nfooter: {right: '{words.kard}'}\n",
     "templates/bad/template.yaml:4: footer.right: unknown placeholder '{words.kard}' (did you mean 'words.card'?); "
     "known: {deck.title}, {deck.footer}, {card.label}, {card.label.number}, {card.number}, {card.count}, "
     "{card.id}, {template.organisation}, {words.NAME} (a word of the words: table)"),
])
def test_word_problems(tmp_path, monkeypatch, text, expected):
    monkeypatch.chdir(tmp_path)
    make(tmp_path, "bad", text)
    with pytest.raises(FichegenError) as e:
        template.load("bad")
    assert [str(p) for p in e.value.problems] == [expected]


def test_a_template_extending_another_gives_a_words_whole_table(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make(tmp_path, "woorden", WORDS)
    make(tmp_path, "kind", "extends: woorden\nwords:\n  card: {nl: fiche}\n")
    assert template.load("kind").words == {"card": {"nl": "fiche"},  # the parent's, whole, but for the word named
                                           "continued": {"nl": "(vervolg)", "fr": "(suite)", "en": "(continued)"}}


def test_the_default_template_says_continued_in_dutch_french_and_english():
    t = template.load("default")
    assert [t.word("continued", lang) for lang in ("nl", "fr", "en")] == ["(vervolg)", "(suite)", "(continued)"]


def test_a_word_is_found_by_the_language_s_first_subtag_else_in_english(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    make(tmp_path, "w", 'extends: default\nwords:\n  continued: {nl: "(vervolg)", de: "(Fortsetzung)"}\n')
    t = template.load("w")
    assert t.word("continued", "nl-BE") == "(vervolg)" and t.word("continued", "de_AT") == "(Fortsetzung)"
    assert t.word("continued", "fr") == "(vervolg)"  # the word's table is the child's, whole: no French, no English
    assert t.word("continued", "it") == "(vervolg)"  # so the first the child gives


def test_a_template_without_words_says_fichegen_s_own_in_english():
    from dataclasses import replace

    t = replace(template.load("default"), words={})
    assert t.word("continued", "nl") == "(continued)" and t.word("card", "nl") == ""


def test_a_deck_that_may_continue_is_warned_when_the_word_lacks_its_language(tmp_path, make_deck):
    """A German deck with overflow: continue would print the English '(continued)' without saying so."""
    from fichegen.pipeline import prepare

    german = make_deck(tmp_path / "de", {"01-a.yaml": "title: A\nfront: [eins]\n"},
                       deck="title: D\nlanguage: de\noverflow: continue\n")
    assert [str(w) for w in prepare(german).warnings] == [
        "templates/default/template.yaml: warning: words.continued has no 'de'; '(continued)' is "
        "printed instead"]
    dutch = make_deck(tmp_path / "nl", {"01-a.yaml": "title: A\nfront: [een]\n"},
                      deck="title: D\nlanguage: nl\noverflow: continue\n")
    german_no_continue = make_deck(tmp_path / "de2", {"01-a.yaml": "title: A\nfront: [eins]\n"},
                                   deck="title: D\nlanguage: de\n")
    assert prepare(dutch).warnings == prepare(german_no_continue).warnings == ()
