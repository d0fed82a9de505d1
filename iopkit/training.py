"""Training logic behind the apps: grading answers, keeping score, checking a week against a case.

Everything here is pure (no widgets, no plotting, no I/O), so the apps, the notebooks and the
tests read the same results:

* :func:`grade_placement`: a trainee's level for a vignette -> :class:`PlacementResult`
  (right or wrong, the author's feedback for that choice, the engine's reasons, learning points).
* :func:`grade_stage`: a decision at a later stage of a multi-stage case -> :class:`StageResult`.
* :class:`Scorecard`: the score across a set of cases (first answers count).
* :func:`check_task`: a week against a vignette's :class:`~iopkit.vignettes.model.ScheduleTask`
  (days, times, required activities, most hours) as extra findings.
* :func:`totals_summary`: a week's totals against the published hour bands.
* :func:`programme_timeline`: review, reassessment, discharge and follow-up points.
* :data:`QUIZ` and :func:`grade_quiz`: the "which level fits?" scenarios, graded by the engine.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from iopkit import sources as S
from iopkit.assessment import FIELD_LABELS, Assessment
from iopkit.errors import ArgumentError, ArgumentTypeError, UnknownNameError, choose
from iopkit.levels import LEVELS, Level, Population
from iopkit.placement import RULES_BY_ID, Recommendation, recommend
from iopkit.schedule import (
    Finding,
    FindingSeverity,
    Schedule,
    ScheduleReport,
    Session,
    parse_time,
)

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes.model import Decision, ScheduleTask, Stage, Vignette

Engine = Callable[[Assessment], Recommendation]

_E = html.escape


def _level(value: Level | str, argument: str = "chosen") -> Level:
    return choose(Level, value, argument)


def _reasons_html(rec: Recommendation) -> str:
    items = "".join(
        f"<li>{'&#10004; <b>met</b>' if r.met else '&#10006; not met'}: "
        f"<b>{_E(RULES_BY_ID[r.rule].title if r.rule in RULES_BY_ID else r.rule)}</b> "
        f"{_E(r.explanation)}</li>"
        for r in rec.reasons
    )
    flags = "".join(f"<li>{_E(f.message)}</li>" for f in rec.flags)
    return (
        f"<p>The teaching engine recommends <b>{_E(rec.level.label)}</b>. "
        f"Rules checked, in order:</p><ol>{items}</ol>"
        + (f"<p>Cautions for the plan:</p><ul>{flags}</ul>" if flags else "")
    )


def _points_html(points: tuple[str, ...]) -> str:
    if not points:
        return ""
    items = "".join(f"<li>{_E(p)}</li>" for p in points)
    return f"<p><b>Learning points</b></p><ul>{items}</ul>"


# --- Placement ------------------------------------------------------------------------------


def _verdict_heading(correct: bool, verdict: str, chosen: str) -> str:
    """The escaped headline of a graded answer, with a text mark as well as a class."""
    mark = "&#10004;" if correct else "&#10006;"
    cls = "correct" if correct else "incorrect"
    return f"<h4 class='iopkit-{cls}'>{mark} {_E(verdict)}: you chose {_E(chosen)}</h4>"


@dataclass(frozen=True)
class PlacementResult:
    """A trainee's answer to a placement case, graded against the author's key."""

    vignette_id: str
    chosen: Level
    expected: Level
    feedback: str
    recommendation: Recommendation
    learning_points: tuple[str, ...]
    confidence: str | None = None
    key_differs_because: str | None = None

    @property
    def correct(self) -> bool:
        return self.chosen is self.expected

    @property
    def verdict(self) -> str:
        return "Correct" if self.correct else "Not this time"

    @property
    def engine_agrees(self) -> bool:
        """True when the engine's recommendation matches the author's key."""
        return self.recommendation.level is self.expected

    def to_dict(self) -> dict[str, object]:
        return {
            "vignette": self.vignette_id,
            "chosen": self.chosen.value,
            "expected": self.expected.value,
            "correct": self.correct,
            "feedback": self.feedback,
            "confidence": self.confidence,
            "engine_level": self.recommendation.level.value,
            "engine_reasons": [r.to_dict() for r in self.recommendation.reasons],
            "learning_points": list(self.learning_points),
            "key_differs_because": self.key_differs_because,
        }

    def _repr_html_(self) -> str:
        head = _verdict_heading(self.correct, self.verdict, self.chosen.label)
        if not self.correct:
            head += f"<p>The author's answer: <b>{_E(self.expected.label)}</b>.</p>"
        if self.confidence:
            head += f"<p>Your confidence: {_E(self.confidence)}.</p>"
        differs = ""
        if not self.engine_agrees and self.key_differs_because:
            differs = (
                "<p><b>Why the author's key differs from the engine:</b> "
                f"{_E(self.key_differs_because)}</p>"
            )
        return (
            f"<div class='iopkit-placement-result'>{head}"
            f"<p><b>Feedback for your choice</b></p><p>{_E(self.feedback)}</p>"
            f"{_reasons_html(self.recommendation)}{differs}"
            f"{_points_html(self.learning_points)}</div>"
        )


def grade_placement(
    vignette: Vignette,
    chosen: Level | str,
    engine: Engine = recommend,
    confidence: str | None = None,
) -> PlacementResult:
    """Grade a chosen level against a vignette's key; the feedback is the author's for it."""
    level = _level(chosen)
    feedback = vignette.feedback.get(level, "The author wrote no feedback for this level.")
    return PlacementResult(
        vignette_id=vignette.id,
        chosen=level,
        expected=vignette.expected_level,
        feedback=feedback,
        recommendation=engine(vignette.assessment),
        learning_points=tuple(vignette.learning_points),
        confidence=confidence,
        key_differs_because=vignette.key_differs_because,
    )


# --- Stages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageResult:
    """A trainee's decision at a later stage of a multi-stage case."""

    vignette_id: str
    stage_id: str
    stage_title: str
    chosen: Decision
    expected: Decision
    expected_level: Level
    feedback: str
    recommendation: Recommendation
    learning_points: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return self.chosen is self.expected

    @property
    def verdict(self) -> str:
        return "Correct" if self.correct else "Not this time"

    def to_dict(self) -> dict[str, object]:
        return {
            "vignette": self.vignette_id,
            "stage": self.stage_id,
            "chosen": self.chosen.value,
            "expected": self.expected.value,
            "expected_level": self.expected_level.value,
            "correct": self.correct,
            "feedback": self.feedback,
            "engine_level": self.recommendation.level.value,
            "learning_points": list(self.learning_points),
        }

    def _repr_html_(self) -> str:
        head = _verdict_heading(self.correct, self.verdict, self.chosen.label)
        if not self.correct:
            head += f"<p>The author's decision: <b>{_E(self.expected.label)}</b>.</p>"
        head += f"<p>Level of care after this stage: <b>{_E(self.expected_level.label)}</b>.</p>"
        return (
            f"<div class='iopkit-stage-result'>{head}"
            f"<p><b>Feedback for your decision</b></p><p>{_E(self.feedback)}</p>"
            f"{_reasons_html(self.recommendation)}{_points_html(self.learning_points)}</div>"
        )


