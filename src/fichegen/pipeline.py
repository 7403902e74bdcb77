"""The stages joined: content → style → layout (one fit) → pdf, and imposition or the print shop's
order after it. The CLI calls these and nothing else.

Every function takes the build's settings as one value (options.BuildOptions) and, optionally, a cache
(cache.DiskCache, cache.MemoryCache) that it hands to the stages that can use it; without one, the same
bytes are written."""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Iterator

from fichegen import __version__
from fichegen.keys import digest, made, template_key
from fichegen.content.deck import load_deck
from fichegen.content.model import Card, Deck
from fichegen.errors import FichegenError, Problem, suggest
from fichegen.geometry import MM, PageGeometry
from fichegen.layout import continued, glyphs, media
from fichegen.layout.compose import Composer, card_faces
from fichegen.layout.fit import PART, Fitting, deck_head, fit_deck
from fichegen.options import BuildOptions, Layout
from fichegen.output import open_atomic
from fichegen.pdf import draw, writer
from fichegen.style import template as style, words
from fichegen.style.template import Template
from fichegen.workers import PARALLEL_FROM, Pool, chunks


@dataclass(frozen=True)
class Result:
    path: Path
    pages: int
    cards: int
    warnings: tuple = ()


@dataclass(frozen=True)
class Prepared:
    """A deck read, checked and fitted: everything `check` verifies, and what every output draws from."""

    deck: Deck
    template: Template
    fitting: Fitting
    chars: dict  # glyphs.deck_chars: every character each font sets
    around: str  # a key for the template and the deck's own fields: what a card's pages depend on besides it
    prints: tuple[str, ...] = ()  # each card's fingerprint (with a cache): what its cache entries are keyed by

    @property
    def scales(self) -> dict[str, float]:
        return self.fitting.scales

    @cached_property
    def printed(self) -> tuple[tuple[int, Card], ...]:
        """The deck as printed: (source card index, card as printed) per card and per part of a
        continued card (layout.continued), in print order."""
        return continued.printed(self.deck, self.template.word("continued", self.deck.language), self.fitting.splits)

    @property
    def warnings(self) -> tuple:
        return _warnings(self.deck, self.template)

    @property
    def body_size(self) -> float:
        """The smallest body type size any face uses."""
        kinds = {"bullets" if c.side(s).kind == "bullets" else "prose" for c in self.deck.cards for s in ("front", "back")}
        return min((self.template.styles[k].size * self.scales.get(k, 1.0) for k in kinds), default=0.0)


def _read(deck_path, template_name: str | None, cache, pool: Pool | None = None,
          language: str | None = None) -> tuple[Deck, Template, dict, str, tuple]:
    """The deck (in `language`, one of its languages; None: its source) and its template, read and
    validated, every character checked against its font; the characters each font sets; the key of
    what a card's pages depend on besides the card, and each card's fingerprint (with a cache)."""
    deck = load_deck(deck_path, cache, pool, language)
    origin = None if template_name else (deck.path, deck.template_line)
    tmpl = style.load(template_name or deck.template, origin)
    tmpl = media.checked(deck, tmpl)
    if cache is None:
        return deck, tmpl, glyphs.check_texts(deck, tmpl), "", ()
    around = digest(template_key(tmpl), deck_head(deck), len(deck.cards))
    prints = tuple(card.fingerprint() for card in deck.cards)
    known: dict = {}
    for card, fingerprint in zip(deck.cards, prints):
        for key, text in made(cache, "chars " + fingerprint, lambda: tuple(glyphs.card_chars(card).items())):
            known.setdefault(key, set()).update(text)
    return deck, tmpl, glyphs.check_texts(deck, tmpl, known), around, prints


def prepare(deck_path, template_name: str | None = None, *, pool: Pool | None = None, cache=None,
            progress=None, language: str | None = None) -> Prepared:
    """Read and validate the deck (in `language`; None: its source) and its template, check every
    character against its font, and fit the text: what `check` runs, and where every output starts."""
    deck, tmpl, chars, around, prints = _read(deck_path, template_name, cache, pool, language)
    _start(progress, deck)
    fitting, _ = fit_deck(deck, tmpl, pool, cache, around=around, prints=prints, progress=progress)
    return Prepared(deck, tmpl, fitting, chars, around, prints)


