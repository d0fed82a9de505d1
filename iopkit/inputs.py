"""Reading files people write by hand, safely, and explaining what is wrong with them.

Every problem is a :class:`Problem` naming the file, line and column, the field path
(``sessions[3].start``), the bad value, what is allowed and, for misspelt names, a suggestion.
Nothing here prints; callers format problems with :meth:`Problem.format`.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 512 * 1024
"""Hand-written case and schedule files are a few kilobytes; anything this big is a mistake."""

PathKey = tuple[str | int, ...]


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
    severity: str = "error"
    code: str = "invalid"

    def where(self) -> str:
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def format(self) -> str:
        text = f"{self.where()}: {self.severity}: "
        if self.path:
            text += f"{self.path}: "
        text += self.message
        if self.value is not None:
            text += f" (got {self.value})"
        if self.allowed:
            text += f". Allowed: {self.allowed}"
        if self.suggestion:
            text += f". Did you mean '{self.suggestion}'?"
        return text

    def to_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "value": self.value,
            "allowed": self.allowed,
            "suggestion": self.suggestion,
        }


class InputError(Exception):
    """Raised with every problem found in an input, not just the first."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


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


def _yaml_loader(text: str) -> Any:
    """One safe loader for a text: libyaml's (fast) when installed, else PyYAML's own."""
    import yaml

    loader_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    return loader_class(text)


def parse_yaml(text: str, name: str) -> Document:
    """Parse YAML safely, keeping line/column of every value; duplicate keys are problems.

    The text is composed once into nodes; tags are checked on the nodes (nothing is
    constructed before that, so ``!!python/object`` never runs) and the data is built from
    the same nodes.

    >>> try:
    ...     parse_yaml("a: !!python/object/apply:os.system ['true']", "x.yaml")
    ... except InputError as exc:
    ...     print(exc.problems[0].code, exc.problems[0].where())
    yaml-tag x.yaml:1:4
    """
    import yaml

    loader = _yaml_loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise InputError(
                [
                    Problem(
                        f"this is not valid YAML: {exc.problem or exc.context}",
                        file=name,
                        line=mark.line + 1 if mark else None,
                        column=mark.column + 1 if mark else None,
                        code="yaml-syntax",
                    )
                ]
            ) from None
        except yaml.YAMLError as exc:
            raise InputError([Problem(f"this is not valid YAML: {exc}", file=name)]) from None
        except RecursionError:
            raise InputError([_too_deep(name)]) from None
        if node is None:
            raise InputError([Problem("the file is empty", file=name, code="empty")])
        positions: dict[PathKey, tuple[int, int]] = {}
        problems: list[Problem] = []
        _walk(node, positions, problems, name, budget=len(text) + 1000)
        if problems:
            raise InputError(problems)
        try:
            data = loader.construct_document(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            raise InputError([_unreadable_value(exc, node, name)]) from None
    finally:
        loader.dispose()
    return Document(name, data, positions)


def _unreadable_value(exc: Exception, root: Any, name: str) -> Problem:
    """Say which value could not be built (e.g. ``2026-13-01``, ``!!int abc``) and where."""
    import yaml

    mark = getattr(exc, "problem_mark", None)
    detail = getattr(exc, "problem", None) or str(exc)
    path: PathKey = ()
    value: str | None = None
    stack: list[tuple[Any, PathKey]] = [(root, ())]
    while stack and mark is None:
        node, here = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.constructor.SafeConstructor().construct_object(node)
            except (yaml.YAMLError, ValueError, TypeError, OverflowError):
                mark, path, value = node.start_mark, here, short_value(node.value)
                if node.tag.endswith("timestamp"):
                    detail += " (a date is written YYYY-MM-DD, with a real month and day)"
        elif isinstance(node, yaml.MappingNode):
            stack.extend((v, (*here, getattr(k, "value", "?"))) for k, v in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, (*here, i)) for i, item in reversed(list(enumerate(node.value))))
    return Problem(
        f"a value could not be read: {detail}",
        file=name,
        path=format_path(path),
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
        value=value,
        code="yaml-value",
    )


def _too_deep(name: str, path: str = "", line: int | None = None) -> Problem:
    return Problem(
        f"lists and mappings are nested more than {MAX_NESTING} levels deep",
        file=name,
        path=path,
        line=line,
        code="too-deep",
    )


_SAFE_TAG_PREFIX = "tag:yaml.org,2002:"
_SAFE_TAGS = {
    _SAFE_TAG_PREFIX + t
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "binary")
}


def _walk(
    root: Any,
    positions: dict[PathKey, tuple[int, int]],
    problems: list[Problem],
    name: str,
    budget: int,
) -> None:
    """Record where each value sits, refuse unsafe tags, duplicate keys and alias bombs.

    Iterative (no recursion limit to hit). A value under a key is located at its key, which is
    where a person looks. ``budget`` bounds the number of values visited, so anchors and
    aliases that expand to millions of values (or refer to themselves) are refused.
    """
    import yaml

    def at(node: Any) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    positions[()] = at(root)
    stack: list[tuple[Any, PathKey]] = [(root, ())]
    visited = 0
    while stack:
        node, path = stack.pop()
        visited += 1
        if visited > budget:
            problems.append(
                Problem(
                    "the file's anchors and aliases (&name, *name) expand to far more values "
                    "than it holds; write the values out instead",
                    file=name,
                    path=format_path(path),
                    line=at(node)[0],
                    code="yaml-aliases",
                )
            )
            return
        line, column = at(node)
        if node.tag not in _SAFE_TAGS:
            problems.append(
                Problem(
                    f"the YAML tag {node.tag.replace(_SAFE_TAG_PREFIX, '!!')} is not allowed: "
                    "iopkit reads plain text, numbers, lists and mappings only",
                    file=name,
                    path=format_path(path),
                    line=line,
                    column=column,
                    code="yaml-tag",
                )
            )
            continue
        if isinstance(node, yaml.ScalarNode):
            continue
        if len(path) >= MAX_NESTING:
            problems.append(_too_deep(name, format_path(path), line))
            return
        children: list[tuple[Any, PathKey]] = []
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "<complex key>"
                child: PathKey = (*path, key)
                if key in seen:
                    problems.append(
                        Problem(
                            f"the key '{key}' appears twice; keep one",
                            file=name,
                            path=format_path(child),
                            line=key_node.start_mark.line + 1,
                            column=key_node.start_mark.column + 1,
                            code="duplicate-key",
                        )
                    )
                seen.add(key)
                positions[child] = at(key_node)
                children.append((value_node, child))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                item_path: PathKey = (*path, i)
                positions[item_path] = at(item)
                children.append((item, item_path))
        stack.extend(reversed(children))


def parse_json(text: str, name: str) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(
            [
                Problem(
                    f"this is not valid JSON: {exc.msg}",
                    file=name,
                    line=exc.lineno,
                    column=exc.colno,
                    code="json-syntax",
                )
            ]
        ) from None
    return Document(name, data, {})


def load_document(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read and parse a YAML or JSON file (by extension; YAML otherwise)."""
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
        inner = tuple(p for p in err["loc"] if not _is_internal_loc(p))
        known = fields_at(model, inner[:-1]) if model is not None else []
        problems.append(_problem_for(err, (*prefix, *inner), doc, known))
    return problems


def _is_internal_loc(part: object) -> bool:
    # pydantic adds union member / validator names such as 'function-after[...]'
    return isinstance(part, str) and ("[" in part or part.startswith("function-"))


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
        message = f"{words} {ctx.get(key)}"
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


def enum_values(enum: type[Enum]) -> list[str]:
    return [str(m.value) for m in enum]


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
