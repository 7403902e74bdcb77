"""The pipeline: content → layout → render → (impose) → write. The CLI calls these and nothing else."""

from __future__ import annotations

import gc
import os
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from fichegen import __version__
from fichegen import cache as cache_
from fichegen.content import deck as content
from fichegen import drawing
from fichegen.layout import glyphs
from fichegen import workers as jobs_
from fichegen.layout import compose as layout
from fichegen import packed
from fichegen.pdf import writer as pdffile
from fichegen.pdf import draw as render
from fichegen.style import template
from fichegen.errors import FichegenError, Problem, suggest
from fichegen.geometry import MM, PageGeometry
from fichegen.output import open_atomic

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
    chars: dict  # glyphs.deck_chars: what every canvas is seeded with

    def faces(self, *, progress=None):
        return layout.faces(self.deck, self.template, self.scales, progress=progress)

    @property
    def body_size(self) -> float:
        """The smallest body type size any face uses."""
        kinds = {"bullets" if c.side(s).kind == "bullets" else "prose" for c in self.deck.cards for s in ("front", "back")}
        return min((self.template.styles[k].size * self.scales.get(k, 1.0) for k in kinds), default=0.0)


def load(deck_path: str | Path, template_name: str | None = None, *, store=None, jobs: int = 1
         ) -> tuple[content.Deck, template.Template, dict]:
    """The deck and its template, read (card files in `jobs` processes) and validated, every character
    checked against its font; and the characters each font sets (glyphs.deck_chars)."""
    store = store or cache_.NoCache()
    spool = packed.Spool() if packed.Spool.usable else None  # the cards' texts, out of every process's memory
    deck = content.load_deck(deck_path, partial(drawing.cached_cards, store, jobs=jobs, spool=spool),
                             packed.Shelf(spool) if spool is not None else None)
    if spool is not None:
        spool.flush()  # before any worker is forked with a copy of what is still to be written
    origin = None if template_name else (deck.path, deck.template_line)
    tmpl = template.load(template_name or deck.template, origin)
    chars = glyphs.check_texts(deck, tmpl, store.chars)
    store.chars.clear()  # each card's characters, read with it: checked now, and a deck holds many
    return deck, tmpl, chars


def prepare(deck_path: str | Path, template_name: str | None = None, *, jobs: int = 1, progress=None) -> Prepared:
    """Load and validate everything a build needs, and fit the text: what `check` runs."""
    deck, tmpl, chars = load(deck_path, template_name, jobs=jobs)
    if progress is not None and hasattr(progress, "start"):
        progress.start(2 * len(deck.cards))  # each card is fitted once and drawn once
    return Prepared(deck, tmpl, layout.shared_scales(deck, tmpl, layout.card_fits(deck, tmpl, jobs), progress), chars)


def default_output(deck: content.Deck, layout_name: str, template_name: str | None = None) -> Path:
    middle = f"-{template_name}" if template_name else ""
    return Path("output") / f"{deck.slug}{middle}-{layout_name}.pdf"


def _title(card: content.Card) -> str:
    label = "".join(s.text for s in card.label)
    title = "".join(s.text for s in card.title)
    return f"{label}: {title}" if label else title


def _font(tmpl) -> object:
    return tmpl.styles["footer"].font(tmpl)


def _info(deck: content.Deck, tmpl: template.Template, title: str | None = None) -> pdffile.Info:
    return pdffile.Info(title or deck.title, f"{len(deck.cards)} cards, template {tmpl.name}", f"fichegen {__version__}",
                        deck.date or "20000101")


@contextmanager
def _cache(deck_path, cache: bool, *what):
    """The build cache for this deck and these settings: kept if the build succeeds, else left as it was."""
    store = cache_.Cache("|".join(map(str, (Path(deck_path).resolve(), *what)))) if cache else cache_.NoCache()
    cache_.use_disk(cache)
    try:
        yield store
    except BaseException:
        store.close(keep=False)
        raise
    store.close(keep=True)


