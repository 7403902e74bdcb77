"""The pipeline: content → layout → render → (impose) → write. The CLI calls these and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from . import __version__, cache as cache_, content, jobs as jobs_, layout, pdffile, render, template
from .errors import FichegenError, Problem, suggest
from .geometry import MM, PageGeometry
from .write import open_atomic, write_atomic

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


def load(deck_path: str | Path, template_name: str | None = None, *, jobs: int = 1, store=None
         ) -> tuple[content.Deck, template.Template, dict]:
    """The deck and its template, read and validated, every character checked against its font; and
    the characters each font sets (layout.deck_chars)."""
    deck = content.load_deck(deck_path, None if store is None else partial(_cached_cards, store))
    origin = None if template_name else (deck.path, deck.template_line)
    tmpl = template.load(template_name or deck.template, origin)
    return deck, tmpl, layout.check_texts(deck, tmpl)


def prepare(deck_path: str | Path, template_name: str | None = None, *, jobs: int = 1, progress=None) -> Prepared:
    """Load and validate everything a build needs, and fit the text: what `check` runs."""
    deck, tmpl, _ = load(deck_path, template_name, jobs=jobs)
    if progress is not None and hasattr(progress, "start"):
        progress.start(2 * len(deck.cards))  # each card is fitted once and drawn once
    return Prepared(deck, tmpl, layout.shared_scales(deck, tmpl, layout.card_fits(deck, tmpl, jobs), progress))


def default_output(deck: content.Deck, layout_name: str, template_name: str | None = None) -> Path:
    middle = f"-{template_name}" if template_name else ""
    return Path("output") / f"{deck.slug}{middle}-{layout_name}.pdf"


def _title(card: content.Card) -> str:
    label = "".join(s.text for s in card.label)
    title = "".join(s.text for s in card.title)
    return f"{label}: {title}" if label else title


def _font(tmpl) -> object:
    return tmpl.styles["footer"].font(tmpl)


def _imposed(faces, plan, tmpl, title: str) -> bytes:
    bleed = max((p.bleed for side in plan.sides for p in side.placements), default=0.0)
    from .sheetwriter import write_imposition  # pypdf is loaded only by the layouts that need it

    source = render.render_for_imposition(faces, bleed, plan.sides, _font(tmpl), title)
    return write_imposition(source, plan, title=title, duplex=plan.duplex)


def build(deck_path, *, layout_name: str = "pages", template_name: str | None = None, bleed_mm: float = 3.0,
          marks: bool = True, output: str | Path | None = None, sheet: str = "A4", duplex: str = "long",
          back_offset_mm: tuple[float, float] = (0.0, 0.0), all_templates: bool = False, jobs: int = 1,
          progress=None, cache: bool = True) -> Result:
    """Build one PDF. `progress(n)` is called as cards are fitted (once each) and drawn (once each)."""
    if layout_name not in ("sheets", "fold"):
        return _build_pages(deck_path, layout_name, template_name, bleed_mm, marks, output, all_templates, jobs, progress,
                            cache)
    from . import impose  # the page layouts need none of it

    p = prepare(deck_path, template_name, jobs=jobs, progress=progress)
    deck, tmpl = p.deck, p.template
    faces = p.faces(progress=progress)
    if layout_name == "sheets":
        plan = impose.plan_sheets(len(deck.cards), tmpl.trim, sheet, duplex=duplex, marks=marks, bleed=bleed_mm * MM,
                                  back_offset=(back_offset_mm[0] * MM, back_offset_mm[1] * MM),
                                  deck=deck.title, template=tmpl.name)
    else:
        plan = impose.plan_fold(list(range(len(deck.cards))), tmpl.trim, sheet, marks=marks,
                                deck=deck.title, template=tmpl.name)
    pdf = _imposed(faces, plan, tmpl, deck.title)
    pages = len(plan.sides)
    path = write_atomic(output or default_output(deck, layout_name, tmpl.name if all_templates else None), pdf)
    return Result(path, pages, len(deck.cards), tmpl.warnings)


def _cached_cards(store, tasks: list) -> list:
    """Card files read through the cache: a file's bytes, path and place in the deck decide its card."""
    keys = []
    for path, number in tasks:
        try:
            key = "card " + cache_.digest(cache_.code_key(), str(path), number, Path(path).read_bytes())
        except OSError:
            key = None
        keys.append(key)
        if key:
            store.sources[str(path)] = key
    found = store.get_many([k for k in keys if k])
    hits = iter(found)
    out = []
    for task, key in zip(tasks, keys):
        card = next(hits) if key else None
        if card is None:
            card = content.read_card(task)
            if key:
                store.put(key, card)
        out.append(card)
    return out


