"""Checking vignette files the way ``iopkit validate`` does.

Each file is checked on its own (the schema, then the content rules below) and the set as a
whole (ids are unique, and do not clash with a built-in case). Content rules:

- the answer key agrees with :func:`iopkit.placement.recommend` (an error, or a warning when
  ``key_differs_because`` explains the difference); the assessment's population matches the
  vignette's;
- feedback is written for every level a trainee can choose;
- the presentation has 250-600 words (an error: the built-in library's quality bar);
- each stage: its id is unique in the case, its key agrees with the engine, its decision
  matches the move from the previous level, feedback exists for every decision, and a
  discharge goes to outpatient care with a plan that books follow-up within 7 days;
- a schedule task's earliest start comes before its latest end;
- no text still holds a ``TODO`` placeholder from the template;
- the privacy lint (:mod:`iopkit.vignettes.privacy`) finds nothing in any text field.

Every problem carries the file, line, column and field; nothing here prints or raises for bad
input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from iopkit import sources as S
from iopkit.assessment import Assessment
from iopkit.errors import require_text
from iopkit.grading import REACHES
from iopkit.inputs import (
    MAX_FILE_BYTES,
    Document,
    InputError,
    PathKey,
    Problem,
    ProblemSeverity,
    format_path,
    parse_json,
    parse_yaml,
    printable,
    read_text,
    short_value,
)
from iopkit.levels import Level
from iopkit.placement import RULES, Recommendation, decide
from iopkit.vignettes import privacy
from iopkit.vignettes.loader import (
    BUILTIN_DIR,
    PathLike,
    load_files,
    vignette_files,
    vignette_from_document,
)
from iopkit.vignettes.model import Decision, Stage, Vignette

MIN_WORDS = 250
MAX_WORDS = 600
"""Length of a presentation, in words (issue 3: 250-600 words)."""

MAX_FOLLOW_UP_DAYS = S.FOLLOW_UP_WITHIN_DAYS
"""A discharge plan books follow-up within this many days (source: ``S.FOLLOW_UP_7_DAYS``,
the NCQA HEDIS 7-day follow-up measure; see docs/sources.md)."""


@dataclass(frozen=True)
class ValidationReport:
    """What ``iopkit validate`` found: every problem in every file, and the files checked."""

    files: tuple[str, ...]
    problems: tuple[Problem, ...]
    vignettes: tuple[Vignette, ...] = field(default=(), repr=False)

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is ProblemSeverity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is not ProblemSeverity.ERROR)

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings are allowed)."""
        return not self.errors

    def summary(self) -> str:
        n_files = len(self.files)
        files = f"{n_files} file{'' if n_files == 1 else 's'}"
        folders = self.files_per_folder()
        if len(folders) > 1:
            files += " (" + ", ".join(f"{n} in {printable(f)}" for f, n in folders.items()) + ")"
        e, w = len(self.errors), len(self.warnings)
        status = "OK" if self.ok else "FAILED"
        return (
            f"{status}: checked {files}: {e} error{'' if e == 1 else 's'}, "
            f"{w} warning{'' if w == 1 else 's'}."
        )

    def files_per_folder(self) -> dict[str, int]:
        """How many files were checked in each folder, in the order they were checked."""
        counts: dict[str, int] = {}
        for name in self.files:
            folder = str(Path(name).parent)
            counts[folder] = counts.get(folder, 0) + 1
        return counts

    def format(self) -> str:
        """One line per problem (``file:line:col: severity: field: message``), then a summary."""
        return "\n".join([*(p.format() for p in self.problems), self.summary()])

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "files": list(self.files),
            "files_per_folder": self.files_per_folder(),
            "vignettes": [v.id for v in self.vignettes],
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.to_dict() for p in self.problems],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def _repr_html_(self) -> str:
        from iopkit.render.cases import validation_report_html

        return validation_report_html(self)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.problems)


