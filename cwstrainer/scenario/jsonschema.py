"""Publish the scenario format as JSON Schema, generated from the model's dataclasses.

The schema lets a trainer's editor (VS Code's YAML extension, for one) check a file as
it is typed. It is generated from the same type hints and field metadata the loader
checks, and a test keeps ``docs/scenario.schema.json`` equal to what this produces.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import types
import typing
from collections.abc import Mapping
from typing import Any

from cwstrainer.scenario.model import Scenario

SCHEMA_ID = "https://cwstrainer.example/scenario.schema.json"


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file."""
    defs: dict[str, Any] = {}
    root = _object(Scenario, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "CWS/CMS CSEC Documentation Trainer scenario",
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def schema_text() -> str:
    """The schema as the text kept in ``docs/scenario.schema.json``."""
    return json.dumps(scenario_schema(), indent=2, ensure_ascii=False) + "\n"


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for f in dataclasses.fields(cls):
        properties[f.name] = _property(hints[f.name], f.metadata, defs)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            required.append(f.name)
    out: dict[str, Any] = {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        out["required"] = required
    return out


def _property(tp: Any, meta: Mapping[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    schema = _type(tp, meta, defs)
    if meta.get("doc"):
        schema = {"description": meta["doc"], **schema}
    if meta.get("example") is not None:
        schema["examples"] = [meta["example"]]
    return schema


def _type(tp: Any, meta: Mapping[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return {"anyOf": [_type(inner[0], meta, defs), {"type": "null"}]}
    if dataclasses.is_dataclass(tp):
        name = tp.__name__  # type: ignore[union-attr]
        if name not in defs:
            defs[name] = {}
            defs[name] = _object(typing.cast(type, tp), defs)
        return {"$ref": f"#/$defs/{name}"}
    if origin in (list, tuple):
        out: dict[str, Any] = {"type": "array", "items": _type(args[0], meta, defs)}
        if meta.get("min_len"):
            out["minItems"] = meta["min_len"]
        return out
    if origin is dict:
        return {"type": "object", "additionalProperties": _type(args[1], {}, defs)}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        out = {"type": "integer"}
        if meta.get("minimum") is not None:
            out["minimum"] = meta["minimum"]
        if meta.get("maximum") is not None:
            out["maximum"] = meta["maximum"]
        return out
    if tp is dt.date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if tp is dt.time:
        return {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"}
    out = {"type": "string"}
    if meta.get("codes") is not None:
        out["enum"] = list(meta["codes"].descriptions())
    if meta.get("max_len") is not None:
        out["maxLength"] = meta["max_len"]
    if meta.get("min_len"):
        out["minLength"] = meta["min_len"]
    if meta.get("pattern"):
        out["pattern"] = f"^{meta['pattern']}$"
    return out
