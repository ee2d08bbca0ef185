"""One mistake, one finding: a finding that could not hold because of another is its
consequence, shown under it and not counted as a second mistake (RULES.md, Scoring
principles).

A check names what a finding rests on (``Finding.after``, the key of another
expectation). Here, once every check has run, a finding not met whose prerequisite was
not met either is tied to the first mistake of the chain (``Finding.cause``).

Two findings about one entered value (``Finding.value``: an end date that is both not the
date due and before its start date) are one mistake too: the heavier finding is the
cause (an expectation before a guard when they weigh the same), the other is shown under
it. A consequence costs nothing of its own: an extra shown under its cause takes no
points off, and an expectation already met when the attempt began loses none.
"""

from __future__ import annotations

import dataclasses

from cwstrainer.rules.catalog import Weight
from cwstrainer.rules.findings import Finding, Outcome

_HEAVIER = {Weight.CRITICAL: 0, Weight.MAJOR: 1, Weight.ADVICE: 2}


def _twins(found: list[Finding]) -> list[Finding]:
    """Findings about one entered value: all but the heaviest tied to it (``after``)."""
    groups: dict[str, list[int]] = {}
    for i, f in enumerate(found):
        if f.value is not None and f.outcome is not Outcome.MET and f.key is not None:
            groups.setdefault(f.value, []).append(i)
    out = list(found)
    for members in groups.values():
        if len(members) < 2:
            continue
        ordered = sorted(
            members,
            key=lambda i: (_HEAVIER[found[i].weight], found[i].outcome is Outcome.EXTRA, i),
        )
        head = found[ordered[0]]
        for i in ordered[1:]:
            out[i] = dataclasses.replace(found[i], after=head.key)
    return out


def _costs_nothing(f: Finding) -> Finding:
    """A consequence: no points of its own beyond the possible it keeps."""
    if f.outcome is Outcome.EXTRA or f.preset:
        return dataclasses.replace(f, points=0.0)
    return f


def link_consequences(found: list[Finding]) -> list[Finding]:
    """The findings, each one that failed because an earlier one failed tied to it."""
    found = _twins(found)
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
        linked.append(_costs_nothing(dataclasses.replace(f, cause=cause)) if cause else f)
    return linked