@dataclass(frozen=True)
class KeyCheck:
    """An author's answer key beside the engine's recommendation (for educators checking a
    draft; a trainee never sees this before answering)."""

    title: str
    key: Level
    recommendation: Recommendation
    key_differs_because: str | None = None

    @property
    def agrees(self) -> bool:
        return self.recommendation.level is self.key

    def _repr_html_(self) -> str:
        from iopkit.render.cases import key_check_html

        return key_check_html(self)


def key_check(v: Vignette) -> KeyCheck:
    """Compare a vignette's key with what the engine recommends for its assessment.

    >>> from iopkit.vignettes import load_library
    >>> key_check(load_library([]).get("lena-worry")).agrees
    True
    """
    from iopkit.placement import recommend

    return KeyCheck(v.title, v.expected_level, recommend(v.assessment), v.key_differs_because)


def _problem(
    doc: Document,
    path: PathKey,
    message: str,
    *,
    severity: ProblemSeverity = ProblemSeverity.ERROR,
    code: str,
    value: object = None,
    allowed: str | None = None,
) -> Problem:
    line, column = doc.locate(path)
    return Problem(
        message,
        file=doc.path,
        path=format_path(path),
        line=line,
        column=column,
        value=None if value is None else short_value(value),
        allowed=allowed,
        severity=severity,
        code=code,
    )


def _engine_level(assessment: Assessment) -> tuple[Level, str]:
    """The engine's level and deciding rule (what ``recommend`` says, without the what-ifs)."""
    level, index = decide(assessment)
    return level, RULES[index].id


def check_vignette(v: Vignette, doc: Document, text: str | None = None) -> list[Problem]:
    """The content rules for one vignette that already passed the schema."""
    problems: list[Problem] = []
    add = problems.append
    explained = v.key_differs_because is not None
    key_severity = ProblemSeverity.WARNING if explained else ProblemSeverity.ERROR
    because = (
        "; key_differs_because explains why"
        if explained
        else ". If the difference is deliberate, explain it in key_differs_because"
    )

    problems.extend(_key_problems(v, v, doc, (), key_severity, because))
    problems.extend(_feedback_problems(doc, (), v.feedback, Level, "level a trainee can choose"))
    words = v.word_count
    if not MIN_WORDS <= words <= MAX_WORDS:
        add(
            _problem(
                doc,
                ("presentation",),
                f"the presentation has {words} words; write {MIN_WORDS}-{MAX_WORDS}",
                code="presentation-length",
            )
        )
    problems.extend(_check_stages(v, doc, key_severity, because))
    task = v.schedule_task
    if task and task.earliest_start and task.latest_end:
        from iopkit.fields import parse_time

        if parse_time(task.earliest_start) >= parse_time(task.latest_end):
            add(
                _problem(
                    doc,
                    ("schedule_task", "latest_end"),
                    f"latest_end {task.latest_end} is not after earliest_start "
                    f"{task.earliest_start}",
                    code="schedule-window",
                    value=task.latest_end,
                )
            )
    problems.extend(todo_problems(v, doc))
    problems.extend(privacy_problems(v, doc, text))
    return problems


def _key_problems(
    v: Vignette,
    part: Vignette | Stage,
    doc: Document,
    at: PathKey,
    key_severity: ProblemSeverity,
    because: str,
) -> list[Problem]:
    """The checks a vignette and each of its stages share: the key against the engine, and the
    assessment's population against the vignette's."""
    problems: list[Problem] = []
    stage = isinstance(part, Stage)
    key, whose = ("this stage's key", "the stage's") if stage else ("the answer key", "this")
    level, rule = _engine_level(part.assessment)
    if level is not part.expected_level:
        problems.append(
            _problem(
                doc,
                (*at, "expected_level"),
                f"{key} is {part.expected_level.value} but the engine recommends "
                f"{level.value} for {whose} assessment (rule {rule}){because}",
                severity=key_severity,
                code="stage-key-differs" if stage else "key-differs",
                value=part.expected_level.value,
            )
        )
    said = part.assessment.population
    says = "the stage's" if stage else "the"
    if said is not v.population:
        problems.append(
            _problem(
                doc,
                (*at, "assessment", "population"),
                f"{says} assessment says {said.value} "
                f"but the vignette's population is {v.population.value}",
                code="population-mismatch",
                value=said.value,
                allowed=v.population.value,
            )
        )
    return problems


