"""A station database holding 100,000 submitted attempts, for the dashboard benchmark.

Made through the store's own schema (``Store.open`` runs every migration) and its own
indexing (``index_result``, what ``Store.submit`` calls), in one transaction: 2,000
trainees in 8 cohorts, every bundled scenario, attempts spread over a year, and for each
attempt the findings of its scenario's real rules with outcomes drawn at random (about a
third missed). Report JSON is not stored: the dashboard never reads it.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cwstrainer.grading import REPORT_VERSION, grade, percent  # noqa: E402
from cwstrainer.scenario.loader import load_library  # noqa: E402
from cwstrainer.store.schema import grades_rule, index_result  # noqa: E402
from cwstrainer.store.store import Store  # noqa: E402
from tests.scenario_builders import Entries  # noqa: E402

TRAINEES = 2_000
COHORTS = [f"Academy {y} {s}" for y in (2025, 2026) for s in ("Winter", "Spring", "Summer", "Fall")]


def scenario_rules() -> dict[str, list[tuple[str, float, bool]]]:
    """Each bundled scenario's rule ids, points possible and whether the finding grades
    its rule for the heat map, from grading it."""
    rules = {}
    for loaded in load_library([ROOT / "scenarios"]).scenarios:
        s = loaded.scenario
        report = grade(s, Entries.world(s).records())
        rules[s.id] = [(f.rule_id, f.possible, grades_rule(f)) for f in report.findings]
    return rules


def build(folder: Path, attempts: int = 100_000, seed: int = 8) -> Path:
    """Fill a new store in ``folder`` with ``attempts`` submitted attempts; its path."""
    rng = random.Random(seed)
    rules = scenario_rules()
    scenario_ids = sorted(rules)
    store = Store.open(folder)
    db = store.db
    start = dt.datetime(2025, 9, 1, 8, 0, tzinfo=dt.UTC)
    with db.conn:  # one transaction
        trainees = []
        for i in range(TRAINEES):
            tid = uuid.UUID(int=rng.getrandbits(128)).hex
            name = f"Trainee {i:05d}"
            trainees.append((tid, COHORTS[i % len(COHORTS)]))
            db.execute(
                "insert into trainees (id, name, name_key, created_at) values (?, ?, ?, ?)",
                [tid, name, name.casefold(), start.isoformat()],
            )
        attempt_rows, finding_rows, order = [], [], []
        for n in range(attempts):
            tid, cohort = trainees[rng.randrange(TRAINEES)]
            sid = rng.choice(scenario_ids)
            aid = uuid.UUID(int=rng.getrandbits(128)).hex
            when = start + dt.timedelta(minutes=5 * n + rng.randrange(5))
            met = [(r, p, g, rng.random() > 0.33) for r, p, g in rules[sid]]
            possible = sum(p for _, p, _, _ in met)
            score = sum(p for _, p, _, ok in met if ok)
            passed = percent(score, possible) >= 80
            stamp = when.isoformat(timespec="seconds")
            attempt_rows.append(
                (
                    aid,
                    tid,
                    sid,
                    1,
                    "x",
                    "bench",
                    "practice",
                    "submitted",
                    stamp,
                    stamp,
                    stamp,
                    score,
                    possible,
                    int(passed),
                    percent(score, possible),
                    REPORT_VERSION,
                    cohort,
                )
            )
            finding_rows.extend(
                (aid, r, "met" if ok else "missed", p if ok else 0.0, p, int(g), int(g and not ok))
                for r, p, g, ok in met
            )
            order.append(aid)
        db.conn.executemany(
            "insert into attempts (id, trainee_id, scenario_id, scenario_version, "
            "scenario_digest, scenario_source, mode, status, started_at, updated_at, "
            "submitted_at, score, possible, passed, percent, report_version, cohort) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            attempt_rows,
        )
        db.conn.executemany(
            "insert into findings (attempt_id, rule_id, outcome, points, possible, graded, "
            "missed) values (?, ?, ?, ?, ?, ?, ?)",
            finding_rows,
        )
        for aid in order:  # in submission order, as Store.submit does it
            index_result(db, aid)
    store.close()
    return folder / store.path.name


if __name__ == "__main__":
    import time

    t0 = time.perf_counter()
    path = build(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
    print(f"{path}: {path.stat().st_size / 1e6:.0f} MB in {time.perf_counter() - t0:.1f} s")
