"""The pipeline: content → layout → render → (impose) → write. The CLI calls these and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import content, impose, layout, render, template
from .errors import FichegenError, Problem, suggest
from .geometry import MM, PageGeometry
from .write import write_atomic

@dataclass(frozen=True)
class Result:
    path: Path
    pages: int
    cards: int
    warnings: tuple = ()


@dataclass(frozen=True)
class Prepared:
    """A deck checked and fitted: everything `check` verifies, and what a build draws from."""

    deck: content.Deck
    template: template.Template
    scales: dict[str, float]  # the type scales every face shares

    def faces(self, *, progress=None):
        return layout.faces(self.deck, self.template, self.scales, progress=progress)

    @property
    def body_size(self) -> float:
        """The smallest body type size any face uses."""
        kinds = {"bullets" if c.side(s).kind == "bullets" else "prose" for c in self.deck.cards for s in ("front", "back")}
        return min((self.template.styles[k].size * self.scales.get(k, 1.0) for k in kinds), default=0.0)


def prepare(deck_path: str | Path, template_name: str | None = None, *, jobs: int = 1, progress=None) -> Prepared:
    """Load and validate everything a build needs, and fit the text: what `check` runs."""
    deck = content.load_deck(deck_path)
    origin = None if template_name else (deck.path, deck.template_line)
    tmpl = template.load(template_name or deck.template, origin)
    if progress is not None and hasattr(progress, "start"):
        progress.start(2 * len(deck.cards))  # each card is fitted once and drawn once
    return Prepared(deck, tmpl, layout.fit(deck, tmpl, jobs=jobs, progress=progress))


def default_output(deck: content.Deck, layout_name: str, template_name: str | None = None) -> Path:
    middle = f"-{template_name}" if template_name else ""
    return Path("output") / f"{deck.slug}{middle}-{layout_name}.pdf"


def _title(card: content.Card) -> str:
    label = "".join(s.text for s in card.label)
    title = "".join(s.text for s in card.title)
    return f"{label}: {title}" if label else title


def _font(tmpl) -> object:
    return tmpl.styles["footer"].font(tmpl)


def _imposed(faces, plan: impose.Imposition, tmpl, title: str) -> bytes:
    bleed = max((p.bleed for side in plan.sides for p in side.placements), default=0.0)
    from .sheetwriter import write_imposition  # pypdf is loaded only by the layouts that need it

    source = render.render_for_imposition(faces, bleed, plan.sides, _font(tmpl), title)
    return write_imposition(source, plan, title=title, duplex=plan.duplex)


def build(deck_path, *, layout_name: str = "pages", template_name: str | None = None, bleed_mm: float = 3.0,
          marks: bool = True, output: str | Path | None = None, sheet: str = "A4", duplex: str = "long",
          back_offset_mm: tuple[float, float] = (0.0, 0.0), all_templates: bool = False, jobs: int = 1,
          progress=None) -> Result:
    """Build one PDF. `progress(n)` is called as cards are fitted (once each) and drawn (once each)."""
    p = prepare(deck_path, template_name, jobs=jobs, progress=progress)
    deck, tmpl = p.deck, p.template
    faces = p.faces(progress=progress)
    subject = f"{len(deck.cards)} cards, template {tmpl.name}"
    if layout_name in ("sheets", "fold"):
        if layout_name == "sheets":
            plan = impose.plan_sheets(len(deck.cards), tmpl.trim, sheet, duplex=duplex, marks=marks, bleed=bleed_mm * MM,
                                      back_offset=(back_offset_mm[0] * MM, back_offset_mm[1] * MM),
                                      deck=deck.title, template=tmpl.name)
        else:
            plan = impose.plan_fold(list(range(len(deck.cards))), tmpl.trim, sheet, marks=marks,
                                    deck=deck.title, template=tmpl.name)
        pdf = _imposed(faces, plan, tmpl, deck.title)
        pages = len(plan.sides)
    else:
        if layout_name == "proof":
            geometry = PageGeometry(tmpl.trim, bleed=0.0, marks=False)
            outline = [(2 * i, _title(card)) for i, card in enumerate(deck.cards)]
        else:
            geometry = PageGeometry(tmpl.trim, bleed=bleed_mm * MM, marks=marks)
            outline = None
        pdf = render.render_pages(faces, geometry, font=_font(tmpl), title=deck.title, subject=subject, outline=outline)
        pages = 2 * len(deck.cards)
    path = write_atomic(output or default_output(deck, layout_name, tmpl.name if all_templates else None), pdf)
    return Result(path, pages, len(deck.cards), tmpl.warnings)


def handout(deck_path, card_id: str, *, fold: bool = False, template_name: str | None = None,
            sheet: str = "A4", output: str | Path | None = None) -> Result:
    """One card's front and back side by side on one sheet, with a cut line (or a fold line)."""
    deck = content.load_deck(deck_path)
    ids = [c.id for c in deck.cards]
    if card_id not in ids:
        raise FichegenError(Problem(deck.path, None, f"no card with id '{card_id}'{suggest(card_id, ids)}; "
                                                     f"the deck's cards are: {', '.join(ids)}"))
    p = prepare(deck_path, template_name)
    deck, tmpl = p.deck, p.template
    i = ids.index(card_id)
    faces = [f for f in p.faces() if f.card_id == card_id]  # the deck's scales, so it matches the deck
    plan = impose.plan_fold([0], tmpl.trim, sheet, line="fold" if fold else "cut", deck=deck.title, template=tmpl.name)
    pdf = _imposed(faces, plan, tmpl, f"{deck.title}: {_title(deck.cards[i])}")
    path = write_atomic(output or Path("output") / f"{deck.slug}-{card_id}-handout.pdf", pdf)
    return Result(path, len(plan.sides), 1)


