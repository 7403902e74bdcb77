import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DECK = ROOT / "cards" / "generalistisch-werkt"
MM = 72 / 25.4


@pytest.fixture(autouse=True)
def _in_repo_root(monkeypatch):
    # templates/ is found relative to the working directory, as for a user running fichegen in a project
    monkeypatch.chdir(ROOT)


@pytest.fixture(autouse=True, scope="session")
def _own_cache(tmp_path_factory):
    """Builds cache into a folder of the test run's own, never the user's."""
    os.environ["FICHEGEN_CACHE"] = str(tmp_path_factory.mktemp("cache"))


def write_deck(folder: Path, cards: dict[str, str], deck: str = "title: Test deck\nlanguage: nl\n") -> Path:
    """A deck folder from card file texts, e.g. {"01-a.yaml": "title: A\\nfront: [x]\\n"}."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(deck, encoding="utf-8")
    for name, text in cards.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """The Generalistisch Werkt deck built once in each layout the tests look at."""
    from fichegen.pipeline import build

    out = tmp_path_factory.mktemp("built")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        paths = {
            "pages": build(DECK, output=out / "pages.pdf").path,
            "nomarks": build(DECK, marks=False, output=out / "nomarks.pdf").path,
            "proof": build(DECK, layout_name="proof", output=out / "proof.pdf").path,
        }
    finally:
        os.chdir(cwd)
    return paths
