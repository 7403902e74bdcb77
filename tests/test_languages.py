"""A deck built in each of its languages: only that language's text in the PDF, its tag in the catalog
(/Lang) of every PDF written, its hyphenation, its own output names and cache entries, and `check`
naming each card and language a translation is missing for."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from fichegen.cli import cli
from fichegen.content import markup
from fichegen.content.deck import load_deck
from fichegen.options import BuildOptions, Layout
from fichegen.pipeline import build
from tests.conftest import ROOT, page_text, squash

TWO = ROOT / "tests" / "decks" / "twee-talen"  # nl (the source) and fr


def texts(deck) -> list[str]:
    """Every sentence a deck's cards and deck fields say, as written."""
    out = [deck.title]
    for card in deck.cards:
        out += [markup.plain(card.label), markup.plain(card.title)]
        for side in (card.front, card.back):
            out += [s for block in side.blocks for s in re.split(r"(?<=[.!?])\s+", markup.plain(block))]
    return [t for t in out if t]


@pytest.fixture(scope="module")
def two_built(tmp_path_factory):
    """two_built(language, layout="pages") → the two-language deck's PDF, built once per call."""
    out = tmp_path_factory.mktemp("two")
    made: dict = {}

    def get(language: str | None, layout: str = "pages") -> Path:
        if (language, layout) not in made:
            options = BuildOptions(Layout(layout), output=str(out / f"{language}-{layout}.pdf"), jobs=1, cache=False,
                                   language=language)
            made[language, layout] = build(TWO, options).path
        return made[language, layout]

    return get


def catalog_language(pdf, read_pdf) -> str | None:
    return read_pdf(pdf).trailer["/Root"].get("/Lang")


def whole_text(pdf, read_pdf) -> str:
    return squash(" ".join(page_text(page) for page in read_pdf(pdf).pages))


def test_the_french_deck_carries_only_french_text(two_built, read_pdf):
    text = whole_text(two_built("fr"), read_pdf)
    french, dutch = texts(load_deck(TWO, language="fr")), texts(load_deck(TWO))
    assert [t for t in french if squash(t) not in text] == []
    assert [t for t in dutch if squash(t) in text] == []
    assert catalog_language(two_built("fr"), read_pdf) == "fr"


def test_the_source_language_builds_as_a_one_language_deck_does(two_built, read_pdf):
    text = whole_text(two_built(None), read_pdf)
    french, dutch = texts(load_deck(TWO, language="fr")), texts(load_deck(TWO))
    assert [t for t in dutch if squash(t) not in text] == []
    assert [t for t in french if squash(t) in text] == []
    assert catalog_language(two_built(None), read_pdf) == "nl"
    assert two_built("nl").read_bytes() == two_built(None).read_bytes()


@pytest.mark.parametrize("layout", ["proof", "sheets", "fold"])
def test_every_layout_says_its_language(two_built, read_pdf, layout):
    assert catalog_language(two_built("fr", layout), read_pdf) == "fr"
    assert catalog_language(two_built(None, layout), read_pdf) == "nl"


def test_a_one_language_deck_says_its_language_too(built, read_pdf):
    assert catalog_language(built("pages"), read_pdf) == "nl"  # Generalistisch Werkt: language: nl


def test_handout_and_order_in_french(tmp_path, read_pdf, monkeypatch):
    from fichegen.pipeline import handout, order

    monkeypatch.chdir(tmp_path)
    sheet = handout(TWO, "participatie", language="fr")
    assert sheet.path == Path("output/twee-talen-participatie-handout-fr.pdf")
    assert catalog_language(sheet.path, read_pdf) == "fr"
    assert read_pdf(sheet.path).metadata.title == "Travailler en généraliste: Attitude de base 1: Participation"
    folder = order(TWO, language="fr").path
    assert folder == Path("output/twee-talen-default-order-fr")
    print_file = folder / "twee-talen-default-print-fr.pdf"
    assert catalog_language(print_file, read_pdf) == "fr"
    assert "Language:       fr" in (folder / "README.txt").read_text(encoding="utf-8")
    assert squash("Travailler en généraliste · 1/3") in whole_text(print_file, read_pdf)


def run(args):
    result = CliRunner().invoke(cli, args)
    assert "Traceback" not in result.output
    return result


