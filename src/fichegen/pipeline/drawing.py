"""Faces drawn and written: the resource kit, every face's content stream (from the cache, right after
fitting, or in worker processes), pages and imposed sheets written as they arrive; and `build`, which
joins them into one PDF."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Iterator

from fichegen import __version__
from fichegen.keys import digest, made, template_key
from fichegen.content.model import Deck
from fichegen.geometry import MM, PageGeometry
from fichegen.layout import continued, glyphs, media
from fichegen.layout.compose import Composer, card_faces
from fichegen.layout.fit import PART, deck_head, fit_deck
from fichegen.options import BuildOptions, Layout
from fichegen.output import open_atomic
from fichegen.pdf import draw, photos, writer
from fichegen.pipeline.prepared import Prepared, Result, build_warnings, languages, read, start_progress
from fichegen.style.template import Template
from fichegen.workers import PARALLEL_FROM, Pool, chunks


def default_output(deck: Deck, layout: Layout | str, template_name: str | None = None, language: str | None = None) -> Path:
    middle = f"-{template_name}" if template_name else ""
    return Path("output") / f"{deck.slug}{middle}-{Layout(layout).value}{language_suffix(language)}.pdf"


def language_suffix(language: str | None) -> str:
    """What ends an output's name when a language was asked for ('-fr'); nothing when none was."""
    return f"-{language}" if language else ""


def pdf_info(deck: Deck, tmpl: Template, title: str | None = None, **more) -> writer.Info:
    return writer.Info(title or deck.title, f"{len(deck.cards)} cards, template {tmpl.name}", f"fichegen {__version__}",
                       deck.date or "20000101", language=deck.language, **more)


def _digits(deck: Deck) -> str:
    """A deck that may continue learns how many cards it prints only once it is fitted, after its
    resources are made: the job labels' numbers may then hold any digit."""
    return "0123456789" if continued.may_continue(deck) else ""


def resource_kit(tmpl: Template, chars: dict, cache, more_chars: str = "", *, deck: Deck,
                 ink_limit: float = 300.0) -> draw.Kit:
    """The resources every face is drawn with: the fonts with every character they set, the logos, the
    pictures and icons of `deck`'s cards (those of the cards drawn: a deck of just those, for a
    handout), and the registration colour; made once per build (and kept in the cache)."""
    return draw.compose(*kit_parts(tmpl, chars, cache, more_chars, deck=deck, ink_limit=ink_limit))


def kit_parts(tmpl: Template, chars: dict, cache, more_chars: str = "", *, deck: Deck,
              ink_limit: float = 300.0) -> tuple[draw.Document, tuple[tuple[str, draw.Photo], ...]]:
    """What resource_kit composes: the resource document, and each photo with a file that shows it. With
    a cache, the document and each photo are kept on their own: a new character makes the document
    again, not the photos."""
    footer = tmpl.styles["footer"].font(tmpl)
    chars = glyphs.with_chars(chars, footer, more_chars) if more_chars else chars
    res = draw.Resources(footer, tuple(chars.items()),
                         tuple(sorted({logo.path for logo in tmpl.logos.values()})),
                         media.picture_sizes(deck, tmpl), media.icon_colours(deck, tmpl), ink_limit)
    def kept(key, make):  # key: a function, so no cache means no keys worked out (they read files)
        return make() if cache is None else made(cache, key(), make)

    def photo(path: str, dig: str, most) -> draw.Photo:
        return kept(lambda: photos.key(path, dig, most, ink_limit), lambda: draw.photo(path, dig, most, ink_limit))

    document = kept(lambda: "kit " + digest(res.in_document(), template_key(tmpl)), lambda: draw.document(res))
    return document, tuple((path, photo(path, dig, most)) for path, dig, most in res.photos())


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


