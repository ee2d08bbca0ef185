"""``cwstrainer grade SCENARIO ATTEMPT``: grade an attempt file against its scenario.

Prints the report for a person (grouped as the letters group the rules), or with
``--json`` the report as JSON. Exit status: 0 passed, 1 not passed, 2 a file that
cannot be used (a one-line message, never a traceback).
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path
from typing import Any

from cwstrainer import attempt_file
from cwstrainer.errors import TrainerError
from cwstrainer.grading import Report, grade
from cwstrainer.rules.catalog import rule
from cwstrainer.rules.findings import Finding, Outcome
from cwstrainer.scenario.loader import load_file

_MARK = {
    Outcome.MET: "ok",
    Outcome.MISSED: "MISSED",
    Outcome.WRONG_VALUE: "WRONG",
    Outcome.EXTRA: "EXTRA",
}


def register(sub: Any) -> None:
    p: argparse.ArgumentParser = sub.add_parser(
        "grade", help="grade an attempt file against its scenario; exit 0 if it passes"
    )
    p.add_argument("scenario", type=Path, metavar="SCENARIO", help="the scenario file (YAML)")
    p.add_argument("attempt", type=Path, metavar="ATTEMPT", help="the attempt file (JSON)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    scenario = load_file(args.scenario).scenario
    attempt = attempt_file.read(args.attempt)
    if attempt.scenario_id != scenario.id:
        raise TrainerError(
            f"{args.attempt} is an attempt at scenario {attempt.scenario_id!r}, "
            f"not {scenario.id!r} ({args.scenario})"
        )
    if attempt.scenario_version != scenario.version:
        print(
            f"cwstrainer: note: the attempt was made on version {attempt.scenario_version} of "
            f"{scenario.id!r}; grading against version {scenario.version}",
            file=sys.stderr,
        )
    report = grade(scenario, attempt.records)
    print(report.to_json() if args.json else as_text(report))
    return 0 if report.passed else 1


def _points(f: Finding) -> str:
    if f.possible == 0 and f.points == 0:
        return "not scored"
    return f"{f.points:+g} of {f.possible:g}"


def as_text(report: Report) -> str:
    """The report as a trainee reads it: score first, then each finding under its letter."""
    verdict = "PASSED" if report.passed else "NOT PASSED"
    lines = [
        f"Scenario {report.scenario_id} (version {report.scenario_version}"
        + (f", variant {report.variant})" if report.variant else ")"),
        f"Score: {report.score:g} of {report.possible:g} ({report.percent:g}%): {verdict} "
        f"(pass mark {report.pass_mark}%)",
    ]
    group = None
    for f in report.findings:
        r = rule(f.rule_id)
        if r.group != group:
            group = r.group
            lines += ["", str(group)]
        flag = " (inference)" if f.inference else ""
        lines.append(f"  [{_MARK[f.outcome]}] {f.rule_id}{flag}: {_points(f)}")
        lines += textwrap.wrap(f.message, 92, initial_indent="      ", subsequent_indent="      ")
        if f.outcome is not Outcome.MET and (f.entered or f.expected):
            lines.append(
                f"      entered: {f.entered or '(none)'}; expected: {f.expected or '(none)'}"
            )
        if f.record is not None:
            lines.append(f"      go to: {f.record.kind} {f.record.id}")
        lines.append(f"      {f.citation}")
    return "\n".join(lines)
