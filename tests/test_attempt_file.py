"""Attempt files: the documented format, round trips, and clear messages for bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scenario_builders import Entries, perfect_base, scenario

from cwstrainer import attempt_file
from cwstrainer.attempt_file import AttemptFile, AttemptFileInvalid
from cwstrainer.grading import grade
from cwstrainer.scenario.loader import load_file

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "attempt-format.md"


def doc_example() -> str:
    return DOC.read_text(encoding="utf-8").split("```json\n")[1].split("```")[0]


def good() -> dict:
    return json.loads(doc_example())


def problems(data: object) -> list[str]:
    with pytest.raises(AttemptFileInvalid) as caught:
        attempt_file.loads(json.dumps(data), "a.json")
    return caught.value.problems


def test_the_documented_example_reads_and_meets_every_rule():
    attempt = attempt_file.loads(doc_example())
    loaded = load_file(ROOT / "scenarios" / "in-care-victim-2016.yaml")
    assert (attempt.scenario_id, attempt.scenario_version) == ("in-care-victim-2016", 1)
    report = grade(loaded.scenario, attempt.records)
    assert (report.score, report.possible, report.passed) == (20, 20, True)


def test_round_trip_through_a_file(tmp_path):
    s = scenario()
    e = perfect_base(s)
    e.referral(received=None)
    original = AttemptFile(s.id, s.version, e.records())
    path = tmp_path / "attempt.json"
    attempt_file.write(path, original)
    assert attempt_file.read(path) == original
    assert json.loads(path.read_text())["format"] == "cwstrainer-attempt"


def test_missing_lists_are_empty():
    data = good()
    data["records"] = {"cases": data["records"]["cases"]}
    attempt = attempt_file.loads(json.dumps(data))
    assert attempt.records.referrals == ()
    assert len(attempt.records.cases) == 1


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["records"]["allegations"][0].update(disposition_date="10/28/2016"),
            "$.records.allegations[0].disposition_date: expected a date as YYYY-MM-DD, "
            'got "10/28/2016"',
        ),
        (
            lambda d: d["records"]["special_projects"][1].update(notebook="Case"),
            "$.records.special_projects[1].notebook: expected 'referral' or 'case', got \"Case\"",
        ),
        (
            lambda d: d["records"]["referrals"][0].update(received_time="9:42am"),
            "$.records.referrals[0].received_time: expected a time as HH:MM (24-hour), "
            'got "9:42am"',
        ),
        (
            lambda d: d["records"]["allegations"][0].update(abuse_category="Exploitation"),
            '$.records.allegations[0].abuse_category: expected a whole number, got "Exploitation"; '
            "did you mean 2177 (Exploitation)?",
        ),
        (
            lambda d: d["records"]["allegations"][0].update(created_by_trainee=1),
            "$.records.allegations[0].created_by_trainee: expected true or false, got 1",
        ),
        (
            lambda d: d["records"]["cases"][0].pop("child"),
            "$.records.cases[0].child: missing (required)",
        ),
        (
            lambda d: d["records"]["cases"][0].update(opened=None),
            "$.records.cases[0].opened: must not be null",
        ),
        (
            lambda d: d["records"]["placements"][0].update(colour="red"),
            "$.records.placements[0].colour: unknown field",
        ),
        (
            lambda d: d["records"].update(clients=[]),
            "$.records.clients: unknown kind of record; expected one of referrals, allegations, "
            "placements, cases, special_projects, csec_rows",
        ),
        (
            lambda d: d["records"].update(allegations={}),
            "$.records.allegations: expected a list, got an object",
        ),
        (
            lambda d: d["records"]["special_projects"].append(d["records"]["special_projects"][0]),
            "$.records.special_projects[2].id: id 1 is already used in special_projects",
        ),
        (
            lambda d: d.update(format="something-else"),
            "$.format: expected 'cwstrainer-attempt', got 'something-else'",
        ),
        (
            lambda d: d.update(format_version=2),
            "$.format_version: this trainer reads version 1, got 2",
        ),
        (
            lambda d: d.update(scenario="in-care-victim-2016"),
            "$.scenario: expected an object with 'id' and 'version'",
        ),
        (
            lambda d: d["scenario"].update(version="1"),
            '$.scenario.version: expected a whole number, got "1"',
        ),
        (lambda d: d.update(trainee="me"), "$.trainee: unknown key"),
    ],
)
def test_bad_files_name_the_problem_by_json_path(change, expected):
    data = good()
    change(data)
    assert problems(data) == [expected]


def test_every_problem_is_reported_at_once():
    data = good()
    data["records"]["allegations"][0]["victim"] = 5
    data["records"]["special_projects"][0]["start_date"] = "2016-13-01"
    assert problems(data) == [
        "$.records.allegations[0].victim: expected text, got 5",
        '$.records.special_projects[0].start_date: expected a date as YYYY-MM-DD, got "2016-13-01"',
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("{", "$: not JSON (line 1, column 2"), ("[1, 2]", "$: expected an object, got a list")],
)
def test_text_that_is_not_an_attempt(text, expected):
    with pytest.raises(AttemptFileInvalid) as caught:
        attempt_file.loads(text, "x.json")
    assert str(caught.value).startswith(f"x.json: {expected}")


def test_unreadable_files_are_messages(tmp_path):
    with pytest.raises(AttemptFileInvalid, match="cannot read the file"):
        attempt_file.read(tmp_path / "missing.json")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(AttemptFileInvalid, match="not UTF-8"):
        attempt_file.read(binary)
    with pytest.raises(AttemptFileInvalid, match="cannot write the file"):
        attempt_file.write(tmp_path, AttemptFile("x", 1, Entries().records()))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(value=json_values)
def test_any_json_reads_or_is_refused_with_a_message(value):
    try:
        attempt_file.loads(json.dumps(value))
    except AttemptFileInvalid as exc:
        assert exc.problems and all(p.startswith("$") for p in exc.problems)


@settings(max_examples=150, deadline=None)
@given(
    path=st.sampled_from(["referrals", "allegations", "placements", "cases", "special_projects"]),
    key=st.sampled_from(
        [
            "id",
            "referral_id",
            "owner_id",
            "notebook",
            "child",
            "opened",
            "world_key",
            "code",
            "start_date",
            "victim",
            "received_date",
        ]
    ),
    value=json_values,
)
def test_any_field_value_reads_or_is_refused_with_a_message(path, key, value):
    data = good()
    rows = data["records"][path]
    rows[0][key] = value
    try:
        attempt_file.loads(json.dumps(data))
    except AttemptFileInvalid as exc:
        # Named by its JSON path, or (a number too long to read at all, refused before
        # parsing) by its line and column.
        assert all(
            p.startswith("$.records.") or ("(line " in p and "column" in p) for p in exc.problems
        )
