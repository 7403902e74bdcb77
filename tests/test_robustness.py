"""Arbitrary decks and arbitrary YAML: a build either succeeds with every word in the PDF, or fails with
exit 1 and `path:line: message` lines. Never a traceback, never a hang."""

import os
import re
import time

import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings, strategies as st
from pypdf import PdfReader

from fichegen.content import markup
from tests.conftest import squash
from fichegen.cli import cli

LINE = re.compile(r"^\S.*?(:\d+)?: .+$")  # path[:line]: message
letters = st.characters(whitelist_categories=("Lu", "Ll", "Nd", "Po", "Ps", "Pe", "Pd", "Sm", "Zs"),
                        max_codepoint=0x17E)  # Latin-1 and Latin Extended-A: what Western European text uses
words = st.text(letters, min_size=1, max_size=14).map(str.strip).filter(bool)
texts = st.lists(st.one_of(words, st.sampled_from(["**vet**", "*schuin*", "<b>", "&amp;", "5 * 3", "‘a’", "“b”"])),
                 min_size=1, max_size=25).map(" ".join)
cards = st.fixed_dictionaries(
    {"title": words, "front": st.one_of(st.lists(texts, min_size=1, max_size=5), texts), "back": texts},
    optional={"label": words})
# FICHEGEN_EXAMPLES=500 pytest tests/test_robustness.py searches harder than CI has time for
FAST = settings(max_examples=int(os.environ.get("FICHEGEN_EXAMPLES", "20")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output + result.stderr, result.stderr
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result


@FAST
@given(st.lists(cards, min_size=1, max_size=3), words)
def test_any_deck_builds_with_all_its_words_or_fails_cleanly(make_deck, tmp_path_factory, deck_cards, title):
    folder = tmp_path_factory.mktemp("deck")
    files = {f"{i:02d}-c{i}.yaml": yaml.safe_dump(card, allow_unicode=True) for i, card in enumerate(deck_cards)}
    make_deck(folder, files, deck=yaml.safe_dump({"title": title, "language": "nl"}, allow_unicode=True))
    out = folder / "out.pdf"
    result = run("build", folder, "--layout", "proof", "-o", out)
    if result.exit_code == 1:
        lines = result.stderr.strip().splitlines()
        assert lines and all(LINE.match(line) for line in lines), lines
        assert not out.exists()
        event("failed with a message")
        return
    assert result.exit_code == 0, result.stderr
    event("built")
    pdf_text = squash(" ".join(page.extract_text() for page in PdfReader(out).pages))
    for card in deck_cards:
        content = [card["title"], card["back"], card.get("label", "").upper()]  # labels are set in capitals
        content += card["front"] if isinstance(card["front"], list) else [card["front"]]
        for text in content:
            for word in markup.plain(markup.parse(" ".join(text.split()))).split():
                assert squash(word) in pdf_text, (word, card)


yamlish = st.text(st.sampled_from(list("abc: -*&!|>'\"{}[],#\n\t 0123\\%@`?é")), max_size=120)


@FAST
@given(yamlish)
def test_any_card_file_text_gives_success_or_messages(make_deck, tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("deck")
    make_deck(folder, {"01-a.yaml": text})
    result = run("check", folder)
    assert result.exit_code in (0, 1)
    if result.exit_code == 1:
        lines = result.stderr.strip().splitlines()
        assert lines and all(LINE.match(line) for line in lines), lines


def test_an_alias_bomb_is_refused_at_once(tmp_path, make_deck):
    bomb = "a: &a ['lol','lol','lol','lol','lol','lol','lol','lol','lol']\n"
    for i in range(1, 9):
        bomb += f"{chr(97 + i)}: &{chr(97 + i)} [*{chr(96 + i)},*{chr(96 + i)},*{chr(96 + i)},*{chr(96 + i)},*{chr(96 + i)},*{chr(96 + i)},*{chr(96 + i)},*{chr(96 + i)},*{chr(96 + i)}]\n"
    folder = make_deck(tmp_path / "d", {"01-a.yaml": bomb})
    started = time.perf_counter()
    result = run("check", folder)
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("01-a.yaml:1: anchors and aliases (& and *) are not supported; write the text out")
    assert time.perf_counter() - started < 5  # refused at the first anchor, never expanded


def test_a_huge_file_is_refused(tmp_path, make_deck):
    folder = make_deck(tmp_path / "d", {"01-a.yaml": "title: x\nback: " + "woord " * 200_000 + "\n"})
    result = run("check", folder)
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("01-a.yaml: file is 1,200,016 bytes; the limit is 1,000,000 (is this really a card file?)")


def test_a_word_longer_than_the_card_is_broken_not_lost(tmp_path, make_deck):
    word = "Arbeidsmarktbegeleidingsondersteuningsverantwoordelijkheidsovereenkomstenonderhandelingen" * 2
    folder = make_deck(tmp_path / "d", {"01-a.yaml": f"title: Lang\nfront: [{word}]\nback: kort\n"})
    out = tmp_path / "out.pdf"
    assert run("build", folder, "--layout", "proof", "-o", out).exit_code == 0
    assert squash(word) in squash(PdfReader(out).pages[0].extract_text())


def test_hostile_pictures_fail_the_build_with_one_line_each_and_keep_the_earlier_pdf(tmp_path):
    """A decompression bomb, a truncated JPEG, a web page saved as .jpg and a PNG named .jpg (the files
    of tests/cases/bad-image-hostile): one line per card, exit 1, no traceback, the last good PDF kept."""
    import shutil
    from pathlib import Path

    folder = tmp_path / "deck"
    shutil.copytree(Path(__file__).parent / "cases" / "bad-image-hostile", folder)
    out = tmp_path / "out.pdf"
    out.write_bytes(b"%PDF-1.4 an earlier good build\n")
    result = run("build", folder, "-o", out, "--no-cache")
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and len(lines) == 4 and all(LINE.match(line) for line in lines), lines
    assert [line.split(": ", 1)[0].rsplit("/", 1)[-1] for line in lines] == ["01-bom.yaml:2", "02-half.yaml:2", "03-tekst.yaml:2", "04-png.yaml:2"]
    assert out.read_bytes() == b"%PDF-1.4 an earlier good build\n"
