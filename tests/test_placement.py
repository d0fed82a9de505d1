"""The placement rules, one test per rule, plus flags, what-ifs and invariants."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from doc_tables import codes_in, table_rows
from factories import IOP_CANDIDATE, assessment
from hypothesis import given, settings
from hypothesis import strategies as st

from iopkit.assessment import FIELD_VALUES, Assessment, Safety, Severity
from iopkit.inputs import InputError
from iopkit.levels import Level, WithdrawalSetting
from iopkit.placement import (
    FLAGS,
    KIT_RULES,
    RULES,
    Rule,
    RuleSet,
    change_finding,
    decide,
    recommend,
)


def level_of(**overrides: object) -> Level:
    return recommend(assessment(**overrides)).level


# --- each rule ---------------------------------------------------------------------------


def test_classic_candidate_is_placed_in_iop_because_weekly_therapy_was_not_enough() -> None:
    rec = recommend(assessment())
    assert rec.level is Level.IOP
    assert rec.decisive.rule == "needs-more-than-weekly"
    assert "weekly therapy" in rec.decisive.explanation


def test_imminent_risk_means_inpatient_whatever_else() -> None:
    rec = recommend(
        assessment(
            safety="cannot_keep_safe",
            withdrawal="needs_management",
            home_environment="unsafe",
            symptom_severity="mild",
        )
    )
    assert rec.level is Level.INPATIENT
    assert rec.path == ("cannot-keep-safe",)
    assert rec.decisive.fields == ("safety",)


def test_medical_instability_means_inpatient_before_withdrawal_management() -> None:
    rec = recommend(assessment(medically_stable=False, withdrawal="needs_management"))
    assert rec.level is Level.INPATIENT
    assert rec.decisive.rule == "medically-unstable"


def test_withdrawal_needing_management_comes_before_any_iop_decision() -> None:
    rec = recommend(assessment(withdrawal="needs_management", home_environment="unsafe"))
    assert rec.level is Level.WITHDRAWAL_MANAGEMENT
    assert rec.decisive.rule == "withdrawal-first"
    assert "alone is not treatment" in rec.decisive.explanation


# --- withdrawal-first: two settings ----------------------------------------------------------


def test_withdrawal_first_low_risk_with_a_safe_home_is_ambulatory() -> None:
    rec = recommend(assessment(withdrawal="needs_management", withdrawal_risk="low"))
    assert rec.level is Level.WITHDRAWAL_MANAGEMENT
    assert rec.withdrawal_setting is WithdrawalSetting.AMBULATORY
    assert rec.to_dict()["withdrawal_setting"] == "ambulatory"
    assert "ambulatory" in rec.decisive.explanation and "risk is low" in rec.decisive.explanation
    assert "Ambulatory withdrawal management" in rec._repr_html_()


def test_withdrawal_first_high_risk_is_24_hour_starting_today() -> None:
    rec = recommend(assessment(withdrawal="needs_management", withdrawal_risk="high"))
    assert rec.withdrawal_setting is WithdrawalSetting.TWENTY_FOUR_HOUR
    assert rec.to_dict()["withdrawal_setting"] == "24_hour"
    assert "risk is high" in rec.decisive.explanation
    assert "never a wait at home" in rec.decisive.explanation


def test_withdrawal_first_unstated_risk_counts_as_high_and_says_so() -> None:
    rec = recommend(assessment(withdrawal="needs_management"))
    assert rec.withdrawal_setting is WithdrawalSetting.TWENTY_FOUR_HOUR
    assert "does not say" in rec.decisive.explanation


def test_withdrawal_first_low_risk_but_unsafe_home_is_24_hour() -> None:
    rec = recommend(
        assessment(withdrawal="needs_management", withdrawal_risk="low", home_environment="unsafe")
    )
    assert rec.withdrawal_setting is WithdrawalSetting.TWENTY_FOUR_HOUR
    assert "home is unsafe" in rec.decisive.explanation


def test_withdrawal_setting_is_null_in_the_json_at_any_other_level() -> None:
    rec = recommend(assessment(withdrawal_risk="low"))
    assert rec.level is Level.IOP
    assert rec.withdrawal_setting is None and rec.to_dict()["withdrawal_setting"] is None


def test_withdrawal_first_for_opioids_starts_medication_now_not_a_detox() -> None:
    rec = recommend(
        assessment(
            withdrawal="needs_management",
            withdrawal_risk="low",
            conditions=["opioid_use_disorder"],
        )
    )
    assert rec.withdrawal_setting is WithdrawalSetting.AMBULATORY
    text = rec.decisive.explanation
    assert "not a detox" in text and "buprenorphine or methadone starts now" in text
    assert "IOP" in text


def test_completed_detox_does_not_block_iop() -> None:
    assert level_of(withdrawal="completed") is Level.IOP


def test_substance_use_with_an_unsafe_home_and_no_safe_alternative_means_residential() -> None:
    rec = recommend(assessment(home_environment="unsafe", conditions=AUD))
    assert rec.level is Level.RESIDENTIAL
    assert rec.decisive.rule == "no-safe-home"
    assert {"home_environment", "safe_alternative_accommodation"} <= set(rec.decisive.fields)
    assert "IOP-level treatment or more" in rec.decisive.explanation


def test_no_safe_home_does_not_fire_when_weekly_therapy_would_do() -> None:
    mild = dict(
        symptom_severity="mild",
        functional_impairment="mild",
        outpatient_response="adequate",
        home_environment="unsafe",
        conditions=AUD,
    )
    rec = recommend(assessment(**mild))
    assert rec.level is Level.OUTPATIENT
    home = next(r for r in rec.reasons if r.rule == "no-safe-home")
    assert not home.met
    assert "Housing alone is not a reason for residential treatment" in home.explanation
    assert "safe-accommodation" in {f.code for f in rec.flags}


def test_sober_living_counts_as_a_safe_place_to_return_to() -> None:
    rec = recommend(
        assessment(home_environment="unsafe", safe_alternative_accommodation=True, conditions=AUD)
    )
    assert rec.level is Level.IOP
    flag = next(f for f in rec.flags if f.code == "alternative-accommodation")
    assert "sober living" in flag.message


def test_acute_phase_means_php_not_iop() -> None:
    rec = recommend(assessment(acute_phase=True))
    assert rec.level is Level.PHP
    assert rec.decisive.rule == "acute-stabilisation"


def test_severe_symptoms_with_severe_impairment_mean_php() -> None:
    rec = recommend(assessment(symptom_severity="severe", functional_impairment="severe"))
    assert rec.level is Level.PHP
    assert rec.decisive.rule == "severe-and-disabling"


def test_severe_symptoms_with_moderate_impairment_stay_in_iop() -> None:
    assert level_of(symptom_severity="severe", functional_impairment="moderate") is Level.IOP


@pytest.mark.parametrize("setting", ["inpatient", "php", "residential"])
def test_iop_is_the_step_down_from_higher_levels_while_symptoms_remain(setting: str) -> None:
    rec = recommend(
        assessment(
            current_setting=setting,
            symptom_severity="mild",
            functional_impairment="mild",
            outpatient_response="not_tried",
        )
    )
    assert rec.level is Level.IOP
    assert rec.decisive.rule == "step-down-to-iop"
    assert "step-down" in {f.code for f in rec.flags}


def test_an_inpatient_recommendation_plans_the_step_down_from_admission() -> None:
    rec = recommend(assessment(safety="cannot_keep_safe"))
    flag = next(f for f in rec.flags if f.code == "plan-step-down")
    assert "day of admission" in flag.message


def test_step_down_with_minimal_symptoms_goes_to_weekly_therapy() -> None:
    rec = recommend(
        assessment(
            current_setting="inpatient",
            symptom_severity="minimal",
            functional_impairment="none",
            outpatient_response="not_tried",
        )
    )
    assert rec.level is Level.OUTPATIENT


def test_moderate_symptoms_with_mild_impairment_and_working_therapy_stay_outpatient() -> None:
    rec = recommend(assessment(functional_impairment="mild", outpatient_response="adequate"))
    assert rec.level is Level.OUTPATIENT
    assert rec.decisive.rule == "weekly-therapy-enough"


def test_moderate_symptoms_that_weekly_therapy_did_not_help_step_up_to_iop() -> None:
    rec = recommend(assessment(functional_impairment="mild", outpatient_response="inadequate"))
    assert rec.level is Level.IOP
    assert "step-up" in {f.code for f in rec.flags}


def test_moderate_risk_needs_at_least_iop_structure() -> None:
    rec = recommend(
        assessment(
            safety="frequent_review",
            symptom_severity="mild",
            functional_impairment="mild",
            outpatient_response="adequate",
        )
    )
    assert rec.level is Level.IOP
    assert rec.decisive.rule == "frequent-safety-review"
    assert "safety-plan" in {f.code for f in rec.flags}


def test_mild_symptoms_mean_weekly_outpatient_therapy() -> None:
    rec = recommend(
        assessment(
            symptom_severity="mild",
            functional_impairment="mild",
            outpatient_response="not_tried",
            current_setting="community",
        )
    )
    assert rec.level is Level.OUTPATIENT


# --- step-up on progress -------------------------------------------------------------------


@pytest.mark.parametrize("progress", ["stalled", "worsening"])
def test_step_up_from_iop_to_php_when_progress_stalls_or_worsens(progress: str) -> None:
    rec = recommend(assessment(current_setting="iop", progress=progress))
    assert rec.level is Level.PHP
    assert rec.decisive.rule == "step-up-from-iop"
    assert f"progress is {progress}" in rec.decisive.explanation
    assert "step-up" in {f.code for f in rec.flags}


@pytest.mark.parametrize("progress", ["stalled", "worsening"])
def test_substance_use_not_improving_at_php_steps_up_to_residential(progress: str) -> None:
    rec = recommend(assessment(current_setting="php", progress=progress, conditions=AUD))
    assert rec.level is Level.RESIDENTIAL
    assert rec.decisive.rule == "step-up-from-php"
    assert "residential treatment" in rec.decisive.explanation


@pytest.mark.parametrize("progress", [None, "improving"])
def test_no_step_up_while_improving_or_before_a_trial(progress: str | None) -> None:
    assert level_of(current_setting="iop", progress=progress) is Level.IOP
    assert level_of(current_setting="php", progress=progress) is Level.IOP  # the step-down


def test_rules_run_in_the_documented_order() -> None:
    assert [r.id for r in RULES] == [
        "cannot-keep-safe",
        "medically-unstable",
        "very-low-weight",
        "withdrawal-first",
        "low-weight",
        "no-safe-home",
        "step-up-from-iop",
        "step-up-from-php",
        "php-not-improving-severe",
        "php-review-treatment",
        "acute-stabilisation",
        "severe-and-disabling",
        "step-down-to-iop",
        "stepped-care-first",
        "needs-more-than-weekly",
        "frequent-safety-review",
        "weekly-therapy-enough",
    ]


# --- reasons -------------------------------------------------------------------------------


def test_reasons_list_every_rule_checked_in_order_ending_with_the_decisive_one() -> None:
    rec = recommend(assessment())
    assert [r.rule for r in rec.reasons] == [r.id for r in RULES[: len(rec.reasons)]]
    assert [r.met for r in rec.reasons] == [False] * (len(rec.reasons) - 1) + [True]
    assert all(r.explanation and r.fields and r.source for r in rec.reasons)


def test_each_reason_names_the_overview_criterion_it_checks() -> None:
    rec = recommend(assessment())
    criteria = {r.rule: r.criterion for r in rec.reasons}
    assert "24-hour care" in criteria["cannot-keep-safe"]
    assert "first or alongside" in criteria["withdrawal-first"]
    assert "IOP or more" in criteria["no-safe-home"]


# --- flags ---------------------------------------------------------------------------------


def test_low_motivation_is_flagged_with_what_to_do_without_changing_the_level() -> None:
    rec = recommend(assessment(motivation="low"))
    assert rec.level is Level.IOP
    flag = next(f for f in rec.flags if f.code == "low-motivation")
    assert "motivational interviewing" in flag.message
    assert "shapes the plan, not the level" in flag.message


def test_motivation_never_changes_the_level_in_any_case_of_the_library() -> None:
    from iopkit.vignettes import load_library

    for v in load_library(paths=[]).vignettes:
        for a in (v.assessment, *(s.assessment for s in v.stages)):
            assert not recommend(a).what_if_for("motivation").changes_level, v.id


def test_available_hours_below_the_adult_iop_minimum_are_flagged() -> None:
    rec = recommend(assessment(available_hours_per_week=6))
    flag = next(f for f in rec.flags if f.code == "hours-below-minimum")
    assert "9 h" in flag.message and "evening" in flag.message
    assert rec.level is Level.IOP


def test_six_hours_meets_the_adolescent_iop_minimum() -> None:
    rec = recommend(assessment(available_hours_per_week=6, population="adolescent"))
    assert "hours-below-minimum" not in {f.code for f in rec.flags}
    assert "adolescent-hours" in {f.code for f in rec.flags}


def test_withdrawal_management_is_followed_by_a_reassessment_flag() -> None:
    rec = recommend(assessment(withdrawal="needs_management"))
    assert "reassess-after-withdrawal" in {f.code for f in rec.flags}


OUD = ["opioid_use_disorder"]
AUD = ["alcohol_use_disorder"]


def codes(**overrides: object) -> set[str]:
    return {f.code for f in recommend(assessment(**overrides)).flags}


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"safety": "cannot_keep_safe"},
        {"withdrawal": "needs_management"},
        {"symptom_severity": "mild", "functional_impairment": "mild"},
        {"acute_phase": True},
    ],
)
def test_opioid_medication_now_and_naloxone_are_flagged_at_every_level(overrides: dict) -> None:
    rec = recommend(assessment(conditions=OUD, **overrides))
    flags = {f.code: f for f in rec.flags}
    assert {"opioid-medication-now", "naloxone"} <= set(flags), rec.level
    assert "never waits for withdrawal to end" in flags["opioid-medication-now"].message
    assert "ASAM National Practice Guideline for OUD, 2020" in flags["opioid-medication-now"].source
    assert (
        "family" in flags["naloxone"].message and "never using alone" in flags["naloxone"].message
    )
    assert "SAMHSA Overdose Prevention and Response Toolkit" in flags["naloxone"].source


def test_no_opioid_flags_without_opioid_use_disorder() -> None:
    assert not {"opioid-medication-now", "naloxone"} & codes(conditions=AUD)


def test_thiamine_is_flagged_when_alcohol_withdrawal_needs_management() -> None:
    assert "thiamine" in codes(conditions=AUD, withdrawal="needs_management")
    assert "thiamine" in codes(conditions=AUD, withdrawal="needs_management", withdrawal_risk="low")
    assert "thiamine" not in codes(conditions=AUD, withdrawal="completed")
    assert "thiamine" not in codes(conditions=OUD, withdrawal="needs_management")


@pytest.mark.parametrize(
    "overrides",
    [{}, {"withdrawal": "needs_management"}, {"safety": "cannot_keep_safe"}, {"acute_phase": True}],
)
def test_alcohol_relapse_medication_is_flagged_at_every_level(overrides: dict) -> None:
    rec = recommend(assessment(conditions=AUD, **overrides))
    flag = next(f for f in rec.flags if f.code == "alcohol-relapse-medication")
    assert "naltrexone" in flag.message and "acamprosate" in flag.message
    assert "APA guideline on alcohol use disorder medicines, 2018" in flag.source


def test_safeguarding_is_flagged_for_an_adolescent_with_an_unsafe_home() -> None:
    assert "safeguarding" in codes(population="adolescent", home_environment="unsafe")
    assert "safeguarding" in codes(
        population="adolescent",
        home_environment="unsafe",
        symptom_severity="mild",
        functional_impairment="mild",
        outpatient_response="adequate",
    )
    assert "safeguarding" not in codes(population="adolescent")
    assert "safeguarding" not in codes(home_environment="unsafe")


def test_safe_accommodation_is_flagged_when_an_unsafe_home_meets_outpatient_need() -> None:
    mild = dict(
        symptom_severity="mild", functional_impairment="mild", outpatient_response="adequate"
    )
    rec = recommend(assessment(home_environment="unsafe", **mild))
    flag = next(f for f in rec.flags if f.code == "safe-accommodation")
    assert "refuge" in flag.message and "not a reason for residential" in flag.message
    assert "safe-accommodation" not in codes(
        home_environment="unsafe", conditions=AUD
    )  # residential
    assert "safe-accommodation" not in codes(
        home_environment="unsafe", safe_alternative_accommodation=True
    )


def test_unstable_home_is_flagged_for_family_work() -> None:
    rec = recommend(assessment(home_environment="unstable"))
    assert rec.level is Level.IOP
    assert "unstable-home" in {f.code for f in rec.flags}


# --- what-if -------------------------------------------------------------------------------


def test_what_if_covers_every_assessment_field_but_the_lists_of_conditions_and_medicines() -> None:
    rec = recommend(assessment())
    assert {w.field for w in rec.what_if} == set(Assessment.model_fields) - {
        "conditions",
        "medications",
    }
    assert set(FIELD_VALUES) < set(Assessment.model_fields)


def test_available_hours_alone_never_change_the_level_only_the_flags() -> None:
    rec = recommend(assessment(available_hours_per_week=12))
    hours = rec.what_if_for("available_hours_per_week")
    assert not hours.changes_level
    assert {value for value, _ in hours.outcomes} >= {None, 6.0, 20.0}


def test_what_if_says_which_single_changes_move_the_level_and_where() -> None:
    rec = recommend(assessment())
    risk = rec.what_if_for("safety")
    assert risk.changes_level
    assert (Safety.CANNOT_KEEP_SAFE, Level.INPATIENT) in risk.changes
    motivation = rec.what_if_for("motivation")
    assert not motivation.changes_level
    home = recommend(assessment(conditions=AUD)).what_if_for("home_environment")
    assert [lv for _, lv in home.changes] == [Level.RESIDENTIAL]
    assert not rec.what_if_for("home_environment").changes_level  # no substance use listed


def test_what_if_outcomes_match_recommend_on_the_changed_assessment() -> None:
    base = assessment()
    for w in recommend(base).what_if:
        for value, level in w.outcomes:
            changed = base.model_copy(update={w.field: value})
            assert recommend(changed).level is level


def test_the_sweep_and_one_finding_changed_agree_on_every_case_of_the_library() -> None:
    """The two what-if views (levels for every value; one value in full) never disagree."""
    from iopkit.vignettes.loader import load_library

    checked = 0
    for v in load_library([]):
        rec = recommend(v.assessment)
        for sweep in rec.what_if:
            assert sweep.base is rec.level
            for value, level in sweep.outcomes:
                change = change_finding(v.assessment, sweep.field, value)
                assert change.before.level is rec.level, (v.id, sweep.field)
                assert change.after.level is level, (v.id, sweep.field, value)
                assert change.changes_level is (level is not rec.level)
                checked += 1
    assert checked > 500


# --- contract and purity ------------------------------------------------------------------


def test_recommend_accepts_the_contract_keys_as_written() -> None:
    rec = recommend(dict(IOP_CANDIDATE, available_hours_per_week=12, population="adult"))
    assert rec.level is Level.IOP


def test_bad_assessment_values_are_reported_all_at_once_with_suggestions() -> None:
    with pytest.raises(InputError) as info:
        recommend(dict(IOP_CANDIDATE, safety="cannot_keep_saf", severty="high"))
    text = str(info.value)
    assert "safety" in text and "Did you mean 'cannot_keep_safe'" in text
    assert "severty" in text and "symptom_severity" in text


def test_recommend_is_deterministic_and_serialisable() -> None:
    a = recommend(assessment(motivation="low")).to_dict()
    b = recommend(assessment(motivation="low")).to_dict()
    assert a == b
    assert json.loads(json.dumps(a))["level"] == "iop"
    assert {"level", "reasons", "flags", "what_if"} <= set(a)


def test_recommend_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    recommend(assessment())
    assert capsys.readouterr() == ("", "")


def test_html_rendering_is_escaped() -> None:
    html_text = recommend(assessment())._repr_html_()
    assert "<script" not in html_text
    assert "Recommended: Intensive outpatient programme (IOP)" in html_text


# --- invariants ----------------------------------------------------------------------------

assessments = st.builds(
    dict,
    **{name: st.sampled_from(values) for name, values in FIELD_VALUES.items()},
)

SAFETY_ORDER = list(Safety)
SEVERITY_ORDER = list(Severity)


@settings(max_examples=300, deadline=None)
@given(assessments, st.sampled_from(SAFETY_ORDER))
def test_raising_the_safety_need_never_lowers_the_intensity_rank(
    values: dict, higher: Safety
) -> None:
    if SAFETY_ORDER.index(higher) < SAFETY_ORDER.index(values["safety"]):
        return
    before, _ = decide(Assessment.model_validate(values))
    after, _ = decide(Assessment.model_validate({**values, "safety": higher}))
    assert after.rank >= before.rank


@settings(max_examples=300, deadline=None)
@given(assessments, st.sampled_from(SEVERITY_ORDER))
def test_raising_symptom_severity_never_lowers_the_intensity_rank(
    values: dict, higher: Severity
) -> None:
    if SEVERITY_ORDER.index(higher) < SEVERITY_ORDER.index(values["symptom_severity"]):
        return
    before, _ = decide(Assessment.model_validate(values))
    after, _ = decide(Assessment.model_validate({**values, "symptom_severity": higher}))
    assert after.rank >= before.rank


@settings(max_examples=200, deadline=None)
@given(assessments)
def test_every_assessment_gets_exactly_one_decisive_reason(values: dict) -> None:
    rec = recommend(Assessment.model_validate(values))
    assert sum(r.met for r in rec.reasons) == 1
    assert rec.decisive.level is rec.level


# --- the rule tables: one home for each rule, its doc row and its test ----------------------


def test_the_rules_table_in_the_docs_is_the_engine_s_table() -> None:
    rows = table_rows("placement-rules.md", "## The rules")
    assert [codes_in(r["rule id"]) for r in rows] == [[rule.id] for rule in RULES]
    for row, rule in zip(rows, RULES, strict=True):
        assert row["if met"].lower() == rule.level.value.replace("_", " "), rule.id
        assert tuple(f.strip() for f in row["fields"].split(",")) == rule.fields, rule.id


def test_the_flags_table_in_the_docs_lists_every_flag_in_order() -> None:
    rows = table_rows("placement-rules.md", "## Flags")
    assert [code for r in rows for code in codes_in(r["code"])] == [f.code for f in FLAGS]


def test_every_rule_and_flag_has_a_test_here() -> None:
    import inspect
    import sys

    source = inspect.getsource(sys.modules[__name__]) + (
        Path(__file__).parent / "test_placement_clinical.py"
    ).read_text(encoding="utf-8")
    for code in [*(r.id for r in RULES), *(f.code for f in FLAGS)]:
        assert f'"{code}"' in source, code


def test_recommend_accepts_another_rule_set() -> None:
    always_php = Rule(
        "everyone-to-php",
        "Everyone?",
        Level.PHP,
        ("symptom_severity",),
        lambda a: True,
        "Everyone goes to PHP in this experiment.",
        "",
        "an experiment",
        RULES[0].source,
    )
    rec = recommend(assessment(safety="cannot_keep_safe"), rules=RuleSet((always_php,)))
    assert rec.level is Level.PHP
    assert rec.path == ("everyone-to-php",)
    assert rec.flags == ()
    assert all(w.changes == () for w in rec.what_if)


def test_the_default_rule_set_is_the_kit_s() -> None:
    a = assessment(motivation="low", current_setting="php")
    assert recommend(a) == recommend(a, rules=KIT_RULES)
    assert recommend(a, rules=RuleSet(RULES)).flags == ()
    assert recommend(a, rules=RuleSet(RULES)).level is recommend(a).level


def test_a_rule_set_refuses_repeated_ids_and_a_missing_catch_all_is_explained() -> None:
    with pytest.raises(ValueError, match="repeated: cannot-keep-safe"):
        RuleSet((RULES[0], RULES[0]))
    with pytest.raises(ValueError, match="always applies"):
        recommend(assessment(), rules=RuleSet(RULES[:1]))


def test_rule_conditions_read_a_typed_assessment() -> None:
    import typing

    for rule in RULES:
        a = assessment()
        assert isinstance(rule.condition(a), bool), rule.id
    from collections.abc import Callable

    hints = typing.get_type_hints(Rule)
    assert hints["condition"] == Callable[[Assessment], bool]
