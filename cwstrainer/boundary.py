"""One boundary for every file the trainer reads: what it accepts, and its limits.

Scenario files, attempt files, packs, results files and the library index all come in
here before they are parsed. The checks are the same for each:

* **regular files only**: a named pipe (FIFO), a device, a socket or a folder is
  refused at once, from its ``stat``, and is never opened in a way that blocks (the
  file is opened with ``O_NONBLOCK`` and checked again on the open descriptor, so a
  file swapped for a pipe in between is refused too);
* **sizes**: never more than the limit is read, however large the file says it is;
* **structure**, before or while parsing: JSON nested too deep, with too many values or
  with a number of too many digits is refused before :func:`json.loads` could recurse
  or build a huge integer; YAML's depth and node count are checked event by event
  (:mod:`cwstrainer.scenario.yamlsource`); a zip archive's member count, member sizes,
  total size, compression ratio, duplicate or unsafe names and corrupt members
  (:func:`read_archive`);
* **located problems**: every refusal is a :class:`Refused` naming the file and, where
  there is one, the line and column, the JSON path or the archive member. No exception
  type reaches a person.

Every limit is a constant of this module, so that the README lists them from one place.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from cwstrainer.errors import Problem, TrainerError

KIB = 1024
MIB = 1024 * KIB

# -- the limits ---------------------------------------------------------------------------

MAX_SCENARIO_BYTES = 1 * MIB
"""A scenario file (YAML), on disk or in a pack."""
MAX_YAML_DEPTH = 24
"""Nesting of lists and mappings in a scenario."""
MAX_YAML_NODES = 20_000
"""Values (scalars, lists, mappings) in one scenario; the largest bundled one has 373."""
MAX_NUMBER_DIGITS = 30
"""Digits in one number, in any JSON file or scenario field."""

MAX_ATTEMPT_BYTES = 4 * MIB
"""An attempt file (JSON)."""
MAX_RESULTS_BYTES = 64 * MIB
"""A results file (JSON lines) from a laptop."""
MAX_RESULTS_LINE_BYTES = 4 * MIB
"""One line of a results file."""
MAX_INDEX_BYTES = 16 * MIB
"""The library index (``cache/library-index.json``), a shortcut only."""
MAX_DOC_BYTES = 4 * MIB
"""A Markdown document the trainer rewrites (``cwstrainer codes --update-doc``)."""
MAX_JSON_DEPTH = 64
"""Nesting of arrays and objects in any JSON file."""
MAX_JSON_VALUES = 200_000
"""Values (counted by their separators and brackets) in one JSON document."""

MAX_PACK_BYTES = 20 * MIB
"""A scenario pack (zip) file."""
MAX_PACK_MEMBERS = 200
"""Members of a pack, folders and manifest included."""
MAX_PACK_MEMBER_BYTES = MAX_SCENARIO_BYTES
"""One member of a pack, uncompressed."""
MAX_PACK_TOTAL_BYTES = 16 * MIB
"""All members of a pack together, uncompressed."""
MAX_PACK_RATIO = 100
"""How many times a member may expand when uncompressed (a zip bomb expands more)."""
MAX_MEMBER_NAME = 255
"""Characters in a member's name."""

LIMITS: dict[str, tuple[int, str]] = {
    "MAX_SCENARIO_BYTES": (MAX_SCENARIO_BYTES, "bytes in a scenario file"),
    "MAX_YAML_DEPTH": (MAX_YAML_DEPTH, "levels of nesting in a scenario"),
    "MAX_YAML_NODES": (MAX_YAML_NODES, "values in a scenario"),
    "MAX_NUMBER_DIGITS": (MAX_NUMBER_DIGITS, "digits in a number"),
    "MAX_ATTEMPT_BYTES": (MAX_ATTEMPT_BYTES, "bytes in an attempt file"),
    "MAX_RESULTS_BYTES": (MAX_RESULTS_BYTES, "bytes in a results file"),
    "MAX_RESULTS_LINE_BYTES": (MAX_RESULTS_LINE_BYTES, "bytes in one results line"),
    "MAX_INDEX_BYTES": (MAX_INDEX_BYTES, "bytes in the library index"),
    "MAX_DOC_BYTES": (MAX_DOC_BYTES, "bytes in a document codes --update-doc rewrites"),
    "MAX_JSON_DEPTH": (MAX_JSON_DEPTH, "levels of nesting in JSON"),
    "MAX_JSON_VALUES": (MAX_JSON_VALUES, "values in one JSON document"),
    "MAX_PACK_BYTES": (MAX_PACK_BYTES, "bytes in a pack file"),
    "MAX_PACK_MEMBERS": (MAX_PACK_MEMBERS, "members in a pack"),
    "MAX_PACK_MEMBER_BYTES": (MAX_PACK_MEMBER_BYTES, "bytes in one pack member, uncompressed"),
    "MAX_PACK_TOTAL_BYTES": (MAX_PACK_TOTAL_BYTES, "bytes in all pack members, uncompressed"),
    "MAX_PACK_RATIO": (MAX_PACK_RATIO, "times a pack member may expand"),
    "MAX_MEMBER_NAME": (MAX_MEMBER_NAME, "characters in a pack member's name"),
}
"""Every limit with what it counts: the README's table is made from this."""


