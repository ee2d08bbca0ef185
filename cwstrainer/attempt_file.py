"""Attempt files: a trainee's records as JSON, to export, keep and grade again.

The format is documented in ``docs/attempt-format.md``. Reading never raises anything
but :class:`AttemptFileInvalid`, whose message names every problem by its JSON path
(``$.records.allegations[2].disposition_date: ...``), so a bad file is a message, not
a traceback. The file passes :mod:`cwstrainer.boundary` first: a regular file of at most
:data:`~cwstrainer.boundary.MAX_ATTEMPT_BYTES`, JSON nested at most
:data:`~cwstrainer.boundary.MAX_JSON_DEPTH` deep, no number longer than
:data:`~cwstrainer.boundary.MAX_NUMBER_DIGITS` digits.

Every code is checked against the table its notebook field draws from (the field specs of
:mod:`cwstrainer.fields`): a system-code id must be one of its table's (``codes.py``), and
a special project must be one of the titles the Special Project grid lists
(``special_projects.py``), spelt exactly as CWS/CMS spells it. An unknown id or a
misspelt title is a problem with the nearest known value suggested, never a row the
grader would silently pass over. Inactive codes are known codes: they read (a record
can hold one), and the grader judges them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import os
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cwstrainer import boundary
from cwstrainer.codes import OWN_ID_NOTE, CodeTable
from cwstrainer.errors import TrainerError
from cwstrainer.fields import FIELDS, FieldKind
from cwstrainer.records import (
    AllegationRecord,
    AttemptRecords,
    CaseRecord,
    CsecRecord,
    PlacementRecord,
    RecordKind,
    ReferralRecord,
    SpecialProjectRecord,
)
from cwstrainer.special_projects import OTHER_SPECIAL_PROJECTS, SPECIAL_PROJECT_CODES, Notebook

ATTEMPT_FORMAT = "cwstrainer-attempt"
ATTEMPT_VERSION = 1

_KINDS: dict[str, type[Any]] = {
    "referrals": ReferralRecord,
    "allegations": AllegationRecord,
    "placements": PlacementRecord,
    "cases": CaseRecord,
    "special_projects": SpecialProjectRecord,
    "csec_rows": CsecRecord,
}
_TOP_KEYS = {"format", "format_version", "scenario", "records", "exported_at"}
_RECORD_KINDS: dict[str, RecordKind] = {
    "referrals": RecordKind.REFERRAL,
    "allegations": RecordKind.ALLEGATION,
    "placements": RecordKind.PLACEMENT,
    "cases": RecordKind.CASE,
    "special_projects": RecordKind.SPECIAL_PROJECT,
    "csec_rows": RecordKind.CSEC,
}

SPECIAL_PROJECT_TITLES: tuple[str, ...] = (
    *(c.title for c in SPECIAL_PROJECT_CODES),
    *OTHER_SPECIAL_PROJECTS,
)
"""Every title a ``special_projects`` row's ``code`` may hold: what the grid lists."""

CODE_FIELDS: dict[tuple[str, str], CodeTable] = {
    (kind, spec.name): spec.codes
    for kind, record_kind in _RECORD_KINDS.items()
    for spec in FIELDS[record_kind]
    if spec.kind is FieldKind.CODE and spec.codes is not None
}
"""(list, field) of every system-code field of an attempt file, with its code table."""

TITLE_FIELDS: tuple[tuple[str, str], ...] = tuple(
    (kind, spec.name)
    for kind, record_kind in _RECORD_KINDS.items()
    for spec in FIELDS[record_kind]
    if spec.kind is FieldKind.SPECIAL_PROJECT
)
"""(list, field) of every field holding a special project's title."""

_LIST_ALL_UP_TO = 12  # a table this small is listed whole when an id is unknown


