"""Where the trainer keeps its data: one folder, chosen without side effects at import.

Order of precedence: an explicit folder (``--data-dir``), the ``CWSTRAINER_DATA_DIR``
environment variable, then the user data folder that ``platformdirs`` gives for the
platform. Nothing is created until :func:`ensure_data_dir` is called.

The folder and what the trainer writes are its user's alone: the folder is created
0700 and the files 0600 (:func:`open_private`; the entry points also run under the umask
:data:`PRIVATE_UMASK`, so that SQLite's own files are made so too). A folder or file an
older trainer made readable by others is narrowed to that when the folder is next used,
if this user owns it; a folder with the set-group-id bit, which an administrator sets to
share a folder with a group, is left as it is.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from cwstrainer.errors import StoreError

APP_NAME = "cwstrainer"
ENV_VAR = "CWSTRAINER_DATA_DIR"
DATABASE_NAME = "trainer.db"
CRASH_LOG_NAME = "crash.log"
PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
PRIVATE_UMASK = 0o077
TRAINER_FILES = (
    DATABASE_NAME,
    f"{DATABASE_NAME}-wal",
    f"{DATABASE_NAME}-shm",
    f"{DATABASE_NAME}-journal",
    CRASH_LOG_NAME,
    "lrs-password",
)
"""The files the trainer keeps in its data folder, narrowed to 0600 when it opens."""


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The data folder to use, without creating it."""
    if override:
        return Path(override).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    import platformdirs  # imported here: only the path needs it, not every import

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_data_dir(folder: Path) -> Path:
    """Create the data folder (0700) if needed; a clear :class:`StoreError` if it cannot be.

    An existing folder, and the trainer's files in it, are narrowed to this user alone
    (see the module's docstring).
    """
    try:
        folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the data folder {folder}: {exc.strerror}") from None
    if not os.access(folder, os.W_OK):
        raise StoreError(
            f"the data folder {folder} is read-only; choose another with --data-dir or {ENV_VAR}"
        )
    make_private(folder)
    for name in TRAINER_FILES:
        make_private(folder / name)
    return folder


def make_private(path: Path) -> None:
    """Narrow a folder to 0700, a file to 0600, if this user owns it (never raises).

    A folder with the set-group-id bit is shared on purpose and is left as it is; so is
    anything that is not a regular file or folder, or not this user's.
    """
    try:
        st = os.stat(path)
    except OSError:
        return
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return
    if stat.S_ISDIR(st.st_mode):
        if st.st_mode & stat.S_ISGID:
            return
        wanted = PRIVATE_FOLDER_MODE
    elif stat.S_ISREG(st.st_mode):
        wanted = PRIVATE_FILE_MODE
    else:
        return
    if stat.S_IMODE(st.st_mode) & ~wanted:
        with contextlib.suppress(OSError):
            os.chmod(path, stat.S_IMODE(st.st_mode) & wanted)


def open_private(
    path: Path | str,
    mode: str = "w",
    *,
    encoding: str | None = None,
    newline: str | None = None,
) -> IO[Any]:
    """Open a file for writing (``w``, ``a``, ``x``, with ``b`` for bytes) that only its
    owner can read: created 0600, and narrowed to 0600 if it was there and wider.

    Raises ``OSError`` as :func:`open` does.
    """
    kind = mode.replace("b", "")
    flags = {
        "w": os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
        "a": os.O_WRONLY | os.O_CREAT | os.O_APPEND,
        "x": os.O_WRONLY | os.O_CREAT | os.O_EXCL,
    }.get(kind)
    if flags is None:
        raise ValueError(f"open_private writes files; mode {mode!r} is not one of w, a, x")
    fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE_MODE)
    try:
        st = os.fstat(fd)
        owned = not hasattr(os, "getuid") or st.st_uid == os.getuid()
        wider = stat.S_IMODE(st.st_mode) & ~PRIVATE_FILE_MODE
        if stat.S_ISREG(st.st_mode) and owned and wider and hasattr(os, "fchmod"):
            os.fchmod(fd, PRIVATE_FILE_MODE)
        if "b" in mode:
            return os.fdopen(fd, mode)
        return os.fdopen(fd, mode, encoding=encoding or "utf-8", newline=newline)
    except BaseException:
        os.close(fd)
        raise


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Run a block under :data:`PRIVATE_UMASK`: whatever it creates (SQLite's database,
    journal and WAL, exports) is this user's alone. The umask is the process's: the
    command line and the window set it once, at start, for everything they do."""
    old = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(old)


def use_private_umask() -> int:
    """Set :data:`PRIVATE_UMASK` for the rest of the process (the window's start); the
    previous umask."""
    return os.umask(PRIVATE_UMASK)
