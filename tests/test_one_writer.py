"""One writer per attempt (issue 13, item 5): a second window or process on an open
attempt gets it read-only with a message, or takes it over when the trainee says so;
never a silent overwrite. (Before: two windows on one attempt replaced 225 of 1,200
entries without a word.)"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cwstrainer.records import RecordKind
from cwstrainer.scenario.loader import LoadedScenario, load_file
from cwstrainer.special_projects import Notebook
from cwstrainer.store.store import AttemptInUse, Store
from tests.scenario_text import EXAMPLE_PATH

ROOT = Path(__file__).resolve().parents[1]
CODE = "S-CSEC At-Risk"


@pytest.fixture
def loaded() -> LoadedScenario:
    return load_file(EXAMPLE_PATH)


def started(folder: Path, loaded: LoadedScenario) -> tuple[str, int]:
    store = Store.open(folder)
    attempt = store.start_attempt(store.sign_in("Pat Two"), loaded, "practice")
    case_id = store.records(attempt.id).cases[0].id
    store.close()
    return attempt.id, case_id


def rows(folder: Path, attempt_id: str) -> list[tuple[int, str | None]]:
    conn = sqlite3.connect(folder / "trainer.db")
    try:
        return conn.execute(
            "select id, code from special_projects where attempt_id = ? order by id",
            [attempt_id],
        ).fetchall()
    finally:
        conn.close()


def test_a_second_store_cannot_claim_or_write_an_attempt_another_holds(
    tmp_path: Path, loaded: LoadedScenario
) -> None:
    attempt_id, case_id = started(tmp_path, loaded)
    one, two = Store.open(tmp_path), Store.open(tmp_path)
    one.claim(attempt_id)
    with pytest.raises(AttemptInUse) as caught:
        two.claim(attempt_id)
    assert f"process {os.getpid()} on this computer" in str(caught.value)
    assert caught.value.lease.owner == one.owner
    with pytest.raises(AttemptInUse, match="Not saved: this attempt is open for entries in"):
        two.add_special_project(attempt_id, Notebook.CASE, case_id)
    with pytest.raises(AttemptInUse):
        two.set_last_page(attempt_id, "case:1|Special Projects")
    with pytest.raises(AttemptInUse):
        two.submit(attempt_id, 0, 1, False, "{}")
    mine = one.add_special_project(attempt_id, Notebook.CASE, case_id)
    assert rows(tmp_path, attempt_id) == [(mine.id, None)]
    assert two.holder(attempt_id) is not None and one.holder(attempt_id) is None
    one.close()
    two.close()


def test_taking_over_refuses_the_first_window_s_next_entry(
    tmp_path: Path, loaded: LoadedScenario
) -> None:
    attempt_id, case_id = started(tmp_path, loaded)
    one, two = Store.open(tmp_path), Store.open(tmp_path)
    one.claim(attempt_id)
    first = one.add_special_project(attempt_id, Notebook.CASE, case_id)
    two.claim(attempt_id, take_over=True)
    with pytest.raises(AttemptInUse, match="Not saved: this attempt was taken over by"):
        one.update(attempt_id, RecordKind.SPECIAL_PROJECT, first.id, code=CODE)
    with pytest.raises(AttemptInUse, match="Not saved: this attempt is open for entries in"):
        one.add_special_project(attempt_id, Notebook.CASE, case_id)
    two.update(attempt_id, RecordKind.SPECIAL_PROJECT, first.id, code="S-CSEC Referral")
    assert rows(tmp_path, attempt_id) == [(first.id, "S-CSEC Referral")]  # nothing of one's
    # the window that lost it takes it back only by saying so
    with pytest.raises(AttemptInUse):
        one.claim(attempt_id)
    one.claim(attempt_id, take_over=True)
    one.update(attempt_id, RecordKind.SPECIAL_PROJECT, first.id, code=CODE)
    with pytest.raises(AttemptInUse, match="taken over"):
        two.add_special_project(attempt_id, Notebook.CASE, case_id)
    one.close()
    two.close()


def test_a_lease_given_back_at_close_frees_the_attempt(
    tmp_path: Path, loaded: LoadedScenario
) -> None:
    attempt_id, case_id = started(tmp_path, loaded)
    one = Store.open(tmp_path)
    one.claim(attempt_id)
    one.close()
    two = Store.open(tmp_path)
    two.claim(attempt_id)  # no take-over needed
    two.add_special_project(attempt_id, Notebook.CASE, case_id)
    two.close()


def test_a_lease_whose_heartbeat_stopped_holds_nothing(
    tmp_path: Path, loaded: LoadedScenario
) -> None:
    attempt_id, _ = started(tmp_path, loaded)
    one, two = Store.open(tmp_path), Store.open(tmp_path)
    one.claim(attempt_id)
    one.heartbeat(attempt_id)
    with pytest.raises(AttemptInUse):
        two.claim(attempt_id)
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).isoformat(timespec="seconds")
    with one.transaction() as db:
        db.execute("update attempt_leases set heartbeat = ?", [long_ago])
    two.claim(attempt_id)  # the first window hung or slept: its lease is stale
    with pytest.raises(AttemptInUse, match="taken over"):
        one.heartbeat(attempt_id)
    one.close()
    two.close()


CLAIM_AND_DIE = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from cwstrainer.store.store import Store
    store = Store.open(Path(sys.argv[1]))
    store.claim(sys.argv[2])
    print(os.getpid(), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
    """
)


