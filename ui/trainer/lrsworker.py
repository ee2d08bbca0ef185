"""Sending queued xAPI statements to the LRS without freezing the window.

Statements are queued in the store on the GUI thread at each submission (a quick local
write: nothing is lost if the network is down or the laptop is shut). Sending runs on
Qt's thread pool with a store opened *in that thread* (a SQLite connection belongs to
the thread that made it; WAL and the store's busy timeout let both write), and reports
back by signal. A failure is a message for the trainer; the statements stay queued for
the next Send Now or the next submission. A send that leaves statements queued (the LRS
down, or answering something other than success) reports the LRS's own answer.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from cwstrainer.errors import TrainerError

if TYPE_CHECKING:
    from cwstrainer.exports.results import AttemptResult
    from cwstrainer.store.store import Store

SEND_TIMEOUT_SECONDS = 10.0


class _Relay(QObject):
    """Carries the worker's answer to the GUI thread.

    Signals:
        done(object, str): the ``SendResult`` (None if nothing could be tried) and an
            error message ("" when there was none).
    """

    done = Signal(object, str)


class _SendJob(QRunnable):
    def __init__(self, data_dir: Path, relay: _Relay, timeout: float) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.relay = relay
        self.timeout = timeout

    def run(self) -> None:
        from cwstrainer import lrs
        from cwstrainer.store.store import Store

        try:
            store = Store.open(self.data_dir)
            try:
                with store.guard():  # a full disk, damage: said in words
                    config = lrs.configured(store)
                    if config is None:
                        self.relay.done.emit(None, "No LRS is configured at this station.")
                        return
                    result = lrs.send_pending(store, config, self.timeout)
            finally:
                store.close()
        except (TrainerError, OSError, sqlite3.Error) as exc:
            self.relay.done.emit(None, f"The statements could not be sent: {exc}")
            return
        self.relay.done.emit(result, result.error or "")


class LrsSender(QObject):
    """Queues statements at submission and sends them in the background.

    Signals:
        started(): a send began.
        finished(object, str): a send ended: the ``SendResult`` or None, and the error
            message ("" if none). The statements not sent are still queued.
    """

    started = Signal()
    finished = Signal(object, str)

    def __init__(
        self, data_dir: Path, parent: QObject | None = None, timeout: float = SEND_TIMEOUT_SECONDS
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.timeout = timeout
        self.busy = False
        self._again = False
        self._relay = _Relay(self)
        self._relay.done.connect(self._done)

    def queue_submission(self, store: Store, result: AttemptResult) -> bool:
        """Queue one submitted attempt's statements, if an LRS is configured; then send."""
        from cwstrainer import lrs

        config = lrs.configured(store)
        if config is None:
            return False
        lrs.enqueue(store, result, config.home_page)
        self.send()
        return True

    def send(self) -> None:
        """Send what is queued, in the background (a second call waits for the first)."""
        if self.busy:
            self._again = True
            return
        self.busy = True
        self.started.emit()
        QThreadPool.globalInstance().start(_SendJob(self.data_dir, self._relay, self.timeout))

    def _done(self, result: object, error: str) -> None:
        self.busy = False
        self.finished.emit(result, error)
        if self._again:
            self._again = False
            self.send()

    def wait(self, msecs: int = 30000) -> bool:
        """Wait for sends in flight (at close, so no thread outlives the window)."""
        return QThreadPool.globalInstance().waitForDone(msecs)
