"""Setting one paragraph into lines: words, Dutch (or any pyphen) hyphenation, and a total-fit line breaker.

Breaking the whole paragraph at once (in the spirit of Knuth–Plass) gives even spacing, few hyphens and
no one-word last lines, which a first-fit breaker cannot promise."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from typing import Callable

import pyphen

from fichegen.content.markup import Span

Measure = Callable[[str, str], float]  # (style, text) -> width at the paragraph's size

HYPHEN = "-"
NBSP = "\u00a0"
LOOSE = 0.75  # a line filling less of the measure than this is a last resort
_OPEN = "‘“'\"([{«„"
_CLOSE = "’”'\".,;:!?)]}»…"
_HARD = "-–/"  # a word may break after these without adding a hyphen


@dataclass(frozen=True)
class Run:
    """Text in one style, at x from the line's start. A justified line's words share one run: each
    space in it is set `word_space` wider than the font's own, as the PDF's word spacing (Tw) does."""

    text: str
    style: str
    x: float
    width: float
    word_space: float = 0.0


@dataclass(frozen=True)
class Line:
    runs: tuple[Run, ...]
    width: float  # ink width as set (justified lines: the full measure)
    forced: bool = False  # holds a word too long for the measure, broken between letters


@dataclass(frozen=True)
class _Frag:
    pieces: tuple[tuple[str, str], ...]  # (style, text)
    width: float
    word_end: bool  # a space follows when the line does not break here
    hyphen: bool  # breaking here needs an added hyphen
    forced: bool = False  # a letter of a word that is wider than the measure
    ties: int = 0  # no-break spaces in it
    style: str | None = None  # its one style (None: more than one)
    text: str = ""


@lru_cache(maxsize=16)
def hyphenator(language: str) -> pyphen.Pyphen | None:
    """Where the language's words may be hyphenated (None: pyphen has no patterns for it)."""
    lang = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=lang, left=2, right=3) if lang else None


def _words(spans: tuple[Span, ...]) -> list[tuple[tuple[str, str], ...]]:
    """The paragraph's words, each as (style, text) pieces; no-break spaces stay inside words."""
    if len(spans) == 1:  # most paragraphs are in one style
        style = spans[0].style
        return [((style, part),) for part in spans[0].text.split(" ") if part]
    words: list[tuple[tuple[str, str], ...]] = []
    current: list[tuple[str, str]] = []
    for span in spans:
        style = span.style
        for i, part in enumerate(span.text.split(" ")):
            if i > 0 and current:
                words.append(tuple(current))
                current = []
            if part:
                current.append((style, part))
    if current:
        words.append(tuple(current))
    return words


def _cut_points(word: str, hyph: pyphen.Pyphen | None) -> list[tuple[int, bool]]:
    """Offsets where a word may break, and whether the break needs an added hyphen."""
    points: list[tuple[int, bool]] = []
    start, end = 0, len(word)
    while start < end and word[start] in _OPEN:
        start += 1
    while end > start and word[end - 1] in _CLOSE:
        end -= 1
    seg_start = start
    for i in range(start, end + 1):
        if i == end or word[i] in _HARD:
            segment = word[seg_start:i]
            if hyph and len(segment) >= 6 and segment.isalpha():
                points += [(seg_start + int(p), True) for p in hyph.positions(segment)]
            if i < end and start < i < end - 1:
                points.append((i + 1, False))
            seg_start = i + 1
    return sorted(set(points))


def _split(pieces, cuts: list[int]) -> list[tuple[tuple[str, str], ...]]:
    out, cur, pos = [], [], 0
    cuts = list(cuts)
    for style, text in pieces:
        while cuts and pos < cuts[0] < pos + len(text):
            k = cuts.pop(0) - pos
            cur.append((style, text[:k]))
            out.append(tuple(cur))
            cur, text, pos = [], text[k:], pos + k
        if cuts and cuts[0] == pos + len(text):
            cuts.pop(0)
            cur.append((style, text))
            out.append(tuple(cur))
            cur, pos = [], pos + len(text)
            continue
        cur.append((style, text))
        pos += len(text)
    if cur:
        out.append(tuple(cur))
    return out


_PARTS: dict = {}  # (word, hyphenator) → where it may break: words recur, paragraph after paragraph
# Words kept per cache: a deck's common words, so that memory stays the same however many cards follow
# (a deck of a thousand cards uses about this many; the rarer words of a larger one are found again)
WORDS = 8_000