def _build_pages(deck_path, layout_name, template_name, bleed_mm, marks, output, all_templates, jobs, progress,
                 cache: bool = True) -> Result:
    name = f"{Path(deck_path).resolve()}|{template_name}|{layout_name}|{bleed_mm}|{marks}"
    store = cache_.Cache(name) if cache else cache_.NoCache()
    try:
        deck, tmpl, chars = load(deck_path, template_name, jobs=jobs, store=store)
        if progress is not None and hasattr(progress, "start"):
            progress.start(2 * len(deck.cards))  # each card is fitted once and drawn once
        if layout_name == "proof":
            geometry = PageGeometry(tmpl.trim, bleed=0.0, marks=False)
            outline = [(2 * i, _title(card)) for i, card in enumerate(deck.cards)]
        else:
            geometry = PageGeometry(tmpl.trim, bleed=bleed_mm * MM, marks=marks)
            outline = None
        path = Path(output or default_output(deck, layout_name, tmpl.name if all_templates else None))
        info = pdffile.Info(deck.title, f"{len(deck.cards)} cards, template {tmpl.name}", f"fichegen {__version__}",
                            deck.date or "20000101")
        with open_atomic(path) as out:
            pages = _write_pages(deck, tmpl, geometry, out, info, outline=outline, jobs=jobs, progress=progress,
                                 store=store, chars=chars)
    except BaseException:
        store.close(keep=False)
        raise
    store.close(keep=True)
    return Result(path, pages, len(deck.cards), tmpl.warnings)


PROBE = 8  # cards per body style fitted first, for a first guess of the deck's scales
CHUNK = 8  # cards per task for worker processes: small enough to share out evenly, big enough to be worth sending


def resources(deck: content.Deck, tmpl: template.Template, chars: dict | None = None) -> render.Resources:
    """The fonts with every character they set, and the raster logos: what every canvas is seeded with."""
    images = sorted({logo.path for logo in tmpl.logos.values() if not logo.path.lower().endswith(".svg")})
    chars = chars if chars is not None else layout.deck_chars(deck, tmpl)
    return render.Resources(_font(tmpl), tuple(chars.items()), tuple(images))


_WORKER: dict = {}
STYLES = ("title", "back-title", "bullets", "prose")  # the scaled styles, in the order workers share them


def _draw_start(deck, tmpl, geometry: PageGeometry, res: render.Resources, guess) -> None:
    _WORKER.update(deck=deck, tmpl=tmpl, geometry=geometry, res=res, composer=layout.Composer(deck, tmpl), guess=guess)


def _draw(cards: range, scales: dict[str, float]) -> list[bytes]:
    w = _WORKER
    return list(render.page_contents(layout.faces(w["deck"], w["tmpl"], scales, cards), w["geometry"], w["res"]))


def _draw_at(task: tuple[range, dict[str, float]]) -> list[bytes]:
    return _draw(*task)


def _fit_only(cards: list[int]) -> list:
    w = _WORKER
    scales = {k: w["guess"][i] for i, k in enumerate(STYLES)}
    return [layout.fit_card(w["composer"], w["deck"].cards[i], scales) for i in cards]


def _fit_and_draw(cards: range) -> tuple[list, list[dict], dict[str, float], list[bytes] | None]:
    """Fit the cards, then draw them at the smallest scales any card has needed so far (shared by the
    workers): once the deck's smallest card is found, that is the deck's scale, and the lines the fitting
    set are still in the layout cache. Returns the fits, the guess each card was fitted with, the scales
    drawn at, and the pages."""
    w = _WORKER
    guess = w["guess"]
    scales = {k: guess[i] for i, k in enumerate(STYLES)}
    fits, guesses = [], []
    for i in cards:
        guesses.append(dict(scales))
        fit = layout.fit_card(w["composer"], w["deck"].cards[i], scales)
        fits.append(fit)
        for _, own, _, _ in fit:
            for k, v in own.items():
                scales[k] = min(scales[k], v)
    for i, k in enumerate(STYLES):
        guess[i] = min(guess[i], scales[k])
    if any(part for fit in fits for *_, part in fit):
        return fits, guesses, scales, None  # the build fails; nothing to draw
    return fits, guesses, scales, _draw(cards, scales)


