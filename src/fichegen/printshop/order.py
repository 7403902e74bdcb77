"""The order folder for a print shop, from the print file: the file checked by our own preflight with the
shop's profile, proofs of every face, and the job ticket; and what a profile asks of a template before
anything is drawn."""

from __future__ import annotations

import hashlib
import io

from fichegen import __version__
from fichegen.content.model import Card, Deck
from fichegen.errors import FichegenError, Problem, Problems
from fichegen.geometry import MM
from fichegen.layout import media
from fichegen.printshop import preflight, proofs, ticket
from fichegen.printshop.profile import Profile
from fichegen.style import ink
from fichegen.style.template import Template

STANDARDS = {"x-1a:2003": "PDF/X-1a:2003", "x-4": "PDF/X-4"}


def check_before_drawing(deck: Deck, tmpl: Template, shop: Profile) -> None:
    """What can be judged before drawing: the template's colours and logos within the shop's ink limit, its
    card the size the shop cuts, its margins at least the shop's safe zone, every picture sharp enough for
    the shop, each problem at the file and line to mend. Raises FichegenError."""
    problems = Problems()
    problems.extend(ink.over_limit(tmpl.name, shop.ink_limit, shop.name))
    problems.extend(ink.logos_over_limit(tmpl, shop.ink_limit, shop.name))
    _check_pictures(deck, tmpl, shop, problems)
    if shop.trim_mm is not None:
        have = (round(tmpl.trim[0] / MM, 1), round(tmpl.trim[1] / MM, 1))
        if any(abs(a - b) > 0.05 for a, b in zip(have, shop.trim_mm)):
            problems.add(*shop.at("trim.width"), f"trim: the profile '{shop.name}' is for {ticket.finished_size(shop.trim_mm)} "
                                                 f"cards; the template '{tmpl.name}' makes {ticket.finished_size(have)}")
    least = min(tmpl.margins) / MM
    if least < shop.safe_mm - 0.01:
        problems.add(*shop.at("safe-zone"), f"safe-zone: the profile '{shop.name}' keeps text {shop.safe_mm:g} mm inside the "
                                            f"trim; the template '{tmpl.name}' has a margin of {least:g} mm")
    problems.raise_if_errors()


def _check_pictures(deck: Deck, tmpl: Template, shop: Profile, problems: Problems) -> None:
    """A raster picture below the shop's lowest resolution, as placed, is an error at the card's `image:`
    (preflight would find it too, but only as an image on a page)."""
    measure = media.column_width(tmpl)
    for card in deck.cards:
        ppi = media.printed_ppi(card, tmpl, measure)
        if ppi is not None and ppi < shop.min_image_ppi - 0.5:
            problems.add(card.source_path, card.image.line, f"card '{card.id}' image: '{card.image.name}' prints at {ppi:.0f} ppi; "
                                                     f"the profile '{shop.name}' asks for at least {shop.min_image_ppi:g} ppi: "
                                                     "use a larger picture")


def passed(pdf: bytes, shop: Profile) -> None:
    """The print file checked by our preflight with the shop's limits. A failure is reported against the
    profile: a template can meet one shop's limits (a smallest text size, a thinnest line) and not another's."""
    findings, _ = preflight.preflight(io.BytesIO(pdf), shop.limits())
    errors = [f for f in findings if not f.warning]
    if errors:
        path, line = shop.path, None
        raise FichegenError([Problem(path, line, f"the print file fails preflight with the profile '{shop.name}': {f}")
                             for f in errors])


def _standard(shop: Profile) -> str:
    if shop.output is None:
        return "none: a file to print yourself, not for a print shop"
    out = shop.output
    embedded = ", output profile embedded" if out.icc else ""
    return f"{STANDARDS[shop.standard]}, output intent {out.condition} ({out.name}){embedded}"


def _colour(shop: Profile) -> str:
    if shop.page_order == "sheets":
        return "CMYK; your printer converts it to its own inks" + (
            "; cut lines on the front sheets in registration colour" if shop.marks else "")
    kinds = [{"crop": "crop marks", "registration": "registration targets"}[m] for m in shop.marks if m != "colour-bar"]
    text = "CMYK process colour"
    if kinds:
        text += f"; {' and '.join(kinds)} in registration (Separation All)"
    if "colour-bar" in shop.marks:
        text += "; a colour bar in process colours below the bleed"
    return text


def package(pdf: bytes, deck: Deck, tmpl: Template, shop: Profile, *, pages: int, sheets: str = "",
            suffix: str = "", cards: list[Card] | None = None) -> dict[str, bytes]:
    """The folder's files by name: the print file (which must have passed preflight), proofs of every
    face (not for sheets, which you print and look at yourself), and the job ticket. `sheets` describes
    the sheets of an office order; `suffix` ends the print file's name ('-fr'); `cards`: the cards as
    printed (a continued card's parts, 3a 3b, each on its own; default: the deck's)."""
    print_name = shop.print_name(deck.slug, tmpl.name, suffix)
    files = {print_name: pdf}
    cards = list(deck.cards) if cards is None else cards
    ids = [c.id for c in cards]
    if not sheets:
        for i, png in enumerate(proofs.face_pngs(pdf)):
            card = cards[i // 2]
            files[f"proofs/{card.number:02d}{card.part}-{card.id}-{'front' if i % 2 == 0 else 'back'}.png"] = png
        files["proofs/contact-sheet.png"] = proofs.contact_sheet(pdf, ids, title=f"{deck.title} — {tmpl.name}",
                                                                 numbers=[f"{c.number}{c.part}" for c in cards])
    trim_mm = (tmpl.trim[0] / MM, tmpl.trim[1] / MM)
    job = ticket.Job(
        deck=deck.title, deck_slug=deck.slug, template=tmpl.name, organisation=tmpl.organisation,
        cards=len(cards), pages=pages, trim_mm=(round(trim_mm[0], 1), round(trim_mm[1], 1)),
        bleed_mm=0.0 if sheets else shop.bleed_mm, marks=bool(shop.marks) and not sheets, colour=_colour(shop), standard=_standard(shop),
        page_order=sheets or "front then back for each card: F1 B1 F2 B2 …", print_file=print_name,
        sha256=hashlib.sha256(pdf).hexdigest(), stock=ticket.suggested_stock(trim_mm),
        finishing="cut along the cut lines" if sheets else "cut to the TrimBox; round corners optional",
        fichegen_version=__version__, card_ids=tuple(ids), profile=shop.name, language=deck.language)
    files["job.json"] = ticket.job_json(job)
    files["README.txt"] = ticket.readme_txt(job)
    return files
