"""Command line. Thin: parse options, call the pipeline, print problems as `path:line: message`."""

from __future__ import annotations

import os
import sys

import click

from fichegen import __version__


class _Group(click.Group):
    """Prints user errors as one line each and exits 1; anything else is our bug, said plainly."""

    def invoke(self, ctx):
        from fichegen.errors import FichegenError

        try:
            return super().invoke(ctx)
        except FichegenError as e:
            for problem in e.problems:
                click.echo(str(problem), err=True)
            ctx.exit(1 if any(not p.warning for p in e.problems) else 0)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except Exception as e:  # noqa: BLE001 - the last line of defence
            if ctx.params.get("debug"):
                import traceback

                traceback.print_exc()
            else:
                click.echo(f"fichegen: internal error: {type(e).__name__}: {e}", err=True)
                click.echo("This is a bug in fichegen; please report it with the command you ran "
                           "(run again with --debug for the details).", err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="fichegen")
@click.option("--debug", is_flag=True, help="Show a traceback on internal errors.")
def cli(debug: bool) -> None:
    """Typeset double-sided card decks (fiches) from YAML."""


def _offset(ctx, param, value):
    """'X,Y' in millimetres."""
    try:
        x, y = (float(v) for v in value.split(","))
    except ValueError:
        raise click.BadParameter(f"expected two numbers in millimetres like 1.5,-0.5, got '{value}'") from None
    if abs(x) > 20 or abs(y) > 20:
        raise click.BadParameter(f"{value} mm is more than any printer misregisters; the limit is 20 mm")
    return (x, y)


def _sheet(ctx, param, value):
    if ctx.get_parameter_source(param.name) is click.core.ParameterSource.DEFAULT:
        return value  # A4 needs no checking, and a build of pages no imposition module
    from fichegen.errors import FichegenError
    from fichegen.imposition.plan import parse_sheet

    try:
        parse_sheet(value)
    except FichegenError as e:
        raise click.BadParameter(e.problems[0].message) from None
    return value


# a deck folder, or a spreadsheet of cards (kaarten.xlsx, kaarten.xlsx#Blad2, kaarten.csv)
def _deck(ctx, param, value):
    from fichegen.content.sheet import is_sheet

    if os.path.isfile(value) and not is_sheet(value):
        raise click.BadParameter(f"Directory '{value}' is a file. A deck is a folder, or a spreadsheet "
                                 "(.xlsx, .ods, .csv).")
    return value


def _existing_deck(ctx, param, value):
    from fichegen.content.sheet import split

    if not split(value)[0].exists():
        raise click.BadParameter(f"'{value}' does not exist")
    return _deck(ctx, param, value)


deck_argument = click.argument("deck", type=click.Path(path_type=str), metavar="DECK", callback=_deck)


sheet_option = click.option("--sheet", default="A4", show_default=True, metavar="SIZE", callback=_sheet,
                            help="A4, A3, SRA3, Letter, Tabloid or WxHmm (e.g. 330x480mm).")
duplex_option = click.option("--duplex", type=click.Choice(["long", "short"]), default="long", show_default=True,
                             help="The sheet edge your printer turns the paper about.")
offset_option = click.option("--back-offset", "back_offset", default="0,0", show_default=True, callback=_offset,
                             metavar="X,Y", help="Shift every back by X,Y mm (read it off `fichegen calibrate`).")
language_option = click.option("--language", metavar="LANG", help="One of the deck's languages (default: its source, "
                               "the first of languages: in deck.yaml); the file name ends in -LANG.")


@cli.command()
@deck_argument
@click.option("--layout", "layout_name", type=click.Choice(["pages", "proof", "sheets", "fold"]), default="pages",
              show_default=True, help="pages: a page per face for a print shop; proof: trim size, for screens; "
              "sheets: several cards per sheet for a duplex printer; fold: front and back side by side, to fold.")
