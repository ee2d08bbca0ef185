"""`cwstrainer grade SCENARIO ATTEMPT`: the report for a person, or JSON for a program."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cwstrainer.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "in-care-victim-2016.yaml"
EXAMPLE = (ROOT / "docs" / "attempt-format.md").read_text(encoding="utf-8")
EXAMPLE = EXAMPLE.split("```json\n")[1].split("```")[0]


def attempt(tmp_path: Path, change=None) -> Path:
    data = json.loads(EXAMPLE)
    if change:
        change(data)
    path = tmp_path / "attempt.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_passing_attempt_prints_the_report_and_exits_0(tmp_path, capsys):
    assert main(["grade", str(SCENARIO), str(attempt(tmp_path))]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[1] == "PASSED"
    assert "Score: 20 of 20 (100%); pass mark 80%" in out
    assert "Referral (ACL 16-74)" in out
    assert "[ok] REF-SPC-END (inference) [critical]: +2 of 2" in out
    assert 'ACL 16-74, "Use of the S-CSEC Referral Special Project Code (SPC)"' in out


def test_a_failing_attempt_shows_what_was_entered_and_expected_and_exits_1(tmp_path, capsys):
    def no_codes(d):
        d["records"]["special_projects"] = [
            {
                "id": 1,
                "notebook": "referral",
                "owner_id": 1,
                "code": "S-CSEC Referral",
                "start_date": "2016-10-11",
                "end_date": "2016-10-28",
            }
        ]

    assert main(["grade", str(SCENARIO), str(attempt(tmp_path, no_codes))]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[1] == "NOT PASSED: 2 critical errors"
    critical = out.split("Critical errors:")[1].split("\n\n")[0]
    assert "REF-SPC-START" in critical and "CASE-SPC-ON-SUBSTANTIATION" in critical
    assert "[WRONG] REF-SPC-START [critical]: +0 of 2" in out
    assert "entered: 10/11/2016; expected: 10/10/2016" in out
    # the missing victim code is one mistake; VDC-WHEN's miss is shown under it
    assert "\u21b3 [MISSED] VDC-WHEN [critical]: +0 of 2, counted in the mistake above" in out
    assert "go to: case 1" in out


def test_json_gives_score_possible_passed_and_the_findings(tmp_path, capsys):
    def extra(d):
        d["records"]["special_projects"].append(
            {
                "id": 3,
                "notebook": "case",
                "owner_id": 1,
                "code": "S-CSEC Victim Before Care",
                "start_date": "2016-03-08",
            }
        )

    # 90%, but both victim codes for one victimization is a critical error: not passed,
    # and the command says so by its exit status.
    assert main(["grade", str(SCENARIO), str(attempt(tmp_path, extra)), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert (data["score"], data["possible"], data["passed"]) == (18, 20, False)
    assert data["verdict"] == "Not passed: 1 critical error"
    extra_finding = next(f for f in data["findings"] if f["outcome"] == "extra")
    assert extra_finding["rule"] == "VBC-WHEN"
    assert extra_finding["points"] == -2
    assert extra_finding["citation"] == 'ACL 15-49, "Four Special Project Codes", item 2'
    assert "never both" in extra_finding["message"]


def test_a_bad_attempt_file_is_a_message_naming_the_json_path(tmp_path, capsys):
    def bad(d):
        d["records"]["cases"][0]["opened"] = "03/08/2016"

    assert main(["grade", str(SCENARIO), str(attempt(tmp_path, bad))]) == 2
    err = capsys.readouterr().err
    assert "$.records.cases[0].opened: expected a date as YYYY-MM-DD" in err
    assert "Traceback" not in err


def test_an_attempt_at_another_scenario_is_refused(tmp_path, capsys):
    def other(d):
        d["scenario"]["id"] = "duplicate-referral-2016"

    assert main(["grade", str(SCENARIO), str(attempt(tmp_path, other))]) == 2
    assert "is an attempt at scenario 'duplicate-referral-2016'" in capsys.readouterr().err


def test_another_version_is_graded_with_a_note(tmp_path, capsys):
    def older(d):
        d["scenario"]["version"] = 7

    assert main(["grade", str(SCENARIO), str(attempt(tmp_path, older))]) == 0
    captured = capsys.readouterr()
    assert "made on version 7" in captured.err
    assert "PASSED" in captured.out


def test_a_missing_scenario_file_is_a_message(tmp_path, capsys):
    assert main(["grade", str(tmp_path / "none.yaml"), str(attempt(tmp_path))]) == 2
    assert "cannot read the file" in capsys.readouterr().err


@pytest.mark.parametrize("flag", [[], ["--json"]])
def test_the_installed_command_runs_without_a_traceback(tmp_path, flag):
    done = subprocess.run(
        [sys.executable, "-m", "cwstrainer", "grade", str(SCENARIO), str(attempt(tmp_path)), *flag],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "REF-SPC-REQUIRED" in done.stdout


def _shifted(data: dict, days: int) -> dict:
    """An attempt file's dates moved by ``days`` (a variant's seat)."""
    import datetime as dt

    def move(value):
        if isinstance(value, str) and len(value) == 10 and value[4] == "-":
            return (dt.date.fromisoformat(value) + dt.timedelta(days=days)).isoformat()
        return value

    for rows in data["records"].values():
        for row in rows:
            for k, v in row.items():
                row[k] = move(v)
    return data


def test_grade_takes_the_variant_the_attempt_was_made_on(tmp_path, capsys):
    """A right attempt at variant C (dates a week later) passes only against variant C."""
    from tests.test_variants import PLAIN, VARIANTS  # the worked example, two variants

    scenario = tmp_path / "s.yaml"
    scenario.write_text(PLAIN + VARIANTS, encoding="utf-8")
    data = _shifted(json.loads(EXAMPLE), 7)
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["grade", str(scenario), str(path), "--variant", "C"]) == 0
    assert "(version 1, variant C)" in capsys.readouterr().out
    assert main(["grade", str(scenario), str(path)]) == 1
    capsys.readouterr()
    assert main(["grade", str(scenario), str(path), "--variant", "Z"]) == 2
    assert "no variant 'Z' (its variants: B, C)" in capsys.readouterr().err

