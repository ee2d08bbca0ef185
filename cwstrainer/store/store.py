"""The trainer's SQLite store: trainees, attempts, the records they enter, grading reports.

Every write is one transaction, committed before the call returns (WAL, synchronous
FULL), so a crash, a kill or a power cut loses nothing already entered. Values are
checked against the notebook's field table first: a bad value is refused with a
:class:`FieldError` naming the field, and nothing stored is touched.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
import typing
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlite_utils import Database

from cwstrainer import codes
from cwstrainer.errors import FieldError, StoreError
from cwstrainer.fields import check_value, field_spec
from cwstrainer.paths import DATABASE_NAME, ensure_data_dir
from cwstrainer.records import (
    AllegationRecord,
    AttemptRecords,
    CaseRecord,
    PlacementRecord,
    Record,
    RecordKind,
    ReferralRecord,
    SpecialProjectRecord,
)
from cwstrainer.scenario import variants
from cwstrainer.scenario.loader import LoadedScenario
from cwstrainer.scenario.model import EnteredSpecialProject, Scenario
from cwstrainer.special_projects import Notebook
from cwstrainer.store.schema import MIGRATIONS, read_report, set_grade

if TYPE_CHECKING:
    from cwstrainer.grading import Report

Mode = Literal["guided", "practice", "assessment"]
MODES: tuple[Mode, ...] = ("guided", "practice", "assessment")

_TABLES: dict[RecordKind, tuple[str, type[Any]]] = {
    RecordKind.REFERRAL: ("referrals", ReferralRecord),
    RecordKind.ALLEGATION: ("allegations", AllegationRecord),
    RecordKind.PLACEMENT: ("placements", PlacementRecord),
    RecordKind.CASE: ("cases", CaseRecord),
    RecordKind.SPECIAL_PROJECT: ("special_projects", SpecialProjectRecord),
}


@dataclass(frozen=True)
class Trainee:
    id: str
    name: str


@dataclass(frozen=True)
class Attempt:
    """One trainee's attempt at one scenario."""

    id: str
    trainee_id: str
    scenario_id: str
    scenario_version: int
    scenario_digest: str
    scenario_source: str
    mode: str
    status: Literal["in progress", "submitted"]
    started_at: str
    updated_at: str | None = None
    submitted_at: str | None = None
    last_page: str | None = None
    variant: str | None = None
    cohort: str | None = None
    score: float | None = None
    possible: float | None = None
    passed: bool | None = None
    percent: float | None = None
    critical_errors: int | None = None
    pass_mark: int | None = None

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"

    @property
    def verdict(self) -> str | None:
        """The verdict in words, the reason first (None before submission)."""
        if not self.submitted or self.passed is None:
            return None
        if self.critical_errors is None or self.percent is None or self.pass_mark is None:
            return "Passed" if self.passed else "Not passed"  # a grade kept without reasons
        from cwstrainer.grading import verdict_text

        return verdict_text(self.passed, self.critical_errors, self.percent, self.pass_mark)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def to_column(value: object) -> object:
    """A record value as its SQLite column holds it (ISO dates, HH:MM times, 0/1)."""
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def _from_row(cls: type[Any], row: Mapping[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        raw = row.get(f.name)
        tp = hints[f.name]
        base = next((a for a in typing.get_args(tp) if a is not type(None)), tp)
        if raw is None:
            values[f.name] = None
        elif base is dt.date:
            values[f.name] = dt.date.fromisoformat(raw)
        elif base is dt.time:
            values[f.name] = dt.time.fromisoformat(raw)
        elif base is bool:
            values[f.name] = bool(raw)
        elif base is Notebook:
            values[f.name] = Notebook(raw)
        else:
            values[f.name] = raw
    return cls(**values)


@contextmanager
def _immediate(db: Database) -> Iterator[Database]:
    """A write transaction that takes the write lock at BEGIN (nested: a savepoint).

    sqlite-utils' ``atomic()`` says plain BEGIN (deferred): when a transaction that has
    read tries to write after another window's commit, SQLite answers "database is
    locked" at once, without waiting for ``busy_timeout``. BEGIN IMMEDIATE waits its turn.
    """
    nested = db.conn.in_transaction
    if nested:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


_CHECKED_KEY = "last_integrity_check"
FULL_CHECK_BELOW_BYTES = 32 * 1024 * 1024
FULL_CHECK_EVERY = dt.timedelta(days=1)


def _check_integrity(db: Database, path: Path) -> bool:
    """Refuse a damaged database; returns whether the full check ran.

    Every open reads the schema, which a damaged or foreign file fails at once. SQLite's
    ``quick_check`` reads every page (about 4.5 ms per 1,000 attempts), so it runs on
    every open of a laptop-sized database and at most once a day on a station's large one.
    """
    size = path.stat().st_size if path.exists() else 0
    # SQLite checks the header as it reads the schema, under its own locks. (Reading the
    # file's first bytes directly raced with another window creating a new database.)
    db.execute("PRAGMA schema_version").fetchone()
    if size > FULL_CHECK_BELOW_BYTES:
        try:
            row = db.execute("select value from settings where key = ?", [_CHECKED_KEY]).fetchone()
        except sqlite3.OperationalError:  # no settings table yet
            row = None
        last = dt.datetime.fromisoformat(row[0]) if row else None
        if last is not None and dt.datetime.now(dt.UTC) - last < FULL_CHECK_EVERY:
            return False
    integrity = db.execute("PRAGMA quick_check").fetchone()
    if integrity is None or integrity[0] != "ok":
        raise sqlite3.DatabaseError(f"integrity check: {integrity}")
    return True


class Store:
    """The one database of a data folder. Open with :meth:`open`; close when done."""

    def __init__(self, db: Database, path: Path, notice: str | None = None) -> None:
        self.db = db
        self.path = path
        self.notice = notice

    # -- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path) -> Store:
        """Open (creating and migrating as needed) the store in ``folder``.

        A damaged database file is moved aside, a fresh one is started, and ``notice``
        says where the damaged file is kept.
        """
        ensure_data_dir(folder)
        path = folder / DATABASE_NAME
        notice = None
        try:
            db = cls._connect(path)
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise StoreError(f"the database {path} is locked by another program") from None
            kept = path.with_name(
                f"{path.stem}.damaged-{dt.datetime.now():%Y%m%d-%H%M%S}{path.suffix}"
            )
            try:
                shutil.move(str(path), kept)
                for suffix in ("-wal", "-shm"):
                    side = path.with_name(path.name + suffix)
                    if side.exists():
                        shutil.move(str(side), kept.with_name(kept.name + suffix))
                db = cls._connect(path)
            except (OSError, sqlite3.DatabaseError) as again:
                raise StoreError(
                    f"the database {path} is damaged and could not be replaced: {again}"
                ) from None
            notice = (
                f"The database was damaged ({exc}). It was kept aside as {kept.name} "
                "and a new, empty one was started."
            )
        return cls(db, path, notice)

    @staticmethod
    def _connect(path: Path) -> Database:
        try:
            conn = sqlite3.connect(str(path), timeout=10)
            db = Database(conn)
            db.execute("PRAGMA busy_timeout = 10000")
            db.execute("PRAGMA foreign_keys = ON")
            full_check = _check_integrity(db, path)
            if db.journal_mode != "wal":
                db.enable_wal()
            db.execute("PRAGMA synchronous = FULL")
            with _immediate(db):  # one process migrates; another waits, then finds none
                MIGRATIONS.apply(db)
                if full_check:
                    db.execute(
                        "insert or replace into settings (key, value) values (?, ?)",
                        [_CHECKED_KEY, _now()],
                    )
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc) or "unable to open" in str(exc):
                raise StoreError(f"cannot write the database {path}: {exc}") from None
            raise
        return db

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _write(self) -> Iterator[Database]:
        try:
            with _immediate(self.db):
                yield self.db
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "full" in text or "readonly" in text or "disk I/O" in text or "locked" in text:
                raise StoreError(
                    f"the entry could not be saved: {text}. Nothing already saved was lost."
                ) from None
            raise

    # -- trainees ------------------------------------------------------------------

    def sign_in(self, name: str) -> Trainee:
        """The trainee with this name or id (created on first sign-in)."""
        clean = " ".join(name.split())
        if not clean:
            raise FieldError("Name", "type your name or trainee id")
        if len(clean) > 80:
            raise FieldError("Name", "at most 80 characters")
        key = clean.casefold()
        rows = list(self.db.table("trainees").rows_where("name_key = ?", [key]))
        if rows:
            return Trainee(rows[0]["id"], rows[0]["name"])
        trainee = Trainee(uuid.uuid4().hex, clean)
        with self._write() as db:
            db.table("trainees").insert(
                {"id": trainee.id, "name": clean, "name_key": key, "created_at": _now()}
            )
        return trainee

    def trainees(self) -> list[Trainee]:
        return [
            Trainee(r["id"], r["name"])
            for r in self.db.table("trainees").rows_where(order_by="name")
        ]

    # -- attempts ------------------------------------------------------------------

    def start_attempt(
        self,
        trainee: Trainee,
        loaded: LoadedScenario,
        mode: Mode,
        variant: str | None = None,
        cohort: str | None = None,
    ) -> Attempt:
        """A new attempt, its notebooks filled with the scenario's world, fresh.

        With ``variant``, the world is that variant's (other names, dates moved); the
        attempt remembers it, so that grading applies it too.
        """
        if mode not in MODES:
            raise FieldError("Mode", f"{mode!r} is not one of {', '.join(MODES)}")
        try:
            s = variants.apply(loaded.scenario, variant)
        except KeyError:
            raise FieldError("Variant", f"the scenario has no variant {variant!r}") from None
        attempt_id = uuid.uuid4().hex
        now = _now()
        with self._write() as db:
            db.table("attempts").insert(
                {
                    "id": attempt_id,
                    "trainee_id": trainee.id,
                    "scenario_id": s.id,
                    "scenario_version": s.version,
                    "scenario_digest": loaded.digest,
                    "scenario_source": loaded.source,
                    "mode": mode,
                    "variant": variant,
                    "cohort": cohort,
                    "status": "in progress",
                    "started_at": now,
                    "updated_at": now,
                }
            )
            self._copy_world(db, attempt_id, s)
        return self.attempt(attempt_id)

    def _copy_world(self, db: Database, attempt_id: str, s: Scenario) -> None:
        referral_ids: dict[str, int] = {}
        for ref in s.referrals:
            if not ref.entered:
                continue
            method = codes.COMMUNICATION_METHODS.find(ref.communication_method)
            response = codes.RESPONSE_TYPES.find(ref.response_type) if ref.response_type else None
            row = db.table("referrals").insert(
                {
                    "attempt_id": attempt_id,
                    "world_key": ref.id,
                    "referral_name": s.referral_name(ref),
                    "received_date": to_column(ref.received),
                    "received_time": to_column(ref.received_time),
                    "communication_method": method.id if method else None,
                    "response_type": response.id if response else None,
                    "primary_referral_id": None,
                    "created_by_trainee": 0,
                }
            )
            referral_ids[ref.id] = typing.cast(int, row.last_pk)
            self._copy_special_projects(
                db, attempt_id, Notebook.REFERRAL, referral_ids[ref.id], ref.special_projects
            )
            for alg in ref.allegations:
                cat = codes.ABUSE_CATEGORIES.find(alg.category)
                sub = codes.ABUSE_SUBCATEGORIES.find(alg.subcategory) if alg.subcategory else None
                disp = codes.DISPOSITIONS.find(alg.disposition) if alg.disposition else None
                db.table("allegations").insert(
                    {
                        "attempt_id": attempt_id,
                        "referral_id": referral_ids[ref.id],
                        "victim": alg.victim,
                        "perpetrator": alg.perpetrator,
                        "abuse_category": cat.id if cat else None,
                        "abuse_subcategory": sub.id if sub else None,
                        "disposition": disp.id if disp else None,
                        "disposition_date": to_column(alg.disposition_date),
                        "created_by_trainee": 0,
                    }
                )
        for ref in s.referrals:
            if ref.entered and ref.primary in referral_ids:
                db.table("referrals").update(
                    referral_ids[ref.id], {"primary_referral_id": referral_ids[ref.primary]}
                )
        for rm in s.removals:
            if not rm.entered or rm.referral not in referral_ids:
                continue
            primary = codes.REASONS_FOR_REMOVAL.find(rm.primary_reason or "")
            secondary = codes.REASONS_FOR_REMOVAL.find(rm.secondary_reason or "")
            facility = codes.FACILITY_TYPES.find(rm.facility_type or "")
            db.table("placements").insert(
                {
                    "attempt_id": attempt_id,
                    "referral_id": referral_ids[rm.referral],
                    "child": rm.child,
                    "removal_date": to_column(rm.date),
                    "facility_type": facility.id if facility else None,
                    "primary_reason": primary.id if primary else None,
                    "secondary_reason": secondary.id if secondary else None,
                    "world_key": rm.id,
                    "created_by_trainee": 0,
                }
            )
        for client in s.clients:
            db.table("clients").insert(
                {
                    "attempt_id": attempt_id,
                    "client_key": client.id,
                    "display_name": client.display_name,
                    "birth_date": to_column(client.birth_date),
                    "role": client.role,
                }
            )
        for case in s.cases:
            row = db.table("cases").insert(
                {
                    "attempt_id": attempt_id,
                    "world_key": case.id,
                    "child": case.child,
                    "opened": to_column(case.opened),
                }
            )
            self._copy_special_projects(
                db, attempt_id, Notebook.CASE, typing.cast(int, row.last_pk), case.special_projects
            )

    @staticmethod
    def _copy_special_projects(
        db: Database,
        attempt_id: str,
        notebook: Notebook,
        owner_id: int,
        rows: tuple[EnteredSpecialProject, ...],
    ) -> None:
        for entered in rows:
            db.table("special_projects").insert(
                {
                    "attempt_id": attempt_id,
                    "notebook": str(notebook),
                    "owner_id": owner_id,
                    "code": entered.code,
                    "start_date": to_column(entered.start),
                    "end_date": to_column(entered.end),
                }
            )

    def attempt(self, attempt_id: str) -> Attempt:
        """The attempt with this id; ``StoreError`` if there is none."""
        rows = list(self.db.table("attempts").rows_where("id = ?", [attempt_id]))
        if not rows:
            raise StoreError(f"no attempt {attempt_id}")
        return self._attempt(rows[0])

    @staticmethod
    def _attempt(row: Mapping[str, Any]) -> Attempt:
        names = {f.name for f in dataclasses.fields(Attempt)}
        values = {k: v for k, v in row.items() if k in names}
        if values.get("passed") is not None:
            values["passed"] = bool(values["passed"])
        return Attempt(**values)

    def attempts(
        self, trainee_id: str | None = None, scenario_id: str | None = None
    ) -> list[Attempt]:
        """Attempts, newest first, optionally of one trainee and one scenario."""
        where, args = [], []
        if trainee_id is not None:
            where.append("trainee_id = ?")
            args.append(trainee_id)
        if scenario_id is not None:
            where.append("scenario_id = ?")
            args.append(scenario_id)
        rows = self.db.table("attempts").rows_where(
            " and ".join(where) or None, args, order_by="started_at desc, rowid desc"
        )
        return [self._attempt(r) for r in rows]

    def unfinished(self, trainee_id: str) -> list[Attempt]:
        """The trainee's attempts still in progress, newest first (to resume)."""
        return [a for a in self.attempts(trainee_id) if not a.submitted]

    def set_last_page(self, attempt_id: str, page: str) -> None:
        """Remember where the trainee was, so that a resumed attempt opens there."""
        with self._write() as db:
            db.table("attempts").update(attempt_id, {"last_page": page, "updated_at": _now()})

    def submit(
        self, attempt_id: str, score: float, possible: float, passed: bool, report_json: str
    ) -> Attempt:
        """Close the attempt with its report; afterwards it is read-only.

        The grade kept is the one the report's findings add up to (the one definition of
        :mod:`cwstrainer.grading`); ``score``, ``possible`` and ``passed`` are kept only
        with a text that is not a report (a stand-in).
        """
        self._writable(attempt_id)
        now = _now()
        report, version = read_report(report_json)
        with self._write() as db:
            db.table("attempts").update(
                attempt_id, {"status": "submitted", "submitted_at": now, "updated_at": now}
            )
            if report is not None:
                self.keep_grade(attempt_id, report, now)
            else:
                from cwstrainer.grading import percent

                db.table("attempts").update(
                    attempt_id,
                    {
                        "score": score,
                        "possible": possible,
                        "percent": percent(score, possible),
                        "passed": int(passed),
                        "report_version": version,
                    },
                )
                db.table("reports").insert(
                    {
                        "attempt_id": attempt_id,
                        "created_at": now,
                        "score": score,
                        "possible": possible,
                        "passed": int(passed),
                        "report_json": report_json,
                    }
                )
        return self.attempt(attempt_id)

    def keep_grade(self, attempt_id: str, report: Report, created_at: str | None = None) -> None:
        """Keep ``report`` as the grade of a submitted attempt (the caller holds the
        transaction): the report itself, the attempt's score, percent and verdict, its
        findings, and the dashboard's summaries. Every number kept is the report's own,
        computed from its findings; a grade kept before is replaced, never added to."""
        from cwstrainer.grading import REPORT_VERSION

        self.db.table("reports").insert(
            {
                "attempt_id": attempt_id,
                "created_at": created_at or _now(),
                "score": report.score,
                "possible": report.possible,
                "passed": int(report.passed),
                "report_json": report.to_json(),
            }
        )
        set_grade(self.db, attempt_id, report, REPORT_VERSION)

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """One write transaction for several changes (all kept, or none)."""
        with self._write() as db:
            yield db

    def report_json(self, attempt_id: str) -> str | None:
        """The latest saved report of an attempt, as JSON text, if any."""
        rows = list(
            self.db.table("reports").rows_where(
                "attempt_id = ?", [attempt_id], order_by="id desc", limit=1
            )
        )
        return rows[0]["report_json"] if rows else None

    # -- records -------------------------------------------------------------------

    def records(self, attempt_id: str) -> AttemptRecords:
        """Everything entered in an attempt, in entry order."""
        found: dict[RecordKind, tuple[Any, ...]] = {}
        for kind, (table, cls) in _TABLES.items():
            rows = self.db.table(table).rows_where("attempt_id = ?", [attempt_id], order_by="id")
            found[kind] = tuple(_from_row(cls, r) for r in rows)
        return AttemptRecords(
            referrals=found[RecordKind.REFERRAL],
            allegations=found[RecordKind.ALLEGATION],
            placements=found[RecordKind.PLACEMENT],
            cases=found[RecordKind.CASE],
            special_projects=found[RecordKind.SPECIAL_PROJECT],
        )

    def record(self, attempt_id: str, kind: RecordKind, record_id: int) -> Record:
        """One record of an attempt; ``StoreError`` if it is not there."""
        table, cls = _TABLES[kind]
        rows = list(
            self.db.table(table).rows_where("attempt_id = ? and id = ?", [attempt_id, record_id])
        )
        if not rows:
            raise StoreError(f"no {kind} {record_id} in this attempt")
        return typing.cast(Record, _from_row(cls, rows[0]))

    def _writable(self, attempt_id: str) -> Attempt:
        attempt = self.attempt(attempt_id)
        if attempt.submitted:
            raise StoreError("this attempt was submitted; it can be read but not changed")
        return attempt

    def _insert(self, attempt_id: str, kind: RecordKind, values: dict[str, Any]) -> Record:
        self._writable(attempt_id)
        table, _ = _TABLES[kind]
        with self._write() as db:
            row = db.table(table).insert({"attempt_id": attempt_id, **values})
            db.table("attempts").update(attempt_id, {"updated_at": _now()})
        return self.record(attempt_id, kind, typing.cast(int, row.last_pk))

    def add_referral(self, attempt_id: str) -> ReferralRecord:
        """A new, empty referral created by the trainee (as an intake worker does)."""
        return typing.cast(
            ReferralRecord, self._insert(attempt_id, RecordKind.REFERRAL, {"created_by_trainee": 1})
        )

    def add_allegation(self, attempt_id: str, referral_id: int) -> AllegationRecord:
        """Create New Allegation "+": an empty allegation row on a referral."""
        return typing.cast(
            AllegationRecord, self._add_on_referral(attempt_id, RecordKind.ALLEGATION, referral_id)
        )

    def add_placement(self, attempt_id: str, referral_id: int) -> PlacementRecord:
        """Placement "+": an empty placement in a referral's Placement Management section."""
        return typing.cast(
            PlacementRecord, self._add_on_referral(attempt_id, RecordKind.PLACEMENT, referral_id)
        )

    def _add_on_referral(self, attempt_id: str, kind: RecordKind, referral_id: int) -> Record:
        self._owner(attempt_id, RecordKind.REFERRAL, referral_id)
        return self._insert(attempt_id, kind, {"referral_id": referral_id, "created_by_trainee": 1})

    def add_special_project(
        self, attempt_id: str, notebook: Notebook, owner_id: int
    ) -> SpecialProjectRecord:
        """The "+" of a Special Project grid: an empty row on a referral or a case."""
        owner = RecordKind.REFERRAL if notebook is Notebook.REFERRAL else RecordKind.CASE
        self._owner(attempt_id, owner, owner_id)
        return typing.cast(
            SpecialProjectRecord,
            self._insert(
                attempt_id,
                RecordKind.SPECIAL_PROJECT,
                {"notebook": str(notebook), "owner_id": owner_id},
            ),
        )

    def _owner(self, attempt_id: str, kind: RecordKind, record_id: int) -> None:
        self.record(attempt_id, kind, record_id)

    def update(
        self, attempt_id: str, kind: RecordKind, record_id: int, **changes: object
    ) -> Record:
        """Change fields of one record, each checked first; one transaction for all."""
        attempt = self._writable(attempt_id)
        self.record(attempt_id, kind, record_id)
        clients = self._client_ids(attempt)
        row: dict[str, object] = {}
        for name, value in changes.items():
            spec = field_spec(kind, name)
            checked = check_value(spec, value, clients)
            if spec.name == "primary_referral_id" and checked is not None:
                if checked == record_id:
                    raise FieldError(spec.label, "a referral cannot be its own primary referral")
                self.record(attempt_id, RecordKind.REFERRAL, typing.cast(int, checked))
            row[name] = to_column(checked)
        table, _ = _TABLES[kind]
        with self._write() as db:
            db.table(table).update(record_id, row)
            db.table("attempts").update(attempt_id, {"updated_at": _now()})
        return self.record(attempt_id, kind, record_id)

    def delete(self, attempt_id: str, kind: RecordKind, record_id: int) -> None:
        """Remove one row the trainee entered (with the rows that hang off a referral)."""
        self._writable(attempt_id)
        self.record(attempt_id, kind, record_id)
        table, _ = _TABLES[kind]
        with self._write() as db:
            if kind is RecordKind.REFERRAL:
                for child in ("allegations", "placements"):
                    db.execute(
                        f"delete from {child} where attempt_id = ? and referral_id = ?",
                        [attempt_id, record_id],
                    )
                db.execute(
                    "delete from special_projects where attempt_id = ? and notebook = ? "
                    "and owner_id = ?",
                    [attempt_id, str(Notebook.REFERRAL), record_id],
                )
                db.execute(
                    "update referrals set primary_referral_id = null where attempt_id = ? "
                    "and primary_referral_id = ?",
                    [attempt_id, record_id],
                )
            db.table(table).delete(record_id)
            db.table("attempts").update(attempt_id, {"updated_at": _now()})

    def _client_ids(self, attempt: Attempt) -> frozenset[str]:
        rows = self.db.execute("select client_key from clients where attempt_id = ?", [attempt.id])
        return frozenset(r[0] for r in rows.fetchall())

    def clients(self, attempt_id: str) -> list[dict[str, Any]]:
        """The people of an attempt's scenario: key, display name, birth date, role."""
        rows = self.db.table("clients").rows_where("attempt_id = ?", [attempt_id], order_by="id")
        return [
            {k: r[k] for k in ("client_key", "display_name", "birth_date", "role")} for r in rows
        ]
