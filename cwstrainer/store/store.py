"""The trainer's SQLite store: trainees, attempts, the records they enter, grading reports.

Every write is one transaction, committed before the call returns (WAL, synchronous
FULL), so a crash, a kill or a power cut loses nothing already entered. Values are
checked against the notebook's field table first: a bad value is refused with a
:class:`FieldError` naming the field, and nothing stored is touched.

A full disk, a read-only folder or file, another program's lock and damage are told
apart (:mod:`cwstrainer.store.health`): only damage, met at opening or at any later
moment, moves the database aside (and a new one is started, with a message); the others
are a :class:`~cwstrainer.errors.StoreError` saying what to do, and touch nothing.

One window writes into an attempt at a time: a window opening an attempt for entries
claims it (:meth:`Store.claim`: a lease row with its process id and a heartbeat); another
window's claim is refused (:class:`AttemptInUse`) unless it takes the attempt over, and
a write from a window whose attempt was taken over is refused the same way, so that no
entry silently overwrites another. A lease whose process is gone, or whose heartbeat
stopped, holds nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import os
import sqlite3
import time
import typing
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, Literal, ParamSpec, TypeVar

from sqlite_utils import Database

from cwstrainer.errors import FieldError, StoreError
from cwstrainer.fields import check_value, field_spec
from cwstrainer.paths import DATABASE_NAME, ensure_data_dir
from cwstrainer.records import (
    AllegationRecord,
    AttemptRecords,
    CaseRecord,
    CsecRecord,
    PlacementRecord,
    Record,
    RecordKind,
    ReferralRecord,
    SpecialProjectRecord,
)
from cwstrainer.rules.world import starting_records
from cwstrainer.scenario import variants
from cwstrainer.scenario.loader import LoadedScenario
from cwstrainer.scenario.model import Scenario
from cwstrainer.special_projects import Notebook
from cwstrainer.store import health
from cwstrainer.store.health import Damaged, DiskFull, Kind, Locked, ReadOnly
from cwstrainer.store.schema import MIGRATIONS, read_report, set_grade

if TYPE_CHECKING:
    from cwstrainer.grading import Report

Mode = Literal["guided", "practice", "assessment"]
CSEC_NOT_DELETED = (
    "A CSEC row saved in CWS/CMS is not deleted: CWS/CMS keeps the child's CSEC history. "
    "Enter its End Date instead."
)
MODES: tuple[Mode, ...] = ("guided", "practice", "assessment")

_TABLES: dict[RecordKind, tuple[str, type[Any]]] = {
    RecordKind.REFERRAL: ("referrals", ReferralRecord),
    RecordKind.ALLEGATION: ("allegations", AllegationRecord),
    RecordKind.PLACEMENT: ("placements", PlacementRecord),
    RecordKind.CASE: ("cases", CaseRecord),
    RecordKind.SPECIAL_PROJECT: ("special_projects", SpecialProjectRecord),
    RecordKind.CSEC: ("csec_rows", CsecRecord),
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
    A COMMIT that fails (a full disk can fail it) rolls back, so that the connection is
    never left inside a transaction that later writes would join.
    """
    nested = db.conn.in_transaction
    if nested:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
        raise


_CHECKED_KEY = "last_integrity_check"
FULL_CHECK_BELOW_BYTES = 32 * 1024 * 1024
FULL_CHECK_EVERY = dt.timedelta(days=1)


