"""Collect results from many laptops into one trainer station, without duplicates.

A laptop exports its submitted attempts as a results file (JSON lines, one attempt a
line: the trainee, the attempt, its records and its report). The station imports such
files: an attempt already there (same attempt id, a UUID made on the laptop) is skipped,
so importing the same file twice, or two overlapping exports, keeps one copy. A trainee
is matched by sign-in name, so the same person seen on two laptops is one trainee.
A file is imported whole or not at all, and every bad line is named.
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
from cwstrainer.grading import Report, ReportInvalid
from cwstrainer.records import AttemptRecords, RecordKind
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
class ImportSummary:
    """What an import did."""

    imported: int
    duplicates: int
    trainees_added: int


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
    trainee_name: str
    attempt: dict[str, Any]
    records: AttemptRecords
    report: Report


def import_results(store: Store, path: Path) -> ImportSummary:
    """Import a results file into this station; :class:`ResultsInvalid` if any line is bad."""
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
                incoming.append(_parse(line))
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
    return _store(store, incoming)


def _parse(line: str) -> _Incoming:
    data = json.loads(line)
    if data.get("format") != RESULTS_FORMAT:
        raise ValueError(f"not a {RESULTS_FORMAT} line")
    attempt = {k: data["attempt"][k] for k in _ATTEMPT_FIELDS if k in data["attempt"]}
    if attempt.get("status") != "submitted":
        raise ValueError("only submitted attempts can be imported")
    int(attempt["id"], 16)  # a UUID in hex, as laptops make them
    records = attempt_file.loads(json.dumps(data["records"]), "records").records
    report = Report.from_json(json.dumps(data["report"]))
    name = str(data["trainee"]["name"]).strip()
    if not name:
        raise ValueError("the trainee has no name")
    return _Incoming(name, attempt, records, report)


def _store(store: Store, incoming: list[_Incoming]) -> ImportSummary:
    imported = duplicates = 0
    trainees_before = len(store.trainees())
    with store.db.atomic():
        for item in incoming:
            attempt_id = item.attempt["id"]
            if store.db.execute("select 1 from attempts where id = ?", [attempt_id]).fetchone():
                duplicates += 1
                continue
            trainee = store.sign_in(item.trainee_name)
            store.db.table("attempts").insert(
                {
                    **item.attempt,
                    "trainee_id": trainee.id,
                    "passed": int(bool(item.attempt.get("passed"))),
                }
            )
            ids = _insert_records(store, attempt_id, item.records)
            store.save_report(
                attempt_id,
                item.attempt.get("submitted_at"),
                item.report.score,
                item.report.possible,
                item.report.passed,
                json.dumps(_remap_report(item.report.to_dict(), ids)),
            )
            imported += 1
    return ImportSummary(imported, duplicates, len(store.trainees()) - trainees_before)


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


def _remap_report(report: dict[str, Any], ids: dict[tuple[str, int], int]) -> dict[str, Any]:
    for finding in report["findings"]:
        record = finding.get("record")
        if record:
            record["id"] = ids.get((record["kind"], record["id"]), record["id"])
    return report
