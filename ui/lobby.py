"""The door into the store outside an open attempt: sign in, library, history, reports.

Like :class:`ui.door.Door` (which carries one attempt's entries), every call goes
through :meth:`Lobby.run`, which turns a domain error into the :attr:`Lobby.failed`
signal, never a traceback. The store (and with it sqlite-utils) is opened only at the
first call that needs it, so the window paints before any database work.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from PySide6.QtCore import QObject, Signal

from cwstrainer.errors import TrainerError

if TYPE_CHECKING:
    from cwstrainer.grading import Report
    from cwstrainer.regrade import RegradeSummary, StationScenarios
    from cwstrainer.scenario.loader import LoadedScenario
    from cwstrainer.store.store import Attempt, Store, Trainee

T = TypeVar("T")
COHORT_SETTING = "station_cohort"
LAST_ATTEMPT_SETTING = "last_open_attempt"
BY_SEAT = "by seat"


class ScenarioStanding(NamedTuple):
    """What the library shows of one scenario for one trainee."""

    best_percent: float | None
    best_passed: bool | None
    best_mode: str | None
    unfinished: Attempt | None
    submitted: int


def percent(attempt: Attempt) -> float | None:
    """An attempt's score in percent (None before submission): the percent its report
    adds up to (:func:`cwstrainer.grading.percent`), kept with it when it was graded."""
    if attempt.score is None or attempt.possible is None:
        return None
    if attempt.percent is not None:
        return attempt.percent
    from cwstrainer.grading import percent as percent_of

    return percent_of(attempt.score, attempt.possible)


def duration(attempt: Attempt) -> dt.timedelta | None:
    """Time from start to submission (or to the last entry, while unfinished)."""
    end = attempt.submitted_at or attempt.updated_at
    if not end:
        return None
    try:
        return dt.datetime.fromisoformat(end) - dt.datetime.fromisoformat(attempt.started_at)
    except ValueError:
        return None


def local_time(stamp: str | None) -> dt.datetime | None:
    """A store timestamp (UTC, ISO) in the machine's local time."""
    if not stamp:
        return None
    try:
        return dt.datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return None


