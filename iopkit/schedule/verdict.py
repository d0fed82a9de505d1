"""A week's findings in words: what each finding means, how a warning departs from the
typical week, and the one-sentence verdict."""

from __future__ import annotations

from iopkit.schedule.report import Finding, FindingSeverity
from iopkit.schedule.task import TASK_FINDING_CODES

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


def schedule_verdict(findings: tuple[Finding, ...] | list[Finding], has_task: bool = False) -> str:
    """One sentence on the week: fix it, fits with departures, or meets every rule.

    >>> from iopkit.schedule import check
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
