"""A template colour over the shop's total ink limit stops `order` before anything is drawn, naming the
template's file and line, the colour, its ink and the limit."""

from click.testing import CliRunner

from fichegen.cli import cli
from fichegen.style.ink import over_limit, total

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
    for name in ("default", "uantwerpen", "de-ploeg", "recht-op", "weerwerk"):
        assert over_limit(name, 240, "drivethrucards") == []


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
