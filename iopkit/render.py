"""One place that turns every result of the kit into text for people: HTML and plain text.

Results (a recommendation, a graded answer, a schedule report, a plan check...) render here and
nowhere else: their ``_repr_html_``, the widgets and the CLI all call these functions. Every
piece of text is escaped; nothing here computes a clinical result, it only words one.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from iopkit import DISCLAIMER
from iopkit import sources as S
from iopkit.assessment import FIELD_LABELS
from iopkit.components import COMPONENTS
from iopkit.levels import LEVELS, STEP_DOWN, STEP_SOURCE, STEP_UP, Level, Population, steps_into
from iopkit.schedule import Finding, FindingSeverity, ScheduleReport
from iopkit.sources import Band

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.discharge import PlanCheck
    from iopkit.grading import PlacementResult, StageResult
    from iopkit.placement import FindingChange, Recommendation
    from iopkit.quiz import QuizResult
    from iopkit.vignettes.loader import Library
    from iopkit.vignettes.model import ScheduleTask

_E = html.escape


def value_text(value: Any) -> str:
    """A finding's value as a trainee reads it: yes/no, words for enums, "not stated".

    >>> from iopkit.assessment import Withdrawal
    >>> value_text(True), value_text(Withdrawal.NEEDS_MANAGEMENT), value_text(None)
    ('yes', 'needs management', 'not stated')
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "not stated"
    return str(getattr(value, "value", value)).replace("_", " ")


# --- Placement --------------------------------------------------------------------------------


def recommendation_html(rec: Recommendation) -> str:
    """The recommendation as escaped HTML for notebooks and widgets."""
    e = _E
    items = "".join(
        f"<li><b>{e(r.rule)}</b> {'&#10004; met' if r.met else '&#10006; not met'}: "
        f"{e(r.explanation)}</li>"
        for r in rec.reasons
    )
    flags = "".join(f"<li><b>{e(f.code)}</b>: {e(f.message)}</li>" for f in rec.flags)
    changes = "".join(
        f"<li>{e(FIELD_LABELS[w.field])}: "
        + ", ".join(f"{e(value_text(val))} &rarr; {e(lv.short)}" for val, lv in w.changes)
        + "</li>"
        for w in rec.what_if
        if w.changes_level
    )
    return (
        f"<div class='iopkit-recommendation'><h4>Recommended: {e(rec.level_text)}</h4>"
        f"<p>Rules checked, in order:</p><ol>{items}</ol>"
        + (f"<p>Cautions:</p><ul>{flags}</ul>" if flags else "")
        + (f"<p>What would change the level:</p><ul>{changes}</ul>" if changes else "")
        + f"<p><i>{e(DISCLAIMER)}</i></p></div>"
    )


def reasons_html(rec: Recommendation) -> str:
    items = "".join(
        f"<li>{'&#10004; <b>met</b>' if r.met else '&#10006; not met'}: "
        f"<b>{_E(r.title)}</b> "
        f"{_E(r.explanation)}</li>"
        for r in rec.reasons
    )
    flags = "".join(f"<li>{_E(f.message)}</li>" for f in rec.flags)
    return (
        f"<p>The teaching engine recommends <b>{_E(rec.level_text)}</b>. "
        f"Rules checked, in order:</p><ol>{items}</ol>"
        + (f"<p>Cautions for the plan:</p><ul>{flags}</ul>" if flags else "")
    )


def points_html(points: tuple[str, ...]) -> str:
    if not points:
        return ""
    items = "".join(f"<li>{_E(p)}</li>" for p in points)
    return f"<p><b>Learning points</b></p><ul>{items}</ul>"


def verdict_heading(correct: bool, verdict: str, chosen: str) -> str:
    """The escaped headline of a graded answer, with a text mark as well as a class."""
    mark = "&#10004;" if correct else "&#10006;"
    cls = "correct" if correct else "incorrect"
    return f"<h4 class='iopkit-{cls}'>{mark} {_E(verdict)}: you chose {_E(chosen)}</h4>"


