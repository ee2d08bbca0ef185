"""``cwstrainer codes [TABLE]``: the code tables, with ids, names and special projects.

Lists every table the trainer uses (or the one named, by its CWS/CMS name, its title or
an attempt file field, in any case): system-code ids with their names, the trainer's own
ids marked where the real ones are not published, and the special project titles with
their notebook and dates. ``--json`` for a program; ``--update-doc FILE`` regenerates
the code tables of ``docs/attempt-format.md``.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from cwstrainer import boundary
from cwstrainer.code_listing import doc_with_tables, tables_json, tables_text
from cwstrainer.errors import TrainerError


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "codes", help="list the code tables: ids, names, special project titles and dates"
    )
    p.add_argument(
        "table",
        nargs="?",
        metavar="TABLE",
        help="one table, e.g. INJR_HMC, 'Abuse Category', abuse_category, 'Special Project'",
    )
    p.add_argument("--json", action="store_true", help="print JSON for a program")
    p.add_argument(
        "--update-doc",
        type=Path,
        metavar="FILE",
        help="rewrite the generated code tables in FILE (docs/attempt-format.md)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.update_doc is not None:
        path: Path = args.update_doc
        try:
            text = boundary.read_text(path, boundary.MAX_DOC_BYTES, "a document")
            path.write_text(doc_with_tables(text, str(path)), encoding="utf-8")
        except boundary.Refused as exc:
            raise TrainerError(f"cannot update {path}: {exc.message}") from None
        except OSError as exc:
            raise TrainerError(f"cannot update {path}: {exc.strerror}") from None
        print(f"updated the code tables in {path}")
        return 0
    if args.json:
        print(json.dumps(tables_json(args.table), indent=2, ensure_ascii=False))
    else:
        print(tables_text(args.table), end="")
    return 0