def grade_stage(
    vignette: Vignette,
    stage: Stage | int | str,
    chosen: Decision | str,
    engine: Engine = recommend,
) -> StageResult:
    """Grade a decision at a stage (given as the Stage, its index or its id)."""
    from iopkit.vignettes.model import Decision

    ids = [s.id for s in vignette.stages]
    if isinstance(stage, bool):
        raise ArgumentTypeError("stage", stage, "a Stage, its index or its id")
    if isinstance(stage, int):
        if not 0 <= stage < len(ids):
            raise ArgumentError(
                "stage",
                stage,
                [str(i) for i in range(len(ids))] or "none: this case has no stages",
                reason=f"is not a stage index of {vignette.id}",
            )
        st = vignette.stages[stage]
    elif isinstance(stage, str):
        if stage not in ids:
            raise UnknownNameError("stage", stage, ids)
        st = vignette.stages[ids.index(stage)]
    elif hasattr(stage, "decision") and hasattr(stage, "id"):
        st = stage
    else:
        raise ArgumentTypeError("stage", stage, "a Stage, its index or its id")
    decision = choose(Decision, chosen, "chosen")
    return StageResult(
        vignette_id=vignette.id,
        stage_id=st.id,
        stage_title=st.title,
        chosen=decision,
        expected=st.decision,
        expected_level=st.expected_level,
        feedback=st.feedback.get(decision, "The author wrote no feedback for this decision."),
        recommendation=engine(st.assessment),
        learning_points=tuple(st.learning_points),
    )


# --- What if? ------------------------------------------------------------------------------


def _value_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(getattr(value, "value", value)).replace("_", " ")


