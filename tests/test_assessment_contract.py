"""The assessment contract's optional findings: conditions, withdrawal_risk and progress."""

from __future__ import annotations

import json
from typing import Any

import pytest

from iopkit.assessment import Assessment, Progress, WithdrawalRisk
from iopkit.components import Condition
from iopkit.inputs import InputError
from iopkit.vignettes import vignette_from_text
from iopkit.vignettes.schema import schema_dict
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