def languages(deck_path) -> tuple[str, ...]:
    """The deck's languages, the source first."""
    from fichegen.content import deck

    return deck.languages(deck_path) or load_deck(deck_path).languages  # the second raises what the first cannot say


def check(deck_path, template_name: str | None = None, *, pool: Pool | None = None,
          language: str | None = None) -> list[Prepared]:
    """`prepare` for `language`, or for every language of the deck in turn (None); raises FichegenError
    with the problems of all of them, each once."""
    problems: dict = {}
    prepared = []
    from fichegen.content import deck

    for lang in [language] if language else deck.languages(deck_path) or [None]:
        try:
            prepared.append(prepare(deck_path, template_name, pool=pool, language=lang))
        except FichegenError as e:
            problems.update(dict.fromkeys(e.problems))
    if problems:
        raise FichegenError(list(problems))
    return prepared


def _warnings(deck: Deck, tmpl: Template) -> tuple:
    """What a build warns about: the deck's (a translation missing, with a fallback), the template's
    (a low-resolution logo), and a template word without the deck's language."""
    return tuple(dict.fromkeys(deck.warnings + tmpl.warnings + words.warnings(tmpl, deck.language)))


def _start(progress, deck: Deck) -> None:
    if progress is not None and hasattr(progress, "start"):
        progress.start(2 * len(deck.cards))  # each card is fitted once and drawn once


def default_output(deck: Deck, layout: Layout | str, template_name: str | None = None, language: str | None = None) -> Path:
    middle = f"-{template_name}" if template_name else ""
    return Path("output") / f"{deck.slug}{middle}-{Layout(layout).value}{language_suffix(language)}.pdf"


def language_suffix(language: str | None) -> str:
    """What ends an output's name when a language was asked for ('-fr'); nothing when none was."""
    return f"-{language}" if language else ""


def _info(deck: Deck, tmpl: Template, title: str | None = None, **more) -> writer.Info:
    return writer.Info(title or deck.title, f"{len(deck.cards)} cards, template {tmpl.name}", f"fichegen {__version__}",
                       deck.date or "20000101", language=deck.language, **more)


def _digits(deck: Deck) -> str:
    """A deck that may continue learns how many cards it prints only once it is fitted, after its
    resources are made: the job labels' numbers may then hold any digit."""
    return "0123456789" if continued.may_continue(deck) else ""


def resource_kit(tmpl: Template, chars: dict, cache, more_chars: str = "", deck: Deck | None = None,
                 ink_limit: float = 300.0) -> draw.Kit:
    """The resource document every face is drawn with: the fonts with every character they set, the
    logos, the deck's pictures and icons, and the registration colour; made once per build (and kept in
    the cache)."""
    footer = tmpl.styles["footer"].font(tmpl)
    chars = glyphs.with_chars(chars, footer, more_chars) if more_chars else chars
    res = draw.Resources(footer, tuple(chars.items()),
                         tuple(sorted({logo.path for logo in tmpl.logos.values()})),
                         *((media.picture_sizes(deck, tmpl), media.icon_colours(deck, tmpl)) if deck else ((), ())),
                         ink_limit)
    if cache is None:
        return draw.prepare(res)
    return made(cache, "kit " + digest(res, template_key(tmpl)), lambda: draw.prepare(res))


STYLES = ("title", "back-title", "bullets", "prose")  # the styles fitting scales


def _same(a: dict[str, float], b: dict[str, float]) -> bool:
    return all(a.get(k, 1.0) == b.get(k, 1.0) for k in STYLES)


def _pairs(composer: Composer, cards, scales: dict[str, float], spec, kit: draw.Kit, splits=None) -> list[tuple[bytes, ...]]:
    """Each card's front and back composed at `scales` and drawn: a (front, back) pair of streams; for
    a continued card (`splits`), the front and back of each card it prints on."""
    streams = iter(draw.face_contents(card_faces(composer, cards, scales, splits), spec, kit))
    return [tuple(next(streams) for _ in range(2 * (split.parts if split else 1))) for split in splits or [None] * len(cards)]


def _draw_part(task: tuple) -> list[tuple[bytes, ...]]:
    """A worker's task: the cards drawn at the deck's scales."""
    head, count, tmpl, cards, splits, scales, spec, kit = task
    return _pairs(Composer(head, tmpl, count), cards, scales, spec, kit, splits)


