"""``cwstrainer pack``: share scenarios as one file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from cwstrainer.packs import export_pack, import_pack
from cwstrainer.paths import data_dir


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("pack", help="export or import a scenario pack")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    out = actions.add_parser("export", help="pack scenario files or folders into one file")
    out.add_argument("pack", type=Path)
    out.add_argument("paths", nargs="+", type=Path)
    into = actions.add_parser("import", help="import a pack into the station's scenario library")
    into.add_argument("pack", type=Path)
    into.add_argument(
        "--library", type=Path, help="folder to import into (default: DATA_DIR/scenarios)"
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.action == "export":
        written = export_pack(args.paths, args.pack)
        print(f"wrote {written}")
        return 0
    library = args.library or data_dir(args.data_dir) / "scenarios"
    result = import_pack(args.pack, library)
    print(
        f"into {library}: {len(result.added)} added, {len(result.updated)} updated "
        f"(older versions kept in {library / '.versions'}), {len(result.unchanged)} unchanged"
    )
    return 0
