"""What a screen reader gets: every interactive control has a name, on every screen.

The test asks Qt's accessibility layer (what Orca or NVDA read), not the widget's own
``accessibleName`` property, so a button's text or a field's label buddy counts, as it
does for a screen reader. Section 508 asks this of California's state training.
"""

import datetime as dt

import pytest
from conftest import SCENARIOS
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)
from uidriver import unlock

from cwstrainer.special_projects import S_CSEC_VICTIM_DURING_CARE, Notebook
from ui.prompts import Confirm

INTERACTIVE = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit,
               QPlainTextEdit, QTextEdit, QTabBar)


def unnamed(root: QWidget) -> list[str]:
    """Visible interactive controls under ``root`` whose accessible name is empty."""
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INTERACTIVE) or not widget.isVisibleTo(root):
            continue
        if isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
            continue  # the line edit inside a combo or spin box speaks for its owner
        if isinstance(widget, QHeaderView):
            continue  # a table's headers are read as its column names, through the table
        if widget.objectName().startswith("qt_"):
            continue  # Qt's own internals (scroll arrows, viewports)
        face = QAccessible.queryAccessibleInterface(widget)
        if face is None or not face.text(QAccessible.Text.Name).strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r} in "
                           f"{type(widget.parent()).__name__}")
    return missing


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_every_notebook_page_names_its_controls(window):
    for notebook in window.notebooks:
        for page in notebook.page_names():
            window.show_page(notebook.key, page)
            assert unnamed(window) == [], (notebook.key, page)


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_report_names_its_controls(qtbot, window, monkeypatch):
    monkeypatch.setattr(Confirm, "ask", classmethod(lambda cls, *a: True))
    door = window.door
    row = door.add_special_project(Notebook.CASE, door.records.cases[0].id)
    door.update("special_project", row.id, code=S_CSEC_VICTIM_DURING_CARE,
                start_date=dt.date(2016, 10, 12))
    assert window.submit()
    assert unnamed(window) == []


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_library_names_its_controls(qtbot, data_dir):
    from ui.library import load_station_library, station_folder
    from ui.lobby import Lobby
    from ui.startdialog import StartDialog

    library = load_station_library(SCENARIOS, station_folder(data_dir))
    dialog = StartDialog(library, Lobby(data_dir), "Test Trainee")
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed(dialog) == []


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_every_trainer_tab_names_its_controls(qtbot, window, monkeypatch):
    trainer = unlock(window, monkeypatch)
    qtbot.addWidget(trainer)
    tabs = trainer.findChild(QTabBar)
    assert tabs is not None and tabs.count() >= 5
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        assert unnamed(trainer) == [], tabs.tabText(index)


def test_the_check_finds_an_unnamed_field(qtbot):
    """The check itself: a field nobody named is reported, and naming it satisfies it."""
    from PySide6.QtWidgets import QVBoxLayout

    root = QWidget()
    field = QLineEdit()
    QVBoxLayout(root).addWidget(field)
    qtbot.addWidget(root)
    root.show()
    assert unnamed(root) == ["QLineEdit '' in QWidget"]
    field.setAccessibleName("Start Date")
    assert unnamed(root) == []


def test_the_window_renders_at_twice_the_scale(tmp_path):
    """QT_SCALE_FACTOR=2 (low vision): every page renders at twice the pixels, and the
    README shows one (docs/screenshots/21-scale-2-placement.png)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from PySide6.QtGui import QImage

    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "main.py", "--screenshots", str(tmp_path)], cwd=root,
                         env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    page = QImage(str(tmp_path / "03-referral-placement.png"))
    assert (page.width(), page.height()) == (2560, 1600)
