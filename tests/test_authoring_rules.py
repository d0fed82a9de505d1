"""The authoring rules of issue 18 section 4, each shown on a case file with one change.

A stage's own key explanation; did-you-mean by meaning; TODO anywhere; an impossible schedule
task; an unstated withdrawal risk; the shape rules the JSON Schema carries.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from iopkit.vignettes import validate_text
from iopkit.vignettes.schema import schema_dict

FIXTURE = Path(__file__).parent / "fixtures" / "vignettes" / "evening-iop.yaml"


def case(**top: Any) -> dict[str, Any]:
    """The fixture's data, with top-level fields replaced."""
    data: dict[str, Any] = yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))
    data.update(top)
    return data


def problems(data: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(severity, code, path, message) of every problem validate finds in ``data``."""
    report = validate_text(yaml.safe_dump(data, sort_keys=False), against_builtin=False)
    return [(p.severity.value, p.code, p.path, p.message) for p in report.problems]


def disagreeing_stages(data: dict[str, Any]) -> dict[str, Any]:
    """Two stages whose key (continue in IOP) the engine does not share (it says outpatient)."""
    first = data["stages"][0]
    first.update(decision="continue", expected_level="iop")
    second = copy.deepcopy(first)
    second["id"] = "week-8-review"
    data["stages"].append(second)
    return data


# A stage's key explanation -----------------------------------------------------------------


def test_a_stages_key_explanation_covers_that_stage_only() -> None:
    data = disagreeing_stages(case())
    data["stages"][0]["key_differs_because"] = "The team keeps him in IOP until his new job."
    found = {(path, severity) for severity, code, path, _ in problems(data)}
    assert ("stages[0].expected_level", "warning") in found
    assert ("stages[1].expected_level", "error") in found


def test_the_cases_key_explanation_does_not_cover_its_stages() -> None:
    data = disagreeing_stages(case(key_differs_because="Explains the first answer only."))
    severities = {path: s for s, _, path, _ in problems(data)}
    assert severities["stages[0].expected_level"] == "error"
    assert severities["stages[1].expected_level"] == "error"


def test_a_stage_key_disagreement_says_to_explain_it_under_the_stage() -> None:
    data = disagreeing_stages(case())
    messages = [m for _, code, _, m in problems(data) if code == "stage-key-differs"]
    assert messages and all("key_differs_because under this stage" in m for m in messages)


def test_an_explained_stage_says_its_own_explanation_is_used() -> None:
    data = disagreeing_stages(case())
    for stage in data["stages"]:
        stage["key_differs_because"] = "The team keeps him in IOP until his new job starts."
    messages = [m for s, _, _, m in problems(data) if s == "warning"]
    assert len(messages) == 2
    assert all("this stage's key_differs_because explains why" in m for m in messages)


# Did you mean, by meaning ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "written", "meant"),
    [
        ("expected_level", "intensive_outpatient", "iop"),
        ("expected_level", "Intensive Outpatient Programme", "iop"),
        ("expected_level", "intensive outpatient program", "iop"),
        ("expected_level", "partial hospitalisation", "php"),
        ("expected_level", "day hospital", "php"),
        ("expected_level", "detox", "withdrawal_management"),
        ("expected_level", "rehab", "residential"),
        ("expected_level", "weekly therapy", "outpatient"),
        ("conditions", ["depression"], "major_depressive_disorder"),
        ("conditions", ["anxiety"], "generalized_anxiety_disorder"),
        ("conditions", ["heroin"], "opioid_use_disorder"),
        ("conditions", ["alcoholism"], "alcohol_use_disorder"),
        ("conditions", ["anorexia"], "eating_disorder"),
        ("conditions", ["benzos"], "sedative_use_disorder"),
        ("population", "teenager", "adolescent"),
    ],
)
def test_did_you_mean_follows_the_meaning_as_well_as_the_spelling(
    field: str, written: Any, meant: str
) -> None:
    report = validate_text(
        yaml.safe_dump(case(**{field: written}), sort_keys=False), against_builtin=False
    )
    (problem,) = report.errors
    assert problem.suggestion == meant, problem.format()


def test_a_stage_decision_is_suggested_by_meaning() -> None:
    data = case()
    data["stages"][0]["decision"] = "de-escalate"
    report = validate_text(yaml.safe_dump(data, sort_keys=False), against_builtin=False)
    assert [p.suggestion for p in report.errors] == ["step_down"]


def test_intensive_outpatient_is_never_taken_for_outpatient() -> None:
    from iopkit.inputs import did_you_mean

    levels = ["outpatient", "iop", "php", "residential", "withdrawal_management", "inpatient"]
    assert did_you_mean("intensive_outpatient", levels) == "iop"
    assert did_you_mean("outpatien", levels) == "outpatient"  # spelling still works


# TODO anywhere -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "path"),
    [
        (lambda d: d.update(authors=["TODO: your name"]), "authors[0]"),
        (lambda d: d.update(references=["TODO: a source"]), "references[0]"),
        (lambda d: d["stages"][0].update(learning_points=["TODO"]), "stages[0].learning_points[0]"),
        (lambda d: d["schedule_task"].update(brief="TODO: the brief"), "schedule_task.brief"),
    ],
)
def test_a_todo_left_anywhere_is_reported(where: Any, path: str) -> None:
    data = case()
    where(data)
    assert ("error", "todo-left", path) in {(s, c, p) for s, c, p, _ in problems(data)}


# Impossible schedule tasks -----------------------------------------------------------------


def test_an_adult_task_allowing_fewer_hours_than_an_iop_week_is_an_error() -> None:
    data = case()
    data["schedule_task"]["max_hours_per_week"] = 1
    (found,) = [x for x in problems(data) if x[1] == "schedule-impossible"]
    severity, _, path, message = found
    assert (severity, path) == ("error", "schedule_task.max_hours_per_week")
    assert "an IOP week for an adult needs at least 9 hours" in message
    assert "Raise max_hours_per_week to 9 or more" in message


def test_an_adolescent_task_is_held_to_the_adolescent_floor() -> None:
    data = case(population="adolescent")
    data["assessment"]["population"] = "adolescent"
    for stage in data["stages"]:
        stage["assessment"]["population"] = "adolescent"
    data["schedule_task"]["max_hours_per_week"] = 7
    assert "schedule-impossible" not in {c for _, c, _, _ in problems(data)}
    data["schedule_task"]["max_hours_per_week"] = 5
    assert "schedule-impossible" in {c for _, c, _, _ in problems(data)}


def test_days_and_hours_too_few_to_hold_an_iop_week_are_an_error() -> None:
    data = case()
    data["schedule_task"].update(allowed_days=["mon", "wed"], earliest_start="18:00")
    (found,) = [x for x in problems(data) if x[1] == "schedule-impossible"]
    assert found[2] == "schedule_task.allowed_days"
    assert "2 day(s) from 18:00 to 21:00 hold only 6" in found[3]


def test_a_task_that_can_be_met_is_not_reported() -> None:
    assert problems(case()) == []


# Withdrawal risk left unstated ---------------------------------------------------------------


def test_needs_management_without_withdrawal_risk_warns_and_names_the_default() -> None:
    data = case(conditions=["alcohol_use_disorder"], expected_level="withdrawal_management")
    data["assessment"]["withdrawal"] = "needs_management"
    found = [x for x in problems(data) if x[1] == "withdrawal-risk-default"]
    (severity, _, path, message), *_ = found
    assert (severity, path) == ("warning", "assessment.withdrawal")
    assert "the default, high" in message and "24-hour withdrawal management" in message
    data["assessment"]["withdrawal_risk"] = "low"
    assert not [x for x in problems(data) if x[1] == "withdrawal-risk-default"]


def test_a_case_with_only_the_withdrawal_warning_is_still_served(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iopkit.vignettes import ENV_VAR, load_library

    data = case(
        id="warned-case",
        conditions=["alcohol_use_disorder"],
        expected_level="withdrawal_management",
    )
    data["assessment"]["withdrawal"] = "needs_management"
    assert {(s, c) for s, c, _, _ in problems(data)} == {("warning", "withdrawal-risk-default")}
    (tmp_path / "warned.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert "warned-case" in load_library()


# The JSON Schema's shape rules ---------------------------------------------------------------


def schema_errors(data: dict[str, Any]) -> list[str]:
    plain = json.loads(json.dumps(data, default=str))
    return [e.message for e in jsonschema.Draft202012Validator(schema_dict()).iter_errors(plain)]


def test_the_schema_requires_feedback_for_every_level() -> None:
    data = case()
    del data["feedback"]["php"]
    assert any("'php' is a required property" in m for m in schema_errors(data))


def test_the_schema_requires_feedback_for_every_stage_decision() -> None:
    data = case()
    del data["stages"][0]["feedback"]["step_up"]
    assert any("'step_up' is a required property" in m for m in schema_errors(data))


def test_the_schema_requires_a_plan_and_outpatient_care_for_a_discharge_stage() -> None:
    data = case()
    data["stages"][0]["decision"] = "discharge"
    assert any("'discharge_plan' is a required property" in m for m in schema_errors(data))
    data["stages"][0]["discharge_plan"] = {
        "follow_up_within_days": 7,
        "relapse_prevention_focus": ["early warning signs"],
    }
    assert schema_errors(data) == []
    data["stages"][0]["expected_level"] = "iop"
    assert any("'outpatient' was expected" in m for m in schema_errors(data))
