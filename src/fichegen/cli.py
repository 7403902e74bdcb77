"""Command line. Thin: parse options, call the pipeline, print problems as `path:line: message`."""

from __future__ import annotations

import sys
import traceback

import click

from . import __version__


class _Group(click.Group):
    """Prints user errors as one line each and exits 1; anything else is our bug, said plainly."""

    def invoke(self, ctx):
        from .errors import FichegenError

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


@cli.command()
@click.argument("deck", type=click.Path(file_okay=False, path_type=str))
@click.option("--layout", "layout_name", type=click.Choice(["pages", "proof"]), default="pages", show_default=True,
              help="pages: one page per face with bleed and crop marks, for a print shop; proof: trim size, for screens.")
@click.option("--template", "template_name", metavar="NAME", help="Template to use (default: the deck's, else 'default').")
@click.option("--bleed", "bleed_mm", type=click.FloatRange(0, 20), default=3.0, show_default=True, help="Bleed in mm (pages layout).")
@click.option("--marks/--no-marks", default=True, show_default=True, help="Crop marks outside the bleed (pages layout).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=str), help="Write exactly this file.")
def build(deck, layout_name, template_name, bleed_mm, marks, output):
    """Build DECK into a PDF (default: output/<deck>-<layout>.pdf)."""
    from .build import build as run

    result = run(deck, layout_name=layout_name, template_name=template_name, bleed_mm=bleed_mm, marks=marks, output=output)
    click.echo(f"wrote {result.path} ({result.cards} cards, {result.pages} pages)")


@cli.command()
@click.argument("deck", type=click.Path(file_okay=False, path_type=str))
@click.option("--template", "template_name", metavar="NAME", help="Template to check against.")
def check(deck, template_name):
    """Validate DECK as build would, including whether the text fits; writes nothing."""
    from .build import prepare

    deck_model, tmpl, faces = prepare(deck, template_name)
    smallest = min((f.body_size for f in faces), default=0)
    n = len(deck_model.cards)
    click.echo(f"{deck}: {n} card{'' if n == 1 else 's'} OK with template '{tmpl.name}' (body text {smallest:g} pt and up)")


def main() -> None:
    cli(prog_name="fichegen")


if __name__ == "__main__":
    sys.exit(main())
