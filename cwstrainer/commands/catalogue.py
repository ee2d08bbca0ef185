"""``cwstrainer catalogue [PATH...] [-o FILE]``: the scenario catalogue as Markdown.

Generated from the scenario files and their attempt files, so that it is never out of
date by hand: title, difficulty, time, date, objectives and the rules each scenario
exercises (computed by grading its attempts, as ``cwstrainer coverage`` does).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cwstrainer.catalogue import catalogue_text
from cwstrainer.commands.coverage import add_library_arguments
from cwstrainer.coverage import BUNDLED_SCENARIOS, library_coverage


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "catalogue", help="write the scenario catalogue (Markdown) from the scenario files"
    )
    add_library_arguments(p)
    p.add_argument("--output", "-o", type=Path, help="write it to this file instead")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    cov = library_coverage(args.paths or [BUNDLED_SCENARIOS], args.attempts)
    text = catalogue_text(cov)
    for problem in cov.problems:
        print(f"cwstrainer: warning: {problem}", file=sys.stderr)
    if args.output:
        try:
            args.output.write_text(text, encoding="utf-8")
        except OSError as exc:
            print(f"cwstrainer: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
            return 2
        print(f"wrote {args.output}")
    else:
        print(text, end="")
    return 0
