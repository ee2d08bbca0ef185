"""Collect results from many laptops into one trainer station, without duplicates.

A laptop exports its submitted attempts as a results file (JSON lines, one attempt a
line: the trainee, the attempt, its records and its report). The station imports such
files: an attempt already there (same attempt id, a UUID made on the laptop) is skipped,
so importing the same file twice, or two overlapping exports, keeps one copy. A trainee
is matched by sign-in name, so the same person seen on two laptops is one trainee.
A file is imported whole or not at all, and every bad line is named.

The station trusts no grade written in a file: it grades every imported attempt again
from the records the line carries, against the scenario version the line names, which
must be in the station's library (:class:`~cwstrainer.regrade.StationScenarios`), else
the file is refused. A line whose stated grade differs is kept with its records' grade,
and the import's summary names the line, what it said and what its records earn.

Before anything is stored, every line is checked field by field: the file within
:mod:`cwstrainer.boundary`'s limits (a regular file, its size, each line's size, JSON
nesting and number length), then each field for its type and range: ids, names, dates
and times, the mode, true/false verdicts, scores and counts, cohort and variant labels
of bounded length, the rules its findings name. A bad line is refused with its line
number and the field named (``LINE: attempt.submitted_at: ...``), and with it the file;
what is accepted can be shown, exported and sent everywhere.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cwstrainer import attempt_file, boundary
from cwstrainer.errors import TrainerError
from cwstrainer.exports.results import AttemptResult, submitted_results
from cwstrainer.grading import REPORT_FORMAT, REPORT_VERSION, Report, ReportInvalid, grade
from cwstrainer.paths import open_private
from cwstrainer.records import AttemptRecords
from cwstrainer.regrade import NotInLibrary, StationScenarios
from cwstrainer.rules.catalog import RULE_IDS
from cwstrainer.rules.findings import Outcome
from cwstrainer.scenario.model import Scenario
from cwstrainer.store.store import MODES, Store, insert_records, to_column

RESULTS_FORMAT = "cwstrainer-results"
RESULTS_VERSION = 1

# What a results line may hold (each checked before anything is stored).
MAX_NAME_CHARS = 80
"""A trainee's name, as sign-in takes it."""
MAX_LABEL_CHARS = 80
"""A cohort or a variant label."""
MAX_ID_CHARS = 100
"""A scenario id, a trainee id, a page name."""
MAX_PATH_CHARS = 4096
"""The scenario file a laptop read (kept for the record)."""
MAX_VERSION = 1_000_000
"""A scenario or format version."""
MAX_POINTS = 1_000_000.0
"""A score, points possible, a finding's points (far above any scenario's)."""
MAX_COUNT = 100_000
"""Critical errors in one attempt."""
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
LATEST = dt.datetime(9000, 1, 1, tzinfo=dt.UTC)
"""Dates and times outside these are not a laptop's."""
_ATTEMPT_ID = re.compile(r"[0-9a-fA-F]{32}")
_OUTCOMES = frozenset(str(o) for o in Outcome)


