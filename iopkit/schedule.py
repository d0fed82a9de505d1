"""An IOP week: the schedule file model and ``check()``, the schedule rules.

File format (YAML or JSON)::

    population: adult          # optional, adult | adolescent
    weeks: 8                   # programme length
    sessions:
      - {day: mon, start: "09:00", minutes: 90, activity: process_group}

A day's attendance (the overview's "session") is all the activities of that day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from iopkit import sources as S
from iopkit.components import Activity
from iopkit.errors import ArgumentTypeError
from iopkit.fields import TimeOfDay, WholeNumber, parse_time
from iopkit.inputs import (
    Document,
    InputError,
    as_mapping,
    load_document,
    problems_from_pydantic,
)
from iopkit.levels import LEVELS, Level, Population
from iopkit.words import count

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes.model import ScheduleTask


class Day(str, Enum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def order(self) -> int:
        """0 for Monday ... 6 for Sunday."""
        return list(Day).index(self)

    @property
    def label(self) -> str:
        return self.value.capitalize()


def format_time(minutes: int) -> str:
    """``570`` -> ``'09:30'``.

    >>> format_time(570)
    '09:30'
    """
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class Session(BaseModel):
    """One activity on one day of the week."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    day: Day = Field(description="Day of the week: mon, tue, wed, thu, fri, sat or sun.")
    start: TimeOfDay = Field(
        description='Start time, "HH:MM" in 24-hour time and in quotes, e.g. "09:00".'
    )
    minutes: WholeNumber = Field(gt=0, le=720, description="Length in minutes (1-720).")
    activity: Activity = Field(description="Which programme component this is.")

    @property
    def start_minute(self) -> int:
        return parse_time(self.start)

    @property
    def end_minute(self) -> int:
        return self.start_minute + self.minutes

    @property
    def hours(self) -> float:
        return self.minutes / 60

    def describe(self) -> str:
        return (
            f"{self.day.label} {self.start}-{format_time(self.end_minute % 1440)} "
            f"{self.activity.label}"
        )


class Schedule(BaseModel):
    """A week of an IOP: who it is for, how many weeks it runs and its sessions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    population: Population = Field(default=Population.ADULT, description="adult or adolescent")
    weeks: WholeNumber = Field(
        default=8, ge=1, le=52, description="Programme length in weeks (1-52)."
    )
    sessions: tuple[Session, ...] = Field(description="The activities of one week.")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], doc: Document | None = None) -> Schedule:
        doc = doc or Document("<schedule>", data)
        if not isinstance(data, Mapping):
            raise ArgumentTypeError(
                "schedule", data, "a Schedule or a mapping of population, weeks and sessions"
            )
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            raise InputError(problems_from_pydantic(exc, doc, cls)) from None

    @classmethod
    def from_file(cls, path: str | Path) -> Schedule:
        doc = load_document(path)
        return cls.from_mapping(as_mapping(doc, "population, weeks and sessions"), doc)

    def with_session(self, session: Session) -> Schedule:
        return self.model_copy(update={"sessions": (*self.sessions, session)})

    def without_session(self, index: int) -> Schedule:
        items = list(self.sessions)
        del items[index]
        return self.model_copy(update={"sessions": tuple(items)})

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_yaml(self) -> str:
        """The schedule in the file format the CLI reads."""
        lines = [f"population: {self.population.value}", f"weeks: {self.weeks}", "sessions:"]
        for s in self.sessions:
            lines.append(
                f'  - {{day: {s.day.value}, start: "{s.start}", minutes: {s.minutes}, '
                f"activity: {s.activity.value}}}"
            )
        if not self.sessions:
            lines[-1] = "sessions: []"
        return "\n".join(lines) + "\n"


class FindingSeverity(str, Enum):
    """How much a schedule finding matters: an error means the week is not a valid IOP week."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """Something ``check()`` found in a week: its code, severity, message and source."""

    code: str
    severity: FindingSeverity
    message: str
    source: str

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "source": self.source,
        }


@dataclass(frozen=True)
class ScheduleReport:
    """What ``check()`` found, plus the week's totals."""

    findings: tuple[Finding, ...]
    hours_per_week: float
    days_per_week: int
    hours_per_day: dict[Day, float]
    hours_per_component: dict[Activity, float]
    population: Population
    weeks: int

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is FindingSeverity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is FindingSeverity.WARNING)

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "hours_per_week": round(self.hours_per_week, 2),
            "days_per_week": self.days_per_week,
            "population": self.population.value,
            "weeks": self.weeks,
            "hours_per_day": {d.value: round(h, 2) for d, h in self.hours_per_day.items()},
            "hours_per_component": {
                a.value: round(h, 2) for a, h in self.hours_per_component.items()
            },
            "findings": [f.to_dict() for f in self.findings],
        }

    def _repr_html_(self) -> str:
        from iopkit.render import schedule_report_html

        return schedule_report_html(self)


