"""Domain errors: what went wrong, said so that a trainer or a trainee can act on it."""

from __future__ import annotations

from typing import NamedTuple


class TrainerError(Exception):
    """Base of every error the core raises on purpose; its text is for a person."""


class Problem(NamedTuple):
    """One located problem in a file: ``FILE:LINE:COLUMN: message`` (1-based).

    Ordered by file, line and column. (A named tuple, not a dataclass: this module is
    imported before the trainer's first screen, and a dataclass costs its module.)
    """

    source: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.source}:{self.line}:{self.column}: {self.message}"


class ScenarioInvalid(TrainerError):
    """A scenario file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class FieldError(TrainerError):
    """A value refused at a form field; ``field`` is the field's CWS/CMS label."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


class StoreError(TrainerError):
    """The data folder or database cannot be used as asked."""
