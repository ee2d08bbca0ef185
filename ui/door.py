"""The one door from the notebooks into the store (after Anki's ``CollectionOp``).

Every entry a trainee makes goes through :class:`Door`: it calls the store, and a domain
error (:class:`~cwstrainer.errors.TrainerError`) comes back as the :attr:`Door.failed`
signal, which the window shows as a message naming the field, never as a traceback.
Each successful write is already committed by the store (CWS/CMS's "Save Locally"), and
the door hands every view the fresh records, so views never open the database.

One window enters into an attempt at a time: the door claims the attempt when it opens
it (:meth:`cwstrainer.store.store.Store.claim`) and says so every
:data:`~cwstrainer.store.store.HEARTBEAT_SECONDS`. An attempt another window holds opens
read-only (:attr:`Door.held_by`) until the trainee takes it over (:meth:`Door.take_over`);
a door whose attempt another window took over turns read-only and says so
(:attr:`Door.lost`), its entry refused, never written over the other's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal

from cwstrainer import fields
from cwstrainer.errors import FieldError, TrainerError
from cwstrainer.records import AttemptRecords, RecordKind
from cwstrainer.special_projects import Notebook

if TYPE_CHECKING:  # the store pulls in sqlite-utils: only when an attempt is opened
    from cwstrainer.grading import Report
    from cwstrainer.scenario.loader import LoadedScenario
    from cwstrainer.scenario.model import Scenario
    from cwstrainer.store.store import Attempt, Lease, Store

T = TypeVar("T")


def scenario_of(loaded: LoadedScenario, variant: str | None) -> Scenario:
    """The scenario as an attempt's seat sees it: its variant applied (None: the original).

    A variant the scenario no longer lists (the file was edited since) falls back to the
    original rather than refusing to open the attempt.
    """
    from cwstrainer.scenario import variants

    try:
        return variants.apply(loaded.scenario, variant)
    except KeyError:
        return loaded.scenario


class Door(QObject):
    """An open attempt: the store, the attempt, its scenario, and the way to change it.

    ``scenario`` is what this attempt's trainee sees and is graded on (the variant
    applied); ``loaded`` is the file it came from.

    Signals:
        recordsChanged(AttemptRecords): after every successful entry, with all records.
        saved(str): after every successful entry, what was kept ("Save Locally").
        failed(str, str): an entry was refused: the field's CWS/CMS label ("" if the
            problem is not one field's) and the message for the trainee.
        submitted(object): the attempt was graded and closed: its ``Report``.
        lost(str): another window took the attempt over (or the database was kept
            aside): this door is read-only from now on; the message says why.
    """

    recordsChanged = Signal(object)
    saved = Signal(str)
    failed = Signal(str, str)
    submitted = Signal(object)
    lost = Signal(str)

    def __init__(
        self,
        store: Store,
        attempt: Attempt,
        loaded: LoadedScenario,
        parent: QObject | None = None,
        take_over: bool = False,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.attempt = attempt
        self.loaded = loaded
        self.scenario = scenario_of(loaded, attempt.variant)
        self._records = store.records(attempt.id)
        self._clients = store.clients(attempt.id)
        self.held_by: Lease | None = None  # another window holds the attempt
        self.held_message = ""
        self._holding = False
        self._heartbeat: QTimer | None = None
        if not attempt.submitted:
            self._claim(take_over)

    # -- what views read ---------------------------------------------------------------

    @property
    def today(self) -> dt.date:
        """The scenario's today: the date CWS/CMS shows, never the machine's."""
        return self.scenario.today

    @property
    def mode(self) -> str:
        """guided, practice or assessment."""
        return self.attempt.mode

    @property
    def read_only(self) -> bool:
        """A submitted attempt can be read (with its report) but not changed; nor can one
        another window holds for its entries."""
        return self.attempt.submitted or self.held_by is not None

    # -- one window per attempt -----------------------------------------------------------

    def _claim(self, take_over: bool) -> bool:
        from cwstrainer.store.store import AttemptInUse

        try:
            self.store.claim(self.attempt.id, take_over=take_over)
        except AttemptInUse as exc:
            self.held_by = exc.lease
            self.held_message = str(exc)
            return False
        except TrainerError:  # a full disk, say: each entry will say so itself
            return False
        self.held_by = None
        self.held_message = ""
        self._holding = True
        self._start_heartbeat()
        return True

    def _start_heartbeat(self) -> None:
        from cwstrainer.store.store import HEARTBEAT_SECONDS

        if self._heartbeat is None:
            self._heartbeat = QTimer(self)
            self._heartbeat.setInterval(HEARTBEAT_SECONDS * 1000)
            self._heartbeat.timeout.connect(self.beat)
        self._heartbeat.start()

    def beat(self) -> bool:
        """Tell the store this window still holds the attempt; False if it lost it."""
        from cwstrainer.store.health import Damaged
        from cwstrainer.store.store import AttemptInUse

        if not self._holding:
            return False
        try:
            self.store.heartbeat(self.attempt.id)
        except AttemptInUse as exc:
            self._lose(exc)
            return False
        except Damaged as exc:
            self._lose(exc)
            return False
        except TrainerError:  # a full disk or a lock: the lease stays, try again later
            pass
        except Exception as exc:  # the database's problems only; others go on
            if self.store.problem(exc) is None:
                raise
        return True

    def _lose(self, exc: TrainerError) -> None:
        """Another window took the attempt (or the database went): read-only from now."""
        from cwstrainer.store.store import AttemptInUse, Lease

        if self._heartbeat is not None:
            self._heartbeat.stop()
        self._holding = False
        self.held_by = (
            exc.lease
            if isinstance(exc, AttemptInUse)
            else Lease(self.attempt.id, "", 0, "", "", "")
        )
        self.held_message = str(exc)
        self.lost.emit(self.held_message)

    def take_over(self) -> bool:
        """Take the attempt over from the window holding it: its entries are kept, its
        next ones refused; the records are read again, as the other window left them."""
        try:
            self.attempt = self.store.attempt(self.attempt.id)
        except TrainerError as exc:
            self.report(exc)
            return False
        if self.attempt.submitted:  # the other window submitted it meanwhile
            self.held_by = None
            self.held_message = ""
        elif not self._claim(take_over=True):
            if self.held_by is None:
                self.failed.emit("", "The attempt could not be taken over; try again.")
            return False
        try:
            self._records = self.store.records(self.attempt.id)
        except TrainerError as exc:
            self.report(exc)
            return False
        self.recordsChanged.emit(self._records)
        return True

    def release(self, give_back: bool = True) -> None:
        """Give the attempt back (the window closes it or opens another); without
        ``give_back``, only stop saying this door holds it (another door of this window
        holds it now)."""
        if self._heartbeat is not None:
            self._heartbeat.stop()
        if self._holding and not give_back:
            self._holding = False
        if self._holding:
            self._holding = False
            # a full disk: the lease goes stale with this process
            with contextlib.suppress(TrainerError):
                self.store.release(self.attempt.id)

    def grade(self) -> Report:
        """The records as they stand, graded (guided mode's next step, and submission).

        Graded on the attempt's own version of the scenario (its variant's names and
        dates), and the report names that variant.
        """
        from cwstrainer.grading import grade

        return grade(self.scenario, self._records, self.attempt.variant)

    def submit(self) -> Report | None:
        """Grade the records and close the attempt with its report (once only)."""
        from cwstrainer.store.health import Damaged
        from cwstrainer.store.store import AttemptInUse

        report = self.grade()
        try:
            self.attempt = self.store.submit(
                self.attempt.id, report.score, report.possible, report.passed, report.to_json()
            )
        except (AttemptInUse, Damaged) as exc:
            self.report(exc)
            self._lose(exc)
            return None
        except TrainerError as exc:
            self.report(exc)
            return None
        self._holding = False  # a submitted attempt holds no lease (the store let it go)
        if self._heartbeat is not None:
            self._heartbeat.stop()
        self.submitted.emit(report)
        return report

    @property
    def records(self) -> AttemptRecords:
        """Everything entered so far (as of the last entry)."""
        return self._records

    @property
    def clients(self) -> list[dict[str, Any]]:
        """The scenario's people: client_key, display_name, birth_date, role."""
        return self._clients

    def client_name(self, key: str | None) -> str:
        """A client as CWS/CMS shows one (LAST, First); blank for none."""
        if key is None:
            return ""
        return next((c["display_name"] for c in self._clients if c["client_key"] == key), key)

    # -- the door ------------------------------------------------------------------------

    def run(self, what: str, op: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Call ``op`` on the store; a domain error becomes :attr:`failed`, not an exception.

        Returns what ``op`` returned, or None if it was refused.
        """
        from cwstrainer.store.health import Damaged
        from cwstrainer.store.store import AttemptInUse

        try:
            result = op(*args, **kwargs)
        except (AttemptInUse, Damaged) as exc:
            self.report(exc)
            self._lose(exc)
            return None
        except TrainerError as exc:
            self.report(exc)
            return None
        except Exception as exc:  # the database's problems only; others go on
            found = self.store.problem(exc, "save")
            if found is None:
                raise
            self.report(found)
            return None
        self._records = self.store.records(self.attempt.id)
        self.recordsChanged.emit(self._records)
        self.saved.emit(what)
        return result

    def report(self, exc: TrainerError) -> None:
        """Show a domain error to the trainee (a field refused a value, the store said no)."""
        if isinstance(exc, FieldError):
            self.failed.emit(exc.field, f"{exc.field}: {exc.message}")
        else:
            self.failed.emit("", str(exc))

    # -- the entries a notebook makes --------------------------------------------------

    def add_referral(self) -> Any:
        """A new, empty referral (an intake worker's Create New Referral)."""
        return self.run("New referral", self.store.add_referral, self.attempt.id)

    def add_allegation(self, referral_id: int) -> Any:
        """Create New Allegation "+"."""
        return self.run("New allegation", self.store.add_allegation, self.attempt.id, referral_id)

    def add_placement(self, referral_id: int) -> Any:
        """Placement "+"."""
        return self.run("New placement", self.store.add_placement, self.attempt.id, referral_id)

    def add_special_project(self, notebook: Notebook, owner_id: int) -> Any:
        """The "+" of a Special Project grid, on a referral or a case."""
        return self.run(
            "New special project",
            self.store.add_special_project,
            self.attempt.id,
            notebook,
            owner_id,
        )

    def add_csec_row(self, client: str) -> Any:
        """The "+" of a child's CSEC Data Grid (Client notebook)."""
        return self.run("New CSEC row", self.store.add_csec_row, self.attempt.id, client)

    def update(self, kind: RecordKind, record_id: int, **changes: object) -> Any:
        """Change fields of one record (each checked by the store first)."""
        try:
            what = ", ".join(fields.field_spec(kind, name).label for name in changes)
        except TrainerError as exc:
            self.report(exc)
            return None
        return self.run(what, self.store.update, self.attempt.id, kind, record_id, **changes)

    def delete(self, kind: RecordKind, record_id: int) -> bool:
        """Remove a row the trainee entered."""
        done = self.run(f"Deleted {kind}", self._delete, kind, record_id)
        return bool(done)

    def _delete(self, kind: RecordKind, record_id: int) -> bool:
        self.store.delete(self.attempt.id, kind, record_id)
        return True

    def set_last_page(self, page: str) -> None:
        """Remember where the trainee is, so that a resumed attempt opens there (not in
        an attempt another window holds: that window's place is kept)."""
        if self.held_by is not None:
            return
        from cwstrainer.store.health import Damaged
        from cwstrainer.store.store import AttemptInUse

        try:
            self.store.set_last_page(self.attempt.id, page)
        except (AttemptInUse, Damaged) as exc:
            self.report(exc)
            self._lose(exc)
        except TrainerError as exc:
            self.report(exc)

    def close(self) -> None:
        """Give the attempt back and close the store (every entry is already committed)."""
        self.release()
        self.store.close()