class AttemptFileInvalid(TrainerError):
    """An attempt file that cannot be used, with every problem found in it."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p}" for p in problems))


@dataclass(frozen=True)
class AttemptFile:
    """What an attempt file holds: which scenario (id and version) and the records."""

    scenario_id: str
    scenario_version: int
    records: AttemptRecords


def _json_value(value: object) -> object:
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Notebook):
        return str(value)
    return value


def dumps(attempt: AttemptFile) -> str:
    """The attempt as JSON text in the documented format."""
    records = {
        kind: [
            {f.name: _json_value(getattr(r, f.name)) for f in dataclasses.fields(r)}
            for r in getattr(attempt.records, kind)
        ]
        for kind in _KINDS
    }
    data = {
        "format": ATTEMPT_FORMAT,
        "format_version": ATTEMPT_VERSION,
        "scenario": {"id": attempt.scenario_id, "version": attempt.scenario_version},
        "records": records,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(path: Path | str, attempt: AttemptFile) -> None:
    """Write an attempt file, readable by its owner only (0600); an unwritable path is an
    :class:`AttemptFileInvalid`."""
    data = dumps(attempt).encode("utf-8")
    try:
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o600
        )
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise AttemptFileInvalid(str(path), [f"cannot write the file: {exc.strerror}"]) from None


def read(path: Path | str) -> AttemptFile:
    """Read an attempt file; every problem is reported at once, by JSON path.

    Only a regular file of at most :data:`~cwstrainer.boundary.MAX_ATTEMPT_BYTES` is read:
    a pipe, a device or a folder is refused at once, without waiting on it.
    """
    source = str(path)
    try:
        data = boundary.read_bytes(path, boundary.MAX_ATTEMPT_BYTES, "an attempt file")
    except boundary.Refused as exc:
        raise AttemptFileInvalid(source, [f"cannot read the file: {exc.message}"]) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise AttemptFileInvalid(source, ["$: the file is not UTF-8 text"]) from None
    return loads(text, source)


def loads(text: str, source: str = "<attempt>") -> AttemptFile:
    """An attempt from JSON text; :class:`AttemptFileInvalid` names every problem."""
    if len(text) > boundary.MAX_ATTEMPT_BYTES:
        raise AttemptFileInvalid(
            source,
            [
                f"$: the text is {len(text):,} characters; an attempt file may be at most "
                f"{boundary.MAX_ATTEMPT_BYTES:,} bytes"
            ],
        )
    try:
        data = boundary.parse_json(text, source)
    except boundary.Refused as exc:
        if exc.message.startswith("not JSON: "):
            what = f"not JSON (line {exc.line}, column {exc.column}: {exc.message[10:]})"
        else:
            what = f"{exc.message} (line {exc.line}, column {exc.column})"
        raise AttemptFileInvalid(source, [f"$: {what}"]) from None
    return from_data(data, source)


def from_data(data: object, source: str = "<attempt>") -> AttemptFile:
    """An attempt from JSON already parsed (within :mod:`cwstrainer.boundary`'s limits,
    e.g. the ``records`` of a results line); :class:`AttemptFileInvalid` names every
    problem by its JSON path."""
    reader = _Reader()
    attempt = reader.attempt(data)
    if reader.problems or attempt is None:
        raise AttemptFileInvalid(source, reader.problems or ["$: not an attempt file"])
    return attempt


class _Reader:
    """Checks a parsed JSON document against the format, collecting problems."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def bad(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def attempt(self, data: object) -> AttemptFile | None:
        if not isinstance(data, dict):
            self.bad("$", f"expected an object, got {_kind(data)}")
            return None
        for key in sorted(set(data) - _TOP_KEYS):
            self.bad(f"$.{key}", "unknown key")
        if data.get("format") != ATTEMPT_FORMAT:
            self.bad("$.format", f"expected {ATTEMPT_FORMAT!r}, got {_shown(data.get('format'))}")
        if data.get("format_version") != ATTEMPT_VERSION:
            self.bad(
                "$.format_version",
                f"this trainer reads version {ATTEMPT_VERSION}, "
                f"got {_shown(data.get('format_version'))}",
            )
        scenario = data.get("scenario")
        sid, version = None, None
        if not isinstance(scenario, dict):
            self.bad("$.scenario", "expected an object with 'id' and 'version'")
        else:
            sid = self.typed("$.scenario.id", scenario.get("id"), str, required=True)
            version = self.typed("$.scenario.version", scenario.get("version"), int, required=True)
        records = self.records(data.get("records"))
        if sid is None or version is None or records is None:
            return None
        return AttemptFile(sid, version, records)

    def records(self, data: object) -> AttemptRecords | None:
        if not isinstance(data, dict):
            self.bad("$.records", f"expected an object, got {_kind(data)}")
            return None
        for key in sorted(set(data) - set(_KINDS)):
            self.bad(
                f"$.records.{key}", f"unknown kind of record; expected one of {', '.join(_KINDS)}"
            )
        found: dict[str, tuple[Any, ...]] = {}
        for kind in _KINDS:
            rows = data.get(kind, [])
            path = f"$.records.{kind}"
            if not isinstance(rows, list):
                self.bad(path, f"expected a list, got {_kind(rows)}")
                continue
            built = [self.record(f"{path}[{i}]", kind, row) for i, row in enumerate(rows)]
            seen: set[int] = set()
            for i, rec in enumerate(built):
                if rec is not None and rec.id in seen:
                    self.bad(f"{path}[{i}].id", f"id {rec.id} is already used in {kind}")
                elif rec is not None:
                    seen.add(rec.id)
            found[kind] = tuple(r for r in built if r is not None)
        return AttemptRecords(**found)

    def record(self, path: str, kind: str, row: object) -> Any:
        cls = _KINDS[kind]
        if not isinstance(row, dict):
            self.bad(path, f"expected an object, got {_kind(row)}")
            return None
        fields = {f.name: f for f in dataclasses.fields(cls)}
        hints = typing.get_type_hints(cls)
        for key in sorted(set(row) - set(fields)):
            self.bad(f"{path}.{key}", "unknown field")
        values: dict[str, Any] = {}
        before = len(self.problems)
        for name, f in fields.items():
            required = f.default is dataclasses.MISSING
            if name not in row:
                if required:
                    self.bad(f"{path}.{name}", "missing (required)")
                continue
            tp = hints[name]
            args = typing.get_args(tp)
            optional = type(None) in args
            base = next((a for a in args if a is not type(None)), tp)
            where = f"{path}.{name}"
            if not self.code_named(where, (kind, name), row[name]):
                values[name] = self.typed(where, row[name], base, required=not optional)
                self.known(where, (kind, name), values[name])
        if len(self.problems) > before:
            return None
        return cls(**values)

    def code_named(self, path: str, field: tuple[str, str], value: object) -> bool:
        """A code field holding a code's name instead of its id: a problem naming the id."""
        table = CODE_FIELDS.get(field)
        code = table.find(value) if table is not None and isinstance(value, str) else None
        if code is not None:
            self.bad(
                path,
                f"expected a whole number, got {_json(value)}; "
                f"did you mean {code.id} ({code.short_description})?",
            )
        return code is not None

    def known(self, path: str, field: tuple[str, str], value: object) -> None:
        """A code id or special project title its table does not hold is a problem."""
        table = CODE_FIELDS.get(field)
        if table is not None and isinstance(value, int) and value not in table:
            self.bad(path, _unknown_code(table, value))
        titled = field in TITLE_FIELDS and isinstance(value, str)
        if titled and value not in SPECIAL_PROJECT_TITLES:
            self.bad(path, _unknown_title(str(value)))

    def typed(self, path: str, value: object, base: Any, *, required: bool) -> Any:
        """``value`` as ``base`` (int, str, bool, date, time, Notebook), or a problem."""
        if value is None:
            if required:
                self.bad(path, "must not be null")
            return None
        if base is bool:
            if isinstance(value, bool):
                return value
            return self._want(path, "true or false", value)
        if base is int:
            if isinstance(value, int) and not isinstance(value, bool):
                return value
            return self._want(path, "a whole number", value)
        if base is str:
            return value if isinstance(value, str) else self._want(path, "text", value)
        if base is Notebook:
            if isinstance(value, str) and value in {n.value for n in Notebook}:
                return Notebook(value)
            return self._want(path, "'referral' or 'case'", value)
        if base is dt.date:
            try:
                if isinstance(value, str) and len(value) == 10:
                    return dt.date.fromisoformat(value)
            except ValueError:
                pass
            return self._want(path, "a date as YYYY-MM-DD", value)
        if base is dt.time:
            try:
                if isinstance(value, str) and len(value) == 5:
                    return dt.time.fromisoformat(value)
            except ValueError:
                pass
            return self._want(path, "a time as HH:MM (24-hour)", value)
        return self._want(path, f"a {base}", value)  # pragma: no cover

    def _want(self, path: str, what: str, value: object) -> None:
        self.bad(path, f"expected {what}, got {_brief(value)}")


