"""One opening of the results dashboard (ui.trainer.dashboard), in a fresh process.

    python benchmarks/dashboard_child.py DATA_DIR

Times, from the moment the trainer asks for the dashboard (its page is made, shown and
filled, as the trainer window does) to the first paint of the trainee table with rows in
it, and to the heat map being ready. The store is opened inside that time, as it is on a
station. Prints ``table <ms>`` and ``heat <ms>`` and leaves at once.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(data_dir: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    from ui.lobby import Lobby
    from ui.trainer.dashboard import DashboardPage

    app = QApplication(sys.argv[:1])
    noted: dict[str, float] = {}

    def note(what: str) -> None:
        if what not in noted:
            noted[what] = (time.perf_counter() - started) * 1000
            sys.stdout.write(f"{what} {noted[what]:.3f}\n")
            if len(noted) == 2:
                sys.stdout.flush()
                os._exit(0)

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if (
                event.type() == QEvent.Type.Paint
                and obj is page.table.viewport()
                and page.model.rowCount() > 0
            ):
                note("table")
            return False

    keep: list[Any] = []
    started = time.perf_counter()
    lobby = Lobby(Path(data_dir))
    page = DashboardPage(lobby)
    keep.append(FirstPaint())
    page.table.viewport().installEventFilter(keep[0])
    page.heatMapReady.connect(lambda: note("heat"))
    page.resize(1280, 800)
    page.show()
    page.reload()
    QTimer.singleShot(120_000, lambda: os._exit(3))  # never hang a benchmark
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
