"""The preview's pictures: every card's front and back as a PNG, drawn by the pipeline exactly as the
proof PDF draws them (pipeline.faces) and turned into pixels as printshop/proofs.py turns print files
into proofs. So the preview shows what prints: the same fit, line breaks, fonts and colours.

The renderer keeps the last good deck. A refresh reads the deck again through the pipeline with one
MemoryCache kept between refreshes, so only changed cards are fitted and drawn; a picture is named by a
digest of what it is drawn from (the face's content stream, the fonts and logos, the trim), so a card
whose pictures kept their names did not change, and when an edit moves the deck's shared type scales
(or adds a character to a font's subset) every card's names change with it. Pictures are rendered when
they are first asked for, at once for a few changed cards, and the most recent ones are kept."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path

from fichegen.content import markup
from fichegen.errors import FichegenError, Problem, display_path
from fichegen.geometry import MM
from fichegen.keys import digest

PPI = 144  # two pixels per CSS pixel for a face shown about 420 px wide: sharp on high-density screens
EAGER = 8  # at most this many changed cards are rendered before the page hears of them; the rest when asked
KEEP = 400  # pictures kept (about 60 MB); an older one is rendered again if it is asked for


@dataclass(frozen=True)
class CardView:
    id: str
    number: str  # as printed: "3", or "3a" for a part of a continued card
    label: str
    title: str
    path: str  # the card's file as the CLI names it
    front: str  # picture names
    back: str
    stale: bool = False  # the card's file has a problem now: these pictures are its last good ones


@dataclass(frozen=True)
class View:
    """What the page shows, as one value; each update replaces it with the next version."""

    version: int = 0
    title: str = ""
    slug: str = ""
    template: str = ""
    trim_mm: tuple[float, float] = (148.0, 210.0)
    cards: tuple[CardView, ...] = ()
    problems: tuple[str, ...] = ()  # lines exactly as the CLI prints them
    warnings: tuple[str, ...] = ()
    ready: bool = False  # False until the first rendering has finished
    message: str = ""  # what the last update did

    def as_json(self) -> dict:
        return {"version": self.version, "title": self.title, "slug": self.slug, "template": self.template,
                "trim": list(self.trim_mm), "problems": list(self.problems), "warnings": list(self.warnings),
                "ready": self.ready, "message": self.message,
                "cards": [{"id": c.id, "number": c.number, "label": c.label, "title": c.title, "path": c.path,
                           "front": c.front, "back": c.back, "stale": c.stale} for c in self.cards]}


@dataclass(frozen=True)
class Update:
    """What one refresh did: the cards whose pictures changed (ids, in deck order), those gone, and
    whether every card changed because the deck's type scales (or its fonts' subsets) moved."""

    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    everything: bool = False
    problems: tuple[str, ...] = ()
    seconds: float = 0.0
    first: bool = False

    def report(self) -> str:
        """The lines the terminal shows, in the words `fichegen watch` uses."""
        if self.problems:
            n = len(self.problems)
            return "\n".join([*self.problems, f"not updated ({n} problem{'s' if n != 1 else ''}); the page keeps "
                                              "the last good cards; waiting for the next change"])
        took = f"in {self.seconds:.2f} s"
        if self.first:
            return f"rendered {len(self.changed)} card{'s' if len(self.changed) != 1 else ''} {took}"
        if self.everything:
            return f"updated all {len(self.changed)} cards {took}: the deck's type sizes or fonts changed"
        parts = []
        if self.changed:
            ids = ", ".join(self.changed[:5]) + (", …" if len(self.changed) > 5 else "")
            parts.append(f"updated {len(self.changed)} card{'s' if len(self.changed) != 1 else ''} ({ids})")
        if self.removed:
            parts.append(f"removed {', '.join(self.removed)}")
        return f"{'; '.join(parts)} {took}" if parts else f"no card changed ({self.seconds:.2f} s)"


def internal(e: Exception) -> tuple[str, ...]:
    """An internal error in the words the CLI uses for one."""
    return (f"fichegen: internal error: {type(e).__name__}: {e}",
            "This is a bug in fichegen; please report it with the command you ran (run again with --debug for the details).")


class Renderer:
    """The deck's pictures, kept up to date by `refresh()`; `png(name)` gives one, rendering it if need
    be; `wait(version)` blocks until a newer View than `version` is published. Every use of the
    pipeline, ReportLab and pdfium goes through `lock`, one thread at a time."""

    def __init__(self, deck: str, template_name: str | None = None, *, ppi: int = PPI, keep: int = KEEP,
                 language: str | None = None):
        from fichegen.cache import MemoryCache

        self.deck, self.template_name, self.ppi, self.keep = deck, template_name, ppi, keep
        self.language = language
        self.cache = MemoryCache()
        self.lock = threading.RLock()
        self._faces = None  # pipeline.Faces of the last good refresh
        self._names: list[tuple[str, str]] = []  # each card's (front, back) picture names
        self._where: dict[str, tuple[int, int]] = {}  # picture name → (card index, 0 front | 1 back)
        self._pngs: OrderedDict[str, bytes] = OrderedDict()
        self._view = View()
        self._published = threading.Condition()
        self._closed = False

    @property
    def view(self) -> View:
        return self._view

    @property
    def closed(self) -> bool:
        return self._closed

    def refresh(self, pool=None) -> Update:
        """Read, fit and draw the deck again (the cache keeps what did not change) and publish the new
        View. A deck with problems publishes them and keeps the last good pictures."""
        from fichegen import pipeline

        started = time.perf_counter()
        with self.lock:
            try:
                faces = pipeline.faces(self.deck, self.template_name, self.cache, pool, self.language)
            except FichegenError as e:
                self.cache.close(keep=False)
                return self._failed(tuple(str(p) for p in e.problems), e.problems, started)
            except Exception as e:  # noqa: BLE001 - our bug: said on the page, and the server keeps running
                self.cache.close(keep=False)
                return self._failed(internal(e), [], started)
            self.cache.close(keep=True)
            view, update = self._accept(faces)
            update = replace(update, seconds=time.perf_counter() - started)
        self._publish(replace(view, message=update.report()))
        return update

    def _accept(self, faces) -> tuple[View, Update]:
        """The new faces kept, named, and the few changed cards rendered."""
        p, old = faces.prepared, self._faces
        # the objects' bytes as parts, hashed as they are: the repr of a tuple of them (megabytes of photos)
        # took longer than the rest of a refresh
        number, objects = faces.kit.objects
        fonts = digest(number, *(part for obj in objects for part in obj), faces.kit.key, faces.geometry.trim_size, self.ppi)
        names = [tuple(digest(fonts, stream)[:24] for stream in pair) for pair in faces.pairs]
        before = {c.id: (c.front, c.back) for c in self._view.cards}
        cards = tuple(CardView(c.id, f"{c.number}{c.part}", markup.plain(c.label), markup.plain(c.title),
                               display_path(c.path), *names[i]) for i, (_, c) in enumerate(p.printed))
        changed = tuple(c.id for c in cards if before.get(c.id) != (c.front, c.back))
        ids = {c.id for c in cards}
        removed = tuple(i for i in before if i not in ids)
        everything = (old is not None and len(cards) > 1 and len(changed) == len(cards)
                      and (old.prepared.scales != p.scales or old.kit.key != faces.kit.key))
        self._faces, self._names = faces, names
        self._where = {name: (i, k) for i, pair in enumerate(names) for k, name in enumerate(pair)}
        if len(changed) <= EAGER:
            for i, c in enumerate(cards):
                if c.id in changed:
                    self._render(i)
        w, h = (round(v / MM, 1) for v in faces.geometry.trim_size)
        view = View(self._view.version, p.deck.title, p.deck.slug, p.template.name, (w, h), cards, (),
                    tuple(str(w) for w in p.warnings), True)
        return view, Update(changed, removed, everything, first=old is None)

    def _failed(self, lines: tuple[str, ...], problems: list[Problem], started: float) -> Update:
        """The last good cards kept, the problems published; the cards whose files have one marked."""
        where = {Path(p.path).resolve() for p in problems if not p.warning}
        cards = tuple(replace(c, stale=Path(c.path).resolve() in where) for c in self._view.cards)
        update = Update(problems=lines, seconds=time.perf_counter() - started)
        self._publish(replace(self._view, cards=cards, problems=lines, ready=True, message=update.report().splitlines()[-1]))
        return update

    def _publish(self, view: View) -> None:
        with self._published:
            self._view = replace(view, version=self._view.version + 1)
            self._published.notify_all()

    def wait(self, version: int, timeout: float) -> View | None:
        """The View once it is newer than `version` (at once if it is already); None after `timeout`
        seconds without one, or when the renderer is closed."""
        with self._published:
            self._published.wait_for(lambda: self._closed or self._view.version > version, timeout)
            return None if self._closed or self._view.version <= version else self._view

    def close(self) -> None:
        """Wakes every waiter (the page's event streams) so the server can stop."""
        with self._published:
            self._closed = True
            self._published.notify_all()

    def png(self, name: str) -> bytes | None:
        """The picture `name` of the current deck (or one kept from before), rendered if need be."""
        with self.lock:
            if name not in self._pngs:
                if name not in self._where:
                    return None
                self._render(self._where[name][0])
            self._pngs.move_to_end(name)
            return self._pngs[name]

    def _render(self, index: int) -> None:
        """Card `index`'s front and back: its two faces as a PDF, rendered as proofs are."""
        from fichegen.printshop.proofs import face_pngs

        pngs = face_pngs(self._faces.pdf([index]), self.ppi, level=1)  # sent next door, not stored: speed over size
        for name, png in zip(self._names[index], pngs):
            self._pngs[name] = png
        while len(self._pngs) > self.keep:
            self._pngs.popitem(last=False)
