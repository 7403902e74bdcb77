"""Templates: inheritance, every validation message (pinned exactly), content-dependent checks,
placeholders, the `templates` command, and every shipped template building a print-ready PDF."""

from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from fichegen.geometry import MM
from tests.conftest import ROOT
from fichegen.style import assets
from fichegen.content import deck as content
from fichegen.layout import glyphs
from fichegen.layout import compose
from fichegen.style import template
from fichegen.errors import FichegenError

SHIPPED = {  # name → organisation
    "de-ploeg": "De Ploeg (Emino)",
    "default": "fichegen",
    "recht-op": "Recht-Op",
    "uantwerpen": "Universiteit Antwerpen — OASeS",
    "weerwerk": "Weerwerk Activering",
}
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40" viewBox="0 0 100 40">'
       '<rect width="100" height="40" fill="#1B2A5C"/></svg>')
PLACEHOLDERS = ("{deck.title}, {deck.footer}, {card.label}, {card.label.number}, {card.number}, {card.count}, "
                "{card.id}, {template.organisation}, {words.NAME} (a word of the words: table)")


@pytest.fixture
def here(tmp_path, monkeypatch):
    """A project folder of our own: templates/ in the working directory is searched first."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates").mkdir()
    return tmp_path


def make(root: Path, name: str, text: str, files: dict[str, str | bytes] | None = None) -> Path:
    folder = root / "templates" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "template.yaml").write_text(text, encoding="utf-8")
    for file, data in (files or {}).items():
        (folder / file).write_bytes(data.encode() if isinstance(data, str) else data)
    return folder


def problems(name: str) -> list[str]:
    with pytest.raises(FichegenError) as e:
        template.load(name)
    assert all(not p.warning for p in e.value.problems)
    return [str(p) for p in e.value.problems]


def standalone(**changes) -> str:
    """default's template.yaml as a template of its own (no `extends`), with top-level keys replaced."""
    tree = yaml.safe_load((ROOT / "templates" / "default" / "template.yaml").read_text(encoding="utf-8"))
    tree.update(changes)
    return yaml.safe_dump(tree, allow_unicode=True)


# -- 1. inheritance ------------------------------------------------------------------


def test_hex_colours_follow_the_documented_rule():
    assert assets.hex_to_cmyk("#FF0000") == (0, 1, 1, 0)
    assert assets.hex_to_cmyk("#000000") == (0, 0, 0, 1)
    assert assets.hex_to_cmyk("#ffffff") == (0, 0, 0, 0)
    assert assets.hex_to_cmyk("#F00") == assets.hex_to_cmyk("#FF0000")
    # k = 1 − max(r, g, b) = 1 − 92/255; c = (92 − 27)/92, m = (92 − 42)/92
    assert assets.hex_to_cmyk("#1B2A5C") == (0.7065, 0.5435, 0.0, 0.6392)
    assert assets.hex_to_cmyk("#12345G") is None
    assert assets.hex_to_cmyk("#1234") is None


def test_extends_default_is_found_through_the_package_fallback(here):
    make(here, "child", 'extends: default\ncolours: {accent: "#FF0000"}\n')
    assert template.find("child") == here / "templates" / "child"
    found = template.find("default")  # not in here/templates: the copy installed with fichegen
    assert found != here / "templates" / "default"
    assert (found / "template.yaml").read_bytes() == (ROOT / "templates" / "default" / "template.yaml").read_bytes()
    child, default = template.load("child"), template.load("default")
    assert child.colours["accent"] == (0, 1, 1, 0)
    assert child.band_colour == (0, 1, 1, 0)  # band: {colour: accent} resolves against the merged colours
    assert child.colours["text"] == default.colours["text"] == (0, 0, 0, 0.88)
    assert child.fonts == default.fonts
    assert Path(child.fonts["body"]["bold"].path).name == "SourceSansPro-Semibold.ttf"
    assert child.margins == default.margins == tuple(v * MM for v in (13, 14, 10, 14))
    plain = lambda styles: {k: replace(v, colour=None, marker_colour=None) for k, v in styles.items()}  # noqa: E731
    assert plain(child.styles) == plain(default.styles)
    # styles that name the accent follow the child's accent; the others keep default's colours
    assert child.styles["back-title"].colour == child.styles["bullets"].marker_colour == (0, 1, 1, 0)
    assert child.styles["title"].colour == default.styles["title"].colour == (0, 0, 0, 0)
    assert (child.organisation, child.folder) == ("fichegen", str(here / "templates" / "child"))
    assert child.warnings == ()