class Refused(TrainerError):
    """A file refused at the boundary: which file, where in it (if anywhere), and why."""

    def __init__(self, source: str, message: str, line: int = 1, column: int = 1) -> None:
        self.source = source
        self.message = message
        self.line = line
        self.column = column
        super().__init__(f"{source}:{line}:{column}: {message}")

    def problem(self) -> Problem:
        """The refusal as a located :class:`~cwstrainer.errors.Problem`."""
        return Problem(self.source, self.line, self.column, self.message)


# -- regular files, read within a limit ------------------------------------------------------

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_regular(mode: int) -> str | None:
    """What a file of this mode is, if not a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def _size_message(size: int, limit: int, what: str) -> str:
    return f"file is {size:,} bytes; {what} may be at most {limit:,} bytes"


def open_regular(path: Path | str) -> io.BufferedReader:
    """An open binary file, if ``path`` names a regular file; :class:`Refused` if not.

    The kind is checked from ``stat`` before anything is opened (opening a device can
    have effects), then again on the descriptor, which is opened ``O_NONBLOCK`` so that
    a file replaced by a pipe in between can never block.
    """
    source = str(path)
    try:
        kind = _not_regular(os.stat(path).st_mode)
        if kind is not None:
            raise Refused(source, f"this is {kind}, not a file; only regular files are read")
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise Refused(source, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        kind = _not_regular(os.fstat(fd).st_mode)
        if kind is not None:
            raise Refused(source, f"this is {kind}, not a file; only regular files are read")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_bytes(path: Path | str, limit: int, what: str = "the file") -> bytes:
    """A regular file's bytes, never more than ``limit`` read; :class:`Refused` if not.

    ``what`` names the kind of file in the message ("a scenario").
    """
    source = str(path)
    with open_regular(path) as fh:
        try:
            data = fh.read(limit + 1)
            if len(data) > limit:
                size = max(os.fstat(fh.fileno()).st_size, len(data))
                raise Refused(source, _size_message(size, limit, what))
        except OSError as exc:
            raise Refused(source, f"cannot read the file: {exc.strerror or exc}") from None
    return data


def decode_utf8(data: bytes, source: str) -> str:
    """UTF-8 text (a byte-order mark is dropped); :class:`Refused` at the bad byte."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Refused(source, "file is UTF-16 text; save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, column = _position(data, exc.start, b"\n")
        raise Refused(
            source,
            f"byte 0x{data[exc.start]:02x} is not UTF-8 text; save the file as UTF-8",
            line,
            column,
        ) from None


def read_text(path: Path | str, limit: int, what: str = "the file") -> str:
    """A regular file's UTF-8 text, within ``limit`` bytes; :class:`Refused` if not."""
    return decode_utf8(read_bytes(path, limit, what), str(path))


