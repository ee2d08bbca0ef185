"""The results dashboard's figures: best and last score, attempts, the most-missed rules."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from cwstrainer import dashboard
from cwstrainer.dashboard import Filters
from cwstrainer.errors import FieldError, StoreError
from cwstrainer.scenario.loader import LoadedScenario, load_file
from cwstrainer.store.store import Store
from tests.scenario_text import EXAMPLE_PATH, submit_example


def attempt(
    store: Store,
    loaded: LoadedScenario,
    name: str,
    start: str | None,
    cohort: str | None = "Spring",
) -> str:
    """Submit one attempt whose S-CSEC Referral starts on ``start`` (None: not entered)."""
    return submit_example(store, name, start, cohort=cohort)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path)
    loaded = load_file(EXAMPLE_PATH)
    attempt(s, loaded, "Ana Ruiz", None)  # nothing entered
    attempt(s, loaded, "Ana Ruiz", "10/11/2016")  # the wrong start date
    attempt(s, loaded, "Ben Ito", "10/10/2016", cohort="Summer")
    s.start_attempt(s.sign_in("Cal Poe"), loaded, "practice")  # unfinished: never counted
    yield s
    s.close()


def test_best_and_last_per_trainee_and_scenario(store: Store) -> None:
    cells = dashboard.trainee_results(store)
    assert [(c.trainee, c.attempts) for c in cells] == [("Ana Ruiz", 2), ("Ben Ito", 1)]
    ana = cells[0]
    assert ana.best_percent >= ana.last_percent > 0
    assert ana.last_attempt_id == store.attempts(ana.trainee_id)[0].id


def test_the_heat_map_counts_missed_rules(store: Store) -> None:
    by_rule = {m.rule_id: m for m in dashboard.rule_misses(store)}
    required = by_rule["REF-SPC-REQUIRED"]
    assert (required.graded, required.missed) == (3, 1)  # Ana's first attempt entered nothing
    # That attempt's start date is a consequence of the missing code, not a miss of its
    # own: the rule is graded in the two attempts that entered the code, and one missed it.
    start = by_rule["REF-SPC-START"]
    assert (start.graded, start.missed) == (2, 1)
    assert start.rate == pytest.approx(1 / 2)
    assert start.counts == "1 of 2 attempts"


def test_filters_by_cohort_and_date(store: Store) -> None:
    spring = dashboard.trainee_results(store, Filters(cohort="Spring"))
    assert [c.trainee for c in spring] == ["Ana Ruiz"]
    assert dashboard.cohorts(store) == ["Spring", "Summer"]
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    assert dashboard.trainee_results(store, Filters(since=tomorrow)) == []
    today = dt.datetime.now(dt.UTC).date()
    assert len(dashboard.trainee_results(store, Filters(until=today))) == 2
    only = dashboard.rule_misses(store, Filters(scenario_id="no-such-scenario"))
    assert only == []


def test_trainer_notes(store: Store) -> None:
    attempt_id = store.attempts()[0].id
    dashboard.add_note(store, attempt_id, "Trainer Kim", "  Review the start date rule.  ")
    assert [n.text for n in dashboard.notes(store, attempt_id)] == ["Review the start date rule."]
    with pytest.raises(FieldError, match="type the note first"):
        dashboard.add_note(store, attempt_id, "Trainer Kim", "   ")
    with pytest.raises(StoreError, match="no attempt"):
        dashboard.add_note(store, "nope", "Trainer Kim", "x")


@pytest.mark.parametrize("dated", [False, True])
def test_pages_by_trainee(store: Store, dated: bool) -> None:
    """The summary and the live count page alike (a date filter takes the live path)."""
    filters = Filters(since=dt.date(2000, 1, 1)) if dated else Filters()
    first = dashboard.trainee_results(store, filters, limit=1)
    second = dashboard.trainee_results(store, filters, limit=1, offset=1)
    assert [c.trainee for c in first] == ["Ana Ruiz"]
    assert [c.trainee for c in second] == ["Ben Ito"]
    assert first[0].attempts == 2
    assert dashboard.trainee_results(store, filters, limit=5, offset=2) == []
    assert dashboard.trainee_count(store, filters) == 2
    assert dashboard.trainee_results(store, filters) == first + second


def test_the_summary_agrees_with_the_attempts(store: Store) -> None:
    summary = dashboard.trainee_results(store)
    live = dashboard.trainee_results(store, Filters(since=dt.date(2000, 1, 1)))
    assert summary == live
    assert dashboard.rule_misses(store) == dashboard.rule_misses(
        store, Filters(until=dt.date(2999, 1, 1))
    )


def test_attempts_under_no_cohort_can_be_chosen_on_their_own(tmp_path):
    """No "(no cohort)" filter existed (issue 16): ``Filters(cohort=NO_COHORT)`` counts the
    attempts made under no cohort, and only those, in the table and in the heat map."""
    from cwstrainer import dashboard
    from cwstrainer.store.store import Store
    from tests.scenario_text import submit_example

    store = Store.open(tmp_path)
    submit_example(store, "Ana Ruiz", cohort="Academy 1")
    submit_example(store, "Ben Ito")
    submit_example(store, "Cy Tran", start=None)
    none = dashboard.Filters(cohort=dashboard.NO_COHORT)
    every = dashboard.Filters()
    assert {c.trainee for c in dashboard.trainee_results(store, none)} == {"Ben Ito", "Cy Tran"}
    assert {c.trainee for c in dashboard.trainee_results(store, every)} == {
        "Ana Ruiz",
        "Ben Ito",
        "Cy Tran",
    }
    dated = dashboard.Filters(cohort=dashboard.NO_COHORT, since=dt.date(2000, 1, 1))
    assert {c.trainee for c in dashboard.trainee_results(store, dated)} == {"Ben Ito", "Cy Tran"}
    assert sum(m.graded for m in dashboard.rule_misses(store, none)) < sum(
        m.graded for m in dashboard.rule_misses(store, every)
    )
    store.close()