def _trimmed(cache: dict, count: int | None = None, most: int | None = None) -> None:
    """Forget the older half of a full word cache (the common words soon come back); `count`: the
    words it holds together with others that share its budget of `most` (default WORDS)."""
    if (len(cache) if count is None else count) >= (WORDS if most is None else most):
        for key in list(cache)[:len(cache) // 2]:
            del cache[key]


def _parts(pieces: tuple, hyph) -> tuple[list, list[bool]]:
    key = (pieces, id(hyph))
    found = _PARTS.get(key)
    if found is None:
        _trimmed(_PARTS)
        points = _cut_points("".join(t for _, t in pieces), hyph)
        found = _PARTS[key] = (_split(pieces, [p for p, _ in points]), [h for _, h in points])
    return found


_WORD_FRAGS: dict = {}  # (hyphenator, measure, line width, style) → {word: its fragments}: words recur


def _fragments(spans, measure: Measure, width: float, hyph) -> list[_Frag]:
    frags: list[_Frag] = []
    mkey = getattr(measure, "key", None)  # what the measure measures with (font, size, tracking), if it says
    if mkey is None:
        for pieces in _words(spans):
            frags += _word_fragments(pieces, measure, width, hyph)
        return frags
    # most paragraphs are in one style: their words are keyed by their text alone, among that style's
    style = spans[0].style if len(spans) == 1 else None
    context = (id(hyph), mkey, width, style)
    known = _WORD_FRAGS.pop(context, None)
    if known is None:
        known = {}
        if len(_WORD_FRAGS) >= 12:  # keep the sizes used last: those tried long ago seldom come back
            del _WORD_FRAGS[next(iter(_WORD_FRAGS))]
    _WORD_FRAGS[context] = known
    # one budget for all sizes together: each size tried while fitting would otherwise keep WORDS of its own
    count = sum(map(len, _WORD_FRAGS.values()))
    for words in _WORD_FRAGS.values():
        _trimmed(words, count)
    if style is not None:
        for word in spans[0].text.split(" "):
            found = known.get(word)
            if found is None:
                if not word:
                    continue
                found = known[word] = _word_fragments(((style, word),), measure, width, hyph)
            frags += found
        return frags
    for pieces in _words(spans):
        found = known.get(pieces)
        if found is None:
            found = known[pieces] = _word_fragments(pieces, measure, width, hyph)
        frags += found
    return frags


def _word_fragments(pieces: tuple, measure: Measure, width: float, hyph) -> list[_Frag]:
    frags: list[_Frag] = []
    parts, needs = _parts(pieces, hyph)
    for i, part in enumerate(parts):
        w = sum(measure(s, t) for s, t in part)
        last = i == len(parts) - 1
        if w + (0 if last or not needs[i] else measure("regular", HYPHEN)) > width:
            # longer than the line: allow a break between any two characters
            chars = [((s, c),) for s, t in part for c in t]
            for j, ch in enumerate(chars):
                end = j == len(chars) - 1
                frags.append(_Frag(ch, measure(*ch[0]), last and end, False if not end else (not last and needs[i]), True,
                                   ch[0][1].count(NBSP), ch[0][0], ch[0][1]))
            continue
        text = "".join(t for _, t in part)
        frags.append(_Frag(part, w, last, False if last else needs[i], False, text.count(NBSP),
                           part[0][0] if len(part) == 1 else None, text))
    return frags


def break_lines(spans, measure: Measure, width: float, *, justify: bool, language: str | None, hyphenate: bool = True) -> list[Line]:
    """Lines for one paragraph, chosen to minimise total badness over the whole paragraph."""
    hyph = hyphenator(language) if (hyphenate and language) else None
    frags = _fragments(spans, measure, width, hyph)
    if not frags:
        return []
    space = measure("regular", " ")
    hyphen_w = measure("regular", HYPHEN)
    if sum(f.width for f in frags) + sum(f.word_end for f in frags[:-1]) * space <= width:
        # one line holds it all (labels, titles), and nothing costs less than one line: no search
        return [_line(frags, measure, width, space, hyphen_w, False)]
    lines, a = [], 0
    for b in _total_fit(frags, width, space, hyphen_w, justify):
        lines.append(_line(frags[a:b], measure, width, space, hyphen_w, justify and b < len(frags)))
        a = b
    return lines


def _total_fit(frags: list[_Frag], width: float, space: float, hyphen_w: float, justify: bool) -> list[int]:
    """Where the lines end (fragment offsets; the last is len(frags)): the breaks with the least total
    demerits. A line a..b-1 is tried when it is at least LOOSE full and not overfull, and looser lines
    only when no such line ends at b."""
    p = _paragraph(frags, width, space, hyphen_w, justify)
    # Most places a line could end cost more to reach than the whole best paragraph does, so a search
    # that drops paths dearer than a bound is much quicker. A path found within the bound is the best;
    # a dearer one found is a bound that holds, for a second search.
    bound = TYPICAL_DEMERITS * (p.q[p.n] // width + 1)
    ends, cost = _search(p, bound)
    if cost > bound:
        ends, cost = _search(p, cost)
    return ends


TYPICAL_DEMERITS = 10_000  # per line: nine paragraphs in ten of the seed's kind cost less


@dataclass(frozen=True)
class _Paragraph:
    n: int
    pw: list[float]
    ps: list[int]
    hyphens: list[bool]
    q: list[float]
    qs: list[float]
    squeezed: float
    width: float
    space: float
    hyphen_w: float
    justify: bool


def _paragraph(frags: list[_Frag], width: float, space: float, hyphen_w: float, justify: bool) -> _Paragraph:
    n = len(frags)
    # prefix sums: widths, inter-word spaces, and whether breaking before fragment i adds a hyphen
    pw = list(accumulate([f.width for f in frags], initial=0.0))
    ps = list(accumulate([f.word_end for f in frags], initial=0))
    hyphens = [False] + [f.hyphen for f in frags]
    # where fragment i would start if the paragraph were one line: with natural spaces, and squeezed
    q = [w + s * space for w, s in zip(pw, ps)]
    squeezed = space * 0.8 if justify else space
    qs = [w + s * squeezed for w, s in zip(pw, ps)] if justify else q
    return _Paragraph(n, pw, ps, hyphens, q, qs, squeezed, width, space, hyphen_w, justify)


def _search(p: _Paragraph, bound: float) -> tuple[list[int], float]:
    """The least-demerits breaks among paths that cost at most `bound` at every line end, and their
    cost (infinite when there is none)."""
    n, pw, ps, hyphens, q, qs = p.n, p.pw, p.ps, p.hyphens, p.q, p.qs
    width, space, hyphen_w, squeezed, justify = p.width, p.space, p.hyphen_w, p.squeezed, p.justify
    inf = float("inf")
    best, prev = [inf] * (n + 1), [0] * (n + 1)
    best[0] = 0.0
    reached = [0]  # line ends a path within the bound gets to, in order
    loose, stub = width * LOOSE, width * 0.2
    stretchy, tight = space * 0.6, space * 0.2  # how far a space may stretch or shrink (in badness terms)
    ragged = width * 0.25
    full = 0  # the largest a whose line a..b-1 is at least LOOSE full; only grows with b
    lo = 0  # the smallest a whose line a..b-1 is not overfull (or b-1)
    for b in range(1, n):  # a line holds fragments a..b-1; the last line comes after the loop
        hyphen = hyphens[b]
        extra = hyphen_w if hyphen else 0.0
        psb = ps[b - 1]
        qb = pw[b] + psb * space + extra  # a line a..b-1 is qb - q[a] wide
        while full + 1 < b and qb - q[full + 1] >= loose:
            full += 1
        a0 = full if full < b - 1 else b - 1
        first = b - 1 if qb - q[a0] < loose else full
        limit = pw[b] + psb * squeezed + extra - width  # a line a..b-1 is overfull when qs[a] < limit
        while lo > 0 and qs[lo - 1] >= limit:
            lo -= 1
        while lo < b - 1 and qs[lo] < limit:
            lo += 1
        # lines less than LOOSE full are tried only when nothing else will do
        hi = first if first >= lo else b - 1
        i = bisect_left(reached, lo)
        if i == len(reached) or reached[i] > hi:
            continue
        j = bisect_right(reached, hi, i)
        best_b, prev_b = inf, 0
        room = width - qb
        while i < j:  # from the tightest line to the loosest
            a = reached[i]
            gaps = psb - ps[a]  # spaces inside the line
            slack = room + q[a]
            # the line's demerits: badness from how far its spaces stretch or shrink, squared, plus
            # penalties for hyphens (more for two in a row)
            if justify:
                if gaps == 0:
                    r = slack / width * 10
                    badness = 100 * r * r if slack >= 0 else 1e6
                elif slack > 0:
                    r = slack / (gaps * stretchy)
                    badness = 100 * r * r * r
                else:
                    r = slack / (gaps * tight)
                    badness = 1e6 if r < -1 else -100 * r * r * r
            else:
                r = slack / ragged
                badness = 100 * r * r if slack >= 0 else 1e6
            d = 10 + (badness if badness < 1e6 else 1e6)
            d *= d
            if hyphen:
                d += 6400
            if d > best_b and slack > 0 and gaps:
                # looser lines with spaces only cost more from here: on to those without one
                i = bisect_left(reached, bisect_left(ps, psb, a + 1, hi + 1), i + 1, j)
                continue
            if hyphen and hyphens[a]:
                d += 20000  # hyphens on consecutive lines form a ladder
            total = best[a] + d
            if total <= best_b:  # on a tie the shorter line wins
                best_b, prev_b = total, a
            i += 1
        if best_b <= bound:
            best[b], prev[b] = best_b, prev_b
            reached.append(b)
    # the last line is set loose; a stub of one, or one that ends a hyphenated word, looks like a mistake
    qb = pw[n] + ps[n - 1] * space
    best_b, prev_b = inf, 0
    for a in reached[bisect_left(reached, min(bisect_left(q, qb - width), n - 1)):]:
        d = 100.0 if qb - q[a] <= width else (10 + 1e6) ** 2  # wider: one fragment, wider than the measure
        if a > 0 and (qb - q[a] < stub or hyphens[a]):
            d += 1e8
        total = best[a] + d
        if total <= best_b:
            best_b, prev_b = total, a
    if best_b == inf:
        return [], inf
    prev[n] = prev_b
    ends = []
    while n > 0:
        ends.append(n)
        n = prev[n]
    ends.reverse()
    return ends, best_b


def _line(frags: list[_Frag], measure, width, space, hyphen_w, justify) -> Line:
    end = frags[-1]
    gaps = ties = 0
    natural = 0
    style = end.style
    forced = False
    for f in frags:
        natural += f.width
        if f.word_end:
            gaps += 1
        if f.ties:
            ties += f.ties
        if f.style != style:
            style = None
        if f.forced:
            forced = True
    if end.word_end:
        gaps -= 1  # a space after the line's last word is not in the line
    natural += gaps * space
    if end.hyphen:
        natural += hyphen_w
    # PDF word spacing widens no-break spaces too (they print as the space), so they stretch with the
    # others, as TeX's tie does
    extra = (width - natural) / (gaps + ties) if justify and gaps else 0.0
    extra = round(extra, 6) + 0.0  # + 0.0: never -0; rounded so the same spacing prints the same bytes
    if style is None or ties:
        runs, x = _runs(frags, measure, space, extra)
    else:  # one style: one run (the common case, made quickly)
        texts: list[str] = []
        x, step = 0.0, space + extra
        for f in frags[:-1]:
            texts.append(f.text)
            x += f.width
            if f.word_end:
                texts.append(" ")  # a real space keeps words apart for text extraction and copy-paste
                x += step
        if end.hyphen:
            texts.append(end.text + HYPHEN)
            x += measure(style, end.text + HYPHEN)
        else:
            texts.append(end.text)
            x += end.width
        runs = (Run("".join(texts), style, 0.0, x - 0.0, extra),)
    return Line(runs, x if not justify else width, forced)


def _runs(frags: list[_Frag], measure, space, extra) -> tuple[tuple[Run, ...], float]:
    """A line's runs, one per stretch of one style, and where the line ends."""
    runs: list[list] = []  # [text pieces, style, x, end]: made into Runs once the line is done
    x = 0.0
    style_now = None
    last = len(frags) - 1
    for i, f in enumerate(frags):
        pieces = f.pieces
        if i == last and f.hyphen:
            pieces = pieces[:-1] + ((pieces[-1][0], pieces[-1][1] + HYPHEN),)
            one = False
        else:
            one = len(pieces) == 1  # its width is the fragment's
        for style, text in pieces:
            w = f.width if one else measure(style, text)
            if f.ties:
                w += extra * text.count(NBSP)
            if style == style_now:
                # one run per style: words that follow on keep the file to lines, not letters
                run = runs[-1]
                run[0].append(text)
                run[3] = x + w
            else:
                runs.append([[text], style, x, x + w])
                style_now = style
            x += w
        if f.word_end and i < last:
            x += space + extra
            runs[-1][0].append(" ")  # a real space keeps words apart for text extraction and copy-paste
    return tuple(Run("".join(t), style, x0, end - x0, extra) for t, style, x0, end in runs), x
