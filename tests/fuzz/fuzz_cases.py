"""The fuzz suite's readers: for each file the trainer reads, hostile inputs and the check.

Each :class:`Reader` has a Hypothesis strategy that makes inputs the way a tester (or an
attacker) would: mutations of a valid file (values replaced, dates that cannot exist or
cannot move written into the texts, variants shifting them, lines moved, characters
inserted, bytes flipped, nesting and numbers far past any limit), and its ``check``,
which reads one input and lets through only the reader's own, located refusal. Anything
else it raises is a crash: the pytest suite (``test_fuzz_readers.py``) fails on it, and
the long run (``python -m tests.fuzz.run``, ``make fuzz``) counts and reports it.
"""

from __future__ import annotations

import io
import json
import shutil
import stat
import tempfile
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from cwstrainer import attempt_file
from cwstrainer.attempt_file import AttemptFileInvalid
from cwstrainer.errors import ScenarioInvalid, TrainerError
from cwstrainer.packs import PackError, import_pack
from cwstrainer.scenario import variants
from cwstrainer.scenario.loader import load_bytes
from tests.scenario_text import EXAMPLE, replace_once

ROOT = Path(__file__).resolve().parents[2]
ATTEMPT_DOC = ROOT / "docs" / "attempt-format.md"

# -- scenario text -------------------------------------------------------------------------

# The worked example with every date written out, and two variants that move them.
PLAIN = replace_once(
    replace_once(EXAMPLE, "since\n  her removal in March", "since\n  her removal on March 7, 2016"),
    "at a mall in\n      September",
    "at a mall\n      last month",
)
SCENARIO = (
    PLAIN
    + """variants:
  - id: B
    names:
      maya: {first_name: Lucia, last_name: Ortega}
      jay: {first_name: Rico, last_name: Unknown}
    shift_days: 7
  - id: C
    names:
      maya: {first_name: Dana, last_name: Kim}
    shift_days: -14
"""
)
SCENARIO_LINES = SCENARIO.splitlines()


def _block_text_lines(lines: list[str]) -> list[int]:
    """The lines inside the block texts (``narrative: |``, ``text: |``): free text."""
    inside, found, indent = False, [], 0
    for i, line in enumerate(lines):
        if inside and line.strip() and len(line) - len(line.lstrip()) > indent:
            found.append(i)
            continue
        inside = line.rstrip().endswith(("|", ">"))
        indent = len(line) - len(line.lstrip())
    return found


_TEXT_LINES = _block_text_lines(SCENARIO_LINES)
_SHIFT_LINES = [i for i, line in enumerate(SCENARIO_LINES) if "shift_days:" in line]
_MONTHS = variants._MONTHS
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

years = st.sampled_from([0, 1, 2, 999, 1000, 1899, 2015, 2016, 2017, 2100, 9998, 9999, 10000]) | (
    st.integers(0, 99_999)
)
months = st.integers(0, 13)
days = st.integers(0, 32)


@st.composite
def calendar_ends(draw: st.DrawFn) -> tuple[int, int, int]:
    """A (year, month, day) a week or two from an end of the calendar."""
    if draw(st.booleans()):
        return 9999, 12, draw(st.integers(15, 31))
    return 1, 1, draw(st.integers(1, 16))


@st.composite
def dates_written(draw: st.DrawFn) -> str:
    """A date as a text may write it, real or not, inside the calendar or at its ends."""
    if draw(st.integers(0, 3)) == 0:
        year, month, day = draw(calendar_ends())
    else:
        year, month, day = draw(years), draw(months), draw(days)
    form = draw(st.sampled_from(["iso", "us", "us1", "long", "longyear", "weekday"]))
    if form == "iso":
        return f"{year:04d}-{month:02d}-{day:02d}"
    if form in ("us", "us1"):
        width = 2 if form == "us" else 1
        return f"{month:0{width}d}/{day:0{width}d}/{year:04d}"
    name = _MONTHS[(month - 1) % 12]
    if form == "long":
        return f"{name} {day}"
    if form == "longyear":
        return f"{name} {day}, {year}"
    return f"{draw(st.sampled_from(_WEEKDAYS))}, {name} {day}, {year}"


yaml_bits = st.sampled_from(
    [
        "",
        "~",
        "null",
        "yes",
        "no",
        "14:20",
        "2016-02-30",
        "-1",
        "1e400",
        "[",
        "]",
        "{",
        "}",
        "&a",
        "*a",
        "!!str",
        "!!python/name:os.system",
        "!!python/object/apply:os.system ['x']",
        "? x",
        "- x",
        ": x",
        "'",
        '"',
        "|",
        ">",
        "\t",
        "  ",
        "#",
        "%YAML 1.1",
        "---",
        "...",
        "@",
        "`",
        "2016-10-10",
        "maya",
        "R1",
        "true",
        "9" * 40,
        "9" * 5000,
        "0001-01-01",
        "9999-12-31",
        "9999-12-25",
        "0001-01-07",
        "February",
        "March 7",
        "364",
        "-364",
        "7",
    ]
)
names = st.sampled_from(["February", "May", "March", "Monday", "Maya", "Reyes", "Jay", "X"]) | (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)
)


