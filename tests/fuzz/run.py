"""The long fuzz run (``make fuzz``): every reader, many cases, every crash reported.

    python -m tests.fuzz.run [--cases N] [--readers scenario,attempt,pack,results]
                             [--slow SECONDS] [--hang SECONDS] [--seed N]

For each reader (``fuzz_cases.READERS``) it tries ``--cases`` Hypothesis-made inputs and
prints the number tried, every uncaught exception (its type, where it was raised, how
many cases raised it, and a minimal input, shrunk by Hypothesis), and every case that
took more than ``--slow`` seconds (5). A case still running after ``--hang`` seconds (60)
is stopped and counted as a hang. The exit status is 1 if anything was found.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import HypothesisWarning, NoSuchExample, Unsatisfiable

from tests.fuzz.fuzz_cases import READERS, Reader, Workspace, workspace

ROOT = Path(__file__).resolve().parents[2]
SHOWN = 400  # characters of an input printed


class Hang(Exception):
    """A case ran past the hang limit."""


@dataclass
class Found:
    """One kind of crash: its exception type and where it was raised."""

    kind: str
    where: str
    message: str
    count: int = 0
    smallest: Any = None
    size: int = 0


@dataclass
class Tally:
    reader: Reader
    tried: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    crashes: dict[tuple[str, str], Found] = field(default_factory=dict)
    slow: list[tuple[float, Any]] = field(default_factory=list)
    hangs: list[Any] = field(default_factory=list)


def signature(exc: BaseException) -> tuple[str, str]:
    """The exception's type and the innermost line of the project's code it passed."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if str(ROOT) in f.filename and "/tests/" not in f.filename]
    frame = (ours or frames or [None])[-1]
    where = f"{Path(frame.filename).relative_to(ROOT)}:{frame.lineno}" if frame else "?"
    if frame and str(ROOT) not in frame.filename:
        where = f"{frame.filename}:{frame.lineno}"
    return type(exc).__name__, where


def size_of(case: Any) -> int:
    return len(case) if isinstance(case, bytes | str) else len(repr(case))


def shown(case: Any, base: bytes | None = None) -> str:
    """An input as printed: whole if short; else, if it is a mutation of ``base``, the
    part around its first difference from it; else its two ends."""
    text = repr(case)
    if len(text) <= SHOWN:
        return text
    if isinstance(case, bytes) and base is not None:
        at = next((i for i, (a, b) in enumerate(zip(case, base, strict=False)) if a != b), None)
        if at is None:
            at = min(len(case), len(base))
        start = max(0, at - 60)
        return (
            f"(from byte {start:,}, the first difference at {at:,}) {case[start : start + 300]!r}"
        )
    return f"{text[: SHOWN // 2]} ... {text[-SHOWN // 2 :]}"


def run_case(
    reader: Reader, case: Any, ws: Workspace, hang: float
) -> tuple[float, BaseException | None]:
    """Run one case; its duration and the exception it raised (a :class:`Hang` if stopped)."""

    def stop(signum: int, frame: Any) -> None:
        raise Hang(f"still running after {hang:g} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, hang)
    started = time.perf_counter()
    try:
        reader.check(case, ws)
        error: BaseException | None = None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # every crash is what we are here to count
        error = exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return time.perf_counter() - started, error


def fuzz(
    reader: Reader, ws: Workspace, cases: int, slow: float, hang: float, seed: int | None
) -> Tally:
    tally = Tally(reader)
    started = time.perf_counter()

    @settings(
        max_examples=cases,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        derandomize=seed is not None,
    )
    @given(case=reader.strategy(ws))
    def probe(case: Any) -> None:
        tally.tried += 1
        elapsed, error = run_case(reader, case, ws, hang)
        tally.slowest = max(tally.slowest, elapsed)
        if isinstance(error, Hang):
            tally.hangs.append(case)
        elif error is not None:
            key = signature(error)
            found = tally.crashes.setdefault(key, Found(*key, str(error)[:200]))
            found.count += 1
            if found.smallest is None or size_of(case) < found.size:
                found.smallest, found.size = case, size_of(case)
        if elapsed > slow:
            tally.slow.append((elapsed, case))

    probe()
    tally.seconds = time.perf_counter() - started
    for key, found in tally.crashes.items():
        minimal = shrink(reader, ws, key, hang, budget=min(cases, 2000))
        if minimal is not None and size_of(minimal) <= found.size:
            found.smallest, found.size = minimal, size_of(minimal)
    return tally


def shrink(reader: Reader, ws: Workspace, key: tuple[str, str], hang: float, budget: int) -> Any:
    """A small input raising the same crash, found and shrunk by Hypothesis (or None)."""
    from hypothesis import find

    def same(case: Any) -> bool:
        _, error = run_case(reader, case, ws, hang)
        return error is not None and not isinstance(error, Hang) and signature(error) == key

    try:
        return find(
            reader.strategy(ws),
            same,
            settings=settings(
                max_examples=budget,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            ),
        )
    except (NoSuchExample, Unsatisfiable):
        return None


def report(tally: Tally, slow: float, say: Callable[[str], None], base: bytes | None) -> bool:
    """Print a reader's figures; whether anything was found."""
    r = tally.reader
    crashes = sum(f.count for f in tally.crashes.values())
    say(
        f"{r.name} ({r.what}): {tally.tried:,} cases in {tally.seconds:.1f} s; "
        f"{crashes} uncaught exception(s) of {len(tally.crashes)} kind(s); "
        f"{len(tally.slow)} case(s) over {slow:g} s; {len(tally.hangs)} hang(s); "
        f"slowest case {tally.slowest:.2f} s"
    )
    for found in tally.crashes.values():
        say(f"  uncaught {found.kind} at {found.where} ({found.count} case(s)): {found.message}")
        say(f"    minimal input ({found.size:,} long): {shown(found.smallest, base)}")
    for elapsed, case in sorted(tally.slow, key=lambda s: -s[0])[:10]:
        say(f"  slow: {elapsed:.2f} s: {shown(case, base)}")
    for case in tally.hangs[:10]:
        say(f"  hang: {shown(case, base)}")
    return bool(tally.crashes or tally.slow or tally.hangs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=200_000, help="cases per reader")
    parser.add_argument("--readers", default=",".join(READERS), help="comma-separated")
    parser.add_argument("--slow", type=float, default=5.0, help="report cases over this (s)")
    parser.add_argument("--hang", type=float, default=60.0, help="stop a case after this (s)")
    parser.add_argument("--seed", type=int, default=None, help="a repeatable run")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore", category=HypothesisWarning)  # large reprs: ours to cut
    names = [n.strip() for n in args.readers.split(",") if n.strip()]
    unknown = sorted(set(names) - set(READERS))
    if unknown:
        parser.error(f"unknown reader(s) {', '.join(unknown)}; known: {', '.join(READERS)}")
    print(f"fuzz: {args.cases:,} cases per reader: {', '.join(names)}", flush=True)
    found = False
    with workspace() as ws:
        for name in names:
            reader = READERS[name]
            tally = fuzz(reader, ws, args.cases, args.slow, args.hang, args.seed)
            base = reader.base(ws) if reader.base is not None else None
            found |= report(tally, args.slow, lambda line: print(line, flush=True), base)
    print("fuzz: " + ("FOUND PROBLEMS (above)" if found else "nothing found"), flush=True)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
