"""User-facing problems. Every mistake a user can make becomes a Problem; the CLI prints them."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def display_path(path: str | os.PathLike) -> str:
    """A path as the user should see it: relative to the working directory when below it."""
    p = Path(path)
    try:
        return os.path.relpath(p) if p.is_absolute() and Path.cwd() in p.parents else str(p)
    except ValueError:  # another drive on Windows
        return str(p)


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str
    warning: bool = False
    where: str | None = None  # printed instead of the line: a spreadsheet's "Blad1!C5"

    def __str__(self) -> str:
        at = f":{self.where}" if self.where else f":{self.line}" if self.line else ""
        where = display_path(self.path) + at
        return f"{where}: {'warning: ' if self.warning else ''}{self.message}"


class FichegenError(Exception):
    """Base of every error caused by the user's input; carries one or more problems."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects problems so that one run reports all of them, not just the first."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path, line, message, warning=False, where=None) -> None:
        self.items.append(Problem(str(path), line, message, warning, where))

    def extend(self, problems) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.warning]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise FichegenError(self.items)


def suggest(word: str, known) -> str:
    """' (did you mean 'x'?)' when a known word is close, else ''."""
    known = list(known)
    import difflib

    close = [k for k in known if k.lower() == word.lower()] or difflib.get_close_matches(word, known, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""
