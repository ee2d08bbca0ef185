"""Grades a station can trust: graded here, from the records, by the current grader.

A score written somewhere (in a results file from another laptop, or in a report this
machine's older trainer made) is never what the station keeps: it grades the records
again, against the scenario version the attempt names, as the seat saw it (its
variant), with :func:`cwstrainer.grading.grade`.

:class:`StationScenarios` is every scenario version the station holds: the bundled
folder, the data folder's ``scenarios/`` and the older versions a pack import kept in
``scenarios/.versions/``. :func:`regrade_old_reports` grades again every submitted
attempt whose report an older grader made (``report_version`` below
:data:`cwstrainer.grading.REPORT_VERSION`), a batch of attempts per transaction, so that
an interrupted run leaves every attempt with one whole grade and the next run goes on.
An attempt whose scenario version the station does not hold keeps its report, its
verdict computed again from that report's findings by the current definition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cwstrainer.errors import ScenarioInvalid, TrainerError
from cwstrainer.scenario.library import LibraryIndex, LoadedScenario, scenario_files

if TYPE_CHECKING:
    from cwstrainer.grading import Report
    from cwstrainer.records import AttemptRecords
    from cwstrainer.scenario.model import Scenario
    from cwstrainer.store.store import Store

BUNDLED_SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
STATION_FOLDER = "scenarios"
VERSIONS_FOLDER = ".versions"  # where a pack import keeps a replaced version
BATCH = 200


class NotInLibrary(TrainerError):
    """An attempt names a scenario version (or variant) this station does not hold."""


def scenario_folders(data_dir: Path, bundled: Path | None = None) -> tuple[Path, ...]:
    """Where a station keeps scenarios, in order of preference."""
    station = data_dir / STATION_FOLDER
    return (bundled or BUNDLED_SCENARIOS, station, station / VERSIONS_FOLDER)


class StationScenarios:
    """Every valid scenario file of a station, by id and version.

    The same id and version in two files (a station copy of a bundled scenario that
    kept its version): the one whose digest the attempt names, else the first found.
    """

    def __init__(self, loaded: Iterable[LoadedScenario]) -> None:
        self._by: dict[tuple[str, int], list[LoadedScenario]] = {}
        for item in loaded:
            self._by.setdefault((item.summary.id, item.summary.version), []).append(item)

    @classmethod
    def load(cls, data_dir: Path, bundled: Path | None = None) -> StationScenarios:
        """The scenarios of a station's data folder and its bundled folder."""
        return cls.from_folders(scenario_folders(data_dir, bundled))

    @classmethod
    def from_folders(cls, folders: Iterable[Path]) -> StationScenarios:
        """Every valid scenario file in these folders (bad files are left out)."""
        index = LibraryIndex(None)
        found: list[LoadedScenario] = []
        for folder in folders:
            if not folder.is_dir():
                continue
            for path in scenario_files([folder]):
                try:
                    found.append(index.load(path))
                except ScenarioInvalid:
                    continue
        return cls(found)

    def find(
        self, scenario_id: str, version: int, digest: str | None = None
    ) -> LoadedScenario | None:
        """The file of this scenario version, if the station holds it."""
        candidates = self._by.get((scenario_id, version), [])
        return next((c for c in candidates if c.digest == digest), None) or next(
            iter(candidates), None
        )

    def versions(self, scenario_id: str) -> tuple[int, ...]:
        """The versions of a scenario the station holds, lowest first."""
        return tuple(sorted(v for sid, v in self._by if sid == scenario_id))

    def scenario(
        self, scenario_id: str, version: int, variant: str | None, digest: str | None = None
    ) -> Scenario:
        """The scenario as the attempt's seat saw it; :class:`NotInLibrary` if the station
        does not hold that version, or it has no such variant."""
        from cwstrainer.scenario import variants

        loaded = self.find(scenario_id, version, digest)
        if loaded is None:
            held = self.versions(scenario_id)
            also = (
                f" (it holds version{'s' if len(held) > 1 else ''} {', '.join(map(str, held))})"
                if held
                else ""
            )
            raise NotInLibrary(
                f"scenario {scenario_id!r} version {version} is not in this station's "
                f"library{also}; import its pack first"
            )
        try:
            return variants.apply(loaded.scenario, variant)
        except KeyError:
            raise NotInLibrary(
                f"scenario {scenario_id!r} version {version} has no variant {variant!r}"
            ) from None

    def grade(
        self,
        scenario_id: str,
        version: int,
        variant: str | None,
        records: AttemptRecords,
        digest: str | None = None,
    ) -> Report:
        """The records graded against the scenario version and variant they were made on."""
        from cwstrainer.grading import grade

        return grade(self.scenario(scenario_id, version, variant, digest), records, variant)


@dataclass(frozen=True)
class RegradeSummary:
    """What :func:`regrade_old_reports` did."""

    regraded: int
    kept: int  # old reports whose scenario version this station does not hold

    def __str__(self) -> str:
        text = f"{self.regraded} attempt(s) graded by an older trainer were graded again"
        if self.kept:
            text += (
                f"; {self.kept} kept their report (their scenario version is not in this "
                "station's library), its verdict computed again from its findings"
            )
        return text


def old_reports(store: Store) -> int:
    """How many submitted attempts have a report made by an older grader."""
    from cwstrainer.grading import REPORT_VERSION

    row = store.db.execute(
        "select count(*) from attempts where status = 'submitted' "
        "and coalesce(report_version, 0) < ?",
        [REPORT_VERSION],
    ).fetchone()
    return int(row[0])


def regrade_old_reports(
    store: Store, scenarios: StationScenarios | None = None, bundled: Path | None = None
) -> RegradeSummary:
    """Grade again, from its records, every submitted attempt an older grader graded.

    The scenarios are read (``StationScenarios.load`` of the store's data folder and
    ``bundled``) only when there is such an attempt. Each attempt gets a new report,
    kept as its grade everywhere (:meth:`Store.keep_grade`); a batch of attempts is one
    transaction.
    """
    from cwstrainer.grading import REPORT_VERSION, grade

    rows = store.db.execute(
        "select id, scenario_id, scenario_version, variant, scenario_digest from attempts "
        "where status = 'submitted' and coalesce(report_version, 0) < ? "
        "order by submitted_at, rowid",
        [REPORT_VERSION],
    ).fetchall()
    if not rows:
        return RegradeSummary(0, 0)
    if scenarios is None:
        scenarios = StationScenarios.load(store.path.parent, bundled)
    regraded = kept = 0
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    for start in range(0, len(rows), BATCH):
        with store.transaction():
            for attempt_id, scenario_id, version, variant, digest in rows[start : start + BATCH]:
                try:
                    scenario = scenarios.scenario(scenario_id, int(version or 0), variant, digest)
                except NotInLibrary:
                    kept += 1
                    continue
                report = grade(scenario, store.records(attempt_id), variant)
                store.keep_grade(attempt_id, report, now)
                regraded += 1
    return RegradeSummary(regraded, kept)
