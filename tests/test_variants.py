"""Variants: other names and dates moved by weeks, the same documentation to learn."""

import datetime as dt
from pathlib import Path

import pytest

from cwstrainer.errors import FieldError, ScenarioInvalid
from cwstrainer.grading import Report, grade
from cwstrainer.records import RecordKind
from cwstrainer.rules import expected
from cwstrainer.scenario import variants
from cwstrainer.scenario.loader import load_file, load_text
from cwstrainer.special_projects import Notebook
from cwstrainer.store.store import Store
from tests.scenario_text import EXAMPLE, replace_once

# The example says "in March"; a variant that moves dates needs every date written out.
PLAIN = replace_once(
    replace_once(EXAMPLE, "since\n  her removal in March", "since\n  her removal on March 7, 2016"),
    "at a mall in\n      September",
    "at a mall\n      last month",
)
VARIANTS = """variants:
  - id: B
    names:
      maya: {first_name: Lucia, last_name: Ortega}
      jay: {first_name: Rico, last_name: Unknown}
  - id: C
    names:
      maya: {first_name: Dana, last_name: Kim}
    shift_days: 7
"""
SCENARIO = load_text(PLAIN + VARIANTS)


def test_names_are_changed_in_every_text() -> None:
    b = variants.apply(SCENARIO, "B")
    assert b.client("maya").display_name == "ORTEGA, Lucia"
    assert "Maya" not in b.narrative and "Lucia Ortega" in b.narrative
    assert all("Maya" not in d.text and "Reyes" not in d.text for d in b.documents)
    assert "(Lucia)" in b.title
    assert b.key.perpetrators[0].perpetrator == "jay"  # ids never change
    assert [c.id for c in b.clients] == ["maya", "jay"]


def test_dates_move_by_whole_weeks_in_fields_and_texts() -> None:
    c = variants.apply(SCENARIO, "C")
    assert c.today == SCENARIO.today + dt.timedelta(days=7)
    assert c.referral("R1").received == dt.date(2016, 10, 17)
    assert c.facts.victims[0].became_victim == dt.date(2016, 10, 1)
    assert "Monday, October 17, 2016" in c.narrative
    assert "on March 14, 2016" in c.narrative
    assert c.documents[0].title == "Hotline call, 10/17/2016 09:42"
    assert c.referral("R1").received_time == dt.time(9, 42)


@pytest.mark.parametrize(
    ("text", "expected_text"),
    [
        ("on 10/10/2016 and 2016-10-28", "on 10/17/2016 and 2016-11-04"),
        ("Saturday, December 31, 2016", "Saturday, January 7, 2017"),
        ("on 1/5/2016", "on 1/12/2016"),
        ("since September 24", "since October 1"),
    ],
)
def test_shift_text(text: str, expected_text: str) -> None:
    assert variants.shift_text(text, dt.timedelta(days=7)) == expected_text


def test_a_variant_teaches_the_same_documentation() -> None:
    for variant_id in variants.variant_ids(SCENARIO):
        changed = variants.apply(SCENARIO, variant_id)
        assert variants.signature(changed) == variants.signature(SCENARIO)
        codes = expected.case_codes(changed)
        assert [(c.code, c.required) for c in codes] == [("S-CSEC Victim During Care", True)]


def test_seats_get_a_stable_variant_and_all_are_used() -> None:
    seats = [f"trainee {i}" for i in range(60)]
    chosen = [variants.for_seat(SCENARIO, s) for s in seats]
    assert chosen == [variants.for_seat(SCENARIO, s) for s in seats]
    assert set(chosen) == {None, "B", "C"}


@pytest.mark.parametrize(
    ("variant", "message"),
    [
        ("  - id: X\n    shift_days: 10\n", "10 days is not a whole number of weeks"),
        (
            "  - id: X\n    names:\n      mia: {first_name: A, last_name: B}\n",
            "client 'mia' is not defined",
        ),
        ("  - id: X\n    shift_days: -28\n", "changes what the letters require"),
        ("  - id: B\n  - id: B\n", "variant 'B' is listed twice"),
    ],
)
def test_bad_variants_are_located(variant: str, message: str) -> None:
    with pytest.raises(ScenarioInvalid) as caught:
        load_text(PLAIN + "variants:\n" + variant, "s.yaml")
    assert any(message in str(p) for p in caught.value.problems), caught.value.problems


def test_a_month_without_its_day_cannot_move() -> None:
    with pytest.raises(ScenarioInvalid, match="names the month 'March' without its day"):
        load_text(EXAMPLE + "variants:\n  - id: X\n    shift_days: 7\n", "s.yaml")
    assert load_text(EXAMPLE + "variants:\n  - id: X\n").variants[0].shift_days == 0


def test_an_attempt_on_a_variant_is_graded_on_it_and_the_report_names_it(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(PLAIN + VARIANTS, encoding="utf-8")
    loaded = load_file(path)
    store = Store.open(tmp_path / "data")
    attempt = store.start_attempt(store.sign_in("Pat"), loaded, "practice", variant="C")
    assert attempt.variant == "C"
    assert store.clients(attempt.id)[0]["display_name"] == "KIM, Dana"
    records = store.records(attempt.id)
    r1 = next(r for r in records.referrals if r.world_key == "R1")
    assert r1.received_date == dt.date(2016, 10, 17)
    row = store.add_special_project(attempt.id, Notebook.REFERRAL, r1.id)
    store.update(
        attempt.id,
        RecordKind.SPECIAL_PROJECT,
        row.id,
        code="S-CSEC Referral",
        start_date="10/17/2016",
    )
    report = grade(variants.apply(loaded.scenario, "C"), store.records(attempt.id), "C")
    start = next(f for f in report.findings if f.rule_id == "REF-SPC-START")
    assert start.outcome == "met"
    assert Report.from_json(report.to_json()).variant == "C"
    with pytest.raises(FieldError, match="no variant 'Z'"):
        store.start_attempt(store.sign_in("Pat"), loaded, "practice", variant="Z")
    store.close()


def test_a_seat_is_the_same_whatever_the_case_and_spacing_of_the_name() -> None:
    """"ana lopez" and "Ana Lopez" got different variants although sign-in ignores case
    (issue 16)."""
    names = ["Ana Lopez", "ana lopez", "  ANA   Lopez "]
    assert len({variants.for_seat(SCENARIO, n) for n in names}) == 1
    seats = [f"Trainee {i}" for i in range(40)]
    assert len({variants.for_seat(SCENARIO, s) for s in seats}) > 1