def _position(text: str | bytes, offset: int, newline: str | bytes) -> tuple[int, int]:
    """1-based (line, column) of ``offset``."""
    if isinstance(text, bytes):
        assert isinstance(newline, bytes)
        return text.count(newline, 0, offset) + 1, offset - (text.rfind(newline, 0, offset) + 1) + 1
    assert isinstance(newline, str)
    return text.count(newline, 0, offset) + 1, offset - (text.rfind(newline, 0, offset) + 1) + 1


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset in ``text``."""
    return _position(text, offset, "\n")


# -- JSON ------------------------------------------------------------------------------------

_JSON_TOKEN = (  # compiled when first used: the library's start-up reads no JSON file
    # a string (skipped whole), a bracket, a separator, a long run of digits, or a lone
    # quote (an unterminated string: json.loads says where)
    r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{},]|\d{' + str(MAX_NUMBER_DIGITS + 1) + r',}|"'
)


def check_json(
    text: str,
    source: str,
    *,
    max_depth: int = MAX_JSON_DEPTH,
    max_values: int = MAX_JSON_VALUES,
) -> None:
    """Refuse JSON text nested deeper than ``max_depth``, with more than ``max_values``
    values, or with a number of more than :data:`MAX_NUMBER_DIGITS` digits, before any
    parser sees it. :class:`Refused` says where (line and column)."""
    depth = 0
    values = 1
    for match in re.finditer(_JSON_TOKEN, text, re.S):
        token = match.group()
        first = token[0]
        if first == '"':
            if len(token) == 1:
                return  # an unterminated string: the parser locates it
            continue
        if first in "[{":
            depth += 1
            values += 1
            if depth > max_depth:
                line, column = position(text, match.start())
                raise Refused(source, f"nested more than {max_depth} levels deep", line, column)
        elif first in "]}":
            depth -= 1
        elif first == ",":
            values += 1
        else:
            line, column = position(text, match.start())
            raise Refused(
                source,
                f"a number of {len(token):,} digits; at most {MAX_NUMBER_DIGITS} are read",
                line,
                column,
            )
        if values > max_values:
            line, column = position(text, match.start())
            raise Refused(source, f"more than {max_values:,} values", line, column)


class _BadNumber(ValueError):
    pass


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:  # check_json refuses these first
        raise _BadNumber(f"a number of {len(text):,} digits; at most {MAX_NUMBER_DIGITS}")
    return int(text)


def _parse_constant(text: str) -> float:
    raise _BadNumber(f"{text} is not a JSON number")


def parse_json(
    text: str,
    source: str,
    *,
    max_depth: int = MAX_JSON_DEPTH,
    max_values: int = MAX_JSON_VALUES,
) -> object:
    """JSON text as Python values, within the limits; :class:`Refused` (located) if not.

    NaN and Infinity, which Python's parser accepts and JSON does not, are refused.
    """
    check_json(text, source, max_depth=max_depth, max_values=max_values)
    try:
        return json.loads(text, parse_int=_parse_int, parse_constant=_parse_constant)
    except json.JSONDecodeError as exc:
        raise Refused(source, f"not JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except _BadNumber as exc:
        raise Refused(source, str(exc)) from None
    except RecursionError:  # pragma: no cover - check_json refuses such depth first
        raise Refused(source, f"nested more than {max_depth} levels deep") from None


def read_json(path: Path | str, limit: int, what: str = "the file") -> object:
    """A regular file's JSON, within ``limit`` bytes and the JSON limits."""
    source = str(path)
    return parse_json(read_text(path, limit, what), source)


# -- zip archives ----------------------------------------------------------------------------

_STORED, _DEFLATED = 0, 8  # zipfile's ZIP_STORED and ZIP_DEFLATED


def _unsafe_name(name: str) -> str | None:
    """Why a member name is unsafe to write anywhere, if it is."""
    path = PurePosixPath(name)
    if not name or len(name) > MAX_MEMBER_NAME:
        return f"has a name of {len(name)} characters (1 to {MAX_MEMBER_NAME})"
    if any(ord(c) < 32 or c == "\x7f" for c in name):
        return "has a control character in its name"
    if "\\" in name or ":" in name or name.startswith("/") or path.is_absolute():
        return "points outside the pack"
    if ".." in path.parts:
        return "points outside the pack"
    return None


def _declared_members(raw: bytes) -> int | None:
    """The member count the end of a zip says it has, read before anything is parsed
    (None if it cannot be found, or is a ZIP64 archive's: the parser then counts)."""
    end = raw.rfind(b"PK\x05\x06", max(0, len(raw) - 22 - 0xFFFF))
    if end < 0 or end + 22 > len(raw):
        return None
    count = int.from_bytes(raw[end + 10 : end + 12], "little")
    return None if count == 0xFFFF else count


