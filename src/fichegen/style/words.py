"""The words a template prints besides the deck's own text ("(vervolg)" on a continued card), each in
several languages: the template's `words:` table, looked up by the deck's language."""

from __future__ import annotations

import re

from fichegen.content.source import describe
from fichegen.errors import Problems

WORDS = {"continued": "(continued)"}  # every word a template may give, with the English used when it gives none
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")  # a primary language subtag: a deck in nl-BE reads the 'nl' text


def read(table: dict, problems: Problems) -> dict[str, dict[str, str]]:
    """The template's `words:` (word → language → its Leaf) as word → language → text; every language
    code and text checked, each problem at its line."""
    out: dict[str, dict[str, str]] = {}
    for word, texts in table.items():
        out[word] = {}
        for language, leaf in texts.items() if isinstance(texts, dict) else ():
            if not _LANGUAGE.match(language):
                problems.add(leaf.path, leaf.line, f"words.{word}: '{language}' is not a language code such as 'nl', "
                                                   "'fr' or 'en' (lower case; a deck in nl-BE reads 'nl')")
            elif not isinstance(leaf.value, str) or not leaf.value.strip():
                got = "an empty text" if isinstance(leaf.value, str) else describe(leaf.value)
                problems.add(leaf.path, leaf.line, f"words.{word}.{language}: expected a text, got {got}")
            else:
                out[word][language] = leaf.value.strip()
    return out


def word(words: dict[str, dict[str, str]], name: str, language: str) -> str:
    """`name` in the deck's language (its primary subtag: nl-BE → nl), else in English, else as the
    template first gives it; the built-in English when the template gives none."""
    texts = words.get(name, {})
    primary = language.replace("_", "-").split("-")[0].lower()
    return texts.get(primary) or texts.get("en") or next(iter(texts.values()), WORDS[name])
