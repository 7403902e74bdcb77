"""`fichegen serve`: the renderer, the HTTP server and the file watch joined. The server listens at once
(a port in use is said before any work), the deck is rendered once, then the server answers from a thread
while the watch refreshes the pictures after every batch of saved files. Ctrl-C ends it all."""

from __future__ import annotations

import errno
import os
import tempfile
import threading
from pathlib import Path
from typing import Callable

from fichegen.errors import FichegenError, Problem


def listen(renderer, downloads, port: int):
    """The server bound to 127.0.0.1:`port` (0: any free port); a port that cannot be had is a
    FichegenError of one line that suggests another."""
    from fichegen.preview.server import PreviewServer

    try:
        return PreviewServer(renderer, downloads, port)
    except OSError as e:
        other = port + 1 if 1024 <= port < 65535 else 8000  # below 1024 a port is the system's
        why = "is in use (is fichegen serve already running?)" if e.errno == errno.EADDRINUSE else f"cannot be used: {e.strerror}"
        raise FichegenError(Problem("--port", None, f"port {port} {why}; try --port {other}")) from None


def serve(deck: str, template_name: str | None, port: int, open_browser: bool, say: Callable[[str], None],
          jobs: int = os.cpu_count() or 1, language: str | None = None) -> None:
    """Serve the preview of `deck` until Ctrl-C; `say` prints a line for the person at the terminal."""
    from fichegen.preview.downloads import Downloads
    from fichegen.preview.render import Renderer
    from fichegen.watch import deck_folders
    from fichegen.watch import watch as loop
    from fichegen.workers import Pool

    renderer = Renderer(deck, template_name, language=language)
    with tempfile.TemporaryDirectory(prefix="fichegen-serve-") as folder:
        server = listen(renderer, Downloads(deck, template_name, renderer.lock, Path(folder), language), port)
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        say(f"serving {deck} at {server.url} (Ctrl-C stops)")

        def refresh(changed) -> str:
            lines = [str(c) for c in changed]
            if thread.is_alive():
                return "\n".join(lines + [renderer.refresh().report()])
            # the first rendering may use worker processes: before the server's thread starts, since a
            # process started from a threaded one may inherit a lock another thread holds. Until then a
            # browser's request waits in the socket's queue.
            with Pool(jobs) as pool:
                report = renderer.refresh(pool).report()
            thread.start()
            if open_browser:
                _open(server.url, say)
            return report

        try:
            loop(lambda: deck_folders(deck, template_name), refresh, say)
        except KeyboardInterrupt:
            say("stopped")
        finally:
            renderer.close()  # ends the pages' event streams
            if thread.is_alive():
                server.shutdown()
            server.server_close()


def _open(url: str, say: Callable[[str], None]) -> None:
    import webbrowser

    try:
        opened = webbrowser.open(url)
    except Exception:  # noqa: BLE001 - no browser to be had is no reason to stop serving
        opened = False
    if not opened:
        say(f"could not open a web browser; open {url} yourself")
