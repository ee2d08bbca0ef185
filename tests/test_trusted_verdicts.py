"""Verdicts a training file can trust: graded here, from the records, one definition.

A results file's stated grade is never kept (the station grades the records it carries,
against the scenario version it names, as its variant told it); a scenario version the
station does not hold refuses the file; reports an older trainer made are graded again;
every screen and export shows the one percent and verdict of ``cwstrainer.grading``;
the heat map counts attempts, not findings.
"""

import csv
import dataclasses
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from cwstrainer import dashboard, regrade
from cwstrainer.dashboard import Filters
from cwstrainer.exports import spreadsheet, xapi
from cwstrainer.exports.results import submitted_results
from cwstrainer.grading import REPORT_VERSION, Report, grade
from cwstrainer.records import RecordKind
from cwstrainer.regrade import StationScenarios
from cwstrainer.rules.findings import Finding, Outcome, finding
from cwstrainer.scenario import variants
from cwstrainer.scenario.loader import LoadedScenario, load_file
from cwstrainer.special_projects import Notebook
from cwstrainer.station import ResultsInvalid, export_results, import_results
from cwstrainer.store.schema import MIGRATIONS, _finding_rows_0004, _index_result_0004
from cwstrainer.store.store import Store
from tests.scenario_text import EXAMPLE_PATH, submit_example
from tests.test_variants import PLAIN, VARIANTS

SCENARIO_ID = "in-care-victim-2016"


@pytest.fixture
def loaded() -> LoadedScenario:
    return load_file(EXAMPLE_PATH)


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "station")
    yield s
    s.close()


def exported(tmp_path: Path, names_and_starts: list[tuple[str, str | None]]) -> Path:
    """A laptop's results file: one attempt per (trainee, S-CSEC Referral start date)."""
    laptop = Store.open(tmp_path / "laptop")
    for name, start in names_and_starts:
        submit_example(laptop, name, start)
    path = tmp_path / "laptop.jsonl"
    export_results(laptop, path)
    laptop.close()
    return path


def edit_line(path: Path, number: int, change) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    data = json.loads(lines[number - 1])
    change(data)
    lines[number - 1] = json.dumps(data)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def claim_full_marks(data: dict) -> None:
    """What a tamperer does: the attempt and its report say passed, every point won."""
    possible = data["report"]["possible"]
    data["attempt"].update(score=possible, percent=100.0, passed=True, critical_errors=0)
    data["report"].update(score=possible, percent=100.0, passed=True, critical_errors=0)
    data["report"]["verdict"] = "Passed"
    for f in data["report"]["findings"]:
        f.update(outcome="met", points=f["possible"], severity="ok")


# -- results files: graded again from their records -------------------------------------


def test_a_tampered_line_is_graded_again_from_its_records_and_the_difference_named(
    tmp_path: Path, station: Store, loaded: LoadedScenario
) -> None:
    path = exported(tmp_path, [("Ana Ruiz", "10/10/2016"), ("Ben Ito", None)])
    edit_line(path, 2, claim_full_marks)  # Ben entered nothing
    done = import_results(station, path)
    assert (done.imported, done.duplicates) == (2, 0)
    (regraded,) = done.regraded  # Ana's line states her own grade: nothing to say
    assert regraded.line == 2 and regraded.trainee == "Ben Ito"
    assert (regraded.stated.score, regraded.stated.passed) == (regraded.possible, True)
    assert regraded.score < regraded.possible and regraded.verdict.startswith("Not passed")
    assert "critical error" in regraded.verdict
    text = regraded.text()
    assert text.startswith("line 2: Ben Ito's attempt") and "the file says" in text
    assert "graded again from its records" in text
    assert "line 2" in f"{done.text()} {text}" and "differs" in done.text()

    ben = station.attempts(station.sign_in("Ben Ito").id)[0]
    truth = grade(loaded.scenario, station.records(ben.id))
    assert not truth.passed
    assert (ben.score, ben.possible, ben.percent, ben.passed) == (
        truth.score,
        truth.possible,
        truth.percent,
        False,
    )
    assert ben.critical_errors == len(truth.critical_errors) > 0
    kept = Report.from_json(station.report_json(ben.id) or "")
    assert [f.outcome for f in kept.findings] == [f.outcome for f in truth.findings]
    cell = next(c for c in dashboard.trainee_results(station) if c.trainee == "Ben Ito")
    assert (cell.last_passed, cell.last_percent) == (False, truth.percent)
    exported_result = next(r for r in submitted_results(station) if r.trainee_name == "Ben Ito")
    assert exported_result.report.passed is False