def _loose(fit, guess: dict[str, float] | None) -> frozenset[str]:
    """Styles whose fitted scale is only known to be at least the guess it was fitted with: the card
    fitted at the guess, and fitting stopped there."""
    if guess is None:
        return frozenset()
    return frozenset(k for _, own, _, _ in fit for k, v in own.items() if v == guess.get(k, 1.0) < 1.0)


def _settle(deck, tmpl, fits: list, loose: list, composer) -> dict[str, float]:
    """The deck's scales from fits some of which are only lower bounds: refit exactly any such card
    that sets the smallest scale, until a card fitted exactly does."""
    while True:
        shared = layout.shared_scales(deck, tmpl, fits)
        suspects = []
        for k, m in shared.items():
            setting = [i for i, fit in enumerate(fits) if any(own.get(k) == m for _, own, _, _ in fit)]
            if not any(k not in loose[i] for i in setting):  # no card fitted exactly sets it
                suspects += [i for i in setting if k in loose[i]]
        if not suspects:
            return shared
        for i in suspects:
            fits[i], loose[i] = layout.fit_card(composer, deck.cards[i]), frozenset()


def _write_pages(deck, tmpl, geometry: PageGeometry, out, info: pdffile.Info, *, scales: dict | None = None,
                 outline=None, jobs: int = 1, progress=None, store=None, chars: dict | None = None) -> int:
    """Fit and draw the cards in `jobs` processes and write the pages in order; with a cache (`store`)
    that knows most cards, only the cards it does not know are fitted and drawn. Drawn pages wait in a
    temporary file, not in memory."""
    import tempfile

    store = store or cache_.NoCache()
    res = resources(deck, tmpl, chars)
    count = len(deck.cards)
    tick = progress or (lambda n: None)
    composer = layout.Composer(deck, tmpl)
    tkey = "" if isinstance(store, cache_.NoCache) else cache_.template_key(tmpl)
    keys = [cache_.digest(tkey, store.source(card.path) or card, deck.language, composer.values(card)) if tkey else ""
            for card in deck.cards]
    known = store.get_many(["fit " + k for k in keys]) if tkey and scales is None else [None] * count
    fits = loose = None
    if scales is None and count and sum(k is None for k in known) <= count // 4:
        # most cards are known: fit the others here, exactly
        fits = [k[0] if k else layout.fit_card(composer, card) for k, card in zip(known, deck.cards)]
        loose = [k[1] if k else frozenset() for k in known]
        scales = _settle(deck, tmpl, fits, loose, composer)
        tick(count)
    encoding = render.content_key(res)
    page_key = lambda i: "pages " + cache_.digest(keys[i], scales, geometry, encoding)  # noqa: E731
    stored = store.get_many([page_key(i) for i in range(count)]) if tkey and scales is not None else [None] * count
    missing = sum(p is None for p in stored)
    jobs = jobs if missing >= jobs_.PARALLEL_FROM else 1
    guess = jobs_.shared_floats(jobs, [1.0] * len(STYLES))
    parts = jobs_.chunks(count, CHUNK)
    with tempfile.TemporaryFile() as spool, jobs_.Workers(jobs, _draw_start, (deck, tmpl, geometry, res, guess)) as workers:
        resource_objects = _Resources(res, store, workers)
        drawn: list[tuple[dict, list[int]]] = []  # per part: scales drawn at, page content lengths
        if scales is None:
            fits, loose, scales = _fit_and_draw_all(deck, tmpl, workers, parts, guess, spool, drawn, tick)
        if tkey and fits is not None:
            for k, fit, lo in zip(keys, fits, loose):
                store.put("fit " + k, (fit, lo))
        same = lambda used: all(used.get(k, 1.0) == scales.get(k, 1.0) for k in STYLES)  # noqa: E731
        redo = [i for i in range(len(parts)) if (i >= len(drawn) or not same(drawn[i][0]))
                and any(stored[c] is None for c in parts[i])]
        again = workers.map(_draw_at, [([c for c in parts[i] if stored[c] is None], scales) for i in redo])
        redone = set(redo)
        boxes = {"MediaBox": geometry.media.as_tuple(), "BleedBox": geometry.bleed_box.as_tuple(),
                 "TrimBox": geometry.trim.as_tuple()}
        writer = pdffile.PageWriter(out, boxes, resource_objects.result())
        spool.seek(0)
        for i, part in enumerate(parts):
            spooled = [spool.read(n) for n in (drawn[i][1] if i < len(drawn) else [])]
            if i < len(drawn) and same(drawn[i][0]) and spooled:
                contents = spooled
            else:
                fresh = iter(next(again) if i in redone else [])
                contents = [c for card in part for c in (stored[card] or (next(fresh), next(fresh)))]
                if i >= len(drawn):
                    tick(len(part))
            for n, card in enumerate(part):
                if tkey and stored[card] is None:
                    store.put(page_key(card), contents[2 * n: 2 * n + 2])
            for content in contents:
                writer.page(content)
        return writer.close(info, outline)


