"""``cwstrainer validate PATH...``: check scenario files and folders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cwstrainer.errors import Problem
from cwstrainer.scenario.loader import load_library, scenario_files


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "validate", help="check scenario files; print every problem as FILE:LINE:COLUMN"
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="scenario files or folders")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    paths: list[Path] = args.paths
    problems = [Problem(str(p), 1, 1, "no such file or folder") for p in paths if not p.exists()]
    files = list(scenario_files(p for p in paths if p.exists()))
    library = load_library(files)
    problems.extend(library.problems)
    for problem in sorted(problems):
        print(problem)
    good = len(library.scenarios)
    bad = len({p.source for p in problems})
    if problems:
        print(
            f"{bad} of {good + bad} scenario file(s) have problems ({len(problems)} in all).",
            file=sys.stderr,
        )
        return 1
    if not files:
        print("no scenario files (*.yaml, *.yml) found", file=sys.stderr)
        return 1
    print(f"{good} scenario file(s) valid.")
    return 0
