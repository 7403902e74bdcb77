"""The template's `words:` table: every word in several languages, found by the deck's language, and
every mistake in it reported at its line."""

import pytest

from fichegen.errors import FichegenError
from fichegen.style import template
from tests.style.test_template import make


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    return tmp_path


def test_the_default_template_says_continued_in_dutch_french_and_english():
    t = template.load("default")
    assert [t.word("continued", lang) for lang in ("nl", "fr", "en")] == ["(vervolg)", "(suite)", "(continued)"]


def test_a_word_is_found_by_the_language_s_first_subtag_else_in_english(here):
    make(here, "w", 'extends: default\nwords:\n  continued: {nl: "(vervolg)", de: "(Fortsetzung)"}\n')
    t = template.load("w")
    assert t.word("continued", "nl-BE") == "(vervolg)" and t.word("continued", "de_AT") == "(Fortsetzung)"
    assert t.word("continued", "fr") == "(suite)"  # merged in from the parent, as every template key
    assert t.word("continued", "it") == "(continued)"  # no Italian: English


def test_a_template_without_words_says_them_in_english():
    t = template.load("default")
    from dataclasses import replace

    assert replace(t, words={}).word("continued", "nl") == "(continued)"


@pytest.mark.parametrize("text, messages", [
    ("words:\n  continued: {nl: '(vervolg)', Dutch: '(vervolg)'}\n",
     ["templates/w/template.yaml:3: words.continued: 'Dutch' is not a language code such as 'nl', 'fr' or 'en' "
      "(lower case; a deck in nl-BE reads 'nl')"]),
    ("words:\n  continued:\n    nl: ''\n    fr: [1]\n",
     ["templates/w/template.yaml:4: words.continued.nl: expected a text, got an empty text",
      "templates/w/template.yaml:5: words.continued.fr: expected a text, got a list"]),
    ("words:\n  continued: '(vervolg)'\n",
     ["templates/w/template.yaml:3: words.continued: expected a mapping (key: value pairs), got a text"]),
    ("words:\n  continud: {nl: '(vervolg)'}\n",
     ["templates/w/template.yaml:3: unknown key 'words.continud' (did you mean 'words.continued'?)"]),
])
def test_every_mistake_in_words_is_reported_at_its_line(here, text, messages):
    make(here, "w", "extends: default\n" + text)
    with pytest.raises(FichegenError) as e:
        template.load("w")
    assert [str(p) for p in e.value.problems] == messages
