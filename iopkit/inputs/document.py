"""A file read from disk: its text (bounded, UTF-8) and, once parsed, its data and positions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iopkit.inputs.problems import InputError, Problem, ProblemSeverity, format_path, short_value

MAX_FILE_BYTES = 512 * 1024
"""Hand-written case and schedule files are a few kilobytes; anything this big is a mistake."""

PathKey = tuple[str | int, ...]


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

    def problem(
        self,
        path: PathKey,
        message: str,
        *,
        code: str,
        severity: ProblemSeverity = ProblemSeverity.ERROR,
        value: object = None,
        allowed: str | None = None,
    ) -> Problem:
        """A problem with the value at ``path``, located at its line and column."""
        line, column = self.locate(path)
        return Problem(
            message,
            file=self.path,
            path=format_path(path),
            line=line,
            column=column,
            value=None if value is None else short_value(value),
            allowed=allowed,
            severity=severity,
            code=code,
        )


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