def read_archive(
    path: Path | str,
    accept: Callable[[str], str | None],
    *,
    max_bytes: int = MAX_PACK_BYTES,
    max_members: int = MAX_PACK_MEMBERS,
    max_member_bytes: int = MAX_PACK_MEMBER_BYTES,
    max_total_bytes: int = MAX_PACK_TOTAL_BYTES,
    max_ratio: int = MAX_PACK_RATIO,
) -> dict[str, bytes]:
    """Every file member of a zip archive, by name, read within the limits.

    ``accept(name)`` says why a (safe) member name does not belong in the archive, or
    None. The archive is refused whole (:class:`Refused`, naming the member as
    ``ARCHIVE!MEMBER``) if anything is wrong with any member: a link, an unsafe, unwanted
    or repeated name (two members of one name, even differing in case, are refused, since
    a reader could take either), a size or ratio over the limits, an unknown compression,
    a corrupt member. Directory entries are skipped.
    """
    import zipfile  # here: the library's start-up reads no archive

    source = str(path)

    def refuse(message: str, member: str | None = None) -> Refused:
        return Refused(f"{source}!{member}" if member is not None else source, message)

    with open_regular(path) as fh:
        try:
            size = os.fstat(fh.fileno()).st_size
            if size > max_bytes:
                raise refuse(_size_message(size, max_bytes, "a pack"))
            raw = fh.read(max_bytes + 1)
        except OSError as exc:
            raise refuse(f"cannot read the file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise refuse(_size_message(len(raw), max_bytes, "a pack"))
    declared = _declared_members(raw)
    if declared is not None and declared > max_members:
        raise refuse(f"the pack has {declared:,} members; at most {max_members:,}")
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError):
        raise refuse("not a scenario pack (not a zip file, or a damaged one)") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > max_members:
            raise refuse(f"the pack has {len(infos):,} members; at most {max_members:,}")
        seen: dict[str, str] = {}
        total = 0
        for info in infos:
            name = info.filename
            why = _unsafe_name(name)
            if why is not None:
                raise refuse(f"member {name!r} {why}", name)
            folded = name.rstrip("/").casefold()
            if folded in seen:
                raise refuse(
                    f"member {name!r} is in the pack twice (also as {seen[folded]!r}); "
                    "a reader could take either, so the pack is refused",
                    name,
                )
            seen[folded] = name
            if stat.S_ISLNK(info.external_attr >> 16):
                raise refuse(f"member {name!r} is a link; packs hold plain files only", name)
            if info.is_dir():
                continue
            unwanted = accept(name)
            if unwanted is not None:
                raise refuse(f"member {name!r} {unwanted}", name)
            if info.flag_bits & 0x1:
                raise refuse(f"member {name!r} is encrypted; packs are not", name)
            if info.compress_type not in (_STORED, _DEFLATED):
                raise refuse(
                    f"member {name!r} uses compression method {info.compress_type}; "
                    "packs use deflate or none",
                    name,
                )
            if info.file_size > max_member_bytes:
                raise refuse(
                    f"member {name!r} is {info.file_size:,} bytes; at most {max_member_bytes:,}",
                    name,
                )
            total += info.file_size
            if total > max_total_bytes:
                raise refuse(
                    f"the pack's members come to more than {max_total_bytes:,} bytes "
                    "uncompressed; split it into smaller packs",
                    name,
                )
            if info.file_size > max_ratio * max(info.compress_size, 1) and info.file_size > KIB:
                raise refuse(
                    f"member {name!r} expands {info.file_size // max(info.compress_size, 1):,}"
                    " times: refused as a zip bomb",
                    name,
                )
        out: dict[str, bytes] = {}
        for info in infos:
            if info.is_dir():
                continue
            name = info.filename
            try:
                with zf.open(info) as member:
                    data = member.read(max_member_bytes + 1)
            except (
                zipfile.BadZipFile,
                zlib.error,
                OSError,
                EOFError,
                ValueError,
                NotImplementedError,
                RuntimeError,
            ) as exc:
                raise refuse(
                    f"member {name!r} is damaged and cannot be read ({exc})", name
                ) from None
            if len(data) > max_member_bytes or len(data) != info.file_size:
                raise refuse(f"member {name!r} is not the size the pack says it is", name)
            out[name] = data
        return out


def limits_markdown() -> str:
    """The limits as the README's table (a test keeps the README equal to it)."""

    def shown(n: int, what: str) -> str:
        if what.startswith("bytes"):
            for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
                if n >= size and n % size == 0:
                    return f"{n // size} {unit}"
        return f"{n:,}"

    rows = [f"| {what} | {shown(n, what)} |" for n, what in LIMITS.values()]
    return "\n".join(["| what | at most |", "| --- | ---: |", *rows])