def _code_list(table: CodeTable) -> str:
    """Every code of a small table: id and name, inactive ones and the trainer's own ids
    marked as such."""
    return "; ".join(
        f"{c.id} {c.short_description}"
        + (" (inactive)" if c.inactive else "")
        + (" (the trainer's own id)" if c.note == OWN_ID_NOTE else "")
        for c in table
    )


def _nearest_id(table: CodeTable, code_id: int) -> int | None:
    """The id ``code_id`` most likely mistypes: similar digits, then the nearest number."""
    typed = str(code_id)
    ids = [str(c.id) for c in table]
    close = difflib.get_close_matches(typed, ids, n=len(ids), cutoff=0.6)
    close += [i for i in ids if sorted(i) == sorted(typed) and i not in close]  # 54 for 45
    if not close:
        return None

    def likeness(candidate: str) -> tuple[float, bool, int]:
        ratio = difflib.SequenceMatcher(None, typed, candidate).ratio()
        return (ratio, sorted(candidate) == sorted(typed), -abs(int(candidate) - code_id))

    return int(max(close, key=likeness))


def _unknown_code(table: CodeTable, code_id: int) -> str:
    """An id its table does not hold, with the id probably meant, and the table if small."""
    message = f"{code_id} is not a known {table.title} code"
    near = _nearest_id(table, code_id)
    if near is not None:
        message += f"; did you mean {near} ({table.by_id(near).short_description})?"
    else:
        message += "."
    if len(table) <= _LIST_ALL_UP_TO:
        return f"{message} The {table.title} codes are: {_code_list(table)}"
    if near is None:
        nearest = sorted(table, key=lambda c: abs(c.id - code_id))[:3]
        message += " The nearest ids are: " + "; ".join(
            f"{c.id} {c.short_description}" for c in nearest
        )
    return message + " (`cwstrainer codes` lists every code)"


