"""The assessment contract: its optional findings, and the renamed fields old files still use."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from iopkit.assessment import Assessment, Medication, Progress, Safety, WithdrawalRisk
from iopkit.cli import main
from iopkit.components import Condition
from iopkit.inputs import InputError
from iopkit.vignettes import vignette_from_text
from iopkit.vignettes.schema import schema_dict
from iopkit.vignettes.validate import validate_paths, validate_text
from tests.factories import IOP_CANDIDATE, assessment
from tests.test_vignette_loader import VALID, valid_data


def test_an_assessment_without_the_new_fields_stays_valid_with_their_defaults() -> None:
    a = Assessment.from_mapping(IOP_CANDIDATE)
    assert a.conditions == ()
    assert a.withdrawal_risk is None
    assert a.progress is None


def test_unstated_withdrawal_risk_counts_as_high() -> None:
    unstated = assessment(withdrawal="needs_management")
    assert unstated.withdrawal_risk_or_default is WithdrawalRisk.HIGH
    low = assessment(withdrawal="needs_management", withdrawal_risk="low")
    assert low.withdrawal_risk_or_default is WithdrawalRisk.LOW


def test_the_new_fields_take_their_vocabularies() -> None:
    a = assessment(
        conditions=["opioid_use_disorder", "alcohol_use_disorder"],
        withdrawal_risk="high",
        progress="stalled",
    )
    assert a.conditions == (Condition.OPIOID_USE_DISORDER, Condition.ALCOHOL_USE_DISORDER)
    assert a.withdrawal_risk is WithdrawalRisk.HIGH
    assert a.progress is Progress.STALLED
    assert a.to_dict()["conditions"] == ["opioid_use_disorder", "alcohol_use_disorder"]


@pytest.mark.parametrize(
    ("field", "value", "allowed"),
    [
        ("withdrawal_risk", "medium", "low, high"),
        ("progress", "better", "improving, stalled, worsening"),
        ("conditions", ["opioids"], "opioid_use_disorder"),
    ],
)
def test_a_bad_value_names_the_field_and_what_is_allowed(
    field: str, value: Any, allowed: str
) -> None:
    with pytest.raises(InputError) as info:
        Assessment.from_mapping({**IOP_CANDIDATE, field: value})
    text = str(info.value)
    assert field in text and allowed in text


def _vignette(data: dict[str, Any]) -> Any:
    import yaml

    return vignette_from_text(yaml.safe_dump(data, sort_keys=False), VALID.name)


def test_a_vignette_assessment_without_conditions_takes_the_vignettes() -> None:
    data = valid_data()
    data["assessment"].pop("conditions", None)
    v = _vignette(data)
    assert v.conditions
    assert v.assessment.conditions == v.conditions
    assert all(stage.assessment.conditions == v.conditions for stage in v.stages)


def test_a_vignette_assessment_keeps_the_conditions_it_lists() -> None:
    data = valid_data()
    data["assessment"]["conditions"] = ["alcohol_use_disorder"]
    v = _vignette(data)
    assert v.assessment.conditions == (Condition.ALCOHOL_USE_DISORDER,)
    assert v.conditions != v.assessment.conditions


def test_the_json_schema_offers_the_new_fields() -> None:
    schema = json.dumps(schema_dict())
    for word in ('"withdrawal_risk"', '"progress"', '"stalled"', '"low"'):
        assert word in schema
    assessment_props = schema_dict()["$defs"]["Assessment"]["properties"]
    assert {"conditions", "withdrawal_risk", "progress"} <= set(assessment_props)
    required = set(schema_dict()["$defs"]["Assessment"].get("required", []))
    assert not {"conditions", "withdrawal_risk", "progress"} & required


# --- The renamed fields: old files stay valid, with a warning naming the new field ----------

OLD_CANDIDATE: dict[str, Any] = {
    **{
        k: v
        for k, v in IOP_CANDIDATE.items()
        if k not in ("safety", "safe_alternative_accommodation")
    },
    "risk_of_harm": "low",
    "sober_living_available": True,
}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("none", Safety.NO_CONCERNS),
        ("low", Safety.SAFETY_PLAN),
        ("moderate", Safety.FREQUENT_REVIEW),
        ("imminent", Safety.CANNOT_KEEP_SAFE),
    ],
)
def test_old_risk_of_harm_values_are_read_as_safety_in_order(old: str, new: Safety) -> None:
    a = Assessment.from_mapping({**OLD_CANDIDATE, "risk_of_harm": old})
    assert a.safety is new
    assert "risk_of_harm" not in a.to_dict() and a.to_dict()["safety"] == new.value


def test_sober_living_available_is_read_as_safe_alternative_accommodation() -> None:
    assert Assessment.from_mapping(OLD_CANDIDATE).safe_alternative_accommodation is True
    off = Assessment.from_mapping({**OLD_CANDIDATE, "sober_living_available": False})
    assert off.safe_alternative_accommodation is False


def test_an_old_and_a_new_name_together_is_an_error_naming_both() -> None:
    with pytest.raises(InputError) as info:
        Assessment.from_mapping({**OLD_CANDIDATE, "safety": "safety_plan"})
    assert "'safety' only" in str(info.value) and "risk_of_harm" in str(info.value)


def test_a_bad_old_risk_value_says_what_the_new_field_takes() -> None:
    with pytest.raises(InputError) as info:
        Assessment.from_mapping({**OLD_CANDIDATE, "risk_of_harm": "huge"})
    text = str(info.value)
    assert "'huge'" in text and "safety" in text and "cannot_keep_safe" in text


def _old_file(tmp_path: Path) -> Path:
    path = tmp_path / "old.yaml"
    path.write_text(yaml.safe_dump({"assessment": OLD_CANDIDATE}), encoding="utf-8")
    return path


def test_place_on_an_old_file_exits_0_with_the_warning_on_stderr(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["place", "--json", str(_old_file(tmp_path))], out=out, err=err)
    assert code == 0
    assert json.loads(out.getvalue())["level"] == "iop"
    warnings = err.getvalue().splitlines()
    assert len(warnings) == 2 and all("warning" in w for w in warnings)
    assert "'safety: safety_plan'" in warnings[0] and "risk_of_harm" in warnings[0]
    assert "safe_alternative_accommodation" in warnings[1]


def test_validate_warns_about_each_old_name_in_the_case_and_its_stages() -> None:
    data = valid_data()
    data["assessment"]["risk_of_harm"] = "low"
    del data["assessment"]["safety"]
    stage = data["stages"][0]["assessment"]
    stage["sober_living_available"] = stage.pop("safe_alternative_accommodation", False)
    report = validate_text(
        yaml.safe_dump(data, sort_keys=False), "old-case.yaml", against_builtin=False
    )
    renamed = [p for p in report.problems if p.code == "renamed-field"]
    assert report.ok, report.format()
    assert [(p.path, p.severity.value) for p in renamed] == [
        ("assessment.risk_of_harm", "warning"),
        ("stages[0].assessment.sober_living_available", "warning"),
    ]
    assert "safety" in renamed[0].message and "safe_alternative_accommodation" in renamed[1].message


def test_the_library_uses_only_the_new_field_names() -> None:
    report = validate_paths(None)
    assert not [p for p in report.problems if p.code == "renamed-field"]


def test_medications_take_their_vocabulary_and_weight_a_positive_number() -> None:
    a = assessment(medications=["methadone", "antidepressant"], percent_expected_weight=78)
    assert a.medications == (Medication.METHADONE, Medication.ANTIDEPRESSANT)
    assert a.percent_expected_weight == 78.0 and a.pregnant is False
    for field, value in (("medications", ["bupe"]), ("percent_expected_weight", -5)):
        with pytest.raises(InputError) as info:
            assessment(**{field: value})
        assert field in str(info.value)


def test_the_json_schema_offers_the_contract_fields_and_marks_the_old_names_deprecated() -> None:
    a = schema_dict()["$defs"]["Assessment"]
    assert {"safety", "safe_alternative_accommodation", "pregnant", "medications"} <= set(
        a["properties"]
    )
    assert a["properties"]["risk_of_harm"]["deprecated"] is True
    assert a["properties"]["sober_living_available"]["deprecated"] is True
    assert {"required": ["risk_of_harm"]} in a["anyOf"]
    assert "safety" not in a.get("required", [])
