"""Shared helpers for the benchmarks: percentiles and the side-by-side table.

Machines here are shared and noisy: every figure is printed beside a baseline measured
in the same run, and the ratio is what to read.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass


def percentile(values: list[float], pct: float) -> float:
    """The ``pct`` percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values)


@dataclass
class Row:
    """One line of the report: a figure, its baseline, and the goal."""

    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    goal: str = ""
    ok: bool | None = None

    def render(self) -> str:
        base = (
            f"{self.baseline:9.2f} {self.unit:<3} ({self.baseline_name})" if self.baseline else ""
        )
        ratio = f"x{self.value / self.baseline:5.2f}" if self.baseline else "      "
        verdict = {True: "meets goal", False: "MISSES GOAL", None: ""}[self.ok]
        return (
            f"{self.name:<44} {self.value:9.2f} {self.unit:<3} {ratio}  {base:<40} "
            f"{self.goal:<22} {verdict}"
        )


def print_rows(title: str, rows: list[Row]) -> None:
    print(f"\n== {title}")
    for row in rows:
        print(row.render())
