"""Results import validated field by field (issue 13, item 3).

Each example of the issue's "Tracebacks" and "Accepted, then broken" bullets that
concerns results files is refused with its line number and the field named, and nothing
is stored; whatever is accepted can afterwards be exported (CSV, xAPI, results file),
sent to an LRS and shown on the dashboard without an exception.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cwstrainer import dashboard, lrs
from cwstrainer.cli import main
from cwstrainer.exports import spreadsheet, xapi
from cwstrainer.exports.results import submitted_results
from cwstrainer.regrade import StationScenarios
from cwstrainer.station import ResultsInvalid, export_results, import_results
from cwstrainer.store.store import Store
from tests.scenario_text import submit_example

Mangle = Callable[[dict[str, Any]], None]


@pytest.fixture(scope="module")
def good_line(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One honest results line from a laptop."""
    folder = tmp_path_factory.mktemp("laptop")
    store = Store.open(folder)
    submit_example(store, "Ana Ruiz")
    path = folder / "results.jsonl"
    export_results(store, path)
    store.close()
    line: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return line


@pytest.fixture(scope="module")
def scenarios() -> StationScenarios:
    return StationScenarios.load(Path("/nonexistent-station"))


@pytest.fixture
def station(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "station")
    yield store
    store.close()


def write(path: Path, *lines: object) -> Path:
    path.write_text(
        "".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines),
        encoding="utf-8",
    )
    return path


def set_at(where: str, value: object) -> Mangle:
    """Set a field by its dotted path (``attempt.mode``, ``report.findings.0.rule``)."""

    def mangle(line: dict[str, Any]) -> None:
        *parents, last = where.split(".")
        target: Any = line
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return mangle


def refused(station: Store, scenarios: StationScenarios, path: Path) -> list[str]:
    with pytest.raises(ResultsInvalid) as caught:
        import_results(station, path, scenarios)
    assert station.attempts() == [] and station.trainees() == []  # nothing stored
    return caught.value.problems


# -- the examples, each refused by line and field --------------------------------------

EXAMPLES = [
    # Accepted, then broken
    ("submitted-at-garbage", set_at("attempt.submitted_at", "garbage"), "attempt.submitted_at"),
    ("unknown-rule", set_at("report.findings.0.rule", "NO-SUCH-RULE"), "report.findings[0].rule"),
    ("score-as-text", set_at("attempt.score", "4.0"), "attempt.score: expected a number"),
    (
        "passed-as-string",
        set_at("attempt.passed", "false"),
        "attempt.passed: expected true or false",
    ),
    ("report-passed-as-string", set_at("report.passed", "false"), "report.passed"),
    # Tracebacks
    ("null-mode", set_at("attempt.mode", None), "attempt.mode: must not be null"),
    ("unknown-mode", set_at("attempt.mode", "exam"), "attempt.mode: 'exam' is not one of"),
    (
        "score-over-sqlite",
        set_at("attempt.score", 10**25),
        "attempt.score: 10000000000000000000000000 is out of range",
    ),
    ("version-over-sqlite", set_at("attempt.scenario_version", 2**63), "attempt.scenario_version"),
    (
        "version-as-text",
        set_at("attempt.scenario_version", "1"),
        "attempt.scenario_version: expected a whole number",
    ),
    # the rest of the fields, in kind
    (
        "started-without-offset",
        set_at("attempt.started_at", "2016-10-10T09:00:00"),
        "attempt.started_at: '2016-10-10T09:00:00' does not say its offset",
    ),
    (
        "started-in-year-1",
        set_at("attempt.started_at", "0001-01-01T00:00:00+05:00"),
        "attempt.started_at",
    ),
    ("submitted-missing", set_at("attempt.submitted_at", None), "attempt.submitted_at"),
    (
        "cohort-too-long",
        set_at("attempt.cohort", "c" * 81),
        "attempt.cohort: is 81 characters; at most 80",
    ),
    ("variant-as-number", set_at("attempt.variant", 3), "attempt.variant: expected text"),
    (
        "cohort-with-nul",
        set_at("attempt.cohort", "a\x00b"),
        "attempt.cohort: holds the control character U+0000",
    ),
    (
        "name-too-long",
        set_at("trainee.name", "N" * 81),
        "trainee.name: is 81 characters; at most 80",
    ),
    ("name-not-text", set_at("trainee.name", ["Ana"]), "trainee.name: the trainee has no name"),
    ("attempt-id-hex-with-underscore", set_at("attempt.id", "a_" + "0" * 30), "attempt.id"),
    ("percent-over-100", set_at("report.percent", 101), "report.percent: 101 is out of range"),
    ("negative-possible", set_at("attempt.possible", -1), "attempt.possible"),
    ("critical-as-float", set_at("attempt.critical_errors", 1.5), "attempt.critical_errors"),
    ("outcome-unknown", set_at("report.findings.0.outcome", "great"), "report.findings[0].outcome"),
    ("points-as-text", set_at("report.findings.0.points", "2"), "report.findings[0].points"),
    (
        "findings-not-a-list",
        set_at("report.findings", {"a": 1}),
        "report.findings: expected a list",
    ),
    ("format-version-2", set_at("format_version", 2), "format_version: 2 is out of range"),
    ("attempt-not-object", set_at("attempt", "x"), "attempt: expected an object, got text"),
]