@dataclass(frozen=True)
class Week:
    """A schedule with the totals the finding rules read."""

    schedule: Schedule
    hours_per_day: dict[Day, float]
    hours_per_component: dict[Activity, float]

    @classmethod
    def of(cls, schedule: Schedule) -> Week:
        per_day: dict[Day, float] = {}
        per_component: dict[Activity, float] = {}
        for session in schedule.sessions:
            per_day[session.day] = per_day.get(session.day, 0.0) + session.hours
            per_component[session.activity] = (
                per_component.get(session.activity, 0.0) + session.hours
            )
        per_day = dict(sorted(per_day.items(), key=lambda kv: kv[0].order))
        return cls(schedule, per_day, per_component)

    @property
    def sessions(self) -> tuple[Session, ...]:
        return self.schedule.sessions

    @property
    def total(self) -> float:
        return sum(self.hours_per_day.values())

    @property
    def days(self) -> int:
        return len(self.hours_per_day)

    @property
    def iop_minimum(self) -> float:
        """The fewest weekly hours that are still IOP for this week's population."""
        band = LEVELS[Level.IOP].weekly_hours(self.schedule.population)
        if band is None:  # pragma: no cover - the IOP level always has weekly hours
            raise ValueError("the IOP level has no weekly hours")
        return band.minimum

    @property
    def who(self) -> str:
        return "an adolescent" if self.schedule.population is Population.ADOLESCENT else "an adult"


Messages = Iterator[str]


@dataclass(frozen=True)
class FindingRule:
    """One schedule rule: ``find`` yields one message per thing it finds in a week."""

    code: str
    severity: FindingSeverity
    fields: tuple[str, ...]
    find: Callable[[Week], Iterable[str]]
    source: S.Source


def _past_midnight(w: Week) -> Messages:
    for i, session in enumerate(w.sessions):
        if session.end_minute > 24 * 60:
            yield (
                f"Session {i + 1} ({session.day.label} {session.start}, {session.minutes} min) "
                "runs past midnight; a day's activities must end by 24:00."
            )


def _overlaps(w: Week) -> Messages:
    ordered = sorted(w.sessions, key=lambda s: (s.day.order, s.start_minute))
    latest: Session | None = None  # the session ending last so far on the current day
    for b in ordered:
        if latest is not None and latest.day is b.day and b.start_minute < latest.end_minute:
            yield f"{latest.describe()} overlaps {b.describe()}: one person cannot attend both."
        if latest is None or latest.day is not b.day or b.end_minute > latest.end_minute:
            latest = b


def _below_minimum(w: Week) -> Messages:
    if w.total < w.iop_minimum:
        yield (
            f"{w.total:g} h a week is below the IOP minimum of {w.iop_minimum:g} h for {w.who}: "
            "at this dose it is outpatient care, not IOP."
        )


def _at_php(w: Week) -> Messages:
    php = S.PHP_WEEKLY_HOURS
    if w.iop_minimum <= w.total and php.contains(w.total):
        yield (
            f"{w.total:g} h a week is at partial hospitalisation (PHP) intensity "
            f"({php.minimum:g} h or more); IOP runs below that."
        )


def _above_typical(w: Week) -> Messages:
    typical, php = S.IOP_WEEKLY_HOURS_TYPICAL, S.PHP_WEEKLY_HOURS
    if typical.maximum < w.total < php.minimum:
        yield (
            f"{w.total:g} h a week is more than the usual {typical.maximum:g} h; it is still "
            "IOP but check the person can sustain it alongside work, school or family."
        )


def _too_few_days(w: Week) -> Messages:
    band = S.IOP_DAYS_PER_WEEK
    if w.sessions and w.days < band.minimum:
        yield f"Attendance on {count(w.days, 'day')}; IOPs usually meet {band.describe()}."


def _too_many_days(w: Week) -> Messages:
    band = S.IOP_DAYS_PER_WEEK
    if w.days > band.maximum:
        yield (
            f"Attendance on {w.days} days; IOPs usually meet {band.describe()}, "
            "leaving room for work, school and family."
        )


