"""The database schema, as ordered migrations (sqlite-utils ``Migrations``).

Each migration runs once, in a transaction with the record of it having run; re-applying
is a no-op. Never edit a migration that has shipped: add the next one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

if TYPE_CHECKING:
    from cwstrainer.grading import Report
    from cwstrainer.rules.findings import Finding

MIGRATIONS = Migrations("cwstrainer")

_RECORD_FK = [("attempt_id", "attempts", "id")]


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    db.table("trainees").create(
        {"id": str, "name": str, "name_key": str, "created_at": str}, pk="id"
    )
    db.table("trainees").create_index(["name_key"], unique=True)
    db.table("attempts").create(
        {
            "id": str,
            "trainee_id": str,
            "scenario_id": str,
            "scenario_version": int,
            "scenario_digest": str,
            "scenario_source": str,
            "variant": str,
            "mode": str,
            "status": str,
            "started_at": str,
            "updated_at": str,
            "submitted_at": str,
            "last_page": str,
            "score": float,
            "possible": float,
            "passed": int,
        },
        pk="id",
        foreign_keys=[("trainee_id", "trainees", "id")],
        not_null={"trainee_id", "scenario_id", "mode", "status", "started_at"},
    )
    db.table("attempts").create_index(["trainee_id", "scenario_id"])
    tables: dict[str, dict[str, Any]] = {
        "referrals": {
            "id": int,
            "attempt_id": str,
            "world_key": str,
            "referral_name": str,
            "received_date": str,
            "received_time": str,
            "communication_method": int,
            "response_type": int,
            "primary_referral_id": int,
            "created_by_trainee": int,
        },
        "allegations": {
            "id": int,
            "attempt_id": str,
            "referral_id": int,
            "victim": str,
            "perpetrator": str,
            "abuse_category": int,
            "abuse_subcategory": int,
            "disposition": int,
            "disposition_date": str,
            "created_by_trainee": int,
        },
        "placements": {
            "id": int,
            "attempt_id": str,
            "referral_id": int,
            "child": str,
            "removal_date": str,
            "facility_type": int,
            "primary_reason": int,
            "secondary_reason": int,
            "world_key": str,
            "created_by_trainee": int,
        },
        "clients": {
            "id": int,
            "attempt_id": str,
            "client_key": str,
            "display_name": str,
            "birth_date": str,
            "role": str,
        },
        "cases": {"id": int, "attempt_id": str, "world_key": str, "child": str, "opened": str},
        "special_projects": {
            "id": int,
            "attempt_id": str,
            "notebook": str,
            "owner_id": int,
            "code": str,
            "start_date": str,
            "end_date": str,
        },
    }
    for name, columns in tables.items():
        db.table(name).create(columns, pk="id", foreign_keys=_RECORD_FK, not_null={"attempt_id"})
        db.table(name).create_index(["attempt_id"])
    db.table("reports").create(
        {
            "id": int,
            "attempt_id": str,
            "created_at": str,
            "score": float,
            "possible": float,
            "passed": int,
            "report_json": str,
        },
        pk="id",
        foreign_keys=_RECORD_FK,
        not_null={"attempt_id", "report_json"},
    )
    db.table("reports").create_index(["attempt_id"])


@MIGRATIONS(name="0002_settings")
def _settings(db: Database) -> None:
    """Station settings: the trainer passphrase hash, LRS configuration."""
    db.table("settings").create({"key": str, "value": str}, pk="key")


@MIGRATIONS(name="0003_lrs_queue")
def _lrs_queue(db: Database) -> None:
    """Statements waiting for (or delivered to) a Learning Record Store, one row each."""
    db.table("lrs_queue").create(
        {
            "statement_id": str,
            "attempt_id": str,
            "body": str,
            "queued_at": str,
            "sent_at": str,
            "tries": int,
            "status": str,
            "last_error": str,
        },
        pk="statement_id",
        not_null={"attempt_id", "body", "queued_at", "status"},
    )
    db.table("lrs_queue").create_index(["status"])


@MIGRATIONS(name="0004_results")
def _results(db: Database) -> None:
    """What the results dashboard reads: cohorts, findings, summaries and trainer notes.

    A station may hold a whole academy's attempts (100,000 and more), so the dashboard
    reads two small tables kept up to date at each submission: one row per trainee,
    scenario and cohort (attempts, best and last score), and one per rule, scenario,
    cohort and day (findings graded, missed). Existing reports are indexed here.
    """
    db.table("attempts").add_column("cohort", str)
    db.table("attempts").create_index(["submitted_at"])
    db.table("findings").create(
        {
            "id": int,
            "attempt_id": str,
            "rule_id": str,
            "outcome": str,
            "points": float,
            "possible": float,
        },
        pk="id",
        foreign_keys=_RECORD_FK,
        not_null={"attempt_id", "rule_id", "outcome"},
    )
    db.table("findings").create_index(["attempt_id"])
    db.table("result_summary").create(
        {
            "trainee_id": str,
            "scenario_id": str,
            "cohort": str,
            "attempts": int,
            "best_percent": float,
            "last_percent": float,
            "last_passed": int,
            "last_attempt_id": str,
            "last_submitted_at": str,
        },
        pk=("trainee_id", "scenario_id", "cohort"),
    )
    db.table("rule_tallies").create(
        {
            "rule_id": str,
            "scenario_id": str,
            "cohort": str,
            "day": str,
            "graded": int,
            "missed": int,
        },
        pk=("rule_id", "scenario_id", "cohort", "day"),
    )
    # Covering, in the heat map's group-by order: it reads the index, never the table.
    db.table("rule_tallies").create_index(
        ["rule_id", "scenario_id", "cohort", "day", "graded", "missed"]
    )
    db.table("attempt_notes").create(
        {"id": int, "attempt_id": str, "created_at": str, "author": str, "text": str},
        pk="id",
        foreign_keys=_RECORD_FK,
        not_null={"attempt_id", "text", "created_at"},
    )
    for attempt_id, text in db.execute("select attempt_id, report_json from reports").fetchall():
        db.table("findings").insert_all(_finding_rows_0004(attempt_id, text))
    for (attempt_id,) in db.execute(
        "select id from attempts where status = 'submitted' order by submitted_at, rowid"
    ).fetchall():
        _index_result_0004(db, attempt_id)


def _finding_rows_0004(attempt_id: str, report_json: str) -> list[dict[str, object]]:
    """Migration 0004's rows of ``findings`` for one report's JSON (as shipped)."""
    import json

    try:
        findings = json.loads(report_json)["findings"]
        return [
            {
                "attempt_id": attempt_id,
                "rule_id": str(f["rule"]),
                "outcome": str(f["outcome"]),
                "points": float(f["points"]),
                "possible": float(f["possible"]),
            }
            for f in findings
        ]
    except (ValueError, KeyError, TypeError):
        return []


def _index_result_0004(db: Database, attempt_id: str) -> None:
    """Migration 0004's indexing of one attempt (as shipped; 0005 indexes everything again)."""
    percent = "case when possible > 0 then 100.0 * score / possible else 100.0 end"
    row = db.execute(
        f"select trainee_id, scenario_id, coalesce(cohort, ''), {percent}, passed, "
        "submitted_at from attempts where id = ? and status = 'submitted'",
        [attempt_id],
    ).fetchone()
    if row is None:
        return
    trainee_id, scenario_id, cohort, value, passed, submitted_at = row
    db.execute(
        """
        insert into result_summary values (?, ?, ?, 1, ?, ?, ?, ?, ?)
        on conflict (trainee_id, scenario_id, cohort) do update set
            attempts = attempts + 1,
            best_percent = max(best_percent, excluded.best_percent),
            last_percent = case when excluded.last_submitted_at >= last_submitted_at
                           then excluded.last_percent else last_percent end,
            last_passed = case when excluded.last_submitted_at >= last_submitted_at
                          then excluded.last_passed else last_passed end,
            last_attempt_id = case when excluded.last_submitted_at >= last_submitted_at
                              then excluded.last_attempt_id else last_attempt_id end,
            last_submitted_at = max(last_submitted_at, excluded.last_submitted_at)
        """,
        [trainee_id, scenario_id, cohort, value, value, passed, attempt_id, submitted_at],
    )
    db.execute(
        """
        insert into rule_tallies (rule_id, scenario_id, cohort, day, graded, missed)
        select rule_id, ?, ?, ?, count(*), sum(outcome != 'met') from findings
        where attempt_id = ? and (possible > 0 or outcome = 'extra') group by rule_id
        on conflict (rule_id, scenario_id, cohort, day) do update set
            graded = graded + excluded.graded, missed = missed + excluded.missed
        """,
        [scenario_id, cohort, (submitted_at or "")[:10], attempt_id],
    )


