"""Scenario packs: round trip, versions kept, and hostile pack files refused harmlessly."""

import stat
import zipfile
from pathlib import Path

import pytest

from cwstrainer.packs import PackError, export_pack, import_pack
from tests.scenario_text import EXAMPLE, EXAMPLE_PATH


def make_pack(path: Path, members: dict[str, bytes], link: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        if link:
            info = zipfile.ZipInfo(link)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, "/etc/passwd")
    return path


def files_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_export_then_import_round_trip(tmp_path: Path) -> None:
    pack = export_pack([EXAMPLE_PATH], tmp_path / "course")
    assert pack.name == "course.cwspack"
    with zipfile.ZipFile(pack) as zf:
        assert sorted(zf.namelist()) == ["pack.json", "scenarios/in-care-victim-2016.yaml"]
    library = tmp_path / "library"
    result = import_pack(pack, library)
    assert result.added == ["in-care-victim-2016"]
    assert (library / "in-care-victim-2016.yaml").read_text(encoding="utf-8") == EXAMPLE
    again = import_pack(pack, library)
    assert again.unchanged == ["in-care-victim-2016"] and again.added == []


def test_a_newer_version_replaces_and_the_old_one_is_kept(tmp_path: Path) -> None:
    library = tmp_path / "library"
    import_pack(export_pack([EXAMPLE_PATH], tmp_path / "v1"), library)
    newer = tmp_path / "src" / "in-care-victim-2016.yaml"
    newer.parent.mkdir()
    newer.write_text(EXAMPLE.replace("version: 1", "version: 2"), encoding="utf-8")
    result = import_pack(export_pack([newer], tmp_path / "v2"), library)
    assert result.updated == ["in-care-victim-2016"]
    assert files_in(library) == [
        ".versions/in-care-victim-2016.v1.yaml",
        "in-care-victim-2016.yaml",
    ]
    assert "version: 2" in (library / "in-care-victim-2016.yaml").read_text(encoding="utf-8")


def test_a_different_file_with_the_same_version_is_never_overwritten(tmp_path: Path) -> None:
    library = tmp_path / "library"
    import_pack(export_pack([EXAMPLE_PATH], tmp_path / "v1"), library)
    changed = EXAMPLE.replace("estimated_minutes: 15", "estimated_minutes: 20").encode()
    pack = make_pack(tmp_path / "p.cwspack", {"scenarios/x.yaml": changed})
    with pytest.raises(PackError, match="raise its version to replace it"):
        import_pack(pack, library)
    assert (library / "in-care-victim-2016.yaml").read_text(encoding="utf-8") == EXAMPLE


@pytest.mark.parametrize(
    ("members", "link", "message"),
    [
        ({"../evil.yaml": b"x"}, None, "points outside the pack"),
        ({"scenarios/../../evil.yaml": b"x"}, None, "points outside the pack"),
        ({"/etc/evil.yaml": b"x"}, None, "points outside the pack"),
        ({"scenarios\\evil.yaml": b"x"}, None, "points outside the pack"),
        ({"C:/evil.yaml": b"x"}, None, "points outside the pack"),
        ({}, "scenarios/link.yaml", "is a link"),
        ({"run.sh": b"#!/bin/sh"}, None, "is not a scenario"),
        ({"scenarios/deep/x.yaml": b"x"}, None, "is not a scenario"),
        ({"scenarios/big.yaml": b"#" * (1024 * 1024 + 1)}, None, "at most 1,048,576"),
        ({"scenarios/bomb.yaml": b" " * 1_000_000}, None, "zip bomb"),
        ({"pack.json": b"{}"}, None, "holds no scenarios"),
    ],
)
def test_hostile_packs_are_refused_and_nothing_is_written(
    tmp_path: Path, members: dict[str, bytes], link: str | None, message: str
) -> None:
    library = tmp_path / "library"
    pack = make_pack(tmp_path / "hostile.cwspack", members, link)
    with pytest.raises(PackError, match=message):
        import_pack(pack, library)
    assert not library.exists() or files_in(library) == []
    assert not (tmp_path / "evil.yaml").exists()


def test_a_pack_with_one_bad_scenario_imports_nothing(tmp_path: Path) -> None:
    bad = EXAMPLE.replace("in-care-victim-2016", "other-2016").replace(
        "difficulty: easy", "difficulty: x"
    )
    pack = make_pack(
        tmp_path / "p.cwspack",
        {"scenarios/a.yaml": EXAMPLE.encode(), "scenarios/b.yaml": bad.encode()},
    )
    library = tmp_path / "library"
    with pytest.raises(PackError) as caught:
        import_pack(pack, library)
    assert any(
        "p.cwspack!scenarios/b.yaml:" in str(p) and "difficulty" in p.message
        for p in caught.value.problems
    )
    assert not library.exists()


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "x.cwspack"
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(PackError, match="not a scenario pack"):
        import_pack(path, tmp_path / "library")
