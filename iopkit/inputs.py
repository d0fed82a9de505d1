"""Reading files people write by hand, safely, and explaining what is wrong with them.

Every problem is a :class:`Problem` naming the file, line and column, the field path
(``sessions[3].start``), the bad value, what is allowed and, for misspelt names, a suggestion.
Nothing here prints; callers format problems with :meth:`Problem.format`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, NoReturn

from iopkit.errors import IopkitError

MAX_FILE_BYTES = 512 * 1024
"""Hand-written case and schedule files are a few kilobytes; anything this big is a mistake."""

PathKey = tuple[str | int, ...]


class ProblemSeverity(str, Enum):
    """How much an input problem matters: an error stops the file, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, written for the person who has to fix it."""

    message: str
    file: str = ""
    path: str = ""
    line: int | None = None
    column: int | None = None
    value: str | None = None
    allowed: str | None = None
    suggestion: str | None = None
    severity: ProblemSeverity = ProblemSeverity.ERROR
    code: str = "invalid"

    def where(self) -> str:
        parts = [printable(self.file) if self.file else "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        text = f"{self.where()}: {self.severity.value}: "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        if self.value is not None:
            text += f" (got {self.value})"
        if self.allowed:
            text += f". Allowed: {self.allowed}"
        if self.suggestion:
            text += f". Did you mean '{self.suggestion}'?"
        return printable(text)

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "value": self.value,
            "allowed": self.allowed,
            "suggestion": self.suggestion,
        }


class InputError(IopkitError, ValueError):
    """Raised with every problem found in an input, not just the first."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)
"""Characters that must never reach a terminal or a page raw: control codes (escape
sequences can retitle or recolour a terminal), line separators and bidirectional overrides."""

_CHARACTER_NAMES = {
    0: "a NUL byte (U+0000)",
    9: "a tab (U+0009)",
    10: "a line break",
    13: "a carriage return (U+000D)",
    27: "an escape character (U+001B)",
    0xFEFF: "a byte-order mark (U+FEFF)",
}


def describe_character(char: str) -> str:
    """How a problem names a character a person cannot see.

    >>> describe_character("\\x00"), describe_character("\\x07")
    ('a NUL byte (U+0000)', 'a control character (U+0007)')
    """
    code = ord(char)
    if code in _CHARACTER_NAMES:
        return _CHARACTER_NAMES[code]
    return f"a control character (U+{code:04X})"


def printable(text: str) -> str:
    """``text`` with control and bidirectional-override characters written as escapes.

    >>> printable("ok\\x1b]0;owned\\x07 and a\\ttab")
    'ok\\\\x1b]0;owned\\\\x07 and a\\\\ttab'
    """

    def escape(match: re.Match[str]) -> str:
        char = match.group(0)
        named = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}.get(char)
        if named:
            return named
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _INVISIBLE.sub(escape, str(text))


