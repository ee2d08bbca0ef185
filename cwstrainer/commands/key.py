"""``cwstrainer key SCENARIO [--variant V] [--json]``: the answer key the grader scores.

SCENARIO is a scenario file, or the id of a bundled scenario. Prints every expectation
of the answer key with its rule, weight, citation, whether it is the trainer's inference,
and the value due; the scenario's own records that already meet one (they earn nothing),
and the right decisions to enter nothing. Exit status 0, or 2 with a one-line message
for a scenario or variant that cannot be used.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from cwstrainer.answer_key import answer_key, key_text
from cwstrainer.coverage import BUNDLED_SCENARIOS
from cwstrainer.scenario.loader import load_file
from cwstrainer.scenario.model import Scenario


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "key", help="print a scenario's answer key: every expectation the grader scores"
    )
    p.add_argument(
        "scenario", metavar="SCENARIO", help="a scenario file (YAML), or a bundled scenario's id"
    )
    p.add_argument("--variant", metavar="V", help="the key of this variant of the scenario")
    p.add_argument("--json", action="store_true", help="print the key as JSON")
    p.set_defaults(run=run)


def load_scenario(name: str) -> Scenario:
    """A scenario from a file, or by id from the bundled library."""
    path = Path(name)
    bundled = BUNDLED_SCENARIOS / f"{name}.yaml"
    if not path.exists() and path.suffix == "" and bundled.is_file():
        path = bundled
    return load_file(path).scenario


def run(args: argparse.Namespace) -> int:
    key = answer_key(load_scenario(args.scenario), args.variant)
    if args.json:
        print(json.dumps(key.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(key_text(key), end="")
    return 0
