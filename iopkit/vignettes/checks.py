"""The content rules of a vignette: what ``iopkit validate`` checks and the loader enforces.

A vignette that passed the schema is checked here (:func:`check_vignette`); every problem
carries the file, line, column and field, and nothing here prints or raises for bad input.

- the answer key agrees with the teaching engine (an error, or a warning when
  ``key_differs_because`` explains it: the case's explanation covers the case's key, a stage's
  covers that stage only); the assessment's population matches the vignette's;
- feedback is written for every level a trainee can choose;
- the presentation has 250-600 words;
- each stage: its id is unique in the case, its key agrees with the engine, its decision fits
  the move from the previous level, feedback exists for every decision, and a discharge goes
  to outpatient care with a plan that books follow-up within 7 days (3 days after a
  psychiatric ward, 2 with suicide risk: :func:`iopkit.discharge.follow_up_limit`);
- a schedule task can be done: its earliest start comes before its latest end, and the days,
  hours and time window it allows hold at least the IOP minimum for the population;
- ``withdrawal: needs_management`` without ``withdrawal_risk`` is a warning naming the default;
- no value anywhere still holds a ``TODO`` placeholder from the template;
- no answer cue (a warning): a stage title, or the last paragraph of the presentation or of a
  stage's update, names no level of care or decision (:mod:`iopkit.vignettes.cues`);
- the privacy lint (:mod:`iopkit.vignettes.privacy`) finds nothing in any text field;
- an assessment that still uses an old field name (``risk_of_harm``, ``sober_living_available``)
  is read, with a warning naming the new field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any

from iopkit import sources as S
from iopkit.assessment import Assessment, Withdrawal, WithdrawalRisk, renamed_field_problems
from iopkit.discharge import follow_up_limit
from iopkit.fields import parse_time
from iopkit.grading import REACHES
from iopkit.inputs import Document, PathKey, Problem, ProblemSeverity
from iopkit.levels import LEVELS, Level
from iopkit.placement import RULES, Recommendation, decide
from iopkit.vignettes.model import Decision, ScheduleTask, Stage, Vignette
from iopkit.vignettes.texts import cue_problems, privacy_problems, todo_problems

MIN_WORDS = 250
MAX_WORDS = 600
"""Length of a presentation, in words (issue 3: 250-600 words)."""

MAX_FOLLOW_UP_DAYS = S.FOLLOW_UP_WITHIN_DAYS
"""A discharge plan books follow-up within this many days (source: ``S.FOLLOW_UP_7_DAYS``,
the NCQA HEDIS 7-day follow-up measure; see docs/sources.md)."""

MINUTES_A_DAY = 24 * 60


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


def _engine_level(assessment: Assessment) -> tuple[Level, str]:
    """The engine's level and deciding rule (what ``recommend`` says, without the what-ifs)."""
    level, index = decide(assessment)
    return level, RULES[index].id


def check_vignette(
    v: Vignette, doc: Document, text: str | None = None, *, warnings: bool = True
) -> list[Problem]:
    """The content rules for one vignette that already passed the schema (``text``, the file's
    text, places privacy findings at their own line and lets a file without TODO skip that
    search). ``warnings=False`` skips the checks that can only warn (the library loader, which
    refuses a file for its errors alone, asks for those only)."""
    problems: list[Problem] = []
    if warnings:
        problems.extend(_renamed_field_problems(doc))
    problems.extend(_key_problems(v, v, doc, ()))
    problems.extend(_feedback_problems(doc, (), v.feedback, Level, "level a trainee can choose"))
    words = v.word_count
    if not MIN_WORDS <= words <= MAX_WORDS:
        problems.append(
            doc.problem(
                ("presentation",),
                f"the presentation has {words} words; write {MIN_WORDS}-{MAX_WORDS}",
                code="presentation-length",
            )
        )
    if warnings:
        problems.extend(_withdrawal_problems(doc, (), v.assessment))
    problems.extend(_check_stages(v, doc, warnings))
    if v.schedule_task is not None:
        problems.extend(schedule_task_problems(v.schedule_task, v, doc))
    problems.extend(todo_problems(doc, text))
    if warnings:
        problems.extend(cue_problems(v, doc))
    problems.extend(privacy_problems(v, doc, text))
    return problems


