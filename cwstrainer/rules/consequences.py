"""One mistake, one finding: a finding that could not hold because of another is its
consequence, shown under it and not counted as a second mistake (RULES.md, Scoring
principles).

A check names what a finding rests on (``Finding.after``, the key of another
expectation). Here, once every check has run, a finding not met whose prerequisite was
not met either is tied to the first mistake of the chain (``Finding.cause``).
"""

from __future__ import annotations

import dataclasses

from cwstrainer.rules.findings import Finding, Outcome


def link_consequences(found: list[Finding]) -> list[Finding]:
    """The findings, each one that failed because an earlier one failed tied to it."""
    by_key = {f.key: f for f in found if f.key is not None}
    roots: dict[str, str | None] = {}

    def root_of(key: str, seen: frozenset[str] = frozenset()) -> str | None:
        """The first mistake behind the expectation ``key``, or None if it was met."""
        if key in roots:
            return roots[key]
        f = by_key.get(key)
        if f is None or f.outcome is Outcome.MET:
            roots[key] = None
            return None
        below = root_of(f.after, seen | {key}) if f.after and f.after not in seen else None
        roots[key] = below or key
        return roots[key]

    linked: list[Finding] = []
    for f in found:
        cause = None
        if f.outcome is not Outcome.MET and f.after is not None:
            cause = root_of(f.after)
        linked.append(dataclasses.replace(f, cause=cause) if cause else f)
    return linked
