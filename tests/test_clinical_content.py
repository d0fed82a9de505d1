"""Clinical points that live outside the engine: skills, levels, the timeline, follow-up limits,
crisis lines and the facilitator's guide. Each test is named after the point it proves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from iopkit import sources as S
from iopkit.components import MODALITIES, Modality
from iopkit.discharge import CRISIS_CONTACTS_ENV, local_crisis_contacts
from iopkit.levels import LEVELS, Level
from iopkit.timeline import TimelineKind, programme_timeline

ROOT = Path(__file__).resolve().parents[1]


def test_cold_water_tipp_carries_a_caution_for_heart_conditions_and_eating_disorders() -> None:
    text = MODALITIES[Modality.DBT_DISTRESS_TOLERANCE].what_it_is
    assert "cold water" in text and "heart condition" in text and "eating disorder" in text


def test_cbt_cites_a_cbt_source_and_names_contingency_management_for_stimulants() -> None:
    cbt = MODALITIES[Modality.CBT]
    assert cbt.source is S.BECK20
    assert "contingency management" in cbt.what_it_is


def test_planning_discharge_at_admission_cites_nice_ng53() -> None:
    start = next(p for p in programme_timeline(8) if p.kind is TimelineKind.START)
    assert start.source == S.NICE_NG53.cite()


def test_iop_is_not_described_as_detox_done_and_residential_not_as_housing() -> None:
    iop = LEVELS[Level.IOP].typical_patients
    assert "detox done" not in iop and "not detox first" in iop
    residential = LEVELS[Level.RESIDENTIAL]
    assert "Housing alone is not a reason" in residential.typical_patients
    assert residential.weekly_hours_adult is None  # the 3.1 floor is labelled, not headlined
    assert any("low-intensity" in name for name, _ in residential.extra_figures)


def test_the_adolescent_iop_band_no_longer_rests_on_one_jurisdictions_rule() -> None:
    assert S.IOP_WEEKLY_HOURS_ADOLESCENT.source is S.SAMHSA_ADV21
    assert "DC-RULE" not in S.ALL_SOURCES


def test_local_crisis_lines_are_the_facilitators_setting_not_hard_coded() -> None:
    assert local_crisis_contacts({}) == ()
    lines = local_crisis_contacts({CRISIS_CONTACTS_ENV: "Lifeline 13 11 14; 000 ;"})
    assert lines == ("Lifeline 13 11 14", "000")


def test_the_discharge_builder_fills_in_the_facilitators_crisis_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from iopkit.widgets.discharge import DischargePlanBuilder

    monkeypatch.setenv(CRISIS_CONTACTS_ENV, "988 Suicide & Crisis Lifeline;911")
    assert DischargePlanBuilder().crisis_contacts.value == "988 Suicide & Crisis Lifeline\n911"
    monkeypatch.delenv(CRISIS_CONTACTS_ENV)
    assert DischargePlanBuilder().crisis_contacts.value == ""


def test_the_workshop_guide_has_a_content_note_support_plan_and_crisis_examples() -> None:
    guide = (ROOT / "docs" / "running-a-workshop.md").read_text(encoding="utf-8")
    assert "## Sessions on suicide and self-harm: content note and support" in guide
    for words in ("Content note", "step out", "named person", CRISIS_CONTACTS_ENV):
        assert words in guide, words
    for number in ("988", "116 123", "13 11\n   14", "1737", "112"):
        assert number in guide, number


def test_notebook_01_teaches_the_asam_2020_withdrawal_risk_factors() -> None:
    cells = json.loads((ROOT / "notebooks" / "01_continuum_of_care.ipynb").read_text("utf-8"))
    text = " ".join("".join("".join(c["source"]) for c in cells["cells"]).split())
    for factor in ("a seizure during this episode", "age over 65", "benzodiazepines"):
        assert factor in text, factor


def test_a_discharge_plan_after_a_ward_must_book_contact_within_72_hours() -> None:
    from iopkit.assessment import Setting
    from iopkit.discharge import DischargePlan, check_plan

    plan = DischargePlan(follow_up_days=5)
    assert "follow_up_days" not in check_plan(plan).missing_fields
    assert "follow_up_days" in check_plan(plan, leaving=Setting.INPATIENT).missing_fields
    assert (
        "follow_up_days"
        not in check_plan(DischargePlan(follow_up_days=3), leaving=Setting.INPATIENT).missing_fields
    )
