"""A real Learning Record Store (Ralph) on a free loopback port, for the tests.

Ralph lives in its own virtual environment (`.venv-lrs`, made by `make test`, or here
on first use) so that its dependencies never mix with the trainer's.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LRS_VENV = ROOT / ".venv-lrs"
RALPH = "ralph-malph[cli,lrs]==5.1.0"
HERE = Path(__file__).resolve().parent


def lrs_python() -> Path:
    """The LRS environment's Python, installing Ralph on first use."""
    python = LRS_VENV / "bin" / "python"
    if not (LRS_VENV / "bin" / "ralph").exists():
        subprocess.run([sys.executable, "-m", "venv", str(LRS_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", RALPH, "requests"], check=True
        )
    return python


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Ralph:
    """A running Ralph: its endpoint, credentials and process."""

    endpoint: str
    username: str
    password: str
    process: subprocess.Popen[bytes] | None
    env: dict[str, str]

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


def start(folder: Path, port: int | None = None) -> Ralph:
    """Start Ralph with one user, and wait (at most 30 s) until it answers."""
    python = lrs_python()
    port = port or free_port()
    env = {
        **os.environ,
        "RALPH_APP_DIR": str(folder / "app"),
        "RALPH_RUNSERVER_BACKEND": "fs",
        "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
    }
    (folder / "app").mkdir(parents=True, exist_ok=True)
    (folder / "data").mkdir(parents=True, exist_ok=True)
    if not (folder / "app" / "auth.json").exists():
        subprocess.run(
            [
                str(LRS_VENV / "bin" / "ralph"),
                "auth",
                "-u",
                "trainer",
                "-p",
                "lab-secret",
                "-s",
                "all",
                "-M",
                "mailto:trainer@example.org",
                "-w",
            ],
            env=env,
            check=True,
            capture_output=True,
        )
    process = subprocess.Popen(
        [str(python), str(HERE / "serve_ralph.py"), str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/__heartbeat__", timeout=1) as r:
                if r.status == 200:
                    return Ralph(f"{base}/xAPI/", "trainer", "lab-secret", process, env)
        except OSError:
            if process.poll() is not None:
                break
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"Ralph did not start on port {port}")