@contextmanager
def _collector_held():
    """A build's main process makes objects that live until it ends (the deck, its fits) and next to no
    garbage: Python's collector, which would look through them again and again, waits until the build is
    done (a tenth of a cached rebuild's own work). Workers collect as usual (jobs.Workers)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@contextmanager
def _early_workers(deck_path, store, jobs: int):
    """The workers for a build that will draw every card (its cache holds nothing), started before the
    deck is read: forked while this process is small, they never hold the deck, whatever its size."""
    if jobs > 1 and store.empty() and _card_files(deck_path) > jobs_.PARALLEL_FROM:
        with drawing.workers(jobs) as started:
            yield started
    else:
        yield None


def _card_files(deck_path) -> int:
    """About how many cards the deck has, before it is read: its YAML files."""
    try:
        with os.scandir(deck_path) as entries:
            return sum(1 for e in entries if e.name.endswith(".yaml"))
    except OSError:
        return 0


def build(deck_path, *, layout_name: str = "pages", template_name: str | None = None, bleed_mm: float = 3.0,
          marks: bool = True, output: str | Path | None = None, sheet: str = "A4", duplex: str = "long",
          back_offset_mm: tuple[float, float] = (0.0, 0.0), all_templates: bool = False, jobs: int = 1,
          progress=None, cache: bool = True) -> Result:
    """Build one PDF, written as it is drawn. `progress(n)` is called as cards are fitted (once each) and
    drawn (once each)."""
    with _collector_held(), \
            _cache(deck_path, cache, template_name, layout_name, bleed_mm, marks, sheet, duplex, back_offset_mm) as store, \
            _early_workers(deck_path, store, jobs) as started:
        deck, tmpl, chars = load(deck_path, template_name, store=store, jobs=jobs)
        if progress is not None and hasattr(progress, "start"):
            progress.start(2 * len(deck.cards))
        path = Path(output or default_output(deck, layout_name, tmpl.name if all_templates else None))
        draw = dict(jobs=jobs, progress=progress, store=store, started=started)
        if layout_name in ("sheets", "fold"):
            from fichegen.imposition import plan as impose  # the page layouts need none of it

            if layout_name == "sheets":
                plan = impose.plan_sheets(len(deck.cards), tmpl.trim, sheet, duplex=duplex, marks=marks,
                                          bleed=bleed_mm * MM, back_offset=(back_offset_mm[0] * MM, back_offset_mm[1] * MM),
                                          deck=deck.title, template=tmpl.name)
            else:
                plan = impose.plan_fold(list(range(len(deck.cards))), tmpl.trim, sheet, marks=marks,
                                        deck=deck.title, template=tmpl.name)
            with open_atomic(path) as out:
                pages = _write_imposed(out, deck, tmpl, chars, plan, _info(deck, tmpl), **draw)
            return Result(path, pages, len(deck.cards), tmpl.warnings)
        if layout_name == "proof":
            geometry = PageGeometry(tmpl.trim, bleed=0.0, marks=False)
            outline = [(2 * i, _title(card)) for i, card in enumerate(deck.cards)]
        else:
            geometry = PageGeometry(tmpl.trim, bleed=bleed_mm * MM, marks=marks)
            outline = None
        with open_atomic(path) as out:
            pages = _write_pages(out, deck, tmpl, chars, geometry, _info(deck, tmpl), outline=outline, **draw)
        return Result(path, pages, len(deck.cards), tmpl.warnings)


def _write_pages(out, deck, tmpl, chars, geometry: PageGeometry, info: pdffile.Info, *, outline=None, **draw) -> int:
    """One page per face, with TrimBox and BleedBox, written as the faces are drawn."""
    boxes = {"MediaBox": geometry.media.as_tuple(), "BleedBox": geometry.bleed_box.as_tuple(),
             "TrimBox": geometry.trim.as_tuple()}
    with drawing.drawn(deck, tmpl, geometry, chars=chars, **draw) as (_, resource_objects, contents):
        writer = pdffile.PageWriter(out, boxes, resource_objects)
        for stream in contents:
            writer.page(stream)
        return writer.close(info, outline)


def _write_imposed(out, deck, tmpl, chars, plan, info: pdffile.Info, *, cards=None, scales=None, **draw) -> int:
    """The imposition plan drawn: every face once, as a form, placed by reference on its sheet sides,
    each side's marks and labels on top. Sides are written as soon as their faces are."""
    bleed = max((p.bleed for side in plan.sides for p in side.placements), default=0.0)
    labels = "".join(label.text for side in plan.sides for label in side.labels)
    chars = glyphs.with_chars(chars, _font(tmpl), labels)
    if cards is None:
        drawn = drawing.drawn(deck, tmpl, bleed, chars=chars, scales=scales, **draw)
    else:  # a few cards, here
        drawn = _few(deck, tmpl, chars, cards, scales, bleed)
    with drawn as (kit, resource_objects, contents):
        furniture = render.furniture_contents(plan.sides, _font(tmpl), kit)
        return pdffile.write_sheets(out, plan, tmpl.trim, bleed, resource_objects, contents, furniture, info)