def _check_integrity(db: Database, path: Path) -> bool:
    """Refuse a damaged database; returns whether the full check ran.

    Every open reads the schema, which a damaged or foreign file fails at once. SQLite's
    ``quick_check`` reads every page (about 4.5 ms per 1,000 attempts), so it runs on
    every open of a laptop-sized database and at most once a day on a station's large one.
    Damage the daily check has not met yet is found when a page is read, and kept aside
    then (:meth:`Store.guard`).
    """
    size = path.stat().st_size if path.exists() else 0
    # SQLite checks the header as it reads the schema, under its own locks. (Reading the
    # file's first bytes directly raced with another window creating a new database.)
    db.execute("PRAGMA schema_version").fetchone()
    if size > FULL_CHECK_BELOW_BYTES:
        try:
            row = db.execute("select value from settings where key = ?", [_CHECKED_KEY]).fetchone()
        except sqlite3.OperationalError as exc:  # no settings table yet
            if health.kind_of(exc) is not None:
                raise
            row = None
        try:
            last = dt.datetime.fromisoformat(row[0]) if row else None
        except (TypeError, ValueError):
            last = None
        if last is not None and dt.datetime.now(dt.UTC) - last < FULL_CHECK_EVERY:
            return False
    integrity = db.execute("PRAGMA quick_check").fetchone()
    if integrity is None or integrity[0] != "ok":
        raise health.IntegrityFailed(f"integrity check: {integrity[0] if integrity else None}")
    return True


WAL_SWITCH_SECONDS = 10.0


def _enable_wal(db: Database) -> None:
    """Put the database in WAL mode (once: the mode is kept in the file).

    SQLite answers "database is locked" at once, without waiting for ``busy_timeout``,
    when the mode is switched while another window opens the same new database; the
    switch is tried again for a while (the other window has usually made it by then).
    """
    deadline = time.monotonic() + WAL_SWITCH_SECONDS
    pause = 0.005
    while db.journal_mode != "wal":
        try:
            db.enable_wal()
        except sqlite3.OperationalError as exc:
            if health.kind_of(exc) is not Kind.LOCKED or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)


def _sqlite_connect(path: Path) -> sqlite3.Connection:
    """The connection to the database file (tests open it read-only in its place)."""
    return sqlite3.connect(str(path), timeout=10)


def _create_private(path: Path) -> None:
    """Create the database file empty and 0600 if there is none (SQLite makes its WAL and
    shared-memory files with the database file's permissions)."""
    try:
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600
        )
    except FileExistsError:
        return
    os.close(fd)


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file ``path`` names now (device and inode), None if none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


_SIDE_FILES = ("-wal", "-shm")


def _keep_aside(path: Path) -> Path:
    """Move a damaged database (and its WAL and shared memory) aside under a new name,
    in the same folder (a rename: no space needed); returns the new name."""
    stamp = f"{dt.datetime.now():%Y%m%d-%H%M%S}"
    kept = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    n = 1
    while kept.exists() or any(kept.with_name(kept.name + s).exists() for s in _SIDE_FILES):
        n += 1
        kept = path.with_name(f"{path.stem}.damaged-{stamp}-{n}{path.suffix}")
    os.replace(path, kept)
    for suffix in _SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, kept.with_name(kept.name + suffix))
    return kept


def problem(kind: Kind, exc: BaseException, path: Path, doing: str = "open") -> StoreError:
    """A database problem (not damage) in words: what happened, what is safe, what to do.

    ``doing``: "open" (the database could not be opened), "save" (an entry or a change
    could not be saved) or "read".
    """
    why = health.reason(exc)
    what = {
        "open": f"The database {path} could not be opened",
        "save": "The entry could not be saved",
        "read": f"The database {path} could not be read",
    }[doing]
    safe = (
        "Nothing in it was changed or moved."
        if doing == "open"
        else "Nothing already saved was lost."
    )
    if kind is Kind.FULL:
        return DiskFull(
            f"{what}: the disk holding {path.parent} is full ({why}). {safe} "
            "Free some space and try again."
        )
    if kind is Kind.READ_ONLY:
        return ReadOnly(
            f"{what}: the data folder or the database file is read-only ({why}). {safe} "
            "Make it writable, or choose another folder with --data-dir or "
            "CWSTRAINER_DATA_DIR."
        )
    if kind is Kind.LOCKED:
        return Locked(
            f"{what}: the database {path} is locked by another program ({why}). {safe} "
            "Try again in a moment."
        )
    return StoreError(
        f"{what}: the disk reported an error ({why}). {safe} It is not taken for damage "
        "and was not moved; if this goes on, ask IT to check the disk."
    )


