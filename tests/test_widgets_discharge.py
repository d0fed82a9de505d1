"""The discharge plan builder, driven through its controls (no kernel, no browser)."""

from __future__ import annotations

import html

import pytest
from app_factories import HOSTILE, make_vignette, multi_stage_vignette, unlabelled

from iopkit.discharge import SKILL_OPTIONS
from iopkit.userdata import exports_dir
from iopkit.vignettes import Vignette, load_library
from iopkit.widgets import DischargePlanBuilder

WITH_DISCHARGE: tuple[Vignette, ...] = tuple(
    v
    for v in (*load_library().vignettes, multi_stage_vignette())
    if any(s.discharge_plan for s in v.stages)
)


def _place_all(app: DischargePlanBuilder, place: str = "high_risk_situations") -> None:
    for dropdown in app.places:
        dropdown.value = place


def fill(app: DischargePlanBuilder, safety: bool = True) -> None:
    """A complete plan, each item the case lists placed in its high-risk situations."""
    _place_all(app)
    app.warning_signs.value = "sleeping under five hours\nnot answering the phone"
    app.high_risk_situations.value = "- the anniversary in March"
    app.coping.value = ("thought record", "TIPP", "calling a support person")
    app.supports.value = "sister: weekly walk"
    app.contacts.value = "community therapist, Tuesdays"
    app.crisis_contacts.value = "24-hour crisis line"
    app.medication_plan.value = "GP continues the medicines; review in four weeks."
    app.follow_up_days.value = 5
    if app.overdose_needed:
        app.overdose_prevention.value = (
            "naloxone at home, family trained\nnever use alone\nafter a lapse: call the clinic"
        )
    if safety:
        app.safer_environment.value = "medicines kept by his sister"


@pytest.mark.parametrize("v", WITH_DISCHARGE, ids=[v.id for v in WITH_DISCHARGE])
def test_every_discharge_stage_lists_what_is_missing_then_passes_when_complete(v):
    app = DischargePlanBuilder.for_vignette(v)
    stage = app.stage
    assert stage is not None and stage.discharge_plan is not None
    assert html.escape(v.title) in app.brief.value
    for focus in stage.discharge_plan.relapse_prevention_focus:
        assert html.escape(focus) in app.brief.value
    app.check.click()
    assert not app.last_check.complete
    for label in (
        "Warning signs",
        "High-risk situations",
        "Coping strategies",
        "Supports",
        "Professional contacts",
        "Crisis contacts",
        "Follow-up appointment",
        "Medication plan",
    ):
        assert f"Missing: {label}" in app.result.value
    needs_safety = stage.discharge_plan.safety_plan_needed
    assert ("Missing: Safety plan" in app.result.value) is needs_safety
    opioid = "opioid_use_disorder" in {c.value for c in stage.assessment.conditions}
    assert app.overdose_needed is opioid
    assert ("Missing: Overdose prevention" in app.result.value) is opioid
    fill(app, safety=False)
    app.check.click()
    assert app.last_check.complete is (not needs_safety)
    fill(app, safety=True)
    app.check.click()
    assert app.last_check.complete
    assert "Complete" in app.result.value


def test_same_day_follow_up_is_named_as_missing():
    app = DischargePlanBuilder()
    fill(app)
    app.follow_up_days.value = 0
    app.check.click()
    assert app.last_check.missing_fields == ("follow_up_days",)
    assert "day of discharge does not count" in app.result.value


def test_follow_up_later_than_the_brief_allows_is_missing():
    v = multi_stage_vignette()
    app = DischargePlanBuilder.for_vignette(v)
    fill(app)
    app.follow_up_days.value = 8
    app.check.click()
    assert app.last_check.missing_fields == ("follow_up_days",)


def test_plan_reads_every_field():
    app = DischargePlanBuilder()
    fill(app)
    plan = app.plan()
    assert plan.warning_signs == ("sleeping under five hours", "not answering the phone")
    assert plan.high_risk_situations == ("the anniversary in March",)
    assert plan.coping_strategies == ("thought record", "TIPP", "calling a support person")
    assert plan.professional_contacts == ("community therapist, Tuesdays",)
    assert plan.follow_up_days == 5


def test_coping_options_are_the_kits_skills():
    app = DischargePlanBuilder()
    assert list(app.coping.options) == list(SKILL_OPTIONS)


def _exported() -> list:
    return sorted(exports_dir().iterdir())


def test_export_writes_printable_html_and_a_download_link():
    case = multi_stage_vignette()
    app = DischargePlanBuilder.for_vignette(case)
    fill(app)
    app.export.click()
    [path] = _exported()
    assert path.name.startswith(f"test-trainee_{case.id}_plan_") and path.suffix == ".html"
    page = path.read_text(encoding="utf-8")
    assert "sleeping under five hours" in page and "Complete." in page
    assert "data:text/html;base64," in app.download.value
    assert html.escape(path.name) in app.download.value


def test_exporting_twice_keeps_both_plans():
    app = DischargePlanBuilder.for_vignette(multi_stage_vignette())
    fill(app)
    app.export.click()
    app.warning_signs.value = "a second version"
    app.export.click()
    first, second = _exported()
    assert "a second version" not in first.read_text(encoding="utf-8")
    assert "a second version" in second.read_text(encoding="utf-8")


