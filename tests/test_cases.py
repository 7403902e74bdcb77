"""Data-driven tests of `fichegen check`: every folder in tests/cases is a deck and its expected output.

See tests/cases/README.md for the convention. The CLI runs in-process (click's CliRunner keeps
stdout and stderr apart), with tests/cases as the working directory so that paths print relative.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from fichegen.content import deck as content
from fichegen.cli import cli

CASES = Path(__file__).resolve().parent / "cases"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def run(args, cwd: Path, monkeypatch):
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(cli, args)
    assert "Traceback" not in result.stdout + result.stderr
    # The CLI turns every exception into exit codes; none may escape to the runner.
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def expected(name: str) -> str:
    return (CASES / name / "expected.txt").read_text(encoding="utf-8").replace("{deck}", name)


def test_cases_exist():
    assert {n.split("-")[0] for n in NAMES} == {"bad", "ok"}, NAMES
    assert len(NAMES) >= 25
    for name in NAMES:
        assert (CASES / name / "expected.txt").is_file(), name


@pytest.mark.parametrize("name", NAMES)
def test_check(name, monkeypatch):
    result = run(["check", name], CASES, monkeypatch)
    if name.startswith("ok-"):
        assert (result.exit_code, result.stderr, result.stdout) == (0, "", expected(name))
    else:
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == expected(name)


def test_every_problem_line_names_a_file_of_its_case():
    """The path:line: prefix is the contract; a case expecting a bare message would hide a regression."""
    for name in NAMES:
        if name.startswith("bad-"):
            for line in expected(name).splitlines():
                assert line.startswith(f"{name}/") or line.startswith(f"{name}: "), (name, line)


def test_many_problems_are_reported_in_one_run(monkeypatch):
    result = run(["check", "bad-many-problems"], CASES, monkeypatch)
    files = {line.split(":")[0] for line in result.stderr.splitlines()}
    assert files == {f"bad-many-problems/{f}" for f in ("deck.yaml", "01-a.yaml", "02-b.yaml", "03-c.yaml")}


def test_absolute_deck_path_prints_relative_to_cwd(monkeypatch):
    result = run(["check", str(CASES / "bad-id")], CASES, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr == expected("bad-id")


def test_deck_path_outside_cwd_prints_as_given(monkeypatch):
    result = run(["check", "../bad-front-number"], CASES / "bad-id", monkeypatch)
    assert result.exit_code == 1
    assert result.stderr == expected("bad-front-number").replace("bad-front-number/", "../bad-front-number/")


def test_markup_characters_stay_literal_in_the_model(monkeypatch):
    monkeypatch.chdir(CASES)
    deck = content.load_deck("ok-markup-literal")
    assert deck.title == "Deck <b>&amp;</b>"
    (card,) = deck.cards
    assert [(s.text, s.style) for s in card.title] == [("<b>&amp; Co", "regular")]
    assert [[(s.text, s.style) for s in b] for b in card.front.blocks] == [
        [("bold", "bold"), (" <i>x</i> & y", "regular")]
    ]
    assert card.back.text() == "a < b > c &lt;"


def test_non_utf8_card_reports_line_and_byte_offset(tmp_path, monkeypatch):
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "deck.yaml").write_text("title: Deck\n", encoding="utf-8")
    (deck / "01-a.yaml").write_bytes("title: First\nfront: Café\n".encode("latin-1"))
    result = run(["check", "deck"], tmp_path, monkeypatch)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "deck/01-a.yaml:2: not UTF-8 text: byte 0xe9 at offset 23 cannot be read; save the file as UTF-8\n"
    )


def test_non_utf8_deck_file_still_stops_cleanly(tmp_path, monkeypatch):
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "deck.yaml").write_bytes(b"\xfftitle: Deck\n")
    (deck / "01-a.yaml").write_text("title: First\n", encoding="utf-8")
    result = run(["check", "deck"], tmp_path, monkeypatch)
    assert result.exit_code == 1
    assert result.stderr == (
        "deck/deck.yaml:1: not UTF-8 text: byte 0xff at offset 0 cannot be read; save the file as UTF-8\n"
    )


def test_utf8_bom_is_accepted(tmp_path, monkeypatch):
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "deck.yaml").write_bytes(b"\xef\xbb\xbftitle: Deck\n")
    (deck / "01-a.yaml").write_bytes("\ufefftitle: Caf\u00e9\n".encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    loaded = content.load_deck("deck")
    assert [c.title[0].text for c in loaded.cards] == ["Café"]


def test_nonexistent_folder(tmp_path, monkeypatch):
    result = run(["check", "no-such-deck"], tmp_path, monkeypatch)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "no-such-deck: no such deck folder\n")


def test_a_file_instead_of_a_folder_is_a_usage_error(monkeypatch):
    result = run(["check", "bad-id/01-a.yaml"], CASES, monkeypatch)
    assert result.exit_code == 2
    assert "Directory 'bad-id/01-a.yaml' is a file." in result.stderr


def test_missing_argument_is_a_usage_error(monkeypatch):
    result = run(["check"], CASES, monkeypatch)
    assert result.exit_code == 2
    assert "Missing argument 'DECK'" in result.stderr


def test_check_writes_nothing(tmp_path, monkeypatch):
    deck = tmp_path / "deck"
    deck.mkdir()
    (deck / "deck.yaml").write_text("title: Deck\n", encoding="utf-8")
    (deck / "01-a.yaml").write_text("title: First\nfront:\n  - one\n", encoding="utf-8")
    result = run(["check", "deck"], tmp_path, monkeypatch)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "deck", "deck/01-a.yaml", "deck/deck.yaml"
    ]


def test_real_entry_point_prints_the_same(monkeypatch):
    """One case through `python -m fichegen.cli`: stderr, exit code and no traceback from the real process."""
    proc = subprocess.run([sys.executable, "-m", "fichegen.cli", "check", "bad-many-problems"], cwd=CASES,
                          capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert "Traceback" not in proc.stderr
    assert (proc.returncode, proc.stdout) == (1, "")
    assert proc.stderr == expected("bad-many-problems")