@click.option("--template", "template_name", metavar="NAME", help="Template to use (default: the deck's, else 'default').")
@click.option("--bleed", "bleed_mm", type=click.FloatRange(0, 20), default=3.0, show_default=True, help="Bleed in mm.")
@click.option("--marks/--no-marks", default=True, show_default=True,
              help="Crop marks and cut lines (on sheets: on the front sheets only).")
@sheet_option
@duplex_option
@offset_option
@click.option("-o", "--output", type=click.Path(path_type=str), help="Write exactly this file.")
@click.option("--all-templates", is_flag=True, help="Build once per template: output/<deck>-<template>-<layout>.pdf.")
@language_option
@click.option("--all-languages", is_flag=True, help="Build once per language of the deck: output/<deck>-<layout>-<lang>.pdf.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default="the number of cores",
              help="Fit and draw cards in this many processes; the PDF is the same byte for byte.")
@click.option("--cache/--no-cache", default=True, show_default=True,
              help="Reuse the cards that did not change since the last build (pages and proof layouts).")
def build(deck, layout_name, template_name, bleed_mm, marks, sheet, duplex, back_offset, output, all_templates,
          language, all_languages, jobs, cache):
    """Build DECK into a PDF (default: output/<deck>-<layout>.pdf)."""
    from fichegen.options import BuildOptions, Layout
    from fichegen.pipeline import build_cached, variants

    options = BuildOptions(Layout(layout_name), template_name, bleed_mm, marks, sheet, duplex, back_offset, output,
                           jobs=jobs, cache=cache, language=language)
    if not all_templates and not all_languages:
        with _Progress("Building") as progress:
            result = build_cached(deck, options, progress=progress)
        _warn(result.warnings)
        click.echo(f"wrote {result.path} ({_count(result.cards, 'card')}, {_count(result.pages, 'page')})")
        return
    if all_templates and (output or template_name):
        raise click.UsageError("--all-templates writes one file per template; leave out -o and --template")
    if all_languages and (output or language):
        raise click.UsageError("--all-languages writes one file per language; leave out -o and --language")
    written = []
    shown = lambda o: o and " ".join(filter(None, (o.template if all_templates else "", o.language)))  # noqa: E731
    with click.progressbar(variants(deck, options, all_templates, all_languages), label="Building", file=sys.stderr,
                           item_show_func=shown) as each:
        for variant in each:
            written.append(build_cached(deck, variant))
    for result in written:
        _warn(result.warnings)
        click.echo(f"wrote {result.path} ({_count(result.cards, 'card')}, {_count(result.pages, 'page')})")


class _Progress:
    """A progress bar for builds big enough to take a while, on a terminal only."""

    SHOW_FROM = 100  # steps (two per card)

    def __init__(self, label: str):
        self.label, self.bar = label, None

    def start(self, total: int) -> None:
        if total >= self.SHOW_FROM and sys.stderr.isatty():
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()

    def __call__(self, n: int) -> None:
        if self.bar is not None:
            self.bar.update(n)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _count(n: int, thing: str) -> str:
    return f"{n} {thing}{'' if n == 1 else 's'}"


def _warn(problems) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)


@cli.command()
@deck_argument
@click.argument("card_id")
@click.option("--fold", is_flag=True, help="Mark the middle as a fold line instead of a cut line.")
@click.option("--template", "template_name", metavar="NAME", help="Template to use.")
@language_option
@click.option("-o", "--output", type=click.Path(path_type=str), help="Write exactly this file.")
def handout(deck, card_id, fold, template_name, language, output):
    """One card as an A4 handout: its front and back side by side."""
    from fichegen.pipeline import handout as run

    result = run(deck, card_id, fold=fold, template_name=template_name, output=output, language=language)
    _warn(result.warnings)
    click.echo(f"wrote {result.path}")


