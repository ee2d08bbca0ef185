"""Full, read-only, damaged: never confused (issue 13, item 4).

A full disk (SQLITE_FULL, ENOSPC, an I/O error with no room left) and a read-only folder
or file are clear messages that move nothing; only damage (SQLITE_CORRUPT, SQLITE_NOTADB,
a failed integrity check) keeps a database aside, whenever it is met: at opening, or
later, when a page the daily check skipped is read. The command line says so too.

Full disks are simulated (an ENOSPC or SQLITE_FULL where SQLite or the system would
raise it) and, as root, real: a small tmpfs in a private mount namespace, as
tests/test_survival.py does.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cwstrainer.cli import main
from cwstrainer.errors import StoreError
from cwstrainer.paths import DATABASE_NAME
from cwstrainer.records import RecordKind
from cwstrainer.scenario.loader import LoadedScenario, load_file
from cwstrainer.special_projects import Notebook
from cwstrainer.store import health
from cwstrainer.store import store as store_module
from cwstrainer.store.health import Damaged, DiskFull, ReadOnly
from cwstrainer.store.store import Store
from tests.scenario_text import EXAMPLE_PATH, submit_example

ROOT = Path(__file__).resolve().parents[1]
CODE = "S-CSEC At-Risk"


@pytest.fixture
def loaded() -> LoadedScenario:
    return load_file(EXAMPLE_PATH)


def sqlite_error(kind: type[sqlite3.Error], text: str, code: int) -> sqlite3.Error:
    """An error as SQLite raises it, with its result code."""
    exc = kind(text)
    exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


def a_station(folder: Path, loaded: LoadedScenario, entries: int = 3) -> tuple[str, list[int]]:
    """A data folder with a trainee's attempt and ``entries`` special projects; closed."""
    store = Store.open(folder)
    attempt = store.start_attempt(store.sign_in("Pat Full"), loaded, "practice")
    case_id = store.records(attempt.id).cases[0].id
    ids = []
    for _ in range(entries):
        row = store.add_special_project(attempt.id, Notebook.CASE, case_id)
        store.update(attempt.id, RecordKind.SPECIAL_PROJECT, row.id, code=CODE)
        ids.append(row.id)
    store.close()
    return attempt.id, ids


def kept_aside(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".damaged-" in p.name)


# -- a full disk --------------------------------------------------------------------------


