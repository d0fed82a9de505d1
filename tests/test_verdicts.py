"""Verdicts that teach: the schedule designer's wording and the plan's placeholder rule."""

from __future__ import annotations

import pytest

from iopkit.discharge import DischargePlan, check_plan, is_placeholder
from iopkit.render import findings_html
from iopkit.schedule import Schedule, check, check_task, merge_findings, schedule_verdict
from iopkit.vignettes import ScheduleTask
from iopkit.widgets import DischargePlanBuilder, ScheduleDesigner

ONE_DAY = {
    "sessions": [{"day": "mon", "start": "09:00", "minutes": 600, "activity": "process_group"}]
}


def _typical_week() -> dict:
    day = [
        ("09:00", 90, "process_group"),
        ("10:30", 60, "skills_group"),
        ("11:30", 30, "individual_therapy"),
    ]
    sessions = [
        {"day": d, "start": t, "minutes": m, "activity": a}
        for d in ("mon", "wed", "fri")
        for t, m, a in day
    ]
    sessions.append(
        {"day": "wed", "start": "12:00", "minutes": 30, "activity": "medication_management"}
    )
    sessions[-2]["minutes"] = 30
    return {"weeks": 8, "sessions": sessions}


def test_a_one_day_week_is_not_called_typical_and_names_its_departures():
    report = check(ONE_DAY)
    assert report.ok and report.warnings
    verdict = schedule_verdict(report.findings)
    assert "meets every rule" not in verdict and "valid IOP week" not in verdict
    assert "meets the IOP minimums" in verdict
    assert (
        f"departs from the typical week in {len(set(f.code for f in report.warnings))} ways"
        in verdict
    )
    assert "fewer days than usual" in verdict and "no individual therapy" in verdict


def test_only_a_week_with_no_error_and_no_warning_meets_every_rule():
    report = check(_typical_week())
    assert report.findings == (), [f.code for f in report.findings]
    assert schedule_verdict(report.findings) == "This week meets every rule of a typical IOP week."
    with_warnings = check(ONE_DAY)
    assert with_warnings.ok and "meets every rule" not in schedule_verdict(with_warnings.findings)


def test_errors_say_not_yet():
    report = check(
        {"sessions": [{"day": "mon", "start": "09:00", "minutes": 60, "activity": "process_group"}]}
    )
    assert schedule_verdict(report.findings).startswith("Not yet: 1 to make it an IOP week")
    assert "&#10006;" in findings_html(report.findings)


def test_a_task_is_passed_only_when_its_requirements_and_the_checkers_errors_are_met():
    task = ScheduleTask(
        brief="Mornings",
        allowed_days=["mon", "wed", "fri"],
        required_activities=["individual_therapy"],
    )
    typical = Schedule.model_validate(_typical_week())
    assert check_task(typical, task) == ()
    assert "task passed" in findings_html(check(typical).findings, has_task=True)

    # The task is met but the week is below the IOP minimum: not passed.
    short = Schedule.model_validate({"sessions": _typical_week()["sessions"][:3]})
    assert check_task(short, task) == () and not check(short).ok
    assert "task passed" not in findings_html(check(short).findings, has_task=True)

    app = ScheduleDesigner(task=task, schedule=short)
    assert not app.ok and "task passed" not in app.findings.value
    app = ScheduleDesigner(task=task, schedule=typical)
    assert app.ok and "task passed" in app.findings.value


def test_one_gap_is_reported_once():
    task = ScheduleTask(brief="x", allowed_days=["mon"], required_activities=["individual_therapy"])
    week = Schedule.model_validate(ONE_DAY)
    report, task_findings = check(week), check_task(week, task)
    assert "no-individual-therapy" in report.codes
    merged = merge_findings(report, task_findings, task)
    codes = [f.code for f in merged]
    assert codes.count("missing-required-activity") == 1
    assert "no-individual-therapy" not in codes
    assert "no-medication-management" in codes  # a gap the task does not name stays
    app = ScheduleDesigner(task=task, schedule=week)
    assert app.findings.value.lower().count("individual therapy") == 1


@pytest.mark.parametrize(
    "text", ["x", "X", "n/a", "N/A", "tbd", "TBD.", "-", "?", "aaaa", "...", "xxx", "xx", "--"]
)
def test_placeholders_do_not_fill_a_section(text):
    assert is_placeholder(text)
    plan = DischargePlan(warning_signs=(text,), follow_up_days=5)
    assert "warning_signs" in check_plan(plan).missing_fields


@pytest.mark.parametrize("text", ["poor sleep", "calls his sister", "AA", "ok"])
def test_real_items_fill_a_section(text):
    assert not is_placeholder(text)


def test_a_plan_with_x_in_every_box_is_not_complete():
    app = DischargePlanBuilder()
    for area in (
        app.warning_signs,
        app.high_risk_situations,
        app.supports,
        app.contacts,
        app.crisis_contacts,
        app.safer_environment,
        app.medication_plan,
    ):
        area.value = "x"
    app.coping.value = (app.coping.options[0][1],)
    app.follow_up_days.value = 3
    app.check.click()
    assert not app.last_check.complete
    assert "Complete:" not in app.result.value
    assert set(app.last_check.missing_fields) >= {
        "warning_signs",
        "high_risk_situations",
        "supports",
        "professional_contacts",
        "crisis_contacts",
    }
    assert "only holds a place" in app.result.value
