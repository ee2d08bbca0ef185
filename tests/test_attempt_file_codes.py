"""Attempt files are checked against the code tables: an unknown code is a named problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cwstrainer import attempt_file, codes
from cwstrainer.attempt_file import CODE_FIELDS, SPECIAL_PROJECT_TITLES, AttemptFileInvalid
from cwstrainer.special_projects import OTHER_SPECIAL_PROJECTS, SPECIAL_PROJECT_CODES

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "attempt-format.md"
ATTEMPTS = ROOT / "scenarios" / "attempts"


def good() -> dict:
    text = DOC.read_text(encoding="utf-8").split("```json\n")[1].split("```")[0]
    return json.loads(text)


def problems(data: object) -> list[str]:
    with pytest.raises(AttemptFileInvalid) as caught:
        attempt_file.loads(json.dumps(data), "a.json")
    return caught.value.problems


def test_every_code_field_of_the_format_is_checked_against_its_table():
    assert CODE_FIELDS == {
        ("referrals", "communication_method"): codes.COMMUNICATION_METHODS,
        ("referrals", "response_type"): codes.RESPONSE_TYPES,
        ("allegations", "abuse_category"): codes.ABUSE_CATEGORIES,
        ("allegations", "abuse_subcategory"): codes.ABUSE_SUBCATEGORIES,
        ("allegations", "disposition"): codes.DISPOSITIONS,
        ("placements", "facility_type"): codes.FACILITY_TYPES,
        ("placements", "primary_reason"): codes.REASONS_FOR_REMOVAL,
        ("placements", "secondary_reason"): codes.REASONS_FOR_REMOVAL,
        ("csec_rows", "csec_type"): codes.CSEC_TYPES,
    }
    assert (
        *(c.title for c in SPECIAL_PROJECT_CODES),
        *OTHER_SPECIAL_PROJECTS,
    ) == SPECIAL_PROJECT_TITLES


@pytest.mark.parametrize(
    ("kind", "field"), sorted(CODE_FIELDS), ids=[f"{k}.{f}" for k, f in sorted(CODE_FIELDS)]
)
def test_an_unknown_id_in_any_code_field_is_refused_by_its_path(kind, field):
    data = good()
    if kind == "csec_rows":  # the worked example documents with the case codes: no grid
        data["records"]["csec_rows"] = [{"id": 1, "client": "maya", "start_date": "2016-09-24"}]
    data["records"][kind][0][field] = 99999
    table = CODE_FIELDS[(kind, field)]
    [problem] = problems(data)
    assert problem.startswith(
        f"$.records.{kind}[0].{field}: 99999 is not a known {table.title} code"
    )
    # a small table is listed whole, so the id meant can be picked from the message
    for code in table:
        assert f"{code.id} {code.short_description}" in problem


def test_an_unknown_abuse_category_names_the_path_and_lists_the_table():
    data = good()
    data["records"]["allegations"][0]["abuse_category"] = 99999
    assert problems(data) == [
        "$.records.allegations[0].abuse_category: 99999 is not a known Abuse Category code. "
        "The Abuse Category codes are: 5001 At Risk, sibling abused; 2169 Caretaker "
        "Absence/Incapacity; 2177 Exploitation; 2176 Emotional Abuse; 2178 General Neglect; "
        "2180 Severe Neglect; 2179 Physical Abuse; 2181 Sexual Abuse; 5624 Substantial Risk "
        "(inactive)"
    ]


@pytest.mark.parametrize(
    ("kind", "field", "typed", "meant"),
    [
        ("allegations", "abuse_category", 2717, "did you mean 2177 (Exploitation)?"),
        ("allegations", "disposition", 54, "did you mean 45 (Substantiated)?"),
        ("referrals", "response_type", 1250, "did you mean 1520 (Immediate)?"),
        ("allegations", "abuse_subcategory", 9110, "did you mean 9101 (Commercial Sexual"),
    ],
)
def test_a_mistyped_id_suggests_the_id_meant(kind, field, typed, meant):
    data = good()
    data["records"][kind][0][field] = typed
    [problem] = problems(data)
    assert problem.startswith(f"$.records.{kind}[0].{field}: {typed} is not a known")
    assert meant in problem


def test_the_trainers_own_ids_are_marked_in_the_list_offered():
    data = good()
    data["records"]["placements"][0]["secondary_reason"] = 9999
    [problem] = problems(data)
    assert "9201 Exploitation (the trainer's own id)" in problem
    assert "1615 General Neglect;" in problem  # a real id is not marked
    assert "1611 Conversion (inactive)" in problem


def test_a_code_given_by_its_name_is_refused_with_its_id():
    data = good()
    data["records"]["placements"][0]["primary_reason"] = "general neglect"
    assert problems(data) == [
        '$.records.placements[0].primary_reason: expected a whole number, got "general '
        'neglect"; did you mean 1615 (General Neglect)?'
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (
            "S-CSEC Referal",
            '$.records.special_projects[0].code: "S-CSEC Referal" is not a special project '
            'title; did you mean "S-CSEC Referral"?',
        ),
        (
            "S-CSEC referral",
            '$.records.special_projects[0].code: "S-CSEC referral" is not a special project '
            'title; did you mean "S-CSEC Referral"? (a title is spelt exactly, capitals too)',
        ),
        (
            "s-csec  VICTIM during care ",
            '$.records.special_projects[0].code: "s-csec  VICTIM during care " is not a '
            'special project title; did you mean "S-CSEC Victim During Care"? (a title is '
            "spelt exactly, capitals too)",
        ),
        (
            "S-CSEC Victim Durring Care",
            '$.records.special_projects[0].code: "S-CSEC Victim Durring Care" is not a '
            'special project title; did you mean "S-CSEC Victim During Care"?',
        ),
    ],
)
def test_a_misspelt_special_project_is_refused_with_the_title_meant(title, expected):
    data = good()
    data["records"]["special_projects"][0]["code"] = title
    assert problems(data) == [expected]


def test_a_title_like_none_lists_every_title():
    data = good()
    data["records"]["special_projects"][1]["code"] = "Foster Youth Tracking"
    [problem] = problems(data)
    assert problem.startswith(
        '$.records.special_projects[1].code: "Foster Youth Tracking" is not a special '
        "project title. The titles are: "
    )
    assert all(json.dumps(t) in problem for t in SPECIAL_PROJECT_TITLES)


def test_every_known_title_and_a_blank_code_read():
    data = good()
    rows = data["records"]["special_projects"]
    template = rows[0]
    rows[:] = [
        {**template, "id": i, "code": title} for i, title in enumerate(SPECIAL_PROJECT_TITLES, 1)
    ]
    rows.append({**template, "id": 99, "code": None})
    attempt = attempt_file.loads(json.dumps(data))
    assert [r.code for r in attempt.records.special_projects] == [*SPECIAL_PROJECT_TITLES, None]


def test_inactive_codes_are_known_codes_and_read():
    data = good()
    data["records"]["allegations"][0]["abuse_category"] = 5624
    data["records"]["allegations"][0]["disposition"] = 5369
    attempt = attempt_file.loads(json.dumps(data))
    assert attempt.records.allegations[0].abuse_category == 5624


def test_every_code_problem_is_reported_at_once_with_the_other_problems():
    data = good()
    data["records"]["referrals"][0]["communication_method"] = 4090
    data["records"]["allegations"][0]["abuse_category"] = 99999
    data["records"]["allegations"][0]["disposition_date"] = "10/28/2016"
    data["records"]["placements"][0]["facility_type"] = 1
    data["records"]["special_projects"][0]["code"] = "S-CSEC Referal"
    data["records"]["special_projects"][1]["code"] = "S-CSEC victim during care"
    found = problems(data)
    assert [p.split(":")[0] for p in found] == [
        "$.records.referrals[0].communication_method",
        "$.records.allegations[0].abuse_category",
        "$.records.allegations[0].disposition_date",
        "$.records.placements[0].facility_type",
        "$.records.special_projects[0].code",
        "$.records.special_projects[1].code",
    ]
    assert "did you mean 409 (Telephone)?" in found[0]
    assert 'did you mean "S-CSEC Referral"?' in found[4]
    assert 'did you mean "S-CSEC Victim During Care"?' in found[5]
    with pytest.raises(AttemptFileInvalid) as caught:
        attempt_file.loads(json.dumps(data), "maya.json")
    assert (
        str(caught.value)
        .splitlines()[0]
        .startswith("maya.json: $.records.referrals[0].communication_method: 4090 is not a known")
    )


def test_a_records_file_with_a_bad_code_cannot_be_graded_from_the_command_line(tmp_path, capsys):
    from cwstrainer.cli import main

    data = good()
    data["records"]["special_projects"][0]["code"] = "S-CSEC Referal"
    path = tmp_path / "attempt.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    scenario = ROOT / "scenarios" / "in-care-victim-2016.yaml"
    assert main(["grade", str(scenario), str(path)]) == 2
    err = capsys.readouterr().err
    assert '$.records.special_projects[0].code: "S-CSEC Referal"' in err
    assert "Traceback" not in err


def test_every_bundled_attempt_file_still_reads():
    files = sorted(ATTEMPTS.glob("*/*.json"))
    assert len(files) > 40
    for path in files:
        attempt_file.read(path)  # raises, naming the file and the problem, if one does not
