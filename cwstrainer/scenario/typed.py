"""Turn located YAML nodes into the scenario's frozen dataclasses, collecting every problem.

The dataclasses are the single description of the format: this module reads their type
hints and field metadata (see :func:`spec`) to check a file, and ``jsonschema.py`` reads
the same to publish the JSON Schema, so the two cannot drift. Supported field types are
the ones the format needs: str, int, bool, date, time, Literal, list, optional, nested
dataclass, and ``dict[str, bool]``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import functools
import re
import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from cwstrainer.boundary import MAX_NUMBER_DIGITS
from cwstrainer.codes import CodeTable
from cwstrainer.errors import Problem
from cwstrainer.scenario.yamlsource import Mark, YMap, YNode, YScalar, YSeq, describe

T = TypeVar("T")
_TIME = re.compile(r"^([01]\d|2[0-3]):?([0-5]\d)$")
_TRUE = frozenset({"true", "yes", "on"})
_FALSE = frozenset({"false", "no", "off"})


def spec(
    doc: str,
    *,
    max_len: int | None = None,
    min_len: int | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
    pattern: str | None = None,
    codes: CodeTable | None = None,
    example: object = None,
) -> dict[str, Any]:
    """Field metadata read by the checker and by the JSON Schema generator."""
    return {
        "doc": doc,
        "max_len": max_len,
        "min_len": min_len,
        "minimum": minimum,
        "maximum": maximum,
        "pattern": pattern,
        "codes": codes,
        "example": example,
    }


@dataclass
class Reader:
    """Builds values from nodes; problems go to ``problems``, positions to ``marks``."""

    source: str
    problems: list[Problem] = dataclasses.field(default_factory=list)
    marks: dict[str, Mark] = dataclasses.field(default_factory=dict)

    def problem(self, mark: Mark, message: str) -> None:
        self.problems.append(Problem(self.source, mark.line, mark.column, message))

    def build(self, cls: type[T], node: YNode, path: str = "") -> T | None:
        """The dataclass ``cls`` read from ``node``, or None after recording problems."""
        value = self._value(cls, node, path, {})
        return typing.cast("T | None", value)

    # -- dispatch ------------------------------------------------------------------

    def _value(self, tp: Any, node: YNode, path: str, meta: Mapping[str, Any]) -> Any:
        self.marks[path] = node.mark
        origin = typing.get_origin(tp)
        args = typing.get_args(tp)
        if origin in (typing.Union, types.UnionType):
            inner = [a for a in args if a is not type(None)]
            if isinstance(node, YScalar) and node.is_null:
                return None
            return self._value(inner[0], node, path, meta)
        if isinstance(node, YScalar) and node.is_null:
            self.problem(node.mark, f"{_name(path)}: a value is required here")
            return None
        if dataclasses.is_dataclass(tp):
            return self._dataclass(typing.cast(type, tp), node, path)
        if origin in (list, tuple):
            return self._list(args[0], node, path, meta)
        if origin is dict:
            return self._dict(args[1], node, path)
        if not isinstance(node, YScalar):
            self.problem(
                node.mark, f"{_name(path)}: expected {_kind(tp, meta)}, found {describe(node)}"
            )
            return None
        return self._scalar(tp, node, path, meta)

    def _dataclass(self, cls: type, node: YNode, path: str) -> Any:
        if not isinstance(node, YMap):
            self.problem(
                node.mark,
                f"{_name(path) or 'the file'}: expected a mapping "
                f"(key: value lines), found {describe(node)}",
            )
            return None
        fields, hints = _shape(cls)
        values: dict[str, Any] = {}
        ok = True
        for key, child in node.items.items():
            if key not in fields:
                hint = difflib.get_close_matches(key, list(fields), n=1)
                also = (
                    f"; did you mean {hint[0]!r}?"
                    if hint
                    else f"; known fields: {', '.join(fields)}"
                )
                self.problem(node.key_marks[key], f"unknown field {key!r}{_where(path)}{also}")
                ok = False
                continue
            f = fields[key]
            before = len(self.problems)
            value = self._value(hints[key], child, _join(path, key), f.metadata)
            if len(self.problems) > before:
                ok = False
            values[key] = value
        for name, f in fields.items():
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
            if required and name not in node.items:
                self.problem(node.mark, f"missing required field {name!r}{_where(path)}")
                ok = False
        if not ok:
            return None
        return cls(**values)

    def _list(self, item: Any, node: YNode, path: str, meta: Mapping[str, Any]) -> Any:
        if not isinstance(node, YSeq):
            self.problem(
                node.mark,
                f"{_name(path)}: expected a list (lines starting with '- '), "
                f"found {describe(node)}",
            )
            return None
        before = len(self.problems)
        out = [self._value(item, child, f"{path}[{i}]", meta) for i, child in enumerate(node.items)]
        min_len = meta.get("min_len")
        if min_len is not None and len(out) < min_len:
            self.problem(node.mark, f"{_name(path)}: needs at least {min_len} item(s)")
        return tuple(out) if len(self.problems) == before else None

    def _dict(self, value_type: Any, node: YNode, path: str) -> Any:
        """A mapping of names to values of one type (rule switches, variant names)."""
        if not isinstance(node, YMap):
            self.problem(node.mark, f"{_name(path)}: expected a mapping, found {describe(node)}")
            return None
        before = len(self.problems)
        out: dict[str, Any] = {}
        for key, child in node.items.items():
            out[key] = self._value(value_type, child, _join(path, key), {})
            self.marks[_join(path, key)] = node.key_marks[key]
        return out if len(self.problems) == before else None

    def _scalar(self, tp: Any, node: YScalar, path: str, meta: Mapping[str, Any]) -> Any:
        text = node.text.strip() if not node.quoted else node.text
        convert = _CONVERTERS.get(tp)
        if typing.get_origin(tp) is typing.Literal:
            choices = typing.get_args(tp)
            if text in choices:
                return text
            hint = difflib.get_close_matches(text, [str(c) for c in choices], n=1)
            also = f" (did you mean {hint[0]!r}?)" if hint else ""
            self.problem(
                node.mark,
                f"{_name(path)}: {text!r} is not one of "
                f"{', '.join(repr(c) for c in choices)}{also}",
            )
            return None
        if convert is None:  # pragma: no cover - a model field of an unsupported type
            raise TypeError(f"unsupported field type {tp!r} at {path}")
        try:
            value = convert(text)
        except ValueError as exc:
            self.problem(node.mark, f"{_name(path)}: {exc}")
            return None
        return self._constrain(value, node, path, meta)

    def _constrain(self, value: Any, node: YScalar, path: str, meta: Mapping[str, Any]) -> Any:
        label = _name(path)
        if isinstance(value, str):
            max_len, min_len = meta.get("max_len"), meta.get("min_len")
            if max_len is not None and len(value) > max_len:
                self.problem(node.mark, f"{label}: {len(value)} characters; at most {max_len}")
                return None
            if min_len is not None and len(value.strip()) < min_len:
                self.problem(node.mark, f"{label}: must not be empty")
                return None
            pattern = meta.get("pattern")
            if pattern is not None and not re.fullmatch(pattern, value):
                self.problem(node.mark, f"{label}: {value!r} must match {pattern}")
                return None
            table: CodeTable | None = meta.get("codes")
            if table is not None:
                code = table.find(value)
                if code is None:
                    hint = difflib.get_close_matches(value, table.descriptions(), n=1)
                    also = (
                        f"; did you mean {hint[0]!r}?"
                        if hint
                        else (f"; one of: {', '.join(table.descriptions())}")
                    )
                    self.problem(
                        node.mark, f"{label}: {value!r} is not a CWS/CMS {table.title}{also}"
                    )
                    return None
                return code.short_description
        if isinstance(value, int) and not isinstance(value, bool):
            low, high = meta.get("minimum"), meta.get("maximum")
            if (low is not None and value < low) or (high is not None and value > high):
                self.problem(node.mark, f"{label}: {value} is outside {low} to {high}")
                return None
        return value


@functools.cache
def _shape(cls: type) -> tuple[dict[str, dataclasses.Field[Any]], dict[str, Any]]:
    """A dataclass's fields and resolved type hints (resolving them is slow: cache it)."""
    return {f.name: f for f in dataclasses.fields(cls)}, typing.get_type_hints(cls)


