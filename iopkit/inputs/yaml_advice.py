"""YAML syntax errors in plain words, at the line where the mistake is.

The parser reports where it got lost, often many lines after the mistake and in its own words
("could not find expected ':'"). When it stops, :func:`advise` reads the lines of the file the
way a person indents them and looks for the mistakes non-programmers make most, each with the
fix to type:

- a line of a ``|`` text (a story, an update) that lost its indentation when pasted;
- a text that runs over several lines without the ``|`` after its key;
- a value holding ``': '`` that is not in double quotes (a title such as ``Anna: at home``);
- a line indented by a number of spaces that matches no level around it (three spaces for a
  stage), or a key indented more than the key above it;
- a colon with no space after it (``title:"..."``), a double-quoted text left open or ended
  early by a quote inside it.

Nothing here parses YAML: it reads lines, so it can speak about a file the parser refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_KEY = re.compile(r"^(?P<indent> *)(?P<dash>- +)?(?P<key>[A-Za-z_][\w-]*):(?P<rest>.*)$")
"""A line that opens a key the kit's files use (snake_case names), perhaps as a list item."""
_BLOCK = re.compile(r"^\s*[|>][-+\d]*\s*(#.*)?$")
"""What follows a key that opens a ``|`` or ``>`` text."""
_ITEM = re.compile(r"^(?P<indent> *)- ")

TEXT_NAMES = {"presentation": "story", "update": "update"}
"""How the advice names the text of a key (any other key: "the text of KEY")."""


@dataclass(frozen=True)
class Advice:
    """The mistake found: the line (1-based) and column where it is, and what to do."""

    line: int
    column: int
    message: str
    code: str


@dataclass(frozen=True)
class _Line:
    number: int  # 1-based
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip() or self.text.lstrip().startswith("#")

    @property
    def indent(self) -> int:
        return len(self.text) - len(self.text.lstrip(" "))


def _what(key: str) -> str:
    return f"the {TEXT_NAMES[key]}" if key in TEXT_NAMES else f"the text of {key}"


def _spaces(n: int) -> str:
    return f"{n} space{'' if n == 1 else 's'}"


def _next_filled(lines: list[_Line], i: int) -> _Line | None:
    for line in lines[i + 1 :]:
        if not line.blank:
            return line
    return None


def _opens_structure(line: _Line) -> bool:
    """A line that can start a key or a list item of the kit's files (not prose)."""
    match = _KEY.match(line.text)
    if match:
        return True
    return _ITEM.match(line.text) is not None


def _key_indent(match: re.Match[str]) -> int:
    return len(match["indent"]) + len(match["dash"] or "")


def lost_indentation(lines: list[_Line], error_line: int) -> Advice | None:
    """A line inside a ``|`` text with less indentation than the text around it."""
    i = 0
    while i < len(lines):
        match = _KEY.match(lines[i].text)
        if not (match and _BLOCK.match(match["rest"])):
            i += 1
            continue
        first = _next_filled(lines, i)
        if first is None or first.indent <= _key_indent(match):
            i += 1
            continue
        width = first.indent
        j = first.number - 1
        while j < len(lines) and (lines[j].blank or lines[j].indent >= width):
            j += 1
        if j >= len(lines) or lines[j].number > error_line:
            i = j
            continue
        breaking, after = lines[j], _next_filled(lines, j)
        resumes = after is not None and after.indent >= width
        structural = _opens_structure(breaking) and not _has_value_then_deeper(breaking, after)
        if resumes and not structural:
            missing = width - breaking.indent
            return Advice(
                breaking.number,
                1,
                f"line {breaking.number} is not indented like {_what(match['key'])} around "
                f"it: add {_spaces(missing)} at its start (every line of a text after "
                f"'{match['key']}: |' starts with the same {_spaces(width)})",
                "yaml-lost-indentation",
            )
        i = j
    return None


def _has_value_then_deeper(line: _Line, after: _Line | None) -> bool:
    """``key: value`` followed by a more indented line: not a structure YAML can hold."""
    match = _KEY.match(line.text)
    if not match or not match["rest"].strip() or after is None:
        return False
    return after.indent > line.indent


def missing_block_marker(lines: list[_Line], error_line: int) -> Advice | None:
    """A key whose text runs over several more indented lines without ``|`` after the key."""
    for i in range(min(error_line, len(lines)) - 1, -1, -1):
        match = _KEY.match(lines[i].text)
        if not match or lines[i].blank:
            continue
        rest = match["rest"].strip()
        if rest.startswith(("|", ">", '"', "'", "[", "{", "&", "*", "!", "#")):
            return None
        own = _key_indent(match)
        span = []
        for line in lines[i + 1 :]:
            if line.blank:
                continue
            if line.indent <= own:
                break
            span.append(line)
        if not span or span[-1].number < error_line:
            return None  # the error is not in this key's lines: another mistake
        if any(_opens_structure(line) for line in span[:1]):
            return None  # a nested mapping or list, not a text
        key = match["key"]
        return Advice(
            lines[i].number,
            len(lines[i].text.rstrip()) + 1,
            f"keep the | after {key}: so that {_what(key)} can run over several lines: "
            f"write '{key}: |' on line {lines[i].number}"
            + (f", and move '{rest}' to the next line" if rest else "")
            + f", then indent every line of the text by {_spaces(span[0].indent)}",
            "yaml-missing-block",
        )
    return None


def _key_line_at(lines: list[_Line], error_line: int) -> tuple[_Line, re.Match[str]] | None:
    """The line where the parser stopped, when it opens a key."""
    if not 1 <= error_line <= len(lines):
        return None
    line = lines[error_line - 1]
    match = _KEY.match(line.text)
    return (line, match) if match else None


def unquoted_colon(lines: list[_Line], error_line: int) -> Advice | None:
    """A value holding ``': '`` that is not in quotes (YAML reads a second key)."""
    found = _key_line_at(lines, error_line)
    if found is None:
        return None
    line, match = found
    value = match["rest"].strip()
    if not value or value[0] in "\"'|>[{&*!#" or ": " not in value + " ":
        return None
    quoted = value.replace("\\", "\\\\").replace('"', '\\"')
    return Advice(
        line.number,
        line.text.index(":") + 3,
        f"text containing ': ' must be in double quotes: write "
        f'{match["dash"] or ""}{match["key"]}: "{quoted}"',
        "yaml-unquoted-colon",
    )


def odd_indentation(lines: list[_Line], error_line: int) -> Advice | None:
    """A key or list item near the error indented by a number of spaces no level uses."""
    structure = [
        line for line in lines if not line.blank and _opens_structure(line) and line.indent
    ]
    step = 2 if sum(line.indent % 2 == 0 for line in structure) * 2 >= len(structure) else 0
    for line in reversed(lines[max(0, error_line - 3) : error_line]):
        if line.blank or not _opens_structure(line) or not step or line.indent % step == 0:
            continue
        parent = _parent(lines, line)
        want = parent.indent + step if parent is not None else 0
        return Advice(
            line.number,
            line.indent + 1,
            f"line {line.number} starts with {_spaces(line.indent)}, which lines it up with "
            f"nothing above it: this file indents in steps of {step}, so start it with "
            f"{_spaces(want)}",
            "yaml-indentation",
        )
    return None


def _parent(lines: list[_Line], line: _Line) -> _Line | None:
    for other in reversed(lines[: line.number - 1]):
        if not other.blank and other.indent < line.indent and _opens_structure(other):
            return other
    return None


def deeper_than_above(lines: list[_Line], error_line: int) -> Advice | None:
    """``key: value`` then a key indented more (YAML sees a value holding a key)."""
    found = _key_line_at(lines, error_line)
    if found is None:
        return None
    line, match = found
    above = next((o for o in reversed(lines[: error_line - 1]) if not o.blank), None)
    if above is None:
        return None
    above_match = _KEY.match(above.text)
    if not above_match or not above_match["rest"].strip() or above.indent >= line.indent:
        return None
    return Advice(
        line.number,
        line.indent + 1,
        f"line {line.number} is indented more than line {above.number} above it "
        f"({_spaces(line.indent)}, not {above.indent}): start '{match['key']}:' "
        f"with {_spaces(above.indent)}, like '{above_match['key']}:'",
        "yaml-indentation",
    )


def no_space_after_colon(lines: list[_Line], error_line: int) -> Advice | None:
    """``key:value``: YAML needs a space after the colon to see a key."""
    for line in reversed(lines[max(0, error_line - 2) : error_line]):
        match = re.match(r"^( *(?:- +)?)([A-Za-z_][\w-]*):([^\s:/].*)$", line.text)
        if match:
            return Advice(
                line.number,
                len(match[1]) + len(match[2]) + 2,
                f"put a space after the colon: write '{match[2]}: {match[3].strip()}'",
                "yaml-no-space",
            )
    return None


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
"""A double-quoted text, escapes included."""


def quote_trouble(lines: list[_Line], error_line: int) -> Advice | None:
    """A double-quoted value left open on its line, or ended early by a quote inside it."""
    for line in reversed(lines[max(0, error_line - 40) : error_line]):
        match = _KEY.match(line.text)
        value = match["rest"].strip() if match else ""
        if not match or not value.startswith('"'):
            continue
        closed = _QUOTED.match(value)
        if closed is None:
            return Advice(
                line.number,
                line.text.index('"') + 1,
                f"the text that opens with a double quote on line {line.number} is not closed "
                'on that line: add the closing " at its end',
                "yaml-open-quote",
            )
        after = value[closed.end() :].strip()
        if line.number == error_line and after and not after.startswith("#"):
            return Advice(
                line.number,
                line.text.index('"') + closed.end(),
                'a double quote inside a double-quoted text ends it early: write \\" for each '
                "quote inside the text (or use single quotes inside it)",
                "yaml-inner-quote",
            )
        return None
    return None


def advise(text: str, error_line: int | None) -> Advice | None:
    """The mistake behind a syntax error the parser reported at ``error_line``, if known."""
    lines = [_Line(n, t) for n, t in enumerate(text.split("\n"), 1)]
    if error_line is None:
        return None
    for rule in (
        quote_trouble,
        lost_indentation,
        missing_block_marker,
        unquoted_colon,
        no_space_after_colon,
        odd_indentation,
        deeper_than_above,
    ):
        found = rule(lines, error_line)
        if found is not None:
            return found
    return None
