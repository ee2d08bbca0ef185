"""Thousands of generated bad scenario files: each gets located problems, never a traceback."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cwstrainer.errors import ScenarioInvalid
from cwstrainer.scenario.loader import load_text
from cwstrainer.scenario.yamlsource import decode
from tests.scenario_text import EXAMPLE

LINES = EXAMPLE.splitlines()
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

yaml_bits = st.sampled_from(
    [
        "",
        "~",
        "null",
        "yes",
        "no",
        "14:20",
        "2016-02-30",
        "-1",
        "1e400",
        "[",
        "]",
        "{",
        "}",
        "&a",
        "*a",
        "!!str",
        "!!python/name:os.system",
        "? x",
        "- x",
        ": x",
        "'",
        '"',
        "|",
        ">",
        "\t",
        "  ",
        "#",
        "%YAML 1.1",
        "---",
        "...",
        "@",
        "`",
        "2016-10-10",
        "maya",
        "R1",
        "true",
    ]
)


def assert_located(text: str) -> None:
    """Either a valid scenario or problems each inside the file; nothing else."""
    try:
        load_text(text, "fuzz.yaml")
    except ScenarioInvalid as exc:
        assert exc.problems, "an invalid file must name at least one problem"
        last_line = text.count("\n") + 2
        for p in exc.problems:
            assert p.source == "fuzz.yaml"
            assert 1 <= p.line <= last_line, str(p)
            assert p.column >= 1
            assert p.message and "Traceback" not in p.message


@FUZZ
@given(st.integers(0, len(LINES) - 1), st.lists(yaml_bits, min_size=1, max_size=4))
def test_a_line_with_its_value_replaced(index: int, bits: list[str]) -> None:
    lines = list(LINES)
    key, sep, _ = lines[index].partition(":")
    lines[index] = (key + sep + " " if sep else "") + " ".join(bits)
    assert_located("\n".join(lines) + "\n")


@FUZZ
@given(st.lists(st.integers(0, len(LINES) - 1), min_size=1, max_size=5, unique=True))
def test_lines_deleted(indexes: list[int]) -> None:
    lines = [line for i, line in enumerate(LINES) if i not in indexes]
    assert_located("\n".join(lines) + "\n")


@FUZZ
@given(st.integers(0, len(LINES) - 1), st.integers(0, len(LINES) - 1))
def test_a_line_moved(source: int, target: int) -> None:
    lines = list(LINES)
    lines.insert(target, lines.pop(source))
    assert_located("\n".join(lines) + "\n")


@FUZZ
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    assert_located(text)


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data: bytes) -> None:
    try:
        text = decode(data, "fuzz.yaml")
    except ScenarioInvalid as exc:
        assert exc.problems[0].line >= 1
        return
    assert_located(text)


@pytest.mark.parametrize("depth", [23, 25, 200, 5000])
def test_deep_nesting_never_overflows(depth: int) -> None:
    assert_located("[" * depth + "]" * depth)
    assert_located("a:\n" + "".join("  " * i + "b:\n" for i in range(1, min(depth, 400))))
