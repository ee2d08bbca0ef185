"""Saving one entry as it is made: the store's update against a bare SQLite write.

Both run in WAL mode with synchronous FULL (what the trainer uses so that a power cut
loses nothing), so the baseline is the cost of a durable commit itself.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import Row, median, percentile, print_rows  # noqa: E402
from cwstrainer.records import RecordKind  # noqa: E402
from cwstrainer.scenario.loader import load_file  # noqa: E402
from cwstrainer.special_projects import Notebook  # noqa: E402
from cwstrainer.store.store import Store  # noqa: E402

ENTRIES = 300


def bare_sqlite(folder: Path) -> list[float]:
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("create table t (id integer primary key, code text, start_date text)")
    times = []
    for i in range(ENTRIES):
        t0 = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("insert into t (code, start_date) values (?, ?)", ("S-CSEC At-Risk", str(i)))
        conn.execute("COMMIT")
        times.append((time.perf_counter() - t0) * 1000)
    conn.close()
    return times


def store_update(folder: Path) -> list[float]:
    store = Store.open(folder)
    loaded = load_file(ROOT / "scenarios" / "in-care-victim-2016.yaml")
    attempt = store.start_attempt(store.sign_in("Bench"), loaded, "practice")
    case_id = store.records(attempt.id).cases[0].id
    row = store.add_special_project(attempt.id, Notebook.CASE, case_id)
    times = []
    for i in range(ENTRIES):
        t0 = time.perf_counter()
        store.update(
            attempt.id, RecordKind.SPECIAL_PROJECT, row.id, start_date=f"09/{1 + i % 28:02d}/2016"
        )
        times.append((time.perf_counter() - t0) * 1000)
    store.close()
    return times


def main() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = bare_sqlite(folder)
        mine = store_update(folder)
    p95, base95 = percentile(mine, 95), percentile(base, 95)
    rows = [
        Row("save one entry, median", median(mine), "ms", median(base), "bare SQLite commit"),
        Row(
            "save one entry, 95th percentile",
            p95,
            "ms",
            base95,
            "bare SQLite commit",
            "p95 < 5 ms",
            p95 < 5.0,
        ),
    ]
    print_rows(f"Saving an entry as it is made ({ENTRIES} entries)", rows)
    return rows


if __name__ == "__main__":
    main()
