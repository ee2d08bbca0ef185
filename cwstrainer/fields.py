"""The notebook fields: CWS/CMS label, kind, whether mandatory, and how a value is checked.

One table serves the screens (labels, accessible names, yellow mandatory fields) and the
store (which refuses a value that cannot be stored, naming the field by its label).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from cwstrainer.codes import (
    ABUSE_CATEGORIES,
    ABUSE_SUBCATEGORIES,
    COMMUNICATION_METHODS,
    CSEC_TYPES,
    DISPOSITIONS,
    FACILITY_TYPES,
    REASONS_FOR_REMOVAL,
    RESPONSE_TYPES,
    CodeTable,
)
from cwstrainer.errors import FieldError
from cwstrainer.records import RecordKind
from cwstrainer.special_projects import OTHER_SPECIAL_PROJECTS, is_csec_code


class FieldKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    TIME = "time"
    CODE = "code"
    CLIENT = "client"
    REFERRAL = "referral"
    SPECIAL_PROJECT = "special project"


@dataclass(frozen=True)
class FieldSpec:
    """One field of a notebook page."""

    name: str
    label: str
    kind: FieldKind
    mandatory: bool = False
    codes: CodeTable | None = None
    max_len: int | None = None


FIELDS: dict[RecordKind, tuple[FieldSpec, ...]] = {
    RecordKind.REFERRAL: (
        FieldSpec("referral_name", "Referral Name", FieldKind.TEXT, True, max_len=35),
        FieldSpec("received_date", "Received Date", FieldKind.DATE, True),
        FieldSpec("received_time", "Received Time", FieldKind.TIME, True),
        FieldSpec(
            "communication_method",
            "Communication Method",
            FieldKind.CODE,
            True,
            COMMUNICATION_METHODS,
        ),
        FieldSpec("response_type", "Response Type", FieldKind.CODE, False, RESPONSE_TYPES),
        FieldSpec("primary_referral_id", "Primary Referral", FieldKind.REFERRAL),
    ),
    RecordKind.ALLEGATION: (
        FieldSpec("victim", "Victim", FieldKind.CLIENT, True),
        FieldSpec("perpetrator", "Perpetrator", FieldKind.CLIENT),
        FieldSpec("abuse_category", "Abuse Category", FieldKind.CODE, True, ABUSE_CATEGORIES),
        FieldSpec(
            "abuse_subcategory", "Abuse Subcategory", FieldKind.CODE, False, ABUSE_SUBCATEGORIES
        ),
        FieldSpec("disposition", "Disposition", FieldKind.CODE, False, DISPOSITIONS),
        FieldSpec("disposition_date", "Disposition Date", FieldKind.DATE),
    ),
    RecordKind.PLACEMENT: (
        FieldSpec("child", "Child", FieldKind.CLIENT, True),
        FieldSpec("removal_date", "Removal Date", FieldKind.DATE, True),
        FieldSpec(
            "facility_type", "Placement Facility Type", FieldKind.CODE, False, FACILITY_TYPES
        ),
        FieldSpec(
            "primary_reason", "Reasons For Removal", FieldKind.CODE, True, REASONS_FOR_REMOVAL
        ),
        FieldSpec(
            "secondary_reason",
            "Secondary Reason For Removal",
            FieldKind.CODE,
            False,
            REASONS_FOR_REMOVAL,
        ),
    ),
    RecordKind.SPECIAL_PROJECT: (
        FieldSpec("code", "Special Project", FieldKind.SPECIAL_PROJECT, True),
        FieldSpec("start_date", "Start Date", FieldKind.DATE, True),
        FieldSpec("end_date", "End Date", FieldKind.DATE),
    ),
    RecordKind.CASE: (),
    # The CSEC Data Grid of the Client notebook (ACL 16-49; CSECHIST): Start Date is
    # mandatory, End Date optional (DOMAIN.md, section 4).
    RecordKind.CSEC: (
        FieldSpec("csec_type", "CSEC Type", FieldKind.CODE, True, CSEC_TYPES),
        FieldSpec("start_date", "Start Date", FieldKind.DATE, True),
        FieldSpec("end_date", "End Date", FieldKind.DATE),
    ),
}


def field_spec(kind: RecordKind, name: str) -> FieldSpec:
    """The spec of a field; ``FieldError`` if the record has no such field."""
    for spec in FIELDS[kind]:
        if spec.name == name:
            return spec
    raise FieldError(name, f"a {kind} has no field {name!r}")


_US_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_TIME = re.compile(r"^\s*(\d{1,2}):?(\d{2})\s*$")


def parse_date(text: str, label: str = "Date") -> dt.date | None:
    """A typed date as CWS/CMS takes it (MM/DD/YYYY, or YYYY-MM-DD); blank is None."""
    if not text.strip():
        return None
    match = _US_DATE.match(text)
    if match:
        month, day, year = (int(g) for g in match.groups())
    else:
        match = _ISO_DATE.match(text)
        if not match:
            raise FieldError(label, f"{text.strip()!r} is not a date; type it as MM/DD/YYYY")
        year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise FieldError(label, f"{text.strip()!r} is not a real date") from None


def format_date(value: dt.date | None) -> str:
    """A date as CWS/CMS shows it: MM/DD/YYYY."""
    return value.strftime("%m/%d/%Y") if value else ""


def parse_time(text: str, label: str = "Time") -> dt.time | None:
    """A typed time (HH:MM or HHMM, 24-hour); blank is None."""
    if not text.strip():
        return None
    match = _TIME.match(text)
    if not match:
        raise FieldError(label, f"{text.strip()!r} is not a time; type it as HH:MM")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise FieldError(label, f"{text.strip()!r} is not a real time")
    return dt.time(hour, minute)


def check_value(spec: FieldSpec, value: object, client_ids: frozenset[str]) -> object:
    """The value to store for ``spec``, or ``FieldError`` naming the field by its label."""
    if value is None or value == "":
        return None
    label = spec.label
    if spec.kind is FieldKind.TEXT:
        if not isinstance(value, str):
            raise FieldError(label, "expected text")
        if spec.max_len is not None and len(value) > spec.max_len:
            raise FieldError(label, f"at most {spec.max_len} characters ({len(value)} typed)")
        return value
    if spec.kind is FieldKind.DATE:
        if isinstance(value, str):
            return parse_date(value, label)
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            raise FieldError(label, "expected a date")
        return value
    if spec.kind is FieldKind.TIME:
        if isinstance(value, str):
            return parse_time(value, label)
        if not isinstance(value, dt.time):
            raise FieldError(label, "expected a time")
        return value
    if spec.kind is FieldKind.CODE:
        assert spec.codes is not None
        if isinstance(value, bool) or not isinstance(value, int) or value not in spec.codes:
            raise FieldError(label, f"{value!r} is not a {spec.codes.title} code")
        if spec.codes.by_id(value).inactive:
            raise FieldError(label, f"{spec.codes.by_id(value).short_description!r} is not active")
        return value
    if spec.kind is FieldKind.CLIENT:
        if value not in client_ids:
            raise FieldError(label, f"{value!r} is not a client in this scenario")
        return value
    if spec.kind is FieldKind.SPECIAL_PROJECT:
        if not isinstance(value, str) or not (
            is_csec_code(value) or value in OTHER_SPECIAL_PROJECTS
        ):
            raise FieldError(label, f"{value!r} is not a special project")
        return value
    if spec.kind is FieldKind.REFERRAL:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(label, "expected a referral")
        return value
    raise FieldError(label, "unknown field kind")  # pragma: no cover


def missing_mandatory(kind: RecordKind, record: object) -> tuple[FieldSpec, ...]:
    """The mandatory fields of ``record`` still empty, in screen order (Save to Database)."""
    return tuple(s for s in FIELDS[kind] if s.mandatory and getattr(record, s.name, None) is None)
