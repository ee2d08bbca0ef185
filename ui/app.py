"""Building the application window without starting the event loop.

:func:`create_window` is how ``main.py``, the tests and the screenshot tool all get the
whole trainer. It imports no sqlite-utils: the store is opened (and sqlite-utils
imported) only when an attempt is opened, which keeps the first paint quick.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ui.mainwindow import MainWindow

BUNDLED_SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
ICON = Path(__file__).resolve().parent.parent / "resources" / "cwstrainer.png"
ORGANISATION = "cwstrainer"
APPLICATION = "cwstrainer"


def settings() -> QSettings:
    """This user's settings of the app (the window's size and place), in an INI file.

    Under the organisation and application name (``~/.config/cwstrainer/cwstrainer.conf``
    on Linux); tests point :meth:`QSettings.setPath` at a temporary folder.
    """
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication (created if there is none yet), in the Fusion style."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
        if app.style().name().lower() != "fusion":  # Linux starts in Fusion: no second style
            app.setStyle("Fusion")
        app.setOrganizationName(ORGANISATION)
        app.setApplicationName("cwstrainer")
        # No application display name: Qt would append it to every window title after the
        # window's own ("Sign In — … — TRAINING — [TRAINING] …"). Each title says it once.
    assert isinstance(app, QApplication)
    if app.windowIcon().isNull() and ICON.is_file():
        from PySide6.QtGui import QIcon

        app.setWindowIcon(QIcon(str(ICON)))
    return app


def create_window(
    data_dir: str | os.PathLike[str] | None = None,
    scenarios_dir: str | os.PathLike[str] | None = None,
    trainee: str | None = None,
    scenario_id: str | None = None,
    mode: str = "practice",
) -> MainWindow:
    """The whole trainer window, not shown and with no event loop started.

    Args:
        data_dir: the data folder (default: ``--data-dir``'s default, see cwstrainer.paths).
        scenarios_dir: the scenario folder (default: ``scenarios/`` next to main.py).
        trainee, scenario_id: open (or resume) this trainee's attempt at this scenario
            at once, as the scenario library would; both or neither.
        mode: the mode of a new attempt (an unfinished one resumes in its own mode).
    """
    from cwstrainer.paths import data_dir as default_data_dir

    application()
    window = MainWindow(
        default_data_dir(data_dir),
        Path(scenarios_dir) if scenarios_dir else BUNDLED_SCENARIOS,
    )
    if trainee is not None and scenario_id is not None:
        library = window.load_library()
        loaded = library.loaded(scenario_id) if library is not None else None
        if loaded is None:
            raise LookupError(f"no scenario {scenario_id!r} in {window.scenarios_dir}")
        window.open_attempt(trainee, loaded, mode)
    return window
