"""The PDFs the preview page offers: the print file, the office-printer sheets and a card's handout, built
by the pipeline as `fichegen build` and `fichegen handout` build them, into a folder of the server's own,
and handed back as bytes for the browser to download."""

from __future__ import annotations

import threading
from pathlib import Path

from fichegen.options import BuildOptions, Layout

KINDS = {"pages": Layout.PAGES, "sheets": Layout.SHEETS}


class Downloads:
    """Builds one PDF at a time, under `lock` (the renderer's: ReportLab and pdfium serve one thread at a
    time). Each kind keeps its own MemoryCache, so building again after an edit redraws only what changed.
    Builds run in this process (jobs=1): the server's threads are running, and a process started from a
    threaded one may inherit a lock some thread holds."""

    def __init__(self, deck: str, template_name: str | None, lock: threading.RLock, folder: Path,
                 language: str | None = None):
        from fichegen.cache import MemoryCache

        self.deck, self.template_name, self.lock, self.folder = deck, template_name, lock, Path(folder)
        self.language = language
        self.caches = {kind: MemoryCache() for kind in KINDS}

    def build(self, kind: str, slug: str, card_id: str | None = None) -> tuple[str, bytes]:
        """(the file name `fichegen build` or `handout` would give it, the PDF's bytes). Raises
        FichegenError with the deck's problems, as the command would."""
        from fichegen import pipeline

        with self.lock:
            if kind == "handout":
                name = f"{slug}-{card_id}-handout{pipeline.language_suffix(self.language)}.pdf"
                result = pipeline.handout(self.deck, card_id, template_name=self.template_name, output=self.folder / name,
                                          language=self.language)
            else:
                name, cache = f"{slug}-{kind}{pipeline.language_suffix(self.language)}.pdf", self.caches[kind]
                options = BuildOptions(KINDS[kind], self.template_name, output=str(self.folder / name), jobs=1,
                                       language=self.language)
                result = pipeline.build_cached(self.deck, options, cache)
            return name, Path(result.path).read_bytes()