@dataclass(frozen=True)
class WhatIfResult:
    """How the recommendation moves when one finding takes another value."""

    field: str
    old_value: Any
    new_value: Any
    before: Recommendation
    after: Recommendation

    @property
    def changes_level(self) -> bool:
        return self.before.level is not self.after.level

    def _repr_html_(self) -> str:
        label = FIELD_LABELS.get(self.field, self.field)
        if self.new_value == self.old_value:
            change = f"{_E(label)}: <b>{_E(_value_text(self.new_value))}</b> (as in the case)"
        else:
            change = (
                f"{_E(label)}: <b>{_E(_value_text(self.new_value))}</b> instead of "
                f"{_E(_value_text(self.old_value))}"
            )
        if self.new_value == self.old_value:
            verdict = (
                "This is the case's own value: the recommendation stays "
                f"<b>{_E(self.before.level.label)}</b>."
            )
        elif self.changes_level:
            verdict = (
                f"The recommendation <b>moves</b> from {_E(self.before.level.label)} to "
                f"<b>{_E(self.after.level.label)}</b>."
            )
        else:
            verdict = (
                f"The recommendation <b>stays</b> {_E(self.after.level.label)}: this finding "
                "alone does not change the level here."
            )
        return (
            f"<div class='iopkit-what-if'><p>{change}</p><p>{verdict}</p>"
            f"<p>Deciding rule: {_E(RULES_BY_ID[self.after.decisive.rule].title)} "
            f"{_E(self.after.decisive.explanation)}</p></div>"
        )


def what_if(
    assessment: Assessment, field_name: str, value: Any, engine: Engine = recommend
) -> WhatIfResult:
    """Change one finding of an assessment and recommend again.

    >>> a = QUIZ[0].assessment
    >>> what_if(a, "risk_of_harm", "imminent").after.level.value
    'inpatient'
    """
    if field_name not in Assessment.model_fields:
        raise UnknownNameError("field_name", field_name, list(Assessment.model_fields))
    changed = Assessment.from_mapping({**dict(assessment), field_name: value})
    return WhatIfResult(
        field_name,
        getattr(assessment, field_name),
        getattr(changed, field_name),
        engine(assessment),
        engine(changed),
    )


# --- Score ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scorecard:
    """The score across a set of cases. Only the first answer to each question counts.

    A question is a case's placement (key ``"case-id"``) or a stage (``"case-id/stage-id"``).

    >>> card = Scorecard(("a", "b"))
    >>> card = card.record("a", True).record("a", False).record("a/week-4", True)
    >>> card.cases_done, card.correct, card.answered
    (1, 2, 2)
    >>> card.summary()
    '2 of 2 answers right; 1 of 2 cases done'
    """

    cases: tuple[str, ...]
    results: Mapping[str, bool] = field(default_factory=dict)

    def record(self, question: str, correct: bool) -> Scorecard:
        if question in self.results:
            return self
        return Scorecard(self.cases, {**self.results, question: correct})

    def for_cases(self, cases: tuple[str, ...]) -> Scorecard:
        """The same answers, counted over another set of cases (e.g. a new filter)."""
        keep = {q: ok for q, ok in self.results.items() if q.split("/")[0] in cases}
        return Scorecard(tuple(cases), keep)

    @property
    def answered(self) -> int:
        return len(self.results)

    @property
    def correct(self) -> int:
        return sum(self.results.values())

    @property
    def cases_done(self) -> int:
        return sum(1 for c in self.cases if c in self.results)

    @property
    def total(self) -> int:
        return len(self.cases)

    def summary(self) -> str:
        return (
            f"{self.correct} of {self.answered} answers right; "
            f"{self.cases_done} of {self.total} cases done"
        )


# --- The "which level fits?" quiz -----------------------------------------------------------


@dataclass(frozen=True)
class QuizItem:
    """A short scenario; the engine's recommendation is the answer."""

    id: str
    prompt: str
    assessment: Assessment

    @property
    def recommendation(self) -> Recommendation:
        return recommend(self.assessment)

    @property
    def answer(self) -> Level:
        return self.recommendation.level


def _quiz_assessment(**overrides: Any) -> Assessment:
    base: dict[str, Any] = {
        "symptom_severity": "moderate",
        "functional_impairment": "moderate",
        "risk_of_harm": "low",
        "medically_stable": True,
        "withdrawal": "none",
        "home_environment": "supportive",
        "sober_living_available": False,
        "motivation": "high",
        "acute_phase": False,
        "current_setting": "outpatient",
        "outpatient_response": "inadequate",
    }
    base.update(overrides)
    return Assessment.model_validate(base)


