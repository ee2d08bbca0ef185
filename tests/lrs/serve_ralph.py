"""Serve Ralph's LRS on loopback with its file-system backend, appending (for the tests).

Ralph 4.2 to 5.1 writes with the "create" operation, so only its first POST succeeds;
setting the backend's default operation to APPEND before serving fixes that (see the
project's shared LRS notes). Run with the LRS virtual environment's Python.
"""

import sys

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

import uvicorn  # noqa: E402
from ralph.api import app  # noqa: E402

uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