@cli.command()
@sheet_option
@duplex_option
@offset_option
@click.option("-o", "--output", type=click.Path(path_type=str), help="Write exactly this file.")
def calibrate(sheet, duplex, back_offset, output):
    """A two-sided test sheet to measure how far your printer shifts the back."""
    from fichegen.pipeline import calibrate as run

    result = run(sheet=sheet, duplex=duplex, back_offset_mm=back_offset, output=output)
    click.echo(f"wrote {result.path}: print it double-sided at actual size and read the scales")


@cli.command()
@deck_argument
@click.option("--template", "template_name", metavar="NAME", help="Template to check against.")
@click.option("--language", metavar="LANG", help="Check this one of the deck's languages (default: every one).")
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=os.cpu_count() or 1, show_default="the number of cores",
              help="Fit cards in this many processes.")
def check(deck, template_name, language, jobs):
    """Validate DECK as build would, in each of its languages, including whether the text fits; writes nothing."""
    from fichegen.pipeline import check as run
    from fichegen.workers import Pool

    with Pool(jobs) as pool:
        checked = run(deck, template_name, pool=pool, language=language)
    _warn(dict.fromkeys(w for p in checked for w in p.warnings))
    for p in checked:
        for note in p.notes:  # what continues is no problem: said on stdout
            click.echo(str(note))
        n, name = len(p.deck.cards), f"{deck} ({p.deck.language})" if len(p.deck.languages) > 1 else deck
        click.echo(f"{name}: {n} card{'' if n == 1 else 's'} OK with template '{p.template.name}' (body text {p.body_size:g} pt and up)")


@cli.command()
@deck_argument
@click.option("--template", "template_name", metavar="NAME", help="Template to use.")
@click.option("--profile", "profile", metavar="NAME", help="The print shop's profile, by name or file "
              "(default: offset-fogra39; `fichegen profiles` lists them).")
@click.option("--marks/--no-marks", default=None, help="Override the profile: crop marks outside the bleed, or none.")
@click.option("--condition", default=None, metavar="ID",
              help="Override the profile's registered print condition: FOGRA39, FOGRA51, FOGRA52, FOGRA29, "
                   "CGATS21_CRPC6, 'CGATS TR 001'.")
@click.option("-o", "--output", type=click.Path(file_okay=False, path_type=str),
              help="The folder to write (default: output/<deck>-<template>-order/).")
@language_option
def order(deck, template_name, profile, marks, condition, output, language):
    """Everything a print shop needs, in one folder, made as the shop's profile says: print file, proofs, job ticket."""
    from fichegen.pipeline import order as run

    result = run(deck, template_name=template_name, profile=profile, marks=marks, output=output, condition=condition,
                 jobs=os.cpu_count() or 1, language=language)
    _warn(result.warnings)
    click.echo(f"wrote {result.path}/ ({_count(result.cards, 'card')}, {_count(result.pages, 'page')}; passed preflight)")


@cli.command("preflight")
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=str))
@click.option("--profile", "profile", metavar="NAME", help="Check against this print shop's profile "
              "(its bleed, limits, standard and condition); default: the usual offset checklist.")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def preflight_command(pdf, profile, as_json):
    """Check any PDF against a print shop's checklist; exit 1 if it fails."""
    import json

    from fichegen.printshop.preflight import Limits, preflight

    limits = Limits()
    if profile:
        from fichegen.printshop.profile import load

        limits = load(profile).limits()
    findings, pages = preflight(pdf, limits)
    errors = [f for f in findings if not f.warning]
    if as_json:
        click.echo(json.dumps({"file": pdf, "pages": pages, "passed": not errors,
                               "problems": [{"page": f.page, "check": f.check, "message": f.message,
                                             "severity": "warning" if f.warning else "error"} for f in findings]},
                              indent=2, ensure_ascii=False))
    else:
        for f in findings:
            click.echo(f"{pdf}: {f}")
        verdict = "passed" if not errors else f"failed ({len(errors)} problem{'s' if len(errors) != 1 else ''})"
        with_profile = f" with the profile '{profile}'" if profile else ""
        click.echo(f"{pdf}: {verdict} preflight{with_profile} ({pages} pages checked)")
    if errors:
        click.get_current_context().exit(1)


