"""The command line as a user meets it: exit codes, output paths, clean errors, no lost output."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from fichegen import __version__
from fichegen.cli import cli


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def test_version_is_fast_and_plain(real_deck):
    out = subprocess.run([sys.executable, "-m", "fichegen.cli", "--version"], capture_output=True, text=True,
                         cwd=real_deck.parents[1])
    assert out.returncode == 0 and out.stdout.strip() == f"fichegen, version {__version__}"


def test_check_the_real_deck(real_deck):
    code, out, err = run("check", real_deck)
    assert code == 0, err
    assert "10 cards OK with template 'default'" in out


def test_check_writes_nothing(tmp_path, monkeypatch, real_deck):
    monkeypatch.chdir(tmp_path)
    code, _, _ = run("check", real_deck)
    assert code == 0 and list(tmp_path.iterdir()) == []


def test_build_writes_the_default_path(tmp_path, monkeypatch, real_deck):
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("build", real_deck, "--layout", "proof")
    assert code == 0
    assert (tmp_path / "output" / "generalistisch-werkt-proof.pdf").is_file()
    assert out.strip() == "wrote output/generalistisch-werkt-proof.pdf (10 cards, 20 pages)"


def test_o_writes_exactly_that_file_and_creates_folders(tmp_path, real_deck):
    target = tmp_path / "a" / "b" / "deck.pdf"
    code, _, _ = run("build", real_deck, "-o", target)
    assert code == 0 and target.read_bytes().startswith(b"%PDF-")
    assert [p.name for p in target.parent.iterdir()] == ["deck.pdf"]  # no temporary file left behind


def test_a_failed_build_leaves_the_earlier_output_untouched(tmp_path, make_deck):
    deck = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\nfront: [een punt]\nback: tekst\n"})
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


def test_output_that_is_a_folder_is_a_clear_error(tmp_path, real_deck):
    code, _, err = run("build", real_deck, "-o", tmp_path)
    assert code == 1 and err.strip().endswith(": is a folder; give a file name such as deck.pdf")


def test_writing_into_a_folder_we_cannot_create_is_a_clear_error(tmp_path, real_deck):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run("build", real_deck, "-o", blocker / "deck.pdf")
    assert code == 1
    assert err.strip().endswith("file/deck.pdf: cannot write here: 'file' is a file, not a folder")


def test_unknown_template_names_the_known_ones(tmp_path, real_deck):
    code, _, err = run("check", real_deck, "--template", "defualt")
    assert code == 1
    assert err.strip() == "templates: no template named 'defualt' (did you mean 'default'?); available: de-ploeg, default, recht-op, uantwerpen, weerwerk"


def test_deck_template_that_does_not_exist_points_at_deck_yaml(tmp_path, make_deck):
    deck = make_deck(tmp_path / "d", {"01-a.yaml": "title: A\n"}, deck="title: T\ntemplate: nope\n")
    code, _, err = run("check", deck)
    assert code == 1
    assert err.strip().endswith("d/deck.yaml:2: no template named 'nope'; available: de-ploeg, default, recht-op, uantwerpen, weerwerk")


def test_usage_errors_exit_2(real_deck):
    assert run("build", real_deck, "--layout", "poster")[0] == 2
    assert run("frobnicate")[0] == 2


def test_internal_errors_are_reported_without_traceback(monkeypatch, real_deck):
    import fichegen.pipeline.prepared

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(fichegen.pipeline.prepared, "prepare", boom)  # where `check` looks it up
    code, out, err = run("check", real_deck)
    assert code == 1
    assert err.splitlines()[0] == "fichegen: internal error: RuntimeError: kaboom"
    assert "Traceback" not in err
    code, out, err = run("--debug", "check", real_deck)
    assert code == 1 and "Traceback" in err


def test_sheets_fold_handout_and_calibrate_commands(tmp_path, real_deck):
    code, out, _ = run("build", real_deck, "--layout", "sheets", "--sheet", "SRA3", "--duplex", "short",
                       "--back-offset", "0.5,-1", "-o", tmp_path / "s.pdf")
    assert code == 0 and out.strip().endswith("s.pdf (10 cards, 6 pages)")
    assert run("build", real_deck, "--layout", "fold", "-o", tmp_path / "f.pdf")[0] == 0
    code, out, _ = run("handout", real_deck, "participatie", "--fold", "-o", tmp_path / "h.pdf")
    assert code == 0 and (tmp_path / "h.pdf").is_file()
    code, out, _ = run("calibrate", "--sheet", "A3", "-o", tmp_path / "c.pdf")
    assert code == 0 and out.strip().endswith("c.pdf: print it double-sided at actual size and read the scales")


def test_bad_sheet_and_offset_are_usage_errors(real_deck):
    code, _, err = run("build", real_deck, "--layout", "sheets", "--sheet", "B7")
    assert code == 2
    assert "Invalid value for '--sheet': unknown sheet 'B7'; use A4, A3, SRA3, Letter, Tabloid or a size like 330x480mm" in err
    code, _, err = run("calibrate", "--back-offset", "1;2")
    assert code == 2 and "expected two numbers in millimetres like 1.5,-0.5, got '1;2'" in err


def test_handout_of_an_unknown_card_lists_the_ids(real_deck):
    code, _, err = run("handout", real_deck, "nope")
    assert code == 1
    assert err.startswith("cards/generalistisch-werkt/deck.yaml: no card with id 'nope'; the deck's cards are: inleiding, ")


def test_card_files_read_in_parallel_report_the_same_problems_in_the_same_order(tmp_path, big_deck):
    folder = big_deck(tmp_path / "d", 200)  # enough card files to be read in worker processes
    (folder / "03-k3.yaml").write_text("title: Kaart 3\nfront: een punt\nbak: tekst\n", encoding="utf-8")
    (folder / "27-k27.yaml").write_text("title: [Kaart\n", encoding="utf-8")
    said = [CliRunner().invoke(cli, ["check", str(folder), "-j", j]) for j in ("1", "2")]
    assert [r.exit_code for r in said] == [1, 1]
    assert said[0].output == said[1].output
    assert said[0].output.splitlines() == [
        f"{folder / '03-k3.yaml'}:3: unknown key 'bak' (did you mean 'back'?)",
        f"{folder / '27-k27.yaml'}:1: YAML syntax error at column 8: expected ',' or ']', but got '<stream end>' "
        "while parsing a flow sequence"]


def test_jobs_option_and_no_progress_bar_when_not_a_terminal(tmp_path, real_deck):
    result = CliRunner().invoke(cli, ["build", str(real_deck), "-j", "2", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 0 and result.stderr == ""  # quiet: CliRunner's stderr is not a terminal


@pytest.mark.parametrize("layout", ["pages", "sheets"])
def test_one_job_or_two_write_the_same_bytes(tmp_path, big_deck, layout):
    folder = big_deck(tmp_path / "d")
    files = []
    for jobs in ("1", "2"):
        files.append(tmp_path / f"{jobs}.pdf")
        result = CliRunner().invoke(cli, ["build", str(folder), "--layout", layout, "--no-cache", "-j", jobs, "-o", str(files[-1])])
        assert result.exit_code == 0, result.output
    assert files[0].read_bytes() == files[1].read_bytes()


def test_new_writes_a_deck_that_builds_and_checks(tmp_path):
    for language in ("en", "nl"):
        folder = tmp_path / f"deck-{language}"
        code, out, err = run("new", folder, "--language", language, "--template", "uantwerpen")
        assert code == 0, err
        assert out.splitlines() == [f"wrote {folder}/ (deck.yaml and 3 cards); next:",
                                    f"  fichegen serve {folder}", f"  fichegen build {folder}"]
        code, out, err = run("check", folder)
        assert (code, err) == (0, "") and "3 cards OK with template 'uantwerpen'" in out
        assert run("build", folder, "-o", tmp_path / f"{language}.pdf")[0] == 0


def test_new_refuses_a_folder_that_is_not_empty_touching_nothing(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "notes.txt").write_text("mine")
    code, out, err = run("new", tmp_path / "d")
    assert (code, out) == (1, "")
    assert err == f"{tmp_path / 'd'}: the folder exists and is not empty; give the name of a new folder\n"
    assert [p.name for p in (tmp_path / "d").iterdir()] == ["notes.txt"]
    code, _, err = run("new", tmp_path / "e", "--template", "defualt")
    assert code == 1 and err.startswith("--template: no template named 'defualt' (did you mean 'default'?)")
    assert not (tmp_path / "e").exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_reads_back_to_the_same_deck(tmp_path, real_deck, fmt):
    from fichegen.content.deck import load_deck
    from fichegen.content.markup import write

    target = tmp_path / f"kaarten.{fmt}"
    code, out, err = run("export", real_deck, "--to", fmt, "-o", target)
    assert code == 0 and out.strip() == f"wrote {target} (10 cards)"
    assert "front: written as bullet points" in err  # the real deck's first and last fronts are prose

    def seen(deck):
        return [(c.id, write(c.label), write(c.title), [write(b) for b in c.front.blocks], [write(b) for b in c.back.blocks])
                for c in deck.cards]

    assert seen(load_deck(target)) == seen(load_deck(real_deck))
    assert run("check", target)[0] == 0


def test_markup_written_back_parses_to_the_same_spans():
    from fichegen.content.markup import parse, write

    for text in ["plain", "**vet** en *schuin*", "***beide***", "5 * 3 = 15", "a \\* b", "*schuin* **vet**."]:
        assert parse(write(parse(text))) == parse(text), text