def test_a_lease_left_by_a_killed_process_never_locks_the_trainee_out(
    tmp_path: Path, loaded: LoadedScenario
) -> None:
    attempt_id, case_id = started(tmp_path, loaded)
    done = subprocess.run(
        [sys.executable, "-c", CLAIM_AND_DIE, str(tmp_path), attempt_id],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr[-2000:]
    store = Store.open(tmp_path)
    lease = store._lease(attempt_id)
    assert lease is not None and lease.pid == int(done.stdout) and lease.stale()
    store.claim(attempt_id)  # at once, without a take-over: its process is gone
    store.add_special_project(attempt_id, Notebook.CASE, case_id)
    store.close()


def test_a_submitted_attempt_holds_no_lease(tmp_path: Path, loaded: LoadedScenario) -> None:
    attempt_id, _ = started(tmp_path, loaded)
    store = Store.open(tmp_path)
    store.claim(attempt_id)
    store.submit(attempt_id, 0, 1, False, "{}")
    assert store.db.execute("select count(*) from attempt_leases").fetchone()[0] == 0
    store.set_last_page(attempt_id, "report")  # a submitted attempt's place is still kept
    store.close()


# -- two window processes on one trainee's attempt --------------------------------------------


def test_two_window_processes_on_one_attempt_never_overwrite_each_other(tmp_path: Path) -> None:
    """The issue's case: the same trainee's attempt open in two windows (two processes),
    both entering as fast as they can. One window holds it; the other opens it read-only
    with a message, and its entries are refused, each with a message; every entry the
    first reported saved is there, as it saved it, and nothing else."""
    from tests.test_survival import app_command, child_env, events, run_app

    data, go = tmp_path / "data", tmp_path / "go"
    (first_open, *_) = run_app(data)  # the attempt exists, unfinished
    entries = 150
    children = [
        subprocess.Popen(
            app_command(data, trainee="Kim Survivor", entries=entries, go=str(go)),
            cwd=ROOT,
            env=child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs: list[list[dict[str, object]]] = []
    try:
        for child in children:
            assert child.stdout is not None
            early = []
            for line in child.stdout:
                early.append(json.loads(line))
                if early[-1]["event"] == "ready":
                    break
            outputs.append(early)
        go.touch()
        for child, found in zip(children, outputs, strict=True):
            out, err = child.communicate(timeout=120)
            assert child.returncode == 0, err[-2000:]
            found.extend(events(out))
    finally:
        for child in children:
            child.kill()
            child.wait(timeout=10)
    attempts = {found[0]["attempt"] for found in outputs}
    assert attempts == {first_open["attempt"]}
    saved = [[e for e in found if e["event"] == "saved"] for found in outputs]
    refused = [[e for e in found if e["event"] == "refused"] for found in outputs]
    writer = 0 if len(saved[0]) == entries else 1
    reader = 1 - writer
    assert len(saved[writer]) == entries and refused[writer] == []
    assert saved[reader] == [] and len(refused[reader]) == 1
    opened = outputs[reader][0]
    assert "open for entries in another window" in opened["message"]
    assert "Take Over This Attempt" in opened["message"]
    assert "open for entries in another window" in refused[reader][0]["message"]
    assert not [e for found in outputs for e in found if e["event"] == "crash"]
    conn = sqlite3.connect(data / "trainer.db")
    kept = conn.execute(
        "select id, code, start_date from special_projects where attempt_id = ? and code = ?",
        [first_open["attempt"], CODE],
    ).fetchall()
    conn.close()
    assert sorted(kept) == sorted([(e["id"], CODE, e["start"]) for e in saved[writer]])


# -- the window ---------------------------------------------------------------------------------


def all_read_only(window) -> bool:  # type: ignore[no-untyped-def]
    return all(p.read_only for n in window.notebooks for p in n.pages.values())


def any_read_only(window) -> bool:  # type: ignore[no-untyped-def]
    return any(p.read_only for n in window.notebooks for p in n.pages.values())


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_second_window_opens_read_only_and_takes_over_when_asked(
    qtbot, window, data_dir, monkeypatch
) -> None:
    from conftest import SCENARIO, SCENARIOS
    from PySide6.QtWidgets import QMessageBox

    from ui.app import create_window
    from ui.prompts import Confirm

    first = window
    case_id = first.door.records.cases[0].id
    row = first.door.add_special_project(Notebook.CASE, case_id)
    assert row is not None
    second = create_window(data_dir, SCENARIOS, "Test Trainee", SCENARIO)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    door = second.door
    assert door.attempt.id == first.door.attempt.id
    assert door.read_only and door.held_by is not None
    assert "READ-ONLY HERE" in second.mode_banner.text()
    assert second.take_over_action.isEnabled() and not second.submit_action.isEnabled()
    assert not first.take_over_action.isEnabled()
    boxes = [b.text() for b in second.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "open for entries in" in boxes[0] and "Take Over" in boxes[0]
    assert all_read_only(second)
    # moving about the read-only window writes nothing (its place is the other's)
    second.show_page(second.notebooks[-1].key, second.notebooks[-1].page_names()[0])
    assert door.held_by is not None
    # the trainee says so: the second window takes the attempt over
    asked: list[str] = []
    monkeypatch.setattr(
        Confirm, "ask", classmethod(lambda cls, p, t, text: asked.append(text) or True)
    )
    assert second.take_over()
    assert asked and "Take it over?" in asked[0]
    assert not second.door.read_only and not any_read_only(second)
    assert [r.id for r in second.door.records.special_projects if r.id == row.id] == [row.id]
    assert second.submit_action.isEnabled() and not second.take_over_action.isEnabled()
    # the first window's next entry is refused, said, and the window turns read-only
    with qtbot.waitSignal(first.door.failed) as failed:
        first.door.update(RecordKind.SPECIAL_PROJECT, row.id, code=CODE)
    assert "taken over" in failed.args[1]
    assert first.door.read_only and all_read_only(first)
    assert "READ-ONLY HERE" in first.mode_banner.text()
    assert first.take_over_action.isEnabled()
    assert [r.code for r in second.door.records.special_projects if r.id == row.id] == [None]
    for b in first.findChildren(QMessageBox) + second.findChildren(QMessageBox):
        b.close()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_window_keeps_its_lease_alive_and_gives_it_back_on_close(
    qtbot, window, data_dir
) -> None:
    door = window.door
    store = window.lobby.store
    lease = store._lease(door.attempt.id)
    assert lease is not None and lease.owner == store.owner
    long_ago = (dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)).isoformat(timespec="seconds")
    with store.transaction() as db:
        db.execute("update attempt_leases set heartbeat = ?", [long_ago])
    assert door.beat()
    assert store._lease(door.attempt.id).heartbeat > long_ago  # type: ignore[union-attr]
    attempt_id = door.attempt.id
    window.close()
    other = Store.open(data_dir)
    assert other._lease(attempt_id) is None
    other.close()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_opening_the_same_attempt_again_in_a_window_keeps_it_held(qtbot, window, data_dir) -> None:
    """History reopens the attempt the window already shows: the new door holds it, the
    old one lets go without giving it back."""
    from ui.choice import StartChoice

    door = window.door
    assert window.open_choice(StartChoice(window.trainee, door.loaded, door.mode, door.attempt))
    assert window.door is not door and not window.door.read_only
    other = Store.open(data_dir)
    try:
        with pytest.raises(AttemptInUse):
            other.claim(window.door.attempt.id)
    finally:
        other.close()
    assert window.door.beat()
