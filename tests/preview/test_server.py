"""The preview's HTTP server, without a browser: it serves only what it generated (everything else is a 404,
however the path is spelt), its event stream, its pictures, and the PDFs it builds."""

from __future__ import annotations

import http.client
import io
import json
import re
import threading

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from fichegen.cli import cli
from fichegen.preview.downloads import Downloads
from fichegen.preview.render import Renderer
from fichegen.preview.server import PreviewServer
from tests.conftest import write_deck
from tests.preview.serving import Events

CARDS = {"01-a.yaml": "label: Kaart 1\ntitle: Aandacht\nfront: [Kijk goed, luister]\nback: Een tekst over aandacht.\n",
         "02-b.yaml": "label: Kaart 2\ntitle: Begrip <&>\nfront: [Vraag door]\nback: Een tekst over begrip.\n"}


class Serving:
    """A server on a free port for a two-card deck in `folder`/d; PDFs go to `folder`/pdfs."""

    def __init__(self, folder, deck: str):
        self.deck = write_deck(folder / "d", CARDS)
        (folder / "pdfs").mkdir()
        self.renderer = Renderer(deck)
        self.renderer.refresh()
        self.server = PreviewServer(self.renderer, Downloads(deck, None, self.renderer.lock, folder / "pdfs"), 0)
        self.port = self.server.server_port
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self):
        self.renderer.close()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One server for the tests that change nothing; the deck named by its absolute path."""
    folder = tmp_path_factory.mktemp("served")
    serving = Serving(folder, str(folder / "d"))
    yield serving
    serving.close()


@pytest.fixture
def preview(tmp_path, monkeypatch):
    """A server of the test's own, the deck named `d` in the working directory (as a user types it)."""
    monkeypatch.chdir(tmp_path)
    serving = Serving(tmp_path, "d")
    yield serving
    serving.close()


