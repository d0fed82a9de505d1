"""The wording of input problems: what is wrong, where, and what to do about it.

Every problem is a :class:`Problem` naming the file, line and column, the field path
(``sessions[3].start``), the bad value, what is allowed and, for misspelt names, a suggestion.
Nothing here prints; callers format problems with :meth:`Problem.format`. The readers
(:mod:`iopkit.inputs.yaml_reader`, :mod:`iopkit.inputs.json_reader`) and the model checks
(:mod:`iopkit.inputs.model_problems`) all speak through these.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from iopkit.errors import IopkitError
from iopkit.inputs.meanings import meant, normalise

MAX_NESTING = 64
"""Deepest nesting of lists and mappings accepted (a vignette uses about five levels)."""

MAX_NUMBER_DIGITS = 30
"""Longest number accepted, in digits: every number in a case or schedule file is small."""


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
    """The allowed value meant: the same word written differently, then the word's meaning
    (:mod:`iopkit.inputs.meanings`: ``detox`` is ``withdrawal_management``), then the closest
    spelling, if one is close enough.

    >>> did_you_mean("severty", ["symptom_severity", "severity", "motivation"])
    'severity'
    >>> did_you_mean("zzz", ["iop", "php"]) is None
    True
    >>> did_you_mean("IOP", ["iop", "php"])
    'iop'
    >>> did_you_mean("intensive_outpatient", ["outpatient", "iop"])
    'iop'
    """
    lowered = {str(o).lower(): str(o) for o in options}
    key = normalise(word)
    if key in lowered:  # IOP -> iop, "withdrawal management" -> withdrawal_management
        return lowered[key]
    by_meaning = meant(key, lowered.values())
    if by_meaning is not None:
        return by_meaning
    matches = difflib.get_close_matches(key, list(lowered), n=1, cutoff=0.6)
    return lowered[matches[0]] if matches else None


def short_value(value: object, limit: int = 60) -> str:
    """How a bad value is quoted back to the user."""
    text = repr(value) if isinstance(value, str) else json.dumps(value, default=str)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def line_column(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of the character at ``index`` in ``text``.

    >>> line_column("a: 1\\nbb: 2", 6)
    (2, 2)
    """
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def too_deep(name: str, path: str = "", line: int | None = None) -> Problem:
    """Lists and mappings nested past :data:`MAX_NESTING`."""
    return Problem(
        f"lists and mappings are nested more than {MAX_NESTING} levels deep",
        file=name,
        path=path,
        line=line,
        code="too-deep",
    )


def too_big(name: str, digits: int, **where: Any) -> Problem:
    """A number longer than :data:`MAX_NUMBER_DIGITS`."""
    return Problem(
        f"this number has {digits} digits; numbers in iopkit files are small "
        f"(at most {MAX_NUMBER_DIGITS} digits)",
        file=name,
        code="number-too-big",
        **where,
    )