@st.composite
def scenario_texts(draw: st.DrawFn) -> str:
    """The worked example with variants, bent in one to four ways."""
    lines = list(SCENARIO_LINES)
    for _ in range(draw(st.integers(1, 3))):
        op = draw(
            st.sampled_from(
                ["date"] * 4 + ["shift"] * 2 + ["field"] * 2 + ["names", "value", "move", "chars"]
            )
        )
        if op == "value":
            i = draw(st.integers(0, len(lines) - 1))
            key, sep, _ = lines[i].partition(":")
            bits = draw(st.lists(yaml_bits | dates_written(), min_size=1, max_size=3))
            lines[i] = (key + sep + " " if sep else "") + " ".join(bits)
        elif op == "date" and _TEXT_LINES:
            i = draw(st.sampled_from(_TEXT_LINES))
            if i < len(lines):
                at = draw(st.integers(0, len(lines[i])))
                lines[i] = lines[i][:at] + " " + draw(dates_written()) + " " + lines[i][at:]
        elif op == "shift":
            i = draw(st.sampled_from(_SHIFT_LINES))
            if i < len(lines):
                value = draw(
                    st.sampled_from([0, 7, -7, 14, -14, 364, -364, 357, -357, 10])
                    | st.integers(-400, 400)
                )
                lines[i] = f"    shift_days: {value}"
        elif op == "names":
            first, last = draw(names), draw(names)
            lines.append(f"  - id: N{len(lines)}")
            lines.append("    names:")
            lines.append(
                f"      maya: {{first_name: {json.dumps(first)}, last_name: {json.dumps(last)}}}"
            )
            lines.append(f"    shift_days: {draw(st.sampled_from([7, -7, 0, 14]))}")
        elif op == "field":
            key = draw(
                st.sampled_from(["today", "birth_date", "received", "opened", "became_victim"])
            )
            y, m, d = draw(calendar_ends())
            value = draw(dates_written() | st.just(f"{y:04d}-{m:02d}-{d:02d}"))
            lines = [
                f"{line.partition(':')[0]}: {value}" if line.strip().startswith(f"{key}:") else line
                for line in lines
            ]
        elif op == "move":
            source = draw(st.integers(0, len(lines) - 1))
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(source))
        else:
            text = "\n".join(lines)
            at = draw(st.integers(0, len(text)))
            gone = draw(st.integers(0, 40))
            new = draw(st.text(max_size=12) | dates_written() | yaml_bits)
            lines = (text[:at] + new + text[at + gone :]).split("\n")
    return "\n".join(lines) + "\n"


@st.composite
def scenario_bytes(draw: st.DrawFn) -> bytes:
    """A scenario file's bytes: a bent text, sometimes with bytes flipped or cut."""
    data = draw(scenario_texts()).encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 9)) == 0:
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, max(len(data) - 1, 0)))
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    if draw(st.integers(0, 19)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return data


def check_scenario(data: bytes, ws: Workspace) -> None:
    """A scenario loads and every variant applies, or every problem is located in it."""
    try:
        loaded = load_bytes(data, "fuzz.yaml")
    except ScenarioInvalid as exc:
        assert_located_scenario(exc, "fuzz.yaml", data)
        return
    for variant in variants.variant_ids(loaded.scenario):
        variants.apply(loaded.scenario, variant)


def assert_located_scenario(exc: ScenarioInvalid, source: str, data: bytes) -> None:
    assert exc.problems, "an invalid file must name at least one problem"
    last_line = data.count(b"\n") + data.count(b"\r") + 2
    for p in exc.problems:
        assert p.source == source, p
        assert 1 <= p.line <= last_line and p.column >= 1, p
        assert p.message and "Traceback" not in p.message, p


# -- attempt files ------------------------------------------------------------------------------


def attempt_text() -> str:
    return ATTEMPT_DOC.read_text(encoding="utf-8").split("```json\n")[1].split("```")[0]


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(-(10**40), 10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["2016-10-10", "2016-02-30", "10:00", "25:00", "referral", "S-CSEC Referral"])
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*path, i))


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: _replace(value[head], rest, new)}
    copy = list(value)
    copy[head] = _replace(copy[head], rest, new)
    return copy


