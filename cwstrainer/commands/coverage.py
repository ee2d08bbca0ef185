"""``cwstrainer coverage [PATH...]``: the rules against the scenarios, from their attempts.

Grades each scenario's attempt files (``attempts/<id>/*.json`` beside the scenario
files, or under ``--attempts DIR``) and prints which rules each scenario exercises, met
and missed. Exit status: 0 when every rule of the engine is met and missed somewhere and
every attempt file is sound, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cwstrainer.coverage import BUNDLED_SCENARIOS, library_coverage, matrix_text, summary_text


def add_library_arguments(p: argparse.ArgumentParser) -> None:
    """The scenario folders and their attempts, as coverage and the catalogue take them."""
    p.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="scenario files or folders (default: the bundled scenarios)",
    )
    p.add_argument(
        "--attempts",
        type=Path,
        metavar="DIR",
        help="folder holding <scenario-id>/*.json (default: 'attempts' beside each scenario)",
    )


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "coverage",
        help="which rules the scenarios' attempts exercise; exit 1 if a rule is left out",
    )
    add_library_arguments(p)
    p.add_argument("--json", action="store_true", help="print JSON for a program")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    cov = library_coverage(args.paths or [BUNDLED_SCENARIOS], args.attempts)
    if args.json:
        print(
            json.dumps(
                {
                    "complete": cov.complete,
                    "rules": {
                        r: {"met": list(cov.met_in(r)), "missed": list(cov.missed_in(r))}
                        for r in cov.rule_ids
                    },
                    "scenarios": {
                        s.id: {
                            "met": sorted(s.met),
                            "checked": sorted(s.checked),
                            "missed": {r: list(s.missed_by(r)) for r in sorted(s.missed)},
                            "mistakes": [m.name for m in s.mistakes],
                        }
                        for s in cov.scenarios
                    },
                    "problems": list(cov.problems),
                },
                indent=2,
            )
        )
    else:
        print(matrix_text(cov))
        print()
        print(summary_text(cov))
    for problem in cov.problems:
        print(problem, file=sys.stderr)
    return 0 if cov.complete else 1
