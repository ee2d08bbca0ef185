"""The store: every entry saved as it is made, bad values refused at the field, nothing lost."""

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from cwstrainer.errors import FieldError, StoreError
from cwstrainer.paths import DATABASE_NAME, ENV_VAR, data_dir
from cwstrainer.records import RecordKind
from cwstrainer.scenario.loader import LoadedScenario, load_file
from cwstrainer.special_projects import Notebook
from cwstrainer.store.schema import MIGRATIONS
from cwstrainer.store.store import Store
from tests.scenario_text import EXAMPLE_PATH

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def loaded() -> LoadedScenario:
    return load_file(EXAMPLE_PATH)


@pytest.fixture
def store(tmp_path: Path):
    s = Store.open(tmp_path)
    yield s
    s.close()


def test_open_uses_wal_and_full_sync_and_migrates_once(store: Store) -> None:
    assert store.db.journal_mode == "wal"
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert [m.name for m in MIGRATIONS.applied(store.db)] == [
        "0001_initial",
        "0002_settings",
        "0003_lrs_queue",
        "0004_results",
        "0005_one_verdict",
        "0006_attempt_leases",
        "0007_csec_rows",
    ]
    MIGRATIONS.apply(store.db)
    assert len(MIGRATIONS.applied(store.db)) == 7
    assert {
        "trainees",
        "attempts",
        "referrals",
        "allegations",
        "placements",
        "cases",
        "special_projects",
        "reports",
        "clients",
    } <= set(store.db.table_names())


def test_sign_in_is_by_name_case_and_space_insensitive(store: Store) -> None:
    first = store.sign_in("Pat  Lee")
    assert store.sign_in(" pat lee ") == first
    assert first.name == "Pat Lee"
    with pytest.raises(FieldError, match="Name"):
        store.sign_in("   ")


def test_an_attempt_starts_from_the_scenario_world(store: Store, loaded: LoadedScenario) -> None:
    attempt = store.start_attempt(store.sign_in("Pat"), loaded, "practice")
    records = store.records(attempt.id)
    assert [r.world_key for r in records.referrals] == ["R0", "R1"]
    referral = records.referrals[1]
    assert referral.world_key == "R1"
    assert referral.received_date == dt.date(2016, 10, 10)
    assert referral.received_time == dt.time(9, 42)
    assert referral.communication_method == 409
    assert not referral.created_by_trainee
    (placement,) = records.placements
    assert (placement.child, placement.primary_reason, placement.secondary_reason) == (
        "maya",
        1615,
        None,
    )
    (case,) = records.cases
    assert (case.child, case.opened) == ("maya", dt.date(2016, 3, 8))
    assert records.special_projects == () and records.allegations == ()
    assert [c["client_key"] for c in store.clients(attempt.id)] == ["maya", "jay"]
    assert attempt.scenario_digest == loaded.digest and attempt.status == "in progress"


def test_two_attempts_are_independent(store: Store, loaded: LoadedScenario) -> None:
    trainee = store.sign_in("Pat")
    a = store.start_attempt(trainee, loaded, "practice")
    b = store.start_attempt(trainee, loaded, "assessment")
    store.add_special_project(a.id, Notebook.CASE, store.records(a.id).cases[0].id)
    assert len(store.records(a.id).special_projects) == 1
    assert store.records(b.id).special_projects == ()
    assert [x.id for x in store.unfinished(trainee.id)] == [b.id, a.id]


def test_each_entry_is_saved_and_checked(store: Store, loaded: LoadedScenario) -> None:
    attempt = store.start_attempt(store.sign_in("Pat"), loaded, "practice")
    referral = store.records(attempt.id).referrals[-1]
    allegation = store.add_allegation(attempt.id, referral.id)
    store.update(
        attempt.id,
        RecordKind.ALLEGATION,
        allegation.id,
        victim="maya",
        perpetrator="jay",
        abuse_category=2177,
        abuse_subcategory=9101,
    )
    placement = store.add_placement(attempt.id, referral.id)
    store.update(
        attempt.id,
        RecordKind.PLACEMENT,
        placement.id,
        child="maya",
        removal_date="03/07/2016",
        primary_reason=1615,
        secondary_reason=9201,
    )
    spc = store.add_special_project(attempt.id, Notebook.REFERRAL, referral.id)
    store.update(
        attempt.id,
        RecordKind.SPECIAL_PROJECT,
        spc.id,
        code="S-CSEC Referral",
        start_date=dt.date(2016, 10, 10),
    )
    reopened = Store.open(store.path.parent)
    records = reopened.records(attempt.id)
    reopened.close()
    assert records.allegations[0].abuse_category == 2177
    assert records.placements[-1].secondary_reason == 9201
    assert records.placements[-1].removal_date == dt.date(2016, 3, 7)
    assert records.special_projects[0].code == "S-CSEC Referral"
    assert records.special_projects[0].notebook is Notebook.REFERRAL


