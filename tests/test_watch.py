"""Watching rebuilds on real file events, says what changed, ignores editors' files and stops when asked.
Every wait is bounded: a watch that misses an event fails the test, never hangs it."""

import queue
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import DECK, ROOT, write_deck
from fichegen.cli import cli
from fichegen.watch import Changed, _changes, _Filter, _roots, watch

CARD = "title: A\nfront: [een]\nback: twee\n"


class Watching:
    """watch() in a thread; each rebuild's `changed` list arrives in `builds`."""

    def __init__(self, folders: list[Path], debounce_ms: int = 50, on_rebuild=None, ignore=None):
        self.folders, self.on_rebuild = folders, on_rebuild
        self.builds: queue.Queue = queue.Queue()
        self.reports: list[str] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=watch, args=(lambda: self.folders, self._rebuild, self.reports.append),
                                       kwargs={"stop": self.stop, "debounce_ms": debounce_ms, "ignore": ignore},
                                       daemon=True)

    def _rebuild(self, changed):
        if self.on_rebuild:
            self.on_rebuild(changed)
        self.builds.put(changed)
        return f"rebuilt: {', '.join(map(str, changed))}"

    def __enter__(self):
        self.thread.start()
        assert self.next() == []  # the first build
        self._subscribed()
        return self

    def __exit__(self, *_):
        self.stop.set()
        self.thread.join(timeout=5)
        assert not self.thread.is_alive()

    def _subscribed(self):
        """Touch a probe file until a rebuild names it: from then on, events reach the watch."""
        probe = self.folders[0] / "probe.txt"
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            probe.write_text(str(time.monotonic()))
            try:
                if any(c.path.name == "probe.txt" for c in self.builds.get(timeout=0.1)):
                    break
            except queue.Empty:
                pass
        else:
            raise AssertionError("the watch never saw the probe file")
        time.sleep(0.3)
        self.drain()

    def next(self, timeout: float = 5.0) -> list[Changed]:
        return self.builds.get(timeout=timeout)

    def drain(self, quiet: float = 0.0) -> list[list[Changed]]:
        """Every rebuild until none came for `quiet` seconds."""
        out = []
        while True:
            try:
                out.append(self.builds.get(timeout=quiet) if quiet else self.builds.get_nowait())
            except queue.Empty:
                return out


def test_an_edit_triggers_one_rebuild_naming_the_file(tmp_path):
    folder = write_deck(tmp_path / "d", {"01-a.yaml": CARD})
    with Watching([folder]) as w:
        (folder / "01-a.yaml").write_text("title: B\nfront: [een]\nback: drie\n", encoding="utf-8")
        changed = w.next()
        assert changed == [Changed("changed", folder / "01-a.yaml")]
        assert [str(c) for c in changed] == [f"changed {folder / '01-a.yaml'}"]
        assert w.reports[-1] == f"rebuilt: changed {folder / '01-a.yaml'}"
        assert w.drain(quiet=0.5) == []


def test_paths_are_spelt_under_the_folder_as_given(tmp_path, monkeypatch):
    write_deck(tmp_path / "d", {"01-a.yaml": CARD})
    monkeypatch.chdir(tmp_path)
    with Watching([Path("d")]) as w:
        Path("d/01-a.yaml").write_text("title: B\nfront: [een]\n", encoding="utf-8")
        assert [str(c) for c in w.next()] == [f"changed {Path('d/01-a.yaml')}"]


def test_editors_files_never_trigger_a_rebuild(tmp_path):
    folder = write_deck(tmp_path / "d", {"01-a.yaml": CARD})
    with Watching([folder]) as w:
        for name in (".#01-a.yaml", "01-a.yaml~", ".01-a.yaml.swp", "#01-a.yaml#", ".hidden/01-b.yaml"):
            (folder / name).parent.mkdir(exist_ok=True)
            (folder / name).write_text("x")
        assert w.drain(quiet=0.5) == []
        (folder / ".01-a.yaml.swp").write_text("y")  # in the same batch as a real save: still left out
        (folder / "01-a.yaml").write_text(CARD + "label: X\n", encoding="utf-8")
        assert w.next() == [Changed("changed", folder / "01-a.yaml")]


def test_a_burst_of_saves_is_one_rebuild_or_a_few(tmp_path):
    folder = write_deck(tmp_path / "d", {"01-a.yaml": CARD})
    with Watching([folder]) as w:
        for i in range(40):
            (folder / "01-a.yaml").write_text(CARD + f"label: {i}\n", encoding="utf-8")
            time.sleep(0.01)
        builds = [w.next()] + w.drain(quiet=0.5)
        # watchfiles ends a batch once a step brings no new (kind, file) pair, so saving one file again and
        # again (half a second of it here) gives a rebuild about every 100 ms, not one per save
        assert 1 <= len(builds) <= 10
        assert all(b == [Changed("changed", folder / "01-a.yaml")] for b in builds)