def _feedback_problems(
    doc: Document,
    at: PathKey,
    feedback: Mapping[Any, str],
    choices: Iterable[Enum],
    what: str,
) -> list[Problem]:
    """One ``feedback-missing`` problem when ``feedback`` lacks an entry for any of ``choices``
    (the levels of a vignette, the decisions of a stage): every answer a trainee can give
    needs the author's words on why it is or is not right."""
    options = [c.value for c in choices]
    missing = [c for c in options if c not in {getattr(k, "value", k) for k in feedback}]
    if not missing:
        return []
    return [
        _problem(
            doc,
            (*at, "feedback"),
            f"feedback is missing for {', '.join(missing)}: write why each {what} "
            "is or is not right",
            code="feedback-missing",
            allowed=", ".join(options),
        )
    ]


def todo_problems(v: Vignette, doc: Document) -> list[Problem]:
    """Text still holding the template's ``TODO`` placeholders."""
    return [
        _problem(
            doc,
            path,
            "replace the TODO placeholder with your own text",
            code="todo-left",
            value=value,
        )
        for path, value in text_fields(v)
        if "TODO" in value
    ]


def _check_stages(
    v: Vignette, doc: Document, key_severity: ProblemSeverity, because: str
) -> list[Problem]:
    problems: list[Problem] = []
    add = problems.append
    previous = v.expected_level
    seen: set[str] = set()
    for i, stage in enumerate(v.stages):
        at: PathKey = ("stages", i)
        if stage.id in seen:
            add(
                _problem(
                    doc,
                    (*at, "id"),
                    f"the stage id '{stage.id}' is used twice in this vignette",
                    code="duplicate-stage-id",
                    value=stage.id,
                )
            )
        seen.add(stage.id)
        if stage.key_differs_because is not None:  # the stage's own reason
            problems.extend(
                _key_problems(
                    v, stage, doc, at, ProblemSeverity.WARNING, "; key_differs_because explains why"
                )
            )
        else:
            problems.extend(_key_problems(v, stage, doc, at, key_severity, because))
        move = _move_problem(stage.decision, previous, stage.expected_level)
        if move:
            add(_problem(doc, (*at, "decision"), move, code="decision-mismatch"))
        problems.extend(_defensible_problems(stage, previous, doc, at))
        problems.extend(
            _feedback_problems(doc, at, stage.feedback, Decision, "decision at this stage")
        )
        if stage.decision is Decision.DISCHARGE:
            plan = stage.discharge_plan
            if plan is None:
                add(
                    _problem(
                        doc,
                        (*at, "discharge_plan"),
                        "a discharge stage needs a discharge_plan (follow-up and relapse "
                        "prevention)",
                        code="discharge-plan-missing",
                    )
                )
            elif plan.follow_up_within_days > MAX_FOLLOW_UP_DAYS:
                add(
                    _problem(
                        doc,
                        (*at, "discharge_plan", "follow_up_within_days"),
                        f"follow-up should be booked within {MAX_FOLLOW_UP_DAYS} days of discharge",
                        code="follow-up-late",
                        value=plan.follow_up_within_days,
                        allowed=f"1-{MAX_FOLLOW_UP_DAYS}",
                    )
                )
        elif stage.discharge_plan is not None:
            add(
                _problem(
                    doc,
                    (*at, "discharge_plan"),
                    f"a discharge_plan is only used when the decision is discharge "
                    f"(this stage's decision is {stage.decision.value})",
                    severity=ProblemSeverity.WARNING,
                    code="discharge-plan-unused",
                )
            )
        previous = stage.expected_level
    return problems


