"""Discharge plans: the completeness check names what is missing; the export is escaped."""

from __future__ import annotations

from dataclasses import replace

import pytest

from iopkit.discharge import (
    SKILL_OPTIONS,
    DischargePlan,
    check_plan,
    lines,
)
from iopkit.errors import ArgumentTypeError
from iopkit.render.discharge import plan_html
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
    focus_places=("high_risk_situations",),  # where the one item a test brief lists is covered
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
        "medication_plan",
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


def test_the_plan_builder_requires_a_medication_plan():
    result = check_plan(replace(COMPLETE, medication_plan=""))
    assert result.missing_fields == ("medication_plan",)
    assert "who prescribes" in result._repr_html_()
    assert "NICE NG53, 2016" in result._repr_html_()
    assert check_plan(replace(COMPLETE, medication_plan="No medication.")).complete


OPIOID = replace(
    COMPLETE,
    medication_plan="Buprenorphine continues with the clinic prescriber; review monthly.",
    overdose_prevention_needed=True,
)


def test_an_opioid_plan_needs_an_overdose_prevention_section():
    result = check_plan(OPIOID)
    assert result.missing_fields == ("overdose_prevention",)
    text = result._repr_html_()
    assert "naloxone" in text and "never using alone" in text and "after a lapse" in text
    assert "SAMHSA Overdose Prevention and Response Toolkit, 2023" in text


def test_an_overdose_section_names_each_part_it_still_lacks():
    partial = replace(OPIOID, overdose_prevention=("Naloxone spray at home; Dale can give it",))
    message = check_plan(partial).missing[0].message
    assert "naloxone at home" not in message
    assert "never using alone" in message and "after a lapse" in message
    whole = replace(
        OPIOID,
        overdose_prevention=(
            "Naloxone at home and in the car; Dale and her mother trained",
            "Never use alone",
            "After a lapse: call the clinic the same day, restart the dose, naloxone nearby",
        ),
    )
    assert check_plan(whole).complete
    page = plan_html(whole)
    assert "Overdose prevention" in page and "Never use alone" in page


def test_overdose_prevention_is_not_required_outside_opioid_cases():
    assert check_plan(COMPLETE).complete
    assert "Overdose prevention" not in plan_html(COMPLETE)


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
    page = plan_html(DischargePlan(warning_signs=("sleeping badly",)))
    assert "Still missing: High-risk situations" in page
    assert "Not filled in yet" in page


# --- the methods taught before the plan builder ------------------------------------------


def test_every_method_is_taught_with_a_worked_example_and_a_source():
    from iopkit.components import MODALITIES, Modality, modality_guide

    assert {m.modality for m in modality_guide().modalities} == set(Modality)
    for info in MODALITIES.values():
        assert len(info.what_it_is.split()) >= 40, info.label
        assert len(info.worked_example.split()) >= 25, info.label
        assert info.source.cite() != "Programme overview", info.label
    page = modality_guide()._repr_html_()
    for words in ("Cognitive behavioural therapy", "distress tolerance", "Worked example"):
        assert words in page
    assert "<script" not in page


def test_an_item_of_the_brief_not_placed_in_the_plan_makes_it_incomplete_and_is_named():
    plan = replace(COMPLETE, focus_places=())
    result = check_plan(plan, BRIEF.model_copy(update={"safety_plan_needed": False}))
    assert result.missing_fields == ("relapse_prevention_focus",)
    assert "\u201cAnniversary of the loss\u201d is not placed in the plan yet" in (
        result.missing[0].message
    )


def test_an_item_placed_in_an_empty_part_is_named_with_that_part():
    plan = replace(COMPLETE, focus_places=("safer_environment",))
    result = check_plan(plan, BRIEF.model_copy(update={"safety_plan_needed": False}))
    assert result.missing_fields == ("relapse_prevention_focus",)
    assert (
        "placed under Safety plan: making the environment safer, but that part of the plan is empty"
        in (result.missing[0].message)
    )


def test_without_a_brief_there_is_nothing_to_place():
    assert check_plan(replace(COMPLETE, focus_places=())).complete


def test_a_place_that_is_not_a_part_of_the_plan_is_refused_by_name():
    with pytest.raises(ArgumentTypeError, match="focus_places"):
        DischargePlan.from_texts(focus_places=["the fridge"])