QUIZ: tuple[QuizItem, ...] = (
    QuizItem(
        "weekly-not-enough",
        "A 41-year-old bus driver has had moderate depression for four months. Weekly "
        "therapy has not moved his mood, he has been off work for three weeks, he lives with "
        "a supportive partner and has no thoughts of harming himself.",
        _quiz_assessment(),
    ),
    QuizItem(
        "said-goodbye",
        "A student tells the team she has written goodbye letters and plans to end her life "
        "tonight. Everything else about her care is going well.",
        _quiz_assessment(risk_of_harm="imminent", symptom_severity="severe"),
    ),
    QuizItem(
        "still-shaking",
        "A man who drinks heavily every day stopped yesterday; his hands shake, he is "
        "sweating and anxious and has not slept. He wants to start the evening programme "
        "next week.",
        _quiz_assessment(withdrawal="needs_management"),
    ),
    QuizItem(
        "mild-and-improving",
        "A teacher with mild anxiety is working normally and her weekly therapy sessions are "
        "helping; she asks whether she should join something more intensive.",
        _quiz_assessment(
            symptom_severity="mild",
            functional_impairment="mild",
            outpatient_response="adequate",
        ),
    ),
)

QUIZ_BY_ID: dict[str, QuizItem] = {q.id: q for q in QUIZ}


@dataclass(frozen=True)
class QuizResult:
    item: QuizItem
    chosen: Level

    @property
    def correct(self) -> bool:
        return self.chosen is self.item.answer

    def _repr_html_(self) -> str:
        rec = self.item.recommendation
        mark = "&#10004; Correct" if self.correct else "&#10006; Not this time"
        decisive = rec.decisive
        rule = RULES_BY_ID[decisive.rule]
        return (
            f"<div class='iopkit-quiz-result'><p><b>{mark}</b>: you chose "
            f"{_E(self.chosen.label)}; the teaching engine says "
            f"<b>{_E(rec.level.label)}</b>.</p>"
            f"<p>Why: {_E(decisive.explanation)}</p>"
            f"<p><i>Deciding rule: {_E(rule.title)} (source: {_E(decisive.source)})</i></p>"
            "</div>"
        )


def grade_quiz(item: QuizItem | str, chosen: Level | str) -> QuizResult:
    """Grade a quiz answer; the explanation is the engine's deciding reason."""
    if isinstance(item, str):
        if item not in QUIZ_BY_ID:
            raise UnknownNameError("item", item, list(QUIZ_BY_ID))
        it = QUIZ_BY_ID[item]
    elif isinstance(item, QuizItem):
        it = item
    else:
        raise ArgumentTypeError("item", item, "a QuizItem or its id")
    return QuizResult(it, _level(chosen))


# --- Schedule tasks -------------------------------------------------------------------------

TASK_FINDING_CODES: dict[str, FindingSeverity] = {
    "day-not-allowed": FindingSeverity.ERROR,
    "starts-too-early": FindingSeverity.ERROR,
    "ends-too-late": FindingSeverity.ERROR,
    "missing-required-activity": FindingSeverity.ERROR,
    "over-task-hours": FindingSeverity.ERROR,
}

TASK_SOURCE = "The case's schedule task (what this person can attend)"


def check_task(schedule: Schedule, task: ScheduleTask) -> tuple[Finding, ...]:
    """Findings for what a week breaks of a case's schedule task (all are errors).

    >>> from iopkit.vignettes.model import ScheduleTask
    >>> task = ScheduleTask(brief="Evenings", allowed_days=["mon", "wed"],
    ...     earliest_start="17:00", required_activities=["family_therapy"])
    >>> week = Schedule.model_validate({"sessions": [
    ...     {"day": "tue", "start": "16:00", "minutes": 180, "activity": "process_group"}]})
    >>> [f.code for f in check_task(week, task)]
    ['day-not-allowed', 'starts-too-early', 'missing-required-activity']
    """
    out: list[Finding] = []

    def add(code: str, message: str) -> None:
        out.append(Finding(code, TASK_FINDING_CODES[code], message, TASK_SOURCE))

    allowed = set(task.allowed_days)
    days_text = ", ".join(d.label for d in task.allowed_days) or "none"
    earliest = parse_time(task.earliest_start) if task.earliest_start else None
    latest = parse_time(task.latest_end) if task.latest_end else None
    for s in schedule.sessions:
        if s.day not in allowed:
            add(
                "day-not-allowed",
                f"{s.describe()}: this person cannot attend on {s.day.label}; "
                f"allowed days are {days_text}.",
            )
        if earliest is not None and s.start_minute < earliest:
            add(
                "starts-too-early",
                f"{s.describe()} starts before {task.earliest_start}, the earliest this "
                "person can arrive.",
            )
        if latest is not None and s.end_minute > latest:
            add(
                "ends-too-late",
                f"{s.describe()} ends after {task.latest_end}, the latest this person can stay.",
            )
    present = {s.activity for s in schedule.sessions}
    for activity in task.required_activities:
        if activity not in present:
            add(
                "missing-required-activity",
                f"The task asks for {activity.label.lower()}, and the week has none.",
            )
    total = sum(s.hours for s in schedule.sessions)
    if task.max_hours_per_week is not None and total > task.max_hours_per_week:
        add(
            "over-task-hours",
            f"{total:g} h a week is more than the {task.max_hours_per_week:g} h this person "
            "can attend.",
        )
    return tuple(out)


