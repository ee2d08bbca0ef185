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
"""

from __future__ import annotations

import dataclasses
import json
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cwstrainer import attempt_file
from cwstrainer.errors import TrainerError
from cwstrainer.exports.results import AttemptResult, submitted_results
from cwstrainer.grading import REPORT_VERSION, Report, ReportInvalid, grade
from cwstrainer.records import AttemptRecords, RecordKind
from cwstrainer.regrade import NotInLibrary, StationScenarios
from cwstrainer.scenario.model import Scenario
from cwstrainer.store.store import Attempt, Store, to_column

RESULTS_FORMAT = "cwstrainer-results"
RESULTS_VERSION = 1
_ATTEMPT_FIELDS = tuple(f.name for f in dataclasses.fields(Attempt))


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
    with path.open("w", encoding="utf-8", newline="\n") as fh:
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
    attempt: dict[str, Any]
    records: AttemptRecords
    stated: tuple[Stated, ...]
    older_grader: bool


_GRADE_FIELDS = ("score", "possible", "percent", "passed", "critical_errors", "pass_mark")


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
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ResultsInvalid(source, [f"1: cannot read the file: {exc}"]) from None
    incoming: list[_Incoming] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            try:
                incoming.append(_parse(number, line))
            except (
                ValueError,
                KeyError,
                TypeError,
                AttributeError,
                ReportInvalid,
                attempt_file.AttemptFileInvalid,
            ) as exc:
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


def _parse(number: int, line: str) -> _Incoming:
    data = json.loads(line)
    if data.get("format") != RESULTS_FORMAT:
        raise ValueError(f"not a {RESULTS_FORMAT} line")
    attempt = {k: data["attempt"][k] for k in _ATTEMPT_FIELDS if k in data["attempt"]}
    if attempt.get("status") != "submitted":
        raise ValueError("only submitted attempts can be imported")
    int(attempt["id"], 16)  # a UUID in hex, as laptops make them
    int(attempt["scenario_version"])
    records = attempt_file.loads(json.dumps(data["records"]), "records").records
    Report.from_json(json.dumps(data["report"]))  # a report, though its grade is not kept
    name = str(data["trainee"]["name"]).strip()
    if not name:
        raise ValueError("the trainee has no name")
    stated = (_stated(data["attempt"]), _stated(data["report"]))
    older = int(data["report"].get("format_version", 1)) < REPORT_VERSION
    return _Incoming(number, name, attempt, records, stated, older)


def _stated(data: dict[str, Any]) -> Stated:
    def number(key: str) -> float | None:
        value = data.get(key)
        return float(value) if isinstance(value, int | float) else None

    passed = data.get("passed")
    return Stated(
        number("score"),
        number("possible"),
        bool(passed) if isinstance(passed, bool | int) else None,
    )


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
            row = {k: v for k, v in item.attempt.items() if k not in _GRADE_FIELDS}
            store.db.table("attempts").insert({**row, "trainee_id": trainee.id}, alter=False)
            _insert_records(store, attempt_id, item.records)
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


def _insert_records(
    store: Store, attempt_id: str, records: AttemptRecords
) -> dict[tuple[str, int], int]:
    """Insert with fresh row ids; returns (kind, old id) -> new id, for the report's links."""
    ids: dict[tuple[str, int], int] = {}

    def put(kind: RecordKind, table: str, record: Any, **links: int | None) -> None:
        row = {k: to_column(v) for k, v in dataclasses.asdict(record).items() if k != "id"}
        row.update(links)
        new = store.db.table(table).insert({"attempt_id": attempt_id, **row}).last_pk
        ids[(str(kind), record.id)] = int(typing.cast(int, new))

    for r in records.referrals:
        put(RecordKind.REFERRAL, "referrals", r, primary_referral_id=None)
    for r in records.referrals:
        if r.primary_referral_id is not None:
            store.db.table("referrals").update(
                ids[(str(RecordKind.REFERRAL), r.id)],
                {"primary_referral_id": ids.get((str(RecordKind.REFERRAL), r.primary_referral_id))},
            )
    for c in records.cases:
        put(RecordKind.CASE, "cases", c)
    for a in records.allegations:
        put(
            RecordKind.ALLEGATION,
            "allegations",
            a,
            referral_id=ids.get((str(RecordKind.REFERRAL), a.referral_id), -1),
        )
    for p in records.placements:
        put(
            RecordKind.PLACEMENT,
            "placements",
            p,
            referral_id=ids.get((str(RecordKind.REFERRAL), p.referral_id), -1),
        )
    for s in records.special_projects:
        owner = RecordKind.REFERRAL if str(s.notebook) == "referral" else RecordKind.CASE
        put(
            RecordKind.SPECIAL_PROJECT,
            "special_projects",
            s,
            owner_id=ids.get((str(owner), s.owner_id), -1),
        )
    return ids