def test_three_levels_merge_deeply(here):
    make(here, "a", 'extends: default\norganisation: Org A\ncolours: {accent: "#F00"}\n')
    make(here, "b", "extends: a\nmargins: {top: 20}\nstyles:\n  bullets: {marker: '›'}\n")
    make(here, "c", "extends: b\nstyles:\n  title: {size: 30}\n")
    c = template.load("c")
    assert c.organisation == "Org A"
    assert c.colours["accent"] == (0, 1, 1, 0) and c.colours["muted"] == (0, 0, 0, 0.55)
    assert c.margins == pytest.approx(tuple(v * MM for v in (20, 14, 10, 14)))  # top from b, the rest from default
    title = c.styles["title"]
    assert (title.size, title.leading, title.min, title.family) == (30, 27, 16, "heading")  # leading, min: default's
    assert title.colour == (0, 0, 0, 0)  # on-accent, from default
    bullets = c.styles["bullets"]
    assert (bullets.marker, bullets.size, bullets.marker_colour) == ("›", 11, (0, 1, 1, 0))


def test_an_inherited_logo_is_found_in_the_parents_folder(here):
    parent = make(here, "parent", "extends: default\nlogo:\n  front: {file: mark.svg, position: top-right, width: 20}\n",
                  {"mark.svg": SVG})
    make(here, "child", "extends: parent\n")
    logo = template.load("child").logos["front"]
    assert logo.path == str(parent / "mark.svg")
    assert (logo.position, logo.width, logo.height) == ("top-right", pytest.approx(20 * MM), pytest.approx(8 * MM))


# -- 2. validation messages ----------------------------------------------------------