def format_path(path: Iterable[str | int]) -> str:
    """``('sessions', 3, 'start')`` -> ``'sessions[3].start'``.

    >>> format_path(("sessions", 3, "start"))
    'sessions[3].start'
    >>> format_path(())
    ''
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def did_you_mean(word: str, options: Iterable[str]) -> str | None:
    """The closest allowed spelling, if one is close enough.

    >>> did_you_mean("severty", ["symptom_severity", "severity", "motivation"])
    'severity'
    >>> did_you_mean("zzz", ["iop", "php"]) is None
    True
    >>> did_you_mean("IOP", ["iop", "php"])
    'iop'
    """
    lowered = {str(o).lower(): str(o) for o in options}
    key = str(word).lower().strip().replace(" ", "_")
    if key in lowered:  # IOP -> iop, "withdrawal management" -> withdrawal_management
        return lowered[key]
    matches = difflib.get_close_matches(key, list(lowered), n=1, cutoff=0.6)
    return lowered[matches[0]] if matches else None


def short_value(value: object, limit: int = 60) -> str:
    """How a bad value is quoted back to the user."""
    text = repr(value) if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass
class Document:
    """A parsed file: its data and where each value sits in the text."""

    path: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: Sequence[str | int]) -> tuple[int | None, int | None]:
        """The 1-based line and column of the value at ``path`` (or of its nearest parent)."""
        key = tuple(path)
        while True:
            if key in self.positions:
                return self.positions[key]
            if not key:
                return None, None
            key = key[:-1]


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a hand-written file, refusing huge or non-UTF-8 content with a clear problem."""
    name = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError([Problem("file not found", file=name, code="not-found")]) from None
    except OSError as exc:
        raise InputError([Problem(f"cannot read the file: {exc.strerror}", file=name)]) from None
    if path.is_dir():
        raise InputError([Problem("this is a folder, not a file", file=name)])
    if size > max_bytes:
        raise InputError(
            [
                Problem(
                    f"the file is {size // 1024} KiB; the limit is {max_bytes // 1024} KiB. "
                    "Case and schedule files are a few kilobytes: is this the right file?",
                    file=name,
                    code="too-large",
                )
            ]
        )
    if not path.is_file():
        raise InputError([Problem("this is not a regular file", file=name, code="not-a-file")])
    try:
        with path.open("rb") as handle:  # never more than the limit, even if the size lied
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError([Problem(f"cannot read the file: {exc.strerror}", file=name)]) from None
    if len(raw) > max_bytes:
        raise InputError(
            [Problem(f"the file is over {max_bytes // 1024} KiB", file=name, code="too-large")]
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [
                Problem(
                    f"the file is not valid UTF-8 text (byte {exc.start}). Save it as UTF-8 "
                    "in your editor",
                    file=name,
                    line=line,
                    code="not-utf8",
                )
            ]
        ) from None


MAX_NESTING = 64
"""Deepest nesting of lists and mappings accepted (a vignette uses about five levels)."""

MAX_NUMBER_DIGITS = 30
"""Longest number accepted, in digits: every number in a case or schedule file is small."""


class Unquoted(str):
    """A value written without quotes that YAML 1.1 reads in a surprising way, kept as written.

    ``17:00`` (a base-60 number, 1020), ``010`` (octal 8), ``0x1A``, ``0b11``, ``.inf`` and
    ``.nan`` are never turned into numbers: a field that wants a number or a time refuses them
    quoting what the person wrote, and a text field keeps the text.
    """

    __slots__ = ()

    @property
    def is_base60(self) -> bool:
        return ":" in self