class Lobby(QObject):
    """The trainer's store for everything but the entries of an open attempt.

    Signals:
        failed(str): a call was refused; the message for the trainee.
        noticed(str): the store had something to say on opening (a damaged database
            kept aside and a new one started).
    """

    failed = Signal(str)
    noticed = Signal(str)

    def __init__(
        self, data_dir: Path, parent: QObject | None = None, bundled: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.bundled = bundled
        self._store: Store | None = None
        self.notice: str | None = None
        self.regraded: RegradeSummary | None = None

    @property
    def store(self) -> Store:
        """The store, opened (and sqlite-utils imported) on first use.

        On opening, attempts an older trainer graded are graded again from their records
        (:func:`cwstrainer.regrade.regrade_old_reports`), so that every grade shown or
        exported is the current grader's.
        """
        if self._store is None:
            from cwstrainer.store.store import Store

            self._store = Store.open(self.data_dir)
            self.notice = self._store.notice
            if self.notice:
                self.noticed.emit(self.notice)
            self._regrade(self._store)
        return self._store

    def _regrade(self, store: Store) -> None:
        from cwstrainer import regrade
        from cwstrainer.store.health import Damaged

        try:
            with store.guard():
                if regrade.old_reports(store):
                    self.regraded = regrade.regrade_old_reports(store, self.scenarios())
        except Damaged as exc:  # kept aside: a new database was started (or could not be)
            self.notice = str(exc)
            self.noticed.emit(self.notice)
        except TrainerError as exc:  # kept for the next opening; the store still opens
            self.failed.emit(f"Older reports could not be graded again: {exc}")

    def scenarios(self) -> StationScenarios:
        """Every scenario version this station can grade against (bundled and its own)."""
        from cwstrainer.regrade import StationScenarios

        return StationScenarios.load(self.data_dir, self.bundled)

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def run(self, op: Callable[..., T], *args: Any) -> T | None:
        """Call ``op``; a domain error becomes :attr:`failed` and None.

        So does a problem of the database met outside the store's own calls (a full
        disk, damage: :meth:`Store.problem` keeps a damaged database aside and says so).
        """
        try:
            return op(*args)
        except TrainerError as exc:
            self.failed.emit(str(exc))
            return None
        except Exception as exc:  # only the database's problems are kept; others go on
            found = self._store.problem(exc) if self._store is not None else None
            if found is None:
                raise
            self.failed.emit(str(found))
            return None

    # -- calls -------------------------------------------------------------------------

    def sign_in(self, name: str) -> Trainee | None:
        """The trainee with this name or id (created on first sign-in)."""
        return self.run(lambda: self.store.sign_in(name))

    def trainee(self, trainee_id: str) -> Trainee | None:
        return self.run(
            lambda: next((t for t in self.store.trainees() if t.id == trainee_id), None)
        )

    def attempts(self, trainee_id: str) -> list[Attempt]:
        """The trainee's attempts, newest first."""
        return self.run(lambda: self.store.attempts(trainee_id)) or []

    def standing(self, trainee_id: str, scenario_id: str) -> ScenarioStanding:
        """Best score and the attempt to resume, for the library."""
        attempts = self.run(lambda: self.store.attempts(trainee_id, scenario_id)) or []
        done = [a for a in attempts if a.submitted and percent(a) is not None]
        best = max(done, key=lambda a: percent(a) or 0.0, default=None)
        return ScenarioStanding(
            percent(best) if best else None,
            best.passed if best else None,
            best.mode if best else None,
            next((a for a in attempts if not a.submitted), None),
            len(done),
        )

    def start(
        self,
        trainee: Trainee,
        loaded: LoadedScenario,
        mode: str,
        variant: str | None = BY_SEAT,
    ) -> Attempt | None:
        """A new attempt from the scenario's world, fresh.

        By default the seat's variant (the same for a trainee every time, so neighbours
        differ and nobody's copy changes between tries) and the station's cohort.
        ``variant`` names one instead (a trainer's preview of a given version).
        """
        from cwstrainer.scenario import variants

        chosen = variants.for_seat(loaded.scenario, trainee.name) if variant == BY_SEAT else variant
        return self.run(
            lambda: self.store.start_attempt(
                trainee,
                loaded,
                mode,  # type: ignore[arg-type]
                variant=chosen,
                cohort=self.cohort(),
            )
        )

    def cohort(self) -> str | None:
        """The station's current cohort label, given to every new attempt."""
        from cwstrainer.store import settings

        return self.run(lambda: settings.get(self.store, COHORT_SETTING))

    def set_cohort(self, label: str) -> bool:
        """Set (or, blank, clear) the station's cohort (trainer mode)."""
        from cwstrainer.store import settings

        clean = " ".join(label.split())[:80] or None
        return self.run(lambda: settings.put(self.store, COHORT_SETTING, clean) or True) is not None

    def attempt(self, attempt_id: str) -> Attempt | None:
        return self.run(lambda: self.store.attempt(attempt_id))

    def remember_open(self, attempt_id: str) -> None:
        """Note the attempt a window has open for entries (offered again at the next start)."""
        from cwstrainer.store import settings

        self.run(lambda: settings.put(self.store, LAST_ATTEMPT_SETTING, attempt_id))

    def last_unfinished(self) -> tuple[Trainee, Attempt] | None:
        """The attempt last open for entries on this station, if still unfinished.

        After a crash (or a closed window) the next start offers it for resume.
        """
        from cwstrainer.store import settings

        attempt_id = self.run(lambda: settings.get(self.store, LAST_ATTEMPT_SETTING))
        attempt = self.attempt(attempt_id) if attempt_id else None
        if attempt is None or attempt.submitted:
            return None
        trainee = self.trainee(attempt.trainee_id)
        return (trainee, attempt) if trainee is not None else None

    def report(self, attempt_id: str) -> Report | None:
        """The saved report of a submitted attempt, if any."""
        from cwstrainer.grading import Report

        def read() -> Report | None:
            text = self.store.report_json(attempt_id)
            return Report.from_json(text) if text else None

        return self.run(read)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
