"""The README's pictures teach: their sample entries must be the right answer."""

import pytest
from conftest import BUNDLED

from cwstrainer.grading import grade
from cwstrainer.rules.findings import Outcome
from cwstrainer.scenario.loader import load_file


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_screenshot_sample_scores_full_marks(qtbot, tmp_path):
    from ui.app import create_window
    from ui.screenshots import SAMPLE_SCENARIO, fill_sample

    window = create_window(tmp_path, BUNDLED, "Sample Trainee", SAMPLE_SCENARIO)
    qtbot.addWidget(window)
    fill_sample(window)
    assert window.door is not None
    scenario = load_file(BUNDLED / f"{SAMPLE_SCENARIO}.yaml").scenario
    report = grade(scenario, window.door.records)
    wrong = [(f.rule_id, f.outcome, f.message) for f in report.findings
             if f.outcome is not Outcome.MET]
    assert wrong == []
    assert report.possible > 0 and report.score == report.possible
