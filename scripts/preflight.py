"""Before `make run` starts Qt: are the libraries Qt's platform plugin needs installed?

Qt's xcb plugin, missing one of its libraries, names only the first it thinks of
("xcb-cursor0 or libxcb-cursor0 is needed") whichever is really missing. This check
looks for each library itself (no Qt imported), and names the Debian packages missing:

- run as root (as in CI): installs them with apt-get and carries on;
- otherwise: prints the exact ``sudo apt-get install ...`` line and exits with 1.

    python scripts/preflight.py                 check (and, as root, install)
    python scripts/preflight.py --assume-missing libxcb-icccm4,libxcb-keysyms1
                                                behave as if these were missing (tests)
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

# Debian package -> the shared library it provides. Without the first group even
# `import PySide6.QtWidgets` fails or every glyph is a box; the second is what the xcb
# platform plugin (a real X display) loads.
BASE = {
    "libegl1": "libEGL.so.1",
    "libgl1": "libGL.so.1",
    "libx11-6": "libX11.so.6",
    "libdbus-1-3": "libdbus-1.so.3",
    "libfontconfig1": "libfontconfig.so.1",
    "libfreetype6": "libfreetype.so.6",
    "libglib2.0-0": "libglib-2.0.so.0",
    "libxkbcommon0": "libxkbcommon.so.0",
}
XCB = {
    "libxcb-cursor0": "libxcb-cursor.so.0",
    "libxcb-icccm4": "libxcb-icccm.so.4",
    "libxcb-image0": "libxcb-image.so.0",
    "libxcb-keysyms1": "libxcb-keysyms.so.1",
    "libxcb-render-util0": "libxcb-render-util.so.0",
    "libxcb-render0": "libxcb-render.so.0",
    "libxcb-shape0": "libxcb-shape.so.0",
    "libxcb-util1": "libxcb-util.so.1",
    "libxcb-xkb1": "libxcb-xkb.so.1",
    "libxkbcommon-x11-0": "libxkbcommon-x11.so.0",
}
LIB_DIRS = ("/lib", "/usr/lib", "/lib64", "/usr/lib64", "/usr/local/lib")


def needed(platform: str | None) -> dict[str, str]:
    """The packages (and their libraries) the Qt platform about to start needs."""
    name = (platform or "").split(":")[0]
    if name in ("offscreen", "minimal", "vnc"):
        return dict(BASE)
    return {**BASE, **XCB}  # xcb: Linux's default platform


def known_libraries() -> Callable[[str], bool]:
    """Whether the dynamic loader can find a shared library: ldconfig's cache, then the
    usual library folders (multiarch ones included)."""
    names: set[str] = set()
    ldconfig = shutil.which("ldconfig") or next(
        (p for p in ("/sbin/ldconfig", "/usr/sbin/ldconfig") if Path(p).exists()), None
    )
    if ldconfig:
        try:
            out = subprocess.run(
                [ldconfig, "-p"], capture_output=True, text=True, timeout=20, check=False
            ).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        names.update(line.split()[0] for line in out.splitlines()[1:] if line.strip())
    folders = [Path(d) for d in LIB_DIRS]
    for d in LIB_DIRS:
        folders += Path(d).glob("*-linux-gnu*") if Path(d).is_dir() else []
    extra = [Path(p) for p in os.environ.get("LD_LIBRARY_PATH", "").split(":") if p]

    def present(library: str) -> bool:
        return library in names or any((f / library).exists() for f in folders + extra)

    return present


def missing(wanted: dict[str, str], present: Callable[[str], bool]) -> list[str]:
    """The packages whose library is not present, in a stable order."""
    return sorted(package for package, library in wanted.items() if not present(library))


def install_line(packages: Iterable[str], sudo: bool = True) -> str:
    """The apt-get command that installs the packages."""
    prefix = "sudo " if sudo else ""
    return f"{prefix}apt-get install -y --no-install-recommends {' '.join(packages)}"


def apt_install(packages: Sequence[str]) -> int:
    """apt-get update, then install the packages (as root); apt-get's exit status."""
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    update = subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
    if update.returncode != 0:
        return update.returncode
    command = ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages]
    return subprocess.run(command, env=env, check=False).returncode


def run(
    absent: Sequence[str],
    is_root: bool,
    has_apt: bool,
    install: Callable[[Sequence[str]], int] = apt_install,
    out: Callable[[str], object] = print,
) -> int:
    """Act on the missing packages: 0 to go on starting the trainer, else stop."""
    if not absent:
        return 0
    out(
        "The trainer's window needs system libraries that are not installed "
        f"(Debian packages: {', '.join(absent)})."
    )
    if not has_apt:
        out("This system has no apt-get: install the libraries these packages provide.")
        return 1
    if is_root:
        out(f"Installing them: {install_line(absent, sudo=False)}")
        status = install(absent)
        if status != 0:
            out(f"apt-get failed (exit {status}); the trainer was not started.")
            return 1
        return 0
    out("Install them, then run `make run` again:")
    out("")
    out(f"    {install_line(absent)}")
    out("")
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--assume-missing",
        metavar="PACKAGES",
        help="comma-separated Debian packages to treat as missing (for tests)",
    )
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        return 0  # Windows and macOS wheels carry what Qt needs
    if args.assume_missing is not None:
        absent = [p for p in args.assume_missing.split(",") if p]
    else:
        known = known_libraries()
        absent = missing(needed(os.environ.get("QT_QPA_PLATFORM")), known)
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    return run(absent, is_root, shutil.which("apt-get") is not None)


if __name__ == "__main__":
    sys.exit(main())