def test_added_and_removed_files_sorted_by_path(tmp_path):
    folder = write_deck(tmp_path / "d", {"01-a.yaml": CARD, "03-c.yaml": CARD})
    with Watching([folder], debounce_ms=300) as w:
        (folder / "02-b.yaml").write_text(CARD, encoding="utf-8")
        (folder / "01-a.yaml").unlink()
        (folder / "03-c.yaml").write_text(CARD + "label: C\n", encoding="utf-8")
        got = sorted({c for b in [w.next()] + w.drain(quiet=0.6) for c in b}, key=lambda c: c.path)
        assert got == [Changed("removed", folder / "01-a.yaml"), Changed("added", folder / "02-b.yaml"),
                       Changed("changed", folder / "03-c.yaml")]


def test_the_files_the_rebuild_writes_are_ignored(tmp_path):
    folder = write_deck(tmp_path / "d", {"01-a.yaml": CARD})
    out = folder / "output" / "deck.pdf"  # as `fichegen watch .` writes it, inside the deck

    def write_output(_):
        out.parent.mkdir(exist_ok=True)
        out.write_bytes(b"%PDF" + str(time.monotonic()).encode())

    with Watching([folder], on_rebuild=write_output, ignore=lambda: [out]) as w:
        (folder / "01-a.yaml").write_text(CARD + "label: X\n", encoding="utf-8")
        assert w.next() == [Changed("changed", folder / "01-a.yaml")]
        assert w.drain(quiet=0.7) == []  # not a rebuild after every rebuild


def test_the_watch_moves_when_the_folders_change(tmp_path):
    deck = write_deck(tmp_path / "d", {"01-a.yaml": CARD})
    old, new = tmp_path / "old-template", tmp_path / "new-template"
    old.mkdir(), new.mkdir()
    (old / "template.yaml").write_text("a"), (new / "template.yaml").write_text("b")
    folders = [deck, old]
    w = Watching(folders, on_rebuild=lambda changed: changed and folders.__setitem__(1, new))
    with w:  # the probe's rebuild already moved it
        (old / "template.yaml").write_text("a2")
        assert w.drain(quiet=0.5) == []
        (new / "template.yaml").write_text("b2")
        assert w.next() == [Changed("changed", new / "template.yaml")]


def test_a_file_saved_while_the_watch_moves_is_not_lost(tmp_path):
    deck = write_deck(tmp_path / "d", {"01-a.yaml": CARD})
    old, new = tmp_path / "old-template", tmp_path / "new-template"
    old.mkdir(), new.mkdir()
    (old / "template.yaml").write_text("a"), (new / "template.yaml").write_text("b")
    folders = [deck, old]

    def move(changed):
        if any(c.path.name == "deck.yaml" for c in changed):
            folders[1] = new
            (new / "template.yaml").write_text("b2")  # saved before the watch is subscribed to new/

    with Watching(folders, on_rebuild=move) as w:
        (deck / "deck.yaml").write_text("title: T\ntemplate: new\n", encoding="utf-8")
        assert w.next() == [Changed("changed", deck / "deck.yaml")]
        assert w.next() == []  # the rebuild that follows the move: it reads what was saved meanwhile
        assert w.drain(quiet=0.5) == []


def test_stop_ends_the_watch_promptly(tmp_path):
    folder = write_deck(tmp_path / "d", {"01-a.yaml": CARD})
    w = Watching([folder])
    w.__enter__()
    started = time.monotonic()
    w.stop.set()
    w.thread.join(timeout=5)
    assert not w.thread.is_alive() and time.monotonic() - started < 1


def test_the_filter_looks_only_below_the_watched_folder(tmp_path):
    template = tmp_path / ".venv" / "site-packages" / "templates" / "huis"  # hidden above: still watched
    template.mkdir(parents=True)
    keep = _Filter(_roots([template]), ignore=None)
    assert keep(None, str(template.resolve() / "logo.svg"))
    assert not keep(None, str(template.resolve() / ".git" / "index"))
    assert not keep(None, str(template.resolve() / "__pycache__" / "x.pyc"))
    assert not keep(None, str(template.resolve() / "logo.svg~"))
    assert not keep(None, str(tmp_path.resolve() / "elsewhere.yaml"))


def test_a_file_replaced_by_a_save_is_changed_and_one_made_and_gone_is_nothing(tmp_path):
    from watchfiles import Change

    (tmp_path / "a.yaml").write_text("a")
    raw, gone = str(tmp_path / "a.yaml"), str(tmp_path / "4913")
    batch = {(Change.deleted, raw), (Change.added, raw), (Change.added, gone), (Change.deleted, gone)}
    assert _changes(batch, _roots([tmp_path])) == [Changed("changed", tmp_path / "a.yaml")]


def test_the_watch_command_builds_and_says_stopped_on_ctrl_c(tmp_path, monkeypatch):
    import fichegen.watch

    def once(folders_of, rebuild, report, **_):
        report(rebuild([]))
        report(rebuild([Changed("changed", DECK / "01-x.yaml")]))
        raise KeyboardInterrupt

    monkeypatch.setattr(fichegen.watch, "watch", once)
    result = CliRunner().invoke(cli, ["watch", str(DECK), "-o", str(tmp_path / "w.pdf")])
    lines = result.output.splitlines()
    assert result.exit_code == 0, result.output
    assert lines[0] == f"watching {DECK}, {ROOT / 'templates' / 'default'} (Ctrl-C stops)"
    assert lines[1].startswith(f"wrote {tmp_path / 'w.pdf'} in ") and lines[1].endswith(" s")
    assert lines[2] == f"changed {DECK / '01-x.yaml'}" and lines[3].startswith("wrote ")
    assert lines[-1] == "stopped"


