"""Every fact of the overview about levels, time, components, modalities and conditions is
in the model with its source."""

from __future__ import annotations

from iopkit import sources as S
from iopkit.components import (
    COMPONENTS,
    MODALITIES,
    Activity,
    Condition,
    ConditionFamily,
    Emphasis,
    Modality,
)
from iopkit.levels import CONTINUUM, LEVELS, STEP_DOWN, STEP_UP, Level, Population, steps_into


def test_the_overview_iop_figures_are_modelled_with_the_overview_as_source() -> None:
    iop = LEVELS[Level.IOP]
    assert (iop.days_per_week.low, iop.days_per_week.high) == (3, 5)
    assert iop.hours_per_day.low == 3
    typical = dict(iop.extra_figures)["typical weekly hours (overview)"]
    assert (typical.low, typical.high) == (9, 15)
    assert (iop.typical_duration.low, iop.typical_duration.high) == (6, 12)
    for band in (iop.days_per_week, iop.hours_per_day, typical, iop.typical_duration):
        assert band.source is S.OVERVIEW


def test_the_public_iop_bands_are_modelled_with_their_own_sources() -> None:
    iop = LEVELS[Level.IOP]
    adult = iop.weekly_hours(Population.ADULT)
    teen = iop.weekly_hours(Population.ADOLESCENT)
    assert (adult.low, adult.high) == (9, 19)
    assert (teen.low, teen.high) == (6, 19)
    assert adult.source is not S.OVERVIEW and teen.source is not S.OVERVIEW
    assert iop.minimum_weekly_hours(Population.ADOLESCENT) == 6


def test_php_is_five_days_at_four_to_six_hours_and_twenty_hours_a_week_or_more() -> None:
    php = LEVELS[Level.PHP]
    assert (php.days_per_week.low, php.days_per_week.high) == (5, 5)
    assert (php.hours_per_day.low, php.hours_per_day.high) == (4, 6)
    assert php.days_per_week.source is S.OVERVIEW
    assert php.weekly_hours_adult.low == 20 and php.weekly_hours_adult.high is None


def test_only_residential_and_inpatient_always_give_24_hour_supervision() -> None:
    assert {lv for lv, info in LEVELS.items() if info.supervision_24h} == {
        Level.RESIDENTIAL,
        Level.INPATIENT,
    }


def test_withdrawal_management_has_an_ambulatory_and_a_24_hour_setting() -> None:
    from iopkit.levels import WithdrawalSetting

    info = LEVELS[Level.WITHDRAWAL_MANAGEMENT]
    by_setting = {s.setting: s for s in info.settings}
    assert set(by_setting) == set(WithdrawalSetting)
    assert not by_setting[WithdrawalSetting.AMBULATORY].overnight_stay
    assert by_setting[WithdrawalSetting.TWENTY_FOUR_HOUR].overnight_stay
    assert by_setting[WithdrawalSetting.TWENTY_FOUR_HOUR].supervision_24h
    assert "Depends on the setting" in info.supervision_text()
    assert [s["setting"] for s in info.to_dict()["settings"]] == ["ambulatory", "24_hour"]


def test_levels_are_ranked_by_intensity() -> None:
    ranks = [LEVELS[lv].rank for lv in CONTINUUM]
    assert ranks == sorted(ranks)
    assert len({info.rank for info in LEVELS.values()}) == len(LEVELS)


def test_iop_is_the_step_down_from_inpatient_and_php_and_the_step_up_from_weekly_therapy() -> None:
    assert Level.IOP in STEP_DOWN[Level.INPATIENT]
    assert Level.IOP in STEP_DOWN[Level.PHP]
    assert STEP_UP[Level.OUTPATIENT] == (Level.IOP,)
    paths = steps_into(Level.IOP)
    assert Level.INPATIENT in paths["step_down_from"]
    assert paths["step_up_from"] == (Level.OUTPATIENT,)


def test_every_level_has_a_description_and_a_source() -> None:
    for info in LEVELS.values():
        assert info.description and info.typical_patients and info.source
        d = info.to_dict()
        assert d["source"]


def test_the_overview_components_are_modelled_with_their_emphasis() -> None:
    assert COMPONENTS[Activity.PROCESS_GROUP].emphasis is Emphasis.CORE
    assert COMPONENTS[Activity.PSYCHOEDUCATION_GROUP].emphasis is Emphasis.CORE
    assert COMPONENTS[Activity.INDIVIDUAL_THERAPY].emphasis is Emphasis.CORE
    assert COMPONENTS[Activity.FAMILY_THERAPY].emphasis is Emphasis.FREQUENT
    assert COMPONENTS[Activity.MEDICATION_MANAGEMENT].emphasis is Emphasis.FREQUENT
    assert COMPONENTS[Activity.MEAL_SUPPORT].source is not S.OVERVIEW
    for info in COMPONENTS.values():
        assert info.description and info.purpose and info.source


def test_the_overview_modalities_are_modelled() -> None:
    assert set(Modality) >= {
        Modality.CBT,
        Modality.DBT_MINDFULNESS,
        Modality.DBT_DISTRESS_TOLERANCE,
        Modality.DBT_EMOTION_REGULATION,
        Modality.DBT_INTERPERSONAL_EFFECTIVENESS,
        Modality.COPING_SKILLS,
        Modality.RELAPSE_PREVENTION,
    }
    assert MODALITIES[Modality.RELAPSE_PREVENTION].emphasis is Emphasis.CORE
    for info in MODALITIES.values():
        assert info.description and info.purpose and info.example_skills


def test_the_overview_conditions_are_a_vocabulary() -> None:
    families = {c.family for c in Condition}
    assert families == set(ConditionFamily)
    assert Condition("major_depressive_disorder").label == "Major depressive disorder"
    assert Condition.OPIOID_USE_DISORDER.is_substance_use


def test_every_source_has_a_key_and_a_short_citation() -> None:
    for key, source in S.ALL_SOURCES.items():
        assert source.key == key and source.cite() == source.title != ""


def test_trainees_choose_levels_in_order_of_intensity() -> None:
    from iopkit.levels import BY_INTENSITY

    assert set(BY_INTENSITY) == set(Level)
    assert [lv.rank for lv in BY_INTENSITY] == sorted(lv.rank for lv in Level)