SESSION_FIELD_LABELS = {
    "day": "Day",
    "start": "Start (HH:MM)",
    "minutes": "Minutes",
    "activity": "Activity",
}


def session_from_inputs(day: Any, start: Any, minutes: Any, activity: Any) -> Session:
    """A :class:`Session` from form inputs; ``ValueError`` naming the field and what is allowed.

    >>> session_from_inputs("mon", "9am", 60, "process_group")
    Traceback (most recent call last):
    ...
    ValueError: Start (HH:MM): '9am' is not a time written HH:MM (for example 09:30)
    >>> session_from_inputs("mon", "09:00", 0, "process_group")
    Traceback (most recent call last):
    ...
    ValueError: Minutes: 0 is not allowed; a session lasts 1 to 720 minutes
    """
    problems: list[str] = []
    try:
        parse_time(start)
    except ValueError as exc:
        problems.append(f"{SESSION_FIELD_LABELS['start']}: {exc}")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 0 < minutes <= 720:
        problems.append(
            f"{SESSION_FIELD_LABELS['minutes']}: {minutes!r} is not allowed; "
            "a session lasts 1 to 720 minutes"
        )
    if not problems:
        try:
            return Session.model_validate(
                {"day": day, "start": start, "minutes": minutes, "activity": activity}
            )
        except ValidationError as exc:
            for err in exc.errors():
                name = str(err["loc"][0]) if err["loc"] else ""
                label = SESSION_FIELD_LABELS.get(name, name)
                problems.append(f"{label}: {err['msg']} (got {err.get('input')!r})")
    raise ValueError("; ".join(problems))


def task_html(task: ScheduleTask) -> str:
    """The task as a trainee reads it: the brief and its constraints (escaped)."""
    items = [f"Days: {', '.join(d.label for d in task.allowed_days)}"]
    if task.earliest_start:
        items.append(f"Not before {task.earliest_start}")
    if task.latest_end:
        items.append(f"Finished by {task.latest_end}")
    if task.required_activities:
        items.append("Must include: " + ", ".join(a.label for a in task.required_activities))
    if task.max_hours_per_week is not None:
        items.append(f"At most {task.max_hours_per_week:g} h a week")
    lis = "".join(f"<li>{_E(i)}</li>" for i in items)
    return f"<div class='iopkit-task'><p><b>Task:</b> {_E(task.brief)}</p><ul>{lis}</ul></div>"


def _severity_label(finding: Finding) -> str:
    return "Error" if finding.severity is FindingSeverity.ERROR else "Warning"


def findings_html(findings: tuple[Finding, ...] | list[Finding]) -> str:
    """Errors first, then warnings, each with a text label (not colour alone)."""
    errors = [f for f in findings if f.severity is FindingSeverity.ERROR]
    warnings = [f for f in findings if f.severity is FindingSeverity.WARNING]
    if not findings:
        return "<p class='iopkit-ok'><b>&#10004; No problems found.</b></p>"
    head = (
        f"<p><b>{len(errors)} error(s), {len(warnings)} warning(s)</b>"
        + (" &ndash; the week is a valid IOP week." if not errors else "")
        + "</p>"
    )
    rows = "".join(
        f"<li class='iopkit-{f.severity.value}'><b>{_severity_label(f)}:</b> "
        f"{_E(f.message)} <i>({_E(f.source)})</i></li>"
        for f in (*errors, *warnings)
    )
    return f"<div class='iopkit-findings'>{head}<ul>{rows}</ul></div>"