@cli.command()
@click.argument("deck", type=click.Path(path_type=str), callback=_existing_deck)
@click.option("--layout", "layout_name", type=click.Choice(["pages", "proof", "sheets", "fold"]), default="proof",
              show_default=True, help="Which PDF to keep up to date.")
@click.option("--template", "template_name", metavar="NAME", help="Template to use.")
@language_option
@click.option("-o", "--output", type=click.Path(path_type=str), help="Write exactly this file.")
def watch(deck, layout_name, template_name, language, output):
    """Rebuild DECK whenever a card, deck.yaml or the template changes (Ctrl-C stops)."""
    from fichegen.options import BuildOptions, Layout
    from fichegen.watch import watch_deck

    watch_deck(deck, BuildOptions(Layout(layout_name), template_name, output=output, language=language), click.echo)


@cli.command()
@deck_argument
@click.option("--to", "fmt", type=click.Choice(["xlsx", "csv"]), required=True, help="The spreadsheet format.")
@click.option("-o", "--output", type=click.Path(path_type=str), help="Write exactly this file (default: output/<deck>.<format>).")
def export(deck, fmt, output):
    """Write DECK's cards as a spreadsheet (id, label, title, front, back) that reads back to the same deck."""
    from fichegen.pipeline import export as run

    result = run(deck, fmt, output)
    _warn(result.warnings)
    click.echo(f"wrote {result.path} ({_count(result.cards, 'card')})")


@cli.command()
@click.argument("path", type=click.Path(path_type=str))
@click.option("--template", "template_name", default="default", show_default=True, metavar="NAME",
              help="The template deck.yaml names.")
@click.option("--language", default="en", show_default=True, help="The deck's language (nl gives Dutch example cards).")
def new(path, template_name, language):
    """Start a deck: PATH/deck.yaml and three example cards that build as they are."""
    from fichegen.pipeline import new_deck

    written = new_deck(path, template_name, language)
    click.echo(f"wrote {path}/ (deck.yaml and {len(written) - 1} cards); next:")
    click.echo(f"  fichegen serve {path}")
    click.echo(f"  fichegen build {path}")


@cli.command()
@click.argument("deck", type=click.Path(path_type=str), callback=_existing_deck)
@click.option("--template", "template_name", metavar="NAME", help="Template to use.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port on 127.0.0.1 to serve at (0: any free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in your web browser.")
@language_option
def serve(deck, template_name, port, open_browser, language):
    """Show DECK's cards in your browser, updated whenever you save (Ctrl-C stops)."""
    from fichegen.preview.serve import serve as run

    run(deck, template_name, port, open_browser, click.echo, language=language)


@cli.command()
def profiles():
    """List the print-shop profiles (./profiles/ and built-in), with what each is for."""
    from fichegen.printshop.profile import available, load

    _listing(available(), lambda name: load(name).summary)


@cli.command()
def templates():
    """List the templates, with what each is for."""
    from fichegen.style.template import available, load

    def line(name: str) -> str:
        t = load(name)
        return f"{t.organisation}: {t.description}"

    _listing(available(), line)


def _listing(names, line) -> None:
    """A line per name: what `line(name)` says of it, or why it cannot be used."""
    from fichegen.errors import FichegenError

    width = max(map(len, names), default=0)
    for name in names:
        try:
            click.echo(f"{name:<{width}}  {line(name)}")
        except FichegenError as e:
            click.echo(f"{name:<{width}}  (cannot be used: {e.problems[0]})")


def main() -> None:
    cli(prog_name="fichegen")


if __name__ == "__main__":
    main()
