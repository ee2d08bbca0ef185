"""Scenario packs: a set of scenarios as one file, to share between trainers and labs.

A pack is a zip file holding ``pack.json`` (a manifest) and ``scenarios/*.yaml``. Import
treats the file as hostile until proven otherwise: through :mod:`cwstrainer.boundary`,
it refuses anything but a regular file, members outside ``scenarios/``, links, absolute
or parent paths, two members of one name, too many or too large members (each, and all
together), zip bombs and damaged members; it validates every scenario before writing
anything (all or nothing); and it
never overwrites a scenario silently: a newer version replaces an older one only after
the older file is kept under ``.versions/``, and a different file claiming the same id
and version is refused.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from cwstrainer import boundary
from cwstrainer.errors import Problem, ScenarioInvalid, TrainerError
from cwstrainer.scenario.loader import load_file, load_text, scenario_files
from cwstrainer.scenario.yamlsource import decode

PACK_FORMAT = 1
PACK_SUFFIX = ".cwspack"
MAX_PACK_BYTES = boundary.MAX_PACK_BYTES  # the limits live in cwstrainer.boundary
MAX_MEMBERS = boundary.MAX_PACK_MEMBERS
MAX_RATIO = boundary.MAX_PACK_RATIO
VERSIONS_DIR = ".versions"


class PackError(TrainerError):
    """A pack that cannot be imported or written, with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass
class ImportResult:
    """What an import did, scenario by scenario."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept_versions: list[Path] = field(default_factory=list)


def export_pack(paths: list[Path], destination: Path, name: str | None = None) -> Path:
    """Write the valid scenarios among ``paths`` (files or folders) as one pack."""
    entries = []
    problems: list[Problem] = []
    loaded = []
    for path in scenario_files(paths):
        try:
            loaded.append((path, load_file(path)))
        except ScenarioInvalid as exc:
            problems.extend(exc.problems)
    if problems:
        raise PackError(problems)
    if not loaded:
        raise PackError([Problem(str(destination), 1, 1, "no scenario files to pack")])
    destination = destination if destination.suffix else destination.with_suffix(PACK_SUFFIX)
    tmp = destination.with_name(destination.name + ".part")
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)  # an output folder made for it
        fd = os.open(
            tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o600
        )
    except OSError as exc:
        raise PackError(
            [Problem(str(destination), 1, 1, f"cannot write: {exc.strerror}")]
        ) from None
    with (
        os.fdopen(fd, "wb") as fh,
        zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as zf,
    ):
        for path, item in loaded:
            member = f"scenarios/{item.scenario.id}.yaml"
            zf.write(path, member)
            entries.append(
                {
                    "file": member,
                    "id": item.scenario.id,
                    "version": item.scenario.version,
                    "sha256": item.digest,
                }
            )
        manifest = {
            "format": PACK_FORMAT,
            "name": name or destination.stem,
            "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "scenarios": entries,
        }
        zf.writestr("pack.json", json.dumps(manifest, indent=2))
    os.replace(tmp, destination)
    return destination


def import_pack(pack: Path, library: Path) -> ImportResult:
    """Import a pack into the ``library`` folder; :class:`PackError` lists every problem."""
    source = str(pack)
    members = _read_members(pack)
    problems: list[Problem] = []
    incoming: dict[str, tuple[str, bytes, int]] = {}
    for name, data in members.items():
        where = f"{source}!{name}"
        try:
            scenario = load_text(decode(data, where), where)
        except ScenarioInvalid as exc:
            problems.extend(exc.problems)
            continue
        if scenario.id in incoming:
            problems.append(
                Problem(where, 1, 1, f"scenario id {scenario.id!r} is twice in the pack")
            )
            continue
        incoming[scenario.id] = (name, data, scenario.version)
    if not incoming and not problems:
        problems.append(Problem(source, 1, 1, "the pack holds no scenarios"))
    existing = _existing(library)
    for sid, (name, data, version) in incoming.items():
        if sid in existing:
            path, old_version, old_digest = existing[sid]
            if old_digest != hashlib.sha256(data).hexdigest() and version <= old_version:
                problems.append(
                    Problem(
                        f"{source}!{name}",
                        1,
                        1,
                        f"scenario {sid!r} version {version} differs from the library's version "
                        f"{old_version} ({path.name}); raise its version to replace it",
                    )
                )
    if problems:
        raise PackError(problems)
    return _write(incoming, existing, library)


def _scenario_member(name: str) -> str | None:
    """Why a member (its name already safe) is not one a pack holds, or None."""
    path = PurePosixPath(name)
    if name == "pack.json":
        return None
    if len(path.parts) != 2 or path.parts[0] != "scenarios" or path.suffix not in (".yaml", ".yml"):
        return "is not a scenario (scenarios/NAME.yaml)"
    return None


def _read_members(pack: Path) -> dict[str, bytes]:
    """The pack's scenario members by name, read within :mod:`cwstrainer.boundary`'s
    limits (the manifest is not needed to import)."""
    try:
        members = boundary.read_archive(pack, _scenario_member)
    except boundary.Refused as exc:
        raise PackError([exc.problem()]) from None
    members.pop("pack.json", None)
    return members


def _existing(library: Path) -> dict[str, tuple[Path, int, str]]:
    found: dict[str, tuple[Path, int, str]] = {}
    if not library.is_dir():
        return found
    for path in scenario_files([library]):
        try:
            item = load_file(path)
        except ScenarioInvalid:
            continue
        found[item.scenario.id] = (path, item.scenario.version, item.digest)
    return found


def _write(
    incoming: dict[str, tuple[str, bytes, int]],
    existing: dict[str, tuple[Path, int, str]],
    library: Path,
) -> ImportResult:
    result = ImportResult()
    library.mkdir(parents=True, exist_ok=True)
    for sid, (_, data, _version) in sorted(incoming.items()):
        digest = hashlib.sha256(data).hexdigest()
        if sid in existing:
            path, old_version, old_digest = existing[sid]
            if old_digest == digest:
                result.unchanged.append(sid)
                continue
            versions = library / VERSIONS_DIR
            versions.mkdir(exist_ok=True)
            kept = versions / f"{sid}.v{old_version}.yaml"
            os.replace(path, kept)
            result.kept_versions.append(kept)
            result.updated.append(sid)
            target = path.with_suffix(".yaml")
        else:
            result.added.append(sid)
            target = library / f"{sid}.yaml"
        _atomic_write(target, data)
    return result


def _atomic_write(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".import-", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
