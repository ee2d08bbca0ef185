"""Keep Python 3.11 alive under a PySide6 build that treats ``None`` as immortal.

PySide6 6.12's wheels (one ABI for every Python) return ``None`` from void calls without
taking a reference, which is right on Python 3.12 and later, where ``None`` is immortal
(PEP 683), and wrong on 3.11: each ``widget.setEnabled(...)`` then takes one reference
off ``None``, and after some thousands of calls the interpreter aborts with "Fatal
Python error: none_dealloc". A trainee's session makes that many calls in minutes. On an
affected interpreter we give ``None`` the huge reference count that 3.12 gives it, so it
can never reach zero, and the same to ``True`` and ``False`` (immortal in 3.12 too,
and dropped the same way on some paths); on any other, nothing is done.
:func:`none_leaks` checks, rather than trusts a version number.
"""

from __future__ import annotations

import ctypes
import sys

_IMMORTAL = 1 << 40


def none_leaks() -> bool:
    """Whether a void Qt call takes a reference off ``None`` in this process."""
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("probe")
    return sys.getrefcount(None) < before - 50


def protect_none() -> bool:
    """Make ``None``, ``True``, ``False`` immortal in practice if Qt calls leak ``None``.

    Returns whether it was needed.
    """
    if sys.version_info >= (3, 12) or not none_leaks():
        return False
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _IMMORTAL
    return True
