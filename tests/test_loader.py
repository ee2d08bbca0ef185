"""The scenario loader: a good file loads; every bad one gets FILE:LINE:COLUMN answers."""

import datetime as dt
from pathlib import Path

import pytest

from cwstrainer.errors import ScenarioInvalid
from cwstrainer.scenario.loader import load_file, load_library, load_text
from tests.scenario_text import EXAMPLE, EXAMPLE_PATH, line_of, replace_once


def problems_of(text: str) -> list[str]:
    with pytest.raises(ScenarioInvalid) as caught:
        load_text(text, "s.yaml")
    return [str(p) for p in caught.value.problems]


def test_the_worked_example_loads() -> None:
    loaded = load_file(EXAMPLE_PATH)
    s = loaded.scenario
    assert s.id == "in-care-victim-2016"
    assert s.today == dt.date(2016, 11, 4)
    assert s.referral("R1").received_time == dt.time(9, 42)
    assert s.facts.victims[0].timing == "in care"
    assert s.referral_name(s.referral("R1")) == "REYES, Maya"
    assert len(loaded.digest) == 64


@pytest.mark.parametrize(
    ("old", "new", "fragment", "message"),
    [
        (
            "    received: 2016-10-10",
            "    recieved: 2016-10-10",
            "recieved",
            "unknown field 'recieved' in referrals[1]; did you mean 'received'?",
        ),
        (
            "opened: 2016-03-08",
            "opened: 2016-02-30",
            "opened:",
            "cases[0].opened: '2016-02-30' is not a real date written YYYY-MM-DD",
        ),
        (
            "    child: maya\n    opened",
            "    child: mia\n    opened",
            "child: mia",
            "client 'mia' is not defined under 'clients'",
        ),
        (
            "investigation_completed: 2016-10-28",
            "investigation_completed: 2016-12-01",
            "investigation_completed: 2016-12-01",
            "is after the scenario's today (2016-11-04)",
        ),
        (
            "investigation_completed: 2016-10-28",
            "investigation_completed: 2016-10-01",
            "investigation_completed: 2016-10-01",
            "investigation completed (2016-10-01) is before 2016-10-10",
        ),
        (
            "communication_method: Telephone",
            "communication_method: Phone",
            "communication_method",
            "'Phone' is not a CWS/CMS Communication Method",
        ),
        (
            "difficulty: easy",
            "difficulty: simple",
            "difficulty",
            "difficulty: 'simple' is not one of 'easy', 'medium', 'hard'",
        ),
        (
            'received_time: "09:42"',
            'received_time: "9.42am"',
            "9.42am",
            "is not a time written HH:MM",
        ),
        (
            "timing: in care",
            "timing: before care",
            "timing",
            "'before care' but 'maya' was removed on or before 2016-09-24",
        ),
        (
            "      perpetrator: jay",
            "      perpetrator: maya2",
            "perpetrator: maya2",
            "client 'maya2' is not defined",
        ),
    ],
)
def test_located_problems(old: str, new: str, fragment: str, message: str) -> None:
    text = replace_once(EXAMPLE, old, new)
    found = problems_of(text)
    line = line_of(text, fragment)
    assert any(p.startswith(f"s.yaml:{line}:") and message in p for p in found), found


def test_a_missing_required_field_points_at_its_mapping() -> None:
    text = replace_once(EXAMPLE, "today: 2016-11-04\n", "")
    assert problems_of(text) == ["s.yaml:3:1: missing required field 'today'"]


def test_an_adult_cannot_be_a_case_child() -> None:
    text = replace_once(EXAMPLE, "    child: maya\n    opened", "    child: jay\n    opened")
    assert any("client 'jay' is an adult; a child is expected here" in p for p in problems_of(text))


def test_only_inference_rules_can_be_switched_off() -> None:
    text = EXAMPLE + "rules:\n  REF-SPC-END: false\n  REF-SPC-START: false\n  NO-SUCH: false\n"
    found = problems_of(text)
    assert any("REF-SPC-START is stated by the letters" in p for p in found)
    assert any("no rule has the id 'NO-SUCH'" in p for p in found)
    assert not any("REF-SPC-END" in p and "REF-SPC-END:" in p.split(": ", 1)[0] for p in found)
    ok = load_text(EXAMPLE + "rules:\n  REF-SPC-END: false\n")
    assert not ok.rule_enabled("REF-SPC-END") and ok.rule_enabled("REF-SPC-START")


