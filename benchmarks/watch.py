"""`fichegen watch` on a 1,000-card deck: CPU while idle, and how soon an edited card is in the PDF.

    python benchmarks/watch.py [--cards 1000] [--idle 10] [--rounds 5]

Starts `fichegen watch DECK -o OUT.pdf` as a subprocess (with a cache of its own, so the first build is
cold) and waits for its first build. Then (a) idle CPU: user + system time of the watch process and its
children, from /proc, over `--idle` seconds, as % of one core; (b) edit latency: one word of one card's
back text is changed and the wall time until OUT.pdf is replaced is measured (its inode and mtime polled
every 10 ms), `--rounds` times, median; beside it the rebuild time the CLI reports (`wrote … in X s`).
Linux only (/proc)."""

from __future__ import annotations

import argparse
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from decks import make_deck  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TICK = os.sysconf("SC_CLK_TCK")
WROTE = re.compile(r"^wrote .* in ([0-9.]+) s$")


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2:].split()  # fields from 3 on; the name may hold spaces


def tree_cpu(root: int) -> float:
    """Seconds of CPU (user + system) used by `root` and its living descendants, and the children they
    have waited for."""
    parent = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(int(entry))):
            parent[int(entry)] = int(fields[1])
    pids, todo = set(), [root]
    while todo:
        pid = todo.pop()
        pids.add(pid)
        todo += [p for p, pp in parent.items() if pp == pid and p not in pids]
    total = 0
    for pid in pids:
        if fields := _stat(pid):
            total += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return total / TICK


def _lines(proc: subprocess.Popen, out: queue.Queue) -> None:
    for line in proc.stdout:
        out.put(line.rstrip("\n"))


def _wait_for_wrote(lines: queue.Queue, timeout: float) -> float:
    """The rebuild time of the next `wrote … in X s` line; a `not rebuilt` line is an error."""
    deadline = time.monotonic() + timeout
    while (left := deadline - time.monotonic()) > 0:
        try:
            line = lines.get(timeout=left)
        except queue.Empty:
            break
        if m := WROTE.match(line):
            return float(m.group(1))
        if line.startswith("not rebuilt"):
            raise SystemExit(f"the watch did not rebuild: {line}")
    raise SystemExit(f"no 'wrote' line within {timeout:.0f} s")


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns


def _edit(card: Path, round_: int) -> None:
    """Change one word of the card's back text (another word each round)."""
    text = card.read_text(encoding="utf-8")
    back = text.index("back: ") + len("back: ")
    word = re.compile(r"\w+").search(text, back)  # past the opening quote
    card.write_text(text[:word.start()] + f"woord{round_}" + text[word.end():], encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cards", type=int, default=1000)
    ap.add_argument("--idle", type=float, default=10.0, help="seconds of idleness measured")
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        deck = make_deck(tmp / "deck", args.cards)
        out = tmp / "out.pdf"
        env = dict(os.environ, FICHEGEN_CACHE=str(tmp / "cache"), PYTHONUNBUFFERED="1")
        proc = subprocess.Popen([sys.executable, "-m", "fichegen", "watch", str(deck), "-o", str(out)], cwd=ROOT,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=_lines, args=(proc, lines), daemon=True).start()
        try:
            started = time.perf_counter()
            first = _wait_for_wrote(lines, timeout=300)
            first_wall = time.perf_counter() - started
            time.sleep(1.0)  # let the first build's last writes settle

            before, t0 = tree_cpu(proc.pid), time.perf_counter()
            time.sleep(args.idle)
            idle = (tree_cpu(proc.pid) - before) / (time.perf_counter() - t0) * 100

            cards = sorted(p for p in deck.glob("*.yaml") if p.name != "deck.yaml")
            card = cards[len(cards) // 2]
            latencies, reported = [], []
            for i in range(args.rounds):
                old = _stamp(out)
                t0 = time.perf_counter()
                _edit(card, i)
                deadline = t0 + 120
                while _stamp(out) == old:
                    if time.perf_counter() > deadline:
                        raise SystemExit("the PDF was not replaced within 120 s")
                    time.sleep(0.01)
                latencies.append(time.perf_counter() - t0)
                reported.append(_wait_for_wrote(lines, timeout=60))
                time.sleep(0.5)  # apart, so each edit is its own rebuild

            proc.send_signal(signal.SIGINT)  # as Ctrl-C
            proc.wait(timeout=10)
            said = []
            while not lines.empty():
                said.append(lines.get())
            stopped = bool(said) and said[-1] == "stopped"
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()

    print(f"fichegen watch, {args.cards} cards ({card.name} edited)")
    print(f"{'measure':<40} {'value':>12}")
    print(f"{'first build (wall / reported)':<40} {first_wall:>7.2f} / {first:.1f} s")
    print(f"{f'idle CPU over {args.idle:.0f} s, % of one core':<40} {idle:>11.2f} %")
    print(f"{f'edit → PDF replaced, median of {args.rounds}':<40} {statistics.median(latencies):>10.3f} s")
    print(f"{'  each':<40} {' '.join(f'{x:.2f}' for x in latencies):>12}")
    print(f"{'rebuild time reported, median':<40} {statistics.median(reported):>10.1f} s")
    print(f"{'Ctrl-C prints stopped':<40} {'yes' if stopped else 'no':>12}")


if __name__ == "__main__":
    main()
