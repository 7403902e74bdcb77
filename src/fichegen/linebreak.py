"""Setting one paragraph into lines: words, Dutch (or any pyphen) hyphenation, and a total-fit line breaker.

Breaking the whole paragraph at once (in the spirit of Knuth–Plass) gives even spacing, few hyphens and
no one-word last lines, which a first-fit breaker cannot promise."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pyphen

from .markup import Span

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


@lru_cache(maxsize=16)
def hyphenator(language: str) -> pyphen.Pyphen | None:
    lang = pyphen.language_fallback(language.replace("-", "_"))
    if not lang:
        return None
    from . import cache  # reading a dictionary's patterns takes longer than a small rebuild: keep them

    source = Path(str(pyphen.LANGUAGES[lang]))
    stamp = source.stat()
    return cache.remembered(("pyphen", pyphen.__version__, str(source), stamp.st_size, stamp.st_mtime_ns, 2, 3),
                            lambda: pyphen.Pyphen(lang=lang, left=2, right=3))


def _words(spans: tuple[Span, ...]) -> list[list[tuple[str, str]]]:
    words: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    for span in spans:
        parts = span.text.replace("\u00a0", "\x00").split(" ")  # no-break spaces stay inside words
        for i, part in enumerate(parts):
            if i > 0 and current:
                words.append(current)
                current = []
            if part:
                current.append((span.style, part.replace("\x00", "\u00a0")))
    if current:
        words.append(current)
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
                points += [(seg_start + p, True) for p in hyph.positions(segment)]
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


def _parts(pieces: tuple, hyph) -> tuple[list, list[bool]]:
    key = (pieces, id(hyph))
    found = _PARTS.get(key)
    if found is None:
        if len(_PARTS) > 100_000:
            _PARTS.clear()
        points = _cut_points("".join(t for _, t in pieces), hyph)
        found = _PARTS[key] = (_split(pieces, [p for p, _ in points]), [h for _, h in points])
    return found


_WORD_FRAGS: dict = {}  # (word, hyphenator, measure, line width) → its fragments: words recur


def _fragments(spans, measure: Measure, width: float, hyph) -> list[_Frag]:
    frags: list[_Frag] = []
    mkey = getattr(measure, "key", None)  # what the measure measures with (font, size, tracking), if it says
    for pieces in _words(spans):
        pieces = tuple(pieces)
        key = (pieces, id(hyph), mkey, width) if mkey is not None else None
        found = _WORD_FRAGS.get(key) if key else None
        if found is None:
            found = _word_fragments(pieces, measure, width, hyph)
            if key:
                if len(_WORD_FRAGS) > 200_000:
                    _WORD_FRAGS.clear()
                _WORD_FRAGS[key] = found
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
                frags.append(_Frag(ch, measure(*ch[0]), last and end, False if not end else (not last and needs[i]), True))
            continue
        frags.append(_Frag(part, w, last, False if last else needs[i]))
    return frags


def break_lines(spans, measure: Measure, width: float, *, justify: bool, language: str | None, hyphenate: bool = True) -> list[Line]:
    """Lines for one paragraph, chosen to minimise total badness over the whole paragraph."""
    hyph = hyphenator(language) if (hyphenate and language) else None
    frags = _fragments(spans, measure, width, hyph)
    if not frags:
        return []
    space = measure("regular", " ")
    hyphen_w = measure("regular", HYPHEN)
    n = len(frags)
    # prefix sums: widths, and the number of inter-word spaces before fragment i
    pw, ps = [0.0], [0]
    for f in frags:
        pw.append(pw[-1] + f.width)
        ps.append(ps[-1] + (1 if f.word_end else 0))
    hyphens = [f.hyphen for f in frags]
    inf = float("inf")
    best = [inf] * (n + 1)
    prev = [0] * (n + 1)
    best[0] = 0.0
    shrink = 0.2 if justify else 0.0
    loose = width * LOOSE
    stub = width * 0.2
    stretchy, tight = space * 0.6, space * 0.2  # how far a space may stretch or shrink (in badness terms)
    full = 0  # for each b: the largest a whose line a..b-1 is at least LOOSE full; only grows with b
    for b in range(1, n + 1):  # a line holds fragments a..b-1
        last = b == n
        hyphen = hyphens[b - 1] and not last
        extra = hyphen_w if hyphen else 0.0
        squeeze = space * (0.0 if last else shrink)  # the last line is set loose
        pwb, psb = pw[b], ps[b - 1]
        while full + 1 < b and pwb - pw[full + 1] + (psb - ps[full + 1]) * space + extra >= loose:
            full += 1
        # lines less than LOOSE full are tried only when nothing else will do, and the last line always
        a0 = full if full < b - 1 else b - 1
        first = b - 1 if last or pwb - pw[a0] + (psb - ps[a0]) * space + extra < loose else full
        best_b, prev_b = inf, 0
        sweeps = ((first, -1), (b - 1, first)) if first < b - 1 else ((first, -1),)
        for top, stop in sweeps:
            for a in range(top, stop, -1):
                gaps = psb - ps[a]  # spaces inside the line
                nat = pwb - pw[a] + gaps * space + extra
                if nat - gaps * squeeze > width and b - a > 1:
                    break
                base = best[a]
                if base == inf:
                    continue
                # the line's demerits: badness from how far its spaces stretch or shrink, squared, plus
                # penalties for hyphens (more for two in a row) and for a stub of a last line
                slack = width - nat
                if last and slack >= 0:
                    badness = 0.0
                elif justify:
                    if gaps == 0:
                        r = slack / width * 10
                        badness = 100 * r * r if slack >= 0 else 1e6
                    else:
                        r = slack / (gaps * (stretchy if slack > 0 else tight))
                        badness = 1e6 if r < -1 else 100 * r * r * (r if r > 0 else -r)
                else:
                    r = slack / (width * 0.25)
                    badness = 100 * r * r if slack >= 0 else 1e6
                d = 10 + (badness if badness < 1e6 else 1e6)
                d *= d
                after_hyphen = a > 0 and hyphens[a - 1]
                if hyphen:
                    d += 6400 + (20000 if after_hyphen else 0)  # hyphens on consecutive lines form a ladder
                if last and a > 0 and (nat < stub or after_hyphen):
                    d += 1e8  # a stub of a last line, or one that ends a hyphenated word, looks like a mistake
                total = base + d
                if total < best_b:
                    best_b, prev_b = total, a
            if best_b < inf:
                break
        best[b], prev[b] = best_b, prev_b
    breaks = []
    b = n
    while b > 0:
        breaks.append((prev[b], b))
        b = prev[b]
    breaks.reverse()
    return [_line(frags[a:b], measure, width, space, hyphen_w, justify and b < n) for a, b in breaks]


def _line(frags: list[_Frag], measure, width, space, hyphen_w, justify) -> Line:
    gaps = sum(1 for f in frags[:-1] if f.word_end)
    natural = sum(f.width for f in frags) + gaps * space
    if frags[-1].hyphen:
        natural += hyphen_w
    # PDF word spacing widens no-break spaces too (they print as the space), so they stretch with the
    # others, as TeX's tie does
    ties = sum(text.count(NBSP) for f in frags for _, text in f.pieces)
    extra = (width - natural) / (gaps + ties) if justify and gaps else 0.0
    extra = round(extra, 6) + 0.0  # + 0.0: never -0; rounded so the same spacing prints the same bytes
    runs: list[list] = []  # [text pieces, style, x, end]: made into Runs once the line is done
    x = 0.0
    last = len(frags) - 1
    for i, f in enumerate(frags):
        pieces = f.pieces
        if i == last and f.hyphen:
            pieces = pieces[:-1] + ((pieces[-1][0], pieces[-1][1] + HYPHEN),)
        one = len(pieces) == 1 and not (i == last and f.hyphen)  # its width is the fragment's
        for style, text in pieces:
            w = (f.width if one else measure(style, text)) + (extra * text.count(NBSP) if ties else 0.0)
            if runs and runs[-1][1] == style:
                # one run per style: words that follow on keep the file to lines, not letters
                runs[-1][0].append(text)
                runs[-1][3] = x + w
            else:
                runs.append([[text], style, x, x + w])
            x += w
        if f.word_end and i < last:
            x += space + extra
            runs[-1][0].append(" ")  # a real space keeps words apart for text extraction and copy-paste
    return Line(tuple(Run("".join(t), style, x0, end - x0, extra) for t, style, x0, end in runs),
                x if not justify else width, any(f.forced for f in frags))