def _defensible_problems(
    stage: Stage, previous: Level, doc: Document, at: PathKey
) -> list[Problem]:
    """A stage's defensible decision that reaches the key's level is the key by another name
    (grading counts it as the key), so listing it as defensible contradicts the grade."""
    return [
        _problem(
            doc,
            (*at, "also_defensible", decision.value),
            f"{decision.value} from {previous.value} leads to {stage.expected_level.value}, the "
            f"key's level, so it already grades as the key: remove it from also_defensible",
            code="defensible-is-key",
            value=decision.value,
        )
        for decision in stage.also_defensible
        if REACHES[decision](previous) is stage.expected_level
    ]


def _move_problem(decision: Decision, previous: Level, level: Level) -> str | None:
    """Why ``decision`` does not fit a move from ``previous`` to ``level`` (None if it does)."""
    frm, to = previous.value, level.value
    if decision is Decision.CONTINUE and level is not previous:
        return f"'continue' keeps the same level, but the key moves from {frm} to {to}"
    if decision is Decision.STEP_DOWN and not level.rank < previous.rank:
        return f"'step_down' needs a less intensive level than {frm}, but the key is {to}"
    if decision is Decision.STEP_UP and not level.rank > previous.rank:
        return f"'step_up' needs a more intensive level than {frm}, but the key is {to}"
    if decision is Decision.DISCHARGE and level is not Level.OUTPATIENT:
        return f"'discharge' leaves the programme for outpatient care, but the key is {to}"
    return None


NOT_FREE_TEXT: dict[str, str] = {
    "id": "a slug (the case's or a stage's), checked by its pattern",
    "earliest_start": "a time of day, HH:MM",
    "latest_end": "a time of day, HH:MM",
    "authors": "who wrote the case: the authors' own names, not read by trainees",
}
"""Text-valued fields that are not free text a trainee reads, and why; every other text in a
vignette is scanned, so a field added to the model is linted without touching this module."""


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


MAX_PRIVACY_FINDINGS = 10
"""Findings listed per text field; the rest are counted (a pasted record can hold thousands)."""


