"""Results from many laptops collected into one station: no duplicates, nothing half-done."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from cwstrainer.grading import Report, grade
from cwstrainer.scenario.loader import LoadedScenario, load_file
from cwstrainer.station import ResultsInvalid, export_results, import_results
from cwstrainer.store.store import Store
from tests.scenario_text import EXAMPLE_PATH, submit_example


@pytest.fixture
def loaded() -> LoadedScenario:
    return load_file(EXAMPLE_PATH)


def laptop(folder: Path, loaded: LoadedScenario, names: list[str]) -> Store:
    """A laptop where each named trainee submitted one attempt with S-CSEC Referral."""
    store = Store.open(folder)
    for name in names:
        submit_example(store, name)
    store.start_attempt(store.sign_in("Still Working"), loaded, "practice")
    return store


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "station")
    yield s
    s.close()


def test_two_laptops_into_one_station(
    tmp_path: Path, loaded: LoadedScenario, station: Store
) -> None:
    one = laptop(tmp_path / "one", loaded, ["Ana Ruiz", "Ben Ito"])
    two = laptop(tmp_path / "two", loaded, ["ana ruiz"])
    assert export_results(one, tmp_path / "one.jsonl") == 2
    assert export_results(two, tmp_path / "two.jsonl") == 1
    first = import_results(station, tmp_path / "one.jsonl")
    second = import_results(station, tmp_path / "two.jsonl")
    assert (first.imported, first.duplicates, first.trainees_added) == (2, 0, 2)
    assert (second.imported, second.duplicates, second.trainees_added) == (1, 0, 0)
    ana = station.sign_in("Ana Ruiz")
    assert len(station.attempts(ana.id)) == 2
    one.close()
    two.close()


def test_importing_the_same_file_twice_keeps_one_copy(
    tmp_path: Path, loaded: LoadedScenario, station: Store
) -> None:
    one = laptop(tmp_path / "one", loaded, ["Ana Ruiz"])
    export_results(one, tmp_path / "one.jsonl")
    import_results(station, tmp_path / "one.jsonl")
    again = import_results(station, tmp_path / "one.jsonl")
    assert (again.imported, again.duplicates) == (0, 1)
    assert len(station.attempts()) == 1
    one.close()


def test_imported_attempts_keep_records_and_a_report_that_points_at_them(
    tmp_path: Path, loaded: LoadedScenario, station: Store
) -> None:
    one = laptop(tmp_path / "one", loaded, ["Ana Ruiz"])
    (original,) = [a for a in one.attempts() if a.submitted]
    export_results(one, tmp_path / "one.jsonl")
    station.sign_in("Someone Else")  # the station's own rows shift every id
    import_results(station, tmp_path / "one.jsonl")
    imported = station.attempt(original.id)
    assert imported.submitted and imported.score == original.score
    records = station.records(original.id)
    assert [r.code for r in records.special_projects] == ["S-CSEC Referral"]
    report = Report.from_json(station.report_json(original.id) or "")
    regraded = grade(loaded.scenario, records)
    assert report.score == regraded.score
    linked = [f.record for f in report.findings if f.record and f.record.kind == "special_project"]
    assert linked and all(r.id == records.special_projects[0].id for r in linked)
    one.close()


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda d: {**d, "format": "other"}, "not a cwstrainer-results line"),
        (lambda d: {**d, "attempt": {**d["attempt"], "status": "in progress"}}, "only submitted"),
        (lambda d: {**d, "attempt": {**d["attempt"], "id": "../../etc"}}, "is not an attempt id"),
        (lambda d: {**d, "report": {"format": "x"}}, "not a cwstrainer-report"),
        (lambda d: {**d, "trainee": {"name": "  "}}, "the trainee has no name"),
    ],
)
def test_a_bad_line_imports_nothing_and_is_named(
    tmp_path: Path, loaded: LoadedScenario, station: Store, mangle, message: str
) -> None:
    one = laptop(tmp_path / "one", loaded, ["Ana Ruiz", "Ben Ito"])
    path = tmp_path / "one.jsonl"
    export_results(one, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = json.dumps(mangle(json.loads(lines[1])))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ResultsInvalid) as caught:
        import_results(station, path)
    assert caught.value.problems[0].startswith("2: ") and message in caught.value.problems[0]
    assert station.attempts() == [] and station.trainees() == []
    one.close()


def test_not_json_is_named(tmp_path: Path, station: Store) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text("{\n", encoding="utf-8")
    with pytest.raises(ResultsInvalid, match=r"x.jsonl:1: "):
        import_results(station, path)
