"""The order folder for a print shop, from the print file: the file checked by our own preflight,
proofs of every face, and the job ticket."""

from __future__ import annotations

import hashlib
import io

from fichegen import __version__
from fichegen.content.model import Card, Deck
from fichegen.geometry import MM
from fichegen.pdf.writer import CONDITIONS
from fichegen.printshop import preflight, proofs, ticket
from fichegen.style.template import Template


def package(pdf: bytes, deck: Deck, tmpl: Template, *, marks: bool, condition: str,
            cards: list[Card] | None = None) -> dict[str, bytes]:
    """The folder's files by name; `cards`: the cards as printed (a continued card's parts, 3a 3b,
    each on its own; default: the deck's). A print file that fails our own preflight is our bug, not
    the user's."""
    findings, _ = preflight.preflight(io.BytesIO(pdf))
    errors = [f for f in findings if not f.warning]
    if errors:
        raise RuntimeError("the print file fails preflight: " + "; ".join(map(str, errors)))
    print_name = f"{deck.slug}-{tmpl.name}-print.pdf"
    files = {print_name: pdf}
    cards = list(deck.cards) if cards is None else cards
    ids = [c.id for c in cards]
    for i, png in enumerate(proofs.face_pngs(pdf)):
        card = cards[i // 2]
        files[f"proofs/{card.number:02d}{card.part}-{card.id}-{'front' if i % 2 == 0 else 'back'}.png"] = png
    files["proofs/contact-sheet.png"] = proofs.contact_sheet(pdf, ids, title=f"{deck.title} — {tmpl.name}",
                                                             numbers=[f"{c.number}{c.part}" for c in cards])
    trim_mm = (tmpl.trim[0] / MM, tmpl.trim[1] / MM)
    job = ticket.Job(
        deck=deck.title, deck_slug=deck.slug, template=tmpl.name, organisation=tmpl.organisation,
        cards=len(cards), pages=2 * len(cards), trim_mm=(round(trim_mm[0], 1), round(trim_mm[1], 1)),
        bleed_mm=3.0, marks=marks, colour="CMYK process colour; crop marks in registration (Separation All)",
        standard=f"PDF/X-1a:2003, output intent {condition} ({CONDITIONS[condition]})",
        page_order="front then back for each card: F1 B1 F2 B2 …", print_file=print_name,
        sha256=hashlib.sha256(pdf).hexdigest(), stock=ticket.suggested_stock(trim_mm),
        finishing="cut to the TrimBox; round corners optional", fichegen_version=__version__, card_ids=tuple(ids))
    files["job.json"] = ticket.job_json(job)
    files["README.txt"] = ticket.readme_txt(job)
    return files
