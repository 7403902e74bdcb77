"""A paragraph's words, where each may break (Dutch, or any pyphen language, hyphenation; hard breaks
after dashes and slashes), and the fragments the line breaker places, measured.

Words recur paragraph after paragraph: their fragments are kept per process, within a fixed budget, so
memory stays the same however large the deck."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

import pyphen

from fichegen.content.markup import Span

Measure = Callable[[str, str], float]  # (style, text) -> width at the paragraph's size

HYPHEN = "-"
NBSP = "\u00a0"
_OPEN = "‘“'\"([{«„"
_CLOSE = "’”'\".,;:!?)]}»…"
_HARD = "-–/"  # a word may break after these without adding a hyphen


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


def held() -> tuple[int, int]:
    """How many words this process keeps: their fragments over every size and measure, and their break
    points. Each stays within WORDS plus one paragraph's words, however large the deck."""
    return sum(map(len, _WORD_FRAGS.values())), len(_PARTS)


def forget() -> None:
    """Drop every word kept (memory only: what is set is the same either way)."""
    _WORD_FRAGS.clear()
    _PARTS.clear()
