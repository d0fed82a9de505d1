"""Schedule results in words: a week's report, its findings, a case's task, the week's totals."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from iopkit import sources as S
from iopkit.levels import LEVELS, Level, Population
from iopkit.schedule import Finding, FindingSeverity, ScheduleReport
from iopkit.words import count

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes.model import ScheduleTask

_E = html.escape


def schedule_report_html(report: ScheduleReport) -> str:
    e = _E
    head = "No errors" if report.ok else count(len(report.errors), "error")
    rows = "".join(
        f"<li><b>{e(f.severity.value.upper())}</b> [{e(f.code)}] {e(f.message)}</li>"
        for f in report.findings
    )
    return (
        f"<div class='iopkit-schedule-report'><h4>{e(head)}: "
        f"{report.hours_per_week:g} h a week on {count(report.days_per_week, 'day')}</h4>"
        f"<ul>{rows}</ul></div>"
    )


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


def findings_html(findings: tuple[Finding, ...] | list[Finding], has_task: bool = False) -> str:
    """The verdict, then errors and warnings, each with a text label (not colour alone)."""
    from iopkit.schedule import schedule_verdict

    errors = [f for f in findings if f.severity is FindingSeverity.ERROR]
    warnings = [f for f in findings if f.severity is FindingSeverity.WARNING]
    mark = "&#10006;" if errors else "&#10004;"
    cls = "iopkit-error" if errors else "iopkit-ok"
    head = f"<p class='{cls}'><b>{mark} {_E(schedule_verdict(findings, has_task))}</b></p>"
    if not findings:
        return f"<div class='iopkit-findings'>{head}</div>"
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


def schedule_report_text(report: ScheduleReport) -> str:
    """The report as ``iopkit schedule check`` prints it."""
    status = "OK" if report.ok else "ERRORS"
    lines = [
        f"{status}: {report.hours_per_week:g} h a week on {count(report.days_per_week, 'day')}, "
        f"{count(report.weeks, 'week')} ({report.population.value})",
        *(f"  {act.label}: {hours:g} h" for act, hours in report.hours_per_component.items()),
        *(f"{f.severity.value}: [{f.code}] {f.message}" for f in report.findings),
    ]
    return "\n".join(lines)
