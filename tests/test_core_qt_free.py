"""The core is Qt-free: every cwstrainer module imports without loading PySide6."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import importlib, pkgutil, sys
import cwstrainer
names = [m.name for m in pkgutil.walk_packages(cwstrainer.__path__, "cwstrainer.")
         if not m.name.endswith("__main__")]
for name in names:
    importlib.import_module(name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in {"PySide6", "shiboken6"})
print(len(names))
print(",".join(loaded))
"""


def test_every_core_module_imports_without_qt() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    modules, qt_modules = int(out[0]), out[1] if len(out) > 1 else ""
    assert modules >= 15, "the probe must have found the core's modules"
    assert qt_modules == ""


def test_importing_the_core_creates_no_data_folder(tmp_path: Path) -> None:
    """Paths are chosen without side effects: nothing is created at import."""
    target = tmp_path / "never-created"
    code = "import cwstrainer.paths, cwstrainer.store.store, cwstrainer.cli"
    env = {"CWSTRAINER_DATA_DIR": str(target), "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    assert not target.exists()