def _draw_fitted(composer: Composer, cards, fits, start: dict[str, float], spec, kit) -> list | None:
    """Drawn right after fitting (layout.fit's `then`), at the fitting's start, while the lines set
    there are at hand: the pages, should the start be the deck's scales. None when a card of the part
    needs smaller type (the deck's scales are then below the start)."""
    if any(fit.part or any(v < start.get(k, 1.0) for k, v in fit.scales) for sides in fits for fit in sides):
        return None
    return [(start, pair) for pair in _pairs(composer, cards, start, spec, kit)]


def drawn(p: Prepared, spec: PageGeometry | float, kit: draw.Kit, pool: Pool | None = None, cache=None,
          cards: list[int] | None = None, early: dict | None = None, progress=None) -> Iterator[bytes]:
    """The compressed content streams of the faces of `cards` (default: every card), front then back, in
    order (a continued card: those of every card it prints on). A card drawn before in the same setting comes from the cache, or from `early` (card index →
    (scales, streams), see _draw_fitted) when drawn at the deck's scales; the rest are drawn in
    `pool`'s processes."""
    pool = pool or Pool(1)
    deck, indexes = p.deck, list(range(len(p.deck.cards))) if cards is None else cards
    setting = digest(p.around, p.scales, spec, kit.key) if cache is not None and p.around else ""
    keys = [f"faces {digest(setting, p.prints[i])}" for i in indexes] if setting else []
    found = [cache.get(key) for key in keys] if keys else [None] * len(indexes)
    for n, i in enumerate(indexes):
        if found[n] is None and early and i in early and _same(early[i][0], p.scales):
            found[n] = early[i][1]
            if keys:
                cache.put(keys[n], found[n])
    todo = [n for n, faces in enumerate(found) if faces is None]
    parts = [[todo[n] for n in part] for part in chunks(len(todo), PART)]
    light = kit.without_objects()  # workers draw; only the writer needs the objects
    head = deck_head(deck)
    tasks = ((head, len(deck.cards), p.template, [deck.cards[indexes[n]] for n in part],
              [p.fitting.splits.get(indexes[n]) for n in part], p.scales, spec, light) for part in parts)
    redrawn = zip(parts, pool.map(_draw_part, tasks, parallel=len(todo) >= PARALLEL_FROM))
    for n in range(len(indexes)):
        faces, found[n] = found[n], None
        if faces is None:  # the next part drawn holds it
            part, pairs = next(redrawn)
            for m, pair in zip(part, pairs):
                found[m] = pair
                if keys:
                    cache.put(keys[m], pair)
            faces, found[n] = found[n], None
        if progress:
            progress(1)
        yield from faces


def build(deck_path, options: BuildOptions = BuildOptions(), cache=None, *, progress=None) -> Result:
    """Build one PDF, written as it is drawn."""
    with Pool(options.jobs) as pool:
        deck, tmpl, chars, around, prints = _read(deck_path, options.template, cache, pool, options.language)
        _start(progress, deck)
        path = Path(options.output or default_output(deck, options.layout, tmpl.name if options.template_in_name else None,
                                                     options.language and deck.language))
        plan = _plan(options, deck, tmpl, len(deck.cards))
        if plan is not None:
            spec = max((pl.bleed for side in plan.sides for pl in side.placements), default=0.0)
            kit = resource_kit(tmpl, chars, cache, _labels(plan) + _digits(deck), deck)
        elif options.layout is Layout.PROOF:
            spec = PageGeometry(tmpl.trim, bleed=0.0, marks=False)
            kit = resource_kit(tmpl, chars, cache, deck=deck)
        else:
            spec = PageGeometry(tmpl.trim, bleed=options.bleed_mm * MM, marks=options.marks)
            kit = resource_kit(tmpl, chars, cache, deck=deck)
        fitting, early = fit_deck(deck, tmpl, pool, cache, around=around, prints=prints, progress=progress,
                                  then=(_draw_fitted, spec, kit.without_objects()))
        p = Prepared(deck, tmpl, fitting, chars, around, prints)
        if plan is not None and len(p.printed) != len(deck.cards):
            plan = _plan(options, deck, tmpl, len(p.printed))  # cards continued: more cards to place
        faces = drawn(p, spec, kit, pool, cache, early=early, progress=progress)
        with open_atomic(path) as out:
            if plan is not None:
                pages = _write_sheets(out, p, plan, spec, kit, faces, _info(deck, tmpl))
            else:
                outline = [(2 * i, card.heading) for i, (_, card) in enumerate(p.printed)]
                pages = _write_pages(out, spec, kit, faces, _info(deck, tmpl), outline if options.layout is Layout.PROOF else None)
        return Result(path, pages, len(p.printed), _warnings(deck, tmpl))


