"""Parallel layout gives the same bytes; watching rebuilds on change and says what changed."""

import gc
import threading
import time

from click.testing import CliRunner

from conftest import DECK, write_deck
from fichegen.content import deck as content
from fichegen import workers as jobs
from fichegen.layout import compose as layout
from fichegen.style import template
from fichegen.pipeline import _collector_held, build
from fichegen.cli import cli
from fichegen.watch import changes, stamps, watch


def _big_deck(tmp_path, n=30):
    back = "Tekst over een kaart die over meerdere regels loopt en dan nog even doorgaat. " * 3
    cards = {f"{i:02d}-k{i}.yaml": f"label: Kaart {i}\ntitle: Kaart {i}\nfront: [een punt, nog een punt {i}]\nback: {back}\n"
             for i in range(n)}
    return write_deck(tmp_path / "d", cards)


def test_parallel_layout_gives_the_same_faces_and_bytes(tmp_path):
    folder = _big_deck(tmp_path)
    assert len(content.load_deck(folder).cards) >= jobs.PARALLEL_FROM  # really runs in worker processes
    deck, tmpl = content.load_deck(folder), template.load("default")
    assert layout.layout(deck, tmpl, jobs=2) == layout.layout(deck, tmpl, jobs=1)
    one = build(folder, jobs=1, output=tmp_path / "one.pdf").path.read_bytes()
    two = build(folder, jobs=2, output=tmp_path / "two.pdf").path.read_bytes()
    assert one == two


def test_workers_are_given_no_more_of_the_deck_than_their_task(tmp_path):
    """What every task shares is the same size whatever the deck's size, and a worker holds only the
    cards its task brought: workers started before the deck is read never hold it whole."""
    from fichegen import pipeline
    from fichegen import drawing
    from fichegen import geometry
    from fichegen.pdf import draw as render

    sizes = []
    for n in (30, 300):
        deck, tmpl, chars = pipeline.load(_big_deck(tmp_path / str(n), n), jobs=1)
        res = render.prepare(drawing.resources(deck, tmpl, chars))
        spec = geometry.PageGeometry(tmpl.trim, bleed=3 * geometry.MM, marks=True)
        sizes.append(len(drawing._setting(deck, tmpl, spec, res, elsewhere=True)[1]))
        with drawing.workers(1) as (pool, _):
            setting = drawing._setting(deck, tmpl, spec, res, elsewhere=False)
            fits, _, _, pages, _ = drawing._fit_and_draw((setting, {i: deck.cards[i] for i in (5, 6, 7)}))
        worker_deck = drawing._WORKER["deck"]
        assert len(worker_deck.cards) == n and sorted(worker_deck.cards.here) == [5, 6, 7]
        assert len(fits) == 3 and len(pages) == 6
    assert abs(sizes[1] - sizes[0]) < 100  # the card count's digits, no cards


def _collecting(_) -> bool:
    return gc.isenabled()


def _nothing() -> None:
    pass


def test_workers_collect_garbage_while_a_build_holds_its_collector_back():
    with _collector_held():
        assert not gc.isenabled()
        with jobs.Workers(2, _nothing, ()) as workers:
            assert list(workers.map(_collecting, range(4))) == [True] * 4
    assert gc.isenabled()


def test_card_files_read_in_parallel_report_the_same_problems_in_the_same_order(tmp_path):
    folder = _big_deck(tmp_path)
    (folder / "03-k3.yaml").write_text("title: Kaart 3\nfront: een punt\nbak: tekst\n", encoding="utf-8")
    (folder / "27-k27.yaml").write_text("title: [Kaart\n", encoding="utf-8")
    said = [CliRunner().invoke(cli, ["check", str(folder), "-j", j]) for j in ("1", "2")]
    assert [r.exit_code for r in said] == [1, 1]
    assert said[0].output == said[1].output
    assert said[0].output.splitlines() == [
        f"{folder / '03-k3.yaml'}:3: unknown key 'bak' (did you mean 'back'?)",
        f"{folder / '27-k27.yaml'}:1: YAML syntax error at column 8: expected ',' or ']', but got '<stream end>' "
        "while parsing a flow sequence"]


def test_jobs_option_and_no_progress_bar_when_not_a_terminal(tmp_path):
    result = CliRunner().invoke(cli, ["build", str(DECK), "-j", "2", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 0 and result.stderr == ""  # quiet: CliRunner's stderr is not a terminal


def test_stamps_and_changes(tmp_path):
    (tmp_path / "a.yaml").write_text("a")
    (tmp_path / "b.yaml").write_text("b")
    before = stamps([tmp_path])
    (tmp_path / "a.yaml").write_text("a changed")
    (tmp_path / "b.yaml").unlink()
    (tmp_path / "c.yaml").write_text("c")
    assert changes(before, stamps([tmp_path])) == [f"changed {tmp_path / 'a.yaml'}", f"removed {tmp_path / 'b.yaml'}",
                                                   f"added {tmp_path / 'c.yaml'}"]
    assert changes(before, before) == []


def test_watch_rebuilds_after_a_change(tmp_path):
    folder = write_deck(tmp_path / "d", {"01-a.yaml": "title: A\nfront: [een]\nback: twee\n"})
    reports, builds = [], []

    def rebuild(changed):
        builds.append(changed)
        return f"rebuilt after {changed}"

    def edit():
        time.sleep(0.15)
        (folder / "01-a.yaml").write_text("title: B\nfront: [een]\nback: drie\n", encoding="utf-8")

    threading.Thread(target=edit).start()
    watch(lambda: [folder], rebuild, reports.append, interval=0.1, rounds=8)
    assert builds[0] == [] and builds[1] == [f"changed {folder / '01-a.yaml'}"]
    assert len(builds) == 2 and reports[1] == f"rebuilt after ['changed {folder / '01-a.yaml'}']"


def test_watch_follows_the_template_and_its_parents():
    from conftest import ROOT
    from fichegen.style.template import folders

    assert folders("uantwerpen") == [ROOT / "templates" / "uantwerpen", ROOT / "templates" / "default"]
    assert folders("no-such-template") == []
