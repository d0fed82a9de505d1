"""Reading YAML safely: one checked conversion of every value, every value located.

Syntax errors are explained in plain words by :mod:`iopkit.inputs.yaml_advice`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from iopkit.inputs.document import Document, PathKey
from iopkit.inputs.problems import (
    MAX_NESTING,
    MAX_NUMBER_DIGITS,
    InputError,
    Problem,
    describe_character,
    format_path,
    line_column,
    printable,
    short_value,
    too_big,
    too_deep,
)
from iopkit.inputs.yaml_advice import advise


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


def _bad_character(text: str, name: str) -> Problem | None:
    """A character YAML refuses (NUL, escape codes...), named and located."""
    match = _YAML_PRINTABLE.search(text)
    if match is None:
        return None
    line, column = line_column(text, match.start())
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
            line, column = line_column(text, first_tab)
        detail = (
            "a tab (U+0009) is used where YAML needs spaces; indent with spaces only "
            "(set your editor to insert spaces for the Tab key)"
        )
    else:
        advice = advise(text, line)
        if advice is not None:
            return Problem(
                advice.message,
                file=name,
                line=advice.line,
                column=advice.column,
                code=advice.code,
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
            raise InputError([too_deep(name)]) from None
        if node is None:
            raise InputError([Problem("the file is empty", file=name, code="empty")])
        builder = _NodeBuilder(loader, name, budget=len(text) + 1000)
        data = builder.build(node)
    finally:
        loader.dispose()
    if builder.problems:
        raise InputError(builder.problems)
    return Document(name, data, builder.positions)


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
                self._problem(node, path, too_deep(self.name).message, "too-deep")
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
                self._problem(node, path, too_big("", len(digits)).message, "number-too-big")
                return None
            return int(digits) * (-1 if value.startswith("-") else 1)
        if tag == _TAG + "float":
            if not _DECIMAL_FLOAT.fullmatch(value):
                return Unquoted(value)  # .inf, .nan, 1:30.5
            count = sum(c.isdigit() for c in value)
            number = float(value.replace("_", "")) if count <= MAX_NUMBER_DIGITS else math.inf
            if not math.isfinite(number):
                self._problem(node, path, too_big("", count).message, "number-too-big")
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