def _plan(options: BuildOptions, deck: Deck, tmpl: Template, count: int):
    """The imposition plan for the sheets and fold layouts, for `count` printed cards (None: one page per face)."""
    if options.layout not in (Layout.SHEETS, Layout.FOLD):
        return None
    from fichegen.imposition import plan as imposition

    if options.layout is Layout.SHEETS:
        offset = (options.back_offset_mm[0] * MM, options.back_offset_mm[1] * MM)
        return imposition.plan_sheets(count, tmpl.trim, options.sheet, duplex=options.duplex,
                                      marks=options.marks, bleed=options.bleed_mm * MM, back_offset=offset,
                                      deck=deck.title, template=tmpl.name)
    return imposition.plan_fold(list(range(count)), tmpl.trim, options.sheet, marks=options.marks,
                                deck=deck.title, template=tmpl.name)


def _labels(plan) -> str:
    return "".join(label.text for side in plan.sides for label in side.labels)


def _write_pages(out, geometry: PageGeometry, kit: draw.Kit, faces: Iterator[bytes], info: writer.Info,
                 outline=None) -> int:
    """One page per face, with TrimBox and BleedBox, written as the faces arrive."""
    boxes = {"MediaBox": geometry.media.as_tuple(), "BleedBox": geometry.bleed_box.as_tuple(),
             "TrimBox": geometry.trim.as_tuple()}
    pages = writer.PageWriter(out, boxes, kit.objects, info.version)
    for stream in faces:
        pages.page(stream)
    return pages.close(info, outline)


def _write_sheets(out, p: Prepared, plan, bleed: float, kit: draw.Kit, faces: Iterator[bytes], info: writer.Info) -> int:
    """The imposition plan drawn: every face once, as a form placed by reference on its sheet sides,
    each side's marks and labels on top."""
    furniture = draw.furniture_contents(plan.sides, p.template.styles["footer"].font(p.template), kit)
    return writer.write_sheets(out, plan, p.template.trim, bleed, kit.objects, faces, furniture, info)


def _imposed(out, p: Prepared, plan, info: writer.Info, cards: list[int], faces: slice = slice(None)) -> int:
    """A plan for a few cards (a handout, the calibration sheet), drawn here; `faces`: which of their
    faces (one printed card of a continued card)."""
    bleed = max((pl.bleed for side in plan.sides for pl in side.placements), default=0.0)
    kit = resource_kit(p.template, p.chars, None, _labels(plan), p.deck)
    chosen = itertools.islice(drawn(p, bleed, kit, cards=cards), faces.start, faces.stop)
    return _write_sheets(out, p, plan, bleed, kit, chosen, info)


def handout(deck_path, card_id: str, *, fold: bool = False, template_name: str | None = None,
            sheet: str = "A4", output: str | Path | None = None, language: str | None = None) -> Result:
    """One card's front and back side by side on one sheet, with a cut line (or a fold line), at the
    deck's own type scales; a continued card's every printed card, one a sheet, or (by its id, `x.b`)
    one of them."""
    from fichegen.imposition import plan as imposition

    p = prepare(deck_path, template_name, language=language)
    deck, tmpl = p.deck, p.template
    ids = [c.id for c in deck.cards]
    parts = [card.id for _, card in p.printed if card.id not in ids]  # the continuation cards' own ids
    if card_id not in ids + parts:
        raise FichegenError(Problem(deck.path, None, f"no card with id '{card_id}'{suggest(card_id, ids + parts)}; "
                                                     f"the deck's cards are: {', '.join(ids)}"))
    i = ids.index(card_id.split(".")[0])
    mine = [card for source, card in p.printed if source == i]
    k = next(n for n, card in enumerate(mine) if card.id == card_id) if card_id in parts else None
    plan = imposition.plan_fold(list(range(len(mine) if k is None else 1)), tmpl.trim, sheet,
                                line="fold" if fold else "cut", deck=deck.title, template=tmpl.name)
    path = Path(output or Path("output") / f"{deck.slug}-{card_id}-handout{language_suffix(language and deck.language)}.pdf")
    with open_atomic(path) as out:
        _imposed(out, p, plan, _info(deck, tmpl, f"{deck.title}: {mine[k or 0].heading}"), [i],
                 slice(None) if k is None else slice(2 * k, 2 * k + 2))
    return Result(path, len(plan.sides), len(mine) if k is None else 1, p.warnings)


