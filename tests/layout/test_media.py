"""Pictures, icons and QR codes placed on faces: the body gives them room (and the fit allows for it),
icons sit in lines as boxes of the text's size and colour, QR codes keep their quiet zone."""

from __future__ import annotations

from dataclasses import replace

import pytest

from fichegen.content.deck import load_deck
from fichegen.errors import FichegenError, Problems
from fichegen.layout import media
from fichegen.layout.compose import Composer
from fichegen.style import fonts
from fichegen.style.template import MM, load

TEMPLATES = ("default", "uantwerpen", "de-ploeg", "recht-op", "weerwerk")


@pytest.fixture(scope="module")
def deck(media_deck):
    return load_deck(media_deck)


def _overlap(a, b) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw - 0.01 and bx < ax + aw - 0.01 and ay < by + bh - 0.01 and by < ay + ah - 0.01


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_picture_takes_its_slot_and_the_body_the_rest(deck, name):
    t = load(name)
    composer = Composer(deck, t)
    with_picture, _ = composer.face(deck.cards[0], "front", {})
    without, _ = composer.face(replace(deck.cards[0], image=None), "front", {})
    (p,) = with_picture.pictures
    slot = t.pictures["front"]
    assert (round(p.w, 3), round(p.h, 3)) == (round(composer.measure, 3), round(slot.height, 3))
    assert p.x == composer.x0  # on the text's left edge, as wide as the text
    x, y, w, h = with_picture.body
    assert abs(without.body[3] - h - (slot.height + media.GAP)) < 0.01  # the body lost the slot and a gap
    assert y >= p.y + p.h + media.GAP - 0.01  # the text stays above the picture at the foot of the front
    assert all(r.bottom >= p.y + p.h for r in with_picture.runs if r.y > p.y + p.h)
    # cover: the whole picture covers the slot, centred, keeping its proportions
    assert p.ix <= p.x and p.iy <= p.y and p.ix + p.iw >= p.x + p.w - 0.01 and p.iy + p.ih >= p.y + p.h - 0.01
    assert abs(p.iw / p.ih - 1600 / 900) < 1e-6


def test_contain_shows_the_whole_picture_inside_the_slot():
    x, y, w, h = media.picture_box((10, 20, 300, 100), (1600, 900), "contain")
    assert (round(h, 6), round(w, 6)) == (100, round(100 * 16 / 9, 6)) and x == 10 + (300 - w) / 2 and y == 20


def test_the_fit_allows_for_the_picture(media_deck, tmp_path, make_deck):
    """A back that fits at full size without a picture is shrunk when the picture takes its room."""
    from fichegen.layout.fit import fit_deck
    import shutil

    back = "Een zin die de achterkant vult en nog een beetje verder gaat dan nodig. " * 34
    folder = make_deck(tmp_path / "d", {"01-a.yaml": f"title: A\nfront: [x]\nback: {back}\n"})
    shutil.copytree(media_deck / "beeld", folder / "beeld")
    plain_fit, _ = fit_deck(load_deck(folder), load("default"))
    (folder / "01-a.yaml").write_text(f"title: A\nimage: {{file: beeld/foto.png, side: back}}\nfront: [x]\nback: {back}\n")
    deck = load_deck(folder)
    fit, _ = fit_deck(deck, load("default"))
    assert plain_fit.scales.get("prose", 1.0) == 1.0 and fit.scales["prose"] < 1.0
    face, over = Composer(deck, load("default")).face(deck.cards[0], "back", fit.scales)
    assert over <= 0 and face.pictures


