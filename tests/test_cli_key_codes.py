"""`cwstrainer codes` and `cwstrainer key`, the answer-key preview, and the generated docs."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cwstrainer import attempt_file, codes
from cwstrainer.answer_key import EntryStatus, answer_key
from cwstrainer.attempt_file import CODE_FIELDS, SPECIAL_PROJECT_TITLES
from cwstrainer.cli import main
from cwstrainer.code_listing import DOC_BEGIN, DOC_END, doc_tables, tables_markdown
from cwstrainer.grading import grade
from cwstrainer.rules.catalog import rule
from cwstrainer.rules.world import starting_records
from cwstrainer.scenario.loader import load_file
from cwstrainer.special_projects import SPECIAL_PROJECT_CODES
from tests.scenario_text import EXAMPLE, replace_once

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "scenarios"
DOC = ROOT / "docs" / "attempt-format.md"
OWN_IDS = {9101, 9102, 9201}  # codes.py: the real CWS/CMS ids are not published

# The worked example with every date written out, and variant C a week later (as in
# test_variants.py).
PLAIN = replace_once(
    replace_once(EXAMPLE, "since\n  her removal in March", "since\n  her removal on March 7, 2016"),
    "at a mall in\n      September",
    "at a mall\n      last month",
)
VARIANTS = """variants:
  - id: B
    names:
      maya: {first_name: Lucia, last_name: Ortega}
  - id: C
    names:
      maya: {first_name: Dana, last_name: Kim}
    shift_days: 7