def test_a_line_stating_only_a_different_attempt_grade_is_named_too(
    tmp_path: Path, station: Store
) -> None:
    path = exported(tmp_path, [("Ana Ruiz", "10/11/2016")])  # a wrong start date
    edit_line(path, 1, lambda d: d["attempt"].update(passed=True))
    done = import_results(station, path)
    assert [(r.line, r.stated.passed) for r in done.regraded] == [(1, True)]
    assert station.attempts()[0].passed is False


def test_an_honest_file_imports_with_nothing_to_say(tmp_path: Path, station: Store) -> None:
    path = exported(tmp_path, [("Ana Ruiz", "10/10/2016"), ("Ben Ito", "10/11/2016")])
    done = import_results(station, path)
    assert done.imported == 2 and done.regraded == ()
    assert done.text() == "2 attempt(s) imported, 0 already here, 2 new trainee(s)"


def test_importing_a_tampered_file_twice_keeps_one_copy_graded_once(
    tmp_path: Path, station: Store
) -> None:
    path = exported(tmp_path, [("Ben Ito", None)])
    edit_line(path, 1, claim_full_marks)
    first = import_results(station, path)
    again = import_results(station, path)
    assert (first.imported, len(first.regraded)) == (1, 1)
    assert (again.imported, again.duplicates, again.regraded) == (0, 1, ())
    assert len(station.attempts()) == 1
    assert station.db.execute("select count(*) from reports").fetchone()[0] == 1
    (cell,) = dashboard.trainee_results(station)
    assert cell.attempts == 1 and cell.last_passed is False
    required = next(m for m in dashboard.rule_misses(station) if m.rule_id == "REF-SPC-REQUIRED")
    assert (required.graded, required.missed) == (1, 1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["attempt"].update(scenario_version=2),
            "scenario 'in-care-victim-2016' version 2 is not in this station's library "
            "(it holds version 1); import its pack first",
        ),
        (
            lambda d: d["attempt"].update(scenario_id="x"),
            "scenario 'x' version 1 is not in this station's library; import its pack first",
        ),
        (
            lambda d: d["attempt"].update(variant="Z"),
            "scenario 'in-care-victim-2016' version 1 has no variant 'Z'",
        ),
    ],
)
def test_a_scenario_version_not_in_the_library_refuses_the_file_by_line(
    tmp_path: Path, station: Store, change, message: str
) -> None:
    path = exported(tmp_path, [("Ana Ruiz", "10/10/2016"), ("Ben Ito", None), ("Cy Tran", None)])
    edit_line(path, 3, change)
    with pytest.raises(ResultsInvalid) as caught:
        import_results(station, path)
    assert caught.value.problems == [f"3: {message}"]
    assert f"laptop.jsonl:3: {message}" in str(caught.value)
    assert station.attempts() == [] and station.trainees() == []  # nothing at all


def test_a_line_already_here_needs_no_scenario(tmp_path: Path, station: Store) -> None:
    path = exported(tmp_path, [("Ana Ruiz", "10/10/2016")])
    import_results(station, path)
    done = import_results(station, path, StationScenarios([]))  # an empty library
    assert (done.imported, done.duplicates) == (0, 1)