class ResultsInvalid(TrainerError):
    """A results file that cannot be imported, with every problem by line."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"{source}:{p}" for p in problems))


@dataclass(frozen=True)
class Stated:
    """The grade a results line states (never kept: only compared)."""

    score: float | None
    possible: float | None
    passed: bool | None

    def text(self) -> str:
        if self.score is None or self.possible is None:
            points = "no score"
        else:
            points = f"{self.score:g} of {self.possible:g}"
        verdict = {True: "passed", False: "not passed", None: "no verdict"}[self.passed]
        return f"{points}, {verdict}"


@dataclass(frozen=True)
class Regraded:
    """A line whose stated grade differs from the grade of the records it carries.

    It is kept with the grade of its records; this says what the file said.
    """

    line: int
    attempt_id: str
    trainee: str
    stated: Stated
    score: float
    possible: float
    percent: float
    verdict: str
    older_grader: bool  # the line's report was made by an older trainer

    def text(self) -> str:
        why = " (its report was made by an older trainer)" if self.older_grader else ""
        return (
            f"line {self.line}: {self.trainee}'s attempt {self.attempt_id[:8]}: the file says "
            f"{self.stated.text()}{why}; graded again from its records: {self.score:g} of "
            f"{self.possible:g} ({self.percent:g}%), {self.verdict}. Kept with the grade of "
            "its records."
        )


@dataclass(frozen=True)
class ImportSummary:
    """What an import did; ``regraded``: the lines whose stated grade was not their records'."""

    imported: int
    duplicates: int
    trainees_added: int
    regraded: tuple[Regraded, ...] = ()

    def text(self) -> str:
        """One line for a person: imported, already here, new trainees, grades differing."""
        line = (
            f"{self.imported} attempt(s) imported, {self.duplicates} already here, "
            f"{self.trainees_added} new trainee(s)"
        )
        if self.regraded:
            line += (
                f"; {len(self.regraded)} stated a grade that differs from the grade of its "
                "records, and was kept with the grade of its records"
            )
        return line


def export_results(store: Store, path: Path, results: Iterable[AttemptResult] | None = None) -> int:
    """Write this laptop's submitted attempts as a results file; returns how many."""
    count = 0
    with open_private(path, "w", encoding="utf-8", newline="\n") as fh:
        for result in results if results is not None else submitted_results(store):
            records = store.records(result.attempt.id)
            line = {
                "format": RESULTS_FORMAT,
                "format_version": RESULTS_VERSION,
                "trainee": {"id": result.attempt.trainee_id, "name": result.trainee_name},
                "attempt": dataclasses.asdict(result.attempt),
                "records": json.loads(
                    attempt_file.dumps(
                        attempt_file.AttemptFile(
                            result.attempt.scenario_id, result.attempt.scenario_version, records
                        )
                    )
                ),
                "report": result.report.to_dict(),
            }
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            count += 1
    return count


@dataclass(frozen=True)
class _Incoming:
    line: int
    trainee_name: str
    attempt: dict[str, Any]  # the attempt's columns, each checked (no grade)
    records: AttemptRecords
    stated: tuple[Stated, ...]
    older_grader: bool


def import_results(
    store: Store, path: Path, scenarios: StationScenarios | None = None
) -> ImportSummary:
    """Import a results file into this station; :class:`ResultsInvalid` if any line is bad.

    Every attempt is graded here again, from the records it carries, against the scenario
    version it names in ``scenarios`` (default: the store's data folder and the bundled
    scenarios) and as its variant told it; the score and verdict written in the file are
    never kept. A line whose scenario version the station does not hold is refused (and
    with it the file); a line whose stated grade differs from its records' is kept with
    its records' grade, and the summary says so.
    """
    source = str(path)
    try:
        data = boundary.read_bytes(path, boundary.MAX_RESULTS_BYTES, "a results file")
    except boundary.Refused as exc:
        raise ResultsInvalid(source, [f"1: {exc.message}"]) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    incoming: list[_Incoming] = []
    problems: list[str] = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            incoming.append(_parse(number, _line_json(raw, source)))
        except _Bad as exc:
            problems.append(f"{number}: {exc}")
    if problems:
        raise ResultsInvalid(source, problems)
    fresh = _fresh(store, incoming)
    if scenarios is None and fresh:
        scenarios = StationScenarios.load(store.path.parent)
    graded_on: dict[int, Scenario] = {}
    for item in fresh:
        assert scenarios is not None
        a = item.attempt
        try:
            graded_on[item.line] = scenarios.scenario(
                str(a["scenario_id"]),
                int(a["scenario_version"]),
                a.get("variant"),
                a.get("scenario_digest"),
            )
        except NotInLibrary as exc:
            problems.append(f"{item.line}: {exc}")
    if problems:
        raise ResultsInvalid(source, problems)
    return _store(store, incoming, fresh, graded_on)


class _Bad(Exception):
    """One problem of a results line: the field (a JSON path) and what is wrong."""

    def __init__(self, field: str | None, message: str) -> None:
        super().__init__(f"{field}: {message}" if field else message)


