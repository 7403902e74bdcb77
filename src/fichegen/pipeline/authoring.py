"""For the person writing a deck: a new deck to start from, the deck as a spreadsheet, and every card's
faces for the live preview (fichegen.preview)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fichegen.errors import FichegenError, Problem, suggest
from fichegen.geometry import PageGeometry
from fichegen.layout.fit import fit_deck
from fichegen.output import open_atomic
from fichegen.pdf import draw
from fichegen.pipeline.drawing import draw_fitted, drawn, kit_parts, pdf_info, write_pages
from fichegen.pipeline.prepared import Prepared, Result, read
from fichegen.style import template as style
from fichegen.workers import Pool


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
    from fichegen.content.files import LANGUAGE_TAG

    if not LANGUAGE_TAG.match(language):
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
    document: draw.Document  # the kit but its photos, and the photos: a few cards' PDF holds their own only
    photos: tuple[tuple[str, draw.Photo], ...] = ()

    def pdf(self, cards: list[int]) -> bytes:
        """The faces of `cards`, front then back, as a PDF in memory, to render to pixels; with those
        cards' photos only (a photo's name is the same in any kit)."""
        import io

        files = {card.image.file for i in cards for card in [self.prepared.printed[i][1]] if card.image}
        kit = draw.compose(self.document, tuple((file, photo) for file, photo in self.photos if file in files))
        buf = io.BytesIO()
        faces = (stream for i in cards for stream in self.pairs[i])
        write_pages(buf, self.geometry, kit, faces, pdf_info(self.prepared.deck, self.prepared.template))
        return buf.getvalue()


def faces(deck_path, template_name: str | None = None, cache=None, pool: Pool | None = None,
          language: str | None = None) -> Faces:
    """Every printed card's faces (a continued card's parts each on their own) drawn at trim size, in
    `language` (None: the deck's source). With a cache kept between calls (a MemoryCache), only the
    cards that changed are fitted and drawn again, unless the change moved the deck's type scales. As in
    `build`, a card is drawn right after it is fitted, while its lines are at hand."""
    pool = pool or Pool(1)
    deck, tmpl, chars, around, prints = read(deck_path, template_name, cache, pool, language)
    geometry = PageGeometry(tmpl.trim, bleed=0.0, marks=False)
    document, photos = kit_parts(tmpl, chars, cache, deck=deck)
    kit = draw.compose(document, photos)
    fitting, early = fit_deck(deck, tmpl, pool, cache, around=around, prints=prints,
                              then=(draw_fitted, geometry, kit.without_objects()))
    p = Prepared(deck, tmpl, fitting, chars, around, prints)
    streams = iter(drawn(p, geometry, kit, pool, cache, early=early))
    return Faces(p, kit, geometry, tuple(zip(streams, streams)), document, photos)