@MIGRATIONS(name="0005_one_verdict")
def _one_verdict(db: Database) -> None:
    """Every grade the station shows follows the one definition (:mod:`cwstrainer.grading`).

    An attempt keeps the percent and the verdict's reason (critical errors, pass mark) its
    report adds up to, computed once at saving, so that no screen computes a percent of its
    own; ``report_version`` says which grader made its report, so that a station can grade
    an older one again from its records. A finding row keeps its weight and cause, and
    whether it counts for the heat map, which now counts attempts, not findings. Existing
    reports are read again (their written score and verdict never trusted) and both
    summaries rebuilt.
    """
    columns: dict[str, tuple[tuple[str, type], ...]] = {
        "attempts": (
            ("percent", float),
            ("critical_errors", int),
            ("pass_mark", int),
            ("report_version", int),
        ),
        "findings": (("weight", str), ("cause", str), ("graded", int), ("missed", int)),
    }
    for table, added in columns.items():
        for column, kind in added:
            db.table(table).add_column(column, kind)
    db.table("attempts").create_index(["report_version"])
    db.execute("delete from result_summary")
    db.execute("delete from rule_tallies")
    ids = db.execute(
        "select id from attempts where status = 'submitted' order by submitted_at, rowid"
    ).fetchall()
    for (attempt_id,) in ids:
        latest = db.execute(
            "select report_json from reports where attempt_id = ? order by id desc limit 1",
            [attempt_id],
        ).fetchone()
        report, version = read_report(latest[0] if latest else None)
        if report is None:
            row = db.execute(
                "select score, possible from attempts where id = ?", [attempt_id]
            ).fetchone()
            db.table("attempts").update(
                attempt_id, {"percent": _percent_of(row[0], row[1]), "report_version": 0}
            )
        else:
            db.execute("delete from findings where attempt_id = ?", [attempt_id])
            db.table("attempts").update(attempt_id, grade_columns(report, version))
            db.table("findings").insert_all(finding_rows(attempt_id, report))
        index_result(db, attempt_id)