def calibrate(*, sheet: str = "A4", duplex: str = "long", back_offset_mm: tuple[float, float] = (0.0, 0.0),
              output: str | Path | None = None) -> Result:
    from fichegen.imposition import plan as imposition

    plan = imposition.plan_calibration(sheet, duplex, (back_offset_mm[0] * MM, back_offset_mm[1] * MM))
    tmpl = style.load("default")
    empty = Deck("calibration", "", "fichegen duplex calibration", "en", "default", 1, "", (), None)
    p = Prepared(empty, tmpl, Fitting({}, ()), {}, "")
    path = Path(output or Path("output") / f"calibrate-{plan.sheet.name.lower()}-{duplex}.pdf")
    with open_atomic(path) as out:
        _imposed(out, p, plan, _info(empty, tmpl), [])
    return Result(path, 2, 0)


def order(deck_path, *, template_name: str | None = None, profile: str | None = None, marks: bool | None = None,
          output: str | Path | None = None, condition: str | None = None, jobs: int = 1,
          language: str | None = None) -> Result:
    """The folder to send to a print shop, made as the shop's profile says (default: offset-fogra39): a
    PDF/X print file (or, for the office printer, sheets), proofs and a job ticket. `marks` and `condition`
    override the profile's. The template's colours are checked against the shop's ink limit before
    anything is drawn, and the print file must pass our preflight with the shop's limits before anything
    is written."""
    from fichegen.output import write_folder_atomic
    from fichegen.printshop import order as printshop
    from fichegen.printshop import profile as profiles

    shop = profiles.load(profile, deck_path).overridden(marks=marks, condition=condition)
    with Pool(jobs) as pool:
        p = prepare(deck_path, template_name, pool=pool, language=language)
        deck, tmpl = p.deck, p.template
        printshop.check_before_drawing(deck, tmpl, shop)
        if shop.page_order == "sheets":
            pdf, pages, sheets = _office_sheets(deck_path, p, shop, pool)
        else:
            pdf, pages, sheets = _print_file(p, shop, pool), 2 * len(p.printed), ""
    printshop.passed(pdf, shop)
    suffix = language_suffix(language and deck.language)
    cards = [card for _, card in p.printed]
    files = printshop.package(pdf, deck, tmpl, shop, pages=pages, sheets=sheets, suffix=suffix, cards=cards)
    folder = write_folder_atomic(output or Path("output") / f"{deck.slug}-{tmpl.name}-order{suffix}", files)
    return Result(folder, pages, len(cards), p.warnings)


def _print_file(p: Prepared, shop, pool: Pool) -> bytes:
    """One page per face with the shop's bleed and marks, identified as its PDF/X standard."""
    import io

    deck, tmpl = p.deck, p.template
    geometry = PageGeometry(tmpl.trim, bleed=shop.bleed_mm * MM, marks="crop" in shop.marks,
                            registration="registration" in shop.marks, colour_bar="colour-bar" in shop.marks)
    info = replace(_info(deck, tmpl), date=deck.date or _source_date() or "20000101")
    if shop.output is not None:
        out = shop.output
        info = replace(info, pdfx=(out.condition, out.name), standard=shop.standard, registry=out.registry,
                       icc=Path(out.icc).read_bytes() if out.icc else None)
    buf = io.BytesIO()
    kit = resource_kit(tmpl, p.chars, None, deck=deck, ink_limit=shop.ink_limit)
    _write_pages(buf, geometry, kit, drawn(p, geometry, kit, pool), info)
    return buf.getvalue()


