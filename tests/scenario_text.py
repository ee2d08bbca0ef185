"""The worked example's text, for tests that bend it into bad files."""

from pathlib import Path

EXAMPLE_PATH = Path(__file__).resolve().parents[1] / "scenarios" / "in-care-victim-2016.yaml"
EXAMPLE = EXAMPLE_PATH.read_text(encoding="utf-8")


def line_of(text: str, fragment: str) -> int:
    """1-based line number of the first line containing ``fragment``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not in text")


def replace_once(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)
