"""``cwstrainer rules``: every rule the trainer checks, with its weight and citation."""

from __future__ import annotations

import argparse
import json
import textwrap
from typing import Any

from cwstrainer.rules.catalog import RULES


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("rules", help="list every rule with its citation")
    p.add_argument("--json", action="store_true", help="print JSON for a program")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": r.id,
                        "group": str(r.group),
                        "citation": r.citation,
                        "statement": r.statement,
                        "letter_text": r.letter_text,
                        "inference": r.inference,
                        "weight": str(r.weight),
                        "weight_words": r.weight_words,
                        "weight_note": r.weight_note or None,
                        "inference_note": r.inference_note or None,
                    }
                    for r in RULES
                ],
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    group = None
    for r in RULES:
        if r.group != group:
            group = r.group
            print(f"\n{group}")
        flag = " (inference)" if r.inference else ""
        print(f"  {r.id} [{r.weight}]{flag} — {r.citation}")
        print(textwrap.indent(textwrap.fill(r.statement, 88), "      "))
        words = f"Weight {r.weight}: \u201c{r.weight_words}\u201d. {r.weight_note}".strip()
        print(textwrap.indent(textwrap.fill(words, 88), "      "))
    return 0
