"""Synthetic decks for benchmarks: text like the seed deck's (7 bullets on the front, 3 paragraphs on the
back), drawn deterministically from the Generalistisch Werkt cards, so every run measures the same text."""

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


def make_deck(folder: Path, cards: int, seed: int = 1) -> Path:
    """Write a deck of `cards` cards into `folder` (created); returns it."""
    rng = random.Random(seed)
    bullets, paragraphs = _corpus()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "deck.yaml").write_text(yaml.safe_dump({"title": f"Benchmark {cards}", "language": "nl",
                                                      "footer": "www.example.org", "date": "2026-11-29"}), encoding="utf-8")
    width = len(str(cards))
    for i in range(1, cards + 1):
        card = {"label": f"Kaart {i}", "title": f"Basishouding {i}",
                "front": rng.sample(bullets, 7),
                "back": "\n\n".join(rng.sample(paragraphs, 3))}
        (folder / f"{i:0{width}d}-kaart-{i}.yaml").write_text(yaml.safe_dump(card, allow_unicode=True, width=10_000),
                                                              encoding="utf-8")
    return folder


def cards_of(folder: Path) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yaml")) if p.name != "deck.yaml"]