@pytest.mark.parametrize(
    ("kind", "changes", "label"),
    [
        (RecordKind.SPECIAL_PROJECT, {"start_date": "02/30/2016"}, "Start Date"),
        (RecordKind.SPECIAL_PROJECT, {"end_date": "yesterday"}, "End Date"),
        (RecordKind.SPECIAL_PROJECT, {"code": "S-CSEC Victim"}, "Special Project"),
        (RecordKind.SPECIAL_PROJECT, {"nonsense": 1}, "nonsense"),
    ],
)
def test_a_bad_value_is_refused_at_its_field_and_harms_nothing(
    store: Store, loaded: LoadedScenario, kind: RecordKind, changes: dict[str, object], label: str
) -> None:
    attempt = store.start_attempt(store.sign_in("Pat"), loaded, "practice")
    case = store.records(attempt.id).cases[0]
    spc = store.add_special_project(attempt.id, Notebook.CASE, case.id)
    store.update(
        attempt.id, kind, spc.id, code="S-CSEC Victim During Care", start_date="09/24/2016"
    )
    before = store.records(attempt.id)
    with pytest.raises(FieldError) as caught:
        store.update(attempt.id, kind, spc.id, **changes)
    assert caught.value.field == label
    assert store.records(attempt.id) == before


@pytest.mark.parametrize(
    ("changes", "label"),
    [
        ({"abuse_category": 5624}, "Abuse Category"),
        ({"abuse_category": 12345}, "Abuse Category"),
        ({"victim": "nobody"}, "Victim"),
        ({"disposition_date": "13/01/2016"}, "Disposition Date"),
    ],
)
def test_allegation_fields_refuse_what_cws_cms_would(
    store: Store, loaded: LoadedScenario, changes: dict[str, object], label: str
) -> None:
    attempt = store.start_attempt(store.sign_in("Pat"), loaded, "practice")
    allegation = store.add_allegation(attempt.id, store.records(attempt.id).referrals[-1].id)
    with pytest.raises(FieldError) as caught:
        store.update(attempt.id, RecordKind.ALLEGATION, allegation.id, **changes)
    assert caught.value.field == label


def test_referral_name_is_held_to_35_characters(store: Store, loaded: LoadedScenario) -> None:
    attempt = store.start_attempt(store.sign_in("Pat"), loaded, "practice")
    referral = store.add_referral(attempt.id)
    with pytest.raises(FieldError, match="at most 35"):
        store.update(attempt.id, RecordKind.REFERRAL, referral.id, referral_name="X" * 36)
    with pytest.raises(FieldError, match="own primary"):
        store.update(attempt.id, RecordKind.REFERRAL, referral.id, primary_referral_id=referral.id)


def test_deleting_a_referral_takes_its_rows_with_it(store: Store, loaded: LoadedScenario) -> None:
    attempt = store.start_attempt(store.sign_in("Pat"), loaded, "practice")
    primary = store.records(attempt.id).referrals[-1]
    extra = store.add_referral(attempt.id)
    store.add_allegation(attempt.id, extra.id)
    store.add_special_project(attempt.id, Notebook.REFERRAL, extra.id)
    store.update(attempt.id, RecordKind.REFERRAL, extra.id, primary_referral_id=primary.id)
    store.delete(attempt.id, RecordKind.REFERRAL, extra.id)
    records = store.records(attempt.id)
    assert extra.id not in [r.id for r in records.referrals]
    assert primary.id in [r.id for r in records.referrals]
    assert records.allegations == () and records.special_projects == ()


def test_a_submitted_attempt_is_read_only(store: Store, loaded: LoadedScenario) -> None:
    attempt = store.start_attempt(store.sign_in("Pat"), loaded, "assessment")
    done = store.submit(attempt.id, 8.0, 10.0, True, '{"findings": []}')
    assert done.submitted and done.passed is True and done.score == 8.0
    assert store.report_json(attempt.id) == '{"findings": []}'
    with pytest.raises(StoreError, match="submitted"):
        store.add_referral(attempt.id)


