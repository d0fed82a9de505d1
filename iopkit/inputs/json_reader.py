"""Reading JSON with the line and column of every value, duplicate keys refused."""

from __future__ import annotations

import math
import re
from typing import Any, NoReturn

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
    too_big,
    too_deep,
)


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
        line, column = line_column(self.text, index)
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
            self.fail(index, too_big("", digits).message, "number-too-big", path)
        if match.group(1) is None and match.group(2) is None:
            return int(written), match.end()
        number = float(written)
        if not math.isfinite(number):
            self.fail(index, too_big("", digits).message, "number-too-big", path)
        return number, match.end()

    def read(self) -> Any:
        text = self.text
        root: list[Any] = [None]
        # open containers: (container, path, the key awaiting a value or None)
        stack: list[tuple[Any, PathKey]] = []
        index = self.skip(0)
        self.positions[()] = line_column(text, index)
        slot: tuple[Any, Any, PathKey] = (root, 0, ())
        while True:
            index = self.skip(index)
            container, key, path = slot
            char = text[index] if index < len(text) else ""
            if char in "[{":
                if len(stack) >= MAX_NESTING:
                    self.fail(index, too_deep("").message, "too-deep", path)
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
            self.positions[child] = line_column(text, index)
            return (container, len(container) - 1, child), index
        if not text.startswith('"', index):
            self.fail(index, "this is not valid JSON: expected a key in double quotes")
        key_at = index
        key, index = self.string(index)
        child = (*path, key)
        if key in container:
            self.fail(key_at, f"the key '{key}' appears twice; keep one", "duplicate-key", child)
        self.positions[child] = line_column(text, key_at)
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
