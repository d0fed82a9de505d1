"""The typed hand-in: the one model every hand-in is read through, by the writer and the debrief.

A hand-in is the JSON a trainee's **Hand in** button writes (:func:`iopkit.responses.hand_in`)
and the facilitator's debrief reads. Anyone who can write to the drop box can put any bytes
there, so a file is trusted only after :func:`parse_handin` has checked all of it:

* the text: at most :data:`MAX_HANDIN_BYTES`, UTF-8, nested at most :data:`MAX_DEPTH` deep,
  no duplicate key in any object, no ``NaN``/``Infinity``, no number of more than
  :data:`MAX_DIGITS` digits (checked before anything is built from it);
* every field: its type (a list is never taken for a string, a number never for a case id),
  its range (attempts, seconds, hours), its length, and its vocabulary (levels, decisions,
  confidence labels, schedule verdicts; ids are slugs).

A bad file is refused with :class:`HandInProblem`, whose message names the file, the field and
what is wrong. The model keeps what each answer *chose* and what the trainee's kit *said* about
it (``stated_correct``); the debrief regrades from the choice and never uses the statement.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from iopkit.errors import IopkitError
from iopkit.inputs import printable
from iopkit.levels import Decision, Level, WithdrawalSetting

EXPORT_FORMAT = "iopkit-responses"
EXPORT_FORMAT_VERSION = 1
TABLES: tuple[str, ...] = ("placement", "quiz", "schedule", "plan")
"""The answers tables a hand-in holds (the answers database's tables, same names)."""

MAX_HANDIN_BYTES = 5 * 1024 * 1024
"""The largest hand-in the writer writes and the debrief reads (a full day is under 200 KiB)."""
MAX_DEPTH = 6
"""Deepest nesting of lists and objects (a hand-in needs 4: file, table, answer, codes)."""
MAX_DIGITS = 4300
"""Longest number, in digits, the decoder reads (Python's own limit); every field then checks
its range, so a long number is refused by the field that holds it."""
MAX_ROWS = 100_000
"""Most answers in one table of one hand-in."""
MAX_ATTEMPT = 100_000
MAX_SECONDS = 7 * 24 * 3600.0
"""Longest time on one answer that is shown (a week: a tab left open overnight is plausible)."""
MAX_TEXT = 64
"""Longest id, code or chosen value."""

CONFIDENCE: tuple[str, ...] = ("", "guessing", "fairly sure", "very sure")
VERDICTS: tuple[str, ...] = ("ok", "warnings", "errors")
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
_TRAINEE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_PSEUDONYM = re.compile(r"^[A-Za-z][A-Za-z0-9 _-]{0,31}$")
_FORM = re.compile(r"^[A-Z]$")
_WORD = re.compile(r"^[A-Za-z0-9_.:+-]+$")
"""An option key or a version: letters, digits and ``_ . : + -`` (nothing a terminal or a page
could take for markup or an escape code)."""
_TIMESTAMP = re.compile(r"^[0-9T:+.\- Z]{0,40}$")


class HandInProblem(IopkitError, ValueError):
    """A file is not a usable hand-in; the message names the file, the field and the fault."""

    def __init__(self, name: str, field: str, what: str) -> None:
        self.name, self.field, self.what = name, field, what
        super().__init__(f"{printable(name)}: {self.fault}")

    @property
    def fault(self) -> str:
        """The field and what is wrong with it, without the file's name."""
        return f"field '{self.field}' {self.what}" if self.field else self.what


# --- The model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementAnswer:
    """One placement answer (``stage`` is ``""`` for the admission question)."""

    case_id: str
    stage: str
    attempt: int
    chosen: str
    stated_correct: bool
    confidence: str = ""
    seconds: float | None = None
    vignette_version: int | None = None
    at: str = ""


@dataclass(frozen=True)
class QuizAnswer:
    quiz: str
    item: str
    attempt: int
    chosen: str
    correct: bool
    at: str = ""


@dataclass(frozen=True)
class ScheduleCheck:
    case_id: str
    verdict: str
    hours: float
    days: int
    weeks: int
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    at: str = ""


@dataclass(frozen=True)
class PlanCheck:
    case_id: str
    stage: str
    complete: bool
    missing: tuple[str, ...] = ()
    at: str = ""


@dataclass(frozen=True)
class HandInRecord:
    """A hand-in that passed every check."""

    trainee_id: str
    pseudonym: str
    exported_at: str
    kit_version: str
    vignette_versions: Mapping[str, int]
    placement: tuple[PlacementAnswer, ...]
    quiz: tuple[QuizAnswer, ...]
    schedule: tuple[ScheduleCheck, ...]
    plan: tuple[PlanCheck, ...]
    knowledge_seed: int | None = None
    """The seed of the trainee's knowledge-check plan (forms and option orders)."""

    @property
    def answers(self) -> int:
        return len(self.placement) + len(self.quiz) + len(self.schedule) + len(self.plan)

    def for_measurement(self) -> dict[str, Any]:
        """The knowledge-check part, in the shape :func:`iopkit.measurement.measure` reads (it
        grades each choice again itself)."""
        return {
            "trainee": {"id": self.trainee_id, "pseudonym": self.pseudonym},
            "quiz": [
                {"quiz": q.quiz, "item": q.item, "attempt": q.attempt, "chosen": q.chosen}
                for q in self.quiz
            ],
            "knowledge_check": {"seed": self.knowledge_seed},
        }

    def version_of(self, answer: PlacementAnswer) -> int | None:
        """The case version an answer was given to: the answer's own, else the hand-in's."""
        if answer.vignette_version is not None:
            return answer.vignette_version
        return self.vignette_versions.get(answer.case_id)


# --- Reading the text -----------------------------------------------------------------------


def nesting_depth(value: Any) -> int:
    """How deep lists and objects nest in a decoded JSON value (walked without recursion).

    >>> nesting_depth({"a": [1, {"b": "[[["}]})
    3
    """
    depth, level = 0, [value] if isinstance(value, dict | list) else []
    while level:
        depth += 1
        level = [
            child
            for item in level
            for child in (item.values() if isinstance(item, dict) else item)
            if isinstance(child, dict | list)
        ]
    return depth


class _Refused(ValueError):
    def __init__(self, field: str, what: str) -> None:
        super().__init__(what)
        self.field, self.what = field, what


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):  # rare: only then look for the name used twice
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _Refused(key, "appears twice in one object; a hand-in names each field once")
            seen.add(key)
    return out


