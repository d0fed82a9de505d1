"""Schedule rules: one test per finding, the week's totals, and invariants."""

from __future__ import annotations

from typing import Any

import pytest
from doc_tables import codes_in, table_rows
from factories import good_week, week
from hypothesis import given, settings
from hypothesis import strategies as st

from iopkit.components import Activity
from iopkit.inputs import InputError
from iopkit.schedule import FINDING_CODES, Day, FindingSeverity, Schedule, check


def codes(data: dict[str, Any]) -> set[str]:
    return check(data).codes


def test_a_well_formed_week_has_no_findings() -> None:
    report = check(good_week())
    assert report.findings == ()
    assert report.ok
    assert report.hours_per_week == 9.0
    assert report.days_per_week == 3


def test_totals_per_day_and_per_component() -> None:
    report = check(good_week())
    assert report.hours_per_day == {Day.MON: 3.0, Day.WED: 3.0, Day.FRI: 3.0}
    assert report.hours_per_component[Activity.PROCESS_GROUP] == 3.0
    assert report.hours_per_component[Activity.INDIVIDUAL_THERAPY] == 1.0


def test_below_nine_hours_is_not_iop_for_an_adult() -> None:
    report = check({"sessions": week("mon", "wed", minutes=180)})
    assert "hours-below-iop-minimum" in report.codes
    assert not report.ok


def test_six_hours_is_enough_for_an_adolescent_iop() -> None:
    report = check({"population": "adolescent", "sessions": week("mon", "wed", minutes=180)})
    assert "hours-below-iop-minimum" not in report.codes


def test_twenty_hours_or_more_is_php_not_iop() -> None:
    report = check({"sessions": week("mon", "tue", "wed", "thu", "fri", minutes=240)})
    assert "hours-at-php-level" in report.codes
    assert not report.ok


def test_nineteen_hours_is_still_iop_but_above_the_typical_fifteen() -> None:
    sessions = week("mon", "tue", "wed", "thu", minutes=240) + week("fri", minutes=180)
    report = check({"sessions": sessions})
    assert report.hours_per_week == 19
    assert "hours-at-php-level" not in report.codes
    assert "hours-above-typical" in report.codes


def test_overlapping_activities_are_an_error() -> None:
    data = good_week()
    data["sessions"].append(
        {"day": "mon", "start": "09:30", "minutes": 30, "activity": "individual_therapy"}
    )
    report = check(data)
    assert "overlapping-activities" in report.codes
    overlap = next(f for f in report.findings if f.code == "overlapping-activities")
    assert "Mon 09:00-10:00" in overlap.message


def test_a_long_activity_overlapping_two_later_ones_is_reported_twice() -> None:
    sessions = [
        {"day": "tue", "start": "09:00", "minutes": 180, "activity": "process_group"},
        {"day": "tue", "start": "09:30", "minutes": 30, "activity": "skills_group"},
        {"day": "tue", "start": "11:00", "minutes": 30, "activity": "skills_group"},
    ]
    findings = [f for f in check({"sessions": sessions}).findings]
    assert sum(f.code == "overlapping-activities" for f in findings) == 2


def test_back_to_back_activities_do_not_overlap() -> None:
    assert "overlapping-activities" not in codes(good_week())


def test_a_week_without_any_group_is_an_error() -> None:
    report = check({"sessions": week("mon", "wed", "fri", activity="individual_therapy")})
    assert "no-group-activity" in report.codes


def test_an_activity_running_past_midnight_is_impossible() -> None:
    sessions = week("mon", "wed", "fri") + [
        {"day": "fri", "start": "23:00", "minutes": 120, "activity": "skills_group"}
    ]
    assert "impossible-time" in codes({"sessions": sessions})


def test_an_empty_week_is_an_error() -> None:
    assert "empty-week" in codes({"sessions": []})


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("start", "25:00", "hours go from 00 to 23"),
        ("start", "9am", "HH:MM"),
        ("start", "09:75", "minutes go from 00 to 59"),
        ("minutes", -30, "should be more than 0"),
        ("minutes", 0, "should be more than 0"),
        ("minutes", 2000, "should be at most 720"),
        ("day", "monday", "Did you mean 'mon'"),
        ("activity", "proces_group", "Did you mean 'process_group'"),
    ],
)
def test_impossible_times_and_durations_are_refused_with_the_field_named(
    field: str, value: object, expected: str
) -> None:
    data = good_week()
    data["sessions"][3][field] = value
    with pytest.raises(InputError) as info:
        check(data)
    text = str(info.value)
    assert f"sessions[3].{field}" in text
    assert expected in text


