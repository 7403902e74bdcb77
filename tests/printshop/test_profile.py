"""Print-shop profiles as files: found beside the deck, in ./profiles/ or by path; `extends:`; every mistake
a `path:line: message`; every built-in value with its source."""

import re

import pytest

from fichegen.errors import FichegenError
from fichegen.printshop import profile
from fichegen.printshop.profile import load


def problems(spec, **kw):
    with pytest.raises(FichegenError) as e:
        load(spec, **kw)
    return [str(p) for p in e.value.problems]


@pytest.fixture
def shop_folder(tmp_path, monkeypatch):
    """A working folder with a profiles/ folder; write(name, text) adds a profile."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "profiles").mkdir()

    def write(name: str, text: str):
        (tmp_path / "profiles" / f"{name}.yaml").write_text(text, encoding="utf-8")

    return write


def test_every_built_in_value_names_its_source():
    """A comment on every line that sets a value (what a shop said, or that it is a convention)."""
    for file in sorted(profile.BUILTIN.glob("*.yaml")):
        for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            key = re.match(r"\s*([a-z-]+):\s*(\S.*)?$", line)
            if key and key.group(2) and not key.group(2).startswith("#") and key.group(1) not in (
                    "description", "file-name", "extends", "icc", "name"):
                assert "#" in line, f"{file.name}:{n}: {line}"


def test_a_profile_extends_a_built_in_and_merges_over_it(shop_folder):
    shop_folder("acme", "extends: offset-fogra39\ndescription: Acme Print, Gent\nink-limit: 280\n"
                        "output: {condition: FOGRA51}\nmarks: [crop, registration]\n")
    shop = load("acme")
    assert (shop.name, shop.description, shop.ink_limit, shop.bleed_mm, shop.safe_mm) == (
        "acme", "Acme Print, Gent", 280.0, 3.0, 5.0)
    assert shop.output == profile.Output("FOGRA51", "PSO Coated v3")  # the name from the registry
    assert shop.marks == ("crop", "registration") and shop.standard == "x-1a:2003"
    assert shop.at("ink-limit")[1] == 3 and shop.at("bleed")[0].endswith("offset-fogra39.yaml")


def test_a_profile_of_a_built_in_s_name_extends_the_built_in(shop_folder):
    shop_folder("offset-fogra39", "extends: offset-fogra39\nbleed: 5\n")
    shop = load("offset-fogra39")
    assert shop.bleed_mm == 5.0 and shop.ink_limit == 300.0 and "profiles/offset-fogra39.yaml" in shop.path


def test_profiles_beside_the_deck_come_first(tmp_path, make_deck):
    deck = make_deck(tmp_path / "decks" / "mine", {"01-a.yaml": "title: A\n"})
    (tmp_path / "decks" / "profiles").mkdir()
    (tmp_path / "decks" / "profiles" / "shop.yaml").write_text("extends: online-gangrun\nbleed: 4\n", encoding="utf-8")
    assert load("shop", deck).bleed_mm == 4.0 and load(str(tmp_path / "decks" / "profiles" / "shop.yaml")).bleed_mm == 4.0
    assert "shop" in profile.available(deck) and "shop" not in profile.available()


def test_every_mistake_is_reported_with_its_line(shop_folder):
    shop_folder("bad", 'description: A shop\nstandrd: x-4\nbleed: three\nmarks: [crop, color-bar]\noutput:\n'
                       '  condition: FOGRA39\n  icc: nothere.icc\nmin-text-size: 200\nfile-name: "{deck}-{templat}.pdf"\n'
                       "page-order: fronts\n")
    assert problems("bad") == [
        "profiles/bad.yaml:2: unknown key 'standrd' (did you mean 'standard'?)",
        "profiles/bad.yaml:3: bleed: expected a number of mm from 0 to 20, got 'three'",
        "profiles/bad.yaml:4: marks: unknown mark 'color-bar' (did you mean 'colour-bar'?); marks are crop, registration, "
        "colour-bar (or none)",
        "profiles/bad.yaml:7: output.icc: no file 'nothere.icc' beside bad.yaml, and fichegen ships no such profile; "
        "shipped: fogra39l",
        "profiles/bad.yaml:8: min-text-size: expected a number of points from 0 to 72, got 200",
        "profiles/bad.yaml:9: file-name: unknown placeholder '{templat}' (did you mean 'template'?); "
        "known: {deck}, {template}, {profile}",
        "profiles/bad.yaml:10: page-order: expected front-back or sheets, got 'fronts' (did you mean 'front-back'?)",
    ]


def test_extends_cycles_and_unknown_parents(shop_folder):
    shop_folder("a", "extends: b\n")
    shop_folder("b", "extends: a\n")
    shop_folder("c", "extends: offset-fogr39\n")
    assert problems("a") == ["profiles/b.yaml:1: extends: 'a' leads back to 'a' (cycle: a → b → a)"]
    (message,) = problems("c")
    assert message.startswith("profiles/c.yaml:1: extends: no profile named 'offset-fogr39' (did you mean 'offset-fogra39'?)")
    assert problems("offset-fogra") == [
        "--profile: no profile named 'offset-fogra' (did you mean 'offset-fogra39'?); available: a, b, c, drivethrucards, "
        "office, offset-fogra39, offset-fogra39-x4, offset-pso-v3, online-gangrun"]


def test_pdfx4_needs_a_cmyk_output_profile(shop_folder, tmp_path):
    shop_folder("x4", "extends: offset-fogra39\nstandard: x-4\n")
    assert problems("x4") == ["profiles/x4.yaml:2: standard: PDF/X-4 embeds the output profile; give the condition's "
                              "ICC profile as output.icc (shipped: fogra39l)"]
    (tmp_path / "profiles" / "notes.icc").write_text("not a profile", encoding="utf-8")
    shop_folder("y", "extends: offset-fogra39\noutput: {icc: notes.icc}\n")
    assert problems("y") == ["profiles/y.yaml:2: output.icc: 'notes.icc' is not an ICC profile"]
    from fichegen import icc

    rgb = bytearray(icc.path("fogra39l").read_bytes())
    rgb[16:20] = b"RGB "
    (tmp_path / "profiles" / "rgb.icc").write_bytes(bytes(rgb))
    shop_folder("z", "extends: offset-fogra39-x4\noutput: {icc: rgb.icc, condition: MyPress, name: My press}\n")
    assert problems("z") == ["profiles/z.yaml:2: output.icc: 'rgb.icc' is an ICC profile of class 'prtr' for RGB; "
                             "a print file's output intent needs a CMYK output (printer) profile"]


def test_an_unregistered_condition_needs_its_icc(shop_folder, tmp_path):
    shop_folder("own", "extends: offset-fogra39\noutput: {condition: MyPress}\n")
    assert problems("own") == ["profiles/own.yaml:2: output.condition: 'MyPress' is not a registered print condition; "
                               "registered: FOGRA39, FOGRA51, FOGRA52, FOGRA29, CGATS21_CRPC6, CGATS TR 001; for another "
                               "condition give its ICC profile as output.icc"]
    from fichegen import icc

    (tmp_path / "profiles" / "mypress.icc").write_bytes(icc.path("fogra39l").read_bytes())
    shop_folder("own", "extends: offset-fogra39\noutput: {condition: MyPress, name: My press, icc: mypress.icc}\n")
    out = load("own").output
    assert (out.condition, out.name, out.registry) == ("MyPress", "My press", "") and out.icc.endswith("mypress.icc")


def test_sheets_are_not_pdfx(shop_folder):
    shop_folder("s", "extends: offset-fogra39\npage-order: sheets\n")
    assert problems("s") == ["profiles/s.yaml:2: page-order: sheets are for printing yourself; a X-1A:2003 print file "
                             "has one face per page (front-back)"]


def test_command_line_overrides(shop_folder):
    assert load("online-gangrun").overridden(marks=True).marks == ("crop",)
    assert load("offset-pso-v3").overridden(marks=False).marks == ()
    assert load("offset-fogra39").overridden(condition="FOGRA51").output == profile.Output("FOGRA51", "PSO Coated v3")
    with pytest.raises(FichegenError) as e:
        load("offset-fogra39-x4").overridden(condition="FOGRA51")
    assert str(e.value.problems[0]) == ("--condition: the profile 'offset-fogra39-x4' embeds the output profile of "
                                        "FOGRA39; for FOGRA51, write a profile with that condition's ICC profile as output.icc")


def test_profiles_command_lists_one_per_line(shop_folder):
    from click.testing import CliRunner

    from fichegen.cli import cli

    shop_folder("acme", "extends: online-gangrun\ndescription: Acme Print, Gent; gang-run, no marks\n")
    result = CliRunner().invoke(cli, ["profiles"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["acme", "drivethrucards", "office", "offset-fogra39",
                                                   "offset-fogra39-x4", "offset-pso-v3", "online-gangrun"]
    assert lines[0] == "acme               Acme Print, Gent; gang-run, no marks"
    assert all(len(line.split("  ", 1)[1].strip()) > 20 for line in lines)  # every one has a summary


def test_preflight_command_with_a_profile(ordered):
    from click.testing import CliRunner

    from fichegen.cli import cli

    pdf = next(ordered("online-gangrun").glob("*.pdf"))
    ok = CliRunner().invoke(cli, ["preflight", str(pdf), "--profile", "online-gangrun"])
    assert ok.exit_code == 0 and ok.stdout.endswith("passed preflight with the profile 'online-gangrun' (20 pages checked)\n")
    # the gang-run file's 2 mm bleed is too little for the default offset checklist
    bad = CliRunner().invoke(cli, ["preflight", str(pdf)])
    assert bad.exit_code == 1 and f"{pdf}: page 1: bleed is 2.0 mm; at least 3 mm is needed" in bad.stdout.splitlines()