CASES = {
    "unknown-key": ('extends: default\ncolurs: {accent: "#FF0000"}\n', {}, [
        "templates/unknown-key/template.yaml:2: unknown key 'colurs' (did you mean 'colours'?)"]),
    "nested-key": ("extends: default\nstyles:\n  titel: {size: 20}\n", {}, [
        "templates/nested-key/template.yaml:3: unknown key 'styles.titel' (did you mean 'styles.title'?)"]),
    "colour-three": ("extends: default\ncolours:\n  accent: [1, 2, 3]\n", {}, [
        "templates/colour-three/template.yaml:3: colours.accent: expected a colour as CMYK percentages (four numbers "
        "from 0 to 100) like [0, 60, 100, 0] or a hex value like '#1B2A5C', got [1, 2, 3]"]),
    "colour-range": ("extends: default\ncolours:\n  accent: [0, 120, 0, 0]\n", {}, [
        "templates/colour-range/template.yaml:3: colours.accent: expected a colour as CMYK percentages (four numbers "
        "from 0 to 100) like [0, 60, 100, 0] or a hex value like '#1B2A5C', got [0, 120, 0, 0]"]),
    "colour-hex": ('extends: default\ncolours:\n  accent: "#12345G"\n', {}, [
        "templates/colour-hex/template.yaml:3: colours.accent: expected a colour as CMYK percentages (four numbers "
        "from 0 to 100) like [0, 60, 100, 0] or a hex value like '#1B2A5C', got '#12345G'"]),
    "colours-not-a-mapping": ("extends: default\ncolours: red\n", {}, [
        "templates/colours-not-a-mapping/template.yaml:2: colours: expected a mapping (key: value pairs), got a text"]),
    "colour-name": ("extends: default\nstyles:\n  title: {colour: acent}\n", {}, [
        "templates/colour-name/template.yaml:3: styles.title.colour: no colour named 'acent' (did you mean 'accent'?); "
        "colours: accent, muted, on-accent, soft, text"]),
    "missing-logo": ("extends: default\nfooter: {left: ''}\nlogo:\n  front: {file: logo.svg, position: bottom-left}\n",
                     {"logo-white.svg": SVG}, [
        "templates/missing-logo/template.yaml:4: logo.front.file: file 'logo.svg' not found in missing-logo/ "
        "(did you mean 'logo-white.svg'?)"]),
    "unknown-parent": ("organisation: X\nextends: defualt\n", {}, [
        "templates/unknown-parent/template.yaml:2: no template named 'defualt' (did you mean 'default'?); "
        "available: de-ploeg, default, recht-op, uantwerpen, unknown-parent, weerwerk"]),
    "up-and-out": ("extends: default\nlogo:\n  back: {file: ../x.svg, position: top-right}\n", {}, [
        "templates/up-and-out/template.yaml:3: logo.back.file: '../x.svg' is outside the template folder; "
        "copy it into up-and-out/ and name it from there"]),
    "font-family": ("extends: default\nfonts:\n  body: Latto\n", {}, [
        "templates/font-family/template.yaml:3: fonts.body: no packaged font family 'Latto' (did you mean 'Lato'?); "
        "packaged: Source Sans Pro, Source Serif Pro, Lato, Caladea, Red Hat Display (or give a file per style)"]),
    "font-face": ("extends: default\nfonts:\n  heading: {regular: Source Serif Pro Blak}\n", {}, [
        "templates/font-face/template.yaml:3: fonts.heading.regular: no packaged font face 'Source Serif Pro Blak' "
        "(did you mean 'Source Serif Pro Black'?); name one such as 'Lato Bold', or a .ttf file in the template folder"]),
    "font-style": ("extends: default\nfonts:\n  body: {regualr: Lato Regular}\n", {}, [
        "templates/font-style/template.yaml:3: unknown key 'fonts.body.regualr' (did you mean 'fonts.body.regular'?)"]),
    "otf": ("extends: default\nfonts:\n  body: {regular: x.otf}\n", {"x.otf": b"not really a font"}, [
        "templates/otf/template.yaml:3: fonts.body.regular: x.otf: CFF OpenType (.otf) fonts cannot be embedded; "
        "use the TrueType (.ttf) version"]),
    "svg-text": ("extends: default\nlogo:\n  front: {file: t.svg, position: top-right}\n",
                 {"t.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="40">'
                           '<text x="0" y="20">Org</text></svg>'}, [
        "templates/svg-text/template.yaml:3: logo.front.file: 't.svg' contains text; convert the text to outlines "
        "(paths) so it prints in the logo's own letters"]),
    "placeholder": ("extends: default\nfooter:\n  left: '{deck.titel} {card.number}'\n", {}, [
        "templates/placeholder/template.yaml:3: footer.left: unknown placeholder '{deck.titel}' "
        f"(did you mean 'deck.title'?); known: {PLACEHOLDERS}"]),
    "position": ("extends: default\nlogo:\n  front: {file: l.svg, position: top-rigth}\n", {"l.svg": SVG}, [
        "templates/position/template.yaml:3: logo.front.position: 'top-rigth' is not a position "
        "(did you mean 'top-right'?); use top-right, bottom-left, bottom-right (top-left is the label's)"]),
    "corner-clash": ("extends: default\nlogo:\n  back: {file: l.svg, position: top-right}\n"
                     "decorations:\n  corner-number: {side: both, size: 60, colour: accent}\n", {"l.svg": SVG}, [
        "templates/corner-clash/template.yaml:3: logo.back: the corner number is at top-right on the back; "
        "put the logo at bottom-left or bottom-right"]),
    "footer-clash": ("extends: default\nlogo:\n  front: {file: l.svg, position: bottom-right}\n", {"l.svg": SVG}, [
        "templates/footer-clash/template.yaml:3: logo.front: the footer's right text is at bottom-right; "
        'set footer.right to "" or move the logo']),
    "footer-clash-left": ("extends: default\nfooter: {right: ''}\nlogo:\n  back:\n    file: l.svg\n"
                          "    position: bottom-left\n", {"l.svg": SVG}, [
        "templates/footer-clash-left/template.yaml:6: logo.back: the footer's left text is at bottom-left; "
        'set footer.left to "" or move the logo']),
    "corner-colour": ("extends: default\ndecorations:\n  corner-number: {side: left, size: 60}\n", {}, [
        "templates/corner-colour/template.yaml:3: decorations.corner-number.side: expected front, back or both, "
        "got 'left'",
        "templates/corner-colour/template.yaml: 'decorations.corner-number.colour' is missing"]),
    "size-below-min": ("extends: default\nstyles:\n  title: {size: 12}\n", {}, [
        "templates/size-below-min/template.yaml:3: styles.title: size 12 is below its min 16; text is shrunk from its "
        "size down to its min, never below: give styles.title a min of 12 or less, or a size of 16 or more "
        "(the min is default's)"]),
    "min-above-size": ("extends: default\nstyles:\n  prose:\n    colour: text\n    min: 10.5\n", {}, [
        "templates/min-above-size/template.yaml:5: styles.prose: size 10 is below its min 10.5; text is shrunk from its "
        "size down to its min, never below: give styles.prose a min of 10 or less, or a size of 10.5 or more "
        "(the size is default's)"]),
    "size-and-min": ("extends: default\nstyles:\n  back-title: {size: 300}\n  bullets: {size: 9, min: 9.5}\n", {}, [
        "templates/size-and-min/template.yaml:3: styles.back-title.size: expected a number from 4 to 200, got 300",
        "templates/size-and-min/template.yaml:4: styles.bullets: size 9 is below its min 9.5; text is shrunk from its "
        "size down to its min, never below: give styles.bullets a min of 9 or less, or a size of 9.5 or more"]),
    "everything-at-once": ('extends: default\ncolurs: {}\ncolours: {accent: "#12"}\nfooter: {right: "{deck}"}\n', {}, [
        "templates/everything-at-once/template.yaml:2: unknown key 'colurs' (did you mean 'colours'?)",
        "templates/everything-at-once/template.yaml:3: colours.accent: expected a colour as CMYK percentages (four "
        "numbers from 0 to 100) like [0, 60, 100, 0] or a hex value like '#1B2A5C', got '#12'",
        "templates/everything-at-once/template.yaml:4: footer.right: unknown placeholder '{deck}'; "
        f"known: {PLACEHOLDERS}"]),
}


