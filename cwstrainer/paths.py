"""Where the trainer keeps its data: one folder, chosen without side effects at import.

Order of precedence: an explicit folder (``--data-dir``), the ``CWSTRAINER_DATA_DIR``
environment variable, then the user data folder that ``platformdirs`` gives for the
platform. Nothing is created until :func:`ensure_data_dir` is called.
"""

from __future__ import annotations

import os
from pathlib import Path

from cwstrainer.errors import StoreError

APP_NAME = "cwstrainer"
ENV_VAR = "CWSTRAINER_DATA_DIR"
DATABASE_NAME = "trainer.db"


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
    """Create the data folder if needed; a clear :class:`StoreError` if it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the data folder {folder}: {exc.strerror}") from None
    if not os.access(folder, os.W_OK):
        raise StoreError(
            f"the data folder {folder} is read-only; choose another with --data-dir or {ENV_VAR}"
        )
    return folder