def test_the_attempts_variant_is_applied_before_grading(tmp_path: Path) -> None:
    laptop_dir, station_dir = tmp_path / "laptop", tmp_path / "station"
    for folder in (laptop_dir, station_dir):
        (folder / "scenarios").mkdir(parents=True)
        (folder / "scenarios" / "variants.yaml").write_text(PLAIN + VARIANTS, encoding="utf-8")
    loaded = load_file(laptop_dir / "scenarios" / "variants.yaml")
    laptop = Store.open(laptop_dir)
    attempt = laptop.start_attempt(laptop.sign_in("Pat"), loaded, "practice", variant="C")
    r1 = next(r for r in laptop.records(attempt.id).referrals if r.world_key == "R1")
    row = laptop.add_special_project(attempt.id, Notebook.REFERRAL, r1.id)
    laptop.update(  # right for variant C (dates moved a week), wrong for the original
        attempt.id,
        RecordKind.SPECIAL_PROJECT,
        row.id,
        code="S-CSEC Referral",
        start_date="10/17/2016",
    )
    seen = variants.apply(loaded.scenario, "C")
    report = grade(seen, laptop.records(attempt.id), "C")
    laptop.submit(attempt.id, report.score, report.possible, report.passed, report.to_json())
    export_results(laptop, tmp_path / "r.jsonl")
    laptop.close()
    station = Store.open(station_dir)
    try:
        done = import_results(station, tmp_path / "r.jsonl")
        assert done.imported == 1 and done.regraded == ()
        kept = Report.from_json(station.report_json(attempt.id) or "")
        assert kept.variant == "C" and kept.score == report.score
        start = next(f for f in kept.findings if f.rule_id == "REF-SPC-START")
        assert start.outcome is Outcome.MET
        assert station.clients(attempt.id)[0]["display_name"] == "KIM, Dana"
    finally:
        station.close()


# -- one percent, one verdict, everywhere -----------------------------------------------


def synthetic(loaded: LoadedScenario, findings: list[Finding]) -> Report:
    s = loaded.scenario
    return Report(s.id, s.version, s.pass_mark, tuple(findings))


@pytest.mark.parametrize(
    ("findings", "percent", "passed"),
    [
        # Nothing to win, nothing lost: every point possible is won.
        ([finding("DATE-NOT-FUTURE", Outcome.MET, "no date ahead", scored=False)], 100.0, True),
        # Nothing to win, something lost (an extra): nothing of nothing.
        ([finding("REF-SPC-REQUIRED", Outcome.EXTRA, "a code too many")], 0.0, False),
    ],
)
def test_percent_with_nothing_possible_agrees_everywhere(
    tmp_path: Path, loaded: LoadedScenario, findings: list[Finding], percent: float, passed: bool
) -> None:
    from ui.history import history_row
    from ui.lobby import percent as lobby_percent

    report = synthetic(loaded, findings)
    assert report.possible == 0 and report.percent == percent and report.passed is passed
    store = Store.open(tmp_path / "d")
    try:
        attempt = store.start_attempt(store.sign_in("Pat"), loaded, "assessment")
        store.submit(attempt.id, report.score, report.possible, report.passed, report.to_json())
        kept = store.attempt(attempt.id)
        assert (kept.percent, kept.passed) == (percent, passed)
        assert lobby_percent(kept) == percent
        assert f"({percent:g}%)" in history_row(kept, {})[4]
        assert history_row(kept, {})[5] == report.verdict
        # The summary kept at submission, and the attempts counted live (a date filter).
        for filters in (Filters(), Filters(since=dt.date(2000, 1, 1))):
            (cell,) = dashboard.trainee_results(store, filters)
            assert (cell.best_percent, cell.last_percent, cell.last_passed) == (
                percent,
                percent,
                passed,
            )
        results = list(submitted_results(store))
        spreadsheet.write_attempts(results, tmp_path / "attempts.csv")
        (row,) = csv.DictReader((tmp_path / "attempts.csv").open(encoding="utf-8-sig"))
        assert float(row["percent"]) == percent and row["passed"] == ("yes" if passed else "no")
        assert row["critical_errors"] == str(len(report.critical_errors))
        assert row["verdict"] == report.verdict
        verdict = xapi.statements(results[0])[0]
        assert verdict["result"]["score"]["scaled"] == percent / 100
        assert verdict["result"]["success"] is passed
        extensions = verdict["result"]["extensions"]
        assert extensions[f"{xapi.DEFAULT_HOME_PAGE}xapi/extensions/percent"] == percent
        assert extensions[f"{xapi.DEFAULT_HOME_PAGE}xapi/extensions/critical-errors"] == len(
            report.critical_errors
        )
    finally:
        store.close()