def _yaml_loader(text: str) -> Any:
    """One safe loader for a text: libyaml's (fast) when installed, else PyYAML's own."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return loader_class(text)


_YAML_PRINTABLE = re.compile(
    "[^\\t\\n\\r\\x20-\\x7e\\x85\\xa0-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]"
)


def _line_column(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _bad_character(text: str, name: str) -> Problem | None:
    """A character YAML refuses (NUL, escape codes...), named and located."""
    match = _YAML_PRINTABLE.search(text)
    if match is None:
        return None
    line, column = _line_column(text, match.start())
    return Problem(
        f"the file holds {describe_character(match.group(0))}, which is not allowed in a "
        "YAML file: delete it (your editor may show it as a box or not at all)",
        file=name,
        line=line,
        column=column,
        code="bad-character",
    )


def _syntax_problem(exc: Any, text: str, name: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    detail = str(exc.problem or exc.context)
    index = getattr(mark, "index", None) if mark else None
    tab = "\t" in text and (
        "tab" in detail
        or (isinstance(index, int) and 0 <= index < len(text) and text[index] == "\t")
    )
    if tab:
        first_tab = text.find("\t", text.rfind("\n", 0, index or 0) + 1 if index else 0)
        if first_tab >= 0:
            line, column = _line_column(text, first_tab)
        detail = (
            "a tab (U+0009) is used where YAML needs spaces; indent with spaces only "
            "(set your editor to insert spaces for the Tab key)"
        )
    return Problem(
        f"this is not valid YAML: {detail}",
        file=name,
        line=line,
        column=column,
        code="yaml-syntax",
    )


def parse_yaml(text: str, name: str) -> Document:
    """Parse YAML safely, keeping line/column of every value; duplicate keys are problems.

    The text is composed once into nodes; nothing is built by PyYAML's constructors. Each
    value goes through one checked conversion (:func:`_scalar`): explicit tags other than the
    plain core ones, values that do not fit their tag and numbers too big to be meant are
    problems with a line, never an exception.

    >>> try:
    ...     parse_yaml("a: !!python/object/apply:os.system ['true']", "x.yaml")
    ... except InputError as exc:
    ...     print(exc.problems[0].code, exc.problems[0].where())
    yaml-tag x.yaml:1:4
    >>> parse_yaml("start: 17:00\\nok: yes\\nn: 12", "x.yaml").data
    {'start': '17:00', 'ok': True, 'n': 12}
    """
    import yaml

    bad = _bad_character(text, name)
    if bad is not None:
        raise InputError([bad])
    loader = _yaml_loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            raise InputError([_syntax_problem(exc, text, name)]) from None
        except yaml.YAMLError as exc:
            detail = printable(str(exc).splitlines()[0])
            raise InputError([Problem(f"this is not valid YAML: {detail}", file=name)]) from None
        except RecursionError:
            raise InputError([_too_deep(name)]) from None
        if node is None:
            raise InputError([Problem("the file is empty", file=name, code="empty")])
        builder = _NodeBuilder(loader, name, budget=len(text) + 1000)
        data = builder.build(node)
    finally:
        loader.dispose()
    if builder.problems:
        raise InputError(builder.problems)
    return Document(name, data, builder.positions)


def _too_deep(name: str, path: str = "", line: int | None = None) -> Problem:
    return Problem(
        f"lists and mappings are nested more than {MAX_NESTING} levels deep",
        file=name,
        path=path,
        line=line,
        code="too-deep",
    )


def _too_big(name: str, digits: int, **where: Any) -> Problem:
    return Problem(
        f"this number has {digits} digits; numbers in iopkit files are small "
        f"(at most {MAX_NUMBER_DIGITS} digits)",
        file=name,
        code="number-too-big",
        **where,
    )


_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp")}
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)", re.ASCII)
_DECIMAL_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*\.[0-9_]*|\.[0-9_]+)(?:[eE][-+][0-9]+)?", re.ASCII
)
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_BOOLS = {"yes": True, "true": True, "on": True, "no": False, "false": False, "off": False}


class _NodeBuilder:
    """Builds plain data (dict, list, str, int, float, bool, None, date) from YAML nodes.

    Iterative (no recursion limit to hit). Records where each value sits (a value under a key
    is located at its key, which is where a person looks), refuses unsafe or mismatched tags,
    duplicate keys, non-text keys, deep nesting and anchors that expand to far more values
    than the file holds (``budget``).
    """

    def __init__(self, loader: Any, name: str, budget: int) -> None:
        self.loader = loader
        self.name = name
        self.budget = budget
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.problems: list[Problem] = []

    def _problem(self, node: Any, path: PathKey, message: str, code: str, **extra: Any) -> None:
        self.problems.append(
            Problem(
                message,
                file=self.name,
                path=format_path(path),
                line=node.start_mark.line + 1,
                column=node.start_mark.column + 1,
                code=code,
                **extra,
            )
        )

    def build(self, root: Any) -> Any:
        import yaml

        self.positions[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
        result: list[Any] = [None]
        # (node, path, container, slot): the built value goes into container[slot]
        stack: list[tuple[Any, PathKey, Any, Any]] = [(root, (), result, 0)]
        visited = 0
        while stack:
            node, path, container, slot = stack.pop()
            visited += 1
            if visited > self.budget:
                self._problem(
                    node,
                    path,
                    "the file's anchors and aliases (&name, *name) expand to far more values "
                    "than it holds; write the values out instead",
                    "yaml-aliases",
                )
                return None
            if isinstance(node, yaml.ScalarNode):
                container[slot] = self._scalar(node, path)
                continue
            expected = _TAG + ("map" if isinstance(node, yaml.MappingNode) else "seq")
            if node.tag != expected:
                self._tag_problem(node, path)
                continue
            if len(path) >= MAX_NESTING:
                self._problem(node, path, _too_deep(self.name).message, "too-deep")
                return None
            if isinstance(node, yaml.MappingNode):
                mapping: dict[str, Any] = {}
                container[slot] = mapping
                children = []
                for key_node, value_node in node.value:
                    if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (
                        _SCALAR_TAGS
                    ):
                        self._problem(
                            key_node,
                            path,
                            "a key must be a plain name (a list, a mapping or a tagged value "
                            "cannot be a key)",
                            "bad-key",
                        )
                        continue
                    key = str(key_node.value)
                    child: PathKey = (*path, key)
                    if key in mapping:
                        self._problem(
                            key_node,
                            child,
                            f"the key '{key}' appears twice; keep one",
                            "duplicate-key",
                        )
                    mapping[key] = None
                    self.positions[child] = (
                        key_node.start_mark.line + 1,
                        key_node.start_mark.column + 1,
                    )
                    children.append((value_node, child, mapping, key))
                stack.extend(reversed(children))
            else:
                items: list[Any] = [None] * len(node.value)
                container[slot] = items
                for i, item in reversed(list(enumerate(node.value))):
                    item_path: PathKey = (*path, i)
                    self.positions[item_path] = (
                        item.start_mark.line + 1,
                        item.start_mark.column + 1,
                    )
                    stack.append((item, item_path, items, i))
        return result[0]

    def _tag_problem(self, node: Any, path: PathKey) -> None:
        tag = str(node.tag).replace(_TAG, "!!")
        self._problem(
            node,
            path,
            f"the YAML tag {tag} is not allowed: iopkit reads plain text, numbers, true/false, "
            "lists and mappings only; remove the tag",
            "yaml-tag",
        )

    def _scalar(self, node: Any, path: PathKey) -> Any:
        """The one checked conversion of a written value."""
        value = str(node.value)
        plain = not node.style
        implicit = self.loader.resolve(type(node), value, (plain, not plain))
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self._tag_problem(node, path)
            return None
        if tag == _TAG + "str":
            return value
        if tag != implicit:
            self._problem(
                node,
                path,
                f"the value does not fit its tag {tag.replace(_TAG, '!!')}; remove the tag "
                "and write the value plainly",
                "yaml-value",
                value=short_value(value),
            )
            return None
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            return _BOOLS[value.lower()]
        if tag == _TAG + "int":
            if not _DECIMAL_INT.fullmatch(value):
                return Unquoted(value)  # 17:00, 010, 0x1A, 0b11: kept as written
            digits = value.lstrip("+-").replace("_", "")
            if len(digits) > MAX_NUMBER_DIGITS:
                self._problem(node, path, _too_big("", len(digits)).message, "number-too-big")
                return None
            return int(digits) * (-1 if value.startswith("-") else 1)
        if tag == _TAG + "float":
            if not _DECIMAL_FLOAT.fullmatch(value):
                return Unquoted(value)  # .inf, .nan, 1:30.5
            count = sum(c.isdigit() for c in value)
            number = float(value.replace("_", "")) if count <= MAX_NUMBER_DIGITS else math.inf
            if not math.isfinite(number):
                self._problem(node, path, _too_big("", count).message, "number-too-big")
                return None
            return number
        # a timestamp: a date is built (and checked); a date with a time is kept as written
        match = _DATE.fullmatch(value)
        if match is None:
            return Unquoted(value)
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError as exc:
            self._problem(
                node,
                path,
                f"this is not a real date ({exc}); a date is written YYYY-MM-DD",
                "yaml-value",
                value=short_value(value),
            )
            return None


class _JsonReader:
    """A small iterative JSON reader that keeps the line and column of every value.

    Standard JSON only (no NaN or Infinity); duplicate keys, deep nesting and huge numbers are
    problems with a line and column, as are syntax errors. No recursion, so no depth crashes.
    """

    _NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?", re.ASCII)
    _SPACE = re.compile(r"[ \t\n\r]*")

    def __init__(self, text: str, name: str) -> None:
        self.text = text[1:] if text.startswith("\ufeff") else text
        self.name = name
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.problems: list[Problem] = []

    def fail(
        self, index: int, message: str, code: str = "json-syntax", path: PathKey = ()
    ) -> NoReturn:
        line, column = _line_column(self.text, index)
        raise InputError(
            [
                Problem(
                    message,
                    file=self.name,
                    path=format_path(path),
                    line=line,
                    column=column,
                    code=code,
                )
            ]
        )

    def skip(self, index: int) -> int:
        match = self._SPACE.match(self.text, index)
        return match.end() if match else index

    def string(self, index: int) -> tuple[str, int]:
        import json.decoder

        try:
            scan: Any = getattr(json.decoder, "scanstring")  # noqa: B009 (untyped in typeshed)
            result: tuple[str, int] = scan(self.text, index + 1, True)
            return result
        except json.JSONDecodeError as exc:
            char = self.text[exc.pos] if exc.pos < len(self.text) else ""
            if "control character" in exc.msg and char:
                return self.fail(
                    exc.pos,
                    f"this is not valid JSON: {describe_character(char)} inside a text value; "
                    "write it as an escape (\\n for a line break, \\t for a tab) or delete it",
                )
            return self.fail(exc.pos, f"this is not valid JSON: {exc.msg}")

    def scalar(self, index: int, path: PathKey) -> tuple[Any, int]:
        text = self.text
        char = text[index] if index < len(text) else ""
        if char == '"':
            return self.string(index)
        for word, value in (("true", True), ("false", False), ("null", None)):
            if text.startswith(word, index):
                return value, index + len(word)
        match = self._NUMBER.match(text, index)
        if match is None or match.end() == index:
            if not char:
                return self.fail(index, "this is not valid JSON: the file ends too early")
            return self.fail(
                index,
                f"this is not valid JSON: unexpected {printable(repr(char))} where a value "
                "should be (text needs double quotes)",
            )
        written = match.group(0)
        digits = sum(c.isdigit() for c in written)
        if digits > MAX_NUMBER_DIGITS:
            self.fail(index, _too_big("", digits).message, "number-too-big", path)
        if match.group(1) is None and match.group(2) is None:
            return int(written), match.end()
        number = float(written)
        if not math.isfinite(number):
            self.fail(index, _too_big("", digits).message, "number-too-big", path)
        return number, match.end()

    def read(self) -> Any:
        text = self.text
        root: list[Any] = [None]
        # open containers: (container, path, the key awaiting a value or None)
        stack: list[tuple[Any, PathKey]] = []
        index = self.skip(0)
        self.positions[()] = _line_column(text, index)
        slot: tuple[Any, Any, PathKey] = (root, 0, ())
        while True:
            index = self.skip(index)
            container, key, path = slot
            char = text[index] if index < len(text) else ""
            if char in "[{":
                if len(stack) >= MAX_NESTING:
                    self.fail(index, _too_deep("").message, "too-deep", path)
                new: Any = {} if char == "{" else []
                container[key] = new
                stack.append((new, path))
                index = self.skip(index + 1)
                closing = "}" if char == "{" else "]"
                if text.startswith(closing, index):
                    stack.pop()
                    index += 1
                else:
                    slot, index = self.next_slot(index, new, path, first=True)
                    continue
            else:
                container[key], index = self.scalar(index, path)
            # after a value: a comma, a closing bracket, or the end
            while True:
                index = self.skip(index)
                if not stack:
                    if index < len(text):
                        self.fail(index, "this is not valid JSON: extra text after the data")
                    return root[0]
                current, cpath = stack[-1]
                char = text[index] if index < len(text) else ""
                closing = "}" if isinstance(current, dict) else "]"
                if char == closing:
                    stack.pop()
                    index += 1
                    continue
                if char != ",":
                    self.fail(
                        index,
                        f"this is not valid JSON: expected ',' or '{closing}'"
                        + (" but the file ends" if not char else ""),
                    )
                slot, index = self.next_slot(self.skip(index + 1), current, cpath, first=False)
                break

    def next_slot(
        self, index: int, container: Any, path: PathKey, *, first: bool
    ) -> tuple[tuple[Any, Any, PathKey], int]:
        """Where the next value of an open list or mapping goes (reads a key and its colon)."""
        text = self.text
        if isinstance(container, list):
            child: PathKey = (*path, len(container))
            container.append(None)
            self.positions[child] = _line_column(text, index)
            return (container, len(container) - 1, child), index
        if not text.startswith('"', index):
            self.fail(index, "this is not valid JSON: expected a key in double quotes")
        key_at = index
        key, index = self.string(index)
        child = (*path, key)
        if key in container:
            self.fail(key_at, f"the key '{key}' appears twice; keep one", "duplicate-key", child)
        self.positions[child] = _line_column(text, key_at)
        index = self.skip(index)
        if not text.startswith(":", index):
            self.fail(index, "this is not valid JSON: expected ':' after the key")
        container[key] = None
        return (container, key, child), self.skip(index + 1)


def parse_json(text: str, name: str) -> Document:
    """Parse JSON keeping the line and column of every value.

    >>> parse_json('{"a": [1, 2.5, "x"], "b": null}', "x.json").positions[("a", 1)]
    (1, 11)
    >>> try:
    ...     parse_json('{"a": 1, "a": 2}', "x.json")
    ... except InputError as exc:
    ...     print(exc.problems[0].format())
    x.json:1:10: error: a: the key 'a' appears twice; keep one
    """
    reader = _JsonReader(text, name)
    data = reader.read()
    return Document(name, data, reader.positions)


def load_document(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read and parse a YAML or JSON file (by extension; YAML otherwise)."""
    if not str(path).strip() or not os.fspath(path):
        raise InputError([Problem("the file name is empty: give the path of a file", file="''")])
    p = Path(path)
    text = read_text(p, max_bytes)
    if not text.strip():
        raise InputError([Problem("the file is empty", file=str(p), code="empty")])
    if p.suffix.lower() == ".json":
        return parse_json(text, str(p))
    return parse_yaml(text, str(p))