def placement_result_html(result: PlacementResult) -> str:
    head = verdict_heading(result.correct, result.verdict, result.chosen.label)
    if not result.correct:
        head += f"<p>The author's answer: <b>{_E(result.expected.label)}</b>.</p>"
    if result.confidence:
        head += f"<p>Your confidence: {_E(result.confidence)}.</p>"
    differs = ""
    if not result.engine_agrees and result.key_differs_because:
        differs = (
            "<p><b>Why the author's key differs from the engine:</b> "
            f"{_E(result.key_differs_because)}</p>"
        )
    return (
        f"<div class='iopkit-placement-result'>{head}"
        f"<p><b>Feedback for your choice</b></p><p>{_E(result.feedback)}</p>"
        f"{reasons_html(result.recommendation)}{differs}"
        f"{points_html(result.learning_points)}</div>"
    )


def stage_result_html(result: StageResult) -> str:
    head = verdict_heading(result.correct, result.verdict, result.chosen.label)
    if not result.correct:
        head += f"<p>The author's decision: <b>{_E(result.expected.label)}</b>.</p>"
    head += f"<p>Level of care after this stage: <b>{_E(result.expected_level.label)}</b>.</p>"
    return (
        f"<div class='iopkit-stage-result'>{head}"
        f"<p><b>Feedback for your decision</b></p><p>{_E(result.feedback)}</p>"
        f"{reasons_html(result.recommendation)}{points_html(result.learning_points)}</div>"
    )


def finding_change_html(result: FindingChange) -> str:
    label = FIELD_LABELS.get(result.field, result.field)
    if result.new_value == result.old_value:
        change = f"{_E(label)}: <b>{_E(value_text(result.new_value))}</b> (as in the case)"
    else:
        change = (
            f"{_E(label)}: <b>{_E(value_text(result.new_value))}</b> instead of "
            f"{_E(value_text(result.old_value))}"
        )
    if result.new_value == result.old_value:
        verdict = (
            "This is the case's own value: the recommendation stays "
            f"<b>{_E(result.before.level.label)}</b>."
        )
    elif result.changes_level:
        verdict = (
            f"The recommendation <b>moves</b> from {_E(result.before.level.label)} to "
            f"<b>{_E(result.after.level.label)}</b>."
        )
    else:
        verdict = (
            f"The recommendation <b>stays</b> {_E(result.after.level.label)}: this finding "
            "alone does not change the level here."
        )
    return (
        f"<div class='iopkit-what-if'><p>{change}</p><p>{verdict}</p>"
        f"<p>Deciding rule: {_E(result.after.decisive.title)} "
        f"{_E(result.after.decisive.explanation)}</p></div>"
    )


def quiz_result_html(result: QuizResult) -> str:
    rec = result.item.recommendation
    mark = "&#10004; Correct" if result.correct else "&#10006; Not this time"
    decisive = rec.decisive
    return (
        f"<div class='iopkit-quiz-result'><p><b>{mark}</b>: you chose "
        f"{_E(result.chosen.label)}; the teaching engine says "
        f"<b>{_E(rec.level_text)}</b>.</p>"
        f"<p>Why: {_E(decisive.explanation)}</p>"
        f"<p><i>Deciding rule: {_E(decisive.title)} (source: {_E(decisive.source)})</i></p>"
        "</div>"
    )


# --- Schedules --------------------------------------------------------------------------------


def schedule_report_html(report: ScheduleReport) -> str:
    e = _E
    head = "No errors" if report.ok else f"{len(report.errors)} error(s)"
    rows = "".join(
        f"<li><b>{e(f.severity.value.upper())}</b> [{e(f.code)}] {e(f.message)}</li>"
        for f in report.findings
    )
    return (
        f"<div class='iopkit-schedule-report'><h4>{e(head)}: "
        f"{report.hours_per_week:g} h a week on {report.days_per_week} day(s)</h4>"
        f"<ul>{rows}</ul></div>"
    )


