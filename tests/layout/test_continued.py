"""Continued cards: a side too long even at the floor, with `overflow: continue`, goes on on more printed
cards with every word exactly once, breaking only where a reader would (between paragraphs, or between
lines with two of them on each side, never inside a word), at the deck's type scales."""

from __future__ import annotations

import os
import random
import re
from collections import Counter

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings, strategies as st

from fichegen.cli import cli
from fichegen.errors import FichegenError
from fichegen.layout import compose, continued
from fichegen.layout.typeset import body_blocks
from fichegen.options import BuildOptions, Layout
from fichegen.pipeline import build, prepare
from tests.conftest import in_root, write_deck

# Real Dutch words, none of them in a heading or footer of the test decks (Kaart, Proefdeck, Thema, vervolg)
VOCABULARY = """de het een en van in op met voor naar door over bij als dat die wat wie hoe waar wanneer coach
cliënt werk relatie traject gesprek vertrouwen netwerk begeleiding participatie armoede ervaring kennis tijd
ruimte stap samen mensen gezin buurt dienst vraag antwoord doel plan keuze kracht tempo luisteren spreken zoeken
vinden bouwen helpen leren kijken denken wachten geven nemen houden maken belangrijk moeilijk eerlijk rustig
sterk open duidelijk concreet samenwerkingsproces verantwoordelijkheid maatschappelijke ondersteuning
werkgelegenheid arbeidsmarkt ontwikkeling hulpverlening toegankelijkheid""".split()
HEADINGS = {"THEMA", "Kaart", "vervolg", "Proefdeck", "www", "voorbeeld", "be", "Kort", "punt", "Een", "korte", "tekst"}


def sentences(n: int, seed: int = 19) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rng.choice(VOCABULARY) for _ in range(rng.randint(5, 17))]
        out.append(" ".join([words[0].capitalize()] + words[1:]) + ".")
    return out


def paragraphs(n: int, seed: int = 19) -> list[str]:
    rng, said, out = random.Random(seed), sentences(n, seed), []
    while said:
        k = rng.randint(3, 9)
        out.append(" ".join(said[:k]))
        said = said[k:]
    return out


def long_card(paras: list[str], overflow: str | None = "continue") -> str:
    body = "".join(f"  {p}\n\n" for p in paras).rstrip("\n") + "\n"
    return (f"label: Thema 2\ntitle: Kaart\n{'overflow: ' + overflow + chr(10) if overflow else ''}"
            f"front: [punt]\nback: |\n{body}")


DECK = "title: Proefdeck\nlanguage: nl\nfooter: www.voorbeeld.be\n"


def deck_900(folder, overflow: str | None = "continue"):
    return write_deck(folder, {"01-kort.yaml": "title: Kort\nfront: [punt]\nback: Een korte tekst.\n",
                               "02-kaart.yaml": long_card(paragraphs(900), overflow),
                               "03-kort.yaml": "id: nog\ntitle: Kort\nback: Een korte tekst.\n"}, DECK)


@pytest.fixture(scope="module")
def continued_deck(tmp_path_factory):
    """The 900-sentence deck, prepared, and built as pages (one job, no cache)."""
    folder = deck_900(tmp_path_factory.mktemp("deck900") / "d")
    with in_root():
        p = prepare(folder)
        pdf = build(folder, BuildOptions(Layout.PAGES, output=str(folder.parent / "pages.pdf"), jobs=1, cache=False)).path
    return folder, p, pdf


def words_of(text: str) -> Counter:
    return Counter(re.findall(r"[^\W\d_]+", text))


def test_a_900_sentence_back_continues_with_every_word_exactly_once(continued_deck, read_pdf):
    folder, p, pdf = continued_deck
    split = p.fitting.splits[1]
    assert split.parts >= 10 and len(p.printed) == 2 + split.parts
    source = words_of(" ".join(paragraphs(900)))
    found = Counter()
    pages = read_pdf(pdf).pages
    assert len(pages) == 2 * len(p.printed)
    for page in pages[2:2 + 2 * split.parts]:
        text = page.extract_text()
        body_end, footer = text.splitlines()[-2:]
        assert footer.startswith("www.voorbeeld.be") and not body_end.endswith("-")  # nothing to join across pages
        found += words_of(re.sub(r"-\n", "", text))  # a word hyphenated at a line end, whole again
    letters = set("abcdefghijklmnopqrstuvwxyz")  # the part letters of 2a, 2b, … in the footer
    assert {w for w in found if w not in source} <= HEADINGS | letters
    assert Counter({w: n for w, n in found.items() if w in source}) == source


def _body_lines(face) -> list[str]:
    """A face's body text, line by line from the top (runs within its body box, joined per baseline)."""
    x, y, w, h = face.body
    lines: dict[float, list] = {}
    for run in face.runs:
        if y - 1 <= run.y <= y + h:
            lines.setdefault(round(run.y, 2), []).append(run)
    return ["".join(r.text for r in sorted(lines[k], key=lambda r: r.x)) for k in sorted(lines, reverse=True)]