def problems_from_pydantic(
    exc: Any, doc: Document, model: Any = None, prefix: PathKey = ()
) -> list[Problem]:
    """Turn a pydantic ``ValidationError`` into problems a clinician can act on."""
    problems = []
    for err in exc.errors(include_url=False):
        inner = _data_path(err["loc"], _at(doc.data, prefix), err["type"] == "missing")
        known = fields_at(model, inner[:-1]) if model is not None else []
        problems.append(_problem_for(err, (*prefix, *inner), doc, known))
    return problems


def _at(data: Any, path: Sequence[str | int]) -> Any:
    for part in path:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _data_path(loc: Sequence[Any], data: Any, missing: bool) -> PathKey:
    """The parts of a pydantic error location that are keys and indexes in the data.

    pydantic adds names of its own (union members such as ``function-after[...]``,
    ``[key]``); a key the person wrote is kept exactly as written, whatever it looks like,
    because it is found in the data. For a missing field the last part is the field's name.
    """
    if not isinstance(data, Mapping):  # the data is not at hand: drop pydantic's own names
        return tuple(
            p for p in loc if not (isinstance(p, str) and ("[" in p or p.startswith("function-")))
        )
    kept: list[str | int] = []
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        in_mapping = isinstance(data, Mapping) and part in data
        in_list = isinstance(data, list | tuple) and isinstance(part, int) and 0 <= part < len(data)
        if in_mapping or in_list:
            kept.append(part)
            data = data[part]
        elif last and missing and isinstance(data, Mapping) and isinstance(part, str):
            kept.append(part)
    return tuple(kept)