def totals_summary(report: ScheduleReport) -> str:
    """The week's totals against the published bands, as one line of text.

    >>> from iopkit.schedule import check
    >>> week = {"sessions": [{"day": d, "start": "09:00", "minutes": 210,
    ...     "activity": "process_group"} for d in ("mon", "wed", "fri")]}
    >>> text = totals_summary(check(week))
    >>> text.split("; ")[0]
    '10.5 h a week on 3 days'
    >>> "IOP band for adults 9-19 h/week (ASAM Criteria, 3rd ed., 2013)" in text
    True
    >>> text.endswith("typical 9-15 h/week (Programme overview)")
    True
    """
    info = LEVELS[Level.IOP]
    band = info.weekly_hours(report.population)
    who = "adolescents" if report.population is Population.ADOLESCENT else "adults"
    typical = S.IOP_WEEKLY_HOURS_TYPICAL
    days = "day" if report.days_per_week == 1 else "days"
    text = f"{report.hours_per_week:g} h a week on {report.days_per_week} {days}"
    if band is not None:
        text += f"; IOP band for {who} {band.describe()} ({band.source.title})"
    return text + f", typical {typical.describe()} ({typical.source.title})"


def component_hours_html(report: ScheduleReport) -> str:
    """Hours per component in a small table (escaped)."""
    if not report.hours_per_component:
        return "<p>No activities yet.</p>"
    rows = "".join(
        f"<tr><td>{_E(a.label)}</td><td>{h:g} h</td></tr>"
        for a, h in sorted(report.hours_per_component.items(), key=lambda kv: -kv[1])
    )
    return (
        "<table class='iopkit-components'><thead><tr><th>Component</th><th>Hours a week</th>"
        f"</tr></thead><tbody>{rows}</tbody></table>"
    )


# --- Programme timeline ---------------------------------------------------------------------


@dataclass(frozen=True)
class TimelinePoint:
    """A point in a programme: ``kind`` is start, review, reassessment, discharge or follow-up."""

    week: float
    kind: str
    label: str
    source: str


DEFAULT_REVIEW_EVERY = S.REVIEW_EVERY_WEEKS
"""Weeks between treatment-plan reviews. Plans are reassessed as needs change (SAMHSA TIP 47,
2006; NIDA Principles, 2018); a review every four weeks is the kit's convention (SECONDARY)."""


def programme_timeline(
    weeks: int, review_every: int = DEFAULT_REVIEW_EVERY
) -> tuple[TimelinePoint, ...]:
    """Key points of a programme of ``weeks`` weeks.

    >>> [(p.week, p.kind) for p in programme_timeline(8)]
    [(0, 'start'), (4, 'review'), (7, 'reassessment'), (8, 'discharge'), (9.0, 'follow-up')]
    """
    if weeks < 1:
        raise ValueError(f"a programme lasts a week or more (got {weeks})")
    if review_every < 1:
        raise ValueError(f"reviews need an interval of a week or more (got {review_every})")
    points = [
        TimelinePoint(
            0,
            "start",
            "Admission: start planning discharge",
            S.FOLLOW_UP_7_DAYS.cite(),
        )
    ]
    last_review = weeks - 1 if weeks > 1 else None
    for w in range(review_every, weeks, review_every):
        if w != last_review:
            points.append(
                TimelinePoint(w, "review", f"Week {w}: plan review", S.REASSESSMENT.cite())
            )
    if last_review is not None:
        points.append(
            TimelinePoint(
                last_review,
                "reassessment",
                f"Week {last_review}: reassess, plan step-down",
                S.REASSESSMENT.cite(),
            )
        )
    points.append(
        TimelinePoint(
            weeks, "discharge", f"Week {weeks}: step down to outpatient", S.OVERVIEW.cite()
        )
    )
    points.append(
        TimelinePoint(
            weeks + S.FOLLOW_UP_WITHIN_DAYS / 7,
            "follow-up",
            f"Follow-up within {S.FOLLOW_UP_WITHIN_DAYS} days",
            S.FOLLOW_UP_7_DAYS.cite(),
        )
    )
    return tuple(points)


__all__ = [
    "PlacementResult",
    "StageResult",
    "Scorecard",
    "QuizItem",
    "QuizResult",
    "QUIZ",
    "TimelinePoint",
    "grade_placement",
    "grade_stage",
    "grade_quiz",
    "check_task",
    "task_html",
    "findings_html",
    "totals_summary",
    "component_hours_html",
    "programme_timeline",
    "session_from_inputs",
    "what_if",
    "WhatIfResult",
]
