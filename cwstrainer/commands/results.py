"""``cwstrainer results``: export and collect results (CSV, xAPI, station files).

Every grade it writes or imports is the current grader's, from the records: reports an
older trainer made are graded again first, and an imported attempt is graded here
(:mod:`cwstrainer.regrade`); a line whose stated grade differs is printed.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from cwstrainer import regrade, station
from cwstrainer.commands._store import opened
from cwstrainer.errors import TrainerError
from cwstrainer.exports import spreadsheet, xapi
from cwstrainer.exports.results import submitted_results
from cwstrainer.paths import data_dir


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser("results", help="export or collect results")
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    csv_p = actions.add_parser("csv", help="attempts.csv and findings.csv into a folder")
    csv_p.add_argument("folder", type=Path)
    jsonl = actions.add_parser("xapi", help="xAPI 1.0.3 statements as JSON lines")
    jsonl.add_argument("file", type=Path)
    jsonl.add_argument(
        "--home-page",
        default=xapi.DEFAULT_HOME_PAGE,
        help="the academy's home page, which names trainees' accounts",
    )
    out = actions.add_parser("export", help="this laptop's results, for the trainer's station")
    out.add_argument("file", type=Path)
    into = actions.add_parser("import", help="import other laptops' results files")
    into.add_argument("files", nargs="+", type=Path)
    for q in (csv_p, jsonl, out):
        q.add_argument("--since", type=dt.date.fromisoformat, help="YYYY-MM-DD")
        q.add_argument("--until", type=dt.date.fromisoformat, help="YYYY-MM-DD")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    folder = data_dir(args.data_dir)
    with opened(folder) as store:
        scenarios: regrade.StationScenarios | None = None
        if regrade.old_reports(store):
            scenarios = regrade.StationScenarios.load(folder)
            print(regrade.regrade_old_reports(store, scenarios))
        if args.action == "import":
            scenarios = scenarios or regrade.StationScenarios.load(folder)
            for path in args.files:
                done = station.import_results(store, path, scenarios)
                print(f"{path}: {done.text()}")
                for line in done.regraded:
                    print(f"  {line.text()}")
            return 0
        results = list(submitted_results(store, args.since, args.until))
        target = args.folder if args.action == "csv" else args.file
        try:
            if args.action == "csv":
                args.folder.mkdir(parents=True, exist_ok=True)
                rows = spreadsheet.write_attempts(results, args.folder / "attempts.csv")
                findings = spreadsheet.write_findings(results, args.folder / "findings.csv")
                print(f"{rows} attempt(s), {findings} finding(s) written to {args.folder}")
            elif args.action == "xapi":
                args.file.parent.mkdir(parents=True, exist_ok=True)
                count = xapi.write_jsonl(results, args.file, args.home_page)
                print(f"{count} statement(s) written to {args.file}")
            else:
                args.file.parent.mkdir(parents=True, exist_ok=True)
                count = station.export_results(store, args.file, results)
                print(f"{count} attempt(s) written to {args.file}")
        except OSError as exc:
            raise TrainerError(f"cannot write {target}: {exc.strerror or exc}") from None
        return 0