def _allowed_for(err: dict[str, Any]) -> list[str]:
    ctx = err.get("ctx") or {}
    expected = ctx.get("expected")
    if not expected:
        return []
    return [part.strip().strip("'") for part in expected.replace(" or ", ", ").split(",")]


def _problem_for(err: dict[str, Any], loc: PathKey, doc: Document, known: list[str]) -> Problem:
    kind = err["type"]
    line, column = doc.locate(loc)
    path = format_path(loc)
    value = err.get("input")
    base = dict(file=doc.path, path=path, line=line, column=column)
    if kind == "missing":
        return Problem("this required field is missing", code="missing", **base)  # type: ignore[arg-type]
    if kind == "extra_forbidden":
        field_name = str(loc[-1]) if loc else ""
        allowed = known
        return Problem(
            f"unknown field '{field_name}'",
            allowed=", ".join(allowed) if allowed else None,
            suggestion=did_you_mean(field_name, allowed) if allowed else None,
            code="unknown-field",
            **base,  # type: ignore[arg-type]
        )
    if kind in ("enum", "literal_error"):
        allowed = _allowed_for(err)
        return Problem(
            "not one of the allowed values"
            + (
                " (YAML reads a bare yes/no/on/off as true/false: write one of the words below)"
                if isinstance(value, bool)
                else ""
            ),
            value=short_value(value),
            allowed=", ".join(allowed),
            suggestion=did_you_mean(str(value), allowed),
            code="bad-value",
            **base,  # type: ignore[arg-type]
        )
    message = str(err.get("msg", "invalid value"))
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    friendly = _FRIENDLY.get(kind)
    if friendly:
        message = friendly
    ctx = err.get("ctx") or {}
    bounds = {
        "greater_than": ("should be more than", "gt"),
        "greater_than_equal": ("should be at least", "ge"),
        "less_than": ("should be less than", "lt"),
        "less_than_equal": ("should be at most", "le"),
    }
    if kind in bounds:
        words, key = bounds[kind]
        bound = ctx.get(key)
        message = f"{words} {bound:g}" if isinstance(bound, float) else f"{words} {bound}"
    elif kind == "too_short":
        message = f"should have at least {ctx.get('min_length')} item(s) or character(s)"
    elif kind == "too_long":
        message = f"should have at most {ctx.get('max_length')} item(s) or character(s)"
    elif kind == "string_pattern_mismatch":
        message = "should use lowercase letters, digits and single hyphens only (a slug)"
    return Problem(
        message,
        value=None if isinstance(value, (dict, list)) else short_value(value),
        code="bad-value",
        **base,  # type: ignore[arg-type]
    )


