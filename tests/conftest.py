"""Fixtures every test folder shares: the real deck, a deck factory, the real deck built once per layout
(and per option set) for the whole run, and helpers to read PDFs back as text, objects and pixels."""

from __future__ import annotations

import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "cards" / "generalistisch-werkt"
DEFAULT_DECK_YAML = "title: Test deck\nlanguage: nl\n"


@contextmanager
def in_root():
    """The working directory set to the repository (templates/ is found relative to it), for
    fixtures wider than one test, which the autouse chdir below does not reach."""
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(cwd)


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch):
    # templates/ is found relative to the working directory, as for a user running fichegen in a project
    monkeypatch.chdir(ROOT)


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory):
    """Builds cache into a folder of the test run's own, never the user's."""
    os.environ["FICHEGEN_CACHE"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="session")
def real_deck() -> Path:
    """The Generalistisch Werkt deck in cards/: ten cards, template default."""
    return DECK


def write_deck(folder: Path, cards: dict[str, str], deck: str = DEFAULT_DECK_YAML) -> Path:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(deck, encoding="utf-8")
    for name, text in cards.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def make_deck():
    """make_deck(folder, cards={"01-a.yaml": "title: A\\nfront: [x]\\n"}, deck="title: …\\n") writes
    deck.yaml and the card files into `folder` (made if need be) and returns it."""
    return write_deck


@pytest.fixture(scope="session")
def big_deck():
    """big_deck(folder, n=30, longest=None) → a deck of n short cards (enough for worker processes from
    24), the card numbered `longest` with a back long enough to shrink the deck's prose."""
    back = "Tekst over een kaart die over meerdere regels loopt en dan nog even doorgaat. "

    def make(folder: Path, n: int = 30, longest: int | None = None) -> Path:
        return write_deck(folder, {f"{i:02d}-k{i}.yaml": f"label: Kaart {i}\ntitle: Kaart {i}\nfront: [een punt, nog een punt {i}]\n"
                                                         f"back: {back * (35 if i == longest else 3)}\n" for i in range(n)})

    return make


def squash(text: str) -> str:
    """Text without spaces, punctuation or case: to find a word in extracted text however it was set."""
    return re.sub(r"[\W_]", "", text).casefold()


@pytest.fixture(scope="session")
def squashed():
    """squashed(text): see squash."""
    return squash


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """built(layout="pages", **BuildOptions fields) → the real deck's PDF, built once per distinct
    call for the whole run (one job, no cache)."""
    from fichegen.options import BuildOptions, Layout
    from fichegen.pipeline import build

    out = tmp_path_factory.mktemp("built")
    made: dict[tuple, Path] = {}

    def get(layout: str = "pages", **options) -> Path:
        key = (layout, tuple(sorted(options.items())))
        if key not in made:
            name = "-".join([layout] + [f"{k}={v}" for k, v in sorted(options.items())]).replace("/", "_")
            opts = BuildOptions(Layout(layout), output=str(out / f"{name}.pdf"), jobs=1, cache=False, **options)
            with in_root():
                made[key] = build(DECK, opts).path
        return made[key]

    return get


@pytest.fixture(scope="session")
def read_pdf():
    """read_pdf(path or bytes) → a pypdf PdfReader."""
    import io

    from pypdf import PdfReader

    def read(pdf):
        return PdfReader(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf)

    return read


def page_text(page) -> str:
    """A page's text as a reader sees it: words hyphenated or broken after a slash or dash at line
    ends joined again, whitespace collapsed."""
    text = page.extract_text()
    text = re.sub(r"-\n", "", text)  # words hyphenated at line ends
    text = re.sub(r"([/–])\n", r"\1", text)  # words broken after a slash or dash
    return " ".join(text.split())


@pytest.fixture(scope="session")
def pdf_text():
    """pdf_text(page) → the page's text, line-end hyphens joined (see page_text)."""
    return page_text


@pytest.fixture(scope="session")
def render():
    """render(path, page_index, scale=1) → the page drawn by pdfium, as an RGB PIL image."""
    import pypdfium2 as pdfium

    def draw(path, index: int = 0, scale: float = 1.0):
        pdf = pdfium.PdfDocument(str(path))
        try:
            return pdf[index].render(scale=scale).to_pil().convert("RGB")
        finally:
            pdf.close()

    return draw


@pytest.fixture(scope="session")
def media_deck(tmp_path_factory) -> Path:
    """A deck with a photo (a PNG made here, 1600 × 900, on the fronts of cards 1 and 3), icons in
    titles, bullets and prose, and QR codes on every back (card 2 with its own link)."""
    from PIL import Image

    folder = tmp_path_factory.mktemp("media") / "media"
    write_deck(folder, {
        "01-foto.yaml": "label: Kaart 1\ntitle: \"Foto :info:\"\nimage: {file: beeld/foto.png, side: front}\n"
                        "front:\n  - Bel :phone: nu\n  - \":check: Klaar\"\nback: |\n  Lees :book: meer, om 10:30:45.\n",
        "02-link.yaml": "title: Link\nfront: [Een punt]\nback: \"Tekst met :mail: erin.\"\nlink: example.org/kaart-2\n",
        "03-weer.yaml": "title: Weer\nimage: beeld/foto.png\nfront: [\"Zelfde foto :star:\"]\nback: Kort.\n",
    }, deck="title: Media\nlanguage: nl\nfooter: www.example.org/media\nqr: true\ndate: 2026-12-01\n")
    w, h = 1600, 900
    ramp = Image.linear_gradient("L").resize((w, h))
    (folder / "beeld").mkdir()
    Image.merge("RGB", (ramp, Image.new("L", (w, h), 90), ramp.transpose(Image.Transpose.FLIP_LEFT_RIGHT))).save(folder / "beeld" / "foto.png")
    return folder


@pytest.fixture(scope="session")
def ordered(tmp_path_factory):
    """ordered(profile) → the real deck's order folder made with that print-shop profile, once per profile
    for the whole run."""
    from fichegen.pipeline import order

    out = tmp_path_factory.mktemp("ordered")
    made: dict[str, Path] = {}

    def get(profile: str) -> Path:
        if profile not in made:
            with in_root():
                made[profile] = order(DECK, profile=profile, output=out / profile).path
        return made[profile]

    return get


def as_from_a_terminal() -> None:
    """preexec_fn for a command a test stops with SIGINT, as Ctrl-C does: a shell's background job (and
    so a test run started as one) hands its children SIGINT ignored, and Python then never raises
    KeyboardInterrupt."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)