def _renamed_field_problems(doc: Document) -> list[Problem]:
    """A warning for each old assessment field name (case and stages), naming the new one."""
    data = doc.data if isinstance(doc.data, Mapping) else {}
    problems = renamed_field_problems(data.get("assessment"), doc, ("assessment",))
    stages = data.get("stages")
    for i, stage in enumerate(stages if isinstance(stages, list) else []):
        if isinstance(stage, Mapping):
            problems += renamed_field_problems(
                stage.get("assessment"), doc, ("stages", i, "assessment")
            )
    return problems


def _key_problems(v: Vignette, part: Vignette | Stage, doc: Document, at: PathKey) -> list[Problem]:
    """The checks a vignette and each of its stages share: the key against the engine (its own
    ``key_differs_because`` turns the error into a warning), and the assessment's population
    against the vignette's."""
    problems: list[Problem] = []
    stage = isinstance(part, Stage)
    key, whose = ("this stage's key", "the stage's") if stage else ("the answer key", "this")
    level, rule = _engine_level(part.assessment)
    if level is not part.expected_level:
        explained = part.key_differs_because
        field = f"{'this stage' if stage else 'the case'}'s key_differs_because"
        because = (
            f"; {field} explains why"
            if explained
            else ". If the difference is deliberate, explain it in "
            + ("key_differs_because under this stage" if stage else "key_differs_because")
        )
        problems.append(
            doc.problem(
                (*at, "expected_level"),
                f"{key} is {part.expected_level.value} but the engine recommends "
                f"{level.value} for {whose} assessment (rule {rule}){because}",
                severity=ProblemSeverity.WARNING if explained else ProblemSeverity.ERROR,
                code="stage-key-differs" if stage else "key-differs",
                value=part.expected_level.value,
            )
        )
    said = part.assessment.population
    says = "the stage's" if stage else "the"
    if said is not v.population:
        problems.append(
            doc.problem(
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
    written = {getattr(k, "value", k) for k in feedback}
    missing = [c for c in options if c not in written]
    if not missing:
        return []
    return [
        doc.problem(
            (*at, "feedback"),
            f"feedback is missing for {', '.join(missing)}: write why each {what} "
            "is or is not right",
            code="feedback-missing",
            allowed=", ".join(options),
        )
    ]


def _withdrawal_problems(doc: Document, at: PathKey, assessment: Assessment) -> list[Problem]:
    """A warning when withdrawal needs managing and its risk is not stated: the rules then
    take the default (high), which means 24-hour withdrawal management."""
    if assessment.withdrawal is not Withdrawal.NEEDS_MANAGEMENT:
        return []
    if assessment.withdrawal_risk is not None:
        return []
    default = WithdrawalRisk.HIGH.value
    return [
        doc.problem(
            (*at, "assessment", "withdrawal"),
            "withdrawal is needs_management but withdrawal_risk is not given, so the teaching "
            f"rules take the default, {default}, and place the person in 24-hour withdrawal "
            f"management: add withdrawal_risk: low (ambulatory management is safe) or "
            f"withdrawal_risk: {default} under assessment, to say which you mean",
            severity=ProblemSeverity.WARNING,
            code="withdrawal-risk-default",
            allowed=", ".join(r.value for r in WithdrawalRisk),
        )
    ]


def _check_stages(v: Vignette, doc: Document, warnings: bool = True) -> list[Problem]:
    problems: list[Problem] = []
    add = problems.append
    previous = v.expected_level
    seen: set[str] = set()
    for i, stage in enumerate(v.stages):
        at: PathKey = ("stages", i)
        if stage.id in seen:
            add(
                doc.problem(
                    (*at, "id"),
                    f"the stage id '{stage.id}' is used twice in this vignette",
                    code="duplicate-stage-id",
                    value=stage.id,
                )
            )
        seen.add(stage.id)
        problems.extend(_key_problems(v, stage, doc, at))
        move = _move_problem(stage.decision, previous, stage.expected_level)
        if move:
            add(doc.problem((*at, "decision"), move, code="decision-mismatch"))
        problems.extend(_defensible_problems(stage, previous, doc, at))
        problems.extend(
            _feedback_problems(doc, at, stage.feedback, Decision, "decision at this stage")
        )
        if warnings:
            problems.extend(_withdrawal_problems(doc, at, stage.assessment))
        problems.extend(_discharge_plan_problems(doc, at, stage))
        previous = stage.expected_level
    return problems


def _defensible_problems(
    stage: Stage, previous: Level, doc: Document, at: PathKey
) -> list[Problem]:
    """A stage's defensible decision that reaches the key's level is the key by another name
    (grading counts it as the key), so listing it as defensible contradicts the grade."""
    return [
        doc.problem(
            (*at, "also_defensible", decision.value),
            f"{decision.value} from {previous.value} leads to {stage.expected_level.value}, the "
            f"key's level, so it already grades as the key: remove it from also_defensible",
            code="defensible-is-key",
            value=decision.value,
        )
        for decision in stage.also_defensible
        if REACHES[decision](previous) is stage.expected_level
    ]


def _discharge_plan_problems(doc: Document, at: PathKey, stage: Stage) -> list[Problem]:
    plan = stage.discharge_plan
    if stage.decision is not Decision.DISCHARGE:
        if plan is None:
            return []
        return [
            doc.problem(
                (*at, "discharge_plan"),
                f"a discharge_plan is only used when the decision is discharge "
                f"(this stage's decision is {stage.decision.value})",
                severity=ProblemSeverity.WARNING,
                code="discharge-plan-unused",
            )
        ]
    if plan is None:
        return [
            doc.problem(
                (*at, "discharge_plan"),
                "a discharge stage needs a discharge_plan (follow-up and relapse prevention)",
                code="discharge-plan-missing",
            )
        ]
    limit = follow_up_limit(
        leaving=stage.assessment.current_setting, suicide_risk=plan.safety_plan_needed
    )
    if plan.follow_up_within_days > limit:
        after_ward = (
            " (leaving a psychiatric ward: contact within "
            f"{S.CONTACT_AFTER_WARD_HOURS} hours, {S.CONTACT_AFTER_WARD_SUICIDE_RISK_HOURS} "
            "where suicide risk has been identified)"
            if limit < MAX_FOLLOW_UP_DAYS
            else ""
        )
        return [
            doc.problem(
                (*at, "discharge_plan", "follow_up_within_days"),
                f"follow-up should be booked within {limit} days of discharge{after_ward}",
                code="follow-up-late",
                value=plan.follow_up_within_days,
                allowed=f"1-{limit}",
            )
        ]
    return []


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


def schedule_task_problems(task: ScheduleTask, v: Vignette, doc: Document) -> list[Problem]:
    """Errors for a schedule task no week can meet: a window that ends before it starts, or
    fewer hours (allowed, or fitting the days and window allowed) than an IOP week needs for
    the case's population (the schedule checker refuses a week below that minimum)."""
    at: PathKey = ("schedule_task",)
    start = parse_time(task.earliest_start) if task.earliest_start else 0
    end = parse_time(task.latest_end) if task.latest_end else MINUTES_A_DAY
    if task.earliest_start and task.latest_end and start >= end:
        return [
            doc.problem(
                (*at, "latest_end"),
                f"latest_end {task.latest_end} is not after earliest_start {task.earliest_start}",
                code="schedule-window",
                value=task.latest_end,
            )
        ]
    minimum = LEVELS[Level.IOP].minimum_weekly_hours(v.population)
    if minimum is None:  # pragma: no cover - the IOP level always has a floor
        return []
    who = f"an {v.population.value}" if v.population.value[0] in "aeiou" else v.population.value
    floor = f"an IOP week for {who} needs at least {minimum:g} hours"
    if task.max_hours_per_week is not None and task.max_hours_per_week < minimum:
        return [
            doc.problem(
                (*at, "max_hours_per_week"),
                f"no week can meet this task: {floor}, and the task allows "
                f"{task.max_hours_per_week:g}. Raise max_hours_per_week to {minimum:g} or "
                "more, or delete the line",
                code="schedule-impossible",
                value=task.max_hours_per_week,
            )
        ]
    fits = len(task.allowed_days) * (end - start) / 60
    if fits < minimum:
        days = len(task.allowed_days)
        return [
            doc.problem(
                (*at, "allowed_days"),
                f"no week can meet this task: {floor}, and {days} day(s) from "
                f"{task.earliest_start or '00:00'} to {task.latest_end or '24:00'} hold only "
                f"{fits:g}. Allow more days or a longer window",
                code="schedule-impossible",
            )
        ]
    return []
