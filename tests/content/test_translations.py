"""Decks in several languages, as the content stage reads them: which language a deck is in, translations
beside their cards and in spreadsheet columns, and every problem with them named once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fichegen.content import markup
from fichegen.content.deck import load_deck, load_translated
from fichegen.content.files import is_card_file, translation_of
from fichegen.errors import FichegenError

TWO = Path(__file__).resolve().parents[1] / "decks" / "twee-talen"  # nl (the source) and fr


@pytest.fixture
def two(tmp_path) -> Path:
    """A copy of the two-language deck to change."""
    return Path(shutil.copytree(TWO, tmp_path / "twee-talen"))


def problems(folder, language=None) -> list[str]:
    with pytest.raises(FichegenError) as e:
        load_deck(folder, language=language)
    return [str(p) for p in e.value.problems]


def rel(folder: Path, *lines: str) -> list[str]:
    return [line.replace("{deck}", str(folder)) for line in lines]


def plain(card) -> tuple:
    return (card.id, markup.plain(card.label), markup.plain(card.title), card.front.kind, card.front.text(),
            card.back.kind, card.back.text())


@pytest.mark.parametrize("name, expected", [
    ("01-participatie.fr.yaml", ("01-participatie.yaml", "fr")),
    ("01-participatie.nl-BE.yaml", ("01-participatie.yaml", "nl-BE")),
    ("01-participatie.yaml", None), ("deck.yaml", None), ("01-a.fr.yml", None), ("01-v1.2.yaml", None),
    (".fr.yaml", None),
])
def test_a_translation_is_known_by_its_name(name, expected):
    assert translation_of(name) == expected
    assert is_card_file(name) == (expected is None and name.endswith(".yaml") and name != "deck.yaml"
                                  and not name.startswith("."))


def test_the_source_language_is_the_first_and_translations_are_not_cards():
    deck = load_deck(TWO)
    assert (deck.language, deck.languages, deck.title) == ("nl", ("nl", "fr"), "Generalistisch werken")
    assert [c.id for c in deck.cards] == ["participatie", "vertrouwensrelatie", "actief-luisteren"]
    assert [Path(c.path).name for c in deck.cards] == ["01-participatie.yaml", "02-vertrouwensrelatie.yaml",
                                                       "03-actief-luisteren.yaml"]
    assert load_deck(TWO, language="nl") == deck


def test_the_french_deck_takes_every_text_from_the_translations():
    nl, fr = load_deck(TWO), load_deck(TWO, language="fr")
    assert (fr.language, fr.languages, fr.title, fr.footer) == ("fr", ("nl", "fr"), "Travailler en généraliste", nl.footer)
    assert [c.id for c in fr.cards] == [c.id for c in nl.cards]
    assert [c.number for c in fr.cards] == [1, 2, 3]
    assert [Path(c.path).name for c in fr.cards] == ["01-participatie.fr.yaml", "02-vertrouwensrelatie.fr.yaml",
                                                     "03-actief-luisteren.fr.yaml"]
    first = plain(fr.cards[0])
    assert first[:4] == ("participatie", "Attitude de base 1", "Participation", "bullets")
    assert first[4].startswith("Les bénéficiaires aiment prendre") and first[6].startswith("Construire la relation")
    assert [s.style for s in fr.cards[0].front.blocks[1]] == ["regular", "bold", "regular"]  # markup as in the source
    assert fr.warnings == () and load_deck(TWO, language="FR") == fr  # tags are case-blind


def test_a_missing_translation_names_card_and_language_all_at_once(two):
    (two / "02-vertrouwensrelatie.fr.yaml").unlink()
    text = (two / "03-actief-luisteren.fr.yaml").read_text(encoding="utf-8")
    (two / "03-actief-luisteren.fr.yaml").write_text(text.split("back:")[0].replace("label: Attitude de base 3\n", ""),
                                                      encoding="utf-8")
    (two / "deck.yaml").write_text((two / "deck.yaml").read_text(encoding="utf-8").replace("title.fr", "# title.fr"),
                                   encoding="utf-8")
    assert problems(two, "fr") == rel(
        two,
        "{deck}/02-vertrouwensrelatie.yaml: card 'vertrouwensrelatie' has no French translation "
        "(02-vertrouwensrelatie.fr.yaml); write it, or set 'fallback: nl' in deck.yaml to print the Dutch text",
        "{deck}/03-actief-luisteren.fr.yaml: card 'actief-luisteren': the French translation has no label, back; "
        "write it, or set 'fallback: nl' in deck.yaml to print the Dutch text",
        "{deck}/deck.yaml:3: the deck has no French title (title.fr); write it, or set 'fallback: nl' in deck.yaml "
        "to print the Dutch text")
    assert load_deck(two).language == "nl"  # the source deck needs no translation


def test_with_a_fallback_the_source_text_is_printed_and_each_gap_is_a_warning(two):
    (two / "02-vertrouwensrelatie.fr.yaml").unlink()
    (two / "deck.yaml").write_text((two / "deck.yaml").read_text(encoding="utf-8") + "fallback: nl\n", encoding="utf-8")
    deck = load_deck(two, language="fr")
    assert [str(w) for w in deck.warnings] == rel(
        two, "{deck}/02-vertrouwensrelatie.yaml: warning: card 'vertrouwensrelatie' has no French translation "
             "(02-vertrouwensrelatie.fr.yaml); the Dutch text is printed (fallback: nl)")
    source = load_deck(two).cards[1]
    assert deck.cards[1] == source and deck.language == "fr"
    assert markup.plain(deck.cards[0].title) == "Participation"


def test_a_translation_given_in_part_keeps_the_source_for_the_rest(two):
    (two / "03-actief-luisteren.fr.yaml").write_text("title: Écoute active\n", encoding="utf-8")
    (two / "deck.yaml").write_text((two / "deck.yaml").read_text(encoding="utf-8") + "fallback: nl\n", encoding="utf-8")
    deck = load_deck(two, language="fr")
    card, source = deck.cards[2], load_deck(two).cards[2]
    assert markup.plain(card.title) == "Écoute active"
    assert (card.label, card.front.blocks, card.back.blocks) == (source.label, source.front.blocks, source.back.blocks)
    assert card.front.path == card.back.path == source.path  # where their lines are: the source file
    assert [str(w) for w in deck.warnings] == rel(
        two, "{deck}/03-actief-luisteren.fr.yaml: warning: card 'actief-luisteren': the French translation has no "
             "label, front, back; the Dutch text is printed (fallback: nl)")


def test_an_empty_key_in_a_translation_is_given_on_purpose(two):
    (two / "01-participatie.fr.yaml").write_text("label: ''\ntitle: Participation\nfront: []\nback:\n", encoding="utf-8")
    card = load_deck(two, language="fr").cards[0]
    assert (card.label, card.front.blocks, card.back.blocks) == ((), (), ())


@pytest.mark.parametrize("deck_yaml, language, languages", [
    ("title: T\n", "en", ("en",)),
    ("title: T\nlanguage: nl\n", "nl", ("nl",)),
    ("title: T\nlanguages: [fr, nl]\n", "fr", ("fr", "nl")),
    ("title: T\nlanguage: fr\nlanguages: [fr, nl]\n", "fr", ("fr", "nl")),
    ("title: T\nlanguage: FR\nlanguages: [fr, nl]\n", "FR", ("fr", "nl")),
])
def test_language_and_languages(tmp_path, make_deck, deck_yaml, language, languages):
    deck = load_deck(make_deck(tmp_path / "d", {"01-a.yaml": "title: A\n"}, deck_yaml))
    assert (deck.language, deck.languages) == (languages[0] if deck_yaml.count("languages") else language, languages)


@pytest.mark.parametrize("deck_yaml, expected", [
    ("language: fr\nlanguages: [nl, fr]\n",
     ["deck.yaml:2: language: 'fr' contradicts 'languages:', whose first (the source) is 'nl'; remove 'language:', "
      "or list 'fr' first"]),
    ("languages: [nl, fr, NL, 'français', 3]\n",
     ["deck.yaml:2: languages: 'NL' is listed twice",
      "deck.yaml:2: languages: 'français' is not a language tag such as 'nl' or 'en-GB'",
      "deck.yaml:2: languages: a number is not a language tag such as 'nl' or 'en-GB'"]),
    ("languages: nl\n", ["deck.yaml:2: languages: expected a list of language tags, the source first, such as "
                         "[nl, fr, en], got a text"]),
    ("languages: [nl, fr]\nfallback: fr\n", ["deck.yaml:3: fallback: expected the source language, 'nl' (a missing "
                                             "translation then prints its text), got 'fr'"]),
    ("languages: [nl, fr]\ntemplate.fr: default\ntitel.fr: X\ntitle.de: X\ntitle.nl: X\n", [
        "deck.yaml:3: 'template.fr': 'template' is the same in every language; only title and footer translate",
        "deck.yaml:4: unknown key 'titel.fr' (did you mean 'title.fr'?)",
        "deck.yaml:5: 'title.de': 'de' is not one of the deck's languages (nl, fr); add it to 'languages:'",
        "deck.yaml:6: 'title.nl': 'nl' is the source language; write its title as 'title:'"]),
])
def test_deck_yaml_languages_problems(tmp_path, make_deck, deck_yaml, expected):
    folder = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\n"}, "title: T\n" + deck_yaml)
    assert problems(folder, None) == [f"{folder}/{line}" for line in expected]


def test_translation_file_problems(two):
    (two / "01-participatie.fr.yaml").write_text("id: participation\ntitle: Participation\ntitel: X\n"
                                                 "overflow: continue\n", encoding="utf-8")
    (two / "02-vertrouwensrelatie.de.yaml").write_text("title: Vertrauen\n", encoding="utf-8")
    (two / "02-vertrouwensrelatie.nl.yaml").write_text("title: Vertrouwen\n", encoding="utf-8")
    (two / "03-actief-luisteren.fr.yaml").rename(two / "03-actief-luistern.fr.yaml")
    (two / "02-vertrouwensrelatie.yaml").write_text("title: Vertrouwensrelatie\ntitle.fr: Confiance\n", encoding="utf-8")
    assert problems(two, "fr") == rel(
        two,
        "{deck}/02-vertrouwensrelatie.yaml:2: 'title.fr': a card's translation goes in a file of its own beside it, "
        "02-vertrouwensrelatie.fr.yaml, under 'title:'",
        "{deck}/01-participatie.fr.yaml:1: 'id' is the source card's in every language; a translation holds only "
        "label, title, front, back",
        "{deck}/01-participatie.fr.yaml:3: unknown key 'titel' (did you mean 'title'?)",
        "{deck}/01-participatie.fr.yaml:4: 'overflow' is the source card's in every language; a translation holds only "
        "label, title, front, back",
        "{deck}/02-vertrouwensrelatie.de.yaml: a translation into 'de', which is not one of the deck's languages "
        "(nl, fr); add it to 'languages:' in deck.yaml or remove the file",
        "{deck}/02-vertrouwensrelatie.nl.yaml: 'nl' is the deck's source language: the card's text belongs in "
        "02-vertrouwensrelatie.yaml",
        "{deck}/03-actief-luistern.fr.yaml: a translation of 03-actief-luistern.yaml, which is not in the deck folder "
        "(did you mean '03-actief-luisteren.fr.yaml'?); a translation is named after its card's file: "
        "01-card.yaml → 01-card.fr.yaml",
        # the card whose translation has errors is not said to have none
        "{deck}/03-actief-luisteren.yaml: card 'actief-luisteren' has no French translation (03-actief-luisteren.fr.yaml); "
        "write it, or set 'fallback: nl' in deck.yaml to print the Dutch text")


def test_a_source_build_checks_translation_names_but_reads_no_translation(two):
    (two / "01-participatie.fr.yaml").write_text("title: [not, text]\n", encoding="utf-8")
    assert load_deck(two).cards[0].id == "participatie"  # the French text is the French build's business
    (two / "01-participatie.en.yaml").write_text("title: Participation\n", encoding="utf-8")
    assert problems(two) == rel(two, "{deck}/01-participatie.en.yaml: a translation into 'en', which is not one of "
                                     "the deck's languages (nl, fr); add it to 'languages:' in deck.yaml or remove the file")


def test_a_one_language_deck_says_how_to_add_one(tmp_path, make_deck):
    folder = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\n", "01-a.fr.yaml": "title: A\n"})
    assert problems(folder) == [f"{folder}/01-a.fr.yaml: a translation into 'fr' (the part before .yaml), but the deck "
                                "has one language, 'nl'; list its languages in deck.yaml (languages: [nl, fr]) or rename "
                                "the file"]
    (folder / "01-a.fr.yaml").unlink()
    assert problems(folder, "fr") == [f"{folder}/deck.yaml:2: --language fr: not a language of this deck; it has one "
                                      "language, 'nl' (a deck in several lists them: languages: [nl, fr])"]


def test_a_language_the_deck_does_not_have(two):
    assert problems(two, "de") == rel(two, "{deck}/deck.yaml:5: --language de: not a language of this deck; its "
                                           "languages are nl, fr")


def test_cards_may_not_list_a_translation(two):
    (two / "deck.yaml").write_text((two / "deck.yaml").read_text(encoding="utf-8")
                                   + "cards: [01-participatie.yaml, 01-participatie.fr.yaml]\n", encoding="utf-8")
    assert problems(two) == rel(two, "{deck}/deck.yaml:9: cards: '01-participatie.fr.yaml' is a translation, not a "
                                     "card; list only the cards (translations are found beside them)")


def test_a_card_left_out_of_cards_takes_its_translation_with_it(two):
    (two / "deck.yaml").write_text((two / "deck.yaml").read_text(encoding="utf-8")
                                   + "cards: [01-participatie.yaml, 03-actief-luisteren.yaml]\n", encoding="utf-8")
    assert [c.id for c in load_deck(two, language="fr").cards] == ["participatie", "actief-luisteren"]


SHEET = ("id,title,front,back,title.FR,front.fr,back.fr,label.fr\n"
         "a,Eerste,Een punt,Een alinea.,Premier,Un point,Un paragraphe.,\n"
         "b,Tweede,,,,,,\n")


def test_spreadsheet_translation_columns(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "deck.yaml").write_text("title: T\ntitle.fr: T fr\nlanguages: [nl, fr]\ncards: kaarten.csv\n", encoding="utf-8")
    (folder / "kaarten.csv").write_text(SHEET, encoding="utf-8")
    assert problems(folder, "fr") == [f"{folder}/kaarten.csv:3: card 'b' has no French translation (columns title.fr); "
                                      "write it, or set 'fallback: nl' in deck.yaml to print the Dutch text"]
    (folder / "deck.yaml").write_text("title: T\ntitle.fr: T fr\nlanguages: [nl, fr]\nfallback: nl\ncards: kaarten.csv\n",
                                      encoding="utf-8")
    fr = load_deck(folder, language="fr")
    assert [plain(c) for c in fr.cards] == [("a", "", "Premier", "bullets", "Un point", "prose", "Un paragraphe."),
                                            ("b", "", "Tweede", "prose", "", "prose", "")]
    assert [str(w) for w in fr.warnings] == [f"{folder}/kaarten.csv:3: warning: card 'b' has no French translation "
                                             "(columns title.fr); the Dutch text is printed (fallback: nl)"]


@pytest.mark.parametrize("header, expected", [
    ("title,title.de", "column 'title.de': 'de' is not one of the deck's languages (nl, fr); list it under "
                       "'languages:' in deck.yaml"),
    ("title,id.fr", "column 'id.fr': the id is the same in every language; only label, title, front, back "
                    "have a column per language"),
    ("title,title.nl", "column 'title.nl': 'nl' is the source language; its text goes in the 'title' column"),
    ("title,titel.fr", "unknown column 'titel.fr' (did you mean 'title.fr'?); the columns are: id, label, title, "
                       "front, back"),
])
def test_spreadsheet_translation_column_problems(tmp_path, header, expected):
    from openpyxl import Workbook

    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "deck.yaml").write_text("title: T\nlanguages: [nl, fr]\ncards: kaarten.xlsx\n", encoding="utf-8")
    book = Workbook()
    book.active.title = "Blad1"
    book.active.append(header.split(","))
    book.active.append(["Een", "Un"])
    book.save(folder / "kaarten.xlsx")
    assert problems(folder) == [f"{folder}/kaarten.xlsx:Blad1!B1: {expected}"]  # the second column's heading


def test_a_spreadsheet_without_deck_yaml_has_one_language(tmp_path):
    sheet = tmp_path / "kaarten.csv"
    sheet.write_text("title,title.fr\nEen,Un\n", encoding="utf-8")
    assert problems(sheet) == [f"{sheet}:1: column 'title.fr': 'fr' is not one of the deck's languages (en); list it "
                               "under 'languages:' in deck.yaml"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_writes_the_translations_and_reads_back_to_the_same_decks(tmp_path, fmt):
    from fichegen.content import export

    deck, book = load_translated(TWO)
    data, warnings = export.to_bytes(deck, fmt, book)
    assert warnings == []
    folder = tmp_path / "from-sheet"
    folder.mkdir()
    (folder / f"kaarten.{fmt}").write_bytes(data)
    (folder / "deck.yaml").write_text(f"title: Generalistisch werken\ntitle.fr: Travailler en généraliste\n"
                                      f"languages: [nl, fr]\ncards: kaarten.{fmt}\n", encoding="utf-8")
    header = export.rows(deck, book)[0][0]
    assert header == ["id", "label", "title", "front", "back", "label.fr", "title.fr", "front.fr", "back.fr"]
    for language in ("nl", "fr"):
        original, again = load_deck(TWO, language=language), load_deck(folder, language=language)
        assert [plain(c) for c in again.cards] == [plain(c) for c in original.cards]
        assert [c.front.blocks for c in again.cards] == [c.front.blocks for c in original.cards]  # markup too
        assert again.title == original.title


def test_export_leaves_a_missing_translation_empty(two):
    from fichegen.content import export

    (two / "02-vertrouwensrelatie.fr.yaml").write_text("title: Relation de confiance\n", encoding="utf-8")
    table, _ = export.rows(*load_translated(two))
    assert table[2][5:] == ["", "Relation de confiance", "", ""]


def test_a_locale_s_spelling_of_a_tag_is_the_same_language(tmp_path, make_deck):
    """`pt_BR` (as locales write it) is `pt-BR` wherever a tag is written: deck.yaml, file names, deck keys,
    --language."""
    folder = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nfront: [een]\nback: twee\n",
                                        "01-a.pt_BR.yaml": "title: Um\nfront: [um]\nback: dois\n",
                                        "02-b.yaml": "title: B\nfront: [een]\nback: twee\n",
                                        "02-b.pt-BR.yaml": "title: Dois\nfront: [um]\nback: dois\n"},
                       deck="title: D\ntitle.pt_BR: Dê\nlanguages: [nl, pt_BR]\n")
    for asked in ("pt_BR", "pt-br"):
        deck = load_deck(folder, language=asked)
        assert (deck.language, deck.title, [markup.plain(c.title) for c in deck.cards]) == ("pt-BR", "Dê", ["Um", "Dois"])
    one = make_deck(tmp_path / "one", {"01-a.yaml": "title: A\nfront: [een]\n"}, deck="title: D\nlanguage: pt_BR\n")
    assert load_deck(one, language="pt_BR").language == load_deck(one).language == "pt-BR"


def test_what_a_translation_takes_from_its_source_is_reported_at_the_source(tmp_path, make_deck):
    """A French card without a back prints the Dutch one (fallback): a problem with that back, and with the
    card's picture, is at the Dutch file's lines; one with its own French front at the French file's."""
    from PIL import Image

    from fichegen.pipeline import prepare

    long = " ".join(f"Zin {n} over de werkrelatie." for n in range(900))
    folder = make_deck(tmp_path / "d", {"01-a.yaml": f"title: A\nimage: klein.png\nfront: [een]\nback: {long}\n",
                                        "01-a.fr.yaml": "title: Un\nfront: [un]\n"},
                       deck="title: D\ntitle.fr: D\nlanguages: [nl, fr]\nfallback: nl\n")
    Image.new("RGB", (200, 100), (200, 40, 40)).save(folder / "klein.png")
    with pytest.raises(FichegenError) as e:
        prepare(folder, language="fr")
    assert [str(p) for p in e.value.problems if not p.warning] == [
        f"{folder}/01-a.yaml:4: card 'a' back: the text does not fit, even at the 8 pt minimum it is 2319 pt (about "
        "210 lines) too long; shorten it or split the card"]
    (folder / "01-a.yaml").write_text("title: A\nimage: klein.png\nfront: [een]\nback: Kort.\n", encoding="utf-8")
    assert [str(w) for w in prepare(folder, language="fr").warnings if "klein.png" in str(w)] == [
        f"{folder}/01-a.yaml:2: warning: card 'a' image: 'klein.png' prints at 42 ppi in its 120 × 56 mm slot; print "
        "wants 250 ppi or more: use a larger picture"]