@pytest.mark.parametrize("name", CASES)
def test_validation_message(here, name):
    text, files, expected = CASES[name]
    make(here, name, text, files)
    assert problems(name) == expected


def test_extends_cycle(here):
    make(here, "a", "extends: b\n")
    make(here, "b", "organisation: B\nextends: a\n")
    assert problems("a") == ["templates/b/template.yaml:2: extends: 'a' leads back to 'a' (cycle: a → b → a)"]
    assert problems("b") == ["templates/a/template.yaml:1: extends: 'b' leads back to 'b' (cycle: b → a → b)"]


def test_absolute_asset_path_is_refused(here):
    (here / "x.svg").write_text(SVG)  # it exists, but outside the template folder
    make(here, "abs", f"extends: default\nlogo:\n  back: {{file: '{here / 'x.svg'}', position: top-right}}\n")
    assert problems("abs") == [f"templates/abs/template.yaml:3: logo.back.file: '{here / 'x.svg'}' is outside the "
                               "template folder; copy it into abs/ and name it from there"]


# -- 3. warnings ---------------------------------------------------------------------


def _png(path: Path, width: int, height: int) -> bytes:
    from PIL import Image

    Image.new("RGB", (width, height), (200, 30, 30)).save(path)
    return path.read_bytes()


def test_low_resolution_logo_is_a_warning(here):
    png = _png(here / "small.png", 100, 40)
    make(here, "lowres", "extends: default\nfooter: {left: ''}\nlogo:\n  back: {file: logo.png, position: bottom-left, width: 25}\n",
         {"logo.png": png})
    t = template.load("lowres")  # a warning, not an error
    [w] = t.warnings
    assert w.warning is True
    # 100 px over 25 mm (0.984 in) is 101.6 ppi
    assert str(w) == ("templates/lowres/template.yaml:4: warning: logo.back.file: 'logo.png' is 102 ppi at 25 mm wide; "
                      "print wants 300 ppi: use a larger image or an SVG")
    assert (t.logos["back"].width, t.logos["back"].height) == (pytest.approx(25 * MM), pytest.approx(10 * MM))