def _line_json(raw: bytes, source: str) -> object:
    """One line's JSON, within the boundary's limits (size, nesting, digits)."""
    if len(raw) > boundary.MAX_RESULTS_LINE_BYTES:
        raise _Bad(
            None,
            f"the line is {len(raw):,} bytes; a results line may be at most "
            f"{boundary.MAX_RESULTS_LINE_BYTES:,}",
        )
    try:
        text = raw.decode("utf-8").rstrip("\r")
    except UnicodeDecodeError as exc:
        raise _Bad(
            None, f"byte 0x{raw[exc.start]:02x} at column {exc.start + 1} is not UTF-8 text"
        ) from None
    try:
        return boundary.parse_json(text, source)
    except boundary.Refused as exc:
        raise _Bad(None, f"{exc.message} (column {exc.column})") from None


def _shown(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    return {dict: "an object", list: "a list", str: "text", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )


def _object(value: object, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(field, f"expected an object, got {_kind(value)}")
    return value


def _text(
    data: dict[str, Any], key: str, field: str, limit: int, required: bool = True
) -> str | None:
    """A one-line text of at most ``limit`` characters (None if absent and not required)."""
    value = data.get(key)
    if value is None:
        if required:
            raise _Bad(field, "missing" if key not in data else "must not be null")
        return None
    if not isinstance(value, str):
        raise _Bad(field, f"expected text, got {_kind(value)} {_shown(value)}")
    if required and not value.strip():
        raise _Bad(field, "is empty")
    if len(value) > limit:
        raise _Bad(field, f"is {len(value):,} characters; at most {limit:,}")
    bad = next((c for c in value if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp")), None)
    if bad is not None:
        raise _Bad(field, f"holds the control character U+{ord(bad):04X}")
    return value


def _integer(
    data: dict[str, Any], key: str, field: str, low: int, high: int, required: bool = False
) -> int | None:
    value = data.get(key)
    if value is None:
        if required:
            raise _Bad(field, "missing" if key not in data else "must not be null")
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(field, f"expected a whole number, got {_kind(value)} {_shown(value)}")
    if not low <= value <= high:
        raise _Bad(field, f"{_shown(value)} is out of range ({low:,} to {high:,})")
    return value


def _number(data: dict[str, Any], key: str, field: str, low: float, high: float) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Bad(field, f"expected a number, got {_kind(value)} {_shown(value)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise _Bad(field, f"{value} is not a number the trainer keeps")
    if not low <= value <= high:
        raise _Bad(field, f"{_shown(value)} is out of range ({low:g} to {high:g})")
    return float(value)


def _boolean(data: dict[str, Any], key: str, field: str) -> bool | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise _Bad(field, f"expected true or false, got {_kind(value)} {_shown(value)}")
    return value


def _timestamp(data: dict[str, Any], key: str, field: str, required: bool) -> str | None:
    """A date and time with its offset from UTC, kept as UTC ISO 8601."""
    value = _text(data, key, field, 64, required)
    if value is None:
        return None
    example = "e.g. 2016-10-10T14:03:00+00:00"
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        raise _Bad(field, f"{_shown(value)} is not a date and time ({example})") from None
    if when.tzinfo is None or when.utcoffset() is None:
        raise _Bad(field, f"{_shown(value)} does not say its offset from UTC ({example})")
    try:
        when = when.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        raise _Bad(field, f"{_shown(value)} is not a date and time the trainer keeps") from None
    if not EARLIEST <= when < LATEST:
        raise _Bad(field, f"{_shown(value)} is not between 2000 and 9000")
    return when.isoformat(timespec="seconds")


def _stated(data: dict[str, Any], where: str) -> Stated:
    """The grade a line's attempt or report states, each number checked (never kept)."""
    score = _number(data, "score", f"{where}.score", 0.0, MAX_POINTS)
    possible = _number(data, "possible", f"{where}.possible", 0.0, MAX_POINTS)
    _number(data, "percent", f"{where}.percent", 0.0, 100.0)
    _integer(data, "critical_errors", f"{where}.critical_errors", 0, MAX_COUNT)
    _number(data, "pass_mark", f"{where}.pass_mark", 0.0, 100.0)
    return Stated(score, possible, _boolean(data, "passed", f"{where}.passed"))


def _attempt(data: dict[str, Any]) -> dict[str, Any]:
    """The attempt's columns, each checked; the grade is left out (graded here)."""
    a = _object(data.get("attempt"), "attempt")
    attempt_id = _text(a, "id", "attempt.id", 32)
    assert attempt_id is not None
    if not _ATTEMPT_ID.fullmatch(attempt_id):
        raise _Bad(
            "attempt.id", f"{_shown(attempt_id)} is not an attempt id (32 hexadecimal digits)"
        )
    if a.get("status") != "submitted":
        raise _Bad("attempt.status", "only submitted attempts can be imported")
    mode = _text(a, "mode", "attempt.mode", MAX_ID_CHARS)
    if mode not in MODES:
        raise _Bad("attempt.mode", f"{_shown(mode)} is not one of {', '.join(MODES)}")
    version = _integer(a, "scenario_version", "attempt.scenario_version", 1, MAX_VERSION, True)
    return {
        "id": attempt_id.lower(),
        "scenario_id": _text(a, "scenario_id", "attempt.scenario_id", MAX_ID_CHARS),
        "scenario_version": version,
        "scenario_digest": _text(a, "scenario_digest", "attempt.scenario_digest", 128, False),
        "scenario_source": _text(
            a, "scenario_source", "attempt.scenario_source", MAX_PATH_CHARS, False
        )
        or "",
        "mode": mode,
        "status": "submitted",
        "started_at": _timestamp(a, "started_at", "attempt.started_at", True),
        "updated_at": _timestamp(a, "updated_at", "attempt.updated_at", False),
        "submitted_at": _timestamp(a, "submitted_at", "attempt.submitted_at", True),
        "last_page": _text(a, "last_page", "attempt.last_page", MAX_ID_CHARS * 2, False),
        "variant": _text(a, "variant", "attempt.variant", MAX_LABEL_CHARS, False),
        "cohort": _text(a, "cohort", "attempt.cohort", MAX_LABEL_CHARS, False),
    }


def _report(data: dict[str, Any]) -> tuple[Stated, bool]:
    """The line's report checked: its format, its findings' rules and numbers; the grade
    it states, and whether an older grader made it."""
    r = _object(data.get("report"), "report")
    if r.get("format") != REPORT_FORMAT:
        raise _Bad("report.format", f"not a {REPORT_FORMAT} (format is {_shown(r.get('format'))})")
    version = _integer(r, "format_version", "report.format_version", 1, REPORT_VERSION) or 1
    findings = r.get("findings")
    if not isinstance(findings, list):
        raise _Bad("report.findings", f"expected a list, got {_kind(findings)}")
    for i, finding in enumerate(findings):
        where = f"report.findings[{i}]"
        f = _object(finding, where)
        rule_id = f.get("rule")
        if not isinstance(rule_id, str) or rule_id not in RULE_IDS:
            raise _Bad(f"{where}.rule", f"{_shown(rule_id)} is not a rule this trainer knows")
        outcome = f.get("outcome")
        if not isinstance(outcome, str) or outcome not in _OUTCOMES:
            raise _Bad(
                f"{where}.outcome",
                f"{_shown(outcome)} is not one of {', '.join(sorted(_OUTCOMES))}",
            )
        _number(f, "points", f"{where}.points", -MAX_POINTS, MAX_POINTS)
        _number(f, "possible", f"{where}.possible", 0.0, MAX_POINTS)
    try:
        Report.from_json(json.dumps(r))  # a report, though its grade is not kept
    except ReportInvalid as exc:
        raise _Bad("report", str(exc)) from None
    return _stated(r, "report"), version < REPORT_VERSION


def _parse(number: int, data: object) -> _Incoming:
    """One results line, every field checked; :class:`_Bad` names the first problem."""
    if not isinstance(data, dict) or data.get("format") != RESULTS_FORMAT:
        raise _Bad(None, f"not a {RESULTS_FORMAT} line")
    _integer(data, "format_version", "format_version", RESULTS_VERSION, RESULTS_VERSION)
    trainee = _object(data.get("trainee"), "trainee")
    if not isinstance(trainee.get("name"), str) or not trainee["name"].strip():
        raise _Bad("trainee.name", "the trainee has no name")
    name = " ".join((_text(trainee, "name", "trainee.name", 4 * MAX_NAME_CHARS) or "").split())
    if len(name) > MAX_NAME_CHARS:
        raise _Bad("trainee.name", f"is {len(name)} characters; at most {MAX_NAME_CHARS}")
    _text(trainee, "id", "trainee.id", MAX_ID_CHARS, False)
    attempt = _attempt(data)
    stated_attempt = _stated(data["attempt"], "attempt")
    try:
        carried = attempt_file.from_data(data.get("records"), "records")
    except attempt_file.AttemptFileInvalid as exc:
        first = exc.problems[0] if exc.problems else "not an attempt's records"
        raise _Bad(None, "records" + first[1:] if first.startswith("$") else first) from None
    stated_report, older = _report(data)
    return _Incoming(number, name, attempt, carried.records, (stated_attempt, stated_report), older)


def _fresh(store: Store, incoming: list[_Incoming]) -> list[_Incoming]:
    """The lines to import: not already here, and not a repeat of an earlier line."""
    seen: set[str] = set()
    fresh = []
    for item in incoming:
        attempt_id = item.attempt["id"]
        here = store.db.execute("select 1 from attempts where id = ?", [attempt_id]).fetchone()
        if not here and attempt_id not in seen:
            fresh.append(item)
        seen.add(attempt_id)
    return fresh


def _differs(stated: Stated, report: Report) -> bool:
    def off(said: float | None, value: float) -> bool:
        return said is None or abs(said - value) > 1e-9

    return (
        off(stated.score, report.score)
        or off(stated.possible, report.possible)
        or stated.passed is not report.passed
    )


def _store(
    store: Store,
    incoming: list[_Incoming],
    fresh: list[_Incoming],
    graded_on: dict[int, Scenario],
) -> ImportSummary:
    trainees_before = len(store.trainees())
    regraded: list[Regraded] = []
    imported = 0
    with store.transaction():
        for item in fresh:
            attempt_id = item.attempt["id"]
            if store.db.execute("select 1 from attempts where id = ?", [attempt_id]).fetchone():
                continue  # imported by another window since it was looked for
            imported += 1
            trainee = store.sign_in(item.trainee_name)
            store.db.table("attempts").insert(
                {**item.attempt, "trainee_id": trainee.id}, alter=False
            )
            insert_records(store.db, attempt_id, item.records)
            scenario = graded_on[item.line]
            _insert_clients(store, attempt_id, scenario)
            report = grade(scenario, store.records(attempt_id), item.attempt.get("variant"))
            store.keep_grade(attempt_id, report, item.attempt.get("submitted_at"))
            stated = next((s for s in item.stated if _differs(s, report)), None)
            if stated is not None:
                regraded.append(
                    Regraded(
                        item.line,
                        attempt_id,
                        trainee.name,
                        stated,
                        report.score,
                        report.possible,
                        report.percent,
                        report.verdict,
                        item.older_grader,
                    )
                )
    return ImportSummary(
        imported,
        len(incoming) - imported,
        len(store.trainees()) - trainees_before,
        tuple(regraded),
    )


def _insert_clients(store: Store, attempt_id: str, scenario: Scenario) -> None:
    """The scenario's people, as the seat saw them (a results line does not carry them)."""
    for client in scenario.clients:
        store.db.table("clients").insert(
            {
                "attempt_id": attempt_id,
                "client_key": client.id,
                "display_name": client.display_name,
                "birth_date": to_column(client.birth_date),
                "role": client.role,
            }
        )
