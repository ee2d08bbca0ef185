"""Exports: CSV that opens cleanly in a spreadsheet, and xAPI 1.0.3 statements."""

import csv
import json
import uuid
from pathlib import Path

import pytest

from cwstrainer.exports import spreadsheet, xapi
from cwstrainer.exports.results import AttemptResult, submitted_results
from cwstrainer.scenario.loader import load_file
from cwstrainer.store.store import Store
from tests.scenario_text import EXAMPLE_PATH, submit_example


@pytest.fixture
def results(tmp_path: Path) -> list[AttemptResult]:
    """Two submitted attempts (one with S-CSEC Referral entered right) and one unfinished."""
    store = Store.open(tmp_path)
    for name in ('=HYPERLINK("x")', "Ana Ruiz"):
        submit_example(store, name, mode="assessment")
    loaded = load_file(EXAMPLE_PATH)
    store.start_attempt(store.sign_in("Unfinished"), loaded, "practice")
    found = list(submitted_results(store))
    store.close()
    return found


def test_only_submitted_attempts_are_exported(results: list[AttemptResult]) -> None:
    assert [r.trainee_name for r in results] == ['=HYPERLINK("x")', "Ana Ruiz"]
    assert all(r.report.findings for r in results)


def test_attempts_csv_one_row_each_formula_defused(
    results: list[AttemptResult], tmp_path: Path
) -> None:
    path = tmp_path / "attempts.csv"
    assert spreadsheet.write_attempts(results, path) == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig", newline="")))
    assert rows[0]["trainee"] == '\'=HYPERLINK("x")'
    assert rows[1]["trainee"] == "Ana Ruiz"
    assert rows[1]["passed"] in {"yes", "no"}
    assert float(rows[1]["possible"]) == results[1].report.possible


def test_findings_csv_one_row_per_finding(results: list[AttemptResult], tmp_path: Path) -> None:
    path = tmp_path / "findings.csv"
    expected = sum(len(r.report.findings) for r in results)
    assert spreadsheet.write_findings(results, path) == expected
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig", newline="")))
    start = next(r for r in rows if r["rule"] == "REF-SPC-START")
    assert start["outcome"] == "met" and start["citation"].startswith("ACL 16-74")


def test_xapi_statements(results: list[AttemptResult]) -> None:
    result = results[1]
    statements = xapi.statements(result, "https://academy.example/")
    verdict, answered = statements[0], statements[1:]
    assert verdict["verb"]["id"] in {xapi.VERBS["passed"], xapi.VERBS["failed"]}
    assert (verdict["verb"]["id"] == xapi.VERBS["passed"]) is result.report.passed
    assert verdict["actor"]["account"] == {
        "homePage": "https://academy.example/",
        "name": "ana ruiz",
    }
    assert "mbox" not in verdict["actor"]
    assert verdict["context"]["registration"] == str(uuid.UUID(hex=result.attempt.id))
    score = verdict["result"]["score"]
    assert score["min"] <= score["raw"] <= score["max"] and 0 <= score["scaled"] <= 1
    assert verdict["result"]["duration"].startswith("PT")
    assert len(answered) == len(result.report.findings)
    assert {s["verb"]["id"] for s in answered} == {xapi.VERBS["answered"]}
    for statement, finding in zip(answered, result.report.findings, strict=True):
        assert statement["object"]["id"].endswith(f"/rules/{finding.rule_id}")
        assert statement["result"]["success"] is (finding.outcome == "met")
        if "score" in statement["result"]:
            s = statement["result"]["score"]
            assert s["min"] <= s["raw"] <= s["max"]
    assert len({s["id"] for s in statements}) == len(statements)


def test_statement_ids_are_stable_across_exports(
    results: list[AttemptResult], tmp_path: Path
) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    count = xapi.write_jsonl(results, first)
    assert xapi.write_jsonl(results, second) == count
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    lines = first.read_text(encoding="utf-8").splitlines()
    assert len(lines) == count and all(json.loads(line)["version"] == "1.0.3" for line in lines)


def test_cohort_and_variant_travel_in_the_csv_and_in_xapi_context(tmp_path: Path) -> None:
    """Cohort and variant were missing from attempts.csv and from the xAPI statements
    (issue 16)."""
    store = Store.open(tmp_path)
    submit_example(store, "Ana Ruiz", cohort="Academy 2026-11")
    found = list(submitted_results(store))
    store.close()
    path = tmp_path / "attempts.csv"
    spreadsheet.write_attempts(found, path)
    (row,) = list(csv.DictReader(path.open(encoding="utf-8-sig", newline="")))
    assert (row["cohort"], row["variant"]) == ("Academy 2026-11", "")
    verdict = next(s for s in xapi.statements(found[0], xapi.DEFAULT_HOME_PAGE))
    extensions = verdict["context"]["extensions"]
    assert any(k.endswith("/cohort") and v == "Academy 2026-11" for k, v in extensions.items())
    assert any(k.endswith("/variant") for k in extensions)