def test_icons_are_boxes_in_the_line_in_the_texts_size_and_colour(deck):
    t = load("default")
    face, _ = Composer(deck, t).face(deck.cards[0], "front", {})
    bullets = t.styles["bullets"]
    (phone,) = [i for i in face.icons if i.path.endswith("phone.svg")]
    assert phone.size == bullets.size * media.ICON_SIZE and phone.colour == bullets.colour
    run_before = next(r for r in face.runs if r.text == "Bel ")
    run_after = next(r for r in face.runs if r.text.strip() == "nu")
    font = run_before.font
    space = fonts.width(font, " ", bullets.size)
    assert abs(phone.x - (run_before.x + fonts.width(font, "Bel", bullets.size) + space)) < 0.01  # the breaker's box
    assert abs(run_after.x - (phone.x + phone.size + space)) < 0.01
    # centred on the middle of the capitals: the icon sits on the line as the letters do
    assert abs(phone.y + phone.size / 2 - (run_before.y + fonts.cap_height(font) * bullets.size / 2)) < 0.01
    (info,) = [i for i in face.icons if i.path.endswith("info.svg")]
    assert info.colour == t.styles["title"].colour  # white on the band, with the title
    assert all("\ufffc" not in r.text for r in face.runs)  # icons are never text


def test_an_unknown_icon_is_an_error_at_its_line_with_a_suggestion(make_deck, tmp_path):
    folder = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nfront:\n  - een\n  - \"Bel :phoen: nu\"\nback: \"x :infoo:\"\n"})
    problems = Problems()
    media.check_icons(load_deck(folder), load("default"), problems)
    assert [str(p) for p in problems.items] == [
        f"{folder}/01-a.yaml:4: card 'a': no icon ':phoen:' (did you mean 'phone'?); a colon that starts no icon is written \\:",
        f"{folder}/01-a.yaml:5: card 'a': no icon ':infoo:' (did you mean 'info'?); a colon that starts no icon is written \\:"]


def test_an_unknown_icon_in_a_translation_or_a_spreadsheet_row_is_found_where_it_was_written(make_deck, tmp_path):
    """A translation's icons are checked at the translation's lines; a spreadsheet's at the card's row."""
    folder = make_deck(tmp_path / "t", {"01-a.yaml": "title: A\nfront: [een]\nback: \"x :info:\"\n",
                                        "01-a.fr.yaml": "title: A\nfront:\n  - un\n  - \"Appel :phoen:\"\n"},
                       deck="title: D\ntitle.fr: D\nlanguages: [nl, fr]\nfallback: nl\n")
    problems = Problems()
    media.check_icons(load_deck(folder, language="fr"), load("default"), problems)
    assert [str(p) for p in problems.items] == [
        f"{folder}/01-a.fr.yaml:4: card 'a': no icon ':phoen:' (did you mean 'phone'?); a colon that starts no icon is written \\:"]
    sheet = tmp_path / "kaarten.csv"
    sheet.write_text("title;front;back\nEen;Bel :phoen: nu;Tekst\nTwee;x;Lees :boek:\n", encoding="utf-8")
    problems = Problems()
    media.check_icons(load_deck(str(sheet)), load("default"), problems)
    assert [str(p) for p in problems.items] == [
        f"{sheet}:2: card 'een': no icon ':phoen:' (did you mean 'phone'?); a colon that starts no icon is written \\:",
        f"{sheet}:3: card 'twee': no icon ':boek:' (did you mean 'book'?); a colon that starts no icon is written \\:"]


def test_the_built_in_templates_share_at_least_twelve_icons():
    names = [sorted(load(name).icons) for name in TEMPLATES]
    assert len(names[0]) >= 12 and all(n == names[0] for n in names)
    assert {"info", "tip", "warning", "question", "check", "person", "people", "chat", "heart", "home", "book",
            "calendar", "clock", "euro", "phone", "mail", "link", "star", "flag", "idea"} <= set(names[0])


def test_a_coarse_picture_is_a_warning_naming_card_file_and_ppi(make_deck, tmp_path):
    from PIL import Image

    folder = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nimage: klein.jpg\nfront: [x]\n"})
    Image.new("RGB", (600, 400), (90, 140, 200)).save(folder / "klein.jpg")
    t = media.checked(load_deck(folder), load("default"))
    assert [str(w) for w in t.warnings] == [
        f"{folder}/01-a.yaml:2: warning: card 'a' image: 'klein.jpg' prints at 127 ppi in its 120 × 56 mm slot; "
        "print wants 250 ppi or more: use a larger picture"]