def _office_sheets(deck_path, p: Prepared, shop, pool: Pool) -> tuple[bytes, int, str]:
    """The sheets `build --layout sheets` makes, as the profile sets them up; their bytes, the number of
    sheet sides, and how they are to be printed."""
    import io

    deck, tmpl = p.deck, p.template
    options = BuildOptions(Layout.SHEETS, sheet=shop.sheet, duplex=shop.duplex, marks=bool(shop.marks),
                           bleed_mm=shop.bleed_mm)
    plan = _plan(options, deck, tmpl, len(p.printed))
    spec = max((pl.bleed for side in plan.sides for pl in side.placements), default=0.0)
    kit = resource_kit(tmpl, p.chars, None, _labels(plan), deck, shop.ink_limit)
    buf = io.BytesIO()
    info = replace(_info(deck, tmpl), date=deck.date or _source_date() or "20000101")
    sides = _write_sheets(buf, p, plan, spec, kit, drawn(p, spec, kit, pool), info)
    per_side = max(len(side.placements) for side in plan.sides)
    how = (f"{plan.sheet.name} sheets, {per_side} card{'s' if per_side != 1 else ''} a side, each front sheet followed by "
           f"its back sheet; print double-sided at actual size, turning on the {shop.duplex} edge")
    return buf.getvalue(), sides, how


def _source_date() -> str | None:
    """The reproducible-builds convention: SOURCE_DATE_EPOCH fixes the date a build claims."""
    import datetime

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch.isdigit():
        return None
    return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).strftime("%Y%m%d")


def export(deck_path, fmt: str, output: str | Path | None = None) -> Result:
    """The deck as a spreadsheet (xlsx or csv) that reads back to the same cards."""
    from fichegen.content import export as sheets
    from fichegen.content.deck import load_translated

    deck, book = load_translated(deck_path)
    data, warnings = sheets.to_bytes(deck, fmt, book)
    path = Path(output or Path("output") / f"{deck.slug}.{fmt}")
    with open_atomic(path) as out:
        out.write(data)
    return Result(path, 0, len(deck.cards), tuple(warnings))


def new_deck(folder: str | Path, template: str = "default", language: str = "en") -> list[Path]:
    """A small working deck in a new folder (see content/starter.py)."""
    from fichegen.content import starter
    from fichegen.content.deck import _LANG

    if not _LANG.match(language):
        raise FichegenError(Problem("--language", None, f"'{language}' is not a language tag such as 'nl' or 'en-GB'"))
    if template not in style.available():
        raise FichegenError(Problem("--template", None, f"no template named '{template}'{suggest(template, style.available())}; "
                                                        f"available: {', '.join(style.available())}"))
    return starter.write(Path(folder), template, language)


@dataclass(frozen=True)
class Faces:
    """Every card's front and back drawn at trim size (no bleed, no marks) as `proof` draws them, with
    the kit and geometry they were drawn for: what the live preview shows (fichegen.preview)."""

    prepared: Prepared
    kit: draw.Kit
    geometry: PageGeometry
    pairs: tuple[tuple[bytes, bytes], ...]  # each printed card's (front, back) content streams, in print order

    def pdf(self, cards: list[int]) -> bytes:
        """The faces of `cards`, front then back, as a PDF in memory, to render to pixels."""
        import io

        buf = io.BytesIO()
        faces = (stream for i in cards for stream in self.pairs[i])
        _write_pages(buf, self.geometry, self.kit, faces, _info(self.prepared.deck, self.prepared.template))
        return buf.getvalue()


def faces(deck_path, template_name: str | None = None, cache=None, pool: Pool | None = None,
          language: str | None = None) -> Faces:
    """Every printed card's faces (a continued card's parts each on their own) drawn at trim size, in
    `language` (None: the deck's source). With a cache kept between calls (a MemoryCache), only the
    cards that changed are fitted and drawn again, unless the change moved the deck's type scales. As in
    `build`, a card is drawn right after it is fitted, while its lines are at hand."""
    pool = pool or Pool(1)
    deck, tmpl, chars, around, prints = _read(deck_path, template_name, cache, pool, language)
    geometry = PageGeometry(tmpl.trim, bleed=0.0, marks=False)
    kit = resource_kit(tmpl, chars, cache, deck=deck)
    fitting, early = fit_deck(deck, tmpl, pool, cache, around=around, prints=prints,
                              then=(_draw_fitted, geometry, kit.without_objects()))
    p = Prepared(deck, tmpl, fitting, chars, around, prints)
    streams = iter(drawn(p, geometry, kit, pool, cache, early=early))
    return Faces(p, kit, geometry, tuple(zip(streams, streams)))
