"""Scenario variants: an equivalent but different case for every seat in a lab.

An author lists variants in the scenario (other names for the people, and a shift of
every date by whole weeks). A variant is the same scenario with those names put in
every text and every date moved, so that neighbours cannot copy each other's entries;
the expected entries are derived again from the variant's own facts. Whole weeks keep
the weekdays a narrative mentions right. A variant that would change what the letters
require (a date moved across the day a code came into use, say) is refused by the
loader, as is a date the shift cannot move (a month named without its day, a date
written in a text that cannot exist, such as 02/30/2016, or one the shift would carry
out of the calendar). Nothing here raises anything but :class:`VariantDateError` for a
date it cannot move; the loader reports each such date, located, before a variant is
ever applied.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterator
from typing import Any

from cwstrainer.errors import TrainerError
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
CALENDAR = f"{dt.date.min.year} to {dt.date.max.year}"


class VariantDateError(TrainerError):
    """A date a variant cannot move: ``written`` as the scenario writes it, and why."""

    def __init__(self, written: str, why: str) -> None:
        self.written = written
        self.why = why
        super().__init__(f"the date {written} {why}")


def moved(day: dt.date, shift: dt.timedelta) -> dt.date | None:
    """``day`` moved by ``shift``, or None if that leaves the calendar."""
    try:
        return day + shift
    except OverflowError:
        return None


def _leaves_calendar(shift: dt.timedelta) -> str:
    return f"moved by {shift.days} days would leave the calendar (years {CALENDAR})"


def variant_ids(scenario: Scenario) -> tuple[str | None, ...]:
    """Every version of the scenario a seat can get: the original (None) and each variant."""
    return (None, *(v.id for v in scenario.variants))


def for_seat(scenario: Scenario, seat: str) -> str | None:
    """The variant for a seat (a trainee's sign-in), the same every time for that seat.

    The seat is read as sign-in reads a name: case and spacing do not make another seat
    ("ana  lopez" and "Ana Lopez" get the same variant).
    """
    choices = variant_ids(scenario)
    seat = " ".join(seat.split()).casefold()
    index = int(hashlib.sha256(f"{scenario.id}/{seat}".encode()).hexdigest(), 16) % len(choices)
    return choices[index]


def apply(scenario: Scenario, variant_id: str | None) -> Scenario:
    """The scenario as the variant tells it (the original for None).

    :class:`VariantDateError` for a date the variant cannot move, which the loader
    refuses first: a loaded scenario's variants always apply.
    """
    if variant_id is None:
        return scenario
    variant = next((v for v in scenario.variants if v.id == variant_id), None)
    if variant is None:
        raise KeyError(variant_id)
    names = name_map(scenario, variant)
    shift = dt.timedelta(days=variant.shift_days)
    changed = _rewrite(scenario, names, shift)
    assert isinstance(changed, Scenario)
    return dataclasses.replace(changed, variants=scenario.variants)


def name_map(scenario: Scenario, variant: Variant) -> dict[str, str]:
    """Each name the variant changes (as written, and in capitals) to its new one.

    Clients the scenario does not define are passed over (the loader names them)."""
    words: dict[str, str] = {}
    clients = {c.id: c for c in scenario.clients}
    for client_id, new in variant.names.items():
        old = clients.get(client_id)
        if old is None:
            continue
        for before, after in ((old.first_name, new.first_name), (old.last_name, new.last_name)):
            words[before] = after
            words[before.upper()] = after.upper()
    return words


def _rewrite(value: Any, names: dict[str, str], shift: dt.timedelta) -> Any:
    if isinstance(value, dt.date):
        day = moved(value, shift)
        if day is None:
            raise VariantDateError(value.isoformat(), _leaves_calendar(shift))
        return day
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


def _iso(m: re.Match[str]) -> dt.date:
    return dt.date(int(m[1]), int(m[2]), int(m[3]))


def _iso_text(m: re.Match[str], day: dt.date) -> str:
    return day.isoformat()


def _us(m: re.Match[str]) -> dt.date:
    return dt.date(int(m[3]), int(m[1]), int(m[2]))


def _us_text(m: re.Match[str], day: dt.date) -> str:
    width = 2 if len(m[1]) == 2 else 1
    return f"{day.month:0{width}d}/{day.day:0{width}d}/{day.year}"


def _long(m: re.Match[str]) -> dt.date:
    year = int(m[4]) if m[4] else 2000  # a leap year, so February 29 stays valid
    return dt.date(year, _MONTHS.index(m[2]) + 1, int(m[3]))


def _long_text(m: re.Match[str], day: dt.date) -> str:
    weekday = f"{day:%A}, " if m[1] else ""
    return f"{weekday}{_MONTHS[day.month - 1]} {day.day}" + (f", {day.year}" if m[4] else "")


_FORMS: tuple[
    tuple[
        re.Pattern[str],
        Callable[[re.Match[str]], dt.date],
        Callable[[re.Match[str], dt.date], str],
    ],
    ...,
] = ((_ISO, _iso, _iso_text), (_US, _us, _us_text), (_LONG, _long, _long_text))


def _shift_text(
    text: str, shift: dt.timedelta, problems: list[tuple[str, str]] | None = None
) -> str:
    """``text`` with its dates moved. A date that cannot exist or cannot move is kept as
    written and added to ``problems`` as (written, why), or, without a list, raised as
    :class:`VariantDateError`."""

    def bad(written: str, why: str) -> str:
        if problems is None:
            raise VariantDateError(written, why)
        problems.append((written, why))
        return written

    for pattern, read, write in _FORMS:

        def one(
            m: re.Match[str],
            read: Callable[[re.Match[str]], dt.date] = read,
            write: Callable[[re.Match[str], dt.date], str] = write,
        ) -> str:
            try:
                day = read(m)
            except ValueError:
                return bad(m[0], "cannot exist: no calendar has that day")
            new = moved(day, shift)
            if new is None:
                return bad(m[0], _leaves_calendar(shift))
            return write(m, new)

        text = pattern.sub(one, text)
    return text


def shift_text(text: str, shift: dt.timedelta) -> str:
    """Dates written out in ``text`` (YYYY-MM-DD, MM/DD/YYYY, Month D[, YYYY]) moved.

    Raises :class:`VariantDateError` for a date that cannot exist (02/30/2016) or that
    the shift would carry out of the calendar.
    """
    if not shift:
        return text
    return _shift_text(text, shift)


def text_date_problems(text: str, shift: dt.timedelta) -> list[tuple[str, str]]:
    """Every date in ``text`` that ``shift`` cannot move, as (written, why)."""
    problems: list[tuple[str, str]] = []
    if shift:
        _shift_text(text, shift, problems)
    return problems


def texts(scenario: Scenario) -> Iterator[tuple[str, str]]:
    """Every text a variant rewrites, with its path in the file (``documents[0].text``)."""
    for path, value, _owner in _leaves(scenario, ""):
        if isinstance(value, str):
            yield path, value


def dates(scenario: Scenario) -> Iterator[tuple[str, dt.date, str | None]]:
    """Every date a variant moves, with its path and the code of the row it is on, if any
    (a special project's start date: its code)."""
    for path, value, owner in _leaves(scenario, ""):
        if isinstance(value, dt.date):
            code = getattr(owner, "code", None)
            yield path, value, code if isinstance(code, str) else None


def _leaves(value: Any, path: str, owner: object = None) -> Iterator[tuple[str, Any, object]]:
    """What :func:`_rewrite` rewrites: each date and text, its path, and its dataclass."""
    if isinstance(value, dt.date | str):
        yield path, value, owner
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _leaves(item, f"{path}[{i}]", owner)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            if f.name not in ("id", "variants") and not _is_reference(f.name):
                yield from _leaves(
                    getattr(value, f.name), f"{path}.{f.name}" if path else f.name, value
                )


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