@pytest.mark.parametrize("name", TEMPLATES)
def test_the_qr_code_is_in_the_safe_zone_with_its_quiet_zone_clear(deck, name):
    t = load(name)
    composer = Composer(deck, t)
    for card in deck.cards:
        front, _ = composer.face(card, "front", {})
        face, _ = composer.face(card, "back", {})
        assert not front.codes
        (code,) = face.codes
        assert code.size >= 15 * MM
        n = round(code.size / code.module)
        assert code.quiet == pytest.approx(4 * code.module) and n >= 21 and (n - 17) % 4 == 0  # a QR version's size
        W, H = t.trim
        x, y, w, h = code.clear
        assert code.x >= 5 * MM and code.y >= 5 * MM and code.x + code.size <= W - 5 * MM and code.y + code.size <= H - 5 * MM
        assert x >= 0 and y >= 0 and x + w <= W and y + h <= H
        others = ([(r.x, r.bottom, r.width, r.top - r.bottom) for r in face.runs] + [(f.x, f.y, f.w, f.h) for f in face.fills]
                  + [(i.x, i.y, i.w, i.h) for i in face.images] + [(i.x, i.y, i.size, i.size) for i in face.icons]
                  + [(p.x, p.y, p.w, p.h) for p in face.pictures + face.patterns])
        assert not [o for o in others if _overlap(o, code.clear)], (name, card.id)


def test_the_qr_code_encodes_the_link_else_the_footer_with_a_scheme(deck):
    assert [media.code_address(c, deck, "back") for c in deck.cards] == [
        "https://www.example.org/media", "https://example.org/kaart-2", "https://www.example.org/media"]
    assert media.code_address(deck.cards[0], deck, "front") is None
    assert media.code_address(replace(deck.cards[0], qr=False), deck, "back") is None
    assert media.code_address(replace(deck.cards[0], link="mailto:a@b.be"), deck, "back") == "mailto:a@b.be"


def test_an_explicit_corner_that_clashes_is_an_error(tmp_path, monkeypatch):
    folder = tmp_path / "templates" / "botsing"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text("extends: default\ndecorations:\n  corner-number: {side: back, colour: accent}\n"
                                          "qr: {position: top-right}\n")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FichegenError) as e:
        load("botsing")
    assert [str(p) for p in e.value.problems] == [
        "templates/botsing/template.yaml:4: qr: the corner number is at top-right on the back; put the QR code at bottom-left or bottom-right"]
    (folder / "template.yaml").write_text("extends: default\ndecorations:\n  corner-number: {side: back, colour: accent}\n")
    assert load("botsing").qr.position == "bottom-left"  # the inherited corner moves to a free one


def test_an_icon_in_the_label_stays_out_of_the_footer(deck):
    from fichegen.content.markup import parse

    card = replace(deck.cards[0], label=parse("Kaart :star: 1"))
    assert Composer(deck, load("default")).filled("{card.label} · {card.label.number}", card) == "Kaart  1 · 1"


def test_export_says_what_a_spreadsheet_leaves_out(deck):
    from fichegen.content.export import rows

    _, warnings = rows(deck)
    assert [w.message for w in warnings] == ["card 'foto': image left out; a spreadsheet has columns for text only",
                                             "card 'link': link left out; a spreadsheet has columns for text only",
                                             "card 'weer': image left out; a spreadsheet has columns for text only"]


def test_a_long_address_makes_a_qr_code_too_fine_to_print_a_warning(make_deck, tmp_path):
    """320 characters need 69 modules: 0.26 mm each in 18 mm, below the 0.33 mm print wants."""
    folder = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nfront: [x]\nlink: example.org/" + "b" * 300 + "\n",
                                        "02-b.yaml": "title: B\nfront: [x]\n"},
                       deck="title: D\nqr: true\nfooter: www.example.org\n")
    problems = Problems()
    media.check_codes(load_deck(folder), load("default"), problems)
    assert [str(p) for p in problems.items] == [
        f"{folder}/01-a.yaml:1: warning: card 'a' link: the address (320 characters) makes a QR code of 69 modules "
        "across, 0.26 mm each in its 18 mm; print wants 0.33 mm or more: use a shorter address, or a larger qr size "
        "in the template"]
