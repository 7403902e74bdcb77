"""Unit tests of content.load_deck: what a valid deck folder becomes."""

from __future__ import annotations

from pathlib import Path

import pytest

from fichegen.content import deck as content
from fichegen.errors import FichegenError


def spans(blocks):
    return [[(s.text, s.style) for s in block] for block in blocks]


def problems(folder: Path) -> list[str]:
    with pytest.raises(FichegenError) as info:
        content.load_deck(folder)
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in info.value.problems]


def test_deck_defaults(tmp_path, make_deck):
    deck = content.load_deck(make_deck(tmp_path / "my-deck", deck="title: Deck\n", cards={"01-a.yaml": "title: A\n"}))
    assert (deck.slug, deck.title, deck.language, deck.template, deck.template_line, deck.footer) == (
        "my-deck", "Deck", "en", "default", 1, "")
    assert deck.path == str(tmp_path / "my-deck" / "deck.yaml")


def test_deck_fields(tmp_path, make_deck):
    deck = content.load_deck(make_deck(tmp_path / "d", deck="title: Deck\nlanguage: nl-BE\nfooter: www.example.org\ntemplate: plain\n", cards={"01-a.yaml": "title: A\n"}))
    assert (deck.language, deck.footer, deck.template, deck.template_line) == ("nl-BE", "www.example.org", "plain", 4)


def test_default_id_strips_numeric_prefix(tmp_path, make_deck):
    deck = content.load_deck(make_deck(tmp_path / "d", deck="title: Deck\n", cards={
        "03-vertrouwensrelatie.yaml": "title: V\n",
        "10_actief-luisteren.yaml": "title: A\n",
        "partners.yaml": "title: P\n",
        "2024.yaml": "title: Y\n",  # only digits: the number is the id
    }))
    assert [c.id for c in deck.cards] == ["vertrouwensrelatie", "actief-luisteren", "2024", "partners"]


def test_explicit_id_wins(tmp_path, make_deck):
    deck = content.load_deck(make_deck(tmp_path / "d", deck="title: Deck\n", cards={"01-a.yaml": "id: eigen-id\ntitle: A\n"}))
    assert deck.cards[0].id == "eigen-id"


def test_cards_default_to_file_name_order(tmp_path, make_deck):
    deck = content.load_deck(make_deck(tmp_path / "d", deck="title: Deck\n", cards={
        "10-c.yaml": "title: C\n", "02-b.yaml": "title: B\n", "01-a.yaml": "title: A\n",
        "notes.txt": "not a card", "deck.yml.bak": "nor this",
    }))
    assert [c.id for c in deck.cards] == ["a", "b", "c"]
    assert [c.number for c in deck.cards] == [1, 2, 3]


def test_cards_list_order_is_respected(tmp_path, make_deck):
    deck = content.load_deck(make_deck(tmp_path / "d", deck="title: Deck\ncards:\n  - 03-c.yaml\n  - 01-a.yaml\n",
        cards={"01-a.yaml": "title: A\n", "02-b.yaml": "title: B\n", "03-c.yaml": "title: C\n"}))
    assert [c.id for c in deck.cards] == ["c", "a"]  # 02-b.yaml is not listed, so not in the deck
    assert [c.number for c in deck.cards] == [1, 2]
    assert [Path(c.path).name for c in deck.cards] == ["03-c.yaml", "01-a.yaml"]


def test_prose_splits_paragraphs_at_blank_lines_and_joins_lines(tmp_path, make_deck):
    deck = content.load_deck(make_deck(tmp_path / "d", deck="title: Deck\n", cards={"01-a.yaml": (
        "title: A\n"
        "back: |\n"
        "  First line\n"
        "  continues here.\n"
        "\n"
        "\n"
        "  Second   paragraph.\n"
        "  \n"
        "  Third.\n"
    )}))
    back = deck.cards[0].back
    assert back.kind == "prose"
    assert spans(back.blocks) == [
        [("First line continues here.", "regular")],
        [("Second paragraph.", "regular")],
        [("Third.", "regular")],
    ]
    assert back.line == 2


def test_plain_scalar_prose_is_one_paragraph(tmp_path, make_deck):
    deck = content.load_deck(make_deck(tmp_path / "d", deck="title: Deck\n", cards={"01-a.yaml": (
        "title: A\nfront: Een korte tekst\n  over twee regels.\n")}))
    assert deck.cards[0].front.kind == "prose"
    assert deck.cards[0].front.text() == "Een korte tekst over twee regels."


def test_bullets(tmp_path, make_deck):
    deck = content.load_deck(make_deck(tmp_path / "d", deck="title: Deck\n", cards={"01-a.yaml": (
        "title: A\n"
        "front:\n"
        "  - Eerste punt\n"
        "  - Tweede punt met **nadruk**\n"
        "  - >-\n"
        "    Derde punt\n"
        "    over twee regels\n"
        "  - 42\n"
    )}))
    front = deck.cards[0].front
    assert (front.kind, front.line) == ("bullets", 2)
    assert spans(front.blocks) == [
        [("Eerste punt", "regular")],
        [("Tweede punt met ", "regular"), ("nadruk", "bold")],
        [("Derde punt over twee regels", "regular")],
        [("42", "regular")],
    ]


