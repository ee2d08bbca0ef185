"""Hostile scenario files at scale: a folder full of them, and thousands of generated ones.

tests/test_loader.py checks one of each kind (anchors, one python tag, UTF-16, a bad
byte, 1 MB + 1, NUL); tests/test_loader_hypothesis.py fuzzes lines, text and bytes. Here:
the library keeps loading its good files beside many bad ones in bounded time; every
kind of YAML tag and directive; more encodings; files far larger than the limit (which
must not be read whole); and hostile constructs spliced into a valid file, thousands of
times.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cwstrainer.errors import ScenarioInvalid
from cwstrainer.scenario.loader import load_file, load_library, load_text
from tests.scenario_text import EXAMPLE

ROOT = Path(__file__).resolve().parents[1]
LINES = EXAMPLE.splitlines()

TAGS = [
    "!!python/object/apply:os.system ['echo pwned']",
    "!!python/object/new:subprocess.Popen [['touch', 'pwned']]",
    "!!python/object:__main__.Evil {}",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [1, 2]",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!timestamp 2016-10-10",
    "!custom thing",
    "!<tag:yaml.org,2002:str> x",
    "!e!tag x",
]


def problems_of(text: str) -> list[str]:
    try:
        load_text(text, "s.yaml")
    except ScenarioInvalid as exc:
        return [str(p) for p in exc.problems]
    return []


@pytest.mark.parametrize("tag", TAGS)
def test_every_kind_of_tag_is_refused_where_it_stands(tag: str) -> None:
    text = EXAMPLE.replace("title:", f"extra: {tag}\ntitle:", 1)
    found = problems_of(text)
    line = text.splitlines().index(f"extra: {tag}") + 1
    assert any(p.startswith(f"s.yaml:{line}:") and "tag" in p.lower() for p in found), found
    assert not Path("pwned").exists()


@pytest.mark.parametrize(
    "prefix",
    [
        "%TAG !e! tag:evil.example,2000:\n---\n",
        "%YAML 1.1\n---\n",
        "%FOO bar\n---\n",
    ],
)
def test_directives_never_make_a_scenario_into_anything_else(prefix: str) -> None:
    """A directive before the document either is refused or changes nothing."""
    try:
        scenario = load_text(prefix + EXAMPLE, "s.yaml")
    except ScenarioInvalid as exc:
        assert all(p.line >= 1 for p in exc.problems)
    else:
        assert scenario == load_text(EXAMPLE, "s.yaml")


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_a_line_separator_editors_do_not_show_is_refused_where_it_stands(separator: str) -> None:
    """YAML breaks lines at NEL, LS and PS; editors do not, so every later line number a
    problem named would point at the wrong line. (Found by the splicing test below.)"""
    lines = EXAMPLE.splitlines()
    lines[5] = lines[5] + separator + "x"
    found = problems_of("\n".join(lines) + "\n")
    assert found == [
        f"s.yaml:6:{len(EXAMPLE.splitlines()[5]) + 1}: invisible line separator "
        f"U+{ord(separator):04X}; use an ordinary line break or a space"
    ]


def test_a_merge_key_with_an_alias_is_refused() -> None:
    text = "base: &b {id: x}\nother:\n  <<: *b\n"
    assert any("anchors" in p for p in problems_of(text))


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"\xff\xfe\x00\x00" + EXAMPLE.encode("utf-32-le"), "UTF-16"),  # UTF-32 LE, BOM
        (EXAMPLE.encode("utf-16-le"), "NUL"),  # UTF-16 without a BOM
        (EXAMPLE.encode("utf-32"), "UTF-16"),
        ("title: Café Olé\n".encode("latin-1"), "byte 0xe9 is not UTF-8"),
        ("title: “quoted”\n".encode("cp1252"), "byte 0x93 is not UTF-8"),
        ("title: 日本語\n".encode("shift_jis"), "is not UTF-8"),
        ("title: 中文\n".encode("gb18030"), "is not UTF-8"),
        (b"title: \xed\xa0\x80\n", "is not UTF-8"),  # an encoded lone surrogate
        (b"title: \xc0\xaf\n", "is not UTF-8"),  # an overlong '/'
    ],
)
def test_wrong_encodings_are_named_never_a_traceback(
    tmp_path: Path, data: bytes, fragment: str
) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(data)
    with pytest.raises(ScenarioInvalid) as caught:
        load_file(path)
    assert fragment in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        "title: " + "x" * 1_000_000 + "\n",  # one long line, just under the limit
        "k: [" + "1, " * 300_000 + "1]\n",  # a huge flow sequence
        "\n".join(f"k{i}: v" for i in range(90_000)) + "\n",  # many keys
        "- " * 20 + "x\n",  # block nesting under the limit
        "x: '" + "''" * 400_000 + "'\n",  # escapes
    ],
    ids=["long-line", "flow-sequence", "many-keys", "nested-dashes", "escapes"],
)
def test_big_hostile_files_under_the_limit_are_refused_in_bounded_time(text: str) -> None:
    assert len(text.encode()) <= 1024 * 1024
    started = time.perf_counter()
    assert problems_of(text)
    assert time.perf_counter() - started < 20


def test_a_file_far_over_the_limit_is_refused_without_reading_it_whole(tmp_path: Path) -> None:
    """A 4 GB file (sparse) named .yaml: refused by its size, memory stays small."""
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(4 * 1024**3)
    code = (
        "import resource, sys\n"
        "from cwstrainer.errors import ScenarioInvalid\n"
        "from cwstrainer.scenario.loader import load_file\n"
        "try:\n"
        f"    load_file({str(big)!r})\n"
        "except ScenarioInvalid as exc:\n"
        "    print(exc)\n"
        # the peak of this process alone: ru_maxrss would also count the pages of the
        # (large) test process it was forked from, which exec keeps in that figure
        "status = open('/proc/self/status').read().split('VmHWM:')\n"
        "peak = int(status[1].split()[0]) if len(status) > 1 else None\n"
        "print((peak or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) // 1024)\n"
    )
    limit = 512 * 1024**2  # a process that tried to read the file would die here

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=cap,
    )
    assert done.returncode == 0, done.stderr[-1500:]
    message, peak_mb = done.stdout.strip().splitlines()
    assert "4,294,967,296 bytes; a scenario may be at most 1,048,576 bytes" in message
    assert int(peak_mb) < 200


def test_the_library_loads_its_good_files_beside_hundreds_of_hostile_ones(
    tmp_path: Path,
) -> None:
    bombs = [
        "a0: &a0 [lol]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}]\n" for i in range(1, 30)),
        "[" * 10_000 + "]" * 10_000,
        "{" * 10_000 + "}" * 10_000,
        "x: " + "!!python/object/apply:os.system ['true']\n",
        "\t" * 1000 + "x: y\n",
        "id: x\n" * 1000,
        "...\n" * 1000,
        "---\n" * 1000,
    ]
    for i in range(300):
        (tmp_path / f"hostile-{i:03d}.yaml").write_text(bombs[i % len(bombs)], encoding="utf-8")
    for i in range(20):
        (tmp_path / f"bytes-{i:02d}.yml").write_bytes(os.urandom(4096))
    (tmp_path / "good.yaml").write_text(EXAMPLE, encoding="utf-8")
    started = time.perf_counter()
    library = load_library([tmp_path])
    assert time.perf_counter() - started < 60
    assert [Path(s.source).name for s in library.scenarios] == ["good.yaml"]
    named = {Path(p.source).name for p in library.problems}
    assert len(named) == 320  # every bad file has its problem, with its name
    assert all(p.line >= 1 and p.column >= 1 for p in library.problems)


hostile_bits = st.sampled_from(
    [
        "&a x",
        "*a",
        "<<: *a",
        "!!python/object/apply:os.system ['true']",
        "!!binary aGk=",
        "!x y",
        "[" * 30,
        "{" * 30,
        "? [a, b]",
        "%TAG ! x",
        "\x00",
        "\ufeff",
        "\u202e",
        "\x85",
        "\u2028",
        "'\\x00'",
        '"\\ud800"',
        '"\\U0010FFFF"',
        "9" * 400,
        "1e99999",
        "0x" + "f" * 100,
        "2016-02-30",
        "0000-01-01",
        "9999-12-31T25:61:61",
        ".nan",
        "-.inf",
        "~",
        "|-",
        ">+9",
        "- - - -",
        ": : :",
    ]
)


@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(0, len(LINES) - 1),
    st.lists(hostile_bits, min_size=1, max_size=3),
    st.booleans(),
)
def test_hostile_constructs_spliced_into_a_valid_file(
    index: int, bits: list[str], as_value: bool
) -> None:
    """Anchors, aliases, merges, tags, control and bidi characters, huge numbers and
    impossible dates, put where a value or a whole line was: a scenario or located
    problems, never a traceback."""
    lines = list(LINES)
    key, sep, _ = lines[index].partition(":")
    lines[index] = (key + sep + " " if sep and as_value else "") + " ".join(bits)
    text = "\n".join(lines) + "\n"
    try:
        load_text(text, "fuzz.yaml")
    except ScenarioInvalid as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.source == "fuzz.yaml"
            assert 1 <= p.line <= len(re.split(r"\r\n|\r|\n", text)) + 1  # as editors count
            assert "Traceback" not in p.message