def get(port: int, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    """GET `path` exactly as written (http.client sends it as it is: no normalising, no decoding)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, answer.read()
    finally:
        conn.close()


@pytest.mark.parametrize("path", [
    "/deck.yaml", "/01-a.yaml", "/d/deck.yaml", "/d/01-a.yaml",  # the deck's own files
    "/../d/deck.yaml", "/faces/../d/deck.yaml", "/faces/../../d/01-a.yaml",  # dot segments
    "/%2e%2e/d/deck.yaml", "/faces/%2e%2e/%2e%2e/d/deck.yaml", "/%2E%2E%2Fd%2Fdeck.yaml",  # encoded
    "/faces/..%2f..%2fd%2fdeck.yaml", "/faces%2f..%2fd%2fdeck.yaml", "/%2fetc%2fpasswd",  # encoded slashes
    "//etc/passwd", "/etc/passwd", "/tmp", "http://127.0.0.1/d/deck.yaml",  # absolute paths, absolute form
    "/faces/", "/faces", "/pdf/", "/pdf", "/pdf/handout/", "/events/", "/index.html", "/favicon.ico",  # no listings
    "/faces/000000000000000000000000.png", "/faces/ABCDEF.png", "/pdf/proof.pdf", "/pdf/handout/nope.pdf",
    "/pdf/handout/../pages.pdf", "/pdf/pages.pdf/..", "/%00", "/\\..\\d\\deck.yaml",
])
def test_anything_it_did_not_generate_is_a_404(served, path):
    code, headers, body = get(served.port, path)
    assert (code, body) == (404, b"not found\n")
    assert headers["content-type"] == "text/plain; charset=utf-8"


def test_absolute_paths_of_the_decks_files_are_404s_too(served):
    for file in ("deck.yaml", "01-a.yaml"):
        assert get(served.port, str(served.deck.resolve() / file))[0] == 404
    assert get(served.port, "/" + str(served.deck.resolve() / "deck.yaml").lstrip("/"))[0] == 404


def test_the_page_names_every_card_and_points_at_its_pictures(served):
    code, headers, body = get(served.port, "/")
    assert code == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert headers["cache-control"] == "no-store" and "default-src 'none'" in headers["content-security-policy"]
    page = body.decode()
    assert "<title>Test deck · fichegen preview</title>" in page
    state = json.loads(re.search(r'<script type="application/json" id="state">(.*?)</script>', page, re.S)[1])
    assert [(c["id"], c["number"], c["title"], c["label"]) for c in state["cards"]] == \
        [("a", "1", "Aandacht", "Kaart 1"), ("b", "2", "Begrip <&>", "Kaart 2")]
    assert "Begrip <&>" not in page and "Begrip \\u003c&>" in page  # no card text can close the script
    assert state["ready"] and state["problems"] == [] and state["trim"] == [148.0, 210.0]
    for card in state["cards"]:
        for side in ("front", "back"):
            code, headers, png = get(served.port, f"/faces/{card[side]}.png?v=1")
            assert code == 200 and headers["content-type"] == "image/png" and png.startswith(b"\x89PNG")
            assert "immutable" in headers["cache-control"]


def test_a_request_naming_another_host_gets_nothing(served):
    assert get(served.port, "/", {"Host": "evil.example"})[0] == 421
    assert get(served.port, "/", {"Host": f"localhost:{served.port}"})[0] == 200


def test_the_server_listens_on_the_loopback_address_only(served):
    assert served.server.server_address[0] == "127.0.0.1"
    assert served.server.url == f"http://127.0.0.1:{served.port}/"


def test_the_event_stream_sends_the_deck_then_each_update(preview):
    events = Events(preview.port)
    try:
        assert events.answer.getheader("Content-Type") == "text/event-stream; charset=utf-8"
        first = events.next()
        assert first["version"] == preview.renderer.view.version and [c["id"] for c in first["cards"]] == ["a", "b"]
        (preview.deck / "02-b.yaml").write_text(CARDS["02-b.yaml"].replace("Vraag door", "Vraag verder"), encoding="utf-8")
        preview.renderer.refresh()
        second = events.next()
        assert second["version"] == first["version"] + 1
        assert second["cards"][0] == first["cards"][0]  # a is as it was
        assert second["cards"][1]["front"] != first["cards"][1]["front"]
        assert second["cards"][1]["back"] == first["cards"][1]["back"]
        assert second["message"].startswith("updated 1 card (b) in ")
        assert get(preview.port, f"/faces/{second['cards'][1]['front']}.png")[0] == 200
    finally:
        events.close()


def test_problems_arrive_as_the_cli_prints_them_and_go_again(preview):
    events = Events(preview.port)
    try:
        good = events.next()
        (preview.deck / "01-a.yaml").write_text("title: Aandacht\nfront: [Kijk goed\n", encoding="utf-8")
        preview.renderer.refresh()
        broken = events.next()
        cli_says = CliRunner().invoke(cli, ["check", "d"]).stderr.splitlines()
        assert broken["problems"] == cli_says and cli_says[0].startswith("d/01-a.yaml:2: YAML syntax error")
        assert [c["front"] for c in broken["cards"]] == [c["front"] for c in good["cards"]]  # the last good cards
        assert [c["stale"] for c in broken["cards"]] == [True, False]
        assert get(preview.port, f"/faces/{good['cards'][0]['front']}.png")[0] == 200

        code, headers, body = get(preview.port, "/pdf/pages.pdf")  # no PDF from a broken deck: the same lines
        assert (code, body.decode().splitlines()) == (409, cli_says)

        (preview.deck / "01-a.yaml").write_text(CARDS["01-a.yaml"], encoding="utf-8")
        preview.renderer.refresh()
        fixed = events.next()
        assert fixed["problems"] == [] and not any(c["stale"] for c in fixed["cards"])
    finally:
        events.close()


def test_the_pdfs_it_builds(preview):
    code, headers, body = get(preview.port, "/pdf/pages.pdf")
    assert code == 200 and headers["content-type"] == "application/pdf"
    assert headers["content-disposition"] == 'attachment; filename="d-pages.pdf"'
    pdf = PdfReader(io.BytesIO(body))
    assert len(pdf.pages) == 4 and "/TrimBox" in pdf.pages[0] and "Aandacht" in pdf.pages[0].extract_text()

    code, headers, body = get(preview.port, "/pdf/sheets.pdf")
    assert code == 200 and headers["content-disposition"] == 'attachment; filename="d-sheets.pdf"'
    assert len(PdfReader(io.BytesIO(body)).pages) == 2  # an A4 front sheet and its back

    code, headers, body = get(preview.port, "/pdf/handout/b.pdf")
    assert code == 200 and headers["content-disposition"] == 'attachment; filename="d-b-handout.pdf"'
    text = PdfReader(io.BytesIO(body)).pages[0].extract_text()
    assert "Vraag door" in text and "Kijk goed" not in text
    assert sorted(p.name for p in (preview.deck.parent / "pdfs").iterdir()) == \
        ["d-b-handout.pdf", "d-pages.pdf", "d-sheets.pdf"]  # built in the server's own folder
    assert not (preview.deck / "output").exists() and not (preview.deck.parent / "output").exists()


def test_a_deck_named_in_any_script_downloads_under_its_name(tmp_path, monkeypatch):
    from urllib.parse import unquote

    monkeypatch.chdir(tmp_path)
    write_deck(tmp_path / "kaartjes-café", CARDS)
    renderer = Renderer("kaartjes-café")
    renderer.refresh()
    server = PreviewServer(renderer, Downloads("kaartjes-café", None, renderer.lock, tmp_path), 0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        code, headers, body = get(server.server_port, "/pdf/pages.pdf")
        assert code == 200 and body.startswith(b"%PDF")
        plain, full = headers["content-disposition"].split("; ")[1:]
        assert plain == 'filename="kaartjes-caf_-pages.pdf"' and unquote(full) == "filename*=UTF-8''kaartjes-café-pages.pdf"
    finally:
        renderer.close()
        server.shutdown()
        server.server_close()


def test_a_continued_card_s_part_has_its_handout(tmp_path, monkeypatch):
    """Each card the page shows has a handout link; a continued card's second part is `x.b`."""
    monkeypatch.chdir(tmp_path)
    long_back = " ".join(f"Zin {n} over de werkrelatie tussen de coach en de cliënt." for n in range(300))
    write_deck(tmp_path / "d", {"01-a.yaml": f"title: Lang\noverflow: continue\nfront: [een]\nback: {long_back}\n"})
    renderer = Renderer("d")
    renderer.refresh()
    server = PreviewServer(renderer, Downloads("d", None, renderer.lock, tmp_path), 0)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        ids = [c.id for c in renderer.view.cards]
        assert ids[:2] == ["a", "a.b"]
        code, headers, body = get(server.server_port, "/pdf/handout/a.b.pdf")
        assert code == 200 and headers["content-disposition"] == 'attachment; filename="d-a.b-handout.pdf"'
        assert "Lang (vervolg)" in " ".join(PdfReader(io.BytesIO(body)).pages[0].extract_text().split())  # a Dutch deck
        assert get(server.server_port, "/pdf/handout/a.z.pdf")[0] == 404  # no such part
    finally:
        server.shutdown()
        server.server_close()


def test_a_browser_that_leaves_mid_answer_is_no_traceback_and_a_bug_is_one_line(served, capsys):
    for error in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset")):
        try:
            raise error
        except OSError:
            served.server.handle_error(None, ("127.0.0.1", 1))
    assert capsys.readouterr().err == ""
    try:
        raise KeyError("x")
    except KeyError:
        served.server.handle_error(None, ("127.0.0.1", 1))
    assert capsys.readouterr().err == "fichegen: internal error: KeyError: 'x'\n"
