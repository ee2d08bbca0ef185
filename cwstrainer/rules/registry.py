"""The registry of rule checks: one check per rule id, grouped by letter in modules.

A check is a function of the grading :class:`~cwstrainer.rules.context.Context` that
yields findings. A rule module registers its checks with :func:`check`; a new letter is
a new module named in :data:`RULE_MODULES`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from cwstrainer.rules.catalog import RULE_IDS, RULES
from cwstrainer.rules.context import Context
from cwstrainer.rules.findings import Finding

Check = Callable[[Context], Iterable[Finding]]

RULE_MODULES: tuple[str, ...] = (
    "cwstrainer.rules.referral",
    "cwstrainer.rules.allegation",
    "cwstrainer.rules.removal",
    "cwstrainer.rules.case_codes",
    "cwstrainer.rules.dates",
    "cwstrainer.rules.grid",
)

_CHECKS: dict[str, Check] = {}


def check(rule_id: str) -> Callable[[Check], Check]:
    """Register the decorated function as the check of ``rule_id`` (a catalogue id)."""

    def register(fn: Check) -> Check:
        if rule_id not in RULE_IDS:
            raise ValueError(f"{rule_id} is not in the rule catalogue")
        if rule_id in _CHECKS and _CHECKS[rule_id] is not fn:
            raise ValueError(f"{rule_id} has two checks")
        _CHECKS[rule_id] = fn
        return fn

    return register


def checks() -> dict[str, Check]:
    """Every registered check, in the catalogue's order."""
    for module in RULE_MODULES:
        importlib.import_module(module)
    return {r.id: _CHECKS[r.id] for r in RULES if r.id in _CHECKS}