def test_fewer_than_three_days_is_a_warning() -> None:
    report = check({"sessions": week("mon", "wed", minutes=270)})
    assert "too-few-days" in report.codes
    assert FINDING_CODES["too-few-days"] is FindingSeverity.WARNING


def test_more_than_five_days_is_a_warning() -> None:
    report = check({"sessions": week("mon", "tue", "wed", "thu", "fri", "sat", minutes=120)})
    assert "too-many-days" in report.codes


def test_a_day_far_from_about_three_hours_is_a_warning() -> None:
    sessions = week("mon", "wed", minutes=180) + week("fri", minutes=60) + week("thu", minutes=300)
    findings = [
        f for f in check({"sessions": sessions}).findings if f.code == "day-length-atypical"
    ]
    assert {f.message.split(":")[0] for f in findings} == {"Fri", "Thu"}


def test_missing_individual_therapy_and_medication_management_are_warnings() -> None:
    report = check({"sessions": week("mon", "wed", "fri")})
    assert {"no-individual-therapy", "no-medication-management"} <= report.codes
    assert report.ok


@pytest.mark.parametrize(("weeks", "flagged"), [(4, True), (6, False), (12, False), (16, True)])
def test_programme_length_outside_six_to_twelve_weeks_is_a_warning(
    weeks: int, flagged: bool
) -> None:
    data = good_week() | {"weeks": weeks}
    assert ("programme-length-atypical" in codes(data)) is flagged


def test_every_finding_code_has_a_test_and_a_severity() -> None:
    import inspect
    import sys

    source = inspect.getsource(sys.modules[__name__])
    for code in FINDING_CODES:
        assert f'"{code}"' in source, code


def test_report_json_has_the_cli_contract() -> None:
    d = check(good_week()).to_dict()
    assert {"ok", "hours_per_week", "days_per_week", "findings"} <= set(d)


def test_to_yaml_round_trips() -> None:
    import yaml

    schedule = Schedule.from_mapping(good_week())
    again = Schedule.from_mapping(yaml.safe_load(schedule.to_yaml()))
    assert again == schedule


sessions_strategy = st.builds(
    dict,
    day=st.sampled_from([d.value for d in Day]),
    start=st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 22), st.sampled_from([0, 30])),
    minutes=st.integers(15, 180),
    activity=st.sampled_from([a.value for a in Activity]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(sessions_strategy, max_size=12), sessions_strategy)
def test_adding_an_activity_never_lowers_weekly_hours(sessions: list, extra: dict) -> None:
    before = check({"sessions": sessions}).hours_per_week
    after = check({"sessions": [*sessions, extra]}).hours_per_week
    assert after >= before
    assert after == pytest.approx(before + extra["minutes"] / 60)


# --- the rule table: one home for each finding, its doc row and its test --------------------


def test_the_findings_table_in_the_docs_is_the_checker_s_table() -> None:
    rows = table_rows("schedule-rules.md", "It reports weekly hours")
    documented = {code: row["severity"] for row in rows for code in codes_in(row["code"])}
    assert documented == {code: severity.value for code, severity in FINDING_CODES.items()}


def test_check_accepts_another_rule_set() -> None:
    from iopkit import sources as S
    from iopkit.schedule import SCHEDULE_RULES, FindingRule

    no_saturdays = FindingRule(
        "no-saturdays",
        FindingSeverity.ERROR,
        ("sessions",),
        lambda w: [f"{s.describe()} is on a Saturday" for s in w.sessions if s.day is Day.SAT],
        S.IOWN,
    )
    data = good_week()
    data["sessions"].append(
        {"day": "sat", "start": "09:00", "minutes": 60, "activity": "skills_group"}
    )
    report = check(data, rules=(no_saturdays,))
    assert report.codes == {"no-saturdays"} and not report.ok
    assert check(data, rules=()).findings == ()
    assert check(data) == check(data, rules=SCHEDULE_RULES)