def test_a_critical_error_fails_on_every_screen_whatever_the_percentage(
    tmp_path: Path, loaded: LoadedScenario
) -> None:
    """Every other point won, one critical error: above the pass mark, not passed."""
    findings = [
        finding(f"{rule}", Outcome.MET, "right", key=f"k{i}")
        for i, rule in enumerate(["ALG-PERPETRATOR"] * 9)
    ] + [finding("REF-SPC-START", Outcome.WRONG_VALUE, "wrong date", key="start")]
    report = synthetic(loaded, findings)
    assert report.percent == 90.0 and report.percent >= report.pass_mark
    assert not report.passed and report.verdict == "Not passed: 1 critical error"
    store = Store.open(tmp_path / "d")
    try:
        attempt = store.start_attempt(store.sign_in("Pat"), loaded, "assessment")
        store.submit(attempt.id, report.score, report.possible, True, report.to_json())
        kept = store.attempt(attempt.id)
        assert (kept.passed, kept.critical_errors, kept.verdict) == (
            False,
            1,
            "Not passed: 1 critical error",
        )
        (cell,) = dashboard.trainee_results(store)
        assert cell.last_passed is False
    finally:
        store.close()


# -- the heat map counts attempts -------------------------------------------------------


def test_the_heat_map_counts_attempts_not_findings(tmp_path: Path, loaded: LoadedScenario) -> None:
    exploitation = finding("ALG-EXPLOITATION", Outcome.MISSED, "no category", key="alg")
    first = [
        finding("REF-SPC-START", Outcome.MISSED, "no start", key="start-1"),
        finding("REF-SPC-START", Outcome.WRONG_VALUE, "wrong start", key="start-2"),
        exploitation,
        dataclasses.replace(
            finding("ALG-PERPETRATOR", Outcome.MISSED, "no perpetrator", key="perp"),
            cause="alg",
        ),
        finding("RMV-FAIL-TO-PROTECT", Outcome.MISSED, "advice not taken", key="ftp"),
    ]
    second = [
        finding("REF-SPC-START", Outcome.MET, "start", key="start-1"),
        finding("REF-SPC-START", Outcome.MET, "start", key="start-2"),
        finding("ALG-EXPLOITATION", Outcome.MET, "category", key="alg"),
        finding("ALG-PERPETRATOR", Outcome.MET, "perpetrator", key="perp"),
    ]
    store = Store.open(tmp_path / "d")
    try:
        for name, findings in (("Ana", first), ("Ben", second)):
            report = synthetic(loaded, findings)
            attempt = store.start_attempt(store.sign_in(name), loaded, "practice")
            store.submit(attempt.id, report.score, report.possible, report.passed, report.to_json())
        by_rule = {m.rule_id: m for m in dashboard.rule_misses(store)}
        # Two findings of the rule missed in one attempt: one attempt missed it.
        assert (by_rule["REF-SPC-START"].graded, by_rule["REF-SPC-START"].missed) == (2, 1)
        assert by_rule["REF-SPC-START"].counts == "1 of 2 attempts"
        assert (by_rule["ALG-EXPLOITATION"].graded, by_rule["ALG-EXPLOITATION"].missed) == (2, 1)
        # A consequence is shown under its cause: not a miss of its own rule.
        assert (by_rule["ALG-PERPETRATOR"].graded, by_rule["ALG-PERPETRATOR"].missed) == (1, 0)
        assert "RMV-FAIL-TO-PROTECT" not in by_rule  # advice never counts as a miss
        dated = dashboard.rule_misses(store, Filters(since=dt.date(2000, 1, 1)))
        assert dated == dashboard.rule_misses(store)
    finally:
        store.close()


