"""The database schema, as ordered migrations (sqlite-utils ``Migrations``).

Each migration runs once, in a transaction with the record of it having run; re-applying
is a no-op. Never edit a migration that has shipped: add the next one.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

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
        db.table("findings").insert_all(finding_rows(attempt_id, text))
    for (attempt_id,) in db.execute(
        "select id from attempts where status = 'submitted' order by submitted_at, rowid"
    ).fetchall():
        index_result(db, attempt_id)


def finding_rows(attempt_id: str, report_json: str) -> list[dict[str, object]]:
    """The rows of ``findings`` for one report's JSON (none if it cannot be read)."""
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


_PERCENT = "case when possible > 0 then 100.0 * score / possible else 100.0 end"


def index_result(db: Database, attempt_id: str) -> None:
    """Add one submitted attempt to the dashboard's summaries (within the caller's
    transaction). Attempts are indexed in submission order, so "last" is the newest."""
    row = db.execute(
        f"select trainee_id, scenario_id, coalesce(cohort, ''), {_PERCENT}, passed, "
        "submitted_at from attempts where id = ? and status = 'submitted'",
        [attempt_id],
    ).fetchone()
    if row is None:
        return
    trainee_id, scenario_id, cohort, percent, passed, submitted_at = row
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
        [trainee_id, scenario_id, cohort, percent, percent, passed, attempt_id, submitted_at],
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