@contextmanager
def _few(deck, tmpl, chars, cards: list[int], scales, spec):
    """drawing.drawn for a few cards, in this process and without the cache (a handout)."""
    kit = render.prepare(drawing.resources(deck, tmpl, chars))
    yield kit, kit.objects, render.face_contents(layout.faces(deck, tmpl, scales, cards), spec, kit)


def handout(deck_path, card_id: str, *, fold: bool = False, template_name: str | None = None,
            sheet: str = "A4", output: str | Path | None = None) -> Result:
    """One card's front and back side by side on one sheet, with a cut line (or a fold line)."""
    from fichegen.imposition import plan as impose

    deck = content.load_deck(deck_path)
    ids = [c.id for c in deck.cards]
    if card_id not in ids:
        raise FichegenError(Problem(deck.path, None, f"no card with id '{card_id}'{suggest(card_id, ids)}; "
                                                     f"the deck's cards are: {', '.join(ids)}"))
    p = prepare(deck_path, template_name)  # the deck's scales, so the handout matches the deck
    deck, tmpl = p.deck, p.template
    i = ids.index(card_id)
    plan = impose.plan_fold([0], tmpl.trim, sheet, line="fold" if fold else "cut", deck=deck.title, template=tmpl.name)
    path = Path(output or Path("output") / f"{deck.slug}-{card_id}-handout.pdf")
    with open_atomic(path) as out:
        _write_imposed(out, deck, tmpl, p.chars, plan,
                       _info(deck, tmpl, f"{deck.title}: {_title(deck.cards[i])}"), cards=[i], scales=p.scales)
    return Result(path, len(plan.sides), 1)


def calibrate(*, sheet: str = "A4", duplex: str = "long", back_offset_mm: tuple[float, float] = (0.0, 0.0),
              output: str | Path | None = None) -> Result:
    from fichegen.imposition import plan as impose

    plan = impose.plan_calibration(sheet, duplex, (back_offset_mm[0] * MM, back_offset_mm[1] * MM))
    tmpl = template.load("default")
    empty = content.Deck("calibration", "", "fichegen duplex calibration", "en", "default", 1, "", (), None)
    name = plan.sheet.name.lower()
    path = Path(output or Path("output") / f"calibrate-{name}-{duplex}.pdf")
    with open_atomic(path) as out:
        _write_imposed(out, empty, tmpl, {}, plan, _info(empty, tmpl), cards=[], scales={})
    return Result(path, 2, 0)


def order(deck_path, *, template_name: str | None = None, marks: bool = True, output: str | Path | None = None,
          condition: str = "FOGRA39") -> Result:
    """The folder to send to a print shop: a PDF/X-1a print file, proofs and a job ticket. The print file
    must pass our own preflight before anything is written."""
    import hashlib
    import io

    from fichegen.printshop import preflight
    from fichegen.printshop import proofs
    from fichegen.printshop import ticket
    from fichegen.output import write_folder_atomic

    if condition not in pdffile.CONDITIONS:
        raise FichegenError(Problem("--condition", None, f"unknown print condition '{condition}'{suggest(condition, pdffile.CONDITIONS)}; "
                                                         f"known: {', '.join(pdffile.CONDITIONS)}"))
    p = prepare(deck_path, template_name)
    deck, tmpl = p.deck, p.template
    date = deck.date or _source_date() or "20000101"
    geometry = PageGeometry(tmpl.trim, bleed=3 * MM, marks=marks)
    info = pdffile.Info(deck.title, f"{len(deck.cards)} cards, template {tmpl.name}", f"fichegen {__version__}", date,
                        pdfx=(condition, pdffile.CONDITIONS[condition]))
    buf = io.BytesIO()
    _write_pages(buf, deck, tmpl, p.chars, geometry, info, scales=p.scales)
    pdf = buf.getvalue()
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
        standard=f"PDF/X-1a:2003, output intent {condition} ({pdffile.CONDITIONS[condition]})",
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

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime("%Y%m%d")


def _preflight_bytes(pdf: bytes, preflight) -> list:
    import io

    findings, _ = preflight.preflight(io.BytesIO(pdf))
    return [f for f in findings if not f.warning]