# -- reports an older trainer made --------------------------------------------------------


def old_report_json(report: Report) -> str:
    """The report as the trainer before weights wrote it, claiming full marks."""
    data = report.to_dict()
    data["format_version"] = 1
    for key in ("percent", "critical_errors", "verdict"):
        data.pop(key)
    data["score"], data["passed"] = data["possible"], True
    for f in data["findings"]:
        for key in ("weight", "weight_by_scenario", "key", "after", "cause", "omission"):
            f.pop(key)
        for key in ("scored", "preset"):
            f.pop(key)
        f.update(outcome="met", points=f["possible"], severity="ok")
    return json.dumps(data)


def old_station(
    folder: Path, loaded: LoadedScenario, *starts: str, scenario_version: int = 1
) -> list[str]:
    """A data folder as the trainer before weights left it (migrations up to 0004), with
    one attempt per S-CSEC Referral start date, each passed by its grader with full
    marks; returns the attempts' ids."""
    folder.mkdir(parents=True)
    path = folder / "trainer.db"
    db = Database(path)
    MIGRATIONS.apply(db, stop_before=["0005_one_verdict"])
    old = Store(db, path)
    ids = []
    for n, start in enumerate(starts):
        trainee = old.sign_in(f"Ana Ruiz {n}" if n else "Ana Ruiz")
        attempt = old.start_attempt(trainee, loaded, "practice", cohort="Spring")
        referral = old.records(attempt.id).referrals[-1]
        row = old.add_special_project(attempt.id, Notebook.REFERRAL, referral.id)
        old.update(
            attempt.id,
            RecordKind.SPECIAL_PROJECT,
            row.id,
            code="S-CSEC Referral",
            start_date=start,
        )
        text = old_report_json(grade(loaded.scenario, old.records(attempt.id)))
        possible = json.loads(text)["possible"]
        with db.conn:
            db.table("attempts").update(
                attempt.id,
                {
                    "status": "submitted",
                    "submitted_at": f"2026-01-05T10:00:0{n}+00:00",
                    "score": possible,
                    "possible": possible,
                    "passed": 1,
                    "scenario_version": scenario_version,
                },
            )
            db.table("reports").insert(
                {"attempt_id": attempt.id, "created_at": "x", "report_json": text}
            )
            db.table("findings").insert_all(_finding_rows_0004(attempt.id, text))
            _index_result_0004(db, attempt.id)
        ids.append(attempt.id)
    db.close()
    return ids


def test_an_old_format_report_is_graded_again_from_its_records(
    tmp_path: Path, loaded: LoadedScenario
) -> None:
    (attempt_id,) = old_station(tmp_path / "d", loaded, "10/11/2016")  # a wrong start date
    store = Store.open(tmp_path / "d")  # migration 0005: the report read again
    try:
        assert regrade.old_reports(store) == 1
        summary = regrade.regrade_old_reports(store)
        assert (summary.regraded, summary.kept) == (1, 0)
        truth = grade(loaded.scenario, store.records(attempt_id))
        assert not truth.passed
        kept = store.attempt(attempt_id)
        assert (kept.score, kept.percent, kept.passed) == (truth.score, truth.percent, False)
        report_data = json.loads(store.report_json(attempt_id) or "")
        assert report_data["format_version"] == REPORT_VERSION
        assert Report.from_json(store.report_json(attempt_id) or "") == truth
        (cell,) = dashboard.trainee_results(store)
        assert (cell.attempts, cell.last_percent, cell.last_passed) == (1, truth.percent, False)
        by_rule = {m.rule_id: m for m in dashboard.rule_misses(store)}
        start = by_rule["REF-SPC-START"]
        assert (start.graded, start.missed) == (1, 1)  # the old "met" taken out, not added to
        assert all(m.graded == 1 for m in by_rule.values())
        (result,) = submitted_results(store)
        assert result.report.passed is False
        assert regrade.old_reports(store) == 0
        assert regrade.regrade_old_reports(store) == regrade.RegradeSummary(0, 0)
    finally:
        store.close()


