"""The results dashboard over 100,000 submitted attempts: its first render and its queries.

The render: the trainer's dashboard page (ui.trainer.dashboard) opened in a fresh
process (benchmarks/dashboard_child.py), from asking for it to the first paint of the
trainee table with rows, and to the heat map being ready (median of 5 processes). The
queries it waits for: opening the store and the core's first page of best/last score and
attempt count per trainee x scenario (``cwstrainer.dashboard.trainee_results``). All
beside a plain SQL baseline, the one grouped scan of ``attempts`` that answers the same
question without the summary table.

The 100,000-attempt database (benchmarks/dashboard_db.py, about 250 MB, some 30 s to
make) is kept in build/bench/ and made again when the schema or the generator changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import dashboard_db  # noqa: E402
from benchmarks.common import Row, median, print_rows  # noqa: E402
from cwstrainer import dashboard  # noqa: E402
from cwstrainer.dashboard import Filters  # noqa: E402
from cwstrainer.store.store import Store  # noqa: E402

ATTEMPTS = 100_000
PAGE = 50  # trainees on the dashboard's first screen
REPEAT = 15
GOAL_MS = 150.0

PLAIN_SQL = """
    select trainee_id, scenario_id, count(*),
           max(coalesce(percent, 0.0))
    from attempts where status = 'submitted' group by trainee_id, scenario_id
"""


def database() -> Path:
    """The benchmark's station database: made once, kept in build/bench/."""
    made_by = (ROOT / "cwstrainer" / "store" / "schema.py", Path(dashboard_db.__file__))
    digest = hashlib.sha256(str(ATTEMPTS).encode())
    for source in made_by:
        digest.update(source.read_bytes())
    key = digest.hexdigest()[:12]
    folder = ROOT / "build" / "bench" / f"dashboard-{ATTEMPTS}-{key}"
    if not (folder / "trainer.db").exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        t0 = time.perf_counter()
        dashboard_db.build(folder, ATTEMPTS)
        print(f"(made the {ATTEMPTS:,}-attempt database in {time.perf_counter() - t0:.0f} s)")
    return folder


def timed(fn: Callable[[], object], repeat: int = REPEAT) -> list[float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return times


def ui_render(folder: Path, runs: int = 5) -> tuple[float, float]:
    """Median ms to the table's first paint and to the heat map, over fresh processes."""
    child = Path(__file__).with_name("dashboard_child.py")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    table, heat = [], []
    for _ in range(runs + 1):  # the first, with cold caches, is not counted
        done = subprocess.run(
            [sys.executable, str(child), str(folder)],
            capture_output=True,
            text=True,
            timeout=180,
            env=env,
            check=True,
        )
        found = dict(line.split() for line in done.stdout.splitlines())
        table.append(float(found["table"]))
        heat.append(float(found["heat"]))
    return median(table[1:]), median(heat[1:])


def main() -> list[Row]:
    folder = database()
    plain = sqlite3.connect(folder / "trainer.db")
    (count,) = plain.execute("select count(*) from attempts where status = 'submitted'").fetchone()
    assert count == ATTEMPTS, count
    base = median(timed(lambda: plain.execute(PLAIN_SQL).fetchall()))
    plain.close()

    def first_render() -> None:  # what a dashboard opening would wait for
        store = Store.open(folder)
        assert dashboard.trainee_results(store, limit=PAGE)
        store.close()

    def open_only() -> None:
        Store.open(folder).close()

    ui_table, ui_heat = ui_render(folder)
    opened = median(timed(first_render, 7))
    open_ms = median(timed(open_only, 7))
    store = Store.open(folder)
    page = median(timed(lambda: dashboard.trainee_results(store, limit=PAGE)))
    whole = median(timed(lambda: dashboard.trainee_results(store), 5))
    since = dt.date(2026, 1, 1)
    live = median(timed(lambda: dashboard.trainee_results(store, Filters(since=since), PAGE), 5))
    heat = median(timed(lambda: dashboard.rule_misses(store), 5))
    store.close()
    baseline = "plain SQL group-by over attempts"
    rows = [
        Row(
            "dashboard UI: asked for -> table painted",
            ui_table,
            "ms",
            base,
            baseline,
            f"< {GOAL_MS:.0f} ms",
            ui_table < GOAL_MS,
        ),
        Row("dashboard UI: asked for -> heat map ready", ui_heat, "ms", base, baseline),
        Row(
            f"first page query ({PAGE} trainees x scenarios)",
            page,
            "ms",
            base,
            baseline,
            f"< {GOAL_MS:.0f} ms",
            page < GOAL_MS,
        ),
        Row(
            "Store.open + first page query",
            opened,
            "ms",
            base,
            baseline,
            f"< {GOAL_MS:.0f} ms",
            opened < GOAL_MS,
        ),
        Row("  of which Store.open (full check: daily)", open_ms, "ms", base, baseline),
        Row("whole trainee x scenario table", whole, "ms", base, baseline),
        Row("first page with a date filter (live)", live, "ms", base, baseline),
        Row("rule heat map (rule_misses), whole station", heat, "ms", base, baseline),
    ]
    print_rows(
        f"Results dashboard over {ATTEMPTS:,} submitted attempts (UI offscreen, fresh "
        "processes; queries in-process)",
        rows,
    )
    return rows


if __name__ == "__main__":
    main()