class AttemptInUse(StoreError):
    """Another window (or process) holds the attempt for entries; ``lease`` says which."""

    def __init__(self, message: str, lease: Lease) -> None:
        self.lease = lease
        super().__init__(message)


LEASE_STALE_AFTER = dt.timedelta(seconds=90)
"""A lease whose heartbeat is older than this holds nothing (its window hung or died)."""
HEARTBEAT_SECONDS = 20
"""How often a window holding an attempt says it is still there."""


def _host() -> str:
    """This computer's name (from the system, no network look-up)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    return os.environ.get("COMPUTERNAME", "")


def _process_alive(pid: int) -> bool:
    """Whether a process of this id runs on this computer (True when it cannot be told)."""
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process (EPERM): it runs
        return True
    return True


@dataclass(frozen=True)
class Lease:
    """Who holds an attempt for entries: a store's owner token, its process and
    computer, when it took the attempt and when it last said it was there."""

    attempt_id: str
    owner: str
    pid: int
    host: str
    taken_at: str
    heartbeat: str

    def stale(self, now: dt.datetime | None = None) -> bool:
        """Whether the lease holds nothing any more: its process is gone (on this
        computer), or it has not said it was there for :data:`LEASE_STALE_AFTER`."""
        now = now or dt.datetime.now(dt.UTC)
        try:
            beat = dt.datetime.fromisoformat(self.heartbeat)
            if now - beat > LEASE_STALE_AFTER:
                return True
        except (TypeError, ValueError):
            return True
        if self.host == _host() and self.pid != os.getpid():
            return not _process_alive(self.pid)
        return False

    def holder(self) -> str:
        """The holder in words: "another window (process 4242 on this computer, since
        14:03)"."""
        where = "this computer" if self.host == _host() else repr(self.host)
        try:
            since = f", since {dt.datetime.fromisoformat(self.taken_at).astimezone():%H:%M}"
        except (TypeError, ValueError):
            since = ""
        return f"another window (process {self.pid} on {where}{since})"


_P = ParamSpec("_P")
_R = TypeVar("_R")


