"""The schedule rules: a week's totals, the rule table (``SCHEDULE_RULES``, one row per rule,
each with its source; docs/schedule-rules.md lists them) and ``check()``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from iopkit import sources as S
from iopkit.components import Activity
from iopkit.levels import LEVELS, Level, Population
from iopkit.schedule.model import Day, Schedule, Session
from iopkit.schedule.report import Finding, FindingSeverity, ScheduleReport
from iopkit.words import count


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
