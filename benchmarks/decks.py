"""Synthetic decks for benchmarks: text like the seed deck's (7 bullets on the front, 3 paragraphs on the
back), drawn deterministically from the Generalistisch Werkt cards' words, so every run measures the same text."""

import random
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "cards" / "generalistisch-werkt"


def _corpus() -> tuple[list[str], list[str]]:
    bullets, paragraphs = [], []
    for path in sorted(SEED.glob("0*.yaml")):
        card = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(card.get("front"), list):
            bullets += [b.replace("*", "") for b in card["front"]]
        back = card.get("back")
        if isinstance(back, str):
            paragraphs += [p for p in re.split(r"\n\s*\n", back.replace("*", "")) if 40 < len(p.split()) < 140]
    return bullets, paragraphs


def _sentence(rng: random.Random, words: list[str], low: int, high: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(rng.randint(low, high)))
    return text[0].upper() + text[1:] + "."


def make_deck(folder: Path, cards: int, seed: int = 1) -> Path:
    """Write a deck of `cards` cards into `folder` (created); returns it. Every bullet and paragraph is
    new text made of the seed deck's words, drawn as often as the seed uses them: the words recur as
    in real text, but no bullet or paragraph repeats, so no typesetter gains from having seen one before."""
    rng = random.Random(seed)
    bullets, paragraphs = _corpus()
    words = [w.strip(".,;:()‘’“”'\"") for text in bullets + paragraphs for w in text.split()]
    words = [w.lower() for w in words if w]
    bullet_words = [len(b.split()) for b in bullets]
    paragraph_words = [len(p.split()) for p in paragraphs]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(yaml.safe_dump({"title": f"Benchmark {cards}", "language": "nl",
                                                      "footer": "www.example.org", "date": "2026-11-29"}), encoding="utf-8")
    width = len(str(cards))
    for i in range(1, cards + 1):
        front = []
        for _ in range(7):
            n = rng.choice(bullet_words)
            front.append(_sentence(rng, words, max(3, n - 2), n + 2))
        back = []
        for _ in range(3):
            target, sentences = rng.choice(paragraph_words), []
            while sum(len(s.split()) for s in sentences) < target:
                sentences.append(_sentence(rng, words, 6, 22))
            back.append(" ".join(sentences))
        card = {"label": f"Kaart {i}", "title": f"Basishouding {i}", "front": front, "back": "\n\n".join(back)}
        (folder / f"{i:0{width}d}-kaart-{i}.yaml").write_text(yaml.safe_dump(card, allow_unicode=True, width=10_000),
                                                              encoding="utf-8")
    return folder


def cards_of(folder: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml")) if p.name != "deck.yaml"]
