"""Setting one paragraph into lines: words, Dutch (or any pyphen) hyphenation, and a total-fit line breaker.

Breaking the whole paragraph at once (in the spirit of Knuth–Plass) gives even spacing, few hyphens and
no one-word last lines, which a first-fit breaker cannot promise."""

from __future__ import annotations
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate

from fichegen.layout.words import HYPHEN, NBSP, Measure, _Frag, _fragments, hyphenator  # noqa: F401 - re-exported

LOOSE = 0.75  # a line filling less of the measure than this is a last resort


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
    broken: bool = False  # ends inside a word (at a hyphen, a dash or a slash): no card may end on it



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
    return Line(runs, x if not justify else width, forced, not end.word_end)


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
