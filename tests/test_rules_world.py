"""What was already in CWS/CMS when the attempt began earns no points; a correction does."""

from pathlib import Path

from cwstrainer import codes
from cwstrainer.grading import grade
from cwstrainer.records import RecordKind
from cwstrainer.rules.findings import Outcome, Severity
from cwstrainer.rules.world import PRESET_NOTE as NOTE
from cwstrainer.scenario.loader import load_file
from cwstrainer.store.store import Store
from tests.scenario_text import EXAMPLE, replace_once

ENTERED = replace_once(
    EXAMPLE,
    "    investigation_completed: 2016-10-28\n",
    "    investigation_completed: 2016-10-28\n    allegations:\n"
    "      - {victim: maya, perpetrator: jay, category: Exploitation}\n",
)


def start(tmp_path: Path) -> tuple[Store, str]:
    path = tmp_path / "s.yaml"
    path.write_text(ENTERED, encoding="utf-8")
    store = Store.open(tmp_path / "data")
    attempt = store.start_attempt(store.sign_in("Pat"), load_file(path), "practice")
    return store, attempt.id


def by_rule(report, rule_id):
    return next(f for f in report.findings if f.rule_id == rule_id)


def test_an_allegation_already_entered_earns_nothing(tmp_path: Path) -> None:
    store, attempt_id = start(tmp_path)
    scenario = load_file(tmp_path / "s.yaml").scenario
    report = grade(scenario, store.records(attempt_id))
    exploitation = by_rule(report, "ALG-EXPLOITATION")
    assert exploitation.outcome is Outcome.MET
    assert (exploitation.points, exploitation.possible) == (0.0, 0.0)
    assert exploitation.severity is Severity.NOTE and exploitation.message.endswith(NOTE)
    assert by_rule(report, "REF-SUBCATEGORY").outcome is Outcome.WRONG_VALUE  # left blank
    assert report.score == 0.0
    store.close()


def test_a_corrected_allegation_is_graded_as_the_trainees(tmp_path: Path) -> None:
    store, attempt_id = start(tmp_path)
    scenario = load_file(tmp_path / "s.yaml").scenario
    (allegation,) = store.records(attempt_id).allegations
    store.update(
        attempt_id,
        RecordKind.ALLEGATION,
        allegation.id,
        abuse_subcategory=codes.COMMERCIAL_SEXUAL_EXPLOITATION,
    )
    report = grade(scenario, store.records(attempt_id))
    # The field the trainee had to change is scored; the fields already right are not,
    # whether or not the trainee touched their row (RULES.md, Scoring principles).
    f = by_rule(report, "REF-SUBCATEGORY")
    assert (f.outcome, f.points, f.possible) == (Outcome.MET, 2.0, 2.0)
    for rule_id in ("ALG-EXPLOITATION", "ALG-PERPETRATOR"):
        f = by_rule(report, rule_id)
        assert (f.outcome, f.points, f.possible, f.preset) == (Outcome.MET, 0.0, 0.0, True)
    store.close()


def test_an_empty_attempt_scores_nothing_on_any_bundled_scenario(tmp_path: Path) -> None:
    """No scenario pays for the records it starts with."""
    root = Path(__file__).resolve().parents[1] / "scenarios"
    store = Store.open(tmp_path)
    trainee = store.sign_in("Nobody")
    for path in sorted(root.glob("*.yaml")):
        loaded = load_file(path)
        attempt = store.start_attempt(trainee, loaded, "practice")
        report = grade(loaded.scenario, store.records(attempt.id))
        won = [f for f in report.findings if f.points > 0]
        # Only a right decision to enter nothing earns anything when nothing is entered.
        assert all(f.omission for f in won), (path.name, [f.rule_id for f in won])
    store.close()