def test_sqlite_full_at_start_moves_nothing_and_says_the_disk_is_full(
    tmp_path: Path, loaded: LoadedScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: a full disk at start moved a healthy trainer.db aside as "damaged"."""
    attempt_id, ids = a_station(tmp_path, loaded)
    before = (tmp_path / DATABASE_NAME).read_bytes()

    def full(path: Path) -> object:
        raise sqlite_error(sqlite3.OperationalError, "database or disk is full", 13)

    with monkeypatch.context() as m:
        m.setattr(Store, "_connect", staticmethod(full))
        with pytest.raises(DiskFull) as caught:
            Store.open(tmp_path)
    message = str(caught.value)
    assert "is full" in message and "Nothing in it was changed or moved" in message
    assert "damaged" not in message
    assert kept_aside(tmp_path) == []
    assert (tmp_path / DATABASE_NAME).read_bytes() == before
    store = Store.open(tmp_path)  # room again: everything is there
    assert [r.id for r in store.records(attempt_id).special_projects] == ids
    assert store.notice is None
    store.close()


def test_enospc_making_a_new_database_is_a_full_disk_not_damage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: a new folder on a full disk was called damaged."""

    def no_room(path: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(store_module, "_create_private", no_room)
    with pytest.raises(DiskFull, match=r"is full \(No space left on device\)"):
        Store.open(tmp_path / "new")
    assert kept_aside(tmp_path / "new") == []


def test_an_io_error_with_no_room_left_is_a_full_disk(
    tmp_path: Path, loaded: LoadedScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite answers "disk I/O error" when it cannot grow its shared memory on a full
    disk: the free space tells a full disk from a failing one; neither is damage."""
    a_station(tmp_path, loaded, entries=1)

    def io_error(path: Path) -> object:
        raise sqlite_error(sqlite3.OperationalError, "disk I/O error", 4874)  # IOERR_SHMSIZE

    monkeypatch.setattr(Store, "_connect", staticmethod(io_error))
    monkeypatch.setattr(health, "free_bytes", lambda folder: 0)
    with pytest.raises(DiskFull):
        Store.open(tmp_path)
    monkeypatch.setattr(health, "free_bytes", lambda folder: 10 * 1024**3)
    with pytest.raises(StoreError, match="not taken for damage and was not moved") as caught:
        Store.open(tmp_path)
    assert not isinstance(caught.value, Damaged | DiskFull)
    assert kept_aside(tmp_path) == []


def test_a_full_disk_during_an_entry_refuses_it_and_keeps_the_rest(
    tmp_path: Path, loaded: LoadedScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    attempt_id, ids = a_station(tmp_path, loaded)
    store = Store.open(tmp_path)
    case_id = store.records(attempt_id).cases[0].id
    real = store_module._immediate

    def full_at_commit(db):  # type: ignore[no-untyped-def]
        raise sqlite_error(sqlite3.OperationalError, "database or disk is full", 13)

    monkeypatch.setattr(store_module, "_immediate", full_at_commit)
    with pytest.raises(DiskFull, match="The entry could not be saved: the disk holding"):
        store.add_special_project(attempt_id, Notebook.CASE, case_id)
    monkeypatch.setattr(store_module, "_immediate", real)
    assert [r.id for r in store.records(attempt_id).special_projects] == ids
    assert store.add_special_project(attempt_id, Notebook.CASE, case_id).id not in ids
    store.close()
    assert kept_aside(tmp_path) == []


def test_a_commit_the_disk_refuses_leaves_no_transaction_open(tmp_path: Path) -> None:
    """A failed COMMIT rolls back: the next write is not swallowed into a dead
    transaction."""
    store = Store.open(tmp_path)
    calls: list[str] = []
    real_execute = store.db.execute

    def execute(sql: str, *args: object) -> object:
        calls.append(sql)
        if sql == "COMMIT" and calls.count("COMMIT") == 1:
            raise sqlite_error(sqlite3.OperationalError, "database or disk is full", 13)
        return real_execute(sql, *args)

    store.db.execute = execute  # type: ignore[method-assign]
    with pytest.raises(DiskFull):
        store.sign_in("Nobody Kept")
    assert not store.db.conn.in_transaction
    assert store.sign_in("Kept Later").name == "Kept Later"
    store.db.execute = real_execute  # type: ignore[method-assign]
    assert [t.name for t in store.trainees()] == ["Kept Later"]
    store.close()


# -- read-only ------------------------------------------------------------------------------


def test_a_read_only_database_file_is_its_own_clear_message(
    tmp_path: Path, loaded: LoadedScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file opens read-only (as SQLite does with a file it cannot write): nothing is
    moved, and the message says read-only, not damaged or full."""
    a_station(tmp_path, loaded, entries=1)
    before = (tmp_path / DATABASE_NAME).read_bytes()
    monkeypatch.setattr(
        store_module,
        "_sqlite_connect",
        lambda path: sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10),
    )
    with pytest.raises(ReadOnly) as caught:
        Store.open(tmp_path)
    assert "read-only" in str(caught.value) and "--data-dir" in str(caught.value)
    assert "damaged" not in str(caught.value) and "full" not in str(caught.value)
    assert kept_aside(tmp_path) == [] and (tmp_path / DATABASE_NAME).read_bytes() == before


BIND_READ_ONLY = textwrap.dedent(
    """
    import subprocess, sys
    from pathlib import Path
    from cwstrainer.store.store import Store
    folder = Path(sys.argv[1])
    db = folder / "trainer.db"
    subprocess.run(["mount", "--bind", str(db), str(db)], check=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", str(db)], check=True)
    try:
        Store.open(folder)
    except Exception as exc:
        print(type(exc).__name__, exc)
    """
)


def test_a_database_file_on_a_read_only_mount_is_said_so(
    tmp_path: Path, loaded: LoadedScenario
) -> None:
    """A real read-only file (a read-only bind mount in a private mount namespace; as
    root, permission bits would not do)."""
    if os.geteuid() != 0:
        pytest.skip("a bind mount needs root (elsewhere, chmod would make the file read-only)")
    a_station(tmp_path, loaded, entries=1)
    before = (tmp_path / DATABASE_NAME).read_bytes()
    done = subprocess.run(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            sys.executable,
            "-c",
            BIND_READ_ONLY,
            str(tmp_path),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    if done.returncode != 0 and "unshare" in done.stderr:
        pytest.skip(f"no private mount namespace here: {done.stderr.strip()[:200]}")
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("ReadOnly "), done.stdout
    assert "read-only" in done.stdout
    assert kept_aside(tmp_path) == [] and (tmp_path / DATABASE_NAME).read_bytes() == before


# -- damage at any moment -------------------------------------------------------------------


def damage_table(folder: Path, table: str) -> bytes:
    """Overwrite the root page of one table (the header and schema stay sound, so the
    database opens); returns the damaged file's bytes."""
    path = folder / DATABASE_NAME
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (root,) = conn.execute("select rootpage from sqlite_master where name = ?", [table]).fetchone()
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    start = (root - 1) * page
    data[start : start + page] = b"\xa5" * page
    path.write_bytes(bytes(data))
    return bytes(data)


def checked_today_and_large(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A station's large database whose daily integrity check has run already."""
    monkeypatch.setattr(store_module, "FULL_CHECK_BELOW_BYTES", 0)
    conn = sqlite3.connect(folder / DATABASE_NAME)
    conn.execute(
        "insert or replace into settings (key, value) values ('last_integrity_check', ?)",
        [dt.datetime.now(dt.UTC).isoformat(timespec="seconds")],
    )
    conn.commit()
    conn.close()


def test_damage_met_after_the_daily_check_is_kept_aside_at_sign_in(
    tmp_path: Path, loaded: LoadedScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before: sqlite3.DatabaseError at every start and at every sign-in."""
    a_station(tmp_path, loaded)
    checked_today_and_large(tmp_path, monkeypatch)
    damaged = damage_table(tmp_path, "trainees")
    store = Store.open(tmp_path)  # the daily check ran today: the damage is not seen yet
    assert store.notice is None
    with pytest.raises(Damaged) as caught:
        store.sign_in("Pat Full")
    assert "kept aside as trainer.damaged-" in str(caught.value)
    (kept,) = kept_aside(tmp_path)
    assert caught.value.kept == tmp_path / kept
    assert (tmp_path / kept).read_bytes() == damaged  # kept as it was
    assert store.sign_in("Pat Full").name == "Pat Full"  # a new database, in use at once
    assert store.notice is not None and "kept aside" in store.notice
    store.close()
    assert Store.open(tmp_path).notice is None  # the next start is an ordinary one


def test_damage_read_outside_the_store_s_own_calls_is_kept_aside_too(
    tmp_path: Path, loaded: LoadedScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Modules that query the database themselves (the dashboard, the LRS, the results
    exports) do it within Store.guard: damage there is kept aside the same way."""
    from cwstrainer import dashboard

    store = Store.open(tmp_path)
    submit_example(store, "Ana Ruiz")
    store.close()
    checked_today_and_large(tmp_path, monkeypatch)
    damage_table(tmp_path, "result_summary")
    store = Store.open(tmp_path)
    with pytest.raises(Damaged, match="kept aside"), store.guard():
        dashboard.trainee_results(store)
    assert len(kept_aside(tmp_path)) == 1
    assert dashboard.trainee_results(store) == []
    store.close()


def test_a_window_whose_database_another_kept_aside_stops_writing(
    tmp_path: Path, loaded: LoadedScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two windows on one database; one meets the damage and keeps the file aside: the
    other never writes into the file kept aside (nobody would see its entries)."""
    a_station(tmp_path, loaded)
    checked_today_and_large(tmp_path, monkeypatch)
    damage_table(tmp_path, "trainees")
    one, two = Store.open(tmp_path), Store.open(tmp_path)
    with pytest.raises(Damaged):
        one.sign_in("Pat Full")
    with pytest.raises(StoreError, match="was moved or replaced while this window had it open"):
        two.trainees()
    with pytest.raises(StoreError, match="moved or replaced"):
        two.sign_in("Someone")
    one.close()
    two.close()


def test_the_window_s_start_keeps_damage_aside_and_says_so(
    qtbot, tmp_path: Path, loaded: LoadedScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The lobby's first look at the database (older reports to grade again) meets the
    damage: it is kept aside and the trainee is told, and signing in works."""
    from ui.lobby import Lobby

    a_station(tmp_path, loaded)
    checked_today_and_large(tmp_path, monkeypatch)
    damage_table(tmp_path, "attempts")
    lobby = Lobby(tmp_path)
    noticed: list[str] = []
    failed: list[str] = []
    lobby.noticed.connect(noticed.append)
    lobby.failed.connect(failed.append)
    trainee = lobby.sign_in("Pat Full")
    assert trainee is not None and trainee.name == "Pat Full"
    assert noticed and "kept aside as trainer.damaged-" in noticed[0], (noticed, failed)
    assert len(kept_aside(tmp_path)) == 1
    lobby.close()


def test_the_command_line_says_it_kept_a_damaged_database_aside(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Before: "0 attempt(s) written", exit 0, and not a word about the damage."""
    (tmp_path / DATABASE_NAME).write_bytes(b"this is not a database " * 100)
    out = tmp_path / "results.jsonl"
    assert main(["--data-dir", str(tmp_path), "results", "export", str(out)]) == 2
    err = capsys.readouterr().err
    assert "kept aside as trainer.damaged-" in err and "Nothing else was done" in err
    assert not out.exists()
    assert main(["--data-dir", str(tmp_path), "results", "export", str(out)]) == 0
    assert "0 attempt(s) written" in capsys.readouterr().out


def test_the_command_line_says_so_for_damage_met_while_it_works(
    tmp_path: Path,
    loaded: LoadedScenario,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = Store.open(tmp_path)
    submit_example(store, "Ana Ruiz")
    store.close()
    checked_today_and_large(tmp_path, monkeypatch)
    damage_table(tmp_path, "attempts")
    out = tmp_path / "a.csv.d"
    assert main(["--data-dir", str(tmp_path), "results", "csv", str(out)]) == 2
    assert "kept aside as trainer.damaged-" in capsys.readouterr().err
    assert len(kept_aside(tmp_path)) == 1


def test_the_command_line_says_a_full_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def no_room(path: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(store_module, "_create_private", no_room)
    assert main(["--data-dir", str(tmp_path / "d"), "lrs", "status"]) == 2
    err = capsys.readouterr().err
    assert "is full" in err and "damaged" not in err


# -- a real full disk (a small tmpfs) --------------------------------------------------------

ON_FULL_TMPFS = textwrap.dedent(
    """
    import json, os, subprocess, sys
    from pathlib import Path
    mount = Path(sys.argv[1])
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], check=True)
    from cwstrainer.records import RecordKind
    from cwstrainer.scenario.loader import load_file
    from cwstrainer.special_projects import Notebook
    from cwstrainer.store.store import Store
    out = {}
    data = mount / "data"
    store = Store.open(data)
    attempt = store.start_attempt(store.sign_in("Pat Full"), load_file(sys.argv[2]), "practice")
    case_id = store.records(attempt.id).cases[0].id
    saved = []
    for i in range(5):
        row = store.add_special_project(attempt.id, Notebook.CASE, case_id)
        store.update(attempt.id, RecordKind.SPECIAL_PROJECT, row.id, code="S-CSEC At-Risk")
        saved.append(row.id)
    store.close()
    out["saved"] = saved
    filler = mount / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\\0" * 4096)
    except OSError as exc:
        out["filled"] = exc.strerror
    os.close(fd)

    def attempt_open(folder):
        try:
            s = Store.open(folder)
        except Exception as exc:
            return {"error": type(exc).__name__, "message": str(exc)}
        try:
            return {"rows": [r.id for r in s.records(attempt.id).special_projects]}
        finally:
            s.close()

    out["full_start"] = attempt_open(data)
    out["full_new_folder"] = attempt_open(mount / "new")
    out["names_while_full"] = sorted(os.listdir(data))
    filler.unlink()
    out["freed_start"] = attempt_open(data)
    out["names_after"] = sorted(os.listdir(data))
    print(json.dumps(out))
    """
)


def test_a_real_full_disk_at_start_loses_nothing_and_moves_nothing(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(
        [
            "unshare",
            "--mount",
            "--propagation",
            "private",
            sys.executable,
            "-c",
            ON_FULL_TMPFS,
            str(mount),
            str(EXAMPLE_PATH),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    if done.returncode != 0 and ("unshare" in done.stderr or "mount" in done.stderr):
        pytest.skip(f"no private tmpfs here: {done.stderr.strip()[-300:]}")
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout)
    assert out["filled"] == "No space left on device"
    # Started on the full disk: the database is either read (every entry there) or the
    # disk is said to be full; never "damaged", never moved aside.
    full = out["full_start"]
    assert full.get("rows") == out["saved"] or full.get("error") == "DiskFull", full
    assert "damaged" not in full.get("message", "")
    new = out["full_new_folder"]
    assert new["error"] == "DiskFull" and "is full" in new["message"], new
    assert not [n for n in out["names_while_full"] + out["names_after"] if ".damaged-" in n]
    assert out["freed_start"] == {"rows": out["saved"]}  # room again: nothing lost


FILL = textwrap.dedent(
    """
    import json, os, sys
    fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\\0" * 4096)
    except OSError as exc:
        print(json.dumps({"event": "filled", "error": exc.strerror}))
    os.close(fd)
    print(json.dumps({"event": "done"}))
    """
)


def test_the_window_started_on_a_full_disk_says_so_and_loses_nothing(tmp_path: Path) -> None:
    """The whole trainer, started on a disk filled after a clean close: it says the disk
    is full (not damaged), moves nothing, and once there is room again every entry is
    there. (tests/test_survival.py starts it with the disk full mid-session.)"""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    from tests.test_survival import app_command, on_tmpfs

    mount = tmp_path / "small"
    data, filler = mount / "data", mount / "filler"
    try:
        before, filled, listing, full, _, freed = on_tmpfs(
            mount,
            "3m",
            [
                ["app", app_command(data, entries=4)],
                ["app", [sys.executable, "-c", FILL, str(filler)]],
                ["ls", str(data)],
                ["app", app_command(data, entries=1)],
                ["rm", str(filler)],
                ["app", app_command(data)],
            ],
        )
    except AssertionError as exc:
        if "unshare" in str(exc) or "mount:" in str(exc):
            pytest.skip(f"no private tmpfs here: {str(exc)[-300:]}")
        raise
    saved = [e for e in before["events"] if e["event"] == "saved"]
    assert len(saved) == 4 and filled["events"][0]["error"] == "No space left on device"
    opened = full["events"][0]
    assert opened["attempt"] is None
    assert "is full" in opened["message"] and "damaged" not in opened["message"]
    assert opened["message"] in opened["boxes"]
    assert not [n for n in listing["names"] if ".damaged-" in n]
    rows = {row[0]: row for row in freed["events"][0]["rows"]}
    for entry in saved:
        assert rows[entry["id"]] == [entry["id"], CODE, entry["start"]]


def test_a_wal_switch_another_window_holds_up_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two windows opening one new database at once: SQLite refuses the switch to WAL
    at once ("database is locked", no busy wait); the open tries again, no message."""
    from sqlite_utils import Database

    real = Database.enable_wal
    refusals = [sqlite_error(sqlite3.OperationalError, "database is locked", 5) for _ in range(3)]

    def enable_wal(self: Database) -> None:
        if refusals:
            raise refusals.pop()
        real(self)

    monkeypatch.setattr(Database, "enable_wal", enable_wal)
    store = Store.open(tmp_path)
    assert refusals == [] and store.db.journal_mode == "wal" and store.notice is None
    store.close()
