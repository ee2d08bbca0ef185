"""Domain errors: what went wrong, said so that a trainer or a trainee can act on it."""

from __future__ import annotations

from dataclasses import dataclass


class TrainerError(Exception):
    """Base of every error the core raises on purpose; its text is for a person."""


@dataclass(frozen=True, order=True)
class Problem:
    """One located problem in a file: ``FILE:LINE:COLUMN: message`` (1-based)."""

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