def test_an_old_report_of_a_version_not_in_the_library_keeps_its_findings(
    tmp_path: Path, loaded: LoadedScenario
) -> None:
    (attempt_id,) = old_station(tmp_path / "d", loaded, "10/10/2016", scenario_version=7)
    store = Store.open(tmp_path / "d")
    try:
        before = store.report_json(attempt_id)
        summary = regrade.regrade_old_reports(store)
        assert (summary.regraded, summary.kept) == (0, 1)
        assert store.report_json(attempt_id) == before
        # Its verdict is still the current definition's, from its findings (all met).
        kept = store.attempt(attempt_id)
        assert kept.passed is True and kept.percent == 100.0 and kept.critical_errors == 0
    finally:
        store.close()


def test_the_command_line_grades_old_reports_before_exporting(
    tmp_path: Path, loaded: LoadedScenario, capsys: pytest.CaptureFixture[str]
) -> None:
    from cwstrainer.cli import main

    old_station(tmp_path / "d", loaded, "10/11/2016")
    assert main(["--data-dir", str(tmp_path / "d"), "results", "csv", str(tmp_path / "out")]) == 0
    assert "1 attempt(s) graded by an older trainer were graded again" in capsys.readouterr().out
    (row,) = csv.DictReader((tmp_path / "out" / "attempts.csv").open(encoding="utf-8-sig"))
    assert row["passed"] == "no" and int(row["critical_errors"]) >= 1


def test_old_reports_are_graded_again_all_or_nothing_per_batch(
    tmp_path: Path, loaded: LoadedScenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    import cwstrainer.grading

    ids = old_station(tmp_path / "d", loaded, "10/11/2016", "10/12/2016")
    real = cwstrainer.grading.grade
    calls: list[str] = []

    def failing(*args, **kwargs):
        calls.append("grade")
        if len(calls) == 2:
            raise RuntimeError("the power went")
        return real(*args, **kwargs)

    store = Store.open(tmp_path / "d")
    try:
        monkeypatch.setattr(cwstrainer.grading, "grade", failing)
        with pytest.raises(RuntimeError):
            regrade.regrade_old_reports(store)
        # The batch was one transaction: the first attempt's new grade went with it.
        assert regrade.old_reports(store) == 2
        assert store.db.execute("select count(*) from reports").fetchone()[0] == 2
        assert all(store.attempt(i).passed for i in ids)  # still the old reports' verdict
        monkeypatch.setattr(cwstrainer.grading, "grade", real)
        assert regrade.regrade_old_reports(store).regraded == 2
        assert not any(store.attempt(i).passed for i in ids)
        (start,) = [m for m in dashboard.rule_misses(store) if m.rule_id == "REF-SPC-START"]
        assert (start.graded, start.missed) == (2, 2)
    finally:
        store.close()


def test_the_trainer_grades_old_reports_again_when_it_opens_the_store(
    tmp_path: Path, loaded: LoadedScenario, qtbot
) -> None:
    from ui.history import history_row
    from ui.lobby import Lobby

    (attempt_id,) = old_station(tmp_path / "d", loaded, "10/11/2016")
    lobby = Lobby(tmp_path / "d", bundled=EXAMPLE_PATH.parent)
    try:
        attempt = lobby.store.attempt(attempt_id)
        assert lobby.regraded == regrade.RegradeSummary(1, 0)
        assert attempt.passed is False
        row = history_row(attempt, {})
        assert row[5].startswith("Not passed: ") and "critical error" in row[5]
        report = lobby.report(attempt_id)
        assert report is not None and report.verdict == row[5]
    finally:
        lobby.close()
