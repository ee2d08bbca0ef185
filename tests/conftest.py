"""Shared fixtures for the UI tests: a trainer window on a throw-away data folder."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt
# The LRS password goes to a file beside the test database, never into the keyring of the
# machine running the tests (tests/test_lrs_security.py tries keyrings of its own).
os.environ.setdefault("CWSTRAINER_KEYRING", "off")

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "scenarios"
SCENARIOS = Path(__file__).resolve().parent / "ui_scenarios"
# Today 11/04/2016. Referral R0 (03/04/2016) led to the removal; R1 (10/10/2016) alleges
# CSE; Maya's case opened 03/08/2016.
SCENARIO = "ui-test-maya-2016"


@pytest.fixture(autouse=True)
def _private_qsettings(tmp_path_factory):
    """Every test's QSettings (the window's size and place) in a folder of its own: never
    the settings of the user running the tests, nor another test's."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def window(qtbot, data_dir):
    """The whole trainer, shown, with a trainee's attempt at the worked example open."""
    from ui.app import create_window

    win = create_window(data_dir, SCENARIOS, "Test Trainee", SCENARIO)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def trainee(qtbot, window, data_dir):
    """Drives the window as a trainee does, finding controls by their CWS/CMS names."""
    from uidriver import Driver

    return Driver(qtbot, window, data_dir)
