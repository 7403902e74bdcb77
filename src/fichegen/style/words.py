"""A template's words: every fixed text it prints ("kaart", "(vervolg)"), one per language, so a deck in
several languages gets them in its own. `words: {card: {nl: kaart, fr: fiche, en: card}}` in
template.yaml; `{words.card}` in a template text; Template.word looks one up."""

from __future__ import annotations

import re

from fichegen.content.files import LANGUAGE_TAG
from fichegen.content.source import describe
from fichegen.errors import Problem, Problems

PLACEHOLDER = re.compile(r"\{words\.([^{}]*)\}")  # a word of the table in a template text: {words.card}
# the words fichegen itself prints, in English for a template whose table does not give them
DEFAULTS = {"continued": "(continued)"}


def table(leaves: dict, problems: Problems) -> dict[str, dict[str, str]]:
    """template.yaml's `words:` (name → its leaf, whose value maps language tags to texts), checked."""
    out: dict[str, dict[str, str]] = {}
    for name, leaf in leaves.items():
        if not isinstance(leaf.value, dict) or not leaf.value:
            problems.add(leaf.path, leaf.line, f"words.{name}: expected the word in each language, such as "
                                               f"{{nl: kaart, fr: fiche, en: card}}, got {describe(leaf.value)}")
            continue
        out[name] = {}
        for lang, text in leaf.value.items():
            if not isinstance(lang, str) or not LANGUAGE_TAG.match(lang):
                shown = f"'{lang}'" if isinstance(lang, str) else repr(lang)
                problems.add(leaf.path, leaf.line, f"words.{name}: {shown} is not a language tag such as 'nl' or 'en-GB'")
            elif not isinstance(text, (str, int, float)) or isinstance(text, bool):
                problems.add(leaf.path, leaf.line, f"words.{name}.{lang}: expected a text, got {describe(text)}")
            else:
                out[name][lang] = str(text)
    return out


def warnings(t, language: str, also: tuple[str, ...] = ()) -> tuple[Problem, ...]:
    """A warning for each word the template's texts print, and each of `also` (fichegen's own words the
    deck will print: 'continued' for a deck whose cards may continue), that its table lacks in `language`
    (Template.word then prints another language's)."""
    texts = (*t.footer, t.corner_number.text if t.corner_number else "")
    out = []
    for name in sorted({name for text in texts for name in PLACEHOLDER.findall(text)} | set(also)):
        tags = {tag.lower() for tag in t.words.get(name, {})}
        if not tags & {language.lower(), language.split("-")[0].lower()}:
            out.append(Problem(f"{t.folder}/template.yaml", None, f"words.{name} has no '{language}'; "
                               f"'{t.word(name, language)}' is printed instead", warning=True))
    return tuple(out)
