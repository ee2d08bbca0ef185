"""The data folder is its user's alone (0700), and so is every file the trainer writes (0600).

Issue 13: the database, ``crash.log`` and exports were created 0644 in a 0755 folder.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from scenario_text import EXAMPLE_PATH

from cwstrainer import paths
from cwstrainer.cli import main as cli_main
from cwstrainer.packs import export_pack
from cwstrainer.scenario.library import LibraryIndex, load_library
from cwstrainer.store.store import Store


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    """A machine's usual umask, which would make 0644 files and 0755 folders."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_data_folder_is_0700(tmp_path: Path) -> None:
    folder = paths.ensure_data_dir(tmp_path / "a" / "cwstrainer")
    assert mode(folder) == 0o700


def test_an_older_trainers_folder_and_files_are_narrowed_when_next_opened(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    for name in ("trainer.db", "trainer.db-wal", "crash.log"):
        (folder / name).write_bytes(b"")
        os.chmod(folder / name, 0o644)
    other = folder / "notes.txt"  # not the trainer's: left alone
    other.write_text("x")
    os.chmod(other, 0o644)
    store = Store.open(folder)
    store.close()
    assert mode(folder) == 0o700
    assert mode(folder / "trainer.db") == 0o600
    assert mode(folder / "crash.log") == 0o600
    assert mode(other) == 0o644


def test_a_folder_shared_on_purpose_with_a_group_is_left_as_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o2770)
    paths.ensure_data_dir(folder)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o2770


def test_open_private_creates_0600_and_narrows_an_existing_file(tmp_path: Path) -> None:
    new = tmp_path / "new.csv"
    with paths.open_private(new, "w", newline="") as fh:
        fh.write("a,b\n")
    assert mode(new) == 0o600 and new.read_text() == "a,b\n"
    old = tmp_path / "old.log"
    old.write_text("one\n")
    os.chmod(old, 0o644)
    with paths.open_private(old, "a") as fh:
        fh.write("two\n")
    assert mode(old) == 0o600 and old.read_text() == "one\ntwo\n"
    with paths.open_private(tmp_path / "b.bin", "xb") as fh:
        fh.write(b"\x00")
    assert mode(tmp_path / "b.bin") == 0o600
    with pytest.raises(ValueError, match="writes files"):
        paths.open_private(new, "r")


def test_the_crash_log_is_0600_in_a_0700_folder(tmp_path: Path) -> None:
    from ui import crash

    try:
        raise RuntimeError("boom")
    except RuntimeError:
        kind, value, tb = sys.exc_info()
    assert kind is not None and value is not None
    folder = tmp_path / "new-data"
    log = crash.write_log(folder, kind, value, tb)
    assert log == folder / "crash.log"
    assert mode(folder) == 0o700 and mode(log) == 0o600
    os.chmod(log, 0o644)
    crash.write_log(folder, kind, value, tb)
    assert mode(log) == 0o600
    assert log.read_text().count("RuntimeError: boom") == 2


def test_the_command_line_makes_its_database_and_exports_0600(tmp_path: Path) -> None:
    data = tmp_path / "data"
    out = tmp_path / "laptop.jsonl"
    assert cli_main(["--data-dir", str(data), "results", "export", str(out)]) == 0
    assert mode(data) == 0o700
    assert mode(data / "trainer.db") == 0o600
    assert mode(out) == 0o600
    assert os.umask(0o022) == 0o022  # the command's umask ended with it


def test_the_window_runs_under_the_private_umask(monkeypatch: pytest.MonkeyPatch) -> None:
    """main.py sets the umask before the window (and its database) is made."""
    import main as entry
    import ui.app
    from ui import crash

    seen: list[int] = []

    class Stop(Exception):
        pass

    def fake_window(*args: object, **kwargs: object) -> None:
        current = os.umask(0o077)
        seen.append(current)
        raise Stop

    monkeypatch.setattr(ui.app, "create_window", fake_window)
    monkeypatch.setattr(crash, "install", lambda folder: None)
    with pytest.raises(Stop):
        entry.main(["--data-dir", "/nonexistent-never-made"])
    assert seen == [0o077]


def test_packs_and_the_library_index_are_written_0600(tmp_path: Path) -> None:
    pack = export_pack([EXAMPLE_PATH], tmp_path / "course")
    assert mode(pack) == 0o600
    index = LibraryIndex(tmp_path / "cache" / "library-index.json")
    load_library([EXAMPLE_PATH.parent], index)
    index.save()
    assert mode(tmp_path / "cache" / "library-index.json") == 0o600