def test_a_broken_card_keeps_the_last_good_pdf(tmp_path, monkeypatch):
    import fichegen.watch

    folder = write_deck(tmp_path / "d", {"01-a.yaml": CARD})

    def broken_after_one(folders_of, rebuild, report, **_):
        report(rebuild([]))
        (folder / "01-a.yaml").write_text("title: [\n", encoding="utf-8")
        report(rebuild([Changed("changed", folder / "01-a.yaml")]))
        raise KeyboardInterrupt

    monkeypatch.setattr(fichegen.watch, "watch", broken_after_one)
    result = CliRunner().invoke(cli, ["watch", str(folder), "-o", str(tmp_path / "w.pdf")])
    assert "; the last good PDF is unchanged; waiting for the next change" in result.output
    assert result.output.splitlines()[-2].startswith("not rebuilt (1 problem)")
    assert (tmp_path / "w.pdf").is_file()


def test_watch_follows_the_template_and_its_parents():
    from fichegen.style.template import folders

    assert folders("uantwerpen") == [ROOT / "templates" / "uantwerpen", ROOT / "templates" / "default"]
    assert folders("no-such-template") == []


def _watching_command(cwd: Path, *args: str, watched: Path | None = None):
    """`fichegen watch ARGS` as a subprocess, once its watch sees changes (a probe file is touched until a
    rebuild names it): (the process, a queue of its stdout lines)."""
    import os
    import subprocess
    import sys

    from tests.conftest import as_from_a_terminal

    proc = subprocess.Popen([sys.executable, "-m", "fichegen.cli", "watch", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                            preexec_fn=as_from_a_terminal)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line.rstrip("\n")) for line in proc.stdout], daemon=True).start()
    assert lines.get(timeout=60).startswith("watching ")
    assert lines.get(timeout=60).startswith("wrote ")
    for attempt in range(100):
        ((watched or cwd) / "probe.txt").write_text(str(attempt))
        try:
            if lines.get(timeout=0.1).endswith("probe.txt"):
                break
        except queue.Empty:
            pass
    else:
        raise AssertionError("the watch never saw the probe file")
    while True:  # the probe's rebuilds
        try:
            lines.get(timeout=0.5)
        except queue.Empty:
            return proc, lines


def _stop(proc) -> tuple[int, str]:
    import signal

    proc.send_signal(signal.SIGINT)
    code = proc.wait(timeout=10)
    return code, proc.stderr.read()


def test_watch_rebuilds_when_a_spreadsheet_given_as_the_deck_changes(tmp_path, pdf_text, read_pdf):
    sheet = tmp_path / "kaarten.csv"
    sheet.write_text("title;front;back\nWelkom;Een punt;Een tekst.\n", encoding="utf-8-sig")
    proc, lines = _watching_command(tmp_path, "kaarten.csv", "-o", "out.pdf")
    try:
        sheet.write_text("title;front;back\nWelkom terug;Een punt;Een tekst.\nTwee;Punt;Tekst.\n", encoding="utf-8-sig")
        assert lines.get(timeout=10) == "changed kaarten.csv"
        assert lines.get(timeout=10).startswith("wrote out.pdf in ")
        pages = read_pdf(tmp_path / "out.pdf").pages
        assert len(pages) == 4 and "Welkom terug" in pdf_text(pages[0])
        assert _stop(proc) == (0, "")
    finally:
        proc.kill()


def test_watch_rebuilds_when_the_spreadsheet_deck_yaml_names_changes(tmp_path, pdf_text, read_pdf):
    deck = write_deck(tmp_path / "d", {}, deck="title: T\nlanguage: nl\ncards: kaarten.csv\n")
    (deck / "kaarten.csv").write_text("title,front,back\nEen,Punt,Tekst.\n", encoding="utf-8")
    proc, lines = _watching_command(tmp_path, "d", "-o", "out.pdf", watched=deck)
    try:
        (deck / "kaarten.csv").write_text("title,front,back\nEen,Punt,Tekst.\nTwee,\"Punt a\nPunt b\",Tekst.\n",
                                          encoding="utf-8")
        assert lines.get(timeout=10) == "changed d/kaarten.csv"
        assert lines.get(timeout=10).startswith("wrote out.pdf in ")
        pages = read_pdf(tmp_path / "out.pdf").pages
        assert len(pages) == 4 and "Punt b" in pdf_text(pages[2])
        (deck / ".~lock.kaarten.csv#").write_text("LibreOffice's lock")  # an editor's file: no rebuild
        with pytest.raises(queue.Empty):
            lines.get(timeout=1.0)
        assert _stop(proc) == (0, "")
    finally:
        proc.kill()
