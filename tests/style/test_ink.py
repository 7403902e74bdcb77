"""A template colour over the shop's total ink limit stops `order` before anything is drawn, naming the
template's file and line, the colour, its ink and the limit."""

from click.testing import CliRunner

from fichegen.cli import cli
from fichegen.style.ink import logos_over_limit, over_limit, total

ACME = """extends: default
organisation: Acme
description: A test template whose accent is too heavy for offset
# lines to bring the colour to line 14, as in the issue's example
#
#
#
#
#
#
#
#
colours:
  accent: [90, 80, 70, 80]
  dark: "#0A0000"
styles:
  title: {colour: [100, 100, 100, 0]}
"""


def test_total_ink_of_written_colours():
    assert total([90, 80, 70, 80]) == 320 and total("#000000") == 100 and total("accent") is None
    assert round(total("#0A0000")) == 296  # the hex rule: K = 96 %, M = Y = 100 %


def test_order_refuses_a_template_over_the_profile_s_ink_limit(tmp_path, monkeypatch, make_deck):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "templates" / "acme").mkdir(parents=True)
    (tmp_path / "templates" / "acme" / "template.yaml").write_text(ACME, encoding="utf-8")
    make_deck(tmp_path / "deck", {"01-a.yaml": "title: A\nfront: [een]\nback: twee\n"}, "title: T\ntemplate: acme\n")
    result = CliRunner().invoke(cli, ["order", "deck", "-o", "out"])
    assert result.exit_code == 1 and result.stdout == ""
    # exactly the message; the 300 % title is within offset's 300 %
    assert result.stderr == ("templates/acme/template.yaml:14: colours.accent is 320 % ink; "
                             "the profile 'offset-fogra39' allows 300 %\n")
    assert not (tmp_path / "out").exists() and not (tmp_path / "output").exists()
    # a card printer's lower limit catches the near-black hex colour and the 300 % title too
    result = CliRunner().invoke(cli, ["order", "deck", "-o", "out", "--profile", "drivethrucards"])
    assert result.exit_code == 1 and result.stderr.splitlines() == [
        "templates/acme/template.yaml:14: colours.accent is 320 % ink; the profile 'drivethrucards' allows 240 %",
        "templates/acme/template.yaml:15: colours.dark is 296 % ink; the profile 'drivethrucards' allows 240 %",
        "templates/acme/template.yaml:17: styles.title.colour is 300 % ink; the profile 'drivethrucards' allows 240 %"]
    assert not (tmp_path / "out").exists()


def test_the_shipped_templates_are_within_every_built_in_limit():
    from fichegen.style.template import load

    for name in ("default", "uantwerpen", "de-ploeg", "recht-op", "weerwerk"):
        assert over_limit(name, 240, "drivethrucards") == []
        assert logos_over_limit(load(name), 240, "drivethrucards") == []


HEAVY_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150">
  <rect width="300" height="150" fill="#00000d"/>
  <circle cx="150" cy="75" r="50" fill="#ffcc00" stroke="#0a0000" stroke-width="4"/>
</svg>
"""

ACME_LOGOS = """extends: default
organisation: Acme
description: A test template whose logos are too heavy for a card printer
logo:
  back: {file: logo.svg, position: bottom-right, width: 24}
  front: {file: logo.png, position: bottom-left, width: 24}
footer: {left: "", right: ""}
"""


def test_order_refuses_a_logo_over_the_profile_s_ink_limit_at_the_line_naming_it(tmp_path, monkeypatch, make_deck):
    """An SVG logo's colours go through the hex rule: #00000d is 295 % ink, #0a0000 296 %; a PNG logo's
    darkest pixel likewise. Both are the organisation's own: reported before drawing, never changed."""
    from PIL import Image

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "templates" / "acme"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text(ACME_LOGOS, encoding="utf-8")
    (folder / "logo.svg").write_text(HEAVY_SVG, encoding="utf-8")
    Image.new("RGB", (800, 300), (0, 0, 13)).save(folder / "logo.png")
    make_deck(tmp_path / "deck", {"01-a.yaml": "title: A\nfront: [een]\nback: twee\n"}, "title: T\ntemplate: acme\n")
    result = CliRunner().invoke(cli, ["order", "deck", "-o", "out", "--profile", "drivethrucards"])
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "templates/acme/template.yaml:5: logo.back.file: 'logo.svg' paints #0a0000 at 296 % ink, #00000d at 295 % ink; "
        "the profile 'drivethrucards' allows 240 %",
        "templates/acme/template.yaml:6: logo.front.file: 'logo.png' has pixels of 295 % ink; "
        "the profile 'drivethrucards' allows 240 %"]
    assert not (tmp_path / "out").exists()
    result = CliRunner().invoke(cli, ["order", "deck", "-o", "out"])  # within offset's 300 %
    assert result.exit_code == 0, result.output


