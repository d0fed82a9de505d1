"""Schedule designer: build an IOP week and see the checker's findings, totals and calendar."""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w
from pydantic import ValidationError

from iopkit.components import Activity
from iopkit.fields import parse_time
from iopkit.levels import Population
from iopkit.render import component_hours_html, findings_html, task_html, totals_summary
from iopkit.schedule import (
    Day,
    FindingSeverity,
    Schedule,
    ScheduleReport,
    Session,
    check,
    check_task,
    merge_findings,
)
from iopkit.widgets import figures
from iopkit.widgets._common import (
    WIDE,
    App,
    export_html,
    figure_image,
    image_layout,
    message_html,
    problems_panel,
    shown,
)

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.schedule import Finding
    from iopkit.vignettes import ScheduleTask, Vignette

_E = html.escape

Checker = Callable[[Schedule], ScheduleReport]

DRAFT_KIND = "schedule"
"""Where the week in progress is kept in the trainee's data (one per case, "" for free)."""

# --- The form: from the designer's boxes to a Session -----------------------------------------

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


class ScheduleDesigner(App):
    """Design an IOP week for a case's schedule task (or a blank week) and check it live.

    ``task``: a vignette's ``ScheduleTask`` or None; ``schedule``: a week to start from;
    ``checker``: the schedule rules (default :func:`iopkit.schedule.check`). The two "Save"
    buttons write a new file (the week in the kit's schedule format, or the calendar picture)
    in the trainee's own folder (:func:`iopkit.userdata.exports_dir`), named by pseudonym,
    case and date, and offer it as a download. The week being built is kept in the trainee's
    data (:meth:`restore` brings it back); "Clear the week" asks before discarding it.
    """

    def __init__(
        self,
        task: ScheduleTask | None = None,
        schedule: Schedule | None = None,
        checker: Checker = check,
        population: Population | str | None = None,
        record: bool = True,
    ) -> None:
        self.task = task
        self.case_id = ""  # the vignette's id when the week is for a case
        self.record = record  # keep each checked week in the trainee's answers database
        self.checker = checker
        self.vignette: Vignette | None = None
        pop = Population(population) if population is not None else None
        if schedule is None:
            schedule = Schedule(population=pop or Population.ADULT, weeks=8, sessions=())
        elif pop is not None:
            schedule = schedule.model_copy(update={"population": pop})
        self.schedule: Schedule = schedule
        self.report: ScheduleReport = checker(schedule)
        self.task_findings: tuple[Finding, ...] = ()
        self._week_canvas = figures.Canvas(*figures.SIZES["week"])
        self._time_canvas = figures.Canvas(*figures.SIZES["timeline"])

        default_day = task.allowed_days[0] if task and task.allowed_days else Day.MON
        self.brief = w.HTML(
            task_html(task)
            if task
            else "<p><b>Blank week:</b> design an IOP week for a typical adult programme.</p>"
        )
        self.population = w.Dropdown(
            options=[("Adult", Population.ADULT), ("Adolescent", Population.ADOLESCENT)],
            value=schedule.population,
            description="Population",
        )
        self.day = w.Dropdown(
            options=[(d.label, d) for d in Day], value=default_day, description="Day"
        )
        self.start = w.Text(
            value=(task.earliest_start if task and task.earliest_start else "09:00"),
            description="Start (HH:MM)",
            style=WIDE,
        )
        self.minutes = w.IntText(value=90, description="Minutes")
        self.activity = w.Dropdown(
            options=[(a.label, a) for a in Activity],
            value=Activity.PROCESS_GROUP,
            description="Activity",
        )
        self.add = w.Button(description="Add activity", button_style="primary")
        self.update = w.Button(description="Update selected")
        self.remove = w.Button(description="Remove selected")
        self.sessions = w.Select(
            description="This week", rows=8, layout=w.Layout(width="36em"), style=WIDE
        )
        self.message = w.HTML()
        self.totals = w.HTML()
        self.findings = w.HTML()
        self.components = w.HTML()
        self.calendar = figure_image(layout=image_layout(8.0))
        # A number box, not a slider: ipywidgets' slider handle has no accessible name.
        self.weeks = w.BoundedIntText(
            value=schedule.weeks, min=1, max=52, description="Programme weeks", style=WIDE
        )
        self.timeline = figure_image(layout=image_layout(8.0))
        self.export_yaml = w.Button(description="Save the week as a file")
        self.export_png = w.Button(description="Save the calendar as a picture")
        self.download = w.HTML()
        self.clear = w.Button(description="Clear the week")
        self.confirm_text = w.HTML()
        self.confirm_yes = w.Button(description="Yes, discard them", button_style="danger")
        self.confirm_no = w.Button(description="No, keep the week")
        self.confirm = w.VBox(
            [self.confirm_text, w.HBox([self.confirm_yes, self.confirm_no])],
            layout=w.Layout(display="none"),
        )

        self.add.on_click(self._on_add)
        self.update.on_click(self._on_update)
        self.remove.on_click(self._on_remove)
        self.clear.on_click(self._on_clear)
        self.confirm_yes.on_click(self._on_clear_confirmed)
        self.confirm_no.on_click(self._on_clear_cancelled)
        self.sessions.observe(self._on_select, names="value")
        self.weeks.observe(self._on_weeks, names="value")
        self.population.observe(self._on_population, names="value")
        self.export_yaml.on_click(self._on_export_yaml)
        self.export_png.on_click(self._on_export_png)

        self._refresh()
        self._draw_timeline()

        self.problems = problems_panel()
        self.widget = self._box(
            [
                *shown(self.problems),
                self.brief,
                self.population,
                w.HBox([self.day, self.start]),
                w.HBox([self.minutes, self.activity]),
                w.HBox([self.add, self.update, self.remove, self.clear]),
                self.confirm,
                self.message,
                self.sessions,
                self.totals,
                self.findings,
                self.calendar,
                self.components,
                self.weeks,
                self.timeline,
                w.HBox([self.export_yaml, self.export_png]),
                self.download,
            ]
        )

    @classmethod
    def for_vignette(
        cls, vignette: Vignette, restore: bool = False, **kwargs: Any
    ) -> ScheduleDesigner:
        """A designer for the case's schedule task (a blank week if it has none).

        ``restore``: bring back the week kept in the trainee's data for this case.
        """
        kwargs.setdefault("population", vignette.population)
        designer = cls(task=vignette.schedule_task, **kwargs)
        designer.case_id = vignette.id
        designer.vignette = vignette
        designer.brief.value = f"<p><b>Case:</b> {_E(vignette.title)}</p>" + designer.brief.value
        if restore:
            designer.restore()
        return designer

    # --- the week in progress, kept in the trainee's data -------------------------------------

    def restore(self) -> bool:
        """Bring back the week last built for this case (or the free design); True if one was."""
        if not self.record:
            return False
        from iopkit.responses import default_store

        try:
            body = default_store().draft(DRAFT_KIND, self.case_id)
        except Exception:  # an unreadable answers file must not stop the designer
            return False
        if body is None:
            return False
        try:
            week = Schedule.model_validate(body)
        except ValidationError:
            return False
        self.schedule = week
        self.population.unobserve(self._on_population, names="value")
        self.weeks.unobserve(self._on_weeks, names="value")
        self.population.value = week.population
        self.weeks.value = week.weeks
        self.population.observe(self._on_population, names="value")
        self.weeks.observe(self._on_weeks, names="value")
        self._refresh()
        self._draw_timeline()
        n = len(week.sessions)
        self.message.value = message_html(
            f"your week from earlier is back ({n} activit{'y' if n == 1 else 'ies'}).", "ok"
        )
        return True

    def _keep_draft(self) -> None:
        if not self.record:
            return
        from iopkit.responses import default_store

        with contextlib.suppress(Exception):  # the week on screen stays; saving is best effort
            default_store().save_draft(DRAFT_KIND, self.case_id, self.schedule.to_dict())

    # --- editing ----------------------------------------------------------------------------

    def _session_from_inputs(self) -> Session | None:
        try:
            session = session_from_inputs(
                self.day.value, self.start.value, self.minutes.value, self.activity.value
            )
        except ValueError as exc:
            self.message.value = message_html(f"{exc}. The week was not changed.", "error")
            return None
        return session

    def _set_schedule(self, schedule: Schedule, note: str) -> None:
        self.schedule = schedule
        self.message.value = message_html(note, "ok")
        self._refresh()
        self._save()
        self._keep_draft()

    def _save(self) -> None:
        """Record the checked week (verdict, totals, rule codes); a note if it was not saved."""
        if not self.record:
            return
        from iopkit.responses import record_safely, schedule_verdict

        found = (*self.report.findings, *self.task_findings)
        errors = [f.code for f in found if f.severity is FindingSeverity.ERROR]
        warnings = [f.code for f in found if f.severity is not FindingSeverity.ERROR]
        r = self.report
        saved = record_safely(
            lambda s: s.record_schedule(
                self.case_id,
                schedule_verdict(errors, warnings),
                r.hours_per_week,
                r.days_per_week,
                r.weeks,
                errors,
                warnings,
            )
        )
        if isinstance(saved, str):
            self.message.value += message_html(saved, "error")

    def _on_add(self, _: Any = None) -> None:
        session = self._session_from_inputs()
        if session is not None:
            self._set_schedule(self.schedule.with_session(session), f"added {session.describe()}.")
            self.sessions.value = len(self.schedule.sessions) - 1

    def _on_update(self, _: Any = None) -> None:
        index = self.sessions.value
        if index is None:
            self.message.value = message_html("select an activity in the week first.", "error")
            return
        session = self._session_from_inputs()
        if session is not None:
            items = list(self.schedule.sessions)
            items[index] = session
            new = self.schedule.model_copy(update={"sessions": tuple(items)})
            self._set_schedule(new, f"changed activity {index + 1} to {session.describe()}.")
            self.sessions.value = index

    def _on_remove(self, _: Any = None) -> None:
        index = self.sessions.value
        if index is None:
            self.message.value = message_html("select an activity in the week first.", "error")
            return
        gone = self.schedule.sessions[index]
        self._set_schedule(self.schedule.without_session(index), f"removed {gone.describe()}.")

    def _on_clear(self, _: Any = None) -> None:
        """Ask before discarding the week (nothing to ask when it is empty)."""
        n = len(self.schedule.sessions)
        if n == 0:
            self.message.value = message_html("the week is already empty.", "info")
            return
        self.confirm_text.value = (
            f"<p><b>Discard the {n} activit{'y' if n == 1 else 'ies'} of this week?</b> "
            "They cannot be brought back.</p>"
        )
        self.confirm.layout.display = "flex"

    def _on_clear_confirmed(self, _: Any = None) -> None:
        self.confirm.layout.display = "none"
        empty = self.schedule.model_copy(update={"sessions": ()})
        self._set_schedule(empty, "the week is empty; add the first activity.")

    def _on_clear_cancelled(self, _: Any = None) -> None:
        self.confirm.layout.display = "none"
        self.message.value = message_html("the week was kept as it was.", "info")

    def _on_select(self, _: Any = None) -> None:
        index = self.sessions.value
        if index is None or index >= len(self.schedule.sessions):
            return
        s = self.schedule.sessions[index]
        self.day.value = s.day
        self.start.value = s.start
        self.minutes.value = s.minutes
        self.activity.value = s.activity

    def _on_weeks(self, _: Any = None) -> None:
        self.schedule = self.schedule.model_copy(update={"weeks": int(self.weeks.value)})
        self._refresh(draw=False)
        self._draw_timeline()
        self._keep_draft()

    def _on_population(self, _: Any = None) -> None:
        self.schedule = self.schedule.model_copy(update={"population": self.population.value})
        self._refresh(draw=False)
        self._keep_draft()

    # --- views ------------------------------------------------------------------------------

    def _refresh(self, draw: bool = True) -> None:
        """Re-check the week and update every view (the figure only when sessions changed)."""
        self.report = self.checker(self.schedule)
        self.task_findings = check_task(self.schedule, self.task) if self.task else ()
        merged = merge_findings(self.report, self.task_findings, self.task)
        self.findings.value = findings_html(merged, has_task=self.task is not None)
        self.totals.value = f"<p><b>Totals:</b> {_E(totals_summary(self.report))}</p>"
        self.components.value = component_hours_html(self.report)
        self.sessions.unobserve(self._on_select, names="value")
        self.sessions.options = [
            (f"{i + 1}. {s.describe()} ({s.minutes} min)", i)
            for i, s in enumerate(self.schedule.sessions)
        ]
        self.sessions.value = None
        self.sessions.observe(self._on_select, names="value")
        if draw:
            self.calendar.value, self.calendar.tooltip = figures.week(
                self.schedule, self._week_canvas
            )

    def _draw_timeline(self) -> None:
        self.timeline.value, self.timeline.tooltip = figures.timeline(
            self.schedule.weeks, self._time_canvas
        )

    @property
    def ok(self) -> bool:
        """No errors from the checker nor from the case's task."""
        return self.report.ok and not self.task_findings

    # --- export -----------------------------------------------------------------------------

    def _on_export_yaml(self, _: Any = None) -> None:
        text = self.schedule.to_yaml()
        self.download.value = export_html(
            text, "application/x-yaml", "week", ".yaml", self.case_id or None
        )
        self.message.value = ""

    def _on_export_png(self, _: Any = None) -> None:
        data, _ = figures.week(self.schedule, self._week_canvas)
        self.download.value = export_html(
            data, "image/png", "calendar", ".png", self.case_id or None
        )
        self.message.value = ""
