"""The scenario library a station offers: the bundled scenarios plus the station's own.

Trainer-written and imported scenarios live in ``DATA_DIR/scenarios``. When both folders
hold a scenario with the same id, the higher ``version`` wins and the library says which
file it used, so a trainer who improves a bundled scenario (and raises its version) sees
the new one offered, and a stale copy never hides a newer bundled one. Equal versions
keep the bundled file and name the station's as a problem: which one a trainee gets must
never depend on chance.

Both folders are read through one :class:`~cwstrainer.scenario.library.LibraryIndex`
kept in the data folder, so a start where no scenario changed parses none.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from cwstrainer.errors import Problem
from cwstrainer.scenario.library import LibraryIndex, LibraryLoad, LoadedScenario, load_library

STATION_FOLDER = "scenarios"
INDEX_FILE = Path("cache") / "library-index.json"


def station_folder(data_dir: Path) -> Path:
    """Where this station keeps trainer-written and imported scenarios."""
    return data_dir / STATION_FOLDER


class StationLibrary(NamedTuple):
    """The merged library, as a :class:`LibraryLoad` is read (``scenarios``, ``problems``);
    ``origins`` says, per scenario id, which file is offered and why; ``station`` lists
    the ids offered from the station's folder."""

    scenarios: tuple[LoadedScenario, ...]
    problems: tuple[Problem, ...]
    origins: dict[str, str]
    station: tuple[str, ...]

    def loaded(self, scenario_id: str) -> LoadedScenario | None:
        return next((s for s in self.scenarios if s.summary.id == scenario_id), None)


def index_file(data_dir: Path) -> Path:
    """Where this station keeps its library index (a cache: deleting it loses nothing)."""
    return data_dir / INDEX_FILE


def load_station_library(
    bundled: Path, station: Path, index: Path | None = None
) -> StationLibrary:
    """Bundled scenarios, then the station's; the higher version of a repeated id wins.

    ``index``: the library index file to read and keep (none: every file is parsed).
    """
    shortcut = LibraryIndex(index)
    first = load_library([bundled], shortcut) if bundled.is_dir() else LibraryLoad((), ())
    second = load_library([station], shortcut) if station.is_dir() else LibraryLoad((), ())
    shortcut.save()
    chosen: dict[str, LoadedScenario] = {s.summary.id: s for s in first.scenarios}
    order = [s.summary.id for s in first.scenarios]
    origins = {sid: "bundled" for sid in order}
    from_station: list[str] = []
    problems: list[Problem] = [*first.problems, *second.problems]
    for item in second.scenarios:
        sid, version = item.summary.id, item.summary.version
        old = chosen.get(sid)
        if old is None:
            chosen[sid] = item
            order.append(sid)
            origins[sid] = "station"
            from_station.append(sid)
        elif version > old.summary.version:
            chosen[sid] = item
            origins[sid] = (
                f"station version {version}, which replaces bundled version {old.summary.version}"
            )
            from_station.append(sid)
        elif item.digest == old.digest:
            continue  # the bundled file itself, copied by a pack: nothing to say
        else:
            origins[sid] = (
                f"bundled version {old.summary.version}; the station's version {version} "
                "is not higher and is not used"
            )
            problems.append(
                Problem(
                    item.source,
                    1,
                    1,
                    f"scenario {sid!r} version {version} is not higher than the bundled "
                    f"version {old.summary.version}: raise its version to use it",
                )
            )
    return StationLibrary(
        tuple(chosen[sid] for sid in order), tuple(problems), origins, tuple(from_station)
    )