def _faces(p):
    return list(compose.faces(p.deck, p.template, p.scales, splits=p.fitting.splits))


def test_no_face_ends_inside_a_word(continued_deck):
    _, p, _ = continued_deck
    hyphenated = 0
    for face in _faces(p):
        lines = _body_lines(face)
        hyphenated += sum(line.endswith("-") for line in lines)
        if lines:
            assert not lines[-1].endswith(("-", "–", "/")), (face.card_id, face.side, lines[-1])
    assert hyphenated > 20  # the text really is hyphenated, only never at the foot of a face


def test_a_break_inside_a_paragraph_leaves_two_lines_on_each_side(continued_deck):
    _, p, _ = continued_deck
    card, split = p.deck.cards[1], p.fitting.splits[1]
    style = p.template.styles["prose"].scaled(p.scales.get("prose", 1.0))
    counts = [len(b.lines) for b in body_blocks(card.back, style, p.template, compose.Composer(p.deck, p.template).measure, "nl")]
    inside = 0
    pieces = [piece for piece in split.faces if piece.text == "back" and piece.start != piece.end]
    assert pieces[0].start == (0, 0) and pieces[-1].end == (len(counts), 0)
    for a, b in zip(pieces, pieces[1:]):
        (block, line) = a.end
        assert b.start == a.end  # the next face goes on where this one stopped
        if line:
            inside += 1
            first = a.start[1] if a.start[0] == block else 0
            assert line - first >= 2 and counts[block] - line >= 2, (a, b, counts[block])
    assert inside > 3  # most breaks fall inside a paragraph: the rule is really tried


def test_continued_faces_are_set_at_the_deck_s_scale_not_the_floor(continued_deck):
    _, p, _ = continued_deck
    prose = p.template.styles["prose"]
    assert p.scales.get("prose", 1.0) == 1.0  # one card continuing pulls nothing down
    sizes = {face.body_size for face in _faces(p)[3:-2]}  # the continued card's faces but its own front
    assert sizes == {prose.size} and prose.size > prose.min


def test_printed_cards_are_numbered_and_named_by_their_part(continued_deck, read_pdf):
    _, p, pdf = continued_deck
    parts = p.fitting.splits[1].parts
    assert [card.id for _, card in p.printed] == ["kort", "kaart"] + [f"kaart.{continued.letter(k)}" for k in range(1, parts)] + ["nog"]
    assert [source for source, _ in p.printed] == [0] + [1] * parts + [2]
    pages = read_pdf(pdf).pages
    assert "Proefdeck · 2a/3" in pages[2].extract_text() and "Kaart\n" in pages[2].extract_text()
    assert "Proefdeck · 2b/3" in pages[4].extract_text() and "Kaart (vervolg)" in pages[4].extract_text()
    assert "Proefdeck · 3/3" in pages[-1].extract_text()  # the count is the deck's cards: the last is 3/3


def test_letters_go_on_past_z():
    assert [continued.letter(k) for k in (0, 1, 25, 26, 27, 51, 52)] == ["a", "b", "z", "aa", "ab", "az", "ba"]


def test_without_continue_the_build_still_fails_with_the_same_message(tmp_path):
    folder = deck_900(tmp_path / "d", overflow=None)
    with pytest.raises(FichegenError) as e:
        prepare(folder)
    [problem] = e.value.problems
    assert problem.path.endswith("02-kaart.yaml") and problem.line == 4
    assert re.fullmatch(r"card 'kaart' back: the text does not fit, even at the 8 pt minimum it is \d+ pt "
                        r"\(about \d+ lines\) too long; shorten it or split the card", problem.message)
    (folder / "02-kaart.yaml").write_text(long_card(paragraphs(900), "error"), encoding="utf-8")
    with pytest.raises(FichegenError) as again:
        prepare(folder)
    assert [p.message for p in again.value.problems] == [problem.message]


def test_the_deck_may_say_continue_for_every_card(tmp_path):
    folder = write_deck(tmp_path / "d", {"01-kaart.yaml": long_card(paragraphs(300), None)}, DECK + "overflow: continue\n")
    assert 0 in prepare(folder).fitting.splits
    (folder / "01-kaart.yaml").write_text(long_card(paragraphs(300), "error"), encoding="utf-8")
    with pytest.raises(FichegenError):  # a card's own setting wins
        prepare(folder)


def test_check_says_which_cards_continue_and_exits_0(tmp_path, monkeypatch):
    deck_900(tmp_path / "d")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "d"])
    parts = prepare("d").fitting.splits[1].parts
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"d/02-kaart.yaml:5: card 'kaart' back continues on {parts - 1} more cards (2a–2{continued.letter(parts - 1)})",
        "d: 3 cards OK with template 'default' (body text 10 pt and up)"]


