"""`cwstrainer coverage` and `cwstrainer catalogue`: computed from the attempt files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cwstrainer.catalogue import catalogue_text
from cwstrainer.cli import main
from cwstrainer.coverage import cell, library_coverage
from cwstrainer.rules.catalog import RULE_IDS
from cwstrainer.rules.registry import checks

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
CATALOGUE = ROOT / "docs" / "scenarios.md"


@pytest.fixture(scope="module")
def bundled():
    return library_coverage([SCENARIOS])


def copy_scenarios(tmp_path: Path, *ids: str) -> Path:
    """Some bundled scenarios with their attempts, in a folder of their own."""
    folder = tmp_path / "library"
    (folder / "attempts").mkdir(parents=True)
    for sid in ids:
        shutil.copy(SCENARIOS / f"{sid}.yaml", folder)
        shutil.copytree(SCENARIOS / "attempts" / sid, folder / "attempts" / sid)
    return folder


# -- the bundled library --------------------------------------------------------------


def test_every_rule_of_the_engine_is_met_and_missed_by_the_bundled_library(bundled):
    assert set(bundled.rule_ids) == set(checks()) == set(RULE_IDS)
    assert bundled.never_met == ()
    assert bundled.never_missed == ()
    assert bundled.problems == ()
    assert bundled.complete


def test_scored_rules_are_met_for_points_and_guards_only_checked(bundled):
    """A guard (its checks only take points off) can only ever be 'checked'; a rule
    that scores must be met for points somewhere, not merely checked."""
    guards = {
        "DATE-ORDER",
        "DATE-NOT-FUTURE",
        "SPC-WRONG-NOTEBOOK",
        "SPC-NOT-YET-ACTIVE",
        "GRID-ABSENT-END",
        "GRID-NOT-BEFORE-BIRTH",
        "GRID-DATE-ORDER",
        "GRID-NO-DUPLICATE",
    }
    met_for_points = {r for s in bundled.scenarios for r in s.met}
    only_checked = set(RULE_IDS) - met_for_points
    # The letter's example and permission ("could be", "may") are advice: shown, never
    # scored. Right decisions to enter nothing (REF-DUPLICATE-PRIMARY on a duplicate,
    # ABS-POPULATION outside foster care) now score, as RULES.md asks.
    advice = {"RMV-FAIL-TO-PROTECT", "SPC-MULTIPLE"}
    assert only_checked == guards | advice


def test_cells_name_what_each_scenario_exercises(bundled):
    by_id = {s.id: s for s in bundled.scenarios}
    several = by_id["several-absences-2016"]
    assert cell(several, "ABS-PER-INCIDENT") == "Mx"
    assert several.missed_by("ABS-PER-INCIDENT") == ("one-code-for-two-absences",)
    assert cell(by_id["in-home-at-risk-2016"], "ABS-POPULATION") == "Mx"
    assert cell(by_id["at-risk-one-indicator-2016"], "AR-WHEN") == "Mx"
    assert cell(by_id["at-risk-two-indicators-2016"], "REF-SPC-REQUIRED") == "."
    assert cell(by_id["duplicate-referral-2016"], "REF-DUPLICATE-PRIMARY") == "Mx"


def test_the_coverage_command_prints_the_matrix_and_exits_0(capsys):
    assert main(["coverage"]) == 0
    out = capsys.readouterr().out
    assert "37 rules, 27 scenarios, 27 reference attempts" in out
    assert "Met (or checked) somewhere: 37 of 37; missed somewhere: 37 of 37." in out
    row = next(line for line in out.splitlines() if line.startswith("ABS-PER-INCIDENT"))
    assert row.split()[-2:] == ["1", "1"]


def test_the_coverage_command_as_json(capsys):
    assert main(["coverage", str(SCENARIOS), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["complete"] is True
    assert data["rules"]["REF-ONE-PER-CHILD"] == {
        "met": ["several-children-one-report-2016"],
        "missed": ["several-children-one-report-2016"],
    }
    assert data["scenarios"]["investigation-open-2016"]["missed"]["DATE-NOT-FUTURE"] == [
        "end-date-guessed"
    ]


# -- an incomplete library fails, and says why ---------------------------------------------


def test_a_library_leaving_rules_out_exits_1_and_names_them(tmp_path, capsys):
    folder = copy_scenarios(tmp_path, "at-risk-two-indicators-2016")
    assert main(["coverage", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "Never met: REF-SPC-REQUIRED" in out
    assert "AR-START" not in out.split("Never met:")[1].split("\n")[0]
    assert "<- never met" in out


def test_a_missing_reference_is_a_problem(tmp_path, capsys):
    folder = copy_scenarios(tmp_path, "at-risk-two-indicators-2016")
    (folder / "attempts" / "at-risk-two-indicators-2016" / "reference.json").unlink()
    cov = library_coverage([folder])
    assert cov.problems == (
        f"{folder / 'attempts' / 'at-risk-two-indicators-2016' / 'reference.json'}: "
        "no reference attempt for 'at-risk-two-indicators-2016'",
    )
    assert main(["coverage", str(folder)]) == 1
    assert "no reference attempt" in capsys.readouterr().err


def test_a_reference_short_of_full_marks_is_a_problem(tmp_path):
    folder = copy_scenarios(tmp_path, "at-risk-two-indicators-2016")
    attempts = folder / "attempts" / "at-risk-two-indicators-2016"
    shutil.copy(attempts / "at-risk-from-first-indicator.json", attempts / "reference.json")
    (problem,) = library_coverage([folder]).problems
    assert problem.endswith("the reference does not score full marks (4 of 6; loses AR-START)")


def test_a_mistake_attempt_that_loses_nothing_is_a_problem(tmp_path):
    folder = copy_scenarios(tmp_path, "at-risk-two-indicators-2016")
    attempts = folder / "attempts" / "at-risk-two-indicators-2016"
    shutil.copy(attempts / "reference.json", attempts / "same-as-reference.json")
    (problem,) = library_coverage([folder]).problems
    assert problem.endswith(
        "same-as-reference.json: the mistake attempt loses nothing: it exercises no rule"
    )


def test_attempts_made_on_an_older_version_are_problems(tmp_path):
    folder = copy_scenarios(tmp_path, "at-risk-two-indicators-2016")
    path = folder / "at-risk-two-indicators-2016.yaml"
    path.write_text(path.read_text().replace("version: 1", "version: 2"), encoding="utf-8")
    problems = library_coverage([folder]).problems
    assert len(problems) == 3  # the reference and both mistakes
    assert all(
        "made on version 1 of 'at-risk-two-indicators-2016', which is now at version 2" in p
        for p in problems
    )


def test_a_broken_or_foreign_attempt_file_is_a_problem_not_a_traceback(tmp_path):
    folder = copy_scenarios(tmp_path, "at-risk-two-indicators-2016", "in-home-at-risk-2016")
    mine = folder / "attempts" / "at-risk-two-indicators-2016"
    (mine / "broken.json").write_text("{not json", encoding="utf-8")
    shutil.copy(
        folder / "attempts" / "in-home-at-risk-2016" / "reference.json", mine / "foreign.json"
    )
    problems = library_coverage([folder]).problems
    assert any("broken.json: $: not JSON" in p for p in problems)
    assert any(
        p.endswith(
            "foreign.json: an attempt at 'in-home-at-risk-2016', not 'at-risk-two-indicators-2016'"
        )
        for p in problems
    )


def test_attempts_can_be_read_from_another_folder(tmp_path):
    folder = copy_scenarios(tmp_path, "at-risk-two-indicators-2016")
    elsewhere = tmp_path / "elsewhere"
    shutil.move(folder / "attempts", elsewhere)
    assert library_coverage([folder]).problems != ()
    cov = library_coverage([folder], elsewhere)
    assert cov.problems == ()
    assert cov.scenarios[0].met == {"AR-WHEN", "AR-START", "AR-END"}


def test_an_empty_folder_is_a_problem(tmp_path):
    assert library_coverage([tmp_path]).problems == ("no scenario files found",)
    assert main(["coverage", str(tmp_path)]) == 1


# -- the catalogue ------------------------------------------------------------------------


def test_the_catalogue_in_docs_is_current(bundled):
    """Regenerate with: cwstrainer catalogue -o docs/scenarios.md"""
    assert CATALOGUE.read_text(encoding="utf-8") == catalogue_text(bundled)


def test_the_catalogue_lists_each_scenario_with_its_facts_and_rules(bundled):
    text = catalogue_text(bundled)
    assert text.count("\n## ") == 27
    entry = text.split('<a id="several-absences-2016"></a>')[1].split("<a id=")[0]
    assert "## Three absences, two codes (Gabriela, 2016)" in entry
    assert "hard · about 50 minutes · today is 12/09/2016" in entry
    assert "- Attach S-CSEC Victim Before Care to the case" in entry
    assert (
        "`one-code-for-two-absences.json` (Not passed: 2 critical errors; 26 of 36, 72.2%): "
        "`ABS-WHEN`, `ABS-DATES`, `ABS-PER-INCIDENT`" in entry
    )
    checked = next(line for line in entry.splitlines() if line.startswith("- **Checked**"))
    assert "`DATE-ORDER`" in checked and "`RMV-FAIL-TO-PROTECT`" in checked  # already entered


def test_the_catalogue_command_writes_the_file(tmp_path, capsys):
    out = tmp_path / "scenarios.md"
    assert main(["catalogue", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == CATALOGUE.read_text(encoding="utf-8")
    assert main(["catalogue", str(SCENARIOS)]) == 0
    assert capsys.readouterr().out.endswith(CATALOGUE.read_text(encoding="utf-8"))