def _unknown_title(title: str) -> str:
    """A special project title the grid does not list, with the title probably meant."""
    message = f"{_brief(title)} is not a special project title"
    folded = {" ".join(t.split()).casefold(): t for t in SPECIAL_PROJECT_TITLES}
    same = folded.get(" ".join(title.split()).casefold())
    if same is not None:
        return f"{message}; did you mean {_json(same)}? (a title is spelt exactly, capitals too)"
    near = difflib.get_close_matches(title, SPECIAL_PROJECT_TITLES, n=1, cutoff=0.6)
    if near:
        return f"{message}; did you mean {_json(near[0])}?"
    return f"{message}. The titles are: {', '.join(_json(t) for t in SPECIAL_PROJECT_TITLES)}"


def _shown(value: object) -> str:
    """A value quoted in a message as Python writes it; a list or object by its kind."""
    if isinstance(value, list | dict):
        return _kind(value)
    return repr(value[:57] + "..." if isinstance(value, str) and len(value) > 60 else value)


def _brief(value: object) -> str:
    """A value quoted in a message as JSON, at most 60 characters; a list or an object
    by its kind (it may be nested deep)."""
    if isinstance(value, list | dict):
        return _kind(value)
    if isinstance(value, str) and len(value) > 60:
        value = value[:57] + "..."
    return json.dumps(value, ensure_ascii=False)[:60]


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number" if isinstance(value, int | float) else "a value")