class _Resources:
    """The resource document's objects as the page writer numbers them: from the cache, or made by a
    worker while the cards are fitted."""

    def __init__(self, res: render.Resources, store, workers):
        self.store, self.key = store, "resources " + cache_.digest(cache_.code_key(), res)
        self.found = store.get(self.key)
        self.made = workers.submit(_make_resource_objects, res) if self.found is None else None

    def result(self):
        if self.found is None:
            self.found = self.made.result()
            self.store.put(self.key, self.found)
        return self.found


def _make_resource_objects(res: render.Resources) -> tuple[int, list[tuple[int, bytes]]]:
    return pdffile.resource_objects(render.resource_pdf(res))


def _fit_and_draw_all(deck, tmpl, workers, parts, guess, spool, drawn: list, tick):
    """The whole deck fitted, and drawn at the scales guessed as it goes (into `spool`; `drawn` says at
    what scales and how long each page is). Returns the fits, which of them are only lower bounds, and
    the deck's scales."""
    jobs = workers.jobs
    probe = layout.likely_tightest(deck, tmpl, PROBE)  # a first guess from the cards likeliest to need the smallest type
    exact = {}
    for cards, part_fits in zip([probe[k::jobs] for k in range(jobs)],
                                workers.map(_fit_only, [probe[k::jobs] for k in range(jobs)])):
        exact.update(zip(cards, part_fits))
        for fit in part_fits:
            for _, own, _, _ in fit:
                for k, v in own.items():
                    guess[STYLES.index(k)] = min(guess[STYLES.index(k)], v)
    fits, loose = [], []
    for part_fits, guesses, used, contents in workers.map(_fit_and_draw, parts):
        fits += part_fits
        loose += [_loose(f, g) for f, g in zip(part_fits, guesses)]
        for content in contents or ():
            spool.write(content)
        drawn.append((used, [len(c) for c in contents or ()]))
        tick(2 * len(part_fits))
    for i, fit in exact.items():  # fitted from full size: exact, and what the guesses came from
        fits[i], loose[i] = fit, frozenset()
    return fits, loose, layout.shared_scales(deck, tmpl, fits)


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
    from . import impose

    plan = impose.plan_fold([0], tmpl.trim, sheet, line="fold" if fold else "cut", deck=deck.title, template=tmpl.name)
    pdf = _imposed(faces, plan, tmpl, f"{deck.title}: {_title(deck.cards[i])}")
    path = write_atomic(output or Path("output") / f"{deck.slug}-{card_id}-handout.pdf", pdf)
    return Result(path, len(plan.sides), 1)


def calibrate(*, sheet: str = "A4", duplex: str = "long", back_offset_mm: tuple[float, float] = (0.0, 0.0),
              output: str | Path | None = None) -> Result:
    from . import impose

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
    import io

    from . import preflight, proofs, ticket
    from .write import write_folder_atomic

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
    _write_pages(deck, tmpl, geometry, buf, info, scales=p.scales)
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
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime("%Y%m%d")


def _preflight_bytes(pdf: bytes, preflight) -> list:
    import io

    findings, _ = preflight.preflight(io.BytesIO(pdf))
    return [f for f in findings if not f.warning]