def _no_constant(text: str) -> Any:
    raise _Refused("", f"holds {text}, which is not a number a hand-in can hold")


def load_json(data: bytes, name: str) -> Any:
    """The JSON value in ``data``, refused (:class:`HandInProblem`) when over the size limit,
    not UTF-8, too deeply nested, holding a duplicate key, NaN, infinity or a huge number."""
    if len(data) > MAX_HANDIN_BYTES:
        raise HandInProblem(
            name, "", f"is {len(data) / 1024 / 1024:.1f} MiB; a hand-in is at most 5 MiB"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HandInProblem(name, "", f"not UTF-8 text (byte {exc.start})") from None
    too_deep = HandInProblem(name, "", f"nests lists or objects more than {MAX_DEPTH} deep")
    try:
        value = json.loads(
            text,
            object_pairs_hook=_no_duplicates,
            parse_constant=_no_constant,
        )
    except _Refused as exc:
        raise HandInProblem(name, exc.field, exc.what) from None
    except json.JSONDecodeError as exc:
        raise HandInProblem(name, "", f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    except RecursionError:  # the decoder's own guard, long before any stack is at risk
        raise too_deep from None
    except ValueError:  # Python refuses to read an integer of thousands of digits
        raise HandInProblem(name, "", f"holds a number of more than {MAX_DIGITS} digits") from None
    if nesting_depth(value) > MAX_DEPTH:
        raise too_deep
    return value


# --- Checking the fields --------------------------------------------------------------------


def _shown(value: Any) -> str:
    text = printable(json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value)
    text = text if len(text) <= 40 else text[:37] + "..."
    return f"'{text}'" if isinstance(value, str) else text


class _Fields:
    """Typed getters over one JSON object; a wrong field raises :class:`_Refused` naming it."""

    def __init__(self, obj: Any, where: str) -> None:
        if not isinstance(obj, dict):
            raise _Refused(where, f"must be an object, not {_kind(obj)}")
        self.obj, self.where = obj, where

    def _path(self, key: str) -> str:
        return f"{self.where}.{key}" if self.where else key

    def _get(self, key: str, default: Any) -> Any:
        value = self.obj.get(key, default)
        if value is _REQUIRED:
            raise _Refused(self._path(key), "is missing")
        return value

    def text(
        self,
        key: str,
        default: Any = None,
        pattern: re.Pattern[str] | None = None,
        allowed: tuple[str, ...] = (),
        empty: bool = False,
        max_length: int = MAX_TEXT,
    ) -> str:
        value = self._get(key, _REQUIRED if default is None else default)
        if type(value) is str and (  # the common case, checked first: a hand-in is mostly these
            (value in allowed)
            if allowed
            else (not value and empty)
            or (len(value) <= max_length and (pattern is None or pattern.match(value)))
        ):
            return value
        field = self._path(key)
        if not isinstance(value, str):
            raise _Refused(field, f"must be text, not {_kind(value)}")
        if allowed:
            words = ", ".join(repr(a) for a in allowed)
            raise _Refused(field, f"is {_shown(value)}; allowed: {words}")
        if len(value) > max_length:
            raise _Refused(field, f"is {len(value)} characters long (at most {max_length})")
        raise _Refused(field, f"is {_shown(value)}, which is not a valid {key.replace('_', ' ')}")

    def integer(self, key: str, low: int, high: int, optional: bool = False) -> int | None:
        value = self._get(key, None if optional else _REQUIRED)
        if type(value) is int and low <= value <= high:
            return value
        field = self._path(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Refused(field, f"must be a whole number, not {_kind(value)}")
        if not low <= value <= high:
            raise _Refused(field, f"is {value}; allowed: {low} to {high}")
        return value

    def number(self, key: str, low: float, high: float, optional: bool = False) -> float | None:
        value = self._get(key, None if optional else _REQUIRED)
        field = self._path(key)
        if value is None and optional:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Refused(field, f"must be a number, not {_kind(value)}")
        if not math.isfinite(value) or not low <= value <= high:
            raise _Refused(field, f"is {value}; allowed: {low:g} to {high:g}")
        return float(value)

    def flag(self, key: str) -> bool:
        value = self._get(key, _REQUIRED)
        if not isinstance(value, bool):
            raise _Refused(self._path(key), f"must be true or false, not {_kind(value)}")
        return value

    def codes(self, key: str) -> tuple[str, ...]:
        value = self._get(key, [])
        field = self._path(key)
        if not isinstance(value, list):
            raise _Refused(field, f"must be a list of names, not {_kind(value)}")
        if len(value) > 100:
            raise _Refused(field, f"lists {len(value)} names (at most 100)")
        for i, code in enumerate(value):
            if not isinstance(code, str) or not _SLUG.match(code) or len(code) > MAX_TEXT:
                raise _Refused(f"{field}[{i}]", f"is {_shown(code)}, which is not a name")
        return tuple(dict.fromkeys(value))


_REQUIRED = object()


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {_shown(value)}"
    if isinstance(value, str):
        return f"the text {_shown(value)}"
    if isinstance(value, list):
        return "a list"
    return "an object"


_HEADS = frozenset(v.value for v in (*Level, *Decision))
_DETAILS = frozenset(v.value for v in (*Level, *WithdrawalSetting))


def _choice(f: _Fields) -> str:
    """A stored answer: a level or a decision, with its detail after ``:`` (a withdrawal
    setting, or the level a step moves to), as :mod:`iopkit.grading` reads it."""
    chosen = f.text("chosen")
    head, colon, detail = chosen.partition(":")
    if head not in _HEADS or (colon and detail not in _DETAILS):
        heads = ", ".join(sorted(_HEADS))
        raise _Refused(
            f"{f.where}.chosen",
            f"is {_shown(chosen)}; allowed: a level or a decision ({heads}), optionally "
            "followed by ':' and a level or withdrawal setting",
        )
    return chosen


def _placement(f: _Fields) -> PlacementAnswer:
    seconds = f.number("seconds", 0.0, MAX_SECONDS, optional=True)
    return PlacementAnswer(
        case_id=f.text("case_id", pattern=_SLUG),
        stage=f.text("stage", "", pattern=_SLUG, empty=True),
        attempt=int(f.integer("attempt", 1, MAX_ATTEMPT) or 1),
        chosen=_choice(f),
        stated_correct=f.flag("correct"),
        confidence=f.text("confidence", "", allowed=CONFIDENCE),
        seconds=seconds,
        vignette_version=f.integer("vignette_version", 1, 10**6, optional=True),
        at=f.text("at", "", pattern=_TIMESTAMP, empty=True),
    )


def _quiz(f: _Fields) -> QuizAnswer:
    return QuizAnswer(
        quiz=f.text("quiz", pattern=_SLUG),
        item=f.text("item", pattern=_SLUG),
        attempt=int(f.integer("attempt", 1, MAX_ATTEMPT) or 1),
        chosen=f.text("chosen", pattern=_WORD, empty=True),
        correct=f.flag("correct"),
        at=f.text("at", "", pattern=_TIMESTAMP, empty=True),
    )


def _schedule(f: _Fields) -> ScheduleCheck:
    return ScheduleCheck(
        case_id=f.text("case_id", "", pattern=_SLUG, empty=True),
        verdict=f.text("verdict", allowed=VERDICTS),
        hours=float(f.number("hours", 0.0, 168.0) or 0.0),
        days=int(f.integer("days", 0, 7) or 0),
        weeks=int(f.integer("weeks", 0, 520) or 0),
        errors=f.codes("errors"),
        warnings=f.codes("warnings"),
        at=f.text("at", "", pattern=_TIMESTAMP, empty=True),
    )


def _plan(f: _Fields) -> PlanCheck:
    return PlanCheck(
        case_id=f.text("case_id", "", pattern=_SLUG, empty=True),
        stage=f.text("stage", "", pattern=_SLUG, empty=True),
        complete=f.flag("complete"),
        missing=f.codes("missing"),
        at=f.text("at", "", pattern=_TIMESTAMP, empty=True),
    )


def _knowledge_seed(top: _Fields) -> int | None:
    value = top.obj.get("knowledge_check")
    if value is None:
        return None
    check = _Fields(value, "knowledge_check")
    check.text("first_form", "", pattern=_FORM, empty=True)
    return check.integer("seed", 0, 2**63 - 1, optional=True)


def _rows(top: _Fields, table: str) -> list[_Fields]:
    rows = top.obj.get(table, [])
    if not isinstance(rows, list):
        raise _Refused(table, f"must be a list of answers, not {_kind(rows)}")
    if len(rows) > MAX_ROWS:
        raise _Refused(table, f"holds {len(rows)} answers (at most {MAX_ROWS})")
    return [_Fields(row, f"{table}[{i}]") for i, row in enumerate(rows)]


def _versions(top: _Fields) -> dict[str, int]:
    value = top.obj.get("vignette_versions", {})
    if not isinstance(value, dict):
        raise _Refused("vignette_versions", f"must be an object, not {_kind(value)}")
    out: dict[str, int] = {}
    for key, version in value.items():
        field = f"vignette_versions.{printable(key)[:40]}"
        if not _SLUG.match(key) or len(key) > MAX_TEXT:
            raise _Refused(field, "is not a case id")
        if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= 10**6:
            raise _Refused(field, f"must be a version number, not {_kind(version)}")
        out[key] = version
    return out


def handin_from_data(data: Any, name: str) -> HandInRecord:
    """Check a decoded hand-in field by field; :class:`HandInProblem` names the first fault."""
    try:
        if not isinstance(data, dict):
            raise _Refused("", "not a hand-in (a JSON object with the kit's answers)")
        top = _Fields(data, "")
        top.text("format", allowed=(EXPORT_FORMAT,))
        version = data.get("format_version")
        if isinstance(version, bool) or not isinstance(version, int):
            raise _Refused("format_version", f"must be a whole number, not {_kind(version)}")
        if not 1 <= version <= EXPORT_FORMAT_VERSION:
            raise _Refused(
                "format_version",
                f"is {version}; this kit reads 1 to {EXPORT_FORMAT_VERSION} (a newer kit "
                "wrote it: update iopkit)",
            )
        trainee = _Fields(top.obj.get("trainee"), "trainee")
        return HandInRecord(
            trainee_id=trainee.text("id", pattern=_TRAINEE_ID),
            pseudonym=trainee.text("pseudonym", "?", pattern=_PSEUDONYM, empty=True) or "?",
            exported_at=top.text("exported_at", "", pattern=_TIMESTAMP, empty=True),
            kit_version=top.text("kit_version", "", pattern=_WORD, empty=True),
            vignette_versions=_versions(top),
            placement=tuple(_placement(f) for f in _rows(top, "placement")),
            quiz=tuple(_quiz(f) for f in _rows(top, "quiz")),
            schedule=tuple(_schedule(f) for f in _rows(top, "schedule")),
            plan=tuple(_plan(f) for f in _rows(top, "plan")),
            knowledge_seed=_knowledge_seed(top),
        )
    except _Refused as exc:
        raise HandInProblem(name, exc.field, exc.what) from None


def parse_handin(data: bytes, name: str) -> HandInRecord:
    """A hand-in file's bytes, checked in full (see the module's description)."""
    return handin_from_data(load_json(data, name), name)


def handin_text(data: Mapping[str, Any], name: str = "your hand-in") -> str:
    """The JSON the writer puts in the drop box, after the same checks the debrief makes (so a
    hand-in the debrief would refuse is never written)."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    parse_handin(text.encode("utf-8"), name)
    return text


__all__ = [
    "CONFIDENCE",
    "EXPORT_FORMAT",
    "EXPORT_FORMAT_VERSION",
    "MAX_DEPTH",
    "MAX_HANDIN_BYTES",
    "TABLES",
    "HandInProblem",
    "HandInRecord",
    "PlacementAnswer",
    "PlanCheck",
    "QuizAnswer",
    "ScheduleCheck",
    "handin_from_data",
    "handin_text",
    "load_json",
    "nesting_depth",
    "parse_handin",
]
