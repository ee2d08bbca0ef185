"""One start-up, in a child process of bench_startup.py: prints when the first paint came.

    python benchmarks/startup_child.py bare               bare QMainWindow + QTabWidget
    python benchmarks/startup_child.py trainer DATA_DIR   main.py, to the first paint of
                                                          the main window with the
                                                          scenario library loaded
    python benchmarks/startup_child.py dialog DATA_DIR    main.py, to the first paint of
                                                          the Open Scenario dialog

Prints ``painted <time.monotonic()>`` (and ``library <time>`` when the library is
loaded), then leaves at once (``os._exit``), so that tearing Qt down is not counted.
The hooks are installed without importing anything the trainer would not import itself.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _note(what: str, ready: dict[str, bool]) -> None:
    """Print when ``what`` happened (the first time only); leave once all are ready."""
    if ready[what]:
        return
    ready[what] = True
    sys.stdout.write(f"{what} {time.monotonic():.6f}\n")
    if all(ready.values()):
        sys.stdout.flush()
        os._exit(0)


def _paint_filter(wanted: Any, ready: dict[str, bool]) -> Any:
    """An application-wide event filter that notes the first paint of a ``wanted`` widget."""
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(obj, wanted):
                _note("painted", ready)
            return False

    return FirstPaint()


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget

    app = QApplication(sys.argv[:1])
    keep = _paint_filter(QMainWindow, {"painted": False})
    app.installEventFilter(keep)
    window = QMainWindow()
    window.setCentralWidget(QTabWidget())
    window.resize(1280, 800)
    window.show()
    app.exec()


def trainer(data_dir: str, until_dialog: bool) -> None:
    """main.py as it is, with two hooks: the paint filter and (unless the dialog is
    wanted) a Sign In / Scenario Library that notes the library was loaded instead of
    opening the dialog (whose own first paint is the ``dialog`` mode's measure)."""
    sys.path.insert(0, str(ROOT))
    import main as trainer_main
    import ui.app
    from ui.mainwindow import MainWindow

    ready = {"painted": False} if until_dialog else {"painted": False, "library": False}
    keep: list[Any] = []
    real_application = ui.app.application

    def application(argv: list[str] | None = None) -> Any:
        app = real_application(argv)
        if not keep:
            if until_dialog:
                import ui.startdialog

                wanted: Any = ui.startdialog.StartDialog
            else:
                wanted = MainWindow
            keep.append(_paint_filter(wanted, ready))
            app.installEventFilter(keep[0])
        return app

    ui.app.application = application  # main.py imports it from ui.app inside main()
    if not until_dialog:

        def choose_scenario(window: MainWindow) -> bool:
            library = window.load_library()
            assert library is not None and library.scenarios, "the library did not load"
            _note("library", ready)
            return False

        MainWindow.choose_scenario = choose_scenario  # type: ignore[method-assign]
    trainer_main.main(["--data-dir", data_dir])
    raise SystemExit("the event loop ended before the first paint")


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    mode = sys.argv[1]
    if mode == "bare":
        bare()
    else:
        trainer(sys.argv[2], until_dialog=mode == "dialog")