def privacy_problems(v: Vignette, doc: Document, text: str | None = None) -> list[Problem]:
    """Privacy-lint findings as errors, located at the line of the match when it can be found."""
    problems: list[Problem] = []
    lines = text.splitlines() if text else []
    for path, value in text_fields(v):
        findings = privacy.scan(value)
        if len(findings) > MAX_PRIVACY_FINDINGS:
            line, column = doc.locate(path)
            problems.append(
                Problem(
                    f"{len(findings) - MAX_PRIVACY_FINDINGS} more things in this field look "
                    "like real identifiers (only the first "
                    f"{MAX_PRIVACY_FINDINGS} are listed)",
                    file=doc.path,
                    path=format_path(path),
                    line=line,
                    column=column,
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


def _parse(text: str, name: str) -> Document:
    if name.lower().endswith(".json"):
        return parse_json(text, name)
    return parse_yaml(text, name)


def _check_one(text: str, name: str) -> tuple[Vignette | None, Document | None, list[Problem]]:
    """Parse, validate and check one file's text; never raises for bad input."""
    try:
        if not text.strip():
            raise InputError([Problem("the file is empty", file=name, code="empty")])
        doc = _parse(text, name)
        vignette = vignette_from_document(doc)
    except InputError as exc:
        return None, None, list(exc.problems)
    return vignette, doc, check_vignette(vignette, doc, text)


class _Checker:
    """Collects vignettes across files and checks that their ids are unique."""

    def __init__(self, against_builtin: bool) -> None:
        self.problems: list[Problem] = []
        self.vignettes: list[Vignette] = []
        self.files: list[str] = []
        self.first: dict[str, str] = {}
        self.builtin: dict[str, Path] = _builtin_ids() if against_builtin else {}

    def add(self, text: str, name: str, path: Path | None = None) -> None:
        self.files.append(name)
        try:
            vignette, doc, problems = _check_one(text, name)
        except Exception as exc:  # a bug in iopkit must not become a traceback for an author
            problems = [
                Problem(
                    f"iopkit could not check this file ({type(exc).__name__}: {exc}); "
                    "please report this as a bug in iopkit",
                    file=name,
                    code="internal-error",
                )
            ]
            vignette = doc = None
        self.problems.extend(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
        if vignette is None or doc is None:
            return
        other = self.first.get(vignette.id)
        builtin = self.builtin.get(vignette.id)
        same_builtin = builtin is not None and path is not None and _same(builtin, path)
        if other is not None:
            self.problems.append(
                _problem(
                    doc,
                    ("id",),
                    f"the id '{vignette.id}' is already used by {other}; every vignette "
                    "needs its own id",
                    code="duplicate-id",
                    value=vignette.id,
                )
            )
        elif builtin is not None and not same_builtin:
            self.problems.append(
                _problem(
                    doc,
                    ("id",),
                    f"the id '{vignette.id}' is already used by the built-in vignette "
                    f"{builtin.name}; choose another id (the library would skip this file)",
                    code="duplicate-id",
                    value=vignette.id,
                )
            )
        else:
            self.first[vignette.id] = name
        self.vignettes.append(vignette)

    def report(self) -> ValidationReport:
        return ValidationReport(tuple(self.files), tuple(self.problems), tuple(self.vignettes))


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


_BUILTIN_IDS: dict[tuple[tuple[str, int, int], ...], dict[str, Path]] = {}


def _builtin_ids() -> dict[str, Path]:
    """Ids of the built-in vignettes, as the library loader reads them (cached until the files
    change)."""
    if not BUILTIN_DIR.is_dir():
        return {}
    files, _ = vignette_files([BUILTIN_DIR])
    stamp = []
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        stamp.append((str(path), info.st_mtime_ns, info.st_size))
    key = tuple(stamp)
    if key not in _BUILTIN_IDS:
        _BUILTIN_IDS.clear()
        _BUILTIN_IDS[key] = _read_ids(files)
    return _BUILTIN_IDS[key]


def _read_ids(files: list[Path]) -> dict[str, Path]:
    """The id of each built-in file, read by the library loader (the first file wins)."""
    loaded, _ = load_files(files)
    return {v.id: path for v, path in loaded}


def validate_paths(
    paths: Iterable[PathLike] | None = None, *, against_builtin: bool = True
) -> ValidationReport:
    """Check vignette files and folders (``None``: the built-in library).

    ``against_builtin`` also reports ids already taken by a built-in vignette (the library
    would skip such a file).
    """
    sources: list[PathLike] = [BUILTIN_DIR] if paths is None else list(paths)
    checker = _Checker(against_builtin)
    seen: set[Path] = set()
    for source in sources:
        files, problems = vignette_files([source], seen)
        checker.problems.extend(problems)
        empty = not files and not problems and not vignette_files([source])[0]
        if empty and paths is not None and _is_dir(source):
            checker.problems.append(
                Problem(
                    "this folder has no vignette files (*.yaml or *.yml)",
                    file=str(source),
                    code="no-files",
                )
            )
        for path in files:
            try:
                text = read_text(path)
            except InputError as exc:
                checker.files.append(str(path))
                checker.problems.extend(exc.problems)
                continue
            checker.add(text, str(path), path)
    return checker.report()


def _is_dir(path: PathLike) -> bool:
    try:
        return Path(path).is_dir()
    except OSError:
        return False


def validate_text(
    yaml_text: str, name: str = "draft.yaml", *, against_builtin: bool = True
) -> ValidationReport:
    """The same checks on YAML text (for a draft typed in a notebook)."""
    require_text(yaml_text, "yaml_text")
    require_text(name, "name")
    checker = _Checker(against_builtin)
    size = len(yaml_text.encode("utf-8", errors="replace"))
    if size > MAX_FILE_BYTES:
        checker.files.append(name)
        checker.problems.append(
            Problem(
                f"the text is {size // 1024} KiB; the limit is {MAX_FILE_BYTES // 1024} KiB",
                file=name,
                code="too-large",
            )
        )
        return checker.report()
    checker.add(yaml_text, name)
    return checker.report()
