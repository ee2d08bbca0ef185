"""Read a scenario file's YAML as plain located data, refusing anything but data.

PyYAML's parser is a non-recursive event stream; this module composes the events itself
so that it can refuse what a scenario never needs and an attacker would use: tags that
build objects, anchors and aliases (the "billion laughs" bomb), duplicate keys (which
PyYAML would silently resolve to the last), deep nesting, several documents. Every node
keeps its 1-based line and column so that later checks can point at the exact spot.
Scalars keep their raw text: the typed layer decides what ``14:20`` or ``no`` means,
not YAML 1.1's surprising resolver.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from cwstrainer.boundary import (
    MAX_SCENARIO_BYTES,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    Refused,
    decode_utf8,
)
from cwstrainer.errors import Problem, ScenarioInvalid

_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")  # line breaks to YAML, not to editors
# libyaml's parser (bundled in PyYAML's wheels) is about 20 times faster than the pure
# Python one; the library loads at start-up, so it matters.
_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = MAX_YAML_DEPTH  # the limits live in cwstrainer.boundary
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a file."""

    line: int
    column: int


@dataclass
class YScalar:
    """A scalar with its raw text; ``quoted`` when written in quotes or as a block."""

    text: str
    mark: Mark
    quoted: bool

    @property
    def is_null(self) -> bool:
        return not self.quoted and self.text in _NULLS


@dataclass
class YMap:
    """A mapping with string keys in file order; ``key_marks`` locate each key."""

    mark: Mark
    items: dict[str, YNode] = field(default_factory=dict)
    key_marks: dict[str, Mark] = field(default_factory=dict)


@dataclass
class YSeq:
    """A sequence."""

    mark: Mark
    items: list[YNode] = field(default_factory=list)


YNode = YScalar | YMap | YSeq


def describe(node: YNode) -> str:
    """What a node is, in a trainer's words."""
    if isinstance(node, YMap):
        return "a mapping (key: value lines)"
    if isinstance(node, YSeq):
        return "a list"
    return "nothing" if node.is_null else f"the value {node.text!r}"


def _mark(event: yaml.Event) -> Mark:
    m = event.start_mark
    return Mark(m.line + 1, m.column + 1) if m is not None else Mark(1, 1)


def decode(data: bytes, source: str) -> str:
    """UTF-8 text from a file's bytes, or a located problem naming the bad byte."""
    if len(data) > MAX_SCENARIO_BYTES:
        message = (
            f"file is {len(data):,} bytes; a scenario may be at most {MAX_SCENARIO_BYTES:,} bytes"
        )
        raise ScenarioInvalid([Problem(source, 1, 1, message)])
    try:
        text = decode_utf8(data, source)
    except Refused as exc:
        raise ScenarioInvalid([exc.problem()]) from None
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        raise ScenarioInvalid(
            [Problem(source, line, column, "file holds a NUL character: it is not a text file")]
        )
    return text


def parse(text: str, source: str) -> YNode:
    """Compose one YAML document into located nodes, refusing non-data constructs."""
    if len(text) > MAX_SCENARIO_BYTES:  # text typed or pasted, not read from a file
        message = (
            f"the text is {len(text):,} characters; a scenario may be at most "
            f"{MAX_SCENARIO_BYTES:,} bytes"
        )
        raise ScenarioInvalid([Problem(source, 1, 1, message)])
    odd = _YAML_ONLY_BREAKS.search(text)
    if odd:  # YAML breaks lines there, editors do not: every later line number would be off
        at = odd.start()
        line = text.count("\n", 0, at) + 1
        column = at - (text.rfind("\n", 0, at) + 1) + 1
        raise ScenarioInvalid(
            [
                Problem(
                    source,
                    line,
                    column,
                    f"invisible line separator U+{ord(odd.group()):04X}; use an ordinary "
                    "line break or a space",
                )
            ]
        )
    try:
        return _compose(text, source)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "not valid YAML"
        raise ScenarioInvalid([Problem(source, line, column, f"YAML syntax: {what}")]) from None
    except yaml.reader.ReaderError as exc:
        pos = exc.position
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        raise ScenarioInvalid(
            [Problem(source, line, column, f"character {exc.character!r} is not allowed in YAML")]
        ) from None
    except yaml.YAMLError as exc:  # any other parser complaint, unlocated
        raise ScenarioInvalid([Problem(source, 1, 1, f"YAML: {exc}")]) from None


def _refuse(source: str, mark: Mark, message: str) -> ScenarioInvalid:
    return ScenarioInvalid([Problem(source, mark.line, mark.column, message)])


def _compose(text: str, source: str) -> YNode:
    stack: list[YMap | YSeq] = []
    pending_key: list[YScalar | None] = []
    root: YNode | None = None
    documents = 0
    nodes = 0

    def attach(node: YNode) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if isinstance(parent, YSeq):
            parent.items.append(node)
            return
        key = pending_key[-1]
        if key is None:
            if not isinstance(node, YScalar) or node.is_null:
                raise _refuse(source, node.mark, "a key must be a plain name")
            if node.text in parent.items or node.text in parent.key_marks:
                first = parent.key_marks[node.text]
                raise _refuse(
                    source,
                    node.mark,
                    f"key {node.text!r} appears twice in this mapping (first at line {first.line})",
                )
            pending_key[-1] = node
            return
        parent.items[key.text] = node
        parent.key_marks[key.text] = key.mark
        pending_key[-1] = None

    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _refuse(source, _mark(event), "a scenario file holds one YAML document")
            continue
        if isinstance(event, yaml.AliasEvent):
            raise _refuse(source, _mark(event), "aliases (*name) are not allowed in a scenario")
        if isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            raise _refuse(source, _mark(event), "anchors (&name) are not allowed in a scenario")
        if isinstance(event, yaml.CollectionStartEvent | yaml.ScalarEvent):
            tag = event.tag
            if tag is not None and tag != "!":
                raise _refuse(
                    source, _mark(event), f"YAML tags ({tag}) are not allowed: a scenario is data"
                )
        if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
            nodes += 1
            if nodes > MAX_YAML_NODES:
                raise _refuse(
                    source,
                    _mark(event),
                    f"more than {MAX_YAML_NODES:,} values; a scenario needs far fewer",
                )
        if isinstance(event, yaml.ScalarEvent):
            attach(YScalar(event.value, _mark(event), event.style is not None))
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise _refuse(source, _mark(event), f"nested more than {MAX_DEPTH} levels deep")
            node: YMap | YSeq = (
                YMap(_mark(event))
                if isinstance(event, yaml.MappingStartEvent)
                else YSeq(_mark(event))
            )
            attach(node)
            stack.append(node)
            pending_key.append(None)
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
            pending_key.pop()
    if root is None:
        raise ScenarioInvalid([Problem(source, 1, 1, "file is empty: a scenario is expected")])
    return root
