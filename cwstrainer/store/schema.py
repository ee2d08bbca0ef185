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
        {"statement_id": str, "attempt_id": str, "body": str, "queued_at": str,
         "sent_at": str, "tries": int, "status": str, "last_error": str},
        pk="statement_id",
        not_null={"attempt_id", "body", "queued_at", "status"},
    )
    db.table("lrs_queue").create_index(["status"])
