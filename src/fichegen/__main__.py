"""Entry point. `--version` answers before click and the pipeline are imported, so it is instant."""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from fichegen import __version__

        print(f"fichegen, version {__version__}")
        return
    import gc

    # Importing makes a great many objects that live as long as the process, and next to no garbage:
    # the collector waits until the pipeline is imported, then leaves those objects out of its scans.
    gc.disable()
    from fichegen import pipeline as build  # noqa: F401 - every command but --version uses it
    from fichegen.cli import main as run

    gc.freeze()
    gc.enable()
    run()


if __name__ == "__main__":
    main()