@pytest.mark.parametrize(
    ("mangle", "field"), [e[1:] for e in EXAMPLES], ids=[e[0] for e in EXAMPLES]
)
def test_a_bad_field_is_refused_with_its_line_and_name(
    tmp_path: Path,
    good_line: dict[str, Any],
    scenarios: StationScenarios,
    station: Store,
    mangle: Mangle,
    field: str,
) -> None:
    bad = copy.deepcopy(good_line)
    bad["attempt"]["id"] = uuid.uuid4().hex
    mangle(bad)
    other = copy.deepcopy(good_line)
    path = write(tmp_path / "r.jsonl", other, bad)
    problems = refused(station, scenarios, path)
    assert len(problems) == 1 and problems[0].startswith(f"2: {field}"), problems


def test_a_line_nested_100000_deep_is_located_not_a_recursion_error(
    tmp_path: Path, good_line: dict[str, Any], scenarios: StationScenarios, station: Store
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    text = json.dumps(good_line)
    nested = text[:-1] + ', "extra": ' + deep + "}"
    path = write(tmp_path / "deep.jsonl", good_line, nested)
    problems = refused(station, scenarios, path)
    assert problems[0].startswith("2: nested more than 64 levels deep (column "), problems


def test_a_5000_digit_integer_is_located_not_an_overflow(
    tmp_path: Path, good_line: dict[str, Any], scenarios: StationScenarios, station: Store
) -> None:
    text = json.dumps(good_line).replace('"score": 4.0', '"score": ' + "9" * 5000, 1)
    assert "9" * 5000 in text
    problems = refused(station, scenarios, write(tmp_path / "big.jsonl", text))
    assert problems[0].startswith("1: a number of 5,000 digits; at most 30 are read"), problems


def test_a_score_too_large_for_a_float_is_refused(
    tmp_path: Path, good_line: dict[str, Any], scenarios: StationScenarios, station: Store
) -> None:
    text = json.dumps(good_line).replace('"score": 4.0', '"score": 1e400', 1)
    problems = refused(station, scenarios, write(tmp_path / "inf.jsonl", text))
    assert problems == ["1: attempt.score: inf is not a number the trainer keeps"]


def test_every_bad_line_is_named_and_good_ones_are_not(
    tmp_path: Path, good_line: dict[str, Any], scenarios: StationScenarios, station: Store
) -> None:
    lines: list[object] = []
    for i in range(5):
        line = copy.deepcopy(good_line)
        line["attempt"]["id"] = uuid.uuid4().hex
        if i in (1, 3):
            line["attempt"]["submitted_at"] = "garbage"
        lines.append(line)
    lines.insert(2, "not json")
    problems = refused(station, scenarios, write(tmp_path / "m.jsonl", *lines))
    assert [p.split(":")[0] for p in problems] == ["2", "3", "5"]


def test_a_named_pipe_is_refused_at_once(
    tmp_path: Path, scenarios: StationScenarios, station: Store
) -> None:
    fifo = tmp_path / "results.jsonl"
    os.mkfifo(fifo)
    problems = refused(station, scenarios, fifo)
    assert problems[0].startswith("1: this is a named pipe"), problems


def test_the_command_line_names_the_line_and_field(
    tmp_path: Path, good_line: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    bad = copy.deepcopy(good_line)
    bad["attempt"]["mode"] = None
    path = write(tmp_path / "bad.jsonl", bad)
    assert main(["--data-dir", str(tmp_path / "s"), "results", "import", str(path)]) == 2
    assert "bad.jsonl:1: attempt.mode: must not be null" in capsys.readouterr().err


def test_an_accepted_line_keeps_its_times_in_utc(
    tmp_path: Path, good_line: dict[str, Any], scenarios: StationScenarios, station: Store
) -> None:
    line = copy.deepcopy(good_line)
    line["attempt"]["id"] = line["attempt"]["id"].upper()
    line["attempt"]["submitted_at"] = "2016-10-10T17:30:00-07:00"
    line["attempt"]["started_at"] = "2016-10-10T17:00:00-07:00"
    import_results(station, write(tmp_path / "t.jsonl", line), scenarios)
    (attempt,) = station.attempts()
    assert attempt.id == good_line["attempt"]["id"].lower()
    assert attempt.submitted_at == "2016-10-11T00:30:00+00:00"
    (result,) = submitted_results(station)
    assert result.duration_seconds == 1800


# -- what is accepted goes everywhere ---------------------------------------------------------


def everything_works(station: Store, folder: Path) -> None:
    """Every reader of accepted results: CSV, xAPI, a results file, the LRS queue, the
    dashboard. None may raise."""
    results = list(submitted_results(station))
    folder.mkdir(parents=True, exist_ok=True)
    spreadsheet.write_attempts(results, folder / "attempts.csv")
    spreadsheet.write_findings(results, folder / "findings.csv")
    xapi.write_jsonl(results, folder / "s.jsonl")
    export_results(station, folder / "again.jsonl", results)
    lrs.enqueue_submitted(station, xapi.DEFAULT_HOME_PAGE)
    dashboard.trainee_results(station)
    dashboard.trainee_results(station, dashboard.Filters(cohort="x"), limit=10)
    dashboard.rule_misses(station)
    dashboard.cohorts(station)
    dashboard.trainee_count(station)


def test_hostile_but_valid_values_are_exported_and_shown_safely(
    tmp_path: Path, good_line: dict[str, Any], scenarios: StationScenarios, station: Store
) -> None:
    line = copy.deepcopy(good_line)
    line["trainee"]["name"] = '=HYPERLINK("http://x")  Ré  '
    line["attempt"]["cohort"] = "@" + "é" * 79
    line["attempt"]["last_page"] = "x" * 200
    line["attempt"]["updated_at"] = None
    line["attempt"]["score"] = 0
    line["report"]["findings"] = line["report"]["findings"][:1]
    import_results(station, write(tmp_path / "h.jsonl", line), scenarios)
    everything_works(station, tmp_path / "out")
    rows = list(csv.DictReader((tmp_path / "out" / "attempts.csv").open(encoding="utf-8-sig")))
    assert rows[0]["trainee"] == '\'=HYPERLINK("http://x") Ré'
    assert lrs.pending(station) > 0
    # and the station's own results file imports again, elsewhere
    other = Store.open(tmp_path / "other")
    try:
        assert import_results(other, tmp_path / "out" / "again.jsonl", scenarios).imported == 1
    finally:
        other.close()


def test_the_commands_never_raise_on_what_was_accepted(
    tmp_path: Path, good_line: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "station")]
    line = copy.deepcopy(good_line)
    line["attempt"]["cohort"] = "Spring"
    path = write(tmp_path / "in.jsonl", line)
    assert main([*data, "results", "import", str(path)]) == 0
    assert main([*data, "results", "csv", str(tmp_path / "csv")]) == 0
    assert main([*data, "results", "xapi", str(tmp_path / "x.jsonl")]) == 0
    assert main([*data, "results", "export", str(tmp_path / "e.jsonl")]) == 0
    assert "1 attempt(s) written" in capsys.readouterr().out


HOSTILE = st.one_of(
    st.none(),
    st.booleans(),
    st.sampled_from(
        [
            "",
            " ",
            "garbage",
            "false",
            "true",
            "2016-02-30T00:00:00+00:00",
            "2016-10-10",
            "9999-12-31T23:59:59-12:00",
            "practice",
            "assessment",
            "REF-SPC-REQUIRED",
            "met",
            "\x00",
            "\u202e",
            "x" * 5000,
            "=cmd|' /C calc'!A0",
        ]
    ),
    st.sampled_from(  # plausible values, so that many lines are accepted and exported
        [
            "2016-10-10T09:00:00+00:00",
            "2030-01-01T00:00:00+14:00",
            "Spring 2017",
            "@cohort",
            "Ñoño O'Brien",
            "guided",
            "a" * 80,
            0,
            1,
            80,
            100,
            0.5,
        ]
    ),
    st.integers(min_value=-(10**29), max_value=10**29),
    st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.integers(0, 3), max_size=3),
    st.dictionaries(st.sampled_from(["a", "rule", "id"]), st.integers(0, 3), max_size=2),
)
FIELDS = [
    "format_version",
    "trainee",
    "trainee.name",
    "trainee.id",
    "attempt",
    "attempt.id",
    "attempt.scenario_id",
    "attempt.scenario_version",
    "attempt.scenario_digest",
    "attempt.scenario_source",
    "attempt.mode",
    "attempt.status",
    "attempt.started_at",
    "attempt.updated_at",
    "attempt.submitted_at",
    "attempt.last_page",
    "attempt.variant",
    "attempt.cohort",
    "attempt.score",
    "attempt.possible",
    "attempt.passed",
    "attempt.percent",
    "attempt.critical_errors",
    "attempt.pass_mark",
    "records",
    "report",
    "report.format_version",
    "report.score",
    "report.possible",
    "report.passed",
    "report.percent",
    "report.pass_mark",
    "report.findings",
    "report.findings.0",
    "report.findings.0.rule",
    "report.findings.0.outcome",
    "report.findings.0.points",
    "report.findings.0.possible",
    "report.findings.0.weight",
    "report.findings.0.record",
]


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.tuples(st.sampled_from(FIELDS), HOSTILE), min_size=1, max_size=3))
def test_any_mangled_line_is_refused_by_line_or_works_everywhere(
    tmp_path: Path,
    good_line: dict[str, Any],
    scenarios: StationScenarios,
    changes: list[tuple[str, object]],
) -> None:
    line = copy.deepcopy(good_line)
    line["attempt"]["id"] = uuid.uuid4().hex
    for where, value in changes:
        try:
            set_at(where, value)(line)
        except (KeyError, IndexError, TypeError, ValueError):
            continue  # the path is gone (an earlier change replaced its parent)
    folder = tmp_path / uuid.uuid4().hex
    folder.mkdir()
    path = write(folder / "r.jsonl", line)
    store = Store.open(folder / "station")
    try:
        try:
            import_results(store, path, scenarios)
        except ResultsInvalid as exc:
            assert exc.problems and all(p.startswith("1: ") for p in exc.problems)
            assert store.attempts() == []
            event("refused by line")
            return
        event("accepted")
        everything_works(store, folder / "out")
    finally:
        store.close()