def draw_fitted(composer: Composer, cards, fits, start: dict[str, float], spec, kit) -> list | None:
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
    (scales, streams), see draw_fitted) when drawn at the deck's scales; the rest are drawn in
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
        deck, tmpl, chars, around, prints = read(deck_path, options.template, cache, pool, options.language)
        start_progress(progress, deck)
        path = Path(options.output or default_output(deck, options.layout, tmpl.name if options.template_in_name else None,
                                                     options.language and deck.language))
        plan = sheet_plan(options, deck, tmpl, len(deck.cards))
        if plan is not None:
            spec = plan.bleed
            kit = resource_kit(tmpl, chars, cache, label_chars(plan) + _digits(deck), deck=deck)
        elif options.layout is Layout.PROOF:
            spec = PageGeometry(tmpl.trim, bleed=0.0, marks=False)
            kit = resource_kit(tmpl, chars, cache, deck=deck)
        else:
            spec = PageGeometry(tmpl.trim, bleed=options.bleed_mm * MM, marks=options.marks)
            kit = resource_kit(tmpl, chars, cache, deck=deck)
        fitting, early = fit_deck(deck, tmpl, pool, cache, around=around, prints=prints, progress=progress,
                                  then=(draw_fitted, spec, kit.without_objects()))
        p = Prepared(deck, tmpl, fitting, chars, around, prints)
        if plan is not None and len(p.printed) != len(deck.cards):
            plan = sheet_plan(options, deck, tmpl, len(p.printed))  # cards continued: more cards to place
        faces = drawn(p, spec, kit, pool, cache, early=early, progress=progress)
        with open_atomic(path) as out:
            if plan is not None:
                pages = write_sheets(out, p, plan, spec, kit, faces, pdf_info(deck, tmpl))
            else:
                outline = [(2 * i, card.heading) for i, (_, card) in enumerate(p.printed)]
                pages = write_pages(out, spec, kit, faces, pdf_info(deck, tmpl), outline if options.layout is Layout.PROOF else None)
        return Result(path, pages, len(p.printed), build_warnings(deck, tmpl))


def build_cached(deck_path, options: BuildOptions, cache=None, *, progress=None) -> Result:
    """`build` with the build cache for this deck and these settings (a DiskCache, unless `options.cache`
    is off or a cache is given): kept when the build succeeds, else left as it was."""
    from fichegen.cache import DiskCache

    if cache is None and options.cache:
        cache = DiskCache(options.cache_name(deck_path))
    try:
        result = build(deck_path, options, cache, progress=progress)
    except BaseException:
        if cache is not None:
            cache.close(keep=False)
        raise
    if cache is not None:
        cache.close(keep=True)
    return result


def variants(deck_path, options: BuildOptions, all_templates: bool, all_languages: bool) -> list[BuildOptions]:
    """The options of each build --all-templates and --all-languages ask for."""
    from fichegen.style.template import available

    names = available() if all_templates else [options.template]
    langs = languages(deck_path) if all_languages else [options.language]
    return [replace(options, template=name, template_in_name=all_templates, language=lang) for name in names for lang in langs]


def sheet_plan(options: BuildOptions, deck: Deck, tmpl: Template, count: int):
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


def label_chars(plan) -> str:
    """Every character of a plan's job labels, for the footer font's subset."""
    return "".join(label.text for side in plan.sides for label in side.labels)


def write_pages(out, geometry: PageGeometry, kit: draw.Kit, faces: Iterator[bytes], info: writer.Info,
                outline=None) -> int:
    """One page per face, with TrimBox and BleedBox, written as the faces arrive."""
    boxes = {"MediaBox": geometry.media.as_tuple(), "BleedBox": geometry.bleed_box.as_tuple(),
             "TrimBox": geometry.trim.as_tuple()}
    pages = writer.PageWriter(out, boxes, kit.objects, info.version)
    for stream in faces:
        pages.page(stream)
    return pages.close(info, outline)


def write_sheets(out, p: Prepared, plan, bleed: float, kit: draw.Kit, faces: Iterator[bytes], info: writer.Info) -> int:
    """The imposition plan drawn: every face once, as a form placed by reference on its sheet sides,
    each side's marks and labels on top."""
    furniture = draw.furniture_contents(plan.sides, p.template.styles["footer"].font(p.template), kit)
    return writer.write_sheets(out, plan, p.template.trim, bleed, kit.objects, faces, furniture, info)