"""


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


# -- cwstrainer codes -------------------------------------------------------------------------


def test_codes_lists_every_table_with_ids_names_and_special_projects(capsys):
    status, out, _ = run(capsys, "codes")
    assert status == 0
    for table in codes.ALL_TABLES:
        assert f"{table.title} ({table.name})" in out
        for code in table:
            assert re.search(rf"^ +{code.id}[ *] {re.escape(code.short_description)}", out, re.M)
    for spc in SPECIAL_PROJECT_CODES:
        line = next(x for x in out.splitlines() if x.strip().startswith(spc.title + " "))
        assert f"{spc.notebook} notebook" in line
        assert spc.available_from.strftime("%m/%d/%Y") in line
        assert spc.required_from.strftime("%m/%d/%Y") in line
        assert spc.citation in line
    assert "S-Safely Surrendered Baby" in out and "not a CSEC code" in out


def test_codes_marks_exactly_the_trainers_own_ids(capsys):
    _, out, _ = run(capsys, "codes")
    marked = {int(m) for m in re.findall(r"^ +(\d+)\* ", out, re.M)}
    assert marked == OWN_IDS
    assert f"* {codes.OWN_ID_NOTE}" in out
    # the marking follows codes.py, and codes.py keeps its own promise: own ids are 9000s
    noted = {c.id for t in codes.ALL_TABLES for c in t if c.note == codes.OWN_ID_NOTE}
    assert noted == OWN_IDS
    assert all((9000 <= c.id < 10000) == (c.id in noted) for t in codes.ALL_TABLES for c in t)


@pytest.mark.parametrize(
    "name", ["INJR_HMC", "injr_hmc", "Abuse Category", "abuse-category", "abuse_category"]
)
def test_codes_lists_one_table_by_any_of_its_names(capsys, name):
    status, out, _ = run(capsys, "codes", name)
    assert status == 0
    assert out.splitlines()[0].startswith("Abuse Category (INJR_HMC)")
    assert "2177  Exploitation" in out
    assert "Disposition" not in out and "S-CSEC" not in out


def test_codes_lists_the_special_projects_alone(capsys):
    status, out, _ = run(capsys, "codes", "special projects")
    assert status == 0
    assert out.splitlines()[0].startswith("Special Project (SPC_PRJT, stored by title)")
    assert all(t in out for t in SPECIAL_PROJECT_TITLES)
    assert "2177" not in out


def test_codes_for_a_field_of_the_attempt_file(capsys):
    _, out, _ = run(capsys, "codes", "secondary_reason")
    assert out.splitlines()[0].startswith("Reasons For Removal (RMV_RSNC)")
    assert "9201* Exploitation" in out


def test_an_unknown_table_is_a_clear_error_naming_the_tables(capsys):
    status, out, err = run(capsys, "codes", "allegation types")
    assert status == 2 and out == ""
    assert err.startswith("cwstrainer: no code table 'allegation types'; the tables are: ")
    for table in codes.ALL_TABLES:
        assert f"{table.name} ({table.title})" in err
    assert "SPC_PRJT (Special Project)" in err


def test_codes_json_for_a_program(capsys):
    status, out, _ = run(capsys, "codes", "--json")
    assert status == 0
    tables = json.loads(out)
    assert [t["name"] for t in tables] == [t.name for t in codes.ALL_TABLES] + ["SPC_PRJT"]
    by_name = {t["name"]: t for t in tables}
    category = by_name["INJR_HMC"]
    assert category["attempt_fields"] == ["allegations[].abuse_category"]
    assert [c["id"] for c in category["codes"]] == [c.id for c in codes.ABUSE_CATEGORIES]
    own = {c["id"] for t in tables[:-1] for c in t["codes"] if c["trainers_own_id"]}
    assert own == OWN_IDS
    projects = by_name["SPC_PRJT"]["codes"]
    referral = next(p for p in projects if p["title"] == "S-CSEC Referral")
    assert referral == {
        **referral,
        "csec": True,
        "notebook": "referral",
        "available_from": "2016-09-21",
        "required_from": "2016-09-21",
        "description_is_verbatim": False,
    }
    status, out, _ = run(capsys, "codes", "disposition", "--json")
    [one] = json.loads(out)
    assert one["name"] == "ALG_DSPC" and len(one["codes"]) == len(codes.DISPOSITIONS)


# -- the generated code tables of docs/attempt-format.md -------------------------------------


def test_the_code_tables_in_the_attempt_format_doc_are_current():
    """Regenerate with: cwstrainer codes --update-doc docs/attempt-format.md"""
    text = DOC.read_text(encoding="utf-8")
    assert text.count(DOC_BEGIN) == 1 and text.count(DOC_END) == 1
    assert doc_tables(text) == f"\n\n{tables_markdown()}\n"


def test_the_doc_tables_hold_every_id_and_title_an_attempt_file_may_use():
    section = doc_tables(DOC.read_text(encoding="utf-8")) or ""
    for table in set(CODE_FIELDS.values()):
        for code in table:
            row = next(x for x in section.splitlines() if x.startswith(f"| {code.id} |"))
            assert f"| {code.short_description} |" in row
            assert (codes.OWN_ID_NOTE in row) == (code.id in OWN_IDS)
    for title in SPECIAL_PROJECT_TITLES:
        assert f"| {title} |" in section


def test_the_doc_sends_authors_to_the_commands_not_to_the_source():
    text = DOC.read_text(encoding="utf-8")
    assert "cwstrainer/codes.py" not in text
    assert "`cwstrainer codes`" in text and "cwstrainer key" in text


def test_update_doc_rewrites_only_the_generated_part(tmp_path, capsys):
    copy = tmp_path / "attempt-format.md"
    current = DOC.read_text(encoding="utf-8")
    stale = current.replace("| 2177 | Exploitation |", "| 2177 | Exploit |")
    assert stale != current
    copy.write_text(stale, encoding="utf-8")
    status, out, _ = run(capsys, "codes", "--update-doc", str(copy))
    assert status == 0 and "updated" in out
    assert copy.read_text(encoding="utf-8") == current
    bare = tmp_path / "bare.md"
    bare.write_text("# no markers\n", encoding="utf-8")
    status, _, err = run(capsys, "codes", "--update-doc", str(bare))
    assert status == 2 and "no generated code tables" in err
    assert bare.read_text(encoding="utf-8") == "# no markers\n"


# -- cwstrainer key ---------------------------------------------------------------------------


def keyed_findings(scenario):
    report = grade(scenario, starting_records(scenario))
    return [f for f in report.findings if f.key is not None]


def test_key_prints_every_keyed_expectation_with_rule_weight_and_citation(capsys):
    scenario = load_file(BUNDLED / "in-care-victim-2016.yaml").scenario
    status, out, _ = run(capsys, "key", str(BUNDLED / "in-care-victim-2016.yaml"))
    assert status == 0
    assert "20 points possible from 10 expectations" in out
    key = answer_key(scenario)
    findings = keyed_findings(scenario)
    assert len(findings) == len(key.entries) == 10
    lines = out.splitlines()
    assert len({e.label for e in key.entries}) == 10  # each expectation told apart
    for e in key.entries:
        at = lines.index(f"    {e.label}")
        block = "\n".join(lines[at + 1 : at + 3])  # the value due, then rule and citation
        assert f"expected: {e.expected}" in block
        assert f"{e.rule_id} [{e.weight}" in block
        assert e.citation in block
    for f in findings:
        assert f"{f.rule_id} [{f.weight}" in out
        assert f.citation == rule(f.rule_id).citation
    assert "REF-SPC-END [critical, inference], 2 points" in out
    assert "REF-SUBCATEGORY [major, inference], 2 points" in out
    assert "S-CSEC Referral start date on referral R1 “REYES, Maya” received 10/10/2016" in out
    assert "S-CSEC Victim During Care start date on case C1 of REYES, Maya" in out
    assert "expected: 09/24/2016" in out and "expected: 10/28/2016" in out


def test_the_key_is_exactly_what_the_grader_scores_for_any_attempt():
    for path in sorted((BUNDLED / "attempts" / "in-care-victim-2016").glob("*.json")):
        scenario = load_file(BUNDLED / "in-care-victim-2016.yaml").scenario
        report = grade(scenario, attempt_file.read(path).records)
        key = answer_key(scenario)
        assert {e.key for e in key.entries} == {f.key for f in report.findings if f.key}
        assert key.possible == report.possible


def test_key_json_parses_and_names_each_entry(capsys):
    status, out, _ = run(capsys, "key", "in-care-victim-2016", "--json")
    assert status == 0
    data = json.loads(out)
    assert data["format"] == "cwstrainer-answer-key"
    assert data["scenario"] == {
        "id": "in-care-victim-2016",
        "version": 1,
        "title": data["scenario"]["title"],
        "variant": None,
    }
    assert data["possible"] == 20
    scenario = load_file(BUNDLED / "in-care-victim-2016.yaml").scenario
    assert [e["key"] for e in data["entries"]] == [e.key for e in answer_key(scenario).entries]
    start = next(e for e in data["entries"] if e["rule"] == "VDC-START")
    assert start["expected"] == "09/24/2016"
    assert start["weight"] == "critical" and start["status"] == "to enter"
    assert start["citation"] == 'ACL 15-49, "Four Special Project Codes", item 1'
    end = next(e for e in data["entries"] if e["rule"] == "REF-SPC-END")
    assert end["inference"] is True and end["possible"] == 2


def test_key_shows_what_the_scenario_entered_and_what_is_not_due(capsys):
    _, out, _ = run(capsys, "key", "several-absences-2016")
    entered = out.split("Already entered by the scenario")[1].split("\nNot due")[0]
    assert "Exploitation allegation on referral R0" in entered
    assert "ALG-EXPLOITATION [critical], earns nothing; costs 2 if broken" in entered
    assert "RMV-EXPLOITATION-REASON" in entered
    not_due = out.split("Not due (nothing to earn, nothing lost)")[1]
    assert "REF-SPC-REQUIRED [critical], not scored" in not_due
    assert "received before 09/21/2016" in not_due
    scenario = load_file(BUNDLED / "several-absences-2016.yaml").scenario
    preset = answer_key(scenario).with_status(EntryStatus.ALREADY_ENTERED)
    assert preset and all(e.possible == 0 for e in preset)
    assert {e.key for e in preset} == {f.key for f in keyed_findings(scenario) if f.preset}


def test_key_shows_a_right_omission(capsys):
    _, out, _ = run(capsys, "key", "at-risk-one-indicator-2016")
    assert "Right to enter nothing" in out
    assert "no S-CSEC At-Risk on case C1" in out
    assert "AR-WHEN [critical], 2 points" in out
    assert "the facts give 1" in " ".join(out.split())
    _, out, _ = run(capsys, "key", "associated-referrals-2017", "--json")
    omitted = [e for e in json.loads(out)["entries"] if e["omission"]]
    assert [(e["rule"], e["status"], e["what"]) for e in omitted] == [
        ("REF-DUPLICATE-PRIMARY", "enter nothing", "no S-CSEC Referral")
    ]


def test_key_of_a_variant_shifts_the_dates_and_the_names(tmp_path, capsys):
    path = tmp_path / "variants.yaml"
    path.write_text(PLAIN + VARIANTS, encoding="utf-8")
    _, original, _ = run(capsys, "key", str(path), "--json")
    status, shifted, _ = run(capsys, "key", str(path), "--variant", "C", "--json")
    assert status == 0
    before, after = json.loads(original), json.loads(shifted)
    assert after["scenario"]["variant"] == "C"
    assert (before["today"], after["today"]) == ("2016-11-04", "2016-11-11")
    assert [e["key"].split("/")[0] for e in before["entries"]] == [
        e["key"].split("/")[0] for e in after["entries"]
    ]
    start = {
        d["scenario"]["variant"]: next(e for e in d["entries"] if e["rule"] == "REF-SPC-START")
        for d in (before, after)
    }
    assert (start[None]["expected"], start["C"]["expected"]) == ("10/10/2016", "10/17/2016")
    assert "KIM, Dana" in start["C"]["label"] and "REYES" not in start["C"]["label"]
    _, text, _ = run(capsys, "key", str(path), "--variant", "C")
    assert "variant C" in text.splitlines()[1] and "today 11/11/2016" in text


def test_an_unknown_variant_is_a_clear_error_not_a_traceback(tmp_path, capsys):
    status, out, err = run(capsys, "key", "in-care-victim-2016", "--variant", "B")
    assert status == 2 and out == ""
    assert err == (
        "cwstrainer: scenario 'in-care-victim-2016' has no variant 'B'; it has no variants\n"
    )
    path = tmp_path / "variants.yaml"
    path.write_text(PLAIN + VARIANTS, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cwstrainer", "key", str(path), "--variant", "Z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2
    assert "has no variant 'Z'; its variants are: B, C" in done.stderr
    assert "Traceback" not in done.stderr


def test_key_of_a_missing_scenario_is_a_message(capsys):
    status, _, err = run(capsys, "key", "no-such-scenario")
    assert status == 2 and "no-such-scenario" in err and "Traceback" not in err


# -- the answer-key preview shows the same key -------------------------------------------------


def test_the_preview_lists_the_same_expectations_as_the_command():
    from ui.trainer.keypreview import key_html, key_items

    scenario = load_file(BUNDLED / "several-absences-2016.yaml").scenario
    key = answer_key(scenario)
    lines = [line for _, section in key_items(scenario) for line in section]
    entries = [e for _, groups in key.sections() for _, es in groups for e in es]
    assert sorted(e.key for e in entries) == sorted(e.key for e in key.entries)
    for line, entry in zip(lines, entries, strict=True):
        assert line.startswith(f"{entry.label}: {entry.expected} [{entry.rule_id}, ")
    headings = [h for h, _ in key_items(scenario)]
    assert "To enter: Client CSEC codes on the case (ACL 15-49)" in headings
    assert not any("Case codes (ACL 16-74)" in h for h in headings)
    page = key_html(scenario)
    assert "Client CSEC codes on the case (ACL 15-49)" in page
    assert "ACL 16-74)</" not in page.replace("Referral (ACL 16-74)</", "")


def test_the_preview_names_each_absence_date_once():
    from ui.trainer.keypreview import key_items

    scenario = load_file(BUNDLED / "absence-from-placement-2015.yaml").scenario
    lines = [line for _, section in key_items(scenario) for line in section]
    dates = [x for x in lines if "[ABS-DATES" in x]
    assert [x.split(" on case")[0] for x in dates] == [
        "S-CSEC Absence From Placement start date",
        "S-CSEC Absence From Placement end date",
    ]
    assert all(x.count("ABS-DATES") <= 1 for x in lines)
