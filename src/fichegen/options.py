"""A build's settings as one value: what the command line asked for, handed to the pipeline whole."""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import Enum


class Layout(str, Enum):
    PAGES = "pages"  # one page per face, with bleed and crop marks: for a print shop
    PROOF = "proof"  # trim size, no bleed or marks: for screens
    SHEETS = "sheets"  # several cards per sheet, backs behind their fronts: for a duplex printer
    FOLD = "fold"  # front and back side by side on one sheet, to fold: for a simplex printer

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class BuildOptions:
    layout: Layout = Layout.PAGES
    template: str | None = None  # None: the deck's own
    bleed_mm: float = 3.0
    marks: bool = True
    sheet: str = "A4"
    duplex: str = "long"  # the sheet edge the printer turns the paper about: "long" | "short"
    back_offset_mm: tuple[float, float] = (0.0, 0.0)
    output: str | None = None  # None: output/<deck>[-<template>]-<layout>[-<language>].pdf
    template_in_name: bool = False  # --all-templates: the template's name goes into the file name
    jobs: int = os.cpu_count() or 1
    cache: bool = True
    language: str | None = None  # one of the deck's languages (None: its source); named, it ends the file name

    def cache_name(self, deck_path) -> str:
        """What a build's cache file is named by: the deck and everything that changes the pages."""
        from pathlib import Path

        return "|".join(map(str, (Path(deck_path).resolve(), self.template, self.layout.value, self.bleed_mm, self.marks,
                                  self.sheet, self.duplex, self.back_offset_mm, self.language)))
