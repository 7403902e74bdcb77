"""Entry point. `--version` answers before click and the pipeline are imported, so it is instant."""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from fichegen import __version__

        print(f"fichegen, version {__version__}")
        return
    from fichegen.cli import main as run

    run()


if __name__ == "__main__":
    main()