@st.composite
def json_mutations(draw: st.DrawFn, base: str, focus: tuple[str, ...] = ()) -> str:
    """JSON text: ``base`` with values replaced, or bent as text (nesting, long numbers).

    Half the values replaced are the direct fields of the objects named in ``focus``.
    """
    data = json.loads(base)
    all_paths = list(_paths(data))
    focused = [p for p in all_paths if len(p) == 2 and p[0] in focus] or all_paths
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(focused if draw(st.booleans()) else all_paths))
        with suppress(KeyError, IndexError, TypeError):
            data = _replace(data, path, draw(json_values))
    text = json.dumps(data, indent=draw(st.sampled_from([None, 2])))
    for _ in range(draw(st.integers(0, 2))):
        op = draw(st.sampled_from(["nest", "digits", "cut", "insert", "brackets"]))
        at = draw(st.integers(0, len(text)))
        if op == "nest":
            depth = draw(st.sampled_from([63, 64, 65, 1000, 100_000]) | st.integers(1, 200))
            opener = draw(st.sampled_from(["[", '{"a":', '{"a": [']))
            closer = {"[": "]", '{"a":': "}", '{"a": [': "]}"}[opener]
            text = text[:at] + opener * depth + "1" + closer * depth + text[at:]
        elif op == "digits":
            count = draw(st.sampled_from([29, 30, 31, 4300, 4301, 5000]) | st.integers(1, 60))
            text = text[:at] + draw(st.sampled_from(["", "-"])) + "7" * count + text[at:]
        elif op == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 50)) :]
        elif op == "brackets":
            text = (
                text[:at]
                + draw(st.sampled_from(["[", "{", "]", "}", '"', "\\"])) * draw(st.integers(1, 70))
                + text[at:]
            )
        else:
            text = text[:at] + draw(st.text(max_size=10)) + text[at:]
    return text


@st.composite
def attempt_bytes(draw: st.DrawFn) -> bytes:
    """An attempt file's bytes."""
    text = draw(json_mutations(attempt_text()) | st.text(max_size=200))
    data = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(0, 19)) == 0:
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
    return data


def check_attempt(data: bytes, ws: Workspace) -> None:
    """An attempt file reads, or every problem is named by JSON path."""
    path = ws.root / "attempt.json"
    path.write_bytes(data)
    for read in (lambda: attempt_file.read(path), lambda: attempt_file.loads(_text(data), "a")):
        try:
            read()
        except AttemptFileInvalid as exc:
            assert exc.problems
            for problem in exc.problems:
                assert problem.startswith(("$", "cannot read the file: ")), problem
                assert "Traceback" not in problem


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


# -- packs ------------------------------------------------------------------------------------

_TAGGED = EXAMPLE.replace("county: Training County", "county: !!python/name:os.system")
_OVERFLOW = SCENARIO.replace("Hotline call, 10/10/2016", "Hotline call, 12/31/9999")
member_names = st.sampled_from(
    [
        "scenarios/a.yaml",
        "scenarios/a.yaml",
        "scenarios/A.yaml",
        "scenarios/b.yml",
        "pack.json",
        "scenarios/",
        "scenarios/sub/x.yaml",
        "../x.yaml",
        "/abs.yaml",
        "C:/x.yaml",
        "scenarios\\x.yaml",
        "x.txt",
        "scenarios/.yaml",
        "scenarios/a.yaml/",
        "scenarios/" + "a" * 300 + ".yaml",
        "scenarios/a\x01.yaml",
    ]
) | st.text(max_size=20)
member_data = st.sampled_from(
    [
        EXAMPLE.encode(),
        EXAMPLE.replace("in-care-victim-2016", "other-2016").encode(),
        _TAGGED.encode(),
        _OVERFLOW.encode(),
        SCENARIO.encode(),
        b"",
        b"{}",
        b"\xff\xfe\x00",
    ]
) | st.binary(max_size=64)


@dataclass(frozen=True)
class PackCase:
    """A zip file to import: its members, then damage done to its bytes."""

    members: tuple[tuple[str, bytes, int, bool], ...]  # name, data, compression, a link
    flips: tuple[tuple[float, int], ...] = ()  # (where, 0..1, new byte)
    cut: float | None = None  # keep this share of the bytes

    def build(self) -> bytes:
        buf = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns of a repeated name: wanted here
            with zipfile.ZipFile(buf, "w") as zf:
                for name, data, compression, link in self.members:
                    info = zipfile.ZipInfo(name)
                    info.compress_type = compression
                    if link:
                        info.external_attr = (stat.S_IFLNK | 0o777) << 16
                    zf.writestr(info, data)
        raw = bytearray(buf.getvalue())
        for where, byte in self.flips:
            if raw:
                raw[min(int(where * len(raw)), len(raw) - 1)] = byte
        if self.cut is not None:
            raw = raw[: int(self.cut * len(raw))]
        return bytes(raw)