def _day_length(w: Week) -> Messages:
    band, usual = S.DAY_LENGTH_TYPICAL, S.IOP_HOURS_PER_SESSION
    for day, hours in w.hours_per_day.items():
        if not band.contains(hours):
            yield (
                f"{day.label}: {hours:g} h of activities; a day's attendance is usually about "
                f"{usual.minimum:g} h (between {band.describe()})."
            )


def _missing(activity: Activity, message: str) -> Callable[[Week], Messages]:
    def find(w: Week) -> Messages:
        if w.sessions and activity not in w.hours_per_component:
            yield message

    return find


def _programme_length(w: Week) -> Messages:
    band = S.IOP_DURATION_WEEKS
    if not band.contains(w.schedule.weeks):
        yield (
            f"A {w.schedule.weeks}-week programme; IOP courses often run {band.describe()}, "
            "adjusted to progress."
        )


ERROR, WARNING = FindingSeverity.ERROR, FindingSeverity.WARNING

#: The schedule rules, in the order their findings are listed (docs/schedule-rules.md).
SCHEDULE_RULES: tuple[FindingRule, ...] = (
    FindingRule("impossible-time", ERROR, ("sessions",), _past_midnight, S.IOWN),
    FindingRule("overlapping-activities", ERROR, ("sessions",), _overlaps, S.IOWN),
    FindingRule(
        "empty-week",
        ERROR,
        ("sessions",),
        lambda w: () if w.sessions else ("The week has no activities yet.",),
        S.IOWN,
    ),
    FindingRule(
        "hours-below-iop-minimum",
        ERROR,
        ("sessions", "population"),
        _below_minimum,
        S.ASAM_BANDS,
    ),
    FindingRule("hours-at-php-level", ERROR, ("sessions",), _at_php, S.MEDICARE_IOP),
    FindingRule(
        "no-group-activity",
        ERROR,
        ("sessions",),
        lambda w: (
            ()
            if not w.sessions or any(a.is_group for a in w.hours_per_component)
            else (
                "There is no group activity: group therapy is a core part of IOP (peer "
                "support, shared experience, practising interpersonal skills).",
            )
        ),
        S.OVERVIEW,
    ),
    FindingRule("hours-above-typical", WARNING, ("sessions",), _above_typical, S.OVERVIEW),
    FindingRule("too-few-days", WARNING, ("sessions",), _too_few_days, S.OVERVIEW),
    FindingRule("too-many-days", WARNING, ("sessions",), _too_many_days, S.OVERVIEW),
    FindingRule("day-length-atypical", WARNING, ("sessions",), _day_length, S.OVERVIEW),
    FindingRule(
        "no-individual-therapy",
        WARNING,
        ("sessions",),
        _missing(
            Activity.INDIVIDUAL_THERAPY,
            "No individual therapy: sessions with a primary clinician are an integral part of "
            "the IOP week (usually weekly).",
        ),
        S.OVERVIEW,
    ),
    FindingRule(
        "no-medication-management",
        WARNING,
        ("sessions",),
        _missing(
            Activity.MEDICATION_MANAGEMENT,
            "No medication management: it is frequently part of IOP, with a psychiatrist "
            "reviewing medicines (weekly or as needed).",
        ),
        S.OVERVIEW,
    ),
    FindingRule("programme-length-atypical", WARNING, ("weeks",), _programme_length, S.OVERVIEW),
)

#: Every finding code check() can report, with its severity (for docs and tests).
FINDING_CODES: dict[str, FindingSeverity] = {r.code: r.severity for r in SCHEDULE_RULES}


def check(
    schedule: Schedule | Mapping[str, Any],
    rules: tuple[FindingRule, ...] = SCHEDULE_RULES,
) -> ScheduleReport:
    """Check an IOP week against the schedule rules (default: the kit's, :data:`SCHEDULE_RULES`).

    >>> week = {"weeks": 8, "sessions": [
    ...     {"day": d, "start": "09:00", "minutes": 180, "activity": "process_group"}
    ...     for d in ("mon", "wed", "fri")]}
    >>> report = check(week)
    >>> report.ok, report.hours_per_week, report.days_per_week
    (True, 9.0, 3)
    >>> sorted(report.codes)
    ['no-individual-therapy', 'no-medication-management']
    """
    s = schedule if isinstance(schedule, Schedule) else Schedule.from_mapping(schedule)
    week = Week.of(s)
    findings = tuple(
        Finding(rule.code, rule.severity, message, rule.source.cite())
        for rule in rules
        for message in rule.find(week)
    )
    return ScheduleReport(
        findings=findings,
        hours_per_week=week.total,
        days_per_week=week.days,
        hours_per_day=week.hours_per_day,
        hours_per_component=week.hours_per_component,
        population=s.population,
        weeks=s.weeks,
    )