def _percent_of(score: float | None, possible: float | None) -> float | None:
    from cwstrainer.grading import percent

    return None if score is None else percent(score, possible or 0.0)


def read_report(text: str | None) -> tuple[Report | None, int]:
    """A stored report's JSON as a :class:`Report` (None if it is not one) and the version
    of the grader that wrote it (1: before weights; 0: not a report)."""
    import json

    from cwstrainer.grading import Report, ReportInvalid

    if not text:
        return None, 0
    try:
        report = Report.from_json(text)
        version = int(json.loads(text).get("format_version", 1))
    except (ReportInvalid, ValueError, TypeError, AttributeError):
        return None, 0
    return report, version


def grade_columns(report: Report, version: int) -> dict[str, object]:
    """An attempt's grade as its columns hold it, all from the report's findings."""
    return {
        "score": report.score,
        "possible": report.possible,
        "percent": report.percent,
        "passed": int(report.passed),
        "critical_errors": len(report.critical_errors),
        "pass_mark": report.pass_mark,
        "report_version": version,
    }


def grades_rule(f: Finding) -> bool:
    """Whether a finding grades its rule in its attempt, for the heat map.

    A finding grades its rule when it can win or lose points (scored), weighs more than
    advice, and is not a consequence of another mistake (a consequence is shown under
    its cause and is not a miss of its own rule: RULES.md, Scoring principles).
    """
    from cwstrainer.rules.catalog import Weight

    return f.scored and f.weight is not Weight.ADVICE and f.cause is None


def finding_rows(attempt_id: str, report: Report) -> list[dict[str, object]]:
    """The rows of ``findings`` for one report: one per finding, with whether it grades
    its rule (:func:`grades_rule`) and whether the attempt missed the rule by it."""
    from cwstrainer.rules.findings import Outcome

    rows: list[dict[str, object]] = []
    for f in report.findings:
        graded = grades_rule(f)
        rows.append(
            {
                "attempt_id": attempt_id,
                "rule_id": f.rule_id,
                "outcome": str(f.outcome),
                "points": f.points,
                "possible": f.possible,
                "weight": str(f.weight),
                "cause": f.cause,
                "graded": int(graded),
                "missed": int(graded and f.outcome is not Outcome.MET),
            }
        )
    return rows


def set_grade(db: Database, attempt_id: str, report: Report, version: int) -> None:
    """Make ``report`` the grade of a submitted attempt in every table a screen or an
    export reads (within the caller's transaction): the attempt's score, percent and
    verdict, its finding rows, and the dashboard's summaries (the attempt's previous
    findings taken out of the heat map's tallies first)."""
    _tally(db, attempt_id, -1)
    db.execute("delete from findings where attempt_id = ?", [attempt_id])
    db.table("attempts").update(attempt_id, grade_columns(report, version))
    db.table("findings").insert_all(finding_rows(attempt_id, report))
    index_result(db, attempt_id)


