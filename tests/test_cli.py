"""The command line as a user meets it: exit codes, output paths, clean errors, no lost output."""

import subprocess
import sys

from click.testing import CliRunner

from conftest import DECK, ROOT, write_deck
from fichegen import __version__
from fichegen.cli import cli


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_version_is_fast_and_plain():
    out = subprocess.run([sys.executable, "-m", "fichegen.cli", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and out.stdout.strip() == f"fichegen, version {__version__}"


def test_check_the_real_deck():
    code, out, err = run("check", DECK)
    assert code == 0, err
    assert "10 cards OK with template 'default'" in out


def test_check_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, _ = run("check", DECK)
    assert code == 0 and list(tmp_path.iterdir()) == []


def test_build_writes_the_default_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("build", DECK, "--layout", "proof")
    assert code == 0
    assert (tmp_path / "output" / "generalistisch-werkt-proof.pdf").is_file()
    assert out.strip() == "wrote output/generalistisch-werkt-proof.pdf (10 cards, 20 pages)"


def test_o_writes_exactly_that_file_and_creates_folders(tmp_path):
    target = tmp_path / "a" / "b" / "deck.pdf"
    code, _, _ = run("build", DECK, "-o", target)
    assert code == 0 and target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in target.parent.iterdir()] == ["deck.pdf"]  # no temporary file left behind


def test_a_failed_build_leaves_the_earlier_output_untouched(tmp_path):
    deck = write_deck(tmp_path / "d", {"01-a.yaml": "title: A\nfront: [een punt]\nback: tekst\n"})
    target = tmp_path / "out.pdf"
    assert run("build", deck, "-o", target)[0] == 0
    before = target.read_bytes()
    (deck / "01-a.yaml").write_text("title: A\nfront: 12\n", encoding="utf-8")
    code, out, err = run("build", deck, "-o", target)
    assert code == 1
    assert err.strip().endswith("01-a.yaml:2: front: expected a list of bullet points or a text, got a number")
    assert "Traceback" not in err + out
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d", "out.pdf"]


def test_output_that_is_a_folder_is_a_clear_error(tmp_path):
    code, _, err = run("build", DECK, "-o", tmp_path)
    assert code == 1 and err.strip().endswith(": is a folder; give a file name such as deck.pdf")


def test_writing_into_a_folder_we_cannot_create_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run("build", DECK, "-o", blocker / "deck.pdf")
    assert code == 1
    assert err.strip().endswith("file/deck.pdf: cannot write here: 'file' is a file, not a folder")


def test_unknown_template_names_the_known_ones(tmp_path):
    code, _, err = run("check", DECK, "--template", "defualt")
    assert code == 1
    assert err.strip() == "templates: no template named 'defualt' (did you mean 'default'?); available: de-ploeg, default, recht-op, uantwerpen, weerwerk"


def test_deck_template_that_does_not_exist_points_at_deck_yaml(tmp_path):
    deck = write_deck(tmp_path / "d", {"01-a.yaml": "title: A\n"}, deck="title: T\ntemplate: nope\n")
    code, _, err = run("check", deck)
    assert code == 1
    assert err.strip().endswith("d/deck.yaml:2: no template named 'nope'; available: de-ploeg, default, recht-op, uantwerpen, weerwerk")


def test_usage_errors_exit_2():
    assert run("build", DECK, "--layout", "poster")[0] == 2
    assert run("frobnicate")[0] == 2


def test_internal_errors_are_reported_without_traceback(monkeypatch):
    import fichegen.pipeline

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(fichegen.pipeline, "prepare", boom)
    code, out, err = run("check", DECK)
    assert code == 1
    assert err.splitlines()[0] == "fichegen: internal error: RuntimeError: kaboom"
    assert "Traceback" not in err
    code, out, err = run("--debug", "check", DECK)
    assert code == 1 and "Traceback" in err


def test_sheets_fold_handout_and_calibrate_commands(tmp_path):
    code, out, _ = run("build", DECK, "--layout", "sheets", "--sheet", "SRA3", "--duplex", "short",
                       "--back-offset", "0.5,-1", "-o", tmp_path / "s.pdf")
    assert code == 0 and out.strip().endswith("s.pdf (10 cards, 6 pages)")
    assert run("build", DECK, "--layout", "fold", "-o", tmp_path / "f.pdf")[0] == 0
    code, out, _ = run("handout", DECK, "participatie", "--fold", "-o", tmp_path / "h.pdf")
    assert code == 0 and (tmp_path / "h.pdf").is_file()
    code, out, _ = run("calibrate", "--sheet", "A3", "-o", tmp_path / "c.pdf")
    assert code == 0 and out.strip().endswith("c.pdf: print it double-sided at actual size and read the scales")


def test_bad_sheet_and_offset_are_usage_errors():
    code, _, err = run("build", DECK, "--layout", "sheets", "--sheet", "B7")
    assert code == 2
    assert "Invalid value for '--sheet': unknown sheet 'B7'; use A4, A3, SRA3, Letter, Tabloid or a size like 330x480mm" in err
    code, _, err = run("calibrate", "--back-offset", "1;2")
    assert code == 2 and "expected two numbers in millimetres like 1.5,-0.5, got '1;2'" in err


def test_handout_of_an_unknown_card_lists_the_ids():
    code, _, err = run("handout", DECK, "nope")
    assert code == 1
    assert err.startswith("cards/generalistisch-werkt/deck.yaml: no card with id 'nope'; the deck's cards are: inleiding, ")
