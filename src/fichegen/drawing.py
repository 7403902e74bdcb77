"""The deck fitted and drawn, card by card, in worker processes and through the build cache.

Each part of the deck is drawn at the smallest type scales found so far; parts drawn at other scales than
the deck's (those before its smallest card turned up) are drawn again, so the result never depends on the
order or the number of processes. Drawn faces wait in a temporary file, not in memory, and each worker
holds only the cards of the task at hand. With a cache that knows most cards, only the cards it does not
know are fitted and drawn."""

from __future__ import annotations

import itertools
import pickle
import tempfile
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from typing import Iterator

from fichegen import cache as cache_
from fichegen.content import deck as content
from fichegen.layout import glyphs
from fichegen import workers as jobs_
from fichegen.layout import compose as layout
from fichegen.layout import linebreak
from fichegen import packed
from fichegen.pdf import draw as render
from fichegen.style import template


READ_PART = 64  # card files per task for worker processes


def cached_cards(store, tasks: list, jobs: int = 1, spool=None) -> Iterator[tuple]:
    """Card files read through the cache, in order: a file's bytes, path and place in the deck decide
    its card (and its characters, added to store.chars for glyphs.check_texts). Files the cache does not
    know are read in `jobs` processes when there are enough of them. Each card's texts move to `spool` (a
    packed.Spool) as soon as it is read, and each card is handed on as soon as it is ready, so a deck is
    never in memory whole."""
    keys = []
    blind = isinstance(store, cache_.NoCache)
    code = "" if blind else cache_.code_key()
    contents = [None] * len(tasks) if blind else store.contents([path for path, _ in tasks])
    for (path, number), content in zip(tasks, contents):
        key = "card " + cache_.joined(code, f"{path}\0{number}\0{content}") if content else None
        keys.append(key)
        if key:
            store.sources[str(path)] = key
    known = [k for k in keys if k]
    hits = (hit for i in range(0, len(known), 500) for hit in store.get_many(known[i:i + 500]))
    found = [_kept(_unstored(next(hits), store, key, task), store, spool) if key else None
             for key, task in zip(keys, tasks)]
    unknown = [i for i, f in enumerate(found) if f is None]
    jobs = jobs if len(unknown) >= jobs_.PARALLEL_FROM else 1
    # parts small enough that what comes back from a worker at a time is little, and enough to share out evenly
    parts = jobs_.chunks(len(unknown), max(1, min(READ_PART, -(-len(unknown) // (4 * jobs)))))
    read = jobs_.ordered(_read_cards, [[tasks[unknown[i]] for i in part] for part in parts], jobs=jobs,
                         start=_nothing, args=())
    made = (card for part in read for card in part)
    for i, key in enumerate(keys):
        if found[i] is None:
            card = next(made)
            if key:
                head, rest = card[0].stored() if card[0] is not None else (None, None)
                store.put(key, (head, *card[1:]))
                if rest is not None:
                    store.put("text " + key, rest)
            yield _kept(card, store, spool)
        else:
            yield found[i]
            found[i] = None  # handed on


def _unstored(entry: tuple | None, store, key: str, task: tuple) -> tuple | None:
    """A card's cache entry → (card, problems, characters). The card's title and sides stay in the
    cache until asked for: a rebuild asks for those of the cards it draws again, most likely few."""
    if entry is None:
        return None
    head, problems, chars = entry
    if head is None:
        return entry
    store.used.add("text " + key)
    path = str(task[0])
    return content.packed_card(head, path, task[1], packed.Stored(store, "text " + key, path)), problems, chars


def _kept(read: tuple | None, store, spool) -> tuple | None:
    """A card as read (card, problems, characters) → (card, problems), its characters added to the
    store's and its texts moved to the spool: what a deck keeps of each card is small."""
    if read is None:
        return None
    card, problems, chars = read
    if card is not None:
        for key, text in chars.items():
            store.chars.setdefault(key, set()).update(text)
        if spool is not None:
            card.move_to(spool)
    return card, problems


def _read_cards(tasks: list) -> list:
    return [(card, problems, glyphs.card_chars(card) if card else None)
            for card, problems in map(content.read_card, tasks)]


def _nothing() -> None:
    pass


PROBE = 8  # cards per body style fitted first, for a first guess of the deck's scales
CHUNK = 8  # cards per task for worker processes: small enough to share out evenly, big enough to be worth sending


def resources(deck: content.Deck, tmpl: template.Template, chars: dict | None = None) -> render.Resources:
    """The fonts with every character they set, and the logos: what the build's resources hold.
    `chars`: glyphs.deck_chars, perhaps with more (the labels on imposed sheets)."""
    images = sorted({logo.path for logo in tmpl.logos.values()})
    chars = chars if chars is not None else glyphs.deck_chars(deck, tmpl)
    return render.Resources(tmpl.styles["footer"].font(tmpl), tuple(chars.items()), tuple(images))


# A worker process holds the deck without its cards, and the cards of the task at hand: each task
# brings its cards and the setting they are drawn in (the deck, template, page and resources, pickled
# once per build). Workers may so be forked before the deck is read, and never hold it whole.
_WORKER: dict = {}
STYLES = ("title", "back-title", "bullets", "prose")  # the scaled styles, in the order workers share them
_builds = itertools.count()


def _worker_start(guess) -> None:
    _WORKER.clear()
    _WORKER["guess"] = guess


@contextmanager
def workers(jobs: int) -> Iterator[tuple[jobs_.Workers, object]]:
    """`jobs` worker processes for drawn(), started now (before the deck is read, they start small),
    and the guess of the deck's scales they share."""
    guess = jobs_.shared_floats(jobs, [1.0] * len(STYLES))
    with jobs_.Workers(jobs, _worker_start, (guess,)) as started:
        if jobs > 1:
            started.submit(_nothing).result()  # forked now, not when the first card is ready
        yield started, guess


class _Cards:
    """A worker's view of the deck's cards: how many there are, and the ones its task brought."""

    def __init__(self, count: int):
        self.count, self.here = count, {}

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, i: int):
        return self.here[i]

    def __reduce__(self):
        return _Cards, (self.count,)


def _setting(deck, tmpl, spec, kit: render.Kit, elsewhere: bool) -> tuple:
    parts = (replace(deck, cards=_Cards(len(deck.cards))), tmpl, spec, kit.without_objects())
    return next(_builds), pickle.dumps(parts, protocol=5) if elsewhere else parts


def _with(setting: tuple, cards: dict) -> dict:
    """This worker, set up for `setting` (the first time it sees it), holding `cards` (index → card)."""
    w = _WORKER
    build, parts = setting
    if w.get("build") != build:
        deck, tmpl, spec, kit = pickle.loads(parts) if isinstance(parts, bytes) else parts
        w.update(build=build, deck=deck, tmpl=tmpl, spec=spec, kit=kit, composer=layout.Composer(deck, tmpl))
    w["deck"].cards.here = cards
    return w


def _draw(cards, scales: dict[str, float]) -> list[bytes]:
    w = _WORKER
    return list(render.face_contents(layout.faces(w["deck"], w["tmpl"], scales, cards), w["spec"], w["kit"]))


def _draw_at(task: tuple) -> list[bytes]:
    setting, cards, scales = task
    _with(setting, cards)
    return _draw(list(cards), scales)


def _fit_running(cards) -> tuple[list, list[dict], dict[str, float]]:
    """Fit the cards one by one, each with the smallest scales any card has needed so far (in any
    worker): see layout._fit. Returns the fits, the guess each card was fitted with, and the scales."""
    w = _WORKER
    guess = w["guess"]
    scales = {k: guess[i] for i, k in enumerate(STYLES)}
    fits, guesses = [], []
    for i in cards:
        guesses.append(dict(scales))
        fit = layout.fit_card(w["composer"], w["deck"].cards[i], scales)
        fits.append(fit)
        layout.lower(scales, fit)
    for i, k in enumerate(STYLES):
        guess[i] = min(guess[i], scales[k])
    return fits, guesses, scales


def _fit_only(task: tuple) -> tuple[list, list[dict], dict]:
    setting, cards = task
    _with(setting, cards)
    return (*_fit_running(list(cards))[:2], _learned())


def _learned() -> dict:
    """The words this worker looked up in the hyphenation dictionary since it last said (the build
    keeps them, for the cards a rebuild fits)."""
    hyph = linebreak.hyphenator(_WORKER["deck"].language)
    return hyph.drained() if hyph is not None else {}


def _fit_and_draw(task: tuple) -> tuple[list, list[dict], dict[str, float], list[bytes] | None, dict]:
    """Fit the cards, then draw them at the smallest scales any card has needed so far: once the deck's
    smallest card is found, that is the deck's scale, and the lines the fitting set are still in the
    layout cache. Returns the fits, the guess each card was fitted with, the scales drawn at, and the
    pages, and the words looked up in the hyphenation dictionary."""
    setting, cards = task
    _with(setting, cards)
    fits, guesses, scales = _fit_running(list(cards))
    if any(part for fit in fits for *_, part in fit):
        return fits, guesses, scales, None, _learned()  # the build fails; nothing to draw
    return fits, guesses, scales, _draw(list(cards), scales), _learned()


def _loose(fit, guess: dict[str, float] | None) -> frozenset[str]:
    """Styles whose fitted scale is only known to be at least the guess it was fitted with: the card
    fitted at the guess, and fitting stopped there."""
    if guess is None:
        return frozenset()
    return frozenset(k for _, own, _, _ in fit for k, v in own.items() if v == guess.get(k, 1.0) < 1.0)


class _Alike(dict):
    """One object for each distinct (fit, loose styles): most cards of a deck fit alike, and a deck of
    thousands would otherwise keep thousands of equal ones, a kilobyte each."""

    def __call__(self, fit, loose: frozenset) -> tuple:
        key = (tuple((side, tuple(own.items()), over, part) for side, own, over, part in fit), loose)
        return self.setdefault(key, (fit, loose))


def _settle(deck, tmpl, fits: list, loose: list, composer) -> dict[str, float]:
    """The deck's scales from fits some of which are only lower bounds: refit exactly any such card
    that sets the smallest scale, until a card fitted exactly does."""
    while True:
        shared = layout.shared_scales(deck, tmpl, fits)
        alike: dict[int, list[int]] = {}  # cards that fit alike share one fit: each is looked at once
        for i, fit in enumerate(fits):
            alike.setdefault(id(fit), []).append(i)
        suspects = []
        for k, m in shared.items():
            setting = [i for same in alike.values() if any(own.get(k) == m for _, own, _, _ in fits[same[0]])
                       for i in same]
            if not any(k not in loose[i] for i in setting):  # no card fitted exactly sets it
                suspects += [i for i in setting if k in loose[i]]
        if not suspects:
            return shared
        for i in suspects:
            fits[i], loose[i] = layout.fit_card(composer, deck.cards[i]), frozenset()


@contextmanager
def drawn(deck, tmpl, spec, *, scales: dict | None = None, jobs: int = 1, progress=None, store=None,
          chars: dict | None = None, started: tuple | None = None
          ) -> Iterator[tuple[render.Kit, tuple, Iterator[bytes]]]:
    """Every face drawn as render.face_contents draws it for `spec` (a PageGeometry: pages; a bleed:
    forms), front then back per card. Yields the kit the faces were drawn with, the resource
    objects for the writer (kit.objects), and the faces' compressed contents in order, made as they are read.
    `started`: workers() started before the deck was read, to draw in; else they start here."""
    store = store or cache_.NoCache()
    kit = _kit(resources(deck, tmpl, chars), store)
    count = len(deck.cards)
    tick = progress or (lambda n: None)
    composer = layout.Composer(deck, tmpl)
    tkey = "" if isinstance(store, cache_.NoCache) else cache_.template_key(tmpl)
    # A card's fit and faces depend on it, the template and the deck around it (its title, footer,
    # language and size fill the template's placeholders): a card read from a known file is named by
    # that file's key, which stands for its path, place and bytes.
    around = cache_.digest(tkey, replace(deck, cards=()), count) if tkey else ""
    keys = [(cache_.joined(around, source) if (source := store.source(card.path)) else
             cache_.digest(tkey, card, deck.language, composer.values(card))) if tkey else "" for card in deck.cards]
    # the deck's words, hyphenated: a rebuild's changed card most likely has few new ones, and reading
    # the hyphenation dictionary takes longer than the rest of fitting it
    hyph = linebreak.hyphenator(deck.language) if tkey else None
    words_key = "words " + cache_.digest(hyph.key) if hyph is not None else ""
    if hyph is not None:
        hyph.learn(store.get(words_key) or {})
        hyph.drained()  # what the cache holds already: nothing new to keep
    # every card's fit, in one entry: a rebuild needs them all (the deck's scales are the smallest any
    # card needs), and most cards of a deck fit alike, which one pickle holds once
    fitted_before = (store.get("fits " + around) or {}) if tkey and scales is None else {}
    known = [fitted_before.get(k) for k in keys]
    fits = loose = None
    if scales is None and count and sum(k is None for k in known) <= count // 4:
        # most cards are known: fit the others here, from the scales the known ones need (as workers
        # do: a card that fits there says so, and _settle fits it exactly only if it sets the deck's)
        guess: dict[str, float] = {}
        for fit in {id(k[0]): k[0] for k in known if k}.values():
            layout.lower(guess, fit)
        fitted = lambda fit: (fit, _loose(fit, guess))  # noqa: E731
        fits, loose = map(list, zip(*(k or fitted(layout.fit_card(composer, card, guess))
                                      for k, card in zip(known, deck.cards))))
        scales = _settle(deck, tmpl, fits, loose, composer)
        tick(count)
    encoding = kit.key
    drawn_as = cache_.digest(scales, spec, encoding) if tkey else ""  # the part of a face's key every face shares
    face_key = lambda i: "faces " + cache_.joined(keys[i], drawn_as)  # noqa: E731
    stored = store.get_many([face_key(i) for i in range(count)]) if tkey and scales is not None else [None] * count
    missing = sum(p is None for p in stored)
    parts = jobs_.chunks(count, CHUNK)
    with ExitStack() as stack:
        if started is None or missing < jobs_.PARALLEL_FROM:
            started = stack.enter_context(workers(jobs if missing >= jobs_.PARALLEL_FROM else 1))
        pool, guess = started
        setting = _setting(deck, tmpl, spec, kit, elsewhere=pool.jobs > 1)
        task = lambda idx: (setting, {i: deck.cards[i].unpacked() for i in idx})  # noqa: E731
        drawn_parts: list[tuple[dict, list[int]]] = []  # per part: scales drawn at, content lengths
        spool = None
        if scales is None:
            spool = stack.enter_context(tempfile.TemporaryFile())
            fits, loose, scales = _fit_and_draw_all(deck, tmpl, pool, task, parts, guess, spool, drawn_parts, tick, hyph)
            drawn_as = cache_.digest(scales, spec, encoding) if tkey else ""
        if tkey and fits is not None:
            if any(had is None or had[0] is not fit or had[1] != lo for fit, lo, had in zip(fits, loose, known)):
                alike = _Alike()
                store.put("fits " + around, {k: alike(fit, lo) for k, fit, lo in zip(keys, fits, loose)})
        if hyph is not None and hyph.drained():
            store.put(words_key, hyph.known)
        same = lambda used: all(used.get(k, 1.0) == scales.get(k, 1.0) for k in STYLES)  # noqa: E731
        redo = [i for i in range(len(parts)) if (i >= len(drawn_parts) or not same(drawn_parts[i][0]))
                and any(stored[c] is None for c in parts[i])]
        again = pool.map(_draw_at, ((*task([c for c in parts[i] if stored[c] is None]), scales) for i in redo))
        redone = set(redo)

        def contents() -> Iterator[bytes]:
            if spool is not None:
                spool.seek(0)
            for i, part in enumerate(parts):
                spooled = [spool.read(n) for n in (drawn_parts[i][1] if i < len(drawn_parts) else [])]
                if i < len(drawn_parts) and same(drawn_parts[i][0]) and spooled:
                    made = spooled
                else:
                    fresh = iter(next(again) if i in redone else [])
                    made = [c for card in part for c in (stored[card] or (next(fresh), next(fresh)))]
                    if i >= len(drawn_parts):
                        tick(len(part))
                for n, card in enumerate(part):
                    if tkey and stored[card] is None:
                        store.put(face_key(card), made[2 * n: 2 * n + 2])
                yield from made

        yield kit, kit.objects, contents()


def _kit(res: render.Resources, store) -> render.Kit:
    """The build's kit: from the cache, or prepared here (a few milliseconds once the fonts are read)."""
    key = "kit " + cache_.digest(cache_.code_key(), res)
    kit = store.get(key)
    if kit is None:
        kit = render.prepare(res)
        store.put(key, kit)
    return kit


def _fit_and_draw_all(deck, tmpl, pool, task, parts, guess, spool, drawn_parts: list, tick, hyph):
    """The whole deck fitted, and drawn at the scales guessed as it goes (into `spool`; `drawn_parts`
    says at what scales each part was drawn and how long each face is), by the workers in `pool`, each
    task made by `task` from its cards' indexes. Returns the fits, which of them are only lower bounds,
    and the deck's scales. `hyph`: the deck's linebreak.Hyphenator, to keep the words the workers
    hyphenated (None: not kept)."""
    jobs = pool.jobs
    # a first guess from the cards likeliest to need the smallest type; a small deck is quicker without
    probe = layout.likely_tightest(deck, tmpl, PROBE) if len(deck.cards) > 4 * PROBE else []
    probed = {}
    for cards, (part_fits, guesses, words) in zip([probe[k::jobs] for k in range(jobs)],
                                                  pool.map(_fit_only, [task(probe[k::jobs]) for k in range(jobs)])):
        if hyph is not None:
            hyph.learn(words)
        probed.update((i, (fit, _loose(fit, g))) for i, fit, g in zip(cards, part_fits, guesses))
        scales = {k: guess[i] for i, k in enumerate(STYLES)}
        for fit in part_fits:
            layout.lower(scales, fit)
        for i, k in enumerate(STYLES):
            guess[i] = scales[k]
    fits, loose, alike = [], [], _Alike()
    for part_fits, guesses, used, contents, words in pool.map(_fit_and_draw, (task(part) for part in parts)):
        if hyph is not None:
            hyph.learn(words)
        for fit, lo in (alike(f, _loose(f, g)) for f, g in zip(part_fits, guesses)):
            fits.append(fit)
            loose.append(lo)
        for stream in contents or ():
            spool.write(stream)
        drawn_parts.append((used, [len(c) for c in contents or ()]))
        tick(2 * len(part_fits))
    for i, (fit, lo) in probed.items():  # where the probe knows more exactly (it set the first guess)
        if len(lo) < len(loose[i]):
            fits[i], loose[i] = fit, lo
    return fits, loose, layout.shared_scales(deck, tmpl, fits)