def test_all_problems_are_reported_at_once() -> None:
    text = replace_once(EXAMPLE, "difficulty: easy", "difficulty: simple")
    text = replace_once(text, "opened: 2016-03-08", "opened: 2016-3-8")
    assert len(problems_of(text)) == 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: &x [1, 2]\nb: *x\n", "s.yaml:1:4: anchors (&name) are not allowed"),
        ("id: !!python/object/apply:os.system ['true']\n", "s.yaml:1:5: YAML tags"),
        ("id: a\nid: b\n", "s.yaml:2:1: key 'id' appears twice in this mapping (first at line 1)"),
        ("id: [1, 2\n", "s.yaml:2:1: YAML syntax"),
        ("", "s.yaml:1:1: file is empty"),
        ("--- {}\n--- {}\n", "s.yaml:2:1: a scenario file holds one YAML document"),
        ("- just\n- a list\n", "s.yaml:1:1: the file: expected a mapping"),
        ("[" * 40 + "]" * 40, "nested more than 24 levels deep"),
        ("? [a, b]\n: c\n", "a key must be a plain name"),
    ],
)
def test_hostile_and_broken_yaml(text: str, message: str) -> None:
    found = problems_of(text)
    assert any(message in p for p in found), found


def test_billion_laughs_is_refused_before_any_expansion() -> None:
    lines = ['a0: &a0 "lol"'] + [
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)
    ]
    found = problems_of("\n".join(lines) + "\n")
    assert found[0].startswith("s.yaml:1:5: anchors")


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "s.yaml"
    path.write_bytes(data)
    return path


def test_wrong_encoding_names_the_byte_and_its_line(tmp_path: Path) -> None:
    data = EXAMPLE.encode("utf-8").replace(b"Whitfield", b"Wh\xefitfield")
    with pytest.raises(ScenarioInvalid) as caught:
        load_file(_write(tmp_path, data))
    line = line_of(EXAMPLE, "Whitfield")
    assert f"s.yaml:{line}:" in str(caught.value)
    assert "byte 0xef is not UTF-8 text" in str(caught.value)


def test_utf16_is_named(tmp_path: Path) -> None:
    with pytest.raises(ScenarioInvalid, match="UTF-16"):
        load_file(_write(tmp_path, EXAMPLE.encode("utf-16")))


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    assert load_file(_write(tmp_path, b"\xef\xbb\xbf" + EXAMPLE.encode())).scenario.version == 1


def test_huge_file_is_refused_without_parsing(tmp_path: Path) -> None:
    with pytest.raises(ScenarioInvalid, match="at most 1,048,576 bytes"):
        load_file(_write(tmp_path, b"# x\n" * 300_000))


def test_nul_byte_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ScenarioInvalid, match="NUL"):
        load_file(_write(tmp_path, b"id: a\x00b\n"))


def test_unreadable_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(ScenarioInvalid, match="cannot read the file"):
        load_file(tmp_path / "missing.yaml")


def test_library_load_keeps_good_files_and_reports_bad_and_repeated(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(EXAMPLE, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(EXAMPLE, encoding="utf-8")
    (tmp_path / "c.yml").write_text("id: [", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    library = load_library([tmp_path])
    assert [Path(s.source).name for s in library.scenarios] == ["a.yaml"]
    messages = [str(p) for p in library.problems]
    assert any(
        "b.yaml:1:1: scenario id 'in-care-victim-2016' is already used" in m for m in messages
    )
    assert any("c.yml:" in m and "YAML syntax" in m for m in messages)


def test_special_projects_can_be_set_up_on_the_world() -> None:
    text = replace_once(
        EXAMPLE,
        "    kind: foster care\n",
        "    kind: foster care\n    special_projects:\n"
        "      - code: S-CSEC At-Risk\n        start: 2016-08-01\n",
    )
    case = load_text(text).cases[0]
    assert [(p.code, p.start, p.end) for p in case.special_projects] == [
        ("S-CSEC At-Risk", dt.date(2016, 8, 1), None)
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("      - code: S-CSEC Victim\n        start: 2016-08-01\n", "is not a special project"),
        (
            "      - code: S-CSEC Referral\n        start: 2016-08-01\n",
            "not yet in use on 2016-08-01",
        ),
        (
            "      - code: S-CSEC At-Risk\n        start: 2016-08-01\n        end: 2016-07-01\n",
            "end date (2016-07-01) is before 2016-08-01",
        ),
    ],
)
def test_set_up_special_projects_are_checked(row: str, message: str) -> None:
    text = replace_once(
        EXAMPLE, "    kind: foster care\n", "    kind: foster care\n    special_projects:\n" + row
    )
    assert any(message in p for p in problems_of(text))
