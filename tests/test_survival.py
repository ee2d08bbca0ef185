"""The app survives what a training laptop does to it: kills, damage, full or read-only
disks, and two windows on one database. Each test runs the whole trainer window
(``create_window``, offscreen) in its own process, as a trainee would, and restarts it.

Full and read-only disks are real ones: a small tmpfs mounted in a private mount
namespace (``unshare``; as root directly, otherwise with a user namespace), so SQLite meets
a true ENOSPC or EROFS and nothing is mounted outside the test. Permission bits would not
do: root (CI here) ignores them.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "scenarios"
SCENARIO = "in-care-victim-2016"
CODE = "S-CSEC At-Risk"
TIMEOUT = 90  # seconds for one app process; a hang fails the test, it never blocks

# One trainee at the window. Prints one JSON line per event: "opened" (attempt, the
# message line, visible message boxes, the special projects already there), "saved" after
# each entry is kept (the store has committed it), "refused" with the message shown,
# "crash" if the excepthook fires, "done" at a clean end.
APP = textwrap.dedent(
    """
    import json, os, sys, time
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    cfg = json.loads(sys.argv[1])

    def say(**kw):
        sys.stdout.write(json.dumps(kw) + "\\n")
        sys.stdout.flush()

    from PySide6.QtWidgets import QMessageBox
    from ui import crash
    from ui.app import application, create_window
    from cwstrainer.records import RecordKind
    from cwstrainer.special_projects import Notebook

    app = application()
    crash.install(Path(cfg["data"]))
    crash.show_dialog = lambda path, value: say(event="crash", error=repr(value))

    def boxes():
        app.processEvents()
        return [w.text() for w in app.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]

    window = create_window(cfg["data"], cfg["scenarios"], cfg["trainee"], cfg["scenario"])
    window.show()
    door = window.door
    rows = [[r.id, r.code, r.start_date.isoformat() if r.start_date else None]
            for r in door.records.special_projects] if door else []
    say(event="opened", attempt=door.attempt.id if door else None,
        message=window.message.text(), boxes=boxes(), rows=rows)
    failed = []
    if door is not None:
        door.failed.connect(lambda label, message: failed.append(message))
    if cfg.get("fill"):  # take every byte the disk has left
        fd = os.open(cfg["fill"], os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(fd, b"\\0" * 4096)
        except OSError as exc:
            say(event="filled", error=exc.strerror)
        os.close(fd)
    if cfg.get("go"):  # start together with another window
        say(event="ready")
        deadline = time.monotonic() + 60
        while not os.path.exists(cfg["go"]) and time.monotonic() < deadline:
            time.sleep(0.002)
    for i in range(cfg.get("entries", 0)):
        if door is None:
            break
        before = len(failed)
        row = door.add_special_project(Notebook.CASE, door.records.cases[0].id)
        if row is not None:
            day = 1 + i % 28
            if door.update(RecordKind.SPECIAL_PROJECT, row.id, code=cfg["code"],
                           start_date=f"09/{day:02d}/2016") is not None:
                say(event="saved", id=row.id, start=f"2016-09-{day:02d}")
        if len(failed) > before:
            say(event="refused", message=failed[-1], shown=window.message.text(),
                boxes=boxes())
            break
    window.close()
    say(event="done")
    """
)


def app_config(data: Path, trainee: str = "Kim Survivor", **extra: Any) -> str:
    return json.dumps(
        {
            "data": str(data),
            "scenarios": str(BUNDLED),
            "trainee": trainee,
            "scenario": SCENARIO,
            "code": CODE,
            **extra,
        }
    )


def app_command(data: Path, **extra: Any) -> list[str]:
    return [sys.executable, "-c", APP, app_config(data, **extra)]


def child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}


def events(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def run_app(data: Path, **extra: Any) -> list[dict[str, Any]]:
    """Run the window to its end; its events. It must end cleanly, with no crash."""
    done = subprocess.run(
        app_command(data, **extra),
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    found = events(done.stdout)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not [e for e in found if e["event"] == "crash"], found
    assert found[-1]["event"] == "done", found
    return found


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


# -- killed in the middle of an entry ----------------------------------------------------


@pytest.mark.parametrize("kill_after", [1, 23, 120])
def test_killed_while_saving_every_saved_entry_is_there_after_restart(
    tmp_path: Path, kill_after: int
) -> None:
    """SIGKILL lands while the window is writing its next entry (it never pauses): every
    entry it had reported kept is there after a restart, and the file is sound.

    (tests/test_ui_resume_kill.py kills a window at rest and checks the page it resumes
    on; here the kill comes mid-transaction, many times over.)
    """
    data = tmp_path / "data"
    child = subprocess.Popen(
        app_command(data, entries=100_000),
        cwd=ROOT,
        env=child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    watchdog = threading.Timer(TIMEOUT, child.kill)
    watchdog.start()
    saved: list[dict[str, Any]] = []
    try:
        assert child.stdout is not None
        for line in child.stdout:
            event = json.loads(line)
            assert event["event"] in ("opened", "saved"), event
            if event["event"] == "saved":
                saved.append(event)
                if len(saved) == kill_after:
                    child.send_signal(signal.SIGKILL)  # no pause: it is already saving
                    break
    finally:
        watchdog.cancel()
        child.kill()
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    assert len(saved) == kill_after

    assert integrity(data / "trainer.db") == "ok"
    (opened, *_) = run_app(data)
    assert opened["message"] == "" and opened["boxes"] == []  # resumed, nothing to report
    kept = {row[0]: row for row in opened["rows"]}
    for entry in saved:
        assert kept[entry["id"]] == [entry["id"], CODE, entry["start"]]
    # at most the one entry in flight may be there unfinished (its "+" was kept)
    assert len(kept) - len(saved) <= 1
    assert not list(data.glob("*.damaged-*"))


# -- a damaged database ------------------------------------------------------------------


def garbage(path: Path) -> None:
    path.write_bytes(b"this is not a database " * 200)


def overwritten_pages(path: Path) -> None:
    """A real database whose pages after the first were overwritten (a bad sector)."""
    run_app(path.parent, entries=3)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[page : len(data) - page] = b"\xa5" * (len(data) - 2 * page)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [garbage, overwritten_pages], ids=lambda f: f.__name__)
def test_a_damaged_database_is_kept_aside_and_the_app_starts(tmp_path: Path, damage) -> None:
    data = tmp_path / "data"
    data.mkdir()
    db = data / "trainer.db"
    damage(db)
    damaged = db.read_bytes()
    opened, *_ = run_app(data, entries=2)
    assert opened["attempt"] is not None  # a fresh database, and the attempt is open
    (kept,) = data.glob("trainer.damaged-*.db")
    assert kept.read_bytes() == damaged  # kept as it was, for someone to look at
    assert integrity(db) == "ok"


def test_a_damaged_database_is_reported_to_the_trainee(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    garbage(data / "trainer.db")
    opened, *_ = run_app(data)
    shown = opened["message"] + " ".join(opened["boxes"])
    assert "kept aside" in shown


# -- two windows on one database ---------------------------------------------------------


def test_two_windows_on_one_new_database_never_meet_a_lock(tmp_path: Path) -> None:
    """Two trainees start at once on a new database (both migrate it), then both save
    as fast as they can: no "database is locked", no entry lost."""
    data, go = tmp_path / "data", tmp_path / "go"
    children = [
        subprocess.Popen(
            app_command(data, trainee=name, entries=40, go=str(go)),
            cwd=ROOT,
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("Ann Two", "Bob Two")
    ]
    outputs = []
    try:
        for child in children:  # both have opened the store and wait
            assert child.stdout is not None
            for line in child.stdout:
                if json.loads(line)["event"] == "ready":
                    break
        go.touch()
        for child in children:
            out, err = child.communicate(timeout=TIMEOUT)
            assert child.returncode == 0, err[-2000:]
            outputs.append(events(out))
    finally:
        for child in children:
            child.kill()
            child.wait(timeout=10)
    for found in outputs:
        assert [e for e in found if e["event"] in ("refused", "crash")] == []
        assert len([e for e in found if e["event"] == "saved"]) == 40
    conn = sqlite3.connect(data / "trainer.db")
    count = conn.execute("select count(*) from special_projects where code = ?", [CODE])
    assert count.fetchone()[0] == 80
    conn.close()


# -- full and read-only disks --------------------------------------------------------------


def private_mounts() -> list[str]:
    """``unshare`` for a private mount namespace (a user namespace too when not root)."""
    if os.geteuid() == 0:
        return ["unshare", "--mount", "--propagation", "private"]
    return ["unshare", "--user", "--map-root-user", "--mount", "--propagation", "private"]


# Runs inside the private namespace: mounts a small tmpfs, runs the steps, prints JSON.
ON_TMPFS = textwrap.dedent(
    """
    import json, subprocess, sys
    mount, size, steps = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mount], check=True)
    results = []
    for step in steps:
        if step[0] == "app":
            done = subprocess.run(step[1], capture_output=True, text=True, timeout=120)
            results.append({"rc": done.returncode, "out": done.stdout, "err": done.stderr[-2000:]})
        elif step[0] == "remount-ro":
            subprocess.run(["mount", "-o", "remount,ro", mount], check=True)
            results.append({})
        elif step[0] == "rm":
            import os
            os.remove(step[1])
            results.append({})
        elif step[0] == "ls":
            import os
            results.append({"names": sorted(os.listdir(step[1]))})
    print(json.dumps(results))
    """
)


def on_tmpfs(mount: Path, size: str, steps: list[list[Any]]) -> list[dict[str, Any]]:
    mount.mkdir()
    done = subprocess.run(
        [*private_mounts(), sys.executable, "-c", ON_TMPFS, str(mount), size, json.dumps(steps)],
        cwd=ROOT,
        env=child_env(),
        capture_output=True,
        text=True,
        timeout=4 * TIMEOUT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results: list[dict[str, Any]] = json.loads(done.stdout)
    for result in results:
        if "rc" in result:
            assert result["rc"] == 0, result["err"]
            found = events(result["out"])
            assert not [e for e in found if e["event"] == "crash"], found
            assert found[-1]["event"] == "done", found
            result["events"] = found
    return results


def test_a_full_disk_refuses_the_entry_with_a_message_and_loses_nothing(tmp_path: Path) -> None:
    mount = tmp_path / "small"
    data, filler = mount / "data", mount / "filler"
    before, full, listing, still_full, _, freed = on_tmpfs(
        mount,
        "3m",
        [
            ["app", app_command(data, entries=5)],
            ["app", app_command(data, entries=200, fill=str(filler))],
            ["ls", str(data)],
            ["app", app_command(data)],  # started again with the disk still full
            ["rm", str(filler)],
            ["app", app_command(data, entries=1)],
        ],
    )
    saved = [e for e in before["events"] + full["events"] if e["event"] == "saved"]
    assert len(saved) >= 5
    assert any(e["event"] == "filled" for e in full["events"])
    (refused,) = [e for e in full["events"] if e["event"] == "refused"]
    assert "could not be saved" in refused["message"] and "full" in refused["message"]
    assert refused["message"] in refused["shown"]  # on the message line, and in a box
    assert refused["message"] in refused["boxes"]
    assert not [n for n in listing["names"] if ".damaged-" in n]
    assert still_full["events"][0]["attempt"] is not None  # a full disk is not damage
    kept = {row[0]: row for row in freed["events"][0]["rows"]}
    for entry in saved:
        assert kept[entry["id"]] == [entry["id"], CODE, entry["start"]]
    assert [e["event"] for e in freed["events"]].count("saved") == 1  # room again


def test_a_read_only_data_folder_gives_a_clear_message_and_no_crash(tmp_path: Path) -> None:
    mount = tmp_path / "ro"
    data = mount / "data"
    before, _, after = on_tmpfs(
        mount,
        "8m",
        [
            ["app", app_command(data, entries=2)],
            ["remount-ro"],
            ["app", app_command(data, entries=2)],
        ],
    )
    assert len([e for e in before["events"] if e["event"] == "saved"]) == 2
    opened = after["events"][0]
    assert opened["attempt"] is None
    assert "read-only" in opened["message"] and "--data-dir" in opened["message"]
    assert opened["message"] in opened["boxes"]
