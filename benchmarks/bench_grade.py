"""Grading: the largest bundled scenario, and the whole library, each with its codes entered.

Every bundled scenario gets an attempt in a throw-away store with the S-CSEC codes its
facts call for entered through the store's API (``rules.expected``), as a trainee who
did the work would leave it; then ``grade()`` runs on the store's records. The
"largest" scenario is the one whose grading makes the most findings. The baseline is
reading the same attempt's records back from the store (``Store.records``), which a
submission does anyway just before grading.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import Row, median, percentile, print_rows  # noqa: E402
from cwstrainer.errors import TrainerError  # noqa: E402
from cwstrainer.grading import grade  # noqa: E402
from cwstrainer.records import AttemptRecords, RecordKind  # noqa: E402
from cwstrainer.rules import expected  # noqa: E402
from cwstrainer.scenario.loader import LoadedScenario, load_library  # noqa: E402
from cwstrainer.special_projects import Notebook  # noqa: E402
from cwstrainer.store.store import Store  # noqa: E402

REPEAT = 200
GOAL_MS = 5.0


def documented(store: Store, loaded: LoadedScenario) -> str:
    """An attempt with every S-CSEC code the facts call for (and nothing else); its id."""
    s = loaded.scenario
    attempt = store.start_attempt(store.sign_in("Bench"), loaded, "practice")
    records = store.records(attempt.id)
    referrals = {r.world_key: r.id for r in records.referrals}
    cases = {c.world_key: c.id for c in records.cases}
    wanted: list[tuple[Notebook, int | None, str, object, object]] = [
        (Notebook.REFERRAL, referrals.get(rc.referral.id), "S-CSEC Referral", rc.start, rc.end)
        for rc in expected.referral_codes(s)
    ] + [
        (Notebook.CASE, cases.get(cc.case.id), cc.code, cc.start, cc.end)
        for cc in expected.case_codes(s)
    ]
    for notebook, owner, code, start, end in wanted:
        if owner is None:
            continue
        try:
            row = store.add_special_project(attempt.id, notebook, owner)
            store.update(
                attempt.id,
                RecordKind.SPECIAL_PROJECT,
                row.id,
                code=code,
                start_date=start,
                end_date=end,
            )
        except TrainerError:
            pass  # a code the notebook refuses is left out, as a trainee would have to
    return attempt.id


def timed(fn: object, repeat: int) -> list[float]:
    assert callable(fn)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def main() -> list[Row]:
    library = load_library([ROOT / "scenarios"]).scenarios
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp))
        attempts = [(loaded, documented(store, loaded)) for loaded in library]
        graded: list[tuple[LoadedScenario, str, AttemptRecords, int]] = []
        for loaded, attempt_id in attempts:
            records = store.records(attempt_id)
            graded.append(
                (loaded, attempt_id, records, len(grade(loaded.scenario, records).findings))
            )
        loaded, attempt_id, records, findings = max(graded, key=lambda g: g[3])
        largest = timed(lambda: grade(loaded.scenario, records), REPEAT)
        read = timed(lambda: store.records(attempt_id), REPEAT)

        def grade_all() -> None:
            for each, _, recs, _ in graded:
                grade(each.scenario, recs)

        def read_all() -> None:
            for _, aid, _, _ in graded:
                store.records(aid)

        whole = timed(grade_all, 20)
        whole_read = timed(read_all, 20)
        store.close()
    p95 = percentile(largest, 95)
    baseline = "Store.records of it"
    rows = [
        Row(
            f"grade largest ({loaded.scenario.id}, {findings} findings) median",
            median(largest),
            "ms",
            median(read),
            baseline,
            f"median < {GOAL_MS:.0f} ms",
            median(largest) < GOAL_MS,
        ),
        Row("grade largest, 95th percentile", p95, "ms", percentile(read, 95), baseline),
        Row(
            f"grade the whole library ({len(graded)} scenarios)",
            median(whole),
            "ms",
            median(whole_read),
            "Store.records of each",
        ),
    ]
    print_rows("Grading documented attempts", rows)
    return rows


if __name__ == "__main__":
    main()