_FRIENDLY = {
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "float_type": "should be a number",
    "float_parsing": "should be a number",
    "string_type": "should be text",
    "list_type": "should be a list",
    "tuple_type": "should be a list (one item per line starting with '- ', or [a, b])",
    "dict_type": "should be a mapping of names to values",
    "model_type": "should be a mapping of names to values",
    "model_attributes_type": "should be a mapping of names to values",
    "date_from_datetime_parsing": "should be a date written YYYY-MM-DD",
    "date_parsing": "should be a date written YYYY-MM-DD",
    "date_type": "should be a date written YYYY-MM-DD",
}


def fields_at(model: Any, loc: Sequence[str | int]) -> list[str]:
    """The field names a pydantic model allows at ``loc`` (a path to a mapping)."""
    current = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields or part not in fields:
            return []
        current = fields[part].annotation
    current = _unwrap(current)
    fields = getattr(current, "model_fields", None)
    if not fields:
        return []
    return [f.alias or name for name, f in fields.items()]


def _unwrap(tp: Any) -> Any:
    import typing

    while True:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        origin = typing.get_origin(tp)
        if origin is None or not args:
            return tp
        if origin is dict or getattr(origin, "__name__", "") == "Mapping":
            tp = args[-1]
        elif hasattr(args[0], "model_fields") or len(args) == 1 or origin is tuple:
            tp = args[0]
        else:
            model_args = [a for a in args if hasattr(a, "model_fields")]
            if not model_args:
                return tp
            tp = model_args[0]


def as_mapping(doc: Document, what: str) -> Mapping[str, Any]:
    if not isinstance(doc.data, Mapping):
        raise InputError(
            [
                Problem(
                    f"the file should hold a mapping of names to values ({what}), "
                    f"not {type(doc.data).__name__}",
                    file=doc.path,
                    line=1,
                    code="not-mapping",
                )
            ]
        )
    return doc.data
