"""The one fit: for every card side, the largest type scale at which its text fits, down to the
template's floor; the deck then shares the smallest scale of each style, so the rhythm is the same from
card to card. check, build, order, handout and proofs all take their scales from `fit_deck` (build runs
the same `fit_card` calls inside its drawing tasks).

Only the deck's smallest scales matter, so a side is first tried at a start taken from the deck itself
(`start_scales`: the exact fits of the cards whose text looks longest). A side that fits there fits at
least that well, and the lines just set are the ones it will be drawn with when the start is the deck's
scale, as it nearly always is; a side that does not is searched below it, exactly.

Text is never dropped or clipped: a side that does not fit at the floor is a problem naming the card,
the side and how much is too long; or, on a card that may continue (`overflow: continue`), a split of its
text over more printed cards (layout.continued), made once the deck's scales are known: the continued
text is set at those, so that it reads like the rest of the deck. (A side that fits at some scale above
the floor does not continue: it sets the deck's scales as any card's does.)"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from fichegen.content.model import Card, Deck
from fichegen.errors import Problems
from fichegen.layout import continued
from fichegen.layout.compose import Composer
from fichegen.style.template import Style, Template
from fichegen.workers import PARALLEL_FROM, Pool, chunks

STEP = 0.25  # pt: how much a too-long text shrinks per try
PART = 8  # cards per task


@dataclass(frozen=True)
class SideFit:
    side: str  # "front" | "back"
    scales: tuple[tuple[str, float], ...]  # style → the largest factor at which the side fits
    over: float  # pt too long at the floor (0: it fits)
    part: str = ""  # what does not fit: "" (all fits), "title" or "body"


@dataclass(frozen=True)
class Fitting:
    """The deck's shared type scales (style → factor; a style not named is at full size), each card's
    own fit, in card order, and how each continued card prints, by card index."""

    scales: dict[str, float]
    cards: tuple[tuple[SideFit, SideFit], ...]
    splits: dict[int, continued.Split] = field(default_factory=dict)


def _scales(style: Style) -> list[float]:
    """Factors from 1 down to the style's floor, in STEP-point steps of its size; always 1 first, even
    for a floor above the size (style/template.py refuses one, but a Style made in code may have one)."""
    out, size = [1.0], style.size - STEP
    while size >= style.min - 1e-9:
        out.append(size / style.size)
        size -= STEP
    return out


def fit_side(composer: Composer, card: Card, side: str, start: dict[str, float] | None = None) -> SideFit:
    """The largest scales at which the side fits, the title first, then the body below it; with a
    `start`, a body that fits at the start reports it (it fits at least that well)."""
    t = composer.t
    body = card.side(side)
    name = "bullets" if body.kind == "bullets" else "prose"
    title = "title" if side == "front" else "back-title"
    for ts in _scales(t.styles[title]):
        *_, title_over = composer.heading(card, side, t.styles[title].scaled(ts))
        if title_over <= 0.01:
            break
    else:
        return SideFit(side, (), title_over, "title")
    scales = _scales(t.styles[name])
    room = lambda i: composer.room(card, side, {name: scales[i], title: ts})  # noqa: E731
    first = 0
    if start is not None:
        first = next((i for i, s in enumerate(scales) if s <= start.get(name, 1.0) + 1e-9), len(scales) - 1)
    over, box = room(first)
    if over <= 0:
        return SideFit(side, ((name, scales[first]), (title, ts)), 0.0)
    if first < len(scales) - 1 and continued.continues(composer.deck, card):
        floor = room(len(scales) - 1)[0]  # a text that may continue is most often far too long: try the floor first
        if floor > 0:
            return SideFit(side, ((title, ts),), floor, "body")
    # Height shrinks with the type: find the first scale that fits (hi = len(scales): none known yet).
    # A body's height goes roughly with the square of its type size, so the first try is where that
    # says it just fits, the second its neighbour across the line, and only then the range is halved.
    aim = scales[first] * math.sqrt(box / (box + over)) if box > 0 else 0.0
    lo, hi, at = first, len(scales), {first: over}
    tries = [next((i for i, s in enumerate(scales) if s <= aim), len(scales) - 1)]
    while hi - lo > 1:
        mid = tries.pop() if tries and lo < tries[-1] < hi else (lo + hi) // 2
        at[mid] = room(mid)[0]
        lo, hi = (lo, mid) if at[mid] <= 0 else (mid, hi)
        if len(at) == 2:
            tries = [mid - 1 if at[mid] <= 0 else mid + 1]
    if hi == len(scales):
        return SideFit(side, ((title, ts),), at[len(scales) - 1], "body")  # not even at the floor
    return SideFit(side, ((name, scales[hi]), (title, ts)), 0.0)


def fit_card(composer: Composer, card: Card, start: dict[str, float] | None = None) -> tuple[SideFit, SideFit]:
    return fit_side(composer, card, "front", start), fit_side(composer, card, "back", start)


PROBE = 8  # cards per body style fitted exactly for the start


def start_scales(deck: Deck, template: Template, pool: Pool | None = None) -> dict[str, float]:
    """Where fitting starts: the smallest scales the sides with the most text need, fitted exactly. A
    function of the deck alone, so every process, and every build of the same deck, starts alike."""
    sides = likely_tightest(deck, template, PROBE)
    head = deck_head(deck)
    tasks = [(head, len(deck.cards), template, [(deck.cards[i], side)]) for i, side in sides]
    start: dict[str, float] = {}
    for fit in (pool or Pool(1)).map(_fit_sides, tasks, parallel=len(deck.cards) >= PARALLEL_FROM):
        for k, v in fit.scales:
            start[k] = min(start.get(k, 1.0), v)
    return start


def _fit_sides(task: tuple) -> SideFit:
    head, count, template, ((card, side),) = task
    return fit_side(Composer(head, template, count), card, side)


def likely_tightest(deck: Deck, template: Template, count: int) -> list[tuple[int, str]]:
    """The `count` sides per body style whose text is likeliest to need the smallest type, by a quick
    estimate of its height from its length: (card index, side), in card order."""
    measure = template.trim[0] - template.margins[1] - template.margins[3]
    ranked: dict[str, list[tuple[float, int, str]]] = {}
    for i, card in enumerate(deck.cards):
        for side in ("front", "back"):
            body = card.side(side)
            st = template.styles["bullets" if body.kind == "bullets" else "prose"]
            per_line = max(1.0, (measure - st.indent) / (0.5 * st.size))  # characters a line holds, roughly
            lines = sum(-(-sum(len(s.text) for s in block) // per_line) for block in body.blocks)
            title = -(-sum(len(s.text) for s in card.title) // (measure / (0.55 * template.styles["back-title"].size)))
            height = lines * st.leading + len(body.blocks) * st.space + (title * st.leading * 2 if side == "back" else 0)
            ranked.setdefault(body.kind, []).append((-height, i, side))
    return sorted({(i, side) for kind in ranked.values() for _, i, side in sorted(kind)[:count]})


def _fit_part(task: tuple) -> tuple[list[tuple[SideFit, SideFit]], object]:
    """A worker's task: the cards fitted from `start`, then `then(composer, cards, fits, start, *args)`
    for what a build does next with them while their lines are at hand (None: nothing)."""
    head, count, template, cards, start, then = task
    composer = Composer(head, template, count)
    fits = [fit_card(composer, card, start) for card in cards]
    return fits, (then[0](composer, cards, fits, start, *then[1:]) if then else None)


def shared_scales(deck: Deck, template: Template, fits) -> dict[str, float]:
    """The scales every face shares: the smallest each style needed on any card. Raises FichegenError
    for every side that does not fit even at its floor, unless its card may continue (its body then
    counts for nothing here: it is set at the others' scales)."""
    problems = Problems()
    shared: dict[str, float] = {}
    for card, sides in zip(deck.cards, fits):
        for fit in sides:
            if fit.part == "title":
                floor = template.styles["title" if fit.side == "front" else "back-title"].min
                problems.add(card.path, card.line, f"card '{card.id}' {fit.side}: the title does not fit, even at the "
                             f"{floor:g} pt minimum; shorten it")
            elif fit.part == "body" and not continued.continues(deck, card):
                body = card.side(fit.side)
                style = template.styles["bullets" if body.kind == "bullets" else "prose"]
                lines = fit.over / (style.leading * style.min / style.size)
                problems.add(body.where(card), body.line,
                             f"card '{card.id}' {fit.side}: the text does not fit, even at the {style.min:g} pt minimum it is "
                             f"{fit.over:.0f} pt (about {max(1, round(lines))} lines) too long; shorten it or split the card")
            for k, v in fit.scales:
                shared[k] = min(shared.get(k, 1.0), v)
    problems.raise_if_errors()
    return shared


def fit_deck(deck: Deck, template: Template, pool: Pool | None = None, cache=None, *, around: str = "",
             prints: tuple[str, ...] = (), then: tuple | None = None, progress=None) -> tuple[Fitting, dict[int, object]]:
    """Every card fitted (in `pool`'s processes), and the deck's shared scales; and what `then` made of
    each card fitted here (see _fit_part), by card index. With a `cache` and `around` (a key for the
    template and the deck's own fields, which fill the template's placeholders), a card fitted before
    in the same surroundings is not fitted again."""
    from fichegen.keys import digest, made

    pool = pool or Pool(1)
    keyed = cache is not None and bool(around)
    if keyed:
        prints = prints or tuple(card.fingerprint() for card in deck.cards)
        probed = [(prints[i], side) for i, side in likely_tightest(deck, template, PROBE)]
        start = made(cache, f"start {digest(around, probed)}", lambda: start_scales(deck, template, pool))
    else:
        start = start_scales(deck, template, pool)
    keys = [f"fit {digest(around, start, fingerprint)}" for fingerprint in prints] if keyed else []
    fits = [cache.get(k) for k in keys] if keys else [None] * len(deck.cards)
    todo = [i for i, f in enumerate(fits) if f is None]
    head = deck_head(deck)
    parts = [[todo[i] for i in part] for part in chunks(len(todo), PART)]
    tasks = ((head, len(deck.cards), template, [deck.cards[i] for i in part], start, then) for part in parts)
    early: dict[int, object] = {}  # what `then` made, by card index
    for part, (part_fits, after) in zip(parts, pool.map(_fit_part, tasks, parallel=len(todo) >= PARALLEL_FROM)):
        for n, (i, fit) in enumerate(zip(part, part_fits)):
            fits[i] = fit
            if keys:
                cache.put(keys[i], fit)
            if after is not None:
                early[i] = after[n]
        if progress:
            progress(len(part))
    scales = shared_scales(deck, template, fits)
    splits = split_deck(deck, template, fits, scales, pool, cache, around=around if keyed else "", prints=prints)
    return Fitting(scales, tuple(fits), splits), early


def split_deck(deck: Deck, template: Template, fits, scales: dict[str, float], pool: Pool | None = None, cache=None, *,
               around: str = "", prints: tuple[str, ...] = ()) -> dict[int, continued.Split]:
    """How each card that continues prints, at the deck's scales (layout.continued), by card index.
    Raises FichegenError for every card that cannot continue. With a `cache` and `around`, see fit_deck."""
    from fichegen.keys import digest

    todo = [i for i, sides in enumerate(fits) if any(fit.part == "body" for fit in sides)]
    keys = {i: f"split {digest(around, scales, prints[i])}" for i in todo} if cache is not None and around else {}
    splits = {i: found for i in todo if keys and (found := cache.get(keys[i])) is not None}
    rest = [i for i in todo if i not in splits]
    parts = [[rest[n] for n in part] for part in chunks(len(rest), PART)]
    tasks = ((deck_head(deck), len(deck.cards), template, [deck.cards[i] for i in part], scales) for part in parts)
    problems = Problems()
    for part, made in zip(parts, (pool or Pool(1)).map(_split_part, tasks, parallel=len(rest) >= PARALLEL_FROM)):
        for i, (split, found) in zip(part, made):
            problems.extend(found)
            if split is not None:
                splits[i] = split
                if keys:
                    cache.put(keys[i], split)
    problems.raise_if_errors()
    return dict(sorted(splits.items()))


def _split_part(task: tuple) -> list:
    head, count, template, cards, scales = task
    composer = Composer(head, template, count)
    return [continued.split_card(composer, card, scales) for card in cards]


def deck_head(deck: Deck) -> Deck:
    """The deck without its cards: all a worker needs of it besides its task's cards and the count."""
    return replace(deck, cards=())
