"""The library index: an unchanged library is offered without parsing a single file.

The index is only a shortcut: whatever happens to it (missing, damaged, written by
another version of the trainer, hand-edited, unwritable), the library offered is the
one a full load would give, and a changed file is always read again.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from scenario_text import EXAMPLE, line_of, replace_once

from cwstrainer.errors import ScenarioInvalid
from cwstrainer.scenario import library as library_module
from cwstrainer.scenario.library import (
    LibraryIndex,
    ScenarioSummary,
    content_key,
    load_library,
)
from cwstrainer.scenario.loader import load_file

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "scenarios"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A library of two scenario files: the worked example and a copy with another id."""
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "a.yaml").write_text(EXAMPLE, encoding="utf-8")
    other = replace_once(EXAMPLE, "id: in-care-victim-2016", "id: copy-of-the-example")
    (folder / "b.yaml").write_text(other, encoding="utf-8")
    return folder


def loaded_twice(folder: Path, index_path: Path) -> tuple[LibraryIndex, LibraryIndex]:
    first = LibraryIndex(index_path)
    load_library([folder], first)
    first.save()
    second = LibraryIndex(index_path)
    load_library([folder], second)
    return first, second


def test_an_unchanged_library_is_offered_from_the_index(folder: Path, tmp_path: Path) -> None:
    first, second = loaded_twice(folder, tmp_path / "index.json")
    assert first.misses == 2
    assert second.misses == 0


def test_the_index_offers_what_a_full_load_offers(folder: Path, tmp_path: Path) -> None:
    index_path = tmp_path / "index.json"
    loaded_twice(folder, index_path)
    from_index = load_library([folder], LibraryIndex(index_path))
    full = load_library([folder])
    assert [s.summary for s in from_index.scenarios] == [s.summary for s in full.scenarios]
    assert [s.digest for s in from_index.scenarios] == [s.digest for s in full.scenarios]
    # the scenario itself is parsed from the very bytes that were digested, when asked
    assert [s.scenario for s in from_index.scenarios] == [s.scenario for s in full.scenarios]


def test_a_changed_file_is_read_again(folder: Path, tmp_path: Path) -> None:
    index_path = tmp_path / "index.json"
    loaded_twice(folder, index_path)
    path = folder / "a.yaml"
    path.write_text(replace_once(EXAMPLE, "version: 1", "version: 2"), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 10**9))  # an old clock: no matter
    index = LibraryIndex(index_path)
    library = load_library([folder], index)
    assert index.misses == 1
    assert library.scenarios[0].summary.version == 2


def test_a_bad_file_keeps_its_located_problems(folder: Path, tmp_path: Path) -> None:
    bad = replace_once(EXAMPLE, "difficulty: easy", "difficulty: impossible")
    (folder / "a.yaml").write_text(bad, encoding="utf-8")
    index_path = tmp_path / "index.json"
    index = LibraryIndex(index_path)
    first = load_library([folder], index)
    index.save()
    again_index = LibraryIndex(index_path)
    again = load_library([folder], again_index)
    assert again_index.misses == 0
    assert again.problems == first.problems
    problem = again.problems[0]
    assert problem.source == str(folder / "a.yaml")
    assert problem.line == line_of(bad, "difficulty: impossible")
    assert "difficulty" in problem.message


def test_the_same_bad_bytes_elsewhere_are_located_in_their_own_file(
    folder: Path, tmp_path: Path
) -> None:
    bad = replace_once(EXAMPLE, "difficulty: easy", "difficulty: impossible")
    (folder / "a.yaml").write_text(bad, encoding="utf-8")
    index = LibraryIndex(tmp_path / "index.json")
    load_library([folder], index)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "c.yaml").write_text(bad, encoding="utf-8")
    found = load_library([elsewhere], index)
    assert [p.source for p in found.problems] == [str(elsewhere / "c.yaml")]


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"\xff\xfe\x00",
        b"[]",
        b'{"format": 1, "code": "another trainer", "files": {}}',
        b'{"format": 99, "files": {}}',
    ],
    ids=["empty", "not-json", "not-text", "a-list", "other-code", "other-format"],
)
def test_a_damaged_or_foreign_index_is_only_rebuilt(
    folder: Path, tmp_path: Path, damage: bytes
) -> None:
    index_path = tmp_path / "index.json"
    index_path.write_bytes(damage)
    index = LibraryIndex(index_path)
    library = load_library([folder], index)
    index.save()
    assert index.misses == 2 and len(library.scenarios) == 2
    assert json.loads(index_path.read_bytes())["format"] == library_module.INDEX_FORMAT


