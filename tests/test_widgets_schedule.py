"""The schedule designer, driven through its controls (no kernel, no browser)."""

from __future__ import annotations

import html
import io
import math
import re

import pytest
from app_factories import make_vignette, unlabelled
from factories import good_week

from iopkit import cli
from iopkit.components import Activity
from iopkit.levels import LEVELS, Level, Population
from iopkit.render import totals_summary
from iopkit.responses import default_store
from iopkit.schedule import Day, Schedule, check, check_task, parse_time
from iopkit.userdata import exports_dir
from iopkit.vignettes import ScheduleTask, Vignette, load_library
from iopkit.widgets import ScheduleDesigner, schedule_cases
from iopkit.widgets.cases import FREE

WITH_TASK: tuple[Vignette, ...] = tuple(v for v in load_library().vignettes if v.schedule_task)


def add(app: ScheduleDesigner, day: str, start: str, minutes: int, activity: str) -> None:
    app.day.value = Day(day)
    app.start.value = start
    app.minutes.value = minutes
    app.activity.value = Activity(activity)
    app.add.click()


def build(app: ScheduleDesigner, week: dict) -> None:
    for s in week["sessions"]:
        add(app, s["day"], s["start"], s["minutes"], s["activity"])


def test_totals_and_findings_match_check_on_the_same_week():
    app = ScheduleDesigner()
    build(app, good_week())
    expected = check(Schedule.model_validate(good_week()))
    assert app.schedule.sessions == Schedule.model_validate(good_week()).sessions
    assert app.report.to_dict() == expected.to_dict()
    assert html.escape(totals_summary(expected)) in app.totals.value
    assert "9 h a week on 3 days" in app.totals.value
    for finding in expected.findings:
        assert html.escape(finding.message) in app.findings.value


def test_every_edit_rechecks_the_week():
    app = ScheduleDesigner()
    assert "empty-week" in app.report.codes
    add(app, "mon", "09:00", 180, "process_group")
    assert app.report.codes == check(app.schedule).codes
    assert "hours-below-iop-minimum" in app.report.codes
    assert "Error:" in app.findings.value
    before = bytes(app.calendar.value)
    add(app, "wed", "09:00", 180, "process_group")
    add(app, "fri", "09:00", 180, "individual_therapy")
    assert "hours-below-iop-minimum" not in app.report.codes
    assert bytes(app.calendar.value) != before
    assert "Individual therapy" in app.components.value


def test_overlapping_activities_show_as_errors_with_a_text_label():
    app = ScheduleDesigner()
    add(app, "mon", "09:00", 120, "process_group")
    add(app, "mon", "10:00", 60, "skills_group")
    assert "overlapping-activities" in app.report.codes
    assert "<b>Error:</b>" in app.findings.value
    page = app.findings.value
    assert page.index("Error:") < page.index("Warning:")


@pytest.mark.parametrize(
    ("start", "minutes", "field"),
    [
        ("25:00", 60, "Start (HH:MM)"),
        ("9am", 60, "Start (HH:MM)"),
        ("09:60", 60, "Start (HH:MM)"),
        ("", 60, "Start (HH:MM)"),
        ("09:00", 0, "Minutes"),
        ("09:00", -30, "Minutes"),
        ("09:00", 2000, "Minutes"),
    ],
)
def test_bad_entries_give_a_message_and_keep_the_week(start, minutes, field):
    app = ScheduleDesigner()
    build(app, good_week())
    week, report = app.schedule, app.report
    add(app, "tue", start, minutes, "skills_group")
    assert app.schedule == week and app.report is report
    assert field in app.message.value
    assert "Problem" in app.message.value and "not changed" in app.message.value
    assert "Traceback" not in app.message.value


def test_selecting_a_session_loads_it_and_update_changes_it():
    app = ScheduleDesigner()
    build(app, good_week())
    app.sessions.value = 0
    assert (app.day.value, app.start.value, app.minutes.value) == (Day.MON, "09:00", 60)
    app.start.value = "08:00"
    app.update.click()
    assert app.schedule.sessions[0].start == "08:00"
    assert len(app.schedule.sessions) == len(good_week()["sessions"])
    assert app.report.to_dict() == check(app.schedule).to_dict()


