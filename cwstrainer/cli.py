"""The ``cwstrainer`` command line: checking scenarios, publishing the format, the rules.

Each command lives in a module of :mod:`cwstrainer.commands` with ``register(subparsers)``;
a domain error becomes a one-line message and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from cwstrainer.commands import COMMAND_MODULES
from cwstrainer.errors import TrainerError
from cwstrainer.paths import private_umask


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cwstrainer",
        description="CWS/CMS CSEC Documentation Trainer (training data only).",
    )
    parser.add_argument(
        "--data-dir", help="data folder (default: the user data folder, or $CWSTRAINER_DATA_DIR)"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"cwstrainer.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; returns the exit status.

    Whatever a command creates (the database, exports, packs) is its user's alone: it
    runs under :func:`~cwstrainer.paths.private_umask`.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with private_umask():
            status: int = args.run(args)
    except TrainerError as exc:
        print(f"cwstrainer: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
