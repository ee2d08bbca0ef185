"""The fuzz suite, at the budget ``make test`` can afford (about a minute in all).

Every reader gets hostile inputs (see ``fuzz_cases.py``); each must come back read, or
refused with its own located message, within five seconds. ``make fuzz`` runs the same
readers for much longer (``FUZZ_CASES`` per reader) and reports every crash.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzz.fuzz_cases import READERS, Workspace, workspace

pytestmark = [
    pytest.mark.fuzz,
    pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning"),  # large reprs
]

# Examples per reader: about 10 to 15 s each on a laptop; a case over 5 s fails.
BUDGET = {"scenario": 3000, "attempt": 2000, "pack": 2500, "results": 600}
FUZZ = {
    name: settings(
        max_examples=count,
        deadline=timedelta(seconds=5),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        print_blob=True,
    )
    for name, count in BUDGET.items()
}


@pytest.fixture(scope="module")
def ws() -> Iterator[Workspace]:
    with workspace() as folder:
        yield folder


@pytest.fixture(scope="module")
def station_line(ws: Workspace) -> str:
    return ws.station().line


def test_scenario_yaml_with_variants(ws: Workspace) -> None:
    @FUZZ["scenario"]
    @given(case=READERS["scenario"].strategy(ws))
    def run(case: Any) -> None:
        READERS["scenario"].check(case, ws)

    run()


def test_attempt_json(ws: Workspace) -> None:
    @FUZZ["attempt"]
    @given(case=READERS["attempt"].strategy(ws))
    def run(case: Any) -> None:
        READERS["attempt"].check(case, ws)

    run()


def test_pack_archives(ws: Workspace) -> None:
    @FUZZ["pack"]
    @given(case=READERS["pack"].strategy(ws))
    def run(case: Any) -> None:
        READERS["pack"].check(case, ws)

    run()


def test_results_json_lines(ws: Workspace, station_line: str) -> None:
    @FUZZ["results"]
    @given(case=READERS["results"].strategy(ws))
    def run(case: Any) -> None:
        READERS["results"].check(case, ws)

    run()