def calibrate(*, sheet: str = "A4", duplex: str = "long", back_offset_mm: tuple[float, float] = (0.0, 0.0),
              output: str | Path | None = None) -> Result:
    plan = impose.plan_calibration(sheet, duplex, (back_offset_mm[0] * MM, back_offset_mm[1] * MM))
    from .sheetwriter import write_imposition

    source = render.render_for_imposition([], 0.0, plan.sides, _font(template.load("default")), "fichegen duplex calibration")
    pdf = write_imposition(source, plan, title="fichegen duplex calibration", duplex=duplex)
    name = plan.sheet.name.lower()
    path = write_atomic(output or Path("output") / f"calibrate-{name}-{duplex}.pdf", pdf)
    return Result(path, 2, 0)


def order(deck_path, *, template_name: str | None = None, marks: bool = True, output: str | Path | None = None,
          condition: str = "FOGRA39") -> Result:
    """The folder to send to a print shop: a PDF/X-1a print file, proofs and a job ticket. The print file
    must pass our own preflight before anything is written."""
    import hashlib

    from . import __version__, preflight, proofs, ticket
    from .write import write_folder_atomic

    if condition not in render.CONDITIONS:
        raise FichegenError(Problem("--condition", None, f"unknown print condition '{condition}'{suggest(condition, render.CONDITIONS)}; "
                                                         f"known: {', '.join(render.CONDITIONS)}"))
    p = prepare(deck_path, template_name)
    deck, tmpl = p.deck, p.template
    date = deck.date or _source_date() or "20000101"
    geometry = PageGeometry(tmpl.trim, bleed=3 * MM, marks=marks)
    pdf = render.render_pages(p.faces(), geometry, font=_font(tmpl), title=deck.title,
                              subject=f"{len(deck.cards)} cards, template {tmpl.name}", pdfx=render.PDFX(condition, date))
    print_name = f"{deck.slug}-{tmpl.name}-print.pdf"
    findings = _preflight_bytes(pdf, preflight)
    if findings:  # our own file failing our own check is a bug, not a user error
        raise RuntimeError("the print file fails preflight: " + "; ".join(map(str, findings)))
    files = {print_name: pdf}
    ids = [c.id for c in deck.cards]
    for i, png in enumerate(proofs.face_pngs(pdf)):
        files[f"proofs/{i // 2 + 1:02d}-{ids[i // 2]}-{'front' if i % 2 == 0 else 'back'}.png"] = png
    files["proofs/contact-sheet.png"] = proofs.contact_sheet(pdf, ids, title=f"{deck.title} — {tmpl.name}")
    job = ticket.Job(
        deck=deck.title, deck_slug=deck.slug, template=tmpl.name, organisation=tmpl.organisation,
        cards=len(deck.cards), pages=2 * len(deck.cards), trim_mm=(round(tmpl.trim[0] / MM, 1), round(tmpl.trim[1] / MM, 1)),
        bleed_mm=3.0, marks=marks, colour="CMYK process colour; crop marks in registration (Separation All)",
        standard=f"PDF/X-1a:2003, output intent {condition} ({render.CONDITIONS[condition]})",
        page_order="front then back for each card: F1 B1 F2 B2 …", print_file=print_name,
        sha256=hashlib.sha256(pdf).hexdigest(), stock=ticket.suggested_stock((tmpl.trim[0] / MM, tmpl.trim[1] / MM)),
        finishing="cut to the TrimBox; round corners optional", fichegen_version=__version__, card_ids=tuple(ids))
    files["job.json"] = ticket.job_json(job)
    files["README.txt"] = ticket.readme_txt(job)
    folder = write_folder_atomic(output or Path("output") / f"{deck.slug}-{tmpl.name}-order", files)
    return Result(folder, 2 * len(deck.cards), len(deck.cards), tmpl.warnings)


def _source_date() -> str | None:
    """The reproducible-builds convention: SOURCE_DATE_EPOCH fixes the date a build claims."""
    import datetime
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime("%Y%m%d")


def _preflight_bytes(pdf: bytes, preflight) -> list:
    import io

    findings, _ = preflight.preflight(io.BytesIO(pdf))
    return [f for f in findings if not f.warning]