@st.composite
def pack_cases(draw: st.DrawFn) -> PackCase:
    members = draw(
        st.lists(
            st.tuples(
                member_names,
                member_data | scenario_bytes(),
                st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]),
                st.sampled_from([False, False, False, True]),  # now and then a link
            ),
            max_size=4,
        )
    )
    flips = draw(
        st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=4)
        if draw(st.integers(0, 2)) == 0
        else st.just([])
    )
    cut = draw(st.floats(0, 1)) if draw(st.integers(0, 9)) == 0 else None
    return PackCase(tuple(members), tuple(flips), cut)


def check_pack(case: PackCase, ws: Workspace) -> None:
    """A pack imports, or is refused with every problem located in the pack."""
    pack = ws.root / "fuzz.cwspack"
    pack.write_bytes(case.build())
    library = ws.fresh("library")
    try:
        import_pack(pack, library)
    except PackError as exc:
        assert exc.problems
        for p in exc.problems:
            assert p.source == str(pack) or p.source.startswith(f"{pack}!"), p
            assert p.line >= 1 and p.column >= 1 and p.message, p
        assert not library.exists() or not any(library.iterdir()), "refused, yet written"


# -- results files (through cwstrainer.station.import_results only) ---------------------------


@dataclass
class Station:
    store: Any
    scenarios: Any
    line: str


def _station(ws: Workspace) -> Station:
    """A laptop's results line for the worked example, and a station to import it into."""
    from cwstrainer.regrade import StationScenarios
    from cwstrainer.station import export_results
    from cwstrainer.store.store import Store
    from tests.scenario_text import submit_example

    laptop = Store.open(ws.root / "laptop")
    submit_example(laptop, "Pat Lee")
    export_results(laptop, ws.root / "laptop.jsonl")
    laptop.close()
    line = (ws.root / "laptop.jsonl").read_text(encoding="utf-8").splitlines()[0]
    station = Store.open(ws.root / "station")
    ws.closers.append(station.close)
    return Station(station, StationScenarios.load(ws.root / "station"), line)


@st.composite
def results_bytes(draw: st.DrawFn, line: str) -> bytes:
    lines = draw(
        st.lists(json_mutations(line, ("attempt", "report", "trainee")), min_size=1, max_size=3)
    )
    return ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def check_results(data: bytes, ws: Workspace) -> None:
    """A results file imports, or is refused with a message (a TrainerError)."""
    from cwstrainer.station import import_results

    station = ws.station()
    path = ws.root / "fuzz.jsonl"
    path.write_bytes(data)
    try:
        import_results(station.store, path, station.scenarios)
    except TrainerError as exc:
        assert str(exc) and "Traceback" not in str(exc)


# -- the readers ----------------------------------------------------------------------------


@dataclass
class Workspace:
    """A folder for the files the readers are given, and a station made when first needed."""

    root: Path
    closers: list[Callable[[], None]] = field(default_factory=list)
    _station: Station | None = None
    _count: int = 0

    def fresh(self, name: str) -> Path:
        """A path not yet used; the previous one of that name is removed."""
        previous = self.root / f"{name}-{self._count}"
        shutil.rmtree(previous, ignore_errors=True)
        self._count += 1
        return self.root / f"{name}-{self._count}"

    def station(self) -> Station:
        if self._station is None:
            self._station = _station(self)
        return self._station


@contextmanager
def workspace() -> Iterator[Workspace]:
    folder = Path(tempfile.mkdtemp(prefix="cwstrainer-fuzz-"))
    ws = Workspace(folder)
    try:
        yield ws
    finally:
        for close in ws.closers:
            close()
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True)
class Reader:
    name: str
    what: str
    strategy: Callable[[Workspace], st.SearchStrategy[Any]]
    check: Callable[[Any, Workspace], None]
    base: Callable[[Workspace], bytes] | None = None  # what the inputs are mutations of


READERS: dict[str, Reader] = {
    r.name: r
    for r in (
        Reader(
            "scenario", "scenario YAML with variants", lambda ws: scenario_bytes(), check_scenario
        ),
        Reader("attempt", "attempt JSON", lambda ws: attempt_bytes(), check_attempt),
        Reader("pack", "scenario pack (zip)", lambda ws: pack_cases(), check_pack),
        Reader(
            "results",
            "results JSON lines (cwstrainer.station.import_results)",
            lambda ws: results_bytes(ws.station().line),
            check_results,
            lambda ws: ws.station().line.encode() + b"\n",
        ),
    )
}
