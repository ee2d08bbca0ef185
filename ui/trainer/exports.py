"""Exports and collection: CSV, xAPI, station results files, and the LRS.

What an academy needs to get results out of a lab: spreadsheets (one row per attempt,
one per finding), xAPI statements as JSON lines for a learning record store offline,
this laptop's results file for the trainer's station, and the import of other laptops'
files (each attempt once, however often imported). With an LRS configured, statements
are queued at each submission and sent in the background; Send Now sends what waits.

Signals are on :class:`ExportsPage`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cwstrainer.errors import TrainerError
from ui.lobby import Lobby
from ui.prompts import FolderPath, OpenPaths, SavePath

if TYPE_CHECKING:
    from ui.trainer.lrsworker import LrsSender

RESULTS_FILTER = "Results files (*.jsonl)"


def _button(text: str, slot: object) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(text.replace("&", "").replace("…", ""))
    button.clicked.connect(slot)
    return button


class ExportsPage(QWidget):
    """Exports, results collection and the LRS settings.

    Signals:
        imported(): results files were imported (the dashboard changes).
    """

    imported = Signal()

    def __init__(self, lobby: Lobby, sender: LrsSender, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Exports and LRS")
        self.lobby = lobby
        self.sender_ = sender
        layout = QVBoxLayout(self)

        files = QGroupBox("Export results")
        files_layout = QVBoxLayout(files)
        row = QHBoxLayout()
        self.csv_button = _button("&CSV to Folder…", lambda: self.export_csv())
        self.xapi_button = _button("&xAPI Statements…", lambda: self.export_xapi())
        self.results_button = _button("This Laptop's &Results File…", lambda: self.export_results())
        for b in (self.csv_button, self.xapi_button, self.results_button):
            row.addWidget(b)
        row.addStretch(1)
        files_layout.addLayout(row)
        files_layout.addWidget(
            QLabel(
                "CSV: attempts.csv (one row per attempt) and findings.csv (one per finding). "
                "xAPI: statements as JSON lines. Results file: every submitted attempt, for "
                "the trainer's station."
            )
        )
        layout.addWidget(files)

        collect = QGroupBox("Collect from other laptops")
        collect_layout = QVBoxLayout(collect)
        self.import_button = _button("&Import Results Files…", lambda: self.import_results())
        import_row = QHBoxLayout()
        import_row.addWidget(self.import_button)
        import_row.addStretch(1)
        collect_layout.addLayout(import_row)
        caption = QLabel("Import &summary")
        collect_layout.addWidget(caption)
        self.import_summary = QListWidget()
        self.import_summary.setAccessibleName("Import summary")
        self.import_summary.setWordWrap(True)
        caption.setBuddy(self.import_summary)
        collect_layout.addWidget(self.import_summary)
        layout.addWidget(collect, 1)

        lrs_box = QGroupBox("Learning Record Store (LRS)")
        form = QFormLayout(lrs_box)
        self.endpoint = self._field("LRS &Endpoint", form, "https://lrs.example.org/xAPI/")
        self.username = self._field("LRS &Username", form, "the LRS key")
        self.password = self._field("LRS &Password", form, "")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.home_page = self._field("Academy &Home Page", form, "names trainees' accounts")
        buttons = QHBoxLayout()
        self.save_lrs_button = _button("&Save LRS Settings", lambda: self.save_lrs())
        self.off_button = _button("Stop Sendin&g", lambda: self.switch_off())
        self.send_button = _button("Send &Now", lambda: self.send_now())
        for b in (self.save_lrs_button, self.off_button, self.send_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        form.addRow(buttons)
        self.pending = QLabel()
        self.pending.setAccessibleName("Statements waiting")
        form.addRow("Waiting:", self.pending)
        layout.addWidget(lrs_box)

        self.message = QLabel()
        self.message.setObjectName("messageLine")
        self.message.setAccessibleName("Message")
        self.message.setWordWrap(True)
        self.message.hide()
        layout.addWidget(self.message)
        sender.started.connect(self._sending)
        sender.finished.connect(self._sent)
        lobby.failed.connect(lambda text: self.say(text))

    def _field(self, label: str, form: QFormLayout, hint: str) -> QLineEdit:
        field = QLineEdit()
        field.setAccessibleName(label.replace("&", ""))
        field.setPlaceholderText(hint)
        caption = QLabel(label)
        caption.setBuddy(field)
        form.addRow(caption, field)
        return field

    def say(self, text: str, kind: str = "error") -> None:
        """A line under the page: what happened, in words."""
        self.message.setProperty("kind", kind)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.show()

    # -- exports ---------------------------------------------------------------------------

    def _results(self) -> list[object] | None:
        from cwstrainer.exports.results import submitted_results

        return self.lobby.run(lambda: list(submitted_results(self.lobby.store)))

    def export_csv(self, folder: str | None = None) -> Path | None:
        from cwstrainer.exports import spreadsheet

        folder = folder or FolderPath.ask(self, "Export CSV into Folder", "")
        results = self._results() if folder else None
        if not folder or results is None:
            return None
        target = Path(folder)
        try:
            target.mkdir(parents=True, exist_ok=True)
            rows = spreadsheet.write_attempts(results, target / "attempts.csv")  # type: ignore[arg-type]
            found = spreadsheet.write_findings(results, target / "findings.csv")  # type: ignore[arg-type]
        except OSError as exc:
            self.say(f"The CSV files could not be written: {exc.strerror or exc}")
            return None
        self.say(
            f"{rows} attempt(s) and {found} finding(s) written to {target} "
            "(attempts.csv, findings.csv).",
            "info",
        )
        return target

    def export_xapi(self, path: str | None = None) -> Path | None:
        from cwstrainer import lrs
        from cwstrainer.exports import xapi

        path = path or SavePath.ask(
            self, "Export xAPI Statements", "statements.jsonl", "JSON lines (*.jsonl)"
        )
        results = self._results() if path else None
        if not path or results is None:
            return None
        config = self.lobby.run(lambda: lrs.configured(self.lobby.store))
        home = config.home_page if config else xapi.DEFAULT_HOME_PAGE
        try:
            count = xapi.write_jsonl(results, Path(path), home)  # type: ignore[arg-type]
        except OSError as exc:
            self.say(f"The statements could not be written: {exc.strerror or exc}")
            return None
        self.say(f"{count} statement(s) written to {path}.", "info")
        return Path(path)

    def export_results(self, path: str | None = None) -> Path | None:
        from cwstrainer import station

        path = path or SavePath.ask(
            self, "Export This Laptop's Results", "results.jsonl", RESULTS_FILTER
        )
        if not path:
            return None
        try:
            count = self.lobby.run(lambda: station.export_results(self.lobby.store, Path(path)))
        except OSError as exc:
            self.say(f"The results file could not be written: {exc.strerror or exc}")
            return None
        if count is None:
            return None
        self.say(
            f"{count} attempt(s) written to {path}. Take this file to the trainer's "
            "station and import it there.",
            "info",
        )
        return Path(path)

    def import_results(self, paths: list[str] | None = None) -> int:
        """Import results files; each gets a line: imported, already here, new trainees,
        and a line under it for each attempt whose stated grade its records do not earn
        (kept with the grade of its records: the station grades every attempt again)."""
        from cwstrainer import station

        paths = (
            paths
            if paths is not None
            else OpenPaths.ask(self, "Import Results Files", "", RESULTS_FILTER)
        )
        imported = 0
        scenarios = self.lobby.run(self.lobby.scenarios) if paths else None
        for name in paths:
            path = Path(name)
            try:
                done = station.import_results(self.lobby.store, path, scenarios)
            except station.ResultsInvalid as exc:
                problems = [f"line {p}" for p in exc.problems]
                self.import_summary.addItem(
                    f"{path.name}: refused, nothing imported from it — "
                    + "; ".join(problems[:10])
                    + (f" (and {len(problems) - 10} more)" if len(problems) > 10 else "")
                )
                continue
            except (TrainerError, OSError) as exc:  # one line; the other files go on
                self.import_summary.addItem(f"{path.name}: refused — {exc}")
                continue
            imported += done.imported
            self.import_summary.addItem(f"{path.name}: {done.text()}.")
            for line in done.regraded:
                self.import_summary.addItem(f"{path.name}, {line.text()}")
        if paths:
            self.import_summary.scrollToBottom()
            self.imported.emit()
        return imported

    # -- the LRS ---------------------------------------------------------------------------

    def load_lrs(self) -> None:
        """Show the station's LRS settings and how many statements wait."""
        from cwstrainer import lrs
        from cwstrainer.exports import xapi

        config = self.lobby.run(lambda: lrs.configured(self.lobby.store))
        self.endpoint.setText(config.endpoint if config else "")
        self.username.setText(config.username if config else "")
        self.password.setText(config.password if config else "")
        self.home_page.setText(config.home_page if config else xapi.DEFAULT_HOME_PAGE)
        self.update_pending()

    def update_pending(self) -> int:
        from cwstrainer import lrs

        count = self.lobby.run(lambda: lrs.pending(self.lobby.store)) or 0
        config = self.lobby.run(lambda: lrs.configured(self.lobby.store))
        where = f"to {config.endpoint}" if config else "(no LRS configured: nothing is sent)"
        self.pending.setText(f"{count} statement(s) queued {where}")
        self.send_button.setEnabled(config is not None and not self.sender_.busy)
        return count

    def save_lrs(self) -> bool:
        from cwstrainer import lrs
        from cwstrainer.exports import xapi

        config = lrs.LrsConfig(
            self.endpoint.text().strip(),
            self.username.text().strip(),
            self.password.text(),
            self.home_page.text().strip() or xapi.DEFAULT_HOME_PAGE,
        )
        if self.lobby.run(lambda: lrs.configure(self.lobby.store, config) or True) is None:
            return False
        from cwstrainer import lrs_secret

        kept = self.lobby.run(lambda: lrs_secret.described(self.lobby.store)) or ""
        self.say(
            f"LRS settings saved; the password is kept {kept}. Statements are queued at "
            "each submission and sent in the background; Send Now sends what waits.",
            "info",
        )
        self.update_pending()
        return True

    def switch_off(self) -> None:
        from cwstrainer import lrs

        self.lobby.run(lambda: lrs.configure(self.lobby.store, None))
        self.load_lrs()
        self.say("No LRS: nothing will be sent. Statements already queued stay queued.", "info")

    def send_now(self) -> bool:
        """Queue every submitted attempt not yet queued, then send in the background."""
        from cwstrainer import lrs

        config = self.lobby.run(lambda: lrs.configured(self.lobby.store))
        if config is None:
            self.say("Configure the LRS first (endpoint and username), then Send Now.")
            return False
        self.lobby.run(lambda: lrs.enqueue_submitted(self.lobby.store, config.home_page))
        self.update_pending()
        self.sender_.send()
        return True

    def _sending(self) -> None:
        self.send_button.setEnabled(False)
        self.say("Sending to the LRS in the background…", "info")

    def _sent(self, result: object, error: str) -> None:
        count = self.update_pending()
        if error:
            self.say(
                f"The LRS did not take the statements: {error}. {count} statement(s) "
                "stay queued; nothing is lost. Send Now tries again."
            )
        else:
            sent = getattr(result, "sent", 0)
            rejected = getattr(result, "rejected", 0)
            extra = f", {rejected} rejected by the LRS" if rejected else ""
            self.say(f"Sent {sent} statement(s){extra}; {count} still queued.", "info")
