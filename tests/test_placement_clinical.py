"""The clinical rules of the engine, proved on combinations of findings, not only the library.

Each test is named after the rule it proves. The properties at the end (hypothesis) check the
invariants over every combination of the assessment's categorical fields.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from factories import assessment
from hypothesis import given, settings
from hypothesis import strategies as st

from iopkit import sources as S
from iopkit.assessment import FIELD_VALUES, Assessment
from iopkit.levels import Level, WithdrawalSetting
from iopkit.placement import Recommendation, recommend

ROOT = Path(__file__).resolve().parents[1]

OUD = ["opioid_use_disorder"]
AUD = ["alcohol_use_disorder"]
MDD = ["major_depressive_disorder"]
GAD = ["generalized_anxiety_disorder"]
ED = ["eating_disorder"]
STIMULANTS = ["stimulant_use_disorder"]
SEDATIVES = ["sedative_use_disorder"]


def flag(rec: Recommendation, code: str) -> str:
    """The message of the flag ``code`` (fails when the flag is not raised)."""
    found = [f.message for f in rec.flags if f.code == code]
    assert found, f"{code} not raised; flags: {[f.code for f in rec.flags]}"
    return found[0]


def codes(rec: Recommendation) -> set[str]:
    return {f.code for f in rec.flags}


def naltrexone_advice(rec: Recommendation) -> list[str]:
    return [f.message for f in rec.flags if "naltrexone" in f.message.lower()]


# --- 1. naltrexone and opioid agonists (critical) ---------------------------------------------


def test_naltrexone_never_offered_beside_opioid_agonist() -> None:
    rec = recommend(assessment(conditions=[*OUD, *AUD]))
    assert "buprenorphine or methadone now" in flag(rec, "opioid-medication-now")
    alcohol = flag(rec, "alcohol-relapse-medication")
    assert "naltrexone must not be used with methadone or buprenorphine" in alcohol
    assert "opioid painkillers" in alcohol and "acamprosate" in alcohol
    assert "Naltrexone or acamprosate" not in alcohol


def test_methadone_on_the_medicines_list_brings_the_naltrexone_contraindication() -> None:
    rec = recommend(assessment(conditions=AUD, medications=["methadone"]))
    assert "must not be used with methadone" in flag(rec, "alcohol-relapse-medication")


def test_wherever_naltrexone_is_named_the_opioid_free_interval_is_said() -> None:
    for conditions in (AUD, [*OUD, *AUD]):
        for message in naltrexone_advice(recommend(assessment(conditions=conditions))):
            assert "7-10 days without any opioid" in message
            assert "negative opioid screen" in message


def test_naltrexone_listed_with_methadone_raises_the_conflict_flag() -> None:
    rec = recommend(assessment(medications=["naltrexone", "buprenorphine"]))
    assert "must not be taken together" in flag(rec, "naltrexone-with-opioid-agonist")
    assert "naltrexone-with-opioid-agonist" not in codes(
        recommend(assessment(medications=["naltrexone"]))
    )


def test_mild_alcohol_use_disorder_is_not_offered_medication_first() -> None:
    mild = assessment(
        conditions=AUD,
        symptom_severity="mild",
        functional_impairment="mild",
        outpatient_response="adequate",
    )
    assert "alcohol-relapse-medication" not in codes(recommend(mild))
    assert "alcohol-relapse-medication" in codes(recommend(assessment(conditions=AUD)))


def test_someone_already_on_methadone_is_told_to_continue_and_optimise_not_start() -> None:
    rec = recommend(assessment(conditions=OUD, medications=["methadone"]))
    message = flag(rec, "opioid-medication-now")
    assert "continue it" in message and "optimise the dose" in message
    assert "60-120 mg" in message
    assert "offer buprenorphine or methadone now" not in message


# --- 2. safety as needs ------------------------------------------------------------------------


def test_cannot_keep_safe_means_inpatient_whatever_else() -> None:
    rec = recommend(assessment(safety="cannot_keep_safe", conditions=MDD))
    assert rec.level is Level.INPATIENT and rec.decisive.rule == "cannot-keep-safe"


def test_safety_plan_flag_names_firearms_and_medicines() -> None:
    message = flag(recommend(assessment(safety="safety_plan")), "safety-plan")
    assert "firearms" in message and "medicines" in message
    assert "usual contact" in message


def test_frequent_review_means_iop_and_review_at_every_attendance() -> None:
    rec = recommend(
        assessment(
            safety="frequent_review",
            symptom_severity="mild",
            functional_impairment="mild",
            outpatient_response="adequate",
        )
    )
    assert rec.level is Level.IOP and rec.decisive.rule == "frequent-safety-review"
    assert "every attendance" in flag(rec, "safety-plan")


def test_the_docs_and_notebook_02_quote_the_stratification_clause_of_nice_ng225() -> None:
    docs = (ROOT / "docs" / "placement-rules.md").read_text(encoding="utf-8")
    cells = json.loads((ROOT / "notebooks" / "02_placement_decisions.ipynb").read_text("utf-8"))
    notebook = "".join("".join(c["source"]) for c in cells["cells"])
    for text in (docs, notebook):
        assert "global risk stratification into low, medium or high" in " ".join(text.split())
        assert "simplifi" in text


# --- 3. follow-up after a psychiatric ward -----------------------------------------------------


def test_leaving_a_ward_means_contact_within_72_hours_and_an_appointment_within_7_days() -> None:
    rec = recommend(assessment(current_setting="inpatient", safety="no_concerns"))
    assert rec.level is Level.IOP
    message = flag(rec, "step-down")
    assert "within 72 hours" in message and "within 7 days" in message


def test_leaving_a_ward_with_suicide_risk_means_contact_within_48_hours() -> None:
    rec = recommend(assessment(current_setting="inpatient", safety="frequent_review"))
    message = flag(rec, "step-down")
    assert "within 48 hours" in message and "72 hours" not in message


def test_stepping_down_from_iop_keeps_the_7_day_appointment() -> None:
    rec = recommend(
        assessment(
            current_setting="iop",
            symptom_severity="mild",
            functional_impairment="mild",
            outpatient_response="adequate",
        )
    )
    message = flag(rec, "step-down")
    assert "within 7 days" in message and "hours" not in message


def test_discharge_follow_up_limit_is_shorter_after_a_ward() -> None:
    from iopkit.assessment import Setting
    from iopkit.discharge import follow_up_limit

    assert follow_up_limit() == S.FOLLOW_UP_WITHIN_DAYS == 7
    assert follow_up_limit(leaving=Setting.IOP) == 7
    assert follow_up_limit(leaving=Setting.INPATIENT) == 3
    assert follow_up_limit(leaving=Setting.INPATIENT, suicide_risk=True) == 2


# --- 4. withdrawal risk ------------------------------------------------------------------------


def test_pregnancy_always_means_24_hour_withdrawal_management() -> None:
    rec = recommend(
        assessment(
            conditions=AUD, withdrawal="needs_management", withdrawal_risk="low", pregnant=True
        )
    )
    assert rec.withdrawal_setting is WithdrawalSetting.TWENTY_FOUR_HOUR
    assert "pregnant" in rec.decisive.explanation


def test_high_withdrawal_risk_explanation_lists_the_asam_2020_factors() -> None:
    rec = recommend(assessment(withdrawal="needs_management", withdrawal_risk="high"))
    for factor in ("a seizure this episode", "sedative", "over 65", "many past withdrawals"):
        assert factor in rec.decisive.explanation


# --- 5. sedatives ------------------------------------------------------------------------------

LEVEL_MAKERS: dict[Level, dict[str, Any]] = {
    Level.OUTPATIENT: {
        "symptom_severity": "mild",
        "functional_impairment": "mild",
        "outpatient_response": "adequate",
    },
    Level.IOP: {},
    Level.PHP: {"acute_phase": True},
    Level.WITHDRAWAL_MANAGEMENT: {"withdrawal": "needs_management"},
    Level.INPATIENT: {"medically_stable": False},
}


@pytest.mark.parametrize("level", list(LEVEL_MAKERS))
def test_sedative_use_disorder_gets_the_taper_flag_at_every_level(level: Level) -> None:
    rec = recommend(assessment(conditions=SEDATIVES, **LEVEL_MAKERS[level]))
    assert rec.level is level
    message = flag(rec, "sedative-taper")
    assert "never stop them abruptly" in message and "weeks to months" in message
    assert "long-acting" in message and "abstinence rules" in message


def test_a_prescribed_benzodiazepine_gets_the_taper_flag() -> None:
    assert "sedative-taper" in codes(recommend(assessment(medications=["benzodiazepine"])))


# --- 6. an unsafe home -------------------------------------------------------------------------


def test_an_adolescent_with_depression_and_a_violent_home_is_treated_at_the_clinical_level() -> (
    None
):
    rec = recommend(assessment(population="adolescent", conditions=MDD, home_environment="unsafe"))
    assert rec.level is Level.IOP
    assert "children's services" in flag(rec, "safeguarding")
    assert "the family" not in flag(rec, "adolescent-hours")
    home = next(r for r in rec.reasons if r.rule == "no-safe-home")
    assert not home.met and "children's services" in home.explanation


def test_mild_responding_depression_with_partner_violence_is_not_sent_to_residential() -> None:
    rec = recommend(
        assessment(
            conditions=MDD,
            symptom_severity="mild",
            functional_impairment="mild",
            outpatient_response="adequate",
            safety="frequent_review",
            home_environment="unsafe",
        )
    )
    assert rec.level is Level.IOP
    message = flag(rec, "safe-accommodation")
    assert "refuge" in message and "crisis house" in message
    assert "sober living" not in message


def test_substance_use_with_an_unsafe_home_is_offered_sober_living_or_recovery_housing() -> None:
    rec = recommend(
        assessment(
            conditions=AUD,
            symptom_severity="mild",
            functional_impairment="mild",
            outpatient_response="adequate",
            home_environment="unsafe",
        )
    )
    assert "sober living" in flag(rec, "safe-accommodation")
    assert "sober living" in flag(
        recommend(assessment(conditions=AUD, home_environment="unstable")), "unstable-home"
    )


# --- 7. step-up by severity and condition ------------------------------------------------------


def test_mild_symptoms_stalled_at_iop_review_the_plan_rather_than_step_up_to_php() -> None:
    rec = recommend(
        assessment(
            current_setting="iop",
            progress="stalled",
            symptom_severity="mild",
            functional_impairment="mild",
        )
    )
    assert rec.level is not Level.PHP
    assert "review the treatment plan" in flag(rec, "review-treatment-plan")


def test_severe_depression_not_improving_at_php_means_inpatient_and_a_treatment_review() -> None:
    rec = recommend(
        assessment(
            conditions=MDD,
            current_setting="php",
            progress="stalled",
            symptom_severity="severe",
            safety="frequent_review",
        )
    )
    assert rec.level is Level.INPATIENT
    assert rec.decisive.rule == "php-not-improving-severe"
    assert "ECT" in rec.decisive.explanation and "review the treatment" in rec.decisive.explanation


def test_moderate_depression_stalled_at_php_stays_at_php_with_a_treatment_review() -> None:
    rec = recommend(assessment(conditions=MDD, current_setting="php", progress="stalled"))
    assert rec.level is Level.PHP and rec.decisive.rule == "php-review-treatment"
    assert "ECT" in flag(rec, "review-treatment-plan")


def test_an_eating_disorder_not_improving_at_php_goes_to_specialist_residential_care() -> None:
    rec = recommend(assessment(conditions=ED, current_setting="php", progress="worsening"))
    assert rec.level is Level.RESIDENTIAL
    assert "specialist residential eating-disorder care" in rec.decisive.explanation


# --- 8. stepped care ---------------------------------------------------------------------------

FIRST_PRESENTATION: dict[str, Any] = {
    "current_setting": "community",
    "outpatient_response": "not_tried",
}


@pytest.mark.parametrize("conditions", [MDD, GAD, [*MDD, *GAD]])
def test_a_first_presentation_of_moderate_depression_or_anxiety_starts_with_outpatient_care(
    conditions: list[str],
) -> None:
    rec = recommend(assessment(conditions=conditions, **FIRST_PRESENTATION))
    assert rec.level is Level.OUTPATIENT and rec.decisive.rule == "stepped-care-first"


@pytest.mark.parametrize("conditions", [AUD, OUD, [*MDD, *AUD]])
def test_substance_use_keeps_direct_entry_to_iop(conditions: list[str]) -> None:
    assert recommend(assessment(conditions=conditions, **FIRST_PRESENTATION)).level is Level.IOP


@pytest.mark.parametrize(
    "change", [{"safety": "frequent_review"}, {"functional_impairment": "severe"}]
)
def test_stepped_care_never_holds_back_frequent_safety_review_or_severe_impairment(
    change: dict[str, str],
) -> None:
    rec = recommend(assessment(conditions=MDD, **FIRST_PRESENTATION, **change))
    assert rec.level.rank >= Level.IOP.rank


# --- 9. eating disorders -----------------------------------------------------------------------


@pytest.mark.parametrize("level", [Level.OUTPATIENT, Level.IOP, Level.PHP, Level.INPATIENT])
def test_an_eating_disorder_gets_the_medical_check_flag_at_every_level(level: Level) -> None:
    rec = recommend(assessment(conditions=ED, **LEVEL_MAKERS[level]))
    assert rec.level is level
    message = flag(rec, "eating-disorder-medical-check")
    for marker in ("under 50", "90/45", "on standing", "35.6", "phosphate", "ECG", "refeeding"):
        assert marker in message, marker


def test_an_eating_disorder_below_80_percent_is_not_placed_in_iop_or_php() -> None:
    rec = recommend(assessment(conditions=ED, percent_expected_weight=78, acute_phase=True))
    assert rec.level is Level.RESIDENTIAL and rec.decisive.rule == "low-weight"


def test_an_eating_disorder_at_75_percent_or_less_means_medical_admission() -> None:
    rec = recommend(assessment(conditions=ED, percent_expected_weight=75))
    assert rec.level is Level.INPATIENT and rec.decisive.rule == "very-low-weight"
    assert recommend(assessment(conditions=ED, percent_expected_weight=85)).level is Level.IOP


def test_weight_is_read_only_for_an_eating_disorder() -> None:
    assert recommend(assessment(conditions=MDD, percent_expected_weight=70)).level is Level.IOP


# --- 10. pregnancy, stimulants -----------------------------------------------------------------


def test_pregnancy_with_opioid_use_disorder_means_moud_never_withdrawal_alone() -> None:
    rec = recommend(assessment(conditions=OUD, pregnant=True))
    message = flag(rec, "pregnancy")
    assert "methadone or buprenorphine" in message and "never withdrawal on its own" in message
    assert "obstetric" in message and "naloxone" in message.lower()
    assert "neonatal opioid withdrawal" in message
    assert "naloxone" in codes(rec)


def test_pregnancy_with_alcohol_use_disorder_says_withdrawal_is_24_hour() -> None:
    assert "24-hour setting" in flag(
        recommend(assessment(conditions=AUD, pregnant=True)), "pregnancy"
    )


def test_stimulant_use_gets_contingency_management() -> None:
    message = flag(recommend(assessment(conditions=STIMULANTS)), "contingency-management")
    assert "best-supported" in message and "no medicine" in message


def test_stimulant_use_gets_naloxone_and_fentanyl_test_strips() -> None:
    message = flag(recommend(assessment(conditions=STIMULANTS)), "naloxone")
    assert "fentanyl test strips" in message and "naloxone" in message


# --- properties over every combination ---------------------------------------------------------

CONDITION_SETS = st.sampled_from(
    [[], MDD, GAD, ED, AUD, OUD, STIMULANTS, SEDATIVES, [*OUD, *AUD], [*MDD, *AUD], [*ED, *MDD]]
)
assessments = st.fixed_dictionaries(
    {name: st.sampled_from(values) for name, values in FIELD_VALUES.items()},
    optional={
        "conditions": CONDITION_SETS,
        "medications": st.lists(
            st.sampled_from(["methadone", "buprenorphine", "naltrexone", "benzodiazepine"]),
            max_size=2,
        ),
        "percent_expected_weight": st.sampled_from([70.0, 75.0, 78.0, 80.0, 90.0]),
    },
)


@settings(max_examples=300, deadline=None)
@given(assessments)
def test_an_adolescent_is_never_sent_to_residential_for_an_unsafe_home_alone(
    values: dict[str, Any],
) -> None:
    young = {**values, "population": "adolescent", "safe_alternative_accommodation": False}
    unsafe = recommend(Assessment.model_validate({**young, "home_environment": "unsafe"}))
    safe = recommend(Assessment.model_validate({**young, "home_environment": "supportive"}))
    if unsafe.level is Level.RESIDENTIAL:
        assert safe.level is Level.RESIDENTIAL


@settings(max_examples=300, deadline=None)
@given(assessments)
def test_mental_health_alone_is_never_sent_to_residential_for_an_unsafe_home(
    values: dict[str, Any],
) -> None:
    conditions = values.get("conditions", [])
    if any(c in conditions for c in (*AUD, *OUD, *STIMULANTS, *SEDATIVES)):
        return
    unsafe = recommend(Assessment.model_validate({**values, "home_environment": "unsafe"}))
    safe = recommend(Assessment.model_validate({**values, "home_environment": "supportive"}))
    if unsafe.level is Level.RESIDENTIAL:
        assert safe.level is Level.RESIDENTIAL


@settings(max_examples=300, deadline=None)
@given(assessments)
def test_methadone_or_buprenorphine_never_meets_naltrexone_advice_without_the_contraindication(
    values: dict[str, Any],
) -> None:
    """Any case listing methadone or buprenorphine (or opioid use disorder) never gets naltrexone
    advice without the contraindication; everywhere else naltrexone comes with the opioid-free
    interval."""
    rec = recommend(Assessment.model_validate(values))
    for message in naltrexone_advice(rec):
        assert "7-10 days without any opioid" in message or "must not be taken together" in message
    on_agonist = {"methadone", "buprenorphine"} & set(values.get("medications", []))
    if on_agonist or "opioid_use_disorder" in values.get("conditions", []):
        for message in naltrexone_advice(rec):
            assert "must not be" in message


@settings(max_examples=300, deadline=None)
@given(assessments, st.sampled_from([70.0, 75.0, 78.0, 80.0, 90.0]))
def test_lowering_the_weight_in_an_eating_disorder_never_lowers_the_level(
    values: dict[str, Any], lower: float
) -> None:
    values = {**values, "conditions": ED}
    before = recommend(Assessment.model_validate(values)).level
    current = values.get("percent_expected_weight")
    if current is not None and lower > current:
        return
    after = recommend(Assessment.model_validate({**values, "percent_expected_weight": lower}))
    assert after.level.rank >= before.rank


@pytest.mark.parametrize("case_id", ["callum-opioid-use", "jamal-opioid-use"])
def test_the_library_cases_already_on_moud_are_told_to_continue_not_to_start(case_id: str) -> None:
    from iopkit.vignettes import load_library

    rec = recommend(load_library([]).get(case_id).assessment)
    assert "continue it" in flag(rec, "opioid-medication-now")


ORDERED = {
    "safety": ["no_concerns", "safety_plan", "frequent_review", "cannot_keep_safe"],
    "symptom_severity": ["minimal", "mild", "moderate", "severe"],
    "functional_impairment": ["none", "mild", "moderate", "severe"],
}


@settings(max_examples=400, deadline=None)
@given(assessments, st.sampled_from(sorted(ORDERED)), st.integers(0, 3))
def test_raising_safety_severity_or_impairment_never_lowers_the_level_whatever_the_conditions(
    values: dict[str, Any], field: str, step: int
) -> None:
    order = ORDERED[field]
    current = order.index(getattr(values[field], "value", values[field]))
    higher = order[max(current, step)]
    before = recommend(Assessment.model_validate(values)).level
    after = recommend(Assessment.model_validate({**values, field: higher})).level
    assert after.rank >= before.rank, (field, higher)
