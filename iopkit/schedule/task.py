"""A case's schedule task: what this person can attend (``check_task()``), and the task's
findings merged with the checker's so that each gap is reported once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopkit.components import Activity
from iopkit.fields import parse_time
from iopkit.schedule.model import Schedule
from iopkit.schedule.report import Finding, FindingSeverity, ScheduleReport

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes.model import ScheduleTask


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
