"""``cwstrainer schema``: print (or write) the scenario format's JSON Schema."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cwstrainer.scenario.jsonschema import schema_text


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("schema", help="print the scenario JSON Schema")
    p.add_argument("--output", "-o", type=Path, help="write it to this file instead")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    text = schema_text()
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}")
    else:
        print(text, end="")
    return 0
