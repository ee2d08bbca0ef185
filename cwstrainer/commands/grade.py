"""``cwstrainer grade SCENARIO ATTEMPT``: grade an attempt file against its scenario.

Prints the report for a person (the verdict and its critical errors first, then each
finding grouped as the letters group the rules, a consequence under its cause), or with
``--json`` the report as JSON. ``--variant`` grades against one of the scenario's
variants. Exit status: 0 passed, 1 not passed, 2 a file that cannot be used (a one-line
message, never a traceback).
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
from cwstrainer.rules.catalog import Weight, rule
from cwstrainer.rules.findings import Finding, Outcome
from cwstrainer.scenario import variants
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
    p.add_argument(
        "--variant", metavar="V", help="grade against this variant of the scenario (its id)"
    )
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
    if args.variant is not None:
        try:
            scenario = variants.apply(scenario, args.variant)
        except KeyError:
            known = ", ".join(v.id for v in scenario.variants) or "none"
            raise TrainerError(
                f"{args.scenario}: the scenario has no variant {args.variant!r} "
                f"(its variants: {known})"
            ) from None
    report = grade(scenario, attempt.records, args.variant)
    print(report.to_json() if args.json else as_text(report))
    return 0 if report.passed else 1


def _points(f: Finding) -> str:
    if f.cause is not None:
        return f"{f.points:+g} of {f.possible:g}, counted in the mistake above"
    if f.weight is Weight.ADVICE:
        return "advice, not scored"
    if f.possible == 0 and f.points == 0:
        return "not scored" + (" (already in CWS/CMS)" if f.preset else "")
    return f"{f.points:+g} of {f.possible:g}"


def _finding_lines(f: Finding, indent: str, mark: str = "") -> list[str]:
    flag = " (inference)" if f.inference else ""
    chosen = ", this scenario's choice" if f.weight_by_scenario else ""
    head = f"[{_MARK[f.outcome]}] {f.rule_id}{flag} [{f.weight}{chosen}]: {_points(f)}"
    lines = [f"{indent}{mark}{head}"]
    pad = indent + " " * len(mark) + "    "
    lines += textwrap.wrap(f.message, 92, initial_indent=pad, subsequent_indent=pad)
    if f.outcome is not Outcome.MET and (f.entered or f.expected):
        lines.append(f"{pad}entered: {f.entered or '(none)'}; expected: {f.expected or '(none)'}")
    if f.record is not None:
        lines.append(f"{pad}go to: {f.record.kind} {f.record.id}")
    lines.append(f"{pad}{f.citation}")
    return lines


def _verdict_line(report: Report) -> str:
    """ "PASSED", or "NOT PASSED: 2 critical errors": the verdict, its reason after it."""
    head, _, reason = report.verdict.partition(": ")
    return head.upper() + (f": {reason}" if reason else "")


def as_text(report: Report) -> str:
    """The report as a trainee reads it: the verdict and its reason first, the critical
    errors, then each finding under its letter with its consequences under it."""
    lines = [
        f"Scenario {report.scenario_id} (version {report.scenario_version}"
        + (f", variant {report.variant})" if report.variant else ")"),
        _verdict_line(report),
        f"Score: {report.score:g} of {report.possible:g} ({report.percent:g}%); pass mark "
        f"{report.pass_mark}%; any critical error fails the attempt",
    ]
    if report.critical_errors:
        lines += ["", "Critical errors:"]
        for f in report.critical_errors:
            lines += textwrap.wrap(
                f"{f.rule_id}: {f.message}",
                92,
                initial_indent="  - ",
                subsequent_indent="    ",
            )
    group = None
    for f in report.findings:
        if f.cause is not None:
            continue
        r = rule(f.rule_id)
        if r.group != group:
            group = r.group
            lines += ["", str(group)]
        lines += _finding_lines(f, "  ")
        for c in report.consequences_of(f):
            lines += _finding_lines(c, "      ", "\u21b3 ")
    return "\n".join(lines)