# --- A case's schedule task: what this person can attend ------------------------------------

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


#: How each of the checker's warnings departs from the typical week, in a few words.
DEPARTURES: dict[str, str] = {
    "hours-above-typical": "more hours than usual",
    "too-few-days": "fewer days than usual",
    "too-many-days": "more days than usual",
    "day-length-atypical": "a day much shorter or longer than usual",
    "no-individual-therapy": "no individual therapy",
    "no-medication-management": "no medication management",
    "programme-length-atypical": "an unusual programme length",
}

#: What each error of the checker and of a case's task means, in words (the debrief's labels).
ERROR_NAMES: dict[str, str] = {
    "impossible-time": "A time that does not exist or runs past midnight",
    "overlapping-activities": "Two activities at the same time",
    "empty-week": "A week with no activities",
    "hours-below-iop-minimum": "Fewer hours than IOP's minimum",
    "hours-at-php-level": "As many hours as partial hospitalisation",
    "no-group-activity": "No group activity",
    "day-not-allowed": "A day the person cannot attend",
    "starts-too-early": "Starts before the person can arrive",
    "ends-too-late": "Ends after the person must leave",
    "missing-required-activity": "An activity the person needs is missing",
    "over-task-hours": "More hours than the person can give",
}


def finding_name(code: str) -> str:
    """A finding's code in words: "hours-below-iop-minimum" -> "Fewer hours than IOP's minimum".

    >>> finding_name("too-few-days")
    'Fewer days than usual'
    """
    text = ERROR_NAMES.get(code) or DEPARTURES.get(code) or code.replace("-", " ")
    return text[:1].upper() + text[1:]


#: A checker warning that says the same as a task's "missing activity" error.
_SAME_GAP: dict[Activity, str] = {
    Activity.INDIVIDUAL_THERAPY: "no-individual-therapy",
    Activity.MEDICATION_MANAGEMENT: "no-medication-management",
}


def merge_findings(
    report: ScheduleReport,
    task_findings: tuple[Finding, ...] = (),
    task: ScheduleTask | None = None,
) -> tuple[Finding, ...]:
    """The checker's and the task's findings together, each gap reported once.

    When the task's own error already says an activity is missing, the checker's warning about
    the same activity is left out.
    """
    covered: set[str] = set()
    if task is not None and any(f.code == "missing-required-activity" for f in task_findings):
        present = set(report.hours_per_component)
        covered = {
            code
            for activity, code in _SAME_GAP.items()
            if activity in task.required_activities and activity not in present
        }
    kept = tuple(f for f in report.findings if f.code not in covered)
    return (*kept, *task_findings)


def schedule_verdict(findings: tuple[Finding, ...] | list[Finding], has_task: bool = False) -> str:
    """One sentence on the week: fix it, fits with departures, or meets every rule.

    >>> schedule_verdict(())
    'This week meets every rule of a typical IOP week.'
    >>> one_day = check({"sessions": [{"day": "mon", "start": "09:00", "minutes": 600,
    ...     "activity": "process_group"}]})
    >>> print(schedule_verdict(one_day.findings))  # doctest: +NORMALIZE_WHITESPACE
    This week meets the IOP minimums but departs from the typical week in 4 ways: fewer days
    than usual; a day much shorter or longer than usual; no individual therapy; no
    medication management.
    """
    errors = [f for f in findings if f.severity is FindingSeverity.ERROR]
    task_errors = [f for f in errors if f.code in TASK_FINDING_CODES]
    week_errors = [f for f in errors if f.code not in TASK_FINDING_CODES]
    warnings = [f for f in findings if f.severity is FindingSeverity.WARNING]
    if errors:
        parts = []
        if week_errors:
            parts.append(f"{len(week_errors)} to make it an IOP week")
        if task_errors:
            parts.append(f"{len(task_errors)} to fit this person's task")
        return "Not yet: " + " and ".join(parts) + " (see the errors below)."
    task = " It fits everything the task asks: task passed." if has_task else ""
    if not warnings:
        return "This week meets every rule of a typical IOP week." + task
    ways: list[str] = []
    for f in warnings:
        way = DEPARTURES.get(f.code, f.code.replace("-", " "))
        if way not in ways:
            ways.append(way)
    n = len(ways)
    return (
        "This week meets the IOP minimums but departs from the typical week in "
        f"{n} way{'s' if n != 1 else ''}: " + "; ".join(ways) + "." + task
    )