def _shown(text: str) -> str:
    """A value quoted in a message, cut short if long."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _to_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{_shown(text)} is not a real date written YYYY-MM-DD") from None


def _to_time(text: str) -> dt.time:
    match = _TIME.match(text)
    if not match:
        raise ValueError(f'{_shown(text)} is not a time written HH:MM (24-hour), e.g. "14:05"')
    return dt.time(int(match.group(1)), int(match.group(2)))


def _to_int(text: str) -> int:
    digits = len(text.lstrip("+-"))
    if digits > MAX_NUMBER_DIGITS:
        raise ValueError(f"a number of {digits:,} digits; at most {MAX_NUMBER_DIGITS} are read")
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"{_shown(text)} is not a whole number") from None


def _to_bool(text: str) -> bool:
    low = text.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise ValueError(f"{_shown(text)} is not true or false")


_CONVERTERS: dict[Any, Callable[[str], Any]] = {
    str: str,
    int: _to_int,
    bool: _to_bool,
    dt.date: _to_date,
    dt.time: _to_time,
}


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _name(path: str) -> str:
    return path or "the file"


def _where(path: str) -> str:
    return f" in {path}" if path else ""


def _kind(tp: Any, meta: Mapping[str, Any]) -> str:
    names = {
        str: "text",
        int: "a whole number",
        bool: "true or false",
        dt.date: "a date (YYYY-MM-DD)",
        dt.time: "a time (HH:MM)",
    }
    return names.get(tp, "a single value")
