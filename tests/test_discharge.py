"""Discharge plans: the completeness check names what is missing; the export is escaped."""

from __future__ import annotations

from dataclasses import replace

import pytest

from iopkit.discharge import (
    SKILL_OPTIONS,
    DischargePlan,
    check_plan,
    lines,
    plan_html,
)
from iopkit.sources import FOLLOW_UP_WITHIN_DAYS
from iopkit.vignettes.model import DischargePlanBrief

COMPLETE = DischargePlan(
    warning_signs=("sleeping under five hours",),
    high_risk_situations=("the anniversary in March",),
    coping_strategies=("thought record", "TIPP"),
    supports=("sister, weekly walk",),
    professional_contacts=("community therapist, Tuesdays",),
    crisis_contacts=("24-hour crisis line",),
    follow_up_days=5,
    medication_plan="GP continues the antidepressant; review in 4 weeks.",
)

BRIEF = DischargePlanBrief(
    follow_up_within_days=7,
    relapse_prevention_focus=["Anniversary of the loss"],
    safety_plan_needed=True,
)


def test_a_complete_plan_passes():
    result = check_plan(COMPLETE)
    assert result.complete
    assert result.missing == ()
    assert "Complete" in result._repr_html_()


def test_an_empty_plan_names_every_missing_part():
    result = check_plan(DischargePlan())
    assert result.missing_fields == (
        "warning_signs",
        "high_risk_situations",
        "coping_strategies",
        "supports",
        "professional_contacts",
        "crisis_contacts",
        "follow_up_days",
    )
    page = result._repr_html_()
    for label in ("Warning signs", "High-risk situations", "Crisis contacts", "Follow-up"):
        assert f"Missing: {label}" in page


@pytest.mark.parametrize("days", [None, 0, -1, FOLLOW_UP_WITHIN_DAYS + 1, 30])
def test_follow_up_must_be_booked_1_to_7_days_after_discharge(days):
    plan = replace(COMPLETE, follow_up_days=days)
    assert check_plan(plan).missing_fields == ("follow_up_days",)


def test_same_day_follow_up_does_not_count_and_says_why():
    plan = replace(COMPLETE, follow_up_days=0)
    (missing,) = check_plan(plan).missing
    assert "day of discharge does not count" in missing.message


@pytest.mark.parametrize("days", [1, FOLLOW_UP_WITHIN_DAYS])
def test_follow_up_within_the_window_is_fine(days):
    plan = replace(COMPLETE, follow_up_days=days)
    assert check_plan(plan).complete


def test_a_stricter_brief_shortens_the_follow_up_window():
    brief = DischargePlanBrief(follow_up_within_days=3, relapse_prevention_focus=["x"])
    assert check_plan(COMPLETE, brief).missing_fields == ("follow_up_days",)


def test_safety_plan_is_required_when_the_stage_says_so():
    result = check_plan(COMPLETE, BRIEF)
    assert result.missing_fields == ("safer_environment",)
    assert "suicidal ideation" in result.missing[0].message
    safe = replace(COMPLETE, safer_environment=("medicines locked",))
    assert check_plan(safe, BRIEF).complete
    assert check_plan(COMPLETE).complete  # no brief: no safety plan needed


def test_the_briefs_focus_is_shown_as_a_reminder():
    result = check_plan(COMPLETE, BRIEF)
    assert result.focus == ("Anniversary of the loss",)
    assert "Anniversary of the loss" in result._repr_html_()


def test_missing_medication_plan_is_a_suggestion_not_a_gap():
    plan = replace(COMPLETE, medication_plan="")
    result = check_plan(plan)
    assert result.complete
    assert any("medication" in s for s in result.suggestions)


def test_lines_split_text_boxes_into_items():
    assert lines("  - one\n\n2) two\n• three \n") == ("one", "two", "three")
    assert lines(None) == ()


def test_coping_options_are_the_kits_cbt_and_dbt_skills():
    values = [v for _, v in SKILL_OPTIONS]
    assert {"thought record", "TIPP", "DEAR MAN", "opposite action", "urge surfing"} <= set(values)
    assert len(values) == len(set(values))


def test_from_texts_reads_one_item_per_line_and_the_brief():
    plan = DischargePlan.from_texts(warning_signs="a\nb", follow_up_days=3, brief=BRIEF)
    assert plan.warning_signs == ("a", "b")
    assert plan.safety_plan_needed and plan.focus == ("Anniversary of the loss",)


def test_printable_html_escapes_everything():
    evil = "<script>alert(1)</script>"
    plan = replace(COMPLETE, warning_signs=(evil,), case_title=evil)
    page = plan_html(plan)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page


def test_printable_html_says_what_is_still_missing():
    page = plan_html(DischargePlan(warning_signs=("x",)))
    assert "Still missing: High-risk situations" in page
    assert "Not filled in yet" in page
