"""Helpers for the serve tests: `fichegen serve` as a subprocess (as a user starts it), and a reader of its
event stream. Every wait is bounded: a server that misses a change fails the test, never hangs it."""

from __future__ import annotations

import http.client
import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from tests.conftest import as_from_a_terminal


class ServeProcess:
    """`fichegen serve ARGS --port 0` started in `cwd`; its stdout lines arrive in `lines`. Returns once
    the deck is rendered and the file watch sees changes in `watched` (default: the deck folder)."""

    def __init__(self, cwd: Path, *args: str, watched: Path | None = None):
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen([sys.executable, "-m", "fichegen.cli", "serve", *args, "--port", "0"], cwd=cwd,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                                     preexec_fn=as_from_a_terminal)
        self.lines: queue.Queue = queue.Queue()
        self.err: list[str] = []
        threading.Thread(target=self._read, args=(self.proc.stdout, self.lines.put), daemon=True).start()
        threading.Thread(target=self._read, args=(self.proc.stderr, self.err.append), daemon=True).start()
        first = self.line(60)
        found = re.fullmatch(r"serving (.+) at (http://127\.0\.0\.1:(\d+)/) \(Ctrl-C stops\)", first)
        assert found, first
        self.url, self.port = found[2], int(found[3])
        self.rendered = self.line(60)
        self._subscribed(watched or Path(cwd) / args[0])

    def _subscribed(self, folder: Path) -> None:
        """The watch subscribes just after the first rendering: touch a probe file (not a card) until the
        server says it saw it, then read what it says until it is quiet."""
        probe = folder / "probe.txt"
        for attempt in range(100):
            probe.write_text(str(attempt))
            try:
                line = self.lines.get(timeout=0.1)
            except queue.Empty:
                continue
            assert line.endswith("probe.txt"), line
            break
        else:
            raise AssertionError("the server's watch never saw the probe file")
        while True:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                return
            assert line.endswith("probe.txt") or line.startswith("no card changed"), line

    @staticmethod
    def _read(stream, put) -> None:
        for line in stream:
            put(line.rstrip("\n"))

    def line(self, timeout: float = 10) -> str:
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no line from fichegen serve in {timeout} s; stderr: {''.join(self.err)}") from None

    def stop(self, timeout: float = 10) -> tuple[int, list[str], str]:
        """Ctrl-C: (exit code, the stdout lines not yet read, stderr)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        code = self.proc.wait(timeout=timeout)
        self.proc.stdout.close()
        rest = []
        while True:
            try:
                rest.append(self.lines.get(timeout=0.5))
            except queue.Empty:
                break
        return code, rest, "\n".join(self.err)

    def __enter__(self):
        return self

    def __exit__(self, *_):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class Events:
    """The server's event stream at `port`, read in a thread: each event's (name, data) arrives in `seen`."""

    def __init__(self, port: int):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.conn.request("GET", "/events")
        self.answer = self.conn.getresponse()
        self.seen: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        event, data = None, []
        try:
            for raw in self.answer:
                line = raw.decode().rstrip("\n")
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: "):
                    data.append(line[6:])
                elif not line and event:
                    self.seen.put((event, json.loads("\n".join(data))))
                    event, data = None, []
        except (OSError, ValueError):
            pass

    def next(self, timeout: float = 10) -> dict:
        """The next `deck` event's View; AssertionError if none comes within `timeout` seconds."""
        try:
            event, data = self.seen.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(f"no event in {timeout} s") from None
        assert event == "deck"
        return data

    def quiet(self, seconds: float) -> bool:
        """Whether no event came for `seconds`."""
        try:
            self.seen.get(timeout=seconds)
            return False
        except queue.Empty:
            return True

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.close()