def test_a_logo_with_many_heavy_colours_names_three(tmp_path, monkeypatch):
    from fichegen.style.template import load

    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "templates" / "acme"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text(ACME_LOGOS.replace("  front: {file: logo.png, position: bottom-left, width: 24}\n", ""),
                                          encoding="utf-8")
    rects = "".join(f'<rect x="{i}" width="1" height="1" fill="#0{i}0000"/>' for i in range(5))
    (folder / "logo.svg").write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="5" height="1">{rects}</svg>',
                                     encoding="utf-8")
    [problem] = logos_over_limit(load("acme"), 240, "drivethrucards")  # #000000 is 100 % K: within it
    assert (problem.line, problem.message) == (5, "logo.back.file: 'logo.svg' paints #010000 at 300 % ink, #020000 at "
                                                  "299 % ink, #030000 at 299 % ink and 1 more colour over it; the profile "
                                                  "'drivethrucards' allows 240 %")


def test_an_svg_picture_is_held_to_the_ink_limit_as_photos_are(tmp_path, make_deck):
    """A card's SVG picture prints its colours by the hex rule, as a photo's are converted: held to the
    profile's limit (C, M and Y reduced, K kept) rather than failing preflight; a build's 300 % leaves
    every hex colour as the rule makes it (the rule never exceeds 300 %)."""
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    from fichegen.options import BuildOptions
    from fichegen.pipeline import build, order

    deck = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nimage: plan.svg\nfront: [een]\nback: twee\n"})
    (deck / "plan.svg").write_text(HEAVY_SVG, encoding="utf-8")

    def inks(pdf) -> list[tuple[float, ...]]:
        reader = PdfReader(pdf)
        (form,) = [ref.get_object() for name, ref in reader.pages[0]["/Resources"]["/XObject"].items() if "picture" in name]
        return [tuple(round(float(v), 4) for v in operands) for operands, op in ContentStream(form, reader).operations
                if op in (b"k", b"K") and operands != [0, 0, 0, 1]]

    built = build(deck, BuildOptions(output=str(tmp_path / "p.pdf"), jobs=1, cache=False)).path
    assert inks(built) == [(1.0, 1.0, 0.0, 0.949), (0.0, 0.2, 1.0, 0.0), (0.0, 1.0, 1.0, 0.9608)]
    folder = order(deck, profile="drivethrucards", output=tmp_path / "o").path
    held = inks(folder / "d-default-print.pdf")
    assert held == [(0.7255, 0.7255, 0.0, 0.949), (0.0, 0.2, 1.0, 0.0), (0.0, 0.7196, 0.7196, 0.9608)]
    assert all(sum(c) <= 2.4 for c in held)


def test_a_colour_is_held_with_its_black_kept():
    from fichegen.style.assets import held

    assert held((0.2, 0.3, 0.4, 0.5), 240) == (0.2, 0.3, 0.4, 0.5)
    assert held((1.0, 1.0, 0.0, 0.949), 240) == (0.7255, 0.7255, 0.0, 0.949)
    assert held((1.0, 1.0, 1.0, 1.0), 240) == (0.4666, 0.4666, 0.4666, 1.0)
    assert held((0.0, 0.0, 0.0, 1.0), 80) == (0.0, 0.0, 0.0, 1.0)  # black alone: nothing to take from


def test_photos_are_colour_managed_and_held_to_the_ink_limit():
    """sRGB black through the FOGRA39 profile asks for about 330 % ink: held to the limit, with black (K)
    kept and only C, M and Y reduced; a mid grey gets C, M and Y (the rule would give K alone)."""
    from PIL import Image

    from fichegen.style.assets import photo_to_cmyk

    photo = Image.new("RGB", (8, 2), (0, 0, 0))
    for x in range(4, 8):
        photo.putpixel((x, 0), (128, 128, 128))
    free = photo_to_cmyk(photo, ink_limit=400)
    black = free.getpixel((0, 0))
    assert sum(black) * 100 / 255 > 300
    for limit in (300, 240):
        held = photo_to_cmyk(photo, ink_limit=limit)
        assert max(sum(held.getpixel((x, y))) for x in range(8) for y in range(2)) * 100 / 255 <= limit
        assert held.getpixel((0, 0))[3] == black[3]
    grey = free.getpixel((5, 0))
    assert min(grey[:3]) > 0 and grey[3] > 0
