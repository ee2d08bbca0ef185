"""Scenario variants: an equivalent but different case for every seat in a lab.

An author lists variants in the scenario (other names for the people, and a shift of
every date by whole weeks). A variant is the same scenario with those names put in
every text and every date moved, so that neighbours cannot copy each other's entries;
the expected entries are derived again from the variant's own facts. Whole weeks keep
the weekdays a narrative mentions right. A variant that would change what the letters
require (a date moved across the day a code came into use, say) is refused by the
loader, as is a date the shift cannot move (a month named without its day).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from typing import Any

from cwstrainer.scenario.model import Scenario, Variant

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_MONTH_ALT = "|".join(_MONTHS)
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_US = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_LONG = re.compile(
    rf"\b(?:(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), )?"
    rf"({_MONTH_ALT}) (\d{{1,2}})(?:, (\d{{4}}))?\b"
)
MONTH_WITHOUT_DAY = re.compile(rf"\b({_MONTH_ALT})\b(?! \d)")


def variant_ids(scenario: Scenario) -> tuple[str | None, ...]:
    """Every version of the scenario a seat can get: the original (None) and each variant."""
    return (None, *(v.id for v in scenario.variants))


def for_seat(scenario: Scenario, seat: str) -> str | None:
    """The variant for a seat (a trainee's sign-in), the same every time for that seat."""
    choices = variant_ids(scenario)
    index = int(hashlib.sha256(f"{scenario.id}/{seat}".encode()).hexdigest(), 16) % len(choices)
    return choices[index]


def apply(scenario: Scenario, variant_id: str | None) -> Scenario:
    """The scenario as the variant tells it (the original for None)."""
    if variant_id is None:
        return scenario
    variant = next((v for v in scenario.variants if v.id == variant_id), None)
    if variant is None:
        raise KeyError(variant_id)
    names = _name_map(scenario, variant)
    shift = dt.timedelta(days=variant.shift_days)
    changed = _rewrite(scenario, names, shift)
    assert isinstance(changed, Scenario)
    return dataclasses.replace(changed, variants=scenario.variants)


def _name_map(scenario: Scenario, variant: Variant) -> dict[str, str]:
    words: dict[str, str] = {}
    for client_id, new in variant.names.items():
        old = scenario.client(client_id)
        for before, after in ((old.first_name, new.first_name), (old.last_name, new.last_name)):
            words[before] = after
            words[before.upper()] = after.upper()
    return words


def _rewrite(value: Any, names: dict[str, str], shift: dt.timedelta) -> Any:
    if isinstance(value, dt.date):
        return value + shift
    if isinstance(value, str):
        return shift_text(rename_text(value, names), shift)
    if isinstance(value, tuple):
        return tuple(_rewrite(v, names, shift) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            f.name: _rewrite(getattr(value, f.name), names, shift)
            for f in dataclasses.fields(value)
            if f.name not in ("id", "variants") and not _is_reference(f.name)
        }
        return dataclasses.replace(value, **changes)
    return value


def _is_reference(name: str) -> bool:
    """Fields holding ids or codes, which a variant never rewrites."""
    return name in {
        "child",
        "victim",
        "perpetrator",
        "referral",
        "primary",
        "absence",
        "children",
        "cse_alleged",
        "code",
        "category",
        "subcategory",
        "disposition",
        "communication_method",
        "response_type",
        "facility_type",
        "primary_reason",
        "secondary_reason",
        "rules",
        "kind",
        "timing",
        "method",
        "relation",
        "role",
        "indicator",
        "difficulty",
    }


def rename_text(text: str, names: dict[str, str]) -> str:
    """Every whole-word occurrence of an old name replaced by the new one."""
    if not names:
        return text
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")\b"
    )
    return pattern.sub(lambda m: names[m.group(1)], text)


def shift_text(text: str, shift: dt.timedelta) -> str:
    """Dates written out in ``text`` (YYYY-MM-DD, MM/DD/YYYY, Month D[, YYYY]) moved."""
    if not shift:
        return text

    def iso(m: re.Match[str]) -> str:
        return (dt.date(int(m[1]), int(m[2]), int(m[3])) + shift).isoformat()

    def us(m: re.Match[str]) -> str:
        day = dt.date(int(m[3]), int(m[1]), int(m[2])) + shift
        width = 2 if len(m[1]) == 2 else 1
        return f"{day.month:0{width}d}/{day.day:0{width}d}/{day.year}"

    def long(m: re.Match[str]) -> str:
        year = int(m[4]) if m[4] else 2000  # a leap year, so February 29 stays valid
        day = dt.date(year, _MONTHS.index(m[2]) + 1, int(m[3])) + shift
        weekday = f"{day:%A}, " if m[1] else ""
        return f"{weekday}{_MONTHS[day.month - 1]} {day.day}" + (f", {day.year}" if m[4] else "")

    text = _ISO.sub(iso, text)
    text = _US.sub(us, text)
    return _LONG.sub(long, text)


def signature(scenario: Scenario) -> tuple[object, ...]:
    """What the letters require of a scenario, without its names and dates.

    Two versions of a scenario with the same signature teach the same documentation.
    """
    from cwstrainer.codes import ACL_16_49_DATE
    from cwstrainer.rules import expected

    referral = tuple(
        sorted(
            (c.presence_rule, c.required, len(c.children), c.end is None)
            for c in expected.referral_codes(scenario)
        )
    )
    case = tuple(
        sorted((c.code, c.child, c.required, c.end is None) for c in expected.case_codes(scenario))
    )
    subcategories = tuple(r.received >= ACL_16_49_DATE for r in scenario.referrals)
    return referral, case, subcategories