def test_high_resolution_logo_is_quiet(here):
    make(here, "hires", "extends: default\nfooter: {left: ''}\nlogo:\n  back: {file: logo.png, position: bottom-left, width: 25}\n",
         {"logo.png": _png(here / "big.png", 300, 120)})  # 305 ppi
    assert template.load("hires").warnings == ()


# -- 4. checks that depend on the deck ---------------------------------------------------


@pytest.fixture
def nobold(here):
    """A template whose body font is a Lato regular and nothing else (a mapping would merge with default's
    bold and italic, so this one does not extend default)."""
    make(here, "nobold", standalone(fonts={"body": {"regular": "Lato Regular"}, "heading": "Lato"}))
    return template.load("nobold")


def test_bold_in_a_card_needs_a_bold_font(here, nobold, make_deck):
    assert nobold.fonts["body"]["bold"] is None and nobold.fonts["heading"]["bold"] is not None
    deck = content.load_deck(make_deck(here / "deck", {"01-kaart.yaml": "title: Kaart\nfront:\n  - Een **vet** punt\nback: Tekst.\n"}))
    with pytest.raises(FichegenError) as e:
        glyphs.check_texts(deck, nobold)
    assert [str(p) for p in e.value.problems] == [
        "deck/01-kaart.yaml: card 'kaart' uses bold (**…**) in 'vet', but the template's body font has no bold; "
        "add fonts.body.bold or remove the emphasis"]


def test_a_character_the_font_lacks(here, nobold, make_deck):
    deck = content.load_deck(make_deck(here / "deck", {
        "01-a.yaml": "title: Goed\nfront: [x]\nback: y\n",
        "02-sneeuw.yaml": "title: Winter\nfront: [x]\nback: Een ☃ in de tuin.\n",
    }))
    with pytest.raises(FichegenError) as e:
        glyphs.check_texts(deck, nobold)
    assert [str(p) for p in e.value.problems] == [
        "deck/02-sneeuw.yaml: card 'sneeuw': the template's fonts have no glyph for '☃' (U+2603); "
        "replace the characters or choose a template whose fonts have them"]


# -- 5. placeholders -----------------------------------------------------------------


def test_footer_placeholders_are_filled(here, make_deck):
    make(here, "ph", "extends: default\norganisation: Org X\nfooter:\n  left: '{card.label} / {card.label.number} / "
                     "{card.number} of {card.count} / {deck.title} / {deck.footer} / {template.organisation} / {card.id}'\n"
                     "  right: ''\n")
    from fichegen.pipeline import prepare

    folder = make_deck(here / "deck", {
        "07-houding.yaml": "label: Basishouding 7\ntitle: Kaart\nfront: [x]\nback: y\n",
        "08-tweede.yaml": "label: Tweede\ntitle: Twee\nfront: [x]\nback: y\n",
    }, deck="title: Test deck\nlanguage: nl\nfooter: www.example.org\n")
    p = prepare(folder, "ph")
    t = p.template
    faces = list(compose.faces(p.deck, t, p.scales))
    size = t.styles["footer"].size
    assert size not in {t.styles[s].size for s in ("label", "title", "bullets", "prose")}
    footers = {(f.card_id, f.side): "".join(r.text for r in f.runs if r.size == size) for f in faces}
    assert footers == {
        ("houding", "front"): "Basishouding 7 / 7 / 1 of 2 / Test deck / www.example.org / Org X / houding",
        ("houding", "back"): "Basishouding 7 / 7 / 1 of 2 / Test deck / www.example.org / Org X / houding",
        # no number in the label: {card.label.number} is empty, and setting the line collapses the spaces
        ("tweede", "front"): "Tweede / / 2 of 2 / Test deck / www.example.org / Org X / tweede",
        ("tweede", "back"): "Tweede / / 2 of 2 / Test deck / www.example.org / Org X / tweede",
    }
    left = [r for r in faces[0].runs if r.size == size]
    assert left[0].x == pytest.approx(t.margins[3])  # footer.left starts at the left margin


# -- 6. fichegen templates ---------------------------------------------------------------