def test_language_names_the_output_and_all_languages_writes_one_file_per_language(tmp_path, monkeypatch, read_pdf):
    monkeypatch.chdir(tmp_path)
    assert run(["build", str(TWO), "--layout", "proof"]).exit_code == 0
    assert run(["build", str(TWO), "--layout", "proof", "--language", "fr"]).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == ["twee-talen-proof-fr.pdf", "twee-talen-proof.pdf"]
    french = (tmp_path / "output" / "twee-talen-proof-fr.pdf").read_bytes()
    result = run(["build", str(TWO), "--layout", "proof", "--all-languages", "--no-cache"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["wrote output/twee-talen-proof-nl.pdf (3 cards, 6 pages)",
                                          "wrote output/twee-talen-proof-fr.pdf (3 cards, 6 pages)"]
    for language in ("nl", "fr"):
        pdf = tmp_path / "output" / f"twee-talen-proof-{language}.pdf"
        assert catalog_language(pdf, read_pdf) == language
    assert (tmp_path / "output" / "twee-talen-proof-fr.pdf").read_bytes() == french  # the same as --language fr


def test_all_languages_with_all_templates(tmp_path, monkeypatch):
    from fichegen.style.template import available

    monkeypatch.chdir(tmp_path)
    result = run(["build", str(TWO), "--layout", "proof", "--all-languages", "--all-templates", "--no-cache", "-j", "1"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == sorted(
        f"twee-talen-{name}-proof-{language}.pdf" for name in available() for language in ("nl", "fr"))


@pytest.mark.parametrize("args", [["--all-languages", "--language", "fr"], ["--all-languages", "-o", "x.pdf"]])
def test_all_languages_with_one_language_or_file_is_a_usage_error(args):
    result = run(["build", str(TWO), *args])
    assert result.exit_code == 2
    assert "--all-languages writes one file per language; leave out -o and --language" in result.output


def test_a_language_the_deck_lacks_is_an_error(tmp_path):
    result = run(["build", str(TWO), "--language", "de", "-o", str(tmp_path / "x.pdf")])
    assert (result.exit_code, result.stderr) == (
        1, f"{TWO.relative_to(ROOT)}/deck.yaml:5: --language de: not a language of this deck; its languages are nl, fr\n")
    assert not (tmp_path / "x.pdf").exists()


@pytest.fixture
def two(tmp_path) -> Path:
    return Path(shutil.copytree(TWO, tmp_path / "twee-talen"))


def test_check_names_each_card_and_language_missing_and_fails(two, monkeypatch):
    (two / "deck.yaml").write_text((two / "deck.yaml").read_text(encoding="utf-8").replace("[nl, fr]", "[nl, fr, en]")
                                   + "title.en: Working as a generalist\n", encoding="utf-8")
    (two / "02-vertrouwensrelatie.fr.yaml").unlink()
    (two / "01-participatie.en.yaml").write_text("label: Basic attitude 1\ntitle: Participation\n"
                                                 "front: [Clients like to decide for themselves.]\n"
                                                 "back: Working together is the basis.\n", encoding="utf-8")
    monkeypatch.chdir(two.parent)
    result = run(["check", "twee-talen"])
    assert result.exit_code == 1 and result.stdout == ""
    tail = "; write it, or set 'fallback: nl' in deck.yaml to print the Dutch text"
    assert result.stderr.splitlines() == [
        f"twee-talen/02-vertrouwensrelatie.yaml: card 'vertrouwensrelatie' has no French translation "
        f"(02-vertrouwensrelatie.fr.yaml){tail}",
        f"twee-talen/02-vertrouwensrelatie.yaml: card 'vertrouwensrelatie' has no English translation "
        f"(02-vertrouwensrelatie.en.yaml){tail}",
        f"twee-talen/03-actief-luisteren.yaml: card 'actief-luisteren' has no English translation "
        f"(03-actief-luisteren.en.yaml){tail}"]
    result = run(["check", "twee-talen", "--language", "fr"])
    assert result.exit_code == 1 and len(result.stderr.splitlines()) == 1


def test_check_with_a_fallback_warns_and_passes(two, monkeypatch):
    (two / "deck.yaml").write_text((two / "deck.yaml").read_text(encoding="utf-8") + "fallback: nl\n", encoding="utf-8")
    (two / "02-vertrouwensrelatie.fr.yaml").unlink()
    monkeypatch.chdir(two.parent)
    result = run(["check", "twee-talen"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ("twee-talen/02-vertrouwensrelatie.yaml: warning: card 'vertrouwensrelatie' has no French "
                             "translation (02-vertrouwensrelatie.fr.yaml); the Dutch text is printed (fallback: nl)\n")
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["twee-talen (nl)", "twee-talen (fr)"]
    result = run(["build", "twee-talen", "--language", "fr", "-o", "fr.pdf", "--no-cache"])
    assert result.exit_code == 0 and "warning: card 'vertrouwensrelatie' has no French" in result.stderr


def test_french_hyphenation_is_used(tmp_path, monkeypatch, read_pdf):
    """A card just narrow enough that 'accompagnement' must break inside 'accompagne': French patterns
    break it as accompa-gnement, Dutch ones as accompag-nement; each build uses its own language's."""
    import pyphen

    from fichegen.style import fonts
    from fichegen.style.template import MM, load

    style = load("default").styles["prose"]
    font = style.font(load("default"))
    fits, too_wide = (fonts.width(font, text, style.size) for text in ("accompag-", "accompagne-"))
    trim = 10 + (fits + too_wide) / 2 / MM  # margins of 5 mm: the measure falls between the two
    (tmp_path / "templates" / "narrow").mkdir(parents=True)
    (tmp_path / "templates" / "narrow" / "template.yaml").write_text(
        f"extends: default\ntrim: {{width: {trim:.3f}, height: 105}}\nmargins: {{top: 8, right: 5, bottom: 8, left: 5}}\n"
        "footer: {left: '', right: ''}\nstyles:\n  title: {size: 8, leading: 10, min: 8}\n"
        "  back-title: {size: 8, leading: 10, min: 8}\n", encoding="utf-8")
    deck = tmp_path / "d"
    deck.mkdir()
    (deck / "deck.yaml").write_text("title: T\ntitle.fr: T\nlanguages: [nl, fr]\ntemplate: narrow\n", encoding="utf-8")
    (deck / "01-a.yaml").write_text("title: A\nback: accompagnement\n", encoding="utf-8")
    (deck / "01-a.fr.yaml").write_text("title: A\nback: accompagnement\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    lines = {}
    for language in ("nl", "fr"):
        pdf = build(deck, BuildOptions(Layout.PROOF, output=f"{language}.pdf", jobs=1, cache=False, language=language)).path
        lines[language] = read_pdf(pdf).pages[1].extract_text().splitlines()[1:3]
    assert lines == {"fr": ["accompa-", "gnement"], "nl": ["accompag-", "nement"]}
    assert 7 in pyphen.Pyphen(lang="fr").positions("accompagnement")
    assert 7 not in pyphen.Pyphen(lang="nl").positions("accompagnement")


def test_a_french_build_is_never_served_dutch_pages_from_the_cache(tmp_path, two_built):
    from fichegen.cache import MemoryCache

    cache = MemoryCache()
    for language in ("nl", "fr", "nl", "fr"):
        pdf = build(TWO, BuildOptions(Layout.PAGES, output=str(tmp_path / f"{language}.pdf"), jobs=1, language=language),
                    cache).path
        assert pdf.read_bytes() == two_built(language).read_bytes(), language
        cache.close(keep=True)
    assert BuildOptions(language="fr").cache_name(TWO) != BuildOptions().cache_name(TWO)


def test_one_job_or_two_write_the_same_french_bytes(tmp_path, big_deck):
    folder = big_deck(tmp_path / "d")
    (folder / "deck.yaml").write_text("title: T\ntitle.fr: T\nlanguages: [nl, fr]\n", encoding="utf-8")
    for card in sorted(folder.glob("*.yaml")):
        if card.name != "deck.yaml":
            text = card.read_text(encoding="utf-8").replace("Kaart", "Fiche").replace("een punt", "un point")
            card.with_name(card.stem + ".fr.yaml").write_text(text, encoding="utf-8")
    one, two = (build(folder, BuildOptions(Layout.PAGES, output=str(tmp_path / f"{j}.pdf"), jobs=j, cache=False,
                                           language="fr")).path.read_bytes() for j in (1, 2))
    assert one == two and b"/Lang (fr)" in one


def test_watch_builds_the_language_asked_for(tmp_path, monkeypatch, read_pdf):
    import fichegen.watch

    def once(folders_of, rebuild, report, **_):
        report(rebuild([]))
        raise KeyboardInterrupt

    monkeypatch.setattr(fichegen.watch, "watch", once)
    monkeypatch.chdir(tmp_path)
    result = run(["watch", str(TWO), "--language", "fr"])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "output" / "twee-talen-proof-fr.pdf"
    assert result.output.splitlines()[1].startswith("wrote output/twee-talen-proof-fr.pdf in ")
    assert catalog_language(pdf, read_pdf) == "fr" and "Participation" in read_pdf(pdf).pages[0].extract_text()