def test_a_tampered_summary_is_refused_and_the_file_read(folder: Path, tmp_path: Path) -> None:
    index_path = tmp_path / "index.json"
    loaded_twice(folder, index_path)
    data = json.loads(index_path.read_bytes())
    for entry in data["files"].values():
        entry["summary"]["pass_mark"] = "not a number"
    index_path.write_text(json.dumps(data), encoding="utf-8")
    index = LibraryIndex(index_path)
    library = load_library([folder], index)
    assert index.misses == 2
    assert all(s.summary.pass_mark == s.scenario.pass_mark for s in library.scenarios)


def test_an_index_vouching_for_a_bad_file_fails_only_as_a_bad_file(
    folder: Path, tmp_path: Path
) -> None:
    """A hand-edited index may claim bad bytes are good: opening the scenario says so."""
    index_path = tmp_path / "index.json"
    loaded_twice(folder, index_path)
    good = (folder / "a.yaml").read_bytes()
    bad = replace_once(EXAMPLE, "difficulty: easy", "difficulty: impossible").encode()
    (folder / "a.yaml").write_bytes(bad)
    data = json.loads(index_path.read_bytes())
    data["files"][content_key(bad)] = data["files"][content_key(good)]
    index_path.write_text(json.dumps(data), encoding="utf-8")
    library = load_library([folder], LibraryIndex(index_path))
    with pytest.raises(ScenarioInvalid, match="difficulty"):
        _ = library.scenarios[0].scenario


def test_the_digest_is_the_bytes_own_once_parsed(folder: Path, tmp_path: Path) -> None:
    """Whatever digest an index claims, an opened scenario carries its bytes' SHA-256."""
    index_path = tmp_path / "index.json"
    loaded_twice(folder, index_path)
    data = json.loads(index_path.read_bytes())
    for entry in data["files"].values():
        entry["sha256"] = "0" * 64
    index_path.write_text(json.dumps(data), encoding="utf-8")
    item = load_library([folder], LibraryIndex(index_path)).scenarios[0]
    _ = item.scenario
    assert item.digest == hashlib.sha256((folder / "a.yaml").read_bytes()).hexdigest()


def test_entries_of_files_gone_are_dropped(folder: Path, tmp_path: Path) -> None:
    index_path = tmp_path / "index.json"
    loaded_twice(folder, index_path)
    (folder / "b.yaml").unlink()
    index = LibraryIndex(index_path)
    load_library([folder], index)
    index.save()
    assert len(json.loads(index_path.read_bytes())["files"]) == 1


def test_an_unwritable_data_folder_costs_only_the_shortcut(folder: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    index = LibraryIndex(blocked / "cache" / "index.json")
    library = load_library([folder], index)
    index.save()  # must not raise
    assert len(library.scenarios) == 2
    assert not list(tmp_path.glob("**/.index.json.*.tmp"))


def test_new_code_makes_a_new_index(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An upgraded trainer (any core module changed) never trusts an older one's verdicts."""
    code = tmp_path / "code"
    code.mkdir()
    module = code / "rules.py"
    module.write_text("RULES = 1\n", encoding="utf-8")
    monkeypatch.setattr(library_module, "_PACKAGE", code)
    index_path = tmp_path / "index.json"
    loaded_twice(folder, index_path)
    module.write_text("RULES = 22\n", encoding="utf-8")
    index = LibraryIndex(index_path)
    load_library([folder], index)
    assert index.misses == 2


def test_summary_round_trips_and_refuses_anything_else() -> None:
    summary = load_file(BUNDLED / "in-care-victim-2016.yaml").summary
    assert ScenarioSummary.from_json(summary.to_json()) == summary
    extra = {**summary.to_json(), "title": 7}
    with pytest.raises(ValueError):
        ScenarioSummary.from_json(extra)


def test_offering_the_bundled_library_from_the_index_imports_no_parser(tmp_path: Path) -> None:
    """The point of the index: a start with nothing changed imports no YAML and no format."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from cwstrainer.scenario.library import LibraryIndex, load_library\n"
        f"index = LibraryIndex(Path({str(tmp_path / 'index.json')!r}))\n"
        f"library = load_library([Path({str(BUNDLED)!r})], index)\n"
        "index.save()\n"
        "heavy = [m for m in ('yaml', 'hashlib', 'cwstrainer.scenario.loader',"
        " 'cwstrainer.scenario.model')"
        " if m in sys.modules]\n"
        "print(len(library.scenarios), index.misses, ','.join(heavy) or '-')\n"
    )

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
        )
        return done.stdout.split()

    count, misses, heavy = run()
    assert int(count) >= 19 and int(misses) == int(count) and "yaml" in heavy
    assert run() == [count, "0", "-"]
