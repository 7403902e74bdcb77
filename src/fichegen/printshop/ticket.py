"""The job ticket that goes with a print file: job.json for machines, README.txt for people.

Both are pure functions of a `Job` and return UTF-8 bytes; they hold no dates, so the same job
gives the same bytes. The caller writes the files.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import asdict, dataclass, fields

WIDTH = 80  # README.txt line length
KEY_COLUMN = 16  # values in README.txt start here; "SHA-256:" + 8 spaces + 64 hex digits = 80

PAPER_SIZES = {(74, 105): "A7", (105, 148): "A6", (148, 210): "A5", (210, 297): "A4"}


@dataclass(frozen=True)
class Job:
    deck: str  # the deck's title
    deck_slug: str
    template: str
    organisation: str
    cards: int
    pages: int
    trim_mm: tuple[float, float]  # width, height of the finished card
    bleed_mm: float
    marks: bool
    colour: str
    standard: str
    page_order: str
    print_file: str  # file name, next to the ticket
    sha256: str  # hex digest of the print file
    stock: str
    finishing: str
    fichegen_version: str
    card_ids: tuple[str, ...]
    profile: str = ""  # the print-shop profile the file was made for
    language: str = ""  # the language the cards are in (BCP 47)

    def __post_init__(self):
        # sizes computed from points come back as 147.99999…; 0.01 mm is far below what a cutter does
        object.__setattr__(self, "trim_mm", tuple(round(float(v), 2) for v in self.trim_mm))
        object.__setattr__(self, "bleed_mm", round(float(self.bleed_mm), 2))
        object.__setattr__(self, "card_ids", tuple(self.card_ids))


def job_json(job: Job) -> bytes:
    """The job as pretty JSON, keys in the order of the `Job` fields (tuples become lists)."""
    return (json.dumps(asdict(job), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def job_from_json(data: bytes) -> Job:
    """The `Job` back from `job_json` bytes; unknown keys are ignored."""
    raw = json.loads(data.decode("utf-8"))
    return Job(**{f.name: raw[f.name] for f in fields(Job) if f.name in raw})


def suggested_stock(trim_mm: tuple[float, float]) -> str:
    """A stock to suggest to the print shop, by the size of the card.

    Cards are handled and passed around, so they get stiff card stock, heavier as the card grows
    so it does not flop: up to A6 (longest side ≤ 160 mm) 300 g/m², up to A5 (≤ 230 mm) 350 g/m²,
    anything larger 400 g/m². Silk or matt keeps the text readable under lamps; lamination is
    advised for decks that are used often.
    """
    longest = max(trim_mm)
    weight = 300 if longest <= 160 else 350 if longest <= 230 else 400
    return f"{weight} g/m² silk or matt card, printed both sides; laminate for cards handled often"


def _mm(value: float) -> str:
    return f"{round(value, 1):g}"


def finished_size(trim_mm: tuple[float, float]) -> str:
    """'148 × 210 mm (A5)'; '210 × 148 mm (A5 landscape)'; no name for other sizes."""
    w, h = trim_mm
    text = f"{_mm(w)} × {_mm(h)} mm"
    for (a, b), name in PAPER_SIZES.items():
        if abs(w - a) < 0.5 and abs(h - b) < 0.5:
            return f"{text} ({name})"
        if abs(w - b) < 0.5 and abs(h - a) < 0.5:
            return f"{text} ({name} landscape)"
    return text


def _quoted(name: str) -> str:
    return f'"{name}"' if any(c.isspace() for c in name) else name


def _field(key: str, value: str) -> list[str]:
    """'Key:' padded to KEY_COLUMN, the value wrapped at WIDTH with a hanging indent."""
    first = f"{key}:".ljust(KEY_COLUMN)
    return textwrap.wrap(value, WIDTH, initial_indent=first, subsequent_indent=" " * KEY_COLUMN,
                         break_long_words=False, break_on_hyphens=False) or [first.rstrip()]


def _paragraph(text: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, break_long_words=False, break_on_hyphens=False)


def readme_txt(job: Job) -> bytes:
    """README.txt for the print shop: what to print, how, and how to check the file."""
    heading = _paragraph(f"Print job: {job.deck}")
    template = f"{job.template}, for {job.organisation}" if job.organisation else job.template
    card_word = "card" if job.cards == 1 else "cards"
    bleed = f"{_mm(job.bleed_mm)} mm on every side" if job.bleed_mm > 0 else "none; the page is the card"
    marks = "yes, outside the bleed" if job.marks else "none"
    rows = [
        ("Deck", f"{job.deck} ({job.deck_slug})"),
        *([("Language", job.language)] if job.language else []),
        ("Template", template),
        *([("Profile", job.profile)] if job.profile else []),
        ("Finished size", finished_size(job.trim_mm)),
        ("Bleed", bleed),
        ("Crop marks", marks),
        ("Pages", f"{job.pages}{'' if job.pages == 2 * job.cards else ' sheet sides'} ({job.cards} {card_word}, double-sided)"),
        ("Page order", job.page_order),
        ("Colour", job.colour),
        ("Standard", job.standard),
        ("Stock", f"{job.stock} (suggested)"),
        ("Finishing", job.finishing),
        ("Print file", job.print_file),
        ("SHA-256", job.sha256),
        ("Made with", f"fichegen {job.fichegen_version}"),
    ]
    lines = [*heading, "=" * max(map(len, heading)), ""]
    for key, value in rows:
        lines += _field(key, value)

    name = _quoted(job.print_file)
    lines += ["", "Checking the file", "-" * len("Checking the file")]
    lines += _paragraph(f"The SHA-256 checksum above identifies the print file exactly. To check that "
                        f"{job.print_file} arrived unchanged, compute its checksum and compare it with "
                        f"the one above; if they differ, please ask for the file again.")
    lines += ["", f"  Linux:    sha256sum {name}", f"  macOS:    shasum -a 256 {name}",
              f"  Windows:  certutil -hashfile {name} SHA256"]

    lines += ["", "Cards, in print order", "-" * len("Cards, in print order")]
    digits = len(str(len(job.card_ids)))
    paged = job.pages == 2 * job.cards  # one face a page; on sheets a card's faces share sheets with others
    for i, card_id in enumerate(job.card_ids):
        lines.append(f"{str(i + 1).rjust(digits)}. {card_id}" + (f" (pages {2 * i + 1}–{2 * i + 2})" if paged else ""))
    return ("\n".join(lines) + "\n").encode("utf-8")