def test_templates_command_lists_the_shipped_templates():
    from fichegen.cli import cli

    result = CliRunner().invoke(cli, ["templates"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines] == list(SHIPPED)
    for line, (name, organisation) in zip(lines, SHIPPED.items()):
        assert line.startswith(f"{name:<10}  {organisation}: "), line
        assert len(line) > len(f"{name:<10}  {organisation}: ") + 10, line  # a description follows


def test_templates_command_shows_a_broken_template(here):
    from fichegen.cli import cli

    make(here, "broken", "extends: default\ncolurs: {}\n")
    result = CliRunner().invoke(cli, ["templates"])
    assert result.exit_code == 0
    assert ("broken      (cannot be used: templates/broken/template.yaml:2: unknown key 'colurs' "
            "(did you mean 'colours'?))") in result.output.splitlines()


# -- 7. every shipped template builds a print-ready PDF -----------------------------------


def _fonts(resources, seen):
    """Every font dictionary reachable from a page's resources, through form XObjects too."""
    resources = resources.get_object() if resources is not None else {}
    for font in (resources.get("/Font") or {}).values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            seen.add(id(xobject))
            yield from _fonts(xobject.get("/Resources"), seen)


@pytest.mark.parametrize("name", list(SHIPPED))
def test_shipped_template_builds_print_ready(name, real_deck, built, read_pdf, render):
    from pypdf.generic import ContentStream

    path = built("pages", template=name)
    assert template.load(name).warnings == ()
    data = path.read_bytes()
    assert b"/Helvetica" not in data
    reader = read_pdf(path)
    assert len(reader.pages) == 20
    tmpl = template.load(name)
    for i, page in enumerate(reader.pages):
        ops = [(operands, op) for operands, op in ContentStream(page.get_contents(), reader).operations]
        assert not {op for _, op in ops} & {b"rg", b"RG"}, (name, i)
        for font in _fonts(page.get("/Resources"), set()):
            for f in [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]:
                if f.get("/Subtype") != "/Type0":
                    descriptor = f.get("/FontDescriptor")  # a standard 14 font (Helvetica) has none
                    assert descriptor and "/FontFile2" in descriptor.get_object(), (name, i, f.get("/BaseFont"))
        if i == 0:  # the front's band is filled in the template's own band colour, in CMYK
            fills = {tuple(round(float(v), 3) for v in operands) for operands, op in ops if op == b"k"}
            assert tuple(round(v, 3) for v in tmpl.band_colour) in fills, (name, sorted(fills))

    # the logo is really drawn: its box on the page is not one flat colour
    deck = content.load_deck(real_deck)
    composer = compose.Composer(deck, tmpl)
    assert set(tmpl.logos) == {"uantwerpen": {"front"}, "de-ploeg": {"back"}, "recht-op": {"front"},
                               "weerwerk": {"front", "back"}}.get(name, set())
    for side in tmpl.logos:
        page = reader.pages[0 if side == "front" else 1]
        left, bottom = float(page.trimbox.left), float(page.trimbox.bottom)
        scale = 3
        image = render(path, 0 if side == "front" else 1, scale)
        box = composer.logo(side)
        crop = image.crop((round((left + box.x) * scale), round(image.height - (bottom + box.y + box.h) * scale),
                           round((left + box.x + box.w) * scale), round(image.height - (bottom + box.y) * scale)))
        counts = sorted(n for n, _ in crop.getcolors(maxcolors=crop.width * crop.height))
        assert sum(counts[:-1]) > 0.05 * sum(counts), (name, side, counts[-1], sum(counts))


def test_shipped_band_colours_differ():
    colours = {name: template.load(name).band_colour for name in SHIPPED}
    assert len(set(colours.values())) == len(SHIPPED), colours
    assert colours["uantwerpen"] == assets.hex_to_cmyk("#1B2A5C")
    assert colours["default"] == (0.9, 0.2, 0.45, 0.3)


def test_a_template_s_folders_are_its_own_and_its_parents():
    """What `watch` follows for a template: its folder, then each one it extends."""
    assert template.folders("uantwerpen") == [ROOT / "templates" / "uantwerpen", ROOT / "templates" / "default"]
    assert template.folders("no-such-template") == []