def plan_check_html(check: PlanCheck) -> str:
    if check.complete:
        head = "<p><b>&#10004; Complete:</b> the plan has every part it needs.</p>"
    else:
        items = "".join(
            f"<li><b>Missing: {_E(m.label)}</b> &ndash; {_E(m.message)} "
            f"<i>({_E(m.source)})</i></li>"
            for m in check.missing
        )
        head = (
            f"<p><b>&#10006; Not complete yet: {len(check.missing)} part(s) missing.</b>"
            f"</p><ul>{items}</ul>"
        )
    tips = "".join(f"<li>Suggestion: {_E(s)}</li>" for s in check.suggestions)
    focus = "".join(f"<li>{_E(f)}</li>" for f in check.focus)
    return (
        f"<div class='iopkit-plan-check'>{head}"
        + (f"<ul>{tips}</ul>" if tips else "")
        + (f"<p>This case asks the plan to cover:</p><ul>{focus}</ul>" if focus else "")
        + "</div>"
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


# --- Levels of care, bands and cases ---------------------------------------------------------


def _band_row(name: str, band: Band | None) -> str:
    if band is None:
        return ""
    return (
        f"<tr><td>{_E(name)}</td><td>{_E(band.describe())}</td>"
        f"<td><i>{_E(band.source.cite())}</i></td></tr>"
    )


def _levels(levels: tuple[Level, ...]) -> str:
    return ", ".join(lv.label for lv in levels) or "none"


def level_html(level: Level, population: Population = Population.ADULT) -> str:
    """What a level is, who it is for, its hours with sources, and the paths in and out."""
    info = LEVELS[level]
    rows = "".join(
        [
            _band_row("Days a week", info.days_per_week),
            _band_row("Hours a day", info.hours_per_day),
            _band_row("Weekly hours (adults)", info.weekly_hours_adult),
            _band_row("Weekly hours (adolescents)", info.weekly_hours_adolescent),
            _band_row("Typical duration", info.typical_duration),
            *(_band_row(name[:1].upper() + name[1:], band) for name, band in info.extra_figures),
        ]
    )
    table = (
        "<table class='iopkit-figures'><thead><tr><th>Figure</th><th>Value</th>"
        f"<th>Source</th></tr></thead><tbody>{rows}</tbody></table>"
        if rows
        else ""
    )
    supervision = info.supervision_text()
    components = ""
    if level in (Level.IOP, Level.PHP):
        items = "".join(
            f"<li><b>{_E(c.label)}</b> ({_E(c.emphasis.value)}): {_E(c.description)}</li>"
            for c in COMPONENTS.values()
        )
        components = f"<p><b>Components</b> (from the overview):</p><ul>{items}</ul>"
    into = steps_into(level)
    notes = f"<p><i>{_E(info.notes)}</i></p>" if info.notes else ""
    who = "adolescents" if population is Population.ADOLESCENT else "adults"
    return (
        f"<div class='iopkit-level'><h4>{_E(info.label)}</h4>"
        f"<p>{_E(info.description)}</p>"
        f"<p><b>Typical patients:</b> {_E(info.typical_patients)}</p>"
        f"<p><b>24-hour supervision:</b> {_E(supervision)}</p>"
        f"<p><b>Figures</b> (hours shown on the chart are for {_E(who)}):</p>{table}"
        f"{components}"
        f"<p><b>Step up to:</b> {_E(_levels(STEP_UP.get(level, ())))}<br>"
        f"<b>Step down to:</b> {_E(_levels(STEP_DOWN.get(level, ())))}<br>"
        f"<b>People step down into it from:</b> {_E(_levels(into['step_down_from']))}<br>"
        f"<b>People step up into it from:</b> {_E(_levels(into['step_up_from']))}</p>"
        f"<p><i>Paths: {_E(STEP_SOURCE)}</i></p>{notes}</div>"
    )


def band_html(band: Band) -> str:
    """A figure with its unit and, in smaller type, its source."""
    return (
        f"<span class='iopkit-band'>{_E(band.describe())} <i>({_E(band.source.cite())})</i></span>"
    )


def levels_html(levels: Iterable[Level]) -> str:
    """Levels of care as a list a trainee reads (their full names)."""
    items = "".join(f"<li>{_E(lv.label)}</li>" for lv in levels)
    return f"<ul class='iopkit-levels'>{items}</ul>" if items else "<p>None.</p>"


def library_html(library: Library) -> str:
    """The case library as a table: title, population, conditions and stages (no answer key)."""
    rows = "".join(
        f"<tr><td>{_E(v.title)}</td><td>{_E(v.population.value.capitalize())}</td>"
        f"<td>{_E(', '.join(v.condition_labels()))}</td><td>{len(v.stages)}</td></tr>"
        for v in library
    )
    problems = (
        f"<p><b>{len(library.problems)} file(s) could not be loaded</b>; run "
        "<code>iopkit validate</code> on the case folder for the details.</p>"
        if library.problems
        else ""
    )
    return (
        f"<div class='iopkit-library'><p><b>{len(library)} case(s)</b></p>"
        "<table><thead><tr><th>Case</th><th>Population</th><th>Conditions</th>"
        f"<th>Later stages</th></tr></thead><tbody>{rows}</tbody></table>{problems}</div>"
    )


# --- Plain text, for the command line ----------------------------------------------------------


def recommendation_text(rec: Recommendation) -> str:
    """The recommendation as ``iopkit place`` prints it."""
    lines = [f"Recommended level: {rec.level_text}", "", "Rules checked, in order:"]
    for i, r in enumerate(rec.reasons, 1):
        lines.append(f"  {i}. [{r.rule}] {'MET' if r.met else 'not met'}: {r.explanation}")
    if rec.flags:
        lines += ["", "Cautions:", *(f"  - [{f.code}] {f.message}" for f in rec.flags)]
    changes = [w for w in rec.what_if if w.changes_level]
    if changes:
        lines += ["", "What would change the level (one finding at a time):"]
        for w in changes:
            alts = ", ".join(f"{getattr(v, 'value', v)} -> {lv.value}" for v, lv in w.changes)
            lines.append(f"  - {w.field}: {alts}")
    return "\n".join([*lines, "", DISCLAIMER])


def schedule_report_text(report: ScheduleReport) -> str:
    """The report as ``iopkit schedule check`` prints it."""
    status = "OK" if report.ok else "ERRORS"
    lines = [
        f"{status}: {report.hours_per_week:g} h a week on {report.days_per_week} day(s), "
        f"{report.weeks} weeks ({report.population.value})",
        *(f"  {act.label}: {hours:g} h" for act, hours in report.hours_per_component.items()),
        *(f"{f.severity.value}: [{f.code}] {f.message}" for f in report.findings),
    ]
    return "\n".join(lines)


def levels_text() -> str:
    """The levels of care with their figures and sources, as ``iopkit levels`` prints them."""
    lines = []
    for info in sorted(LEVELS.values(), key=lambda i: i.rank):
        lines += [f"{info.rank}. {info.label} [{info.level.value}]", f"   {info.description}"]
        for name, band in (
            ("days per week", info.days_per_week),
            ("hours per day", info.hours_per_day),
            ("weekly hours (adult)", info.weekly_hours_adult),
            ("weekly hours (adolescent)", info.weekly_hours_adolescent),
            ("typical duration", info.typical_duration),
            *info.extra_figures,
        ):
            if band is not None:
                lines.append(f"   {name}: {band.describe()}  [{band.source.title}]")
        lines.append(f"   24-hour supervision: {info.supervision_text()}")
    return "\n".join([*lines, "", f"Step-up and step-down: {STEP_SOURCE}", DISCLAIMER])