def test_resume_position_is_kept(store: Store, loaded: LoadedScenario) -> None:
    attempt = store.start_attempt(store.sign_in("Pat"), loaded, "guided")
    store.set_last_page(attempt.id, "case:1:special-projects")
    assert store.attempt(attempt.id).last_page == "case:1:special-projects"


def test_records_of_another_attempt_cannot_be_touched(store: Store, loaded: LoadedScenario) -> None:
    trainee = store.sign_in("Pat")
    a = store.start_attempt(trainee, loaded, "practice")
    b = store.start_attempt(trainee, loaded, "practice")
    spc = store.add_special_project(a.id, Notebook.CASE, store.records(a.id).cases[0].id)
    with pytest.raises(StoreError, match="no special_project"):
        store.update(b.id, RecordKind.SPECIAL_PROJECT, spc.id, code="S-CSEC At-Risk")


def test_a_damaged_database_is_kept_aside_and_a_new_one_started(tmp_path: Path) -> None:
    (tmp_path / DATABASE_NAME).write_bytes(b"this is not a database" * 100)
    store = Store.open(tmp_path)
    assert store.notice is not None and "kept aside" in store.notice
    assert store.sign_in("Pat").name == "Pat"
    store.close()
    kept = [p.name for p in tmp_path.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1


def test_a_folder_the_os_reports_read_only_gives_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As root (CI) permissions cannot make a folder read-only, so the OS answer is patched."""
    real_access = os.access
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p) == tmp_path else real_access(p, mode)
    )
    with pytest.raises(StoreError, match="is read-only; choose another with --data-dir"):
        Store.open(tmp_path)
    assert not (tmp_path / DATABASE_NAME).exists()


def test_a_folder_that_cannot_be_created_gives_a_clear_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the data folder"):
        Store.open(blocker / "data")


def test_two_connections_on_one_database_do_not_lock(
    tmp_path: Path, loaded: LoadedScenario
) -> None:
    one, two = Store.open(tmp_path), Store.open(tmp_path)
    trainee = one.sign_in("Pat")
    attempt = one.start_attempt(trainee, loaded, "practice")
    case_id = two.records(attempt.id).cases[0].id
    for i in range(20):
        (one if i % 2 else two).add_special_project(attempt.id, Notebook.CASE, case_id)
    assert len(one.records(attempt.id).special_projects) == 20
    one.close()
    two.close()


def test_a_killed_process_loses_no_entry(tmp_path: Path) -> None:
    """Entries made before SIGKILL are all there when the store is opened again."""
    script = textwrap.dedent(f"""
        import os, signal, sys
        from pathlib import Path
        from cwstrainer.records import RecordKind
        from cwstrainer.scenario.loader import load_file
        from cwstrainer.special_projects import Notebook
        from cwstrainer.store.store import Store
        store = Store.open(Path({str(tmp_path)!r}))
        scenario = load_file({str(EXAMPLE_PATH)!r})
        attempt = store.start_attempt(store.sign_in("Pat"), scenario, "practice")
        case_id = store.records(attempt.id).cases[0].id
        for i in range(5):
            row = store.add_special_project(attempt.id, Notebook.CASE, case_id)
            store.update(attempt.id, RecordKind.SPECIAL_PROJECT, row.id, code="S-CSEC At-Risk")
        print(attempt.id, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == -signal.SIGKILL
    attempt_id = run.stdout.strip()
    store = Store.open(tmp_path)
    rows = store.records(attempt_id).special_projects
    store.close()
    assert [r.code for r in rows] == ["S-CSEC At-Risk"] * 5


def test_sqlite_rows_match_the_records(store: Store, loaded: LoadedScenario) -> None:
    attempt = store.start_attempt(store.sign_in("Pat"), loaded, "practice")
    case_id = store.records(attempt.id).cases[0].id
    spc = store.add_special_project(attempt.id, Notebook.CASE, case_id)
    store.update(
        attempt.id,
        RecordKind.SPECIAL_PROJECT,
        spc.id,
        code="S-CSEC Victim During Care",
        start_date="9/24/2016",
    )
    raw = (
        sqlite3.connect(store.path)
        .execute("select notebook, owner_id, code, start_date, end_date from special_projects")
        .fetchall()
    )
    assert raw == [("case", case_id, "S-CSEC Victim During Care", "2016-09-24", None)]


def test_data_dir_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert data_dir() == tmp_path / "env"
    monkeypatch.delenv(ENV_VAR)
    assert data_dir().name == "cwstrainer"


def test_every_migration_from_the_first_keeps_the_data(tmp_path: Path) -> None:
    """A database written by the first schema opens in this release with everything intact."""
    from sqlite_utils import Database

    names = [m.name for m in MIGRATIONS.pending(Database(memory=True))]
    first = Database(tmp_path / DATABASE_NAME)
    MIGRATIONS.apply(first, stop_before=names[1:])
    assert [m.name for m in MIGRATIONS.applied(first)] == names[:1]
    first.table("trainees").insert(
        {"id": "t1", "name": "Pat", "name_key": "pat", "created_at": "x"}
    )
    first.table("attempts").insert(
        {
            "id": "a1",
            "trainee_id": "t1",
            "scenario_id": "s",
            "mode": "practice",
            "status": "in progress",
            "started_at": "2026-01-01T00:00:00+00:00",
        }
    )
    first.table("cases").insert(
        {"attempt_id": "a1", "world_key": "C1", "child": "maya", "opened": "2016-03-08"}
    )
    report = (
        '{"findings": [{"rule": "REF-SPC-START", "outcome": "missed", "points": 0, "possible": 2}]}'
    )
    first.table("reports").insert({"attempt_id": "a1", "created_at": "x", "report_json": report})
    first.close()
    store = Store.open(tmp_path)
    assert [m.name for m in MIGRATIONS.applied(store.db)] == names
    assert store.db.execute("select rule_id, outcome, possible from findings").fetchall() == [
        ("REF-SPC-START", "missed", 2.0)
    ]
    assert store.records("a1").cases[0].opened == dt.date(2016, 3, 8)
    assert store.sign_in("pat").id == "t1"
    store.close()


def test_special_projects_set_up_in_the_world_are_in_the_grid(tmp_path: Path) -> None:
    from tests.scenario_text import EXAMPLE

    text = EXAMPLE.replace(
        "    kind: foster care\n",
        "    kind: foster care\n    special_projects:\n"
        "      - code: S-CSEC At-Risk\n        start: 2016-08-01\n",
    )
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    store = Store.open(tmp_path / "data")
    attempt = store.start_attempt(store.sign_in("Pat"), load_file(path), "practice")
    records = store.records(attempt.id)
    store.close()
    (row,) = records.special_projects
    assert (row.notebook, row.owner_id, row.code) == (
        Notebook.CASE,
        records.cases[0].id,
        "S-CSEC At-Risk",
    )
    assert (row.start_date, row.end_date) == (dt.date(2016, 8, 1), None)


def _last_check(folder: Path) -> str:
    conn = sqlite3.connect(folder / DATABASE_NAME)
    try:
        return str(
            conn.execute(
                "select value from settings where key = 'last_integrity_check'"
            ).fetchone()[0]
        )
    finally:
        conn.close()


def _set_last_check(folder: Path, value: str) -> None:
    conn = sqlite3.connect(folder / DATABASE_NAME)
    conn.execute("update settings set value = ? where key = 'last_integrity_check'", [value])
    conn.commit()
    conn.close()


def test_a_large_database_is_fully_checked_at_most_daily(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A station's large database skips SQLite's page-by-page check if it ran today."""
    from cwstrainer.store import store as store_module

    Store.open(tmp_path).close()
    monkeypatch.setattr(store_module, "FULL_CHECK_BELOW_BYTES", 0)  # every file is "large"
    recent = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)).isoformat(timespec="seconds")
    _set_last_check(tmp_path, recent)
    Store.open(tmp_path).close()
    assert _last_check(tmp_path) == recent
    _set_last_check(tmp_path, "2020-01-01T00:00:00+00:00")
    Store.open(tmp_path).close()
    assert _last_check(tmp_path) > recent


def test_damage_inside_a_large_database_is_found_by_the_daily_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loaded: LoadedScenario
) -> None:
    from cwstrainer.store import store as store_module

    store = Store.open(tmp_path)
    for _ in range(30):
        store.start_attempt(store.sign_in("Pat"), loaded, "practice")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    _set_last_check(tmp_path, "2020-01-01T00:00:00+00:00")
    data = bytearray((tmp_path / DATABASE_NAME).read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\xff" * 200  # a damaged page, header intact
    (tmp_path / DATABASE_NAME).write_bytes(bytes(data))
    monkeypatch.setattr(store_module, "FULL_CHECK_BELOW_BYTES", 0)
    reopened = Store.open(tmp_path)
    assert reopened.notice is not None and "kept aside" in reopened.notice
    reopened.close()