def test_a_title_too_long_for_a_continuation_card_is_an_error(tmp_path):
    title = ("Een eerlijke open werkrelatie met ruimte voor twijfel en voor vertrouwen tussen coach en cliënt in "
             "elke stap van het traject samen")  # fits its card at the floor, but not with '(vervolg)' after it
    folder = write_deck(tmp_path / "d", {"01-k.yaml": long_card(paragraphs(200)).replace("title: Kaart", f"title: {title}")}, DECK)
    with pytest.raises(FichegenError) as e:
        prepare(folder, "uantwerpen")
    assert [p.message for p in e.value.problems] == [
        "card 'k' front: the title with '(vervolg)' does not fit on a continuation card, even at the 16 pt minimum; shorten it"]


# -- no word lost or repeated, whatever the lengths -------------------------------------------------

def _printed_words(p) -> tuple[list[str], list[str]]:
    """The body words of the continued card's faces in reading order, lines hyphenated at their end
    joined again; and the last line of every face."""
    text, lasts = [], []
    for face in _faces(p):
        lines = _body_lines(face)
        lasts += lines[-1:]
        text += lines
    joined = re.sub(r"-\n", "", "\n".join(text))
    return re.findall(r"[^\W\d_]+", joined), lasts


lengths = st.lists(st.integers(1, 160), min_size=1, max_size=30)  # words per paragraph


@settings(max_examples=int(os.environ.get("FICHEGEN_EXAMPLES", "12")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(back=lengths, front=st.lists(st.integers(1, 60), min_size=1, max_size=40), seed=st.integers(0, 10_000),
       name=st.sampled_from(["default", "uantwerpen"]))
def test_no_word_is_lost_or_repeated_whatever_the_lengths(tmp_path_factory, back, front, seed, name):
    rng = random.Random(seed)
    say = lambda n: " ".join(rng.choice(VOCABULARY) for _ in range(n))  # noqa: E731
    paras = [say(n) for n in back]
    bullets = [say(n) for n in front]
    card = ("title: Kaart\noverflow: continue\nfront:\n" + "".join(f"  - {b}\n" for b in bullets)
            + "back: |\n" + "".join(f"  {p}\n\n" for p in paras))
    folder = write_deck(tmp_path_factory.mktemp("prop") / "d", {"01-kaart.yaml": card}, DECK)
    p = prepare(folder, name)
    event(f"printed on {min(len(p.printed), 4)}{'+' if len(p.printed) >= 4 else ''} cards")
    printed, lasts = _printed_words(p)
    expected = " ".join(bullets + paras).split()
    assert Counter(printed) == Counter(expected), len(p.printed)
    assert all(not line.endswith(("-", "–", "/")) for line in lasts)


def test_every_face_runs_to_its_foot_but_the_last_card_s_which_share_its_text(continued_deck, tmp_path):
    """A face that continues is full, so the reader sees the text run on; the last card's text is shared
    between its front and back, and neither is left bare."""
    _, p, _ = continued_deck
    lines = [len(_body_lines(face)) for face in _faces(p)[3:-2]]  # the long back, from the card's own back on
    *running, front, back = lines
    # a front's band leaves it less room than a back; a paragraph whose lines end in hyphens moves whole
    assert min(running) >= 0.66 * max(running), running
    assert front and back and max(front, back) <= 2 * min(front, back), (front, back)
    just_over = write_deck(tmp_path / "d", {"01-kaart.yaml": long_card(paragraphs(48))}, DECK)  # a back and a bit
    q = prepare(just_over)
    assert q.fitting.splits[0].parts == 2
    own, front, back = [len(_body_lines(face)) for face in _faces(q)[1:]]
    assert own >= max(running) - 3 and front and back, (own, front, back)


def test_the_last_card_s_back_is_not_left_bare():
    """A paragraph of three lines left for the last card cannot be shared between its front and back
    (two lines each side of a break): the face before gives up two lines of its own, within PULL."""
    from types import SimpleNamespace

    text = ([[False] * 10, [False] * 3], SimpleNamespace(leading=10.0, space=5.0), 8.0)  # 10 lines, then 3

    def faces():
        return [continued.Piece("back", (0, 0), (1, 0), 1.0), continued.Piece("back", (1, 0), (2, 0), 1.0),
                continued.Piece("back", (2, 0), (2, 0), 0.9)]

    shared = faces()
    continued._last_card(text, shared, [100.0, 100.0, 100.0], 0, 1, 2)
    assert [(f.start, f.end, f.title) for f in shared] == [((0, 0), (0, 8), 1.0), ((0, 8), (1, 0), 1.0), ((1, 0), (2, 0), 0.9)]
    tight = faces()
    hyphenated = ([[False] * 7 + [True] + [False] * 2, [False] * 3], text[1], text[2])  # line 8 ends inside a word
    continued._last_card(hyphenated, tight, [100.0, 100.0, 100.0], 0, 1, 2)  # so three lines would go: more than PULL
    assert tight == faces()
