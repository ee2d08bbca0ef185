"""`cwstrainer validate`, `schema` and `rules`: what a trainer sees at the command line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cwstrainer.cli import main
from cwstrainer.rules.catalog import RULES
from cwstrainer.scenario.jsonschema import schema_text
from tests.scenario_text import EXAMPLE, line_of

ROOT = Path(__file__).resolve().parents[1]


def test_a_folder_of_good_files_prints_one_line_and_exits_0(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.yaml").write_text(EXAMPLE, encoding="utf-8")
    assert main(["validate", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "1 scenario file(s) valid.\n"


def test_every_problem_is_printed_located_and_the_exit_is_non_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = EXAMPLE.replace("difficulty: easy", "difficulty: simple").replace(
        "opened: 2016-03-08", "opened: 2016-02-30"
    )
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    (tmp_path / "good.yaml").write_text(EXAMPLE.replace("in-care-victim-2016", "other-id-2016"))
    assert main(["validate", str(tmp_path), str(tmp_path / "missing.yaml")]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert f"{path}:{line_of(bad, 'difficulty')}:13: difficulty: 'simple' is not one of" in lines[0]
    assert f"{path}:{line_of(bad, 'opened:')}:" in lines[1]
    assert lines[2] == f"{tmp_path / 'missing.yaml'}:1:1: no such file or folder"
    assert "2 of 3 scenario file(s) have problems" in captured.err


def test_an_empty_folder_is_not_a_success(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path)]) == 1
    assert "no scenario files" in capsys.readouterr().err


def test_the_bundled_library_is_valid() -> None:
    """Shipped content is checked like code."""
    assert main(["validate", str(ROOT / "scenarios")]) == 0


def test_the_published_schema_is_current() -> None:
    """The published schema is generated from the model (`cwstrainer schema -o ...`)."""
    published = (ROOT / "docs" / "scenario.schema.json").read_text(encoding="utf-8")
    assert published == schema_text(), "run: cwstrainer schema -o docs/scenario.schema.json"


def test_the_schema_describes_the_format() -> None:
    schema = json.loads(schema_text())
    assert schema["additionalProperties"] is False
    assert {"id", "title", "today", "clients", "narrative"} <= set(schema["required"])
    referral = schema["$defs"]["Referral"]
    assert referral["properties"]["communication_method"]["enum"][:2] == ["In-Person", "Telephone"]
    assert referral["properties"]["name"]["anyOf"][0]["maxLength"] == 35


def test_rules_lists_every_rule_with_its_citation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in listed] == [r.id for r in RULES]
    end = next(r for r in listed if r["id"] == "REF-SPC-END")
    assert end["inference"] is True and end["citation"].startswith("ACL 16-74")


def test_the_console_script_runs_as_a_module() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "cwstrainer", "validate", "scenarios"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("scenario file(s) valid.")