def test_update_with_a_bad_time_keeps_the_session():
    app = ScheduleDesigner()
    build(app, good_week())
    app.sessions.value = 2
    before = app.schedule
    app.start.value = "24:30"
    app.update.click()
    assert app.schedule == before
    assert "Start (HH:MM)" in app.message.value


def test_a_new_activity_is_selected_so_it_can_be_removed_at_once():
    app = ScheduleDesigner()
    add(app, "mon", "09:00", 60, "process_group")
    add(app, "tue", "09:00", 60, "skills_group")
    assert app.sessions.value == 1
    app.remove.click()
    assert [s.day for s in app.schedule.sessions] == [Day.MON]


def test_remove_selected_removes_only_that_session():
    app = ScheduleDesigner()
    build(app, good_week())
    n = len(app.schedule.sessions)
    gone = app.schedule.sessions[1]
    app.sessions.value = 1
    app.remove.click()
    assert len(app.schedule.sessions) == n - 1
    assert gone not in app.schedule.sessions
    assert "removed" in app.message.value


def test_remove_without_a_selection_explains():
    app = ScheduleDesigner()
    build(app, good_week())
    app.sessions.value = None
    app.remove.click()
    assert "select an activity" in app.message.value
    assert len(app.schedule.sessions) == len(good_week()["sessions"])


def test_weeks_slider_sets_programme_length_and_redraws_the_timeline():
    app = ScheduleDesigner()
    assert (app.weeks.min, app.weeks.max, app.weeks.value) == (1, 52, 8)
    before = bytes(app.timeline.value)
    app.weeks.value = 20
    assert app.schedule.weeks == 20
    assert "programme-length-atypical" in app.report.codes
    assert bytes(app.timeline.value) != before


def test_population_sets_the_band_used_for_the_minimum():
    app = ScheduleDesigner(population="adolescent")
    add(app, "mon", "15:30", 120, "process_group")
    add(app, "wed", "15:30", 120, "skills_group")
    add(app, "thu", "15:30", 120, "family_therapy")
    assert app.schedule.population is Population.ADOLESCENT
    assert "hours-below-iop-minimum" not in app.report.codes  # 6 h is enough for adolescents
    assert "adolescents 6-19 h/week" in app.totals.value
    app.population.value = Population.ADULT
    assert "hours-below-iop-minimum" in app.report.codes


def _exports() -> list:
    return sorted(exports_dir().iterdir()) if exports_dir().exists() else []


def test_export_yaml_round_trips_through_the_file_format_and_the_cli():
    app = ScheduleDesigner()
    build(app, good_week())
    app.weeks.value = 10
    app.export_yaml.click()
    [path] = _exports()
    assert path.name.startswith("test-trainee_free-design_week_") and path.suffix == ".yaml"
    assert html.escape(path.name) in app.download.value
    assert "iopkit schedule check" not in app.download.value  # no command line for trainees
    assert Schedule.from_file(path) == app.schedule
    assert path.read_text(encoding="utf-8") == app.schedule.to_yaml()
    assert "data:application/x-yaml;base64," in app.download.value
    assert "text-decoration:underline" in app.download.value  # the link looks like a link
    out, err = io.StringIO(), io.StringIO()
    assert cli.main(["schedule", "check", str(path)], out, err) == 0
    assert err.getvalue() == ""


def test_each_export_gets_a_new_name_with_trainee_case_and_time():
    case = WITH_TASK[0]
    app = ScheduleDesigner.for_vignette(case)
    app.export_yaml.click()
    app.export_yaml.click()
    app.export_png.click()
    paths = _exports()
    assert len(paths) == 3  # the same second twice: the second gets a number, none is lost
    for path in paths:
        assert path.name.startswith(f"test-trainee_{case.id}_")
        assert re.search(r"_20\d\d-\d\d-\d\d_\d{4}-\d\d", path.name)
    assert [p.suffix for p in paths].count(".yaml") == 2
    [calendar] = [p for p in paths if p.suffix == ".png"]
    assert calendar.read_bytes().startswith(b"\x89PNG")


