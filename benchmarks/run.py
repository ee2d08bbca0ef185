"""Run every benchmark (``make bench``): each prints its figures beside its baseline."""

from __future__ import annotations

import importlib
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{platform.system()} {platform.release()}"
    )
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    misses = 0
    for name in names:
        rows = importlib.import_module(f"benchmarks.{name}").main()
        misses += sum(1 for row in rows if row.ok is False)
    print(f"\n{len(names)} benchmark(s) run; {misses} figure(s) miss their goal.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
