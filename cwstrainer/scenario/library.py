"""A folder of scenarios as a library, with an index so that start-up parses nothing new.

Loading a scenario in full (libyaml, the format's dataclasses, the cross-checks) costs
about 90 ms for the bundled library, most of it importing the loader, and the trainer
does it before its first screen. The outcome of a full load depends only on the file's
exact bytes and on the loader's code, so the *index* remembers it per file content:
the scenario's summary (what the library shows) or its located problems, with the
SHA-256 digest of the bytes. Every start still reads every file and checks it (its
length, CRC-32 and Adler-32: 64 bits that no accidental edit keeps, computed by zlib,
which Qt has loaded already, where OpenSSL's SHA-256 would cost a library load); only a
file the index does not know is loaded in full. The index names a fingerprint of the
trainer's code, so an upgraded trainer never trusts the verdicts of an older one, and a
missing or damaged index is only rebuilt.

A :class:`LoadedScenario` vouched for by the index parses its kept bytes when its
``scenario`` is first asked for: the library shows summaries; an attempt needs the whole.

This module imports neither the loader nor the format: that is its reason to exist.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cwstrainer import boundary
from cwstrainer.errors import Problem, ScenarioInvalid

if TYPE_CHECKING:
    from cwstrainer.scenario.model import Scenario

SUFFIXES = (".yaml", ".yml")
MAX_BYTES = boundary.MAX_SCENARIO_BYTES  # the largest scenario file accepted
INDEX_FORMAT = 1
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class ScenarioSummary(NamedTuple):
    """What the library shows of a scenario, without the scenario.

    (Named tuples here, not dataclasses: they are made at every start, before the
    first screen, and cost a tenth as much to define.)
    """

    id: str
    title: str
    version: int
    difficulty: str
    estimated_minutes: int
    learning_objectives: tuple[str, ...]
    today: dt.date
    pass_mark: int

    @classmethod
    def of(cls, scenario: Scenario) -> ScenarioSummary:
        return cls(
            scenario.id,
            scenario.title,
            scenario.version,
            scenario.difficulty,
            scenario.estimated_minutes,
            tuple(scenario.learning_objectives),
            scenario.today,
            scenario.pass_mark,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "difficulty": self.difficulty,
            "estimated_minutes": self.estimated_minutes,
            "learning_objectives": list(self.learning_objectives),
            "today": self.today.isoformat(),
            "pass_mark": self.pass_mark,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ScenarioSummary:
        """Raises KeyError, TypeError or ValueError on anything but what to_json wrote."""
        summary = cls(
            str(data["id"]),
            str(data["title"]),
            int(data["version"]),
            str(data["difficulty"]),
            int(data["estimated_minutes"]),
            tuple(str(o) for o in data["learning_objectives"]),
            dt.date.fromisoformat(data["today"]),
            int(data["pass_mark"]),
        )
        if summary.to_json() != data:
            raise ValueError("not a summary this trainer wrote")
        return summary


class LoadedScenario:
    """A valid scenario with where it came from and the SHA-256 digest of its exact bytes.

    Either built from a parsed :class:`Scenario`, or (by the library index) from bytes
    already known to be valid, which are parsed when ``scenario`` is first asked for.
    """

    __slots__ = ("_data", "_scenario", "digest", "source", "summary")

    def __init__(
        self,
        scenario: Scenario | None,
        source: str,
        digest: str,
        *,
        summary: ScenarioSummary | None = None,
        data: bytes | None = None,
    ) -> None:
        if scenario is not None:
            summary = ScenarioSummary.of(scenario)
        elif summary is None or data is None:
            raise ValueError("a LoadedScenario needs its scenario, or its summary and bytes")
        self.source = source
        self.digest = digest
        self.summary: ScenarioSummary = summary
        self._scenario = scenario
        self._data = data

    @property
    def scenario(self) -> Scenario:
        """The whole scenario (parsed from the kept bytes the first time, if need be).

        Raises :class:`ScenarioInvalid` only if the index vouched for bytes that do not
        load, which a damaged or hand-edited index could do. The digest is the bytes'
        own from then on, whatever the index said.
        """
        if self._scenario is None:
            from cwstrainer.scenario.loader import load_bytes

            assert self._data is not None
            loaded = load_bytes(self._data, self.source)
            self._scenario, self.digest, self._data = loaded.scenario, loaded.digest, None
        return self._scenario

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LoadedScenario):
            return NotImplemented
        return (self.source, self.digest) == (other.source, other.digest)

    def __hash__(self) -> int:
        return hash((self.source, self.digest))

    def __repr__(self) -> str:
        return f"LoadedScenario({self.summary.id!r}, {self.source!r}, {self.digest[:12]}…)"


class LibraryLoad(NamedTuple):
    """The scenarios of a folder: those that loaded, and the problems of those that did not."""

    scenarios: tuple[LoadedScenario, ...]
    problems: tuple[Problem, ...]


def scenario_files(paths: Iterable[Path | str]) -> Iterator[Path]:
    """The scenario files named, and those in the folders named (sorted, not recursive).

    In a folder, every entry with a scenario's suffix but a folder is one: a pipe or a
    device so named is then refused by the reader, with a message, never opened.
    """
    for p in map(Path, paths):
        if p.is_dir():
            yield from sorted(f for f in p.iterdir() if f.suffix in SUFFIXES and not f.is_dir())
        else:
            yield p


def read_scenario_bytes(path: Path) -> bytes:
    """A file's bytes, never more than the limit however big it is; problems as such.

    Only a regular file is read: a pipe, a device or a folder is a problem at once.
    """
    try:
        return boundary.read_bytes(path, MAX_BYTES, "a scenario")
    except boundary.Refused as exc:
        raise ScenarioInvalid([exc.problem()]) from None


def code_fingerprint() -> str:
    """What the index's verdicts depend on besides the bytes: this trainer's code.

    The name, size and modification time of every module of the core, or, in a frozen
    build (no modules on disk), of the program itself.
    """
    stats = sorted(_module_stats(str(_PACKAGE))) or _module_stats(sys.executable)
    text = "".join(f"{name}|{size}|{mtime}\n" for name, size, mtime in stats)
    return f"{INDEX_FORMAT}-{content_key(text.encode())}"


def content_key(data: bytes) -> str:
    """The index's key for a file's bytes: length, CRC-32 and Adler-32."""
    return f"{len(data)}-{zlib.crc32(data):08x}-{zlib.adler32(data):08x}"


def _module_stats(top: str) -> list[tuple[str, int, int]]:
    """(path, size, mtime_ns) of every ``.py`` under ``top``, or of ``top`` if a file."""
    if os.path.isfile(top):
        st = os.stat(top)
        return [(top, st.st_size, st.st_mtime_ns)]
    found: list[tuple[str, int, int]] = []
    try:
        entries = list(os.scandir(top))
    except OSError:
        return found
    for entry in entries:
        if entry.is_dir() and entry.name != "__pycache__":
            found.extend(_module_stats(entry.path))
        elif entry.name.endswith(".py"):
            st = entry.stat()
            found.append((entry.path, st.st_size, st.st_mtime_ns))
    return found


class LibraryIndex:
    """Per file content (:func:`content_key`), the outcome of loading it: the bytes'
    SHA-256 digest, and a summary or problems.

    Kept as JSON in one file; written (atomically) only when something new was learnt.
    Anything wrong with the file (missing, damaged, another trainer's code) makes an
    empty index: the index is only ever a shortcut, never a source of truth.
    """

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.fingerprint = code_fingerprint() if path is not None else ""
        self.entries: dict[str, dict[str, Any]] = {}
        self.seen: set[str] = set()  # the keys of the files loaded through this index
        self.misses = 0
        self._stored: set[str] = set()
        if path is not None:
            self.entries = self._read(path)
            self._stored = set(self.entries)

    def _read(self, path: Path) -> dict[str, dict[str, Any]]:
        try:
            data = boundary.read_json(path, boundary.MAX_INDEX_BYTES)
        except boundary.Refused:
            return {}
        if (
            not isinstance(data, dict)
            or data.get("format") != INDEX_FORMAT
            or data.get("code") != self.fingerprint
            or not isinstance(data.get("files"), dict)
        ):
            return {}
        return {k: v for k, v in data["files"].items() if isinstance(v, dict)}

    def load(self, path: Path) -> LoadedScenario:
        """The file as a LoadedScenario; raises :class:`ScenarioInvalid` as a full load would."""
        data = read_scenario_bytes(path)
        source = str(path)
        key = content_key(data)
        self.seen.add(key)
        known = self.entries.get(key)
        if known is not None:
            try:
                if "summary" in known:
                    summary = ScenarioSummary.from_json(known["summary"])
                    digest = str(known["sha256"])
                    return LoadedScenario(None, source, digest, summary=summary, data=data)
                problems = [
                    Problem(source, int(line), int(column), str(message))
                    for line, column, message in known["problems"]
                ]
            except (KeyError, TypeError, ValueError):
                problems = []  # a damaged entry: load the file in full below
            if problems:
                raise ScenarioInvalid(problems)
        from cwstrainer.scenario.loader import load_bytes

        self.misses += 1
        try:
            loaded = load_bytes(data, source)
        except ScenarioInvalid as exc:
            self.entries[key] = {"problems": [[p.line, p.column, p.message] for p in exc.problems]}
            raise
        self.entries[key] = {"sha256": loaded.digest, "summary": loaded.summary.to_json()}
        return loaded

    def save(self) -> None:
        """Write the index of the files loaded through it, if it differs from the file's.

        Entries of files no longer in the library are dropped, so that an author's many
        edits never grow it. A data folder that cannot be written only costs the next
        start its shortcut.
        """
        if self.path is None or self.seen == self._stored:
            return
        files = {d: e for d, e in self.entries.items() if d in self.seen}
        text = json.dumps({"format": INDEX_FORMAT, "code": self.fingerprint, "files": files})
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_private(tmp, text.encode("utf-8"))
            os.replace(tmp, self.path)
            self._stored = set(files)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)


def write_private(path: Path, data: bytes) -> None:
    """Write a new file readable by its owner only (0600), whatever the umask."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def load_library(paths: Iterable[Path | str], index: LibraryIndex | None = None) -> LibraryLoad:
    """Load every scenario file; bad files and repeated ids are problems, not errors.

    With an ``index``, files it knows are not parsed (see the module's docstring) and
    it learns the others; the caller saves it.
    """
    index = index if index is not None else LibraryIndex(None)
    loaded: list[LoadedScenario] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in scenario_files(paths):
        try:
            item = index.load(path)
        except ScenarioInvalid as exc:
            problems.extend(exc.problems)
            continue
        except Exception:  # a checker's own fault: one file must never close the library
            problems.append(
                Problem(
                    str(path),
                    1,
                    1,
                    "the trainer could not check this file (an internal fault, please report "
                    "it with the file); it is left out of the library",
                )
            )
            continue
        sid = item.summary.id
        if sid in seen:
            problems.append(
                Problem(item.source, 1, 1, f"scenario id {sid!r} is already used by {seen[sid]}")
            )
            continue
        seen[sid] = item.source
        loaded.append(item)
    return LibraryLoad(tuple(loaded), tuple(problems))