def test_export_png_writes_the_calendar():
    app = ScheduleDesigner()
    build(app, good_week())
    app.export_png.click()
    [path] = _exports()
    assert path.read_bytes().startswith(b"\x89PNG")
    assert "data:image/png;base64," in app.download.value
    assert html.escape(path.name) in app.download.value


def test_export_to_an_unwritable_place_gives_a_message(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("IOPKIT_DATA_DIR", str(blocker))
    app = ScheduleDesigner()
    build(app, good_week())
    app.export_yaml.click()
    assert "could not be saved in your iopkit folder" in app.download.value
    assert str(blocker) not in app.download.value  # no server path on a trainee page
    assert "Traceback" not in app.download.value
    assert "data:application/x-yaml" in app.download.value  # the link still works
    assert blocker.read_text() == "not a folder"


def test_task_constraints_show_as_findings():
    task = ScheduleTask(
        brief="Evenings <b>only</b>",
        allowed_days=["mon", "tue", "wed", "thu"],
        earliest_start="17:30",
        required_activities=["family_therapy"],
    )
    app = ScheduleDesigner(task=task)
    assert "Evenings &lt;b&gt;only&lt;/b&gt;" in app.brief.value
    add(app, "fri", "09:00", 180, "process_group")
    codes = {f.code for f in app.task_findings}
    assert {"day-not-allowed", "starts-too-early", "missing-required-activity"} <= codes
    assert "cannot attend on Fri" in app.findings.value
    assert not app.ok


def week_for(task: ScheduleTask, population: Population) -> list[tuple[str, str, int, str]]:
    """A week that meets a task, built the way a trainee would (for the feasibility test)."""
    minimum = LEVELS[Level.IOP].minimum_weekly_hours(population) or 0.0
    start = parse_time(task.earliest_start) if task.earliest_start else 9 * 60
    end = parse_time(task.latest_end) if task.latest_end else start + 4 * 60
    days = list(task.allowed_days)
    n_days = min(len(days), max(3, min(5, len(days))))
    per_day = math.ceil(minimum * 60 / n_days / 30) * 30
    activities = [a.value for a in task.required_activities]
    if "process_group" not in activities:
        activities.insert(0, "process_group")
    plan: list[tuple[str, str, int, str]] = []
    queue = list(activities)
    for day in days[:n_days]:
        t = start
        left = per_day
        while left > 0:
            minutes = min(60, left)
            activity = queue.pop(0) if queue else "skills_group"
            plan.append((day.value, f"{t // 60:02d}:{t % 60:02d}", minutes, activity))
            t += minutes
            left -= minutes
        assert t <= end, "the task leaves too little time in the day"
    return plan


@pytest.mark.parametrize("v", WITH_TASK, ids=[v.id for v in WITH_TASK])
def test_every_builtin_schedule_task_can_be_met(v):
    app = ScheduleDesigner.for_vignette(v)
    assert html.escape(v.title) in app.brief.value
    assert app.schedule.population is v.population
    assert v.schedule_task is not None
    for day, start, minutes, activity in week_for(v.schedule_task, v.population):
        add(app, day, start, minutes, activity)
    assert app.report.errors == ()
    assert app.task_findings == check_task(app.schedule, v.schedule_task) == ()
    assert app.ok


def test_a_vignette_without_a_task_gives_a_blank_week():
    app = ScheduleDesigner.for_vignette(make_vignette())
    assert app.task is None
    assert "Blank week" in app.brief.value


def test_a_custom_checker_is_used():
    calls = []

    def checker(schedule: Schedule):
        calls.append(schedule)
        return check(schedule)

    app = ScheduleDesigner(checker=checker)
    add(app, "mon", "09:00", 60, "process_group")
    assert calls[-1] is app.schedule


def test_every_control_has_a_visible_label_and_figures_a_text_alternative():
    app = ScheduleDesigner()
    add(app, "mon", "09:00", 60, "process_group")
    assert unlabelled(app) == []
    assert "Mon 09:00-10:00 Process group" in app.calendar.tooltip
    assert [b.description for b in (app.add, app.remove, app.export_yaml, app.export_png)] == [
        "Add activity",
        "Remove selected",
        "Save the week as a file",
        "Save the calendar as a picture",
    ]


# --- the week is never lost -------------------------------------------------------------------


def _week_of(app: ScheduleDesigner) -> list[str]:
    return [s.describe() for s in app.schedule.sessions]


def test_switching_case_and_back_finds_the_week_as_it_was_left():
    picker = schedule_cases()
    first, second = picker.options[0][1], picker.options[1][1]
    build(picker.app, good_week())
    picker.app.weeks.value = 11
    built = _week_of(picker.app)
    picker.case.value = second
    assert _week_of(picker.app) == []  # the other case starts from its own (empty) week
    add(picker.app, "tue", "18:00", 60, "process_group")
    picker.case.value = FREE
    picker.case.value = first
    assert _week_of(picker.app) == built and picker.app.weeks.value == 11
    picker.case.value = second
    assert _week_of(picker.app) == ["Tue 18:00-19:00 Process group"]


def test_the_week_comes_back_after_a_reload_from_the_trainees_data():
    case = WITH_TASK[0]
    app = ScheduleDesigner.for_vignette(case)
    build(app, good_week())
    app.weeks.value = 12
    reloaded = schedule_cases()  # a new page: new widgets, the same answers database
    reloaded.case.value = case.id
    assert _week_of(reloaded.app) == _week_of(app)
    assert reloaded.app.weeks.value == 12 and reloaded.app.report == app.report
    assert "your week from earlier is back (9 activities)" in reloaded.app.message.value
    assert "Mon 09:00" in reloaded.app.sessions.options[0][0]


def test_the_free_design_is_kept_apart_from_each_case():
    case = WITH_TASK[0]
    free = ScheduleDesigner()
    add(free, "wed", "10:00", 90, "psychoeducation_group")
    fresh_case = ScheduleDesigner.for_vignette(case, restore=True)
    assert _week_of(fresh_case) == []
    fresh_free = ScheduleDesigner()
    assert fresh_free.restore() and _week_of(fresh_free) == _week_of(free)


def test_clearing_the_week_asks_first_and_keeping_it_changes_nothing():
    app = ScheduleDesigner()
    build(app, good_week())
    before = _week_of(app)
    app.clear.click()
    assert app.confirm.layout.display == "flex"
    assert "Discard the 9 activities of this week?" in app.confirm_text.value
    assert _week_of(app) == before  # asking discards nothing
    app.confirm_no.click()
    assert app.confirm.layout.display == "none" and _week_of(app) == before
    assert "kept as it was" in app.message.value


def test_confirming_the_clear_empties_the_week_and_the_kept_copy():
    app = ScheduleDesigner()
    build(app, good_week())
    app.clear.click()
    app.confirm_yes.click()
    assert _week_of(app) == [] and app.confirm.layout.display == "none"
    again = ScheduleDesigner()
    assert again.restore() and _week_of(again) == []


def test_clearing_an_empty_week_asks_nothing():
    app = ScheduleDesigner()
    app.clear.click()
    assert app.confirm.layout.display == "none" and "already empty" in app.message.value


def test_a_damaged_kept_week_is_ignored_and_the_designer_opens_blank():
    default_store().save_draft("schedule", "", {"sessions": "not a list", "weeks": -3})
    app = ScheduleDesigner()
    assert app.restore() is False and _week_of(app) == []
    assert "Problem" not in app.message.value


def test_a_designer_that_records_nothing_keeps_no_week():
    app = ScheduleDesigner(record=False)
    build(app, good_week())
    assert default_store().draft("schedule", "") is None


def test_exports_are_named_by_the_pseudonym_not_the_login(monkeypatch):
    monkeypatch.delenv("IOPKIT_TRAINEE")
    default_store().set_pseudonym("Blue Heron")
    app = ScheduleDesigner()
    app.export_yaml.click()
    [path] = _exports()
    assert path.name.startswith("blue-heron_free-design_week_20")
    assert "Schedule YAML" not in html.unescape(str(app.widget))  # no YAML box on the page