def test_export_of_an_incomplete_plan_says_so():
    app = DischargePlanBuilder()
    app.export.click()
    assert "not complete yet" in app.message.value
    [path] = _exported()
    assert "Still missing" in path.read_text(encoding="utf-8")


def test_hostile_text_is_escaped_in_the_result_and_the_export():
    stages = [s.model_dump(mode="json") for s in multi_stage_vignette().stages]
    stages[-1]["update"] += HOSTILE
    stages[-1]["discharge_plan"]["relapse_prevention_focus"] = [HOSTILE]
    v = multi_stage_vignette(title=f"Evil {HOSTILE}", stages=stages)
    app = DischargePlanBuilder.for_vignette(v)
    fill(app)
    app.warning_signs.value = HOSTILE
    app.check.click()
    app.export.click()
    [path] = _exported()
    page = path.read_text(encoding="utf-8")
    for text in (app.brief.value, app.result.value, page):
        assert "<script>" not in text
        assert "&lt;script&gt;" in text


def test_a_case_without_a_discharge_stage_uses_the_general_rules():
    app = DischargePlanBuilder.for_vignette(make_vignette())
    assert app.stage is None
    fill(app, safety=False)
    app.check.click()
    assert app.last_check.complete


def test_every_control_has_a_visible_label():
    app = DischargePlanBuilder.for_vignette(multi_stage_vignette())
    assert unlabelled(app) == []
    assert app.follow_up_days.description == "Follow-up within (days)"
    assert (app.check.description, app.export.description) == (
        "Check plan",
        "Export printable plan",
    )


# --- the check reads what the case asks the plan to cover --------------------------------------


def test_every_item_the_case_lists_gets_a_where_is_it_question():
    for v in WITH_DISCHARGE:
        app = DischargePlanBuilder.for_vignette(v)
        focus = app.plan_brief.relapse_prevention_focus
        assert len(app.places) == len(focus)
        assert [d.value for d in app.places] == [""] * len(focus)
        assert ("Not placed yet", "") in app.places[0].options
        assert ("Warning signs", "warning_signs") in app.places[0].options
        assert html.escape(focus[-1]) in app.focus_box.children[-2].value


def test_a_plan_that_leaves_out_the_anniversary_is_not_complete_and_the_item_is_named():
    ayse = load_library().get("ayse-depression-step-up")
    app = DischargePlanBuilder.for_vignette(ayse)
    fill(app)
    anniversary = next(
        i for i, f in enumerate(app.plan_brief.relapse_prevention_focus) if "anniversary" in f
    )
    app.places[anniversary].value = ""
    app.check.click()
    assert not app.last_check.complete
    assert app.last_check.missing_fields == ("relapse_prevention_focus",)
    assert "Missing: What this case asks the plan to cover" in app.result.value
    assert (
        html.escape("“The anniversary of the assault in January” is not placed") in app.result.value
    )
    app.places[anniversary].value = "high_risk_situations"
    app.check.click()
    assert app.last_check.complete


def test_an_item_placed_in_an_empty_part_of_the_plan_is_named():
    v = WITH_DISCHARGE[0]
    app = DischargePlanBuilder.for_vignette(v)
    fill(app)
    _place_all(app, "warning_signs")
    app.places[0].value = "overdose_prevention"
    app.overdose_prevention.value = "tbd" if not app.overdose_needed else ""
    app.check.click()
    assert not app.last_check.complete
    item = app.plan_brief.relapse_prevention_focus[0]
    assert (
        html.escape(
            f"“{item}” is placed under Overdose prevention, but that part of the plan is empty"
        )
        in app.result.value
    )


def test_a_case_without_a_brief_asks_no_where_questions():
    app = DischargePlanBuilder()
    assert app.places == [] and app.focus_box.layout.display == "none"


def test_every_discharge_stage_in_the_library_has_a_model_plan():
    for v in load_library().vignettes:
        for stage in v.stages:
            if stage.discharge_plan is not None:
                assert stage.discharge_plan.model_plan, f"{v.id}/{stage.id} has no model plan"


def test_the_model_plan_is_offered_only_after_the_trainee_checks_their_own():
    ayse = load_library().get("ayse-depression-step-up")
    app = DischargePlanBuilder.for_vignette(ayse)
    assert app.compare.layout.display == "none" and app.model_plan.layout.display == "none"
    app.check.click()  # even an empty plan: the trainee has had a go
    assert app.compare.layout.display == "flex" and app.model_plan.layout.display == "none"
    app.compare.click()
    assert app.model_plan.layout.display == "block"
    assert "The author's model plan" in app.model_plan.value
    assert "<strong>Warning signs</strong>" in app.model_plan.value
    assert "January" in app.model_plan.value


def test_a_brief_without_a_model_plan_offers_no_comparison():
    app = DischargePlanBuilder.for_vignette(multi_stage_vignette())
    app.check.click()
    assert app.model_plan.value == "" and app.compare.layout.display == "none"