def index_result(db: Database, attempt_id: str) -> None:
    """Count one submitted attempt in the dashboard's summaries (within the caller's
    transaction): its trainee's row for the scenario and cohort is summed again from the
    attempts, and each rule it was graded on adds one attempt to the heat map's tallies."""
    row = db.execute(
        "select trainee_id, scenario_id, coalesce(cohort, '') from attempts "
        "where id = ? and status = 'submitted'",
        [attempt_id],
    ).fetchone()
    if row is None:
        return
    summarise(db, *row)
    _tally(db, attempt_id, 1)


def summarise(db: Database, trainee_id: str, scenario_id: str, cohort: str) -> None:
    """One row of ``result_summary`` summed again from the submitted attempts it counts:
    how many, the best percent, and the last one's percent and verdict (the newest by
    submission; the later row at the same second)."""
    db.execute(
        "delete from result_summary where trainee_id = ? and scenario_id = ? and cohort = ?",
        [trainee_id, scenario_id, cohort],
    )
    db.execute(
        """
        with mine as (
            select id, coalesce(percent, 0.0) as percent, passed, submitted_at, rowid as seq
            from attempts
            where trainee_id = ? and scenario_id = ? and coalesce(cohort, '') = ?
                  and status = 'submitted'
        ), last as (select * from mine order by submitted_at desc, seq desc limit 1)
        insert into result_summary (trainee_id, scenario_id, cohort, attempts, best_percent,
                                    last_percent, last_passed, last_attempt_id,
                                    last_submitted_at)
        select ?, ?, ?, (select count(*) from mine), (select max(percent) from mine),
               last.percent, last.passed, last.id, last.submitted_at
        from last
        """,
        [trainee_id, scenario_id, cohort, trainee_id, scenario_id, cohort],
    )


def _tally(db: Database, attempt_id: str, sign: int) -> None:
    """Add (``sign`` 1) or take away (-1) one attempt's rules in ``rule_tallies``: one
    attempt graded per rule it has a grading finding of, one missed if any of those was
    not met, however many findings of the rule it has."""
    row = db.execute(
        "select scenario_id, coalesce(cohort, ''), substr(coalesce(submitted_at, ''), 1, 10) "
        "from attempts where id = ? and status = 'submitted'",
        [attempt_id],
    ).fetchone()
    if row is None:
        return
    scenario_id, cohort, day = row
    db.execute(
        """
        insert into rule_tallies (rule_id, scenario_id, cohort, day, graded, missed)
        select rule_id, ?, ?, ?, ?, ? * max(missed) from findings
        where attempt_id = ? and graded = 1 group by rule_id
        on conflict (rule_id, scenario_id, cohort, day) do update set
            graded = graded + excluded.graded, missed = missed + excluded.missed
        """,
        [scenario_id, cohort, day, sign, sign, attempt_id],
    )
    if sign < 0:
        db.execute(
            "delete from rule_tallies where scenario_id = ? and cohort = ? and day = ? "
            "and graded <= 0",
            [scenario_id, cohort, day],
        )


@MIGRATIONS(name="0006_attempt_leases")
def _attempt_leases(db: Database) -> None:
    """Who is entering into an attempt: one row per attempt open for entries in a window
    (its store's owner token, process id and computer, and a heartbeat), so that a second
    window gets it read-only or takes it over, and never overwrites the first's entries.
    A row whose process is gone, or whose heartbeat stopped, no longer holds anything."""
    db.table("attempt_leases").create(
        {
            "attempt_id": str,
            "owner": str,
            "pid": int,
            "host": str,
            "taken_at": str,
            "heartbeat": str,
        },
        pk="attempt_id",
        not_null={"owner", "pid", "host", "taken_at", "heartbeat"},
    )


@MIGRATIONS(name="0007_csec_rows")
def _csec_rows(db: Database) -> None:
    """The CSEC Data Grid of each child's Client notebook (ACL 16-49; CWS/CMS's CSECHIST):
    one row per CSEC episode, and the scenario's own rows by ``world_key``."""
    db.table("csec_rows").create(
        {
            "id": int,
            "attempt_id": str,
            "client": str,
            "csec_type": int,
            "start_date": str,
            "end_date": str,
            "world_key": str,
        },
        pk="id",
        foreign_keys=_RECORD_FK,
        not_null={"attempt_id", "client"},
    )
    db.table("csec_rows").create_index(["attempt_id"])
