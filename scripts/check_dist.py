"""Check the standalone build (``make dist-check``): it starts, offscreen, with no Python.

Copies dist/cwstrainer/ to a temporary folder (so nothing of this checkout can be
reached), runs ``cwstrainer --screenshots DIR`` there with a bare environment (no
virtual environment, no PYTHONPATH, cwd /), and checks that every screenshot was written
as a real PNG, and that no networking Qt module or plugin was shipped. Prints the folder's size, the number of files and the run time. Exits
non-zero on any failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILT = ROOT / "dist" / "cwstrainer"
PNG = b"\x89PNG\r\n\x1a\n"
EXPECTED = [  # pages every build must render (main.py --screenshots)
    "00-open-scenario.png",
    "01-referral-referral.png",
    "02-referral-allegation.png",
    "03-referral-placement.png",
    "04-referral-special-projects.png",
    "05-case-case.png",
    "06-case-special-projects.png",
    "07-refused-date.png",
    "08-save-to-database.png",
]
TIMEOUT = 180


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def fail(message: str) -> int:
    print(f"dist-check: FAILED: {message}", file=sys.stderr)
    return 1


def main() -> int:
    program = BUILT / "cwstrainer"
    if not (program.is_file() and os.access(program, os.X_OK)):
        return fail(f"{program} is missing: run `make dist` first")
    shipped = [p.name for p in BUILT.rglob("*") if "Network" in p.name or "qvnc" in p.name
               or "tuiotouch" in p.name]
    if shipped:
        return fail(f"networking Qt code is in the build: {', '.join(shipped)}")
    size, count = folder_size(BUILT)
    with tempfile.TemporaryDirectory(prefix="cwstrainer-dist-check-") as tmp:
        copy = Path(tmp) / "cwstrainer"
        shutil.copytree(BUILT, copy, symlinks=True)
        shots = Path(tmp) / "shots"
        env = {
            "PATH": "/usr/bin:/bin",
            "HOME": tmp,
            "QT_QPA_PLATFORM": "offscreen",
            "LANG": "C.UTF-8",
        }
        started = time.perf_counter()
        try:
            run = subprocess.run(
                [str(copy / "cwstrainer"), "--screenshots", str(shots)],
                cwd="/",
                env=env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            return fail(f"the built program did not finish within {TIMEOUT} s")
        took = time.perf_counter() - started
        if run.returncode != 0:
            return fail(f"exit code {run.returncode}:\n{run.stderr[-3000:]}")
        written = sorted(p.name for p in shots.glob("*.png"))
        missing = [name for name in EXPECTED if name not in written]
        if missing:
            return fail(f"screenshots missing: {', '.join(missing)} (written: {written})")
        for name in written:
            data = (shots / name).read_bytes()
            if not data.startswith(PNG) or len(data) < 10_000:
                return fail(f"{name} is not a real picture ({len(data)} bytes)")
        if str(ROOT) in run.stdout + run.stderr:
            return fail("the built program reached into the source checkout")
    print(f"dist-check: {program.relative_to(ROOT)}: {size / 1e6:.0f} MB in {count} files")
    print(f"dist-check: --screenshots from a copy, bare environment: {len(written)} PNGs "
          f"in {took:.1f} s")
    print("dist-check: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