def _guarded(method: Callable[Concatenate[Store, _P], _R]) -> Callable[Concatenate[Store, _P], _R]:
    """Run a store method within :meth:`Store.guard` (the outermost call translates)."""

    def guarded(store: Store, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with store.guard():
            return method(store, *args, **kwargs)

    functools.update_wrapper(guarded, method)
    return guarded


class Store:
    """The one database of a data folder. Open with :meth:`open`; close when done."""

    def __init__(self, db: Database, path: Path, notice: str | None = None) -> None:
        self.db = db
        self.path = path
        self.notice = notice
        self.owner = uuid.uuid4().hex  # this store's name in the attempts it holds
        self._held: set[str] = set()
        self._depth = 0
        self._broken: str | None = None
        self._identity = _identity(path)

    # -- opening -------------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path) -> Store:
        """Open (creating and migrating as needed) the store in ``folder``.

        A damaged database file is moved aside, a fresh one is started, and ``notice``
        says where the damaged file is kept. A full disk (:class:`DiskFull`), a read-only
        folder or file (:class:`ReadOnly`), a lock (:class:`Locked`) or an I/O error is a
        :class:`StoreError` that moves nothing: the database stays as it was.
        """
        ensure_data_dir(folder)
        path = folder / DATABASE_NAME
        try:
            _create_private(path)
            db = cls._connect(path)
        except (sqlite3.Error, OSError) as exc:
            kind = health.kind_of(exc, folder)
            if kind is None:
                raise
            if kind is not Kind.DAMAGED:
                raise problem(kind, exc, path) from exc
            db, kept = cls._replace_damaged(path, exc)
            notice = (
                f"The database was damaged ({health.reason(exc)}). It was kept aside as "
                f"{kept.name} and a new, empty one was started."
            )
            return cls(db, path, notice)
        return cls(db, path)

    @classmethod
    def _replace_damaged(cls, path: Path, exc: BaseException) -> tuple[Database, Path]:
        """Keep the damaged file aside and start a new one: the new database and where
        the damaged one is kept; :class:`Damaged` if either cannot be done."""
        why = health.reason(exc)
        try:
            kept = _keep_aside(path)
        except OSError as again:
            raise Damaged(
                f"The database {path} is damaged ({why}) and could not be kept aside "
                f"({health.reason(again)}). Nothing was changed; copy the data folder for "
                "IT, then move the file away."
            ) from exc
        try:
            _create_private(path)
            db = cls._connect(path)
        except (sqlite3.Error, OSError) as again:
            kind = health.kind_of(again, path.parent)
            if kind is None:
                raise
            raise Damaged(
                f"The database was damaged ({why}). It was kept aside as {kept.name}, but a "
                f"new one could not be started: {problem(kind, again, path)}",
                kept,
            ) from exc
        return db, kept

    @staticmethod
    def _connect(path: Path) -> Database:
        conn = _sqlite_connect(path)
        try:
            db = Database(conn)
            db.execute("PRAGMA busy_timeout = 10000")
            db.execute("PRAGMA foreign_keys = ON")
            full_check = _check_integrity(db, path)
            _enable_wal(db)
            db.execute("PRAGMA synchronous = FULL")
            with _immediate(db):  # one process migrates; another waits, then finds none
                MIGRATIONS.apply(db)
            if full_check:
                try:
                    with _immediate(db):
                        db.execute(
                            "insert or replace into settings (key, value) values (?, ?)",
                            [_CHECKED_KEY, _now()],
                        )
                except sqlite3.Error as exc:  # a full disk: the check runs again next time
                    if health.kind_of(exc, path.parent) is not Kind.FULL:
                        raise
        except BaseException:
            conn.close()
            raise
        return db

    def close(self) -> None:
        """Give back the attempts this store holds, and close the database."""
        for attempt_id in list(self._held):
            with contextlib.suppress(sqlite3.Error, StoreError):
                self._release(attempt_id)
        with contextlib.suppress(sqlite3.Error):
            self.db.close()

    # -- problems met at any moment ----------------------------------------------------

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Run a block on the database, its problems said in words.

        The outermost guard turns a database problem into a :class:`StoreError`: a full
        disk, a read-only file, a lock or an I/O error (nothing moved), or damage met at
        any moment, which keeps the damaged file aside, starts a new database and says
        so (:class:`Damaged`). A store whose file was moved or replaced meanwhile (another
        window kept it aside) refuses to go on rather than write into a file nobody opens.
        Mistakes that are not the disk's or the file's pass through unchanged.
        """
        outer = self._depth == 0
        if outer:
            self._check_usable()
        self._depth += 1
        try:
            yield
        except sqlite3.Error as exc:
            if not outer:
                raise
            found = self.problem(exc)
            if found is None:
                raise
            raise found from exc
        finally:
            self._depth -= 1

    def problem(self, exc: BaseException, doing: str = "read") -> StoreError | None:
        """The :class:`StoreError` a database problem is (damage is kept aside at once and
        a new database started: call this with no transaction open); None if ``exc`` is
        no problem of the disk or the file."""
        if isinstance(exc, StoreError):
            return exc
        if not isinstance(exc, sqlite3.Error):  # a file elsewhere (an export) is not ours
            return None
        kind = health.kind_of(exc, self.path.parent)
        if kind is None:
            return None
        if kind is Kind.DAMAGED:
            return self._replace_now(exc)
        return problem(kind, exc, self.path, doing)

    def _replace_now(self, exc: BaseException) -> Damaged:
        """Damage found while open: keep the file aside and carry on with a new one."""
        why = health.reason(exc)
        with contextlib.suppress(sqlite3.Error):
            if self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
        with contextlib.suppress(sqlite3.Error):
            self.db.close()
        self._held.clear()
        try:
            self.db, kept = self._replace_damaged(self.path, exc)
        except Damaged as failed:
            self._broken = str(failed)
            return failed
        self._identity = _identity(self.path)
        self.notice = (
            f"The database was found damaged ({why}). It was kept aside as {kept.name} "
            "and a new, empty one was started; what was being done was not kept."
        )
        return Damaged(self.notice, kept)

    def _check_usable(self) -> None:
        if self._broken is not None:
            raise StoreError(self._broken)
        if _identity(self.path) != self._identity:
            self._broken = (
                f"The database {self.path} was moved or replaced while this window had it "
                "open (another window may have found it damaged and kept it aside). Nothing "
                "more is written here: close this window and open the trainer again."
            )
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            raise StoreError(self._broken)

    @contextmanager
    def _write(self) -> Iterator[Database]:
        try:
            with _immediate(self.db):
                yield self.db
        except sqlite3.Error as exc:
            kind = health.kind_of(exc, self.path.parent)
            if kind is None or kind is Kind.DAMAGED:
                raise
            raise problem(kind, exc, self.path, "save") from exc

    # -- one window writes into an attempt ------------------------------------------------

    def _lease(self, attempt_id: str) -> Lease | None:
        try:
            row = self.db.execute(
                "select attempt_id, owner, pid, host, taken_at, heartbeat from attempt_leases "
                "where attempt_id = ?",
                [attempt_id],
            ).fetchone()
        except sqlite3.OperationalError as exc:  # a database not migrated (made by hand)
            if "no such table" not in str(exc):
                raise
            return None
        return Lease(*row) if row else None

    @_guarded
    def holder(self, attempt_id: str) -> Lease | None:
        """The lease of another window that holds the attempt now, if any."""
        lease = self._lease(attempt_id)
        if lease is None or lease.owner == self.owner or lease.stale():
            return None
        return lease

    @_guarded
    def claim(self, attempt_id: str, take_over: bool = False) -> Lease:
        """Hold the attempt for this store's entries; :class:`AttemptInUse` if another
        window holds it, unless ``take_over`` (the other window's writes are then
        refused). A lease left by a process that is gone is taken without asking."""
        now = _now()
        with self._write() as db:
            lease = self._lease(attempt_id)
            if (
                lease is not None
                and lease.owner != self.owner
                and not lease.stale()
                and not take_over
            ):
                raise AttemptInUse(
                    f"This attempt is open for entries in {lease.holder()}. It can be read "
                    "here; taking it over would stop the other window's entries.",
                    lease,
                )
            mine = Lease(attempt_id, self.owner, os.getpid(), _host(), now, now)
            db.execute(
                "insert or replace into attempt_leases values (?, ?, ?, ?, ?, ?)",
                list(dataclasses.astuple(mine)),
            )
        self._held.add(attempt_id)
        return mine

    def _release(self, attempt_id: str) -> None:
        self._held.discard(attempt_id)
        with self._write() as db:
            db.execute(
                "delete from attempt_leases where attempt_id = ? and owner = ?",
                [attempt_id, self.owner],
            )

    @_guarded
    def release(self, attempt_id: str) -> None:
        """Give the attempt back (this window closes it)."""
        self._release(attempt_id)

    @_guarded
    def heartbeat(self, attempt_id: str) -> None:
        """Say this window still holds the attempt; :class:`AttemptInUse` if it lost it."""
        with self._write() as db:
            self._check_writer(db, attempt_id)

    def _check_writer(self, db: Database, attempt_id: str) -> None:
        """Within a write: refuse it if another window holds the attempt, or took it from
        this store; a lease of this store's is renewed."""
        lease = self._lease(attempt_id)
        if lease is not None and lease.owner == self.owner:
            db.execute(
                "update attempt_leases set heartbeat = ? where attempt_id = ?",
                [_now(), attempt_id],
            )
            return
        if attempt_id in self._held:  # this store held it: another took it over
            who = lease.holder() if lease is not None else "another window"
            self._held.discard(attempt_id)
            raise AttemptInUse(
                f"Not saved: this attempt was taken over by {who}, so that the two windows "
                "do not overwrite each other's entries. This window can only read it now.",
                lease or Lease(attempt_id, "", 0, "", "", ""),
            )
        if lease is not None and not lease.stale():
            raise AttemptInUse(
                f"Not saved: this attempt is open for entries in {lease.holder()}. "
                "This window can only read it.",
                lease,
            )

    # -- trainees ------------------------------------------------------------------

    @_guarded
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

    @_guarded
    def trainees(self) -> list[Trainee]:
        return [
            Trainee(r["id"], r["name"])
            for r in self.db.table("trainees").rows_where(order_by="name")
        ]

    # -- attempts ------------------------------------------------------------------

    @_guarded
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
        """The scenario's people and the records it starts with, as the grader reads them
        (``rules.world.starting_records``: one definition of an attempt's start)."""
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
        insert_records(db, attempt_id, starting_records(s))

    @_guarded
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

    @_guarded
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

    @_guarded
    def unfinished(self, trainee_id: str) -> list[Attempt]:
        """The trainee's attempts still in progress, newest first (to resume)."""
        return [a for a in self.attempts(trainee_id) if not a.submitted]

    @_guarded
    def set_last_page(self, attempt_id: str, page: str) -> None:
        """Remember where the trainee was, so that a resumed attempt opens there."""
        with self._write() as db:
            self._check_writer(db, attempt_id)
            db.table("attempts").update(attempt_id, {"last_page": page, "updated_at": _now()})

    @_guarded
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
            self._check_writer(db, attempt_id)
            db.table("attempts").update(
                attempt_id, {"status": "submitted", "submitted_at": now, "updated_at": now}
            )
            db.execute("delete from attempt_leases where attempt_id = ?", [attempt_id])
            self._held.discard(attempt_id)  # a submitted attempt is nobody's to write
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

    @_guarded
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
        """One write transaction for several changes (all kept, or none); its problems
        said in words (:meth:`guard`)."""
        with self.guard(), self._write() as db:
            yield db

    @_guarded
    def report_json(self, attempt_id: str) -> str | None:
        """The latest saved report of an attempt, as JSON text, if any."""
        rows = list(
            self.db.table("reports").rows_where(
                "attempt_id = ?", [attempt_id], order_by="id desc", limit=1
            )
        )
        return rows[0]["report_json"] if rows else None

    # -- records -------------------------------------------------------------------

    @_guarded
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
            csec_rows=found[RecordKind.CSEC],
        )

    @_guarded
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
            self._check_writer(db, attempt_id)
            row = db.table(table).insert({"attempt_id": attempt_id, **values})
            db.table("attempts").update(attempt_id, {"updated_at": _now()})
        return self.record(attempt_id, kind, typing.cast(int, row.last_pk))

    @_guarded
    def add_referral(self, attempt_id: str) -> ReferralRecord:
        """A new, empty referral created by the trainee (as an intake worker does)."""
        return typing.cast(
            ReferralRecord, self._insert(attempt_id, RecordKind.REFERRAL, {"created_by_trainee": 1})
        )

    @_guarded
    def add_allegation(self, attempt_id: str, referral_id: int) -> AllegationRecord:
        """Create New Allegation "+": an empty allegation row on a referral."""
        return typing.cast(
            AllegationRecord, self._add_on_referral(attempt_id, RecordKind.ALLEGATION, referral_id)
        )

    @_guarded
    def add_placement(self, attempt_id: str, referral_id: int) -> PlacementRecord:
        """Placement "+": an empty placement in a referral's Placement Management section."""
        return typing.cast(
            PlacementRecord, self._add_on_referral(attempt_id, RecordKind.PLACEMENT, referral_id)
        )

    def _add_on_referral(self, attempt_id: str, kind: RecordKind, referral_id: int) -> Record:
        self._owner(attempt_id, RecordKind.REFERRAL, referral_id)
        return self._insert(attempt_id, kind, {"referral_id": referral_id, "created_by_trainee": 1})

    @_guarded
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

    @_guarded
    def add_csec_row(self, attempt_id: str, client: str) -> CsecRecord:
        """The "+" of a child's CSEC Data Grid (Client notebook): an empty row."""
        attempt = self._writable(attempt_id)
        if client not in self._child_ids(attempt):
            raise StoreError(f"{client!r} is not a child of this attempt: no CSEC Data Grid")
        return typing.cast(
            CsecRecord, self._insert(attempt_id, RecordKind.CSEC, {"client": client})
        )

    def _child_ids(self, attempt: Attempt) -> frozenset[str]:
        rows = self.db.execute(
            "select client_key from clients where attempt_id = ? and role = 'child'", [attempt.id]
        )
        return frozenset(r[0] for r in rows.fetchall())

    def _owner(self, attempt_id: str, kind: RecordKind, record_id: int) -> None:
        self.record(attempt_id, kind, record_id)

    @_guarded
    def update(
        self, /, attempt_id: str, kind: RecordKind, record_id: int, **changes: object
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
            self._check_writer(db, attempt_id)
            db.table(table).update(record_id, row)
            db.table("attempts").update(attempt_id, {"updated_at": _now()})
        return self.record(attempt_id, kind, record_id)

    @_guarded
    def delete(self, attempt_id: str, kind: RecordKind, record_id: int) -> None:
        """Remove one row the trainee entered (with the rows that hang off a referral).

        A CSEC Data Grid row that was already in CWS/CMS is refused: CWS/CMS keeps CSEC
        history, so a saved row is end-dated, never deleted.
        """
        self._writable(attempt_id)
        found = self.record(attempt_id, kind, record_id)
        if isinstance(found, CsecRecord) and found.world_key is not None:
            raise StoreError(CSEC_NOT_DELETED)
        table, _ = _TABLES[kind]
        with self._write() as db:
            self._check_writer(db, attempt_id)
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

    @_guarded
    def clients(self, attempt_id: str) -> list[dict[str, Any]]:
        """The people of an attempt's scenario: key, display name, birth date, role."""
        rows = self.db.table("clients").rows_where("attempt_id = ?", [attempt_id], order_by="id")
        return [
            {k: r[k] for k in ("client_key", "display_name", "birth_date", "role")} for r in rows
        ]


def insert_records(
    db: Database, attempt_id: str, records: AttemptRecords
) -> dict[tuple[str, int], int]:
    """Insert with fresh row ids; returns (kind, old id) -> new id, for the report's links."""
    ids: dict[tuple[str, int], int] = {}

    def put(kind: RecordKind, table: str, record: Any, **links: int | None) -> None:
        row = {k: to_column(v) for k, v in dataclasses.asdict(record).items() if k != "id"}
        row.update(links)
        new = db.table(table).insert({"attempt_id": attempt_id, **row}).last_pk
        ids[(str(kind), record.id)] = int(typing.cast(int, new))

    for r in records.referrals:
        put(RecordKind.REFERRAL, "referrals", r, primary_referral_id=None)
    for r in records.referrals:
        if r.primary_referral_id is not None:
            db.table("referrals").update(
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
    for g in records.csec_rows:
        put(RecordKind.CSEC, "csec_rows", g)
    return ids
