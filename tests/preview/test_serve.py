"""`fichegen serve` as a user runs it (a subprocess on a free port): saved files reach the page through the
event stream, editors' files never do, problems are the CLI's lines, Ctrl-C ends it cleanly, and a port
in use is one line that suggests another."""

from __future__ import annotations

import socket

from click.testing import CliRunner

from fichegen.cli import cli
from tests.conftest import write_deck
from tests.preview.serving import Events, ServeProcess

CARD = "label: Kaart {n}\ntitle: {title}\nfront: [Een punt, nog een punt]\nback: Een korte tekst.\n"


def cards(*titles: str) -> dict[str, str]:
    return {f"0{n}-{t.lower()}.yaml": CARD.format(n=n, title=t) for n, t in enumerate(titles, 1)}


def test_saved_files_reach_the_page_and_editors_files_never_do(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    deck = write_deck(tmp_path / "d", cards("Aandacht", "Begrip", "Contact"))
    with ServeProcess(tmp_path, "d") as served, Events(served.port) as events:
        assert served.rendered.startswith("rendered 3 cards in ")
        first = events.next()
        assert [(c["id"], c["number"], c["title"]) for c in first["cards"]] == \
            [("aandacht", "1", "Aandacht"), ("begrip", "2", "Begrip"), ("contact", "3", "Contact")]

        (deck / "02-begrip.yaml").write_text(CARD.format(n=2, title="Begrip tonen"), encoding="utf-8")
        second = events.next()
        assert second["cards"][1]["title"] == "Begrip tonen"
        assert [c["front"] == d["front"] for c, d in zip(first["cards"], second["cards"])] == [True, False, True]
        assert served.line() == "changed d/02-begrip.yaml"
        assert served.line().startswith("updated 1 card (begrip) in ")

        for name in (".#02-begrip.yaml", "02-begrip.yaml~", ".02-begrip.yaml.swp", "#02-begrip.yaml#", "~$kaarten.xlsx",
                     ".~lock.kaarten.ods#", "02-begrip.yaml.bak"):
            (deck / name).write_text("title: [ niet af\n", encoding="utf-8")
        assert events.quiet(1.0)  # nothing re-rendered, nothing sent

        (deck / "03-contact.yaml").write_text("title: Contact\nfront: [een, twee\n", encoding="utf-8")
        broken = events.next()
        cli_says = CliRunner().invoke(cli, ["check", "d"]).stderr.splitlines()
        assert broken["problems"] == cli_says and cli_says[0].startswith("d/03-contact.yaml:2: YAML syntax error")
        assert [c["front"] for c in broken["cards"]] == [c["front"] for c in second["cards"]]
        assert served.line() == "changed d/03-contact.yaml"
        assert [served.line(), served.line()] == [*cli_says, "not updated (1 problem); the page keeps the last good "
                                                             "cards; waiting for the next change"]

        (deck / "03-contact.yaml").write_text(CARD.format(n=3, title="Contact"), encoding="utf-8")
        fixed = events.next()
        assert fixed["problems"] == [] and fixed["cards"] == second["cards"]

        (deck / "deck.yaml").write_text("title: Andere titel\nlanguage: nl\n", encoding="utf-8")
        retitled = events.next()
        assert retitled["title"] == "Andere titel"  # the footer names it: every face changes
        assert all(c["front"] != d["front"] for c, d in zip(fixed["cards"], retitled["cards"]))

        code, rest, err = served.stop()
    assert (code, err) == (0, "")
    assert rest[-1] == "stopped"


def test_a_change_to_the_template_updates_every_card(tmp_path):
    write_deck(tmp_path / "d", cards("Aandacht", "Begrip"), deck="title: T\nlanguage: nl\ntemplate: huis\n")
    house = tmp_path / "templates" / "huis"
    house.mkdir(parents=True)
    (house / "template.yaml").write_text("extends: default\ncolours:\n  accent: '#1B2A5C'\n", encoding="utf-8")
    with ServeProcess(tmp_path, "d") as served, Events(served.port) as events:
        first = events.next()
        (house / "template.yaml").write_text("extends: default\ncolours:\n  accent: '#E4572E'\n", encoding="utf-8")
        second = events.next()
        assert second["problems"] == [] and second["template"] == "huis"
        assert all(c["front"] != d["front"] for c, d in zip(first["cards"], second["cards"]))
        (house / "template.yaml").write_text("extends: default\ncolours:\n  accent: blue\n", encoding="utf-8")
        third = events.next()
        assert len(third["problems"]) == 1 and third["problems"][0].startswith("templates/huis/template.yaml:3: colours.accent")
        assert served.stop()[0] == 0


def test_a_spreadsheet_deck_is_followed(tmp_path):
    sheet = tmp_path / "kaarten.csv"
    sheet.write_text("id;title;front;back\nwelkom;Welkom;Een punt;Een tekst.\n", encoding="utf-8-sig")
    with ServeProcess(tmp_path, "kaarten.csv", watched=tmp_path) as served, Events(served.port) as events:
        assert [c["title"] for c in events.next()["cards"]] == ["Welkom"]
        sheet.write_text("id;title;front;back\nwelkom;Welkom terug;Een punt;Een tekst.\ntwee;Twee;Punt;Tekst.\n",
                         encoding="utf-8-sig")
        assert [c["title"] for c in events.next()["cards"]] == ["Welkom terug", "Twee"]
        assert served.stop()[0] == 0


def test_a_port_in_use_is_one_line_suggesting_another(tmp_path):
    write_deck(tmp_path / "d", cards("Aandacht"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", str(tmp_path / "d"), "--port", str(port)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"--port: port {port} is in use (is fichegen serve already running?); try --port {port + 1}\n"


def test_a_deck_that_does_not_exist_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["serve", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "does not exist" in result.stderr
