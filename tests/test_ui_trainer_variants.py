"""Variants in the flow: a seat's attempt shows the variant's names and is graded on it."""

import pytest
from conftest import SCENARIO, SCENARIOS

from cwstrainer.scenario import variants
from cwstrainer.scenario.loader import load_file
from ui.app import create_window
from ui.history import HistoryDialog
from ui.prompts import Confirm

VARIANT = """
variants:
  - id: B
    names:
      maya: {first_name: Lucia, last_name: Ortega}
"""


@pytest.fixture
def scenario_dir(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    text = (SCENARIOS / f"{SCENARIO}.yaml").read_text()
    (folder / f"{SCENARIO}.yaml").write_text(text + VARIANT)
    return folder


def seat_for(loaded, variant):
    """A trainee name whose seat gets ``variant``."""
    return next(
        name for name in (f"Trainee {i}" for i in range(100))
        if variants.for_seat(loaded.scenario, name) == variant
    )


def test_a_variant_attempt_shows_the_variants_names_and_is_graded_on_it(
    qtbot, tmp_path, scenario_dir, monkeypatch
):
    loaded = load_file(scenario_dir / f"{SCENARIO}.yaml")
    name = seat_for(loaded, "B")
    window = create_window(tmp_path / "data", scenario_dir, name, SCENARIO)
    qtbot.addWidget(window)
    door = window.door
    assert door.attempt.variant == "B"  # the attempt remembers it
    brief = window.brief.toPlainText()
    assert "Lucia" in brief and "Maya" not in brief
    assert door.client_name("maya") == "ORTEGA, Lucia"
    assert door.scenario.client("maya").first_name == "Lucia"
    report = door.grade()
    assert report.variant == "B"
    assert "Lucia" in " ".join(f.message for f in report.findings)
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: True))
    assert window.submit()
    assert window.report.variant == "B"
    assert "variant B" in window.report_view.heading.text()
    window.try_again()
    assert window.door.attempt.variant == "B"  # the same seat, the same version
    dialog = HistoryDialog(window.lobby, window.trainee, window.load_library())
    qtbot.addWidget(dialog)
    titles = [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]
    assert all(t.endswith("(variant B)") for t in titles)


def test_the_original_seat_sees_the_original(qtbot, tmp_path, scenario_dir):
    loaded = load_file(scenario_dir / f"{SCENARIO}.yaml")
    name = seat_for(loaded, None)
    window = create_window(tmp_path / "data", scenario_dir, name, SCENARIO)
    qtbot.addWidget(window)
    assert window.door.attempt.variant is None
    assert "Maya" in window.brief.toPlainText()
    assert window.door.grade().variant is None


def test_the_guide_and_the_timeline_use_the_variant(qtbot, tmp_path, scenario_dir):
    loaded = load_file(scenario_dir / f"{SCENARIO}.yaml")
    name = seat_for(loaded, "B")
    window = create_window(tmp_path / "data", scenario_dir, name, SCENARIO, "guided")
    qtbot.addWidget(window)
    window.show()
    assert window.guide is not None
    assert window.guide.report.variant == "B"
    described = window.timeline().describe()
    assert "Lucia" in described or "ORTEGA" in described
    assert "Maya" not in described
