"""The preview's HTTP server (the standard library's ThreadingHTTPServer, on 127.0.0.1 only).

It answers only what it generated, each at an exact path: the page (`/`), its event stream (`/events`,
server-sent events), the cards' pictures (`/faces/<name>.png`) and the PDFs it builds (`/pdf/...`).
Paths are matched as sent, never decoded or joined to a folder, so the deck's own files, `..`,
`%2e%2e`, encoded slashes and absolute paths are simply not among them: 404. No file is ever served
from disk, so there is nothing to list."""

from __future__ import annotations

import json
import re
import socketserver
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

from fichegen.errors import FichegenError
from fichegen.preview import page
from fichegen.preview.render import internal

KEEPALIVE = 15.0  # s between comments on a quiet event stream: a closed page is noticed and its thread ends

_FACE = re.compile(r"/faces/([0-9a-f]{24})\.png")
_PDF = re.compile(r"/pdf/(pages|sheets)\.pdf")
_HANDOUT = re.compile(r"/pdf/handout/([a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z]+)?)\.pdf")  # x, or x.b: a continued card's part

_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; img-src 'self' blob: data:; style-src 'unsafe-inline'; "
                               "script-src 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
}


def _attachment(name: str) -> str:
    """A download's header: the name in ASCII for old clients, and in full (RFC 6266) for the rest; a deck
    folder may be named in any script, and a header is Latin-1."""
    plain = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_" for c in name)
    if plain == name:
        return f'attachment; filename="{name}"'
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"


class PreviewServer(ThreadingHTTPServer):
    """Serves one Renderer's pictures and one Downloads' PDFs. Request threads are daemons, so an open
    event stream never holds up the end of the process."""

    daemon_threads = True

    def __init__(self, renderer, downloads, port: int = 8000):
        self.renderer, self.downloads = renderer, downloads
        super().__init__(("127.0.0.1", port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind asks DNS for the host's name, which can hang on a machine without a network
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}/"

    def handle_error(self, request, client_address) -> None:
        """socketserver prints a traceback for whatever a request raised: a browser that left in the middle
        of an answer (a page reloaded) is nothing to report, and anything else is our bug, said in one line."""
        import sys

        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            print(f"fichegen: internal error: {type(error).__name__}: {error}", file=sys.stderr)


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    server_version = "fichegen"
    sys_version = ""

    def log_message(self, format, *args) -> None:  # noqa: A002 - the terminal shows what changed, not each request
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path.split("?", 1)[0]  # a query (a cache buster) changes nothing
        if not self._local():
            self._send(421, b"fichegen serve answers only as 127.0.0.1 or localhost\n", "text/plain; charset=utf-8")
        elif path == "/":
            self._send(200, page.html_page(self.server.renderer.view), "text/html; charset=utf-8", {"Cache-Control": "no-store"})
        elif path == "/events":
            self._events()
        elif m := _FACE.fullmatch(path):
            png = self.server.renderer.png(m[1])
            if png is None:
                return self._not_found()
            self._send(200, png, "image/png", {"Cache-Control": "max-age=31536000, immutable"})  # named by content
        elif m := _PDF.fullmatch(path):
            self._pdf(m[1])
        elif m := _HANDOUT.fullmatch(path):
            if m[1] not in {c.id for c in self.server.renderer.view.cards}:
                return self._not_found()
            self._pdf("handout", m[1])
        else:
            self._not_found()

    def _local(self) -> bool:
        """Whether the request names this server as 127.0.0.1 or localhost: a page elsewhere that has its
        own name point here (DNS rebinding) gets nothing."""
        host = self.headers.get("Host")
        port = self.server.server_port
        return host is None or host in (f"127.0.0.1:{port}", f"localhost:{port}", "127.0.0.1", "localhost")

    def _send(self, code: int, body: bytes, kind: str, headers: dict | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in {**_HEADERS, **(headers or {})}.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _not_found(self) -> None:
        self._send(404, b"not found\n", "text/plain; charset=utf-8")

    def _pdf(self, kind: str, card_id: str | None = None) -> None:
        view = self.server.renderer.view
        try:
            name, data = self.server.downloads.build(kind, view.slug or "deck", card_id)
        except FichegenError as e:
            lines = [str(p) for p in e.problems]
            return self._send(409, "\n".join(lines).encode() + b"\n", "text/plain; charset=utf-8", {"Cache-Control": "no-store"})
        except Exception as e:  # noqa: BLE001 - our bug: said, and the server keeps running
            return self._send(500, "\n".join(internal(e)).encode() + b"\n", "text/plain; charset=utf-8")
        self._send(200, data, "application/pdf", {"Content-Disposition": _attachment(name), "Cache-Control": "no-store"})

    def _events(self) -> None:
        """Server-sent events: the View now, then each newer one as it is published."""
        renderer = self.server.renderer
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        for key, value in _HEADERS.items():
            self.send_header(key, value)
        self.end_headers()
        version = -1
        try:
            self.wfile.write(b"retry: 1000\n\n")  # reconnect a second after the stream drops
            while True:
                view = renderer.wait(version, KEEPALIVE)
                if view is not None:
                    version = view.version
                    self.wfile.write(b"event: deck\ndata: " + json.dumps(view.as_json()).encode() + b"\n\n")
                elif renderer.closed:
                    return
                else:
                    self.wfile.write(b": quiet\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded
