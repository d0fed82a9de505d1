"""The texts of a vignette: where each free text is, TODOs left behind, answer cues and the
privacy lint.

:func:`text_fields` finds every free text a trainee reads from the model itself, so a field
added to the model is linted without touching this module. :func:`todo_problems` looks
everywhere in the file (the authors too); :func:`cue_problems` warns where what a trainee reads
before answering names the answer (:mod:`iopkit.vignettes.cues`); :func:`privacy_problems`
reports what :mod:`iopkit.vignettes.privacy` finds, at the line of the match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import Enum
from typing import Any

from pydantic import BaseModel

from iopkit.inputs import Document, PathKey, Problem, ProblemSeverity, format_path, short_value
from iopkit.vignettes import cues, privacy
from iopkit.vignettes.model import Vignette

NOT_FREE_TEXT: dict[str, str] = {
    "id": "a slug (the case's or a stage's), checked by its pattern",
    "earliest_start": "a time of day, HH:MM",
    "latest_end": "a time of day, HH:MM",
    "authors": "who wrote the case: the authors' own names, not read by trainees",
}
"""Text-valued fields that are not free text a trainee reads, and why; every other text in a
vignette is scanned, so a field added to the model is linted without touching this module."""

TODO = "TODO"
"""The template's placeholder word: a file still holding it is not finished."""

MAX_PRIVACY_FINDINGS = 10
"""Findings listed per text field; the rest are counted (a pasted record can hold thousands)."""


def text_fields(v: Vignette) -> Iterator[tuple[PathKey, str]]:
    """Every free-text value in a vignette, with its path, derived from the model itself.

    >>> from iopkit.vignettes import load_library
    >>> paths = [p for p, _ in text_fields(load_library().vignettes[0])]
    >>> ("title",) in paths and ("presentation",) in paths and ("id",) not in paths
    True
    """
    yield from _texts(v, ())


def _texts(value: object, at: PathKey) -> Iterator[tuple[PathKey, str]]:
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name not in NOT_FREE_TEXT:
                yield from _texts(getattr(value, name), (*at, name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*at, str(getattr(key, "value", key))))
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            yield from _texts(item, (*at, i))
    elif isinstance(value, str) and not isinstance(value, Enum):
        yield at, value


def written_texts(data: Any) -> Iterator[tuple[PathKey, str]]:
    """Every text value in parsed file data, wherever it is (authors and ids included).

    >>> list(written_texts({"a": ["x", {"b": "y"}], "n": 3}))
    [(('a', 0), 'x'), (('a', 1, 'b'), 'y')]
    """
    stack: list[tuple[PathKey, Any]] = [((), data)]
    while stack:
        at, value = stack.pop()
        if isinstance(value, str):
            yield at, value
        elif isinstance(value, dict):
            stack.extend(reversed([((*at, str(k)), item) for k, item in value.items()]))
        elif isinstance(value, list):
            stack.extend(reversed([((*at, i), item) for i, item in enumerate(value)]))


def todo_problems(doc: Document, text: str | None = None) -> list[Problem]:
    """Every value in the file still holding the template's ``TODO`` placeholder (the authors,
    the references and any other field too). ``text``, when given, lets a file without the word
    skip the search."""
    if text is not None and TODO not in text:
        return []
    return [
        doc.problem(
            path,
            f"replace the {TODO} placeholder with your own text",
            code="todo-left",
            value=value,
        )
        for path, value in written_texts(doc.data)
        if TODO in value
    ]


def cue_problems(v: Vignette, doc: Document) -> list[Problem]:
    """Warnings where what a trainee reads before answering names a level or a decision: a
    stage title anywhere, a presentation or an update in its last paragraph (where a story
    tends to arrange the answer: a bed, a place, a start date)."""
    places: list[tuple[PathKey, str, str]] = [
        (
            ("presentation",),
            cues.last_paragraph(v.presentation),
            "the presentation's last paragraph",
        )
    ]
    for i, stage in enumerate(v.stages):
        places.append((("stages", i, "title"), stage.title, "the stage title"))
        places.append(
            (
                ("stages", i, "update"),
                cues.last_paragraph(stage.update),
                "the update's last paragraph",
            )
        )
    problems: list[Problem] = []
    for path, text, where in places:
        words = cues.cue_words(text)
        if words:
            named = ", ".join(f"'{w}'" for w in words)
            problems.append(
                doc.problem(
                    path,
                    f"{where} names {named}, which can give the answer away before a trainee "
                    "answers: word it without naming a level of care or a decision, and put "
                    "practical facts (a place, a start date, the hours free) earlier in the story",
                    severity=ProblemSeverity.WARNING,
                    code="answer-cue",
                    value=words[0],
                )
            )
    return problems


def free_texts(doc: Document) -> Iterator[tuple[PathKey, str]]:
    """The free texts of a parsed vignette file, read from its data (quicker than the model):
    every text except under the keys of :data:`NOT_FREE_TEXT`."""
    for path, value in written_texts(doc.data):
        if not any(isinstance(part, str) and part in NOT_FREE_TEXT for part in path):
            yield path, value


def _free_values(data: Any) -> list[str]:
    """The free texts of parsed file data, without their paths (the quick look needs none)."""
    found: list[str] = []
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for key, item in value.items():  # a loop, not a generator: this runs on every load
                if key not in NOT_FREE_TEXT:
                    stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)
    return found


def privacy_problems(v: Vignette, doc: Document, text: str | None = None) -> list[Problem]:
    """Privacy-lint findings as errors, located at the line of the match when it can be found.

    The texts are read from the parsed file (:func:`free_texts`); a quick look over all of
    them together (:func:`privacy.may_find`) spares the full scan of a file with nothing to find.
    """
    if not privacy.may_find("\n".join(_free_values(doc.data))):
        return []
    fields = list(free_texts(doc))
    problems: list[Problem] = []
    lines = text.splitlines() if text else []
    for path, value in fields:
        findings = privacy.scan(value)
        if len(findings) > MAX_PRIVACY_FINDINGS:
            problems.append(
                doc.problem(
                    path,
                    f"{len(findings) - MAX_PRIVACY_FINDINGS} more things in this field look "
                    "like real identifiers (only the first "
                    f"{MAX_PRIVACY_FINDINGS} are listed)",
                    code="privacy-more",
                )
            )
        for finding in findings[:MAX_PRIVACY_FINDINGS]:
            line, column = doc.locate(path)
            if lines and line is not None:
                line, column = _locate_in_text(lines, line, value, finding) or (line, column)
            problems.append(
                Problem(
                    finding.message,
                    file=doc.path,
                    path=format_path(path),
                    line=line,
                    column=column,
                    value=short_value(finding.text),
                    code=f"privacy-{finding.kind}",
                )
            )
    return problems


_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*\s*(#.*)?$")


def _locate_in_text(
    lines: list[str], key_line: int, value: str, finding: privacy.Finding
) -> tuple[int, int] | None:
    """The 1-based line and column of a finding inside the field that starts at ``key_line``.

    In a ``|`` block the value's lines are the file's lines, so the line is counted; otherwise
    the text is searched for, from the field's line on.
    """
    first = finding.text.split()[0] if finding.text.split() else finding.text
    start = key_line + 1 if _BLOCK_SCALAR.search(lines[key_line - 1]) else key_line
    guess = start + value[: finding.start].count("\n")
    if 1 <= guess <= len(lines):
        col = lines[guess - 1].find(first)
        if col >= 0:
            return guess, col + 1
    word = re.compile(r"(?<!\w)" + re.escape(first) + r"(?!\w)")
    for number in range(key_line, min(len(lines), key_line + 400) + 1):
        match = word.search(lines[number - 1])
        if match:
            return number, match.start() + 1
    return None
