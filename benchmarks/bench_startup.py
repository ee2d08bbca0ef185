"""Start-up: whole processes, from spawn to the first paint, against a bare Qt window.

Each run starts a fresh Python (benchmarks/startup_child.py) and reads back, on its
stdout, the ``time.monotonic()`` of the first paint; Linux's monotonic clock is one for
every process, so spawn-to-paint is measured across the process boundary. Peak memory is
the child's own peak RSS, read with ``os.wait4``. Runs are interleaved (bare, trainer,
dialog, bare, ...) so that a noisy neighbour hurts all three alike; the median of N runs
is reported (``BENCH_RUNS``, default 15).

The trainer is timed to the first paint of its main window *with the scenario library
loaded* (the goal: at most 1.3x the bare window, for wall time and for peak memory), and,
for information, to the first paint of the sign-in dialog a trainee sees next. The
window is painted first and the library loaded just after (main.py opens the sign-in
once the window is drawn); "loaded" means every scenario file read and checked against
the station's library index (cwstrainer.scenario.library). The same start on a new
station, whose index is still empty and so parses every file, is measured too.

Bytecode is compiled first (``compileall``), as an installed copy has it: this checkout
may run with ``PYTHONDONTWRITEBYTECODE`` set, and compiling the project's modules at every
start would add some 40 ms that no lab laptop pays.
"""

from __future__ import annotations

import compileall
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import Row, median, print_rows  # noqa: E402

CHILD = Path(__file__).with_name("startup_child.py")
RUNS = int(os.environ.get("BENCH_RUNS", "15"))
GOAL = 1.3
TIMEOUT = 60.0  # seconds for one start-up


def one_run(mode: str, data_dir: str) -> tuple[dict[str, float], float]:
    """One start-up, measured by a small spawner process (see :func:`spawn`)."""
    done = subprocess.run(
        [sys.executable, __file__, "--spawn", mode, data_dir],
        capture_output=True,
        text=True,
        timeout=TIMEOUT + 10,
        check=True,
    )
    found = json.loads(done.stdout)
    return found["events"], found["peak_mb"]


def spawn(mode: str, data_dir: str) -> tuple[dict[str, float], float]:
    """Start one child; the ms from spawn to each event it printed, and its peak RSS (MB).

    Linux counts in a child's peak RSS the memory of the process that forked it (the
    high-water mark survives exec), so children are forked by this small spawner
    process, never by the benchmark runner, which holds hundreds of MB by now.
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    start = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, str(CHILD), mode, data_dir],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    assert child.stdout is not None
    timer = threading.Timer(TIMEOUT, child.kill)  # a hung start-up fails, never hangs
    timer.start()
    try:
        out = child.stdout.read().decode()
        _, status, usage = os.wait4(child.pid, 0)
    finally:
        timer.cancel()
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"start-up child {mode!r} failed ({child.returncode}): {out!r}")
    events = {}
    for line in out.splitlines():
        what, when = line.split()
        events[what] = (float(when) - start) * 1000
    return events, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def main() -> list[Row]:
    compileall.compile_dir(ROOT / "cwstrainer", quiet=1)
    compileall.compile_dir(ROOT / "ui", quiet=1)
    compileall.compile_file(ROOT / "main.py", quiet=1)
    walls: dict[str, list[float]] = {
        "bare": [], "trainer": [], "painted": [], "dialog": [], "new": []
    }
    peaks: dict[str, list[float]] = {"bare": [], "trainer": [], "dialog": []}
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("bare", "trainer", "dialog"):  # one warm-up each, not counted
            one_run(mode, tmp)
        for run in range(RUNS):
            for mode in ("bare", "trainer", "dialog"):
                events, peak = one_run(mode, tmp)
                walls[mode].append(max(events.values()))
                peaks[mode].append(peak)
                if mode == "trainer":
                    walls["painted"].append(events["painted"])
            new_station = Path(tmp) / f"new-station-{run}"  # no library index yet
            events, _ = one_run("trainer", str(new_station))
            walls["new"].append(max(events.values()))
    bare_ms, bare_mb = median(walls["bare"]), median(peaks["bare"])
    ready_ms, ready_mb = median(walls["trainer"]), median(peaks["trainer"])
    baseline = "bare QMainWindow+QTabWidget"
    rows = [
        Row(
            "to first paint, library loaded (wall)",
            ready_ms,
            "ms",
            bare_ms,
            baseline,
            f"<= {GOAL}x baseline",
            ready_ms <= GOAL * bare_ms,
        ),
        Row(
            "to first paint, library loaded (peak RSS)",
            ready_mb,
            "MB",
            bare_mb,
            baseline,
            f"<= {GOAL}x baseline",
            ready_mb <= GOAL * bare_mb,
        ),
        Row(
            "  of which: main window's first paint",
            median(walls["painted"]),
            "ms",
            bare_ms,
            baseline,
        ),
        Row(
            "  the same on a new station (no index yet)",
            median(walls["new"]),
            "ms",
            bare_ms,
            baseline,
        ),
        Row(
            "to first paint of the sign-in dialog",
            median(walls["dialog"]),
            "ms",
            bare_ms,
            baseline,
        ),
        Row("  the sign-in dialog (peak RSS)", median(peaks["dialog"]), "MB", bare_mb, baseline),
    ]
    print_rows(f"Start-up, whole process, median of {RUNS} runs (offscreen)", rows)
    return rows


if __name__ == "__main__":
    if sys.argv[1:2] == ["--spawn"]:
        events, peak = spawn(sys.argv[2], sys.argv[3])
        print(json.dumps({"events": events, "peak_mb": peak}))
    else:
        main()