def test_missing_sides_are_empty_prose(tmp_path, make_deck):
    card = content.load_deck(make_deck(tmp_path / "d", deck="title: Deck\n", cards={"01-a.yaml": "title: A\n"})).cards[0]
    assert (card.front.kind, card.front.blocks, card.back.kind, card.back.blocks) == ("prose", (), "prose", ())
    assert card.side("front") is card.front and card.side("back") is card.back


def test_label_is_optional(tmp_path, make_deck):
    deck = content.load_deck(make_deck(tmp_path / "d", deck="title: Deck\n", cards={
        "01-a.yaml": "label: Basishouding 1\ntitle: A\n",
        "02-b.yaml": "title: B\n",
    }))
    assert spans([c.label for c in deck.cards]) == [[("Basishouding 1", "regular")], []]


def test_numbers_as_title_and_label_become_text(tmp_path, make_deck):
    deck = content.load_deck(make_deck(tmp_path / "d", deck="title: 2024\n", cards={"01-a.yaml": "label: 7\ntitle: 1984\n"}))
    card = deck.cards[0]
    assert deck.title == "2024"
    assert spans([card.title, card.label]) == [[("1984", "regular")], [("7", "regular")]]


def test_title_markup_and_whitespace(tmp_path, make_deck):
    deck = content.load_deck(make_deck(tmp_path / "d", deck="title: Deck\n", cards={"01-a.yaml": (
        'title: "Op *maat*   en\\n op tempo"\n')}))
    assert spans([deck.cards[0].title]) == [[("Op ", "regular"), ("maat", "italic"), (" en op tempo", "regular")]]


def test_card_line_is_the_title_line(tmp_path, make_deck):
    deck = content.load_deck(make_deck(tmp_path / "d", deck="title: Deck\n", cards={"01-a.yaml": "label: L\n\ntitle: A\n"}))
    assert deck.cards[0].line == 3


def test_markup_characters_are_literal(tmp_path, make_deck):
    deck = content.load_deck(make_deck(tmp_path / "d", deck='title: "<b>&amp;"\n', cards={"01-a.yaml": (
        'title: "a < b & c > d"\nfront:\n  - "<i>&lt;</i>"\n')}))
    assert deck.title == "<b>&amp;"
    assert spans([deck.cards[0].title]) == [[("a < b & c > d", "regular")]]
    assert deck.cards[0].front.text() == "<i>&lt;</i>"


def test_all_problems_of_all_files_in_one_error(tmp_path, make_deck):
    folder = make_deck(tmp_path / "d", deck="title: Deck\nlanguage: english\n", cards={
        "01-a.yaml": "titel: A\n",
        "02-b.yaml": "title: B\nfront: 3\nback:\n  -\n",
    })
    assert problems(folder) == [
        "deck.yaml:2: language: 'english' is not a language tag such as 'nl' or 'en-GB'",
        "01-a.yaml:1: unknown key 'titel' (did you mean 'title'?)",
        "02-b.yaml:2: front: expected a list of bullet points or a text, got a number",
        "02-b.yaml:4: back: bullet 1 is empty",
    ]


def test_duplicate_id_names_both_files(tmp_path, make_deck):
    folder = make_deck(tmp_path / "d", deck="title: Deck\n", cards={"01-a.yaml": "title: A\n", "02-b.yaml": "id: a\ntitle: B\n"})
    assert problems(folder) == [
        "02-b.yaml:2: duplicate card id 'a' (also used by 01-a.yaml); give one of them another 'id:'"]


def test_missing_card_file_suggestion_with_dot_as_deck(tmp_path, monkeypatch, make_deck):
    folder = make_deck(tmp_path / "my-deck", deck="title: Deck\ncards:\n  - 01-intro.yml\n", cards={"01-intro.yaml": "title: A\n"})
    monkeypatch.chdir(folder)
    assert problems(Path(".")) == [
        "deck.yaml:3: cards: no file '01-intro.yml' in my-deck/ (did you mean '01-intro.yaml'?)"]


def test_overflow_is_the_deck_s_unless_a_card_says_otherwise(tmp_path, make_deck):
    folder = make_deck(tmp_path / "d", deck="title: Deck\noverflow: continue\n",
                       cards={"01-a.yaml": "title: A\n", "02-b.yaml": "title: B\noverflow: error\n"})
    deck = content.load_deck(folder)
    assert deck.overflow == "continue" and [c.overflow for c in deck.cards] == ["", "error"]
    assert content.load_deck(make_deck(tmp_path / "e", deck="title: Deck\n", cards={"01-a.yaml": "title: A\n"})).overflow == "error"
    a, b = deck.cards
    from dataclasses import replace

    assert replace(b, overflow="continue").fingerprint() != b.fingerprint()  # what a card's cache entries are keyed by


def test_export_says_a_card_s_overflow_is_not_kept(tmp_path, make_deck):
    from fichegen.content import export

    deck = content.load_deck(make_deck(tmp_path / "d", deck="title: Deck\n",
                                       cards={"01-a.yaml": "title: A\noverflow: continue\nback: tekst\n"}))
    _, warnings = export.rows(deck)
    assert [(Path(w.path).name, w.line, w.message) for w in warnings] == [
        ("01-a.yaml", 1, "card 'a': 'overflow: continue' is not kept (a spreadsheet has no such column); set overflow in deck.yaml")]
