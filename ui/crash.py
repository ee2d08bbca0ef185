"""The one global excepthook: log the traceback in the data folder, tell the trainee.

After qutebrowser's crash handler: an unexpected error is written, with its traceback,
to ``crash.log`` in the data folder, and a dialog on the GUI thread says where. Entries
are already committed by the store as they are made, so none is lost.
"""

from __future__ import annotations

import datetime as dt
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from cwstrainer.paths import CRASH_LOG_NAME, PRIVATE_FOLDER_MODE, open_private

LOG_NAME = CRASH_LOG_NAME

Hook = Callable[[type[BaseException], BaseException, TracebackType | None], None]


def write_log(
    folder: Path, kind: type[BaseException], value: BaseException, tb: TracebackType | None
) -> Path:
    """Append one traceback, dated, to the crash log (0600, in a 0700 folder if it makes
    one); the log's path."""
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    path = folder / LOG_NAME
    with open_private(path, "a", encoding="utf-8") as log:
        log.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')}\n")
        log.write("".join(traceback.format_exception(kind, value, tb)))
    return path


def show_dialog(path: Path, value: BaseException) -> None:
    """Tell the trainee what happened and where the details are (tests patch this)."""
    from PySide6.QtWidgets import QMessageBox  # its type is built when first needed

    QMessageBox.critical(
        None,
        "Unexpected error — TRAINING",
        f"The trainer met an unexpected error: {value}\n\n"
        f"Everything you entered is saved. The details are in {path}; "
        "please give that file to your trainer.",
    )


def make_hook(folder: Path) -> Hook:
    """The excepthook for a data folder."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        try:
            path = write_log(folder, kind, value, tb)
        except OSError:
            sys.__excepthook__(kind, value, tb)
            return
        sys.stderr.write(f"cwstrainer: unexpected error, see {path}\n")
        app = QApplication.instance()
        if app is None:
            return
        if threading.current_thread() is threading.main_thread():
            show_dialog(path, value)
        else:  # a dialog belongs on the GUI thread
            QTimer.singleShot(0, app, lambda: show_dialog(path, value))

    return hook


def install(folder: Path) -> Hook:
    """Make the crash handler the process's excepthook; returns it."""
    hook = make_hook(folder)
    sys.excepthook = hook
    return hook
