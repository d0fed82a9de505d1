"""The assessment vocabulary and the validated :class:`Assessment` the placement engine reads."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Annotated, Any

from annotated_types import Ge, Gt, Le
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from iopkit.components import Condition
from iopkit.fields import NOT_BOOL, YesNo
from iopkit.inputs import (
    Document,
    InputError,
    Problem,
    ProblemSeverity,
    format_path,
    problems_from_pydantic,
)
from iopkit.levels import Population


class Severity(str, Enum):
    """How severe the symptoms are."""

    MINIMAL = "minimal"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class Impairment(str, Enum):
    """How much the symptoms get in the way of work, school, home and relationships."""

    NONE = "none"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


class Safety(str, Enum):
    """What the person needs to stay safe, from a needs-based assessment of safety.

    Not a risk tier: NICE NG225 (2022) section 1.6 advises against risk scales and against
    global low/medium/high risk stratification to decide treatment or discharge. The kit's
    four values are a teaching simplification of the needs that assessment finds
    (docs/placement-rules.md, "What the kit simplifies").
    """

    NO_CONCERNS = "no_concerns"
    SAFETY_PLAN = "safety_plan"
    FREQUENT_REVIEW = "frequent_review"
    CANNOT_KEEP_SAFE = "cannot_keep_safe"


class Medication(str, Enum):
    """A medicine the person takes now (a small vocabulary; ``other`` for anything else)."""

    BUPRENORPHINE = "buprenorphine"
    METHADONE = "methadone"
    NALTREXONE = "naltrexone"
    ACAMPROSATE = "acamprosate"
    BENZODIAZEPINE = "benzodiazepine"
    ANTIDEPRESSANT = "antidepressant"
    ANTIPSYCHOTIC = "antipsychotic"
    LITHIUM = "lithium"
    OTHER = "other"


#: Opioid agonist treatment (MOUD): naltrexone must never be given beside it.
OPIOID_AGONISTS = (Medication.BUPRENORPHINE, Medication.METHADONE)


class Withdrawal(str, Enum):
    """Where the person is with withdrawal (detoxification)."""

    NONE = "none"
    COMPLETED = "completed"
    NEEDS_MANAGEMENT = "needs_management"


class WithdrawalRisk(str, Enum):
    """How risky the withdrawal still to be managed is; it sets where it is managed.

    High risk means any one of (ASAM 2020 alcohol withdrawal guideline, paraphrased): past
    withdrawal seizures or delirium; a seizure in this episode; a severe withdrawal score
    (CIWA-Ar 19 or more, COWS above 36); dependence on benzodiazepines or other sedatives as
    well; age over 65; many past withdrawals; long, heavy use; marked autonomic overactivity
    (fast pulse, high blood pressure, tremor, sweating); a head injury; a serious medical or
    psychiatric illness. The kit adds two of its own: pregnancy, and nobody at home to support
    the person through it. Low risk means none of these, with mild or moderate withdrawal
    (sources: ASAM 2020; SAMHSA TIP 45; see docs/placement-rules.md). An assessment that does
    not say counts as high.
    """

    LOW = "low"
    HIGH = "high"


class Progress(str, Enum):
    """How the person is responding at the current level of care, after an adequate trial."""

    IMPROVING = "improving"
    STALLED = "stalled"
    WORSENING = "worsening"


class Home(str, Enum):
    """The place the person goes back to at the end of each programme day."""

    SUPPORTIVE = "supportive"
    UNSTABLE = "unstable"
    UNSAFE = "unsafe"


class Motivation(str, Enum):
    """Motivation for change and for keeping to the attendance schedule."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class Setting(str, Enum):
    """Where the person is being seen now."""

    COMMUNITY = "community"
    OUTPATIENT = "outpatient"
    IOP = "iop"
    PHP = "php"
    RESIDENTIAL = "residential"
    INPATIENT = "inpatient"


class OutpatientResponse(str, Enum):
    """How the person has done with standard weekly therapy."""

    NOT_TRIED = "not_tried"
    ADEQUATE = "adequate"
    INADEQUATE = "inadequate"


#: Old field names still read (mapped to the new field, with a warning naming it).
RENAMED_FIELDS: dict[str, str] = {
    "risk_of_harm": "safety",
    "sober_living_available": "safe_alternative_accommodation",
}

#: The old ``risk_of_harm`` tiers, mapped in order onto the needs-based ``safety`` values.
LEGACY_RISK_VALUES: dict[str, Safety] = {
    "none": Safety.NO_CONCERNS,
    "low": Safety.SAFETY_PLAN,
    "moderate": Safety.FREQUENT_REVIEW,
    "imminent": Safety.CANNOT_KEEP_SAFE,
}

WITHDRAWAL_RISK_HELP = (
    "Read only when withdrawal is 'needs_management': 'low' (none of the high-risk features) "
    "or 'high' (any one of: past withdrawal seizures or delirium, a seizure this episode, a "
    "severe withdrawal score, dependence on benzodiazepines or other sedatives, age over 65, "
    "many past withdrawals, long heavy use, marked autonomic overactivity, a head injury, a "
    "serious medical or psychiatric illness, pregnancy, nobody at home to support). "
    "Unstated means high."
)


class Assessment(BaseModel):
    """Structured findings from a clinical assessment: the input of :func:`recommend`.

    >>> a = Assessment.from_mapping({"symptom_severity": "moderate",
    ...     "functional_impairment": "moderate", "safety": "safety_plan",
    ...     "medically_stable": True, "withdrawal": "none", "home_environment": "supportive",
    ...     "motivation": "high", "acute_phase": False, "current_setting": "outpatient",
    ...     "outpatient_response": "inadequate"})
    >>> a.population.value, a.safe_alternative_accommodation, a.pregnant
    ('adult', False, False)
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        use_enum_values=False,
        json_schema_extra=lambda schema, cls: _schema_with_old_names(schema),
    )

    symptom_severity: Severity = Field(description="How severe the symptoms are.")
    functional_impairment: Impairment = Field(
        description="How much symptoms impair work, school, home life and relationships."
    )
    safety: Safety = Field(
        description="What the person needs to stay safe, from a needs-based assessment: "
        "'no_concerns'; 'safety_plan' (a safety plan and usual review are enough); "
        "'frequent_review' (safety review or contact more often than weekly); "
        "'cannot_keep_safe' (cannot be kept safe outside 24-hour care today). "
        "Replaces risk_of_harm (none, low, moderate, imminent map to these in order)."
    )
    medically_stable: YesNo = Field(description="Medically stable enough to live at home.")
    withdrawal: Withdrawal = Field(
        description="'needs_management' if withdrawal (detox) still has to be managed."
    )
    withdrawal_risk: WithdrawalRisk | None = Field(default=None, description=WITHDRAWAL_RISK_HELP)
    home_environment: Home = Field(description="The home the person returns to each day.")
    safe_alternative_accommodation: YesNo = Field(
        default=False,
        description="A safe place to stay other than an unsafe home: for substance use, sober "
        "living or recovery housing; otherwise a refuge, crisis house or supported "
        "accommodation; for an adolescent, a placement arranged with children's services. "
        "Replaces sober_living_available.",
    )
    motivation: Motivation = Field(description="Motivation for change and attendance.")
    acute_phase: YesNo = Field(description="Still needs acute stabilisation.")
    current_setting: Setting = Field(description="Where the person is being seen now.")
    outpatient_response: OutpatientResponse = Field(
        description="How the person has done with standard weekly therapy."
    )
    available_hours_per_week: Annotated[float, Ge(0), Le(168), NOT_BOOL] | None = Field(
        default=None, description="Hours a week the person can attend."
    )
    population: Population = Field(default=Population.ADULT, description="adult or adolescent")
    conditions: tuple[Condition, ...] = Field(
        default=(),
        description="Conditions assessed, from iopkit's vocabulary (e.g. opioid_use_disorder). "
        "In a vignette, an assessment that lists none takes the vignette's conditions.",
    )
    progress: Progress | None = Field(
        default=None,
        description="Response at the current level of care after an adequate trial: "
        "improving, stalled or worsening. Leave out when there has been no trial yet.",
    )
    pregnant: YesNo = Field(default=False, description="Pregnant now (yes or no).")
    medications: tuple[Medication, ...] = Field(
        default=(),
        description="Medicines taken now, from iopkit's vocabulary: buprenorphine, methadone, "
        "naltrexone, acamprosate, benzodiazepine, antidepressant, antipsychotic, lithium, other.",
    )
    percent_expected_weight: Annotated[float, Gt(0), Le(250), NOT_BOOL] | None = Field(
        default=None,
        description="For an eating disorder: weight as a percentage of the median BMI or "
        "expected body weight for the person (e.g. 78).",
    )

    @model_validator(mode="before")
    @classmethod
    def _read_renamed_fields(cls, data: Any) -> Any:
        """Read ``risk_of_harm`` and ``sober_living_available`` as their new fields."""
        if not isinstance(data, Mapping) or not RENAMED_FIELDS.keys() & data.keys():
            return data
        out = dict(data)
        for old, new in RENAMED_FIELDS.items():
            if old not in out:
                continue
            if new in out:
                raise ValueError(
                    f"give '{new}' only: '{old}' is its old name, and the file has both"
                )
            value = out.pop(old)
            if old == "risk_of_harm":
                value = _legacy_risk(value)
            out[new] = value
        return out

    @property
    def withdrawal_risk_or_default(self) -> WithdrawalRisk:
        """The withdrawal risk, counting an unstated one as high.

        >>> Assessment.model_construct(withdrawal_risk=None).withdrawal_risk_or_default.value
        'high'
        """
        return self.withdrawal_risk or WithdrawalRisk.HIGH

    @classmethod
    def from_mapping(
        cls, data: Mapping[str, Any], doc: Document | None = None, prefix: tuple[str, ...] = ()
    ) -> Assessment:
        """Validate a mapping; raise :class:`InputError` listing every problem."""
        doc = doc or Document("<assessment>", data)
        if not isinstance(data, Mapping):
            line, col = doc.locate(prefix)
            raise InputError(
                [
                    Problem(
                        "should be a mapping of assessment fields",
                        file=doc.path,
                        path=".".join(prefix),
                        line=line,
                        column=col,
                    )
                ]
            )
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            raise InputError(problems_from_pydantic(exc, doc, cls, prefix)) from None

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


def _schema_with_old_names(schema: dict[str, Any]) -> None:
    """Let editors accept a file that still uses the old names (marked deprecated)."""
    props = schema.setdefault("properties", {})
    props["risk_of_harm"] = {
        "deprecated": True,
        "enum": list(LEGACY_RISK_VALUES),
        "description": "Old name of 'safety' (none, low, moderate, imminent are read as "
        "no_concerns, safety_plan, frequent_review, cannot_keep_safe); rename it.",
    }
    props["sober_living_available"] = {
        **props.get("safe_alternative_accommodation", {}),
        "deprecated": True,
        "description": "Old name of 'safe_alternative_accommodation' (same value); rename it.",
    }
    props["sober_living_available"].pop("default", None)
    required = schema.get("required")
    if isinstance(required, list) and "safety" in required:
        required.remove("safety")
        schema["anyOf"] = [{"required": ["safety"]}, {"required": ["risk_of_harm"]}]


def _legacy_risk(value: Any) -> Any:
    if isinstance(value, Safety):
        return value
    mapped = LEGACY_RISK_VALUES.get(str(value)) if isinstance(value, str) else None
    if mapped is None:
        raise ValueError(
            f"risk_of_harm is {value!r}, not one of {', '.join(LEGACY_RISK_VALUES)}; it is the "
            f"old name of 'safety': write safety: {' | '.join(s.value for s in Safety)}"
        )
    return mapped


def renamed_field_problems(
    data: Any, doc: Document, prefix: tuple[str | int, ...] = ()
) -> list[Problem]:
    """A warning for each old field name in an assessment mapping, naming the new field.

    The old names are still read (``Assessment`` maps them); ``iopkit validate`` and
    ``iopkit place`` show these warnings so the author can rename them.
    """
    if not isinstance(data, Mapping):
        return []
    problems = []
    for old, new in RENAMED_FIELDS.items():
        if old not in data or new in data:
            continue
        value = data[old]
        if old == "risk_of_harm":
            mapped = LEGACY_RISK_VALUES.get(value) if isinstance(value, str) else None
            if mapped is None:
                continue
            shown = mapped.value
        else:
            shown = "true" if value is True else "false" if value is False else str(value)
        line, col = doc.locate((*prefix, old))
        problems.append(
            Problem(
                f"'{old}' is the old name of '{new}'; it was read as {new}: {shown}. "
                f"Rename it to '{new}: {shown}'",
                file=doc.path,
                path=format_path((*prefix, old)),
                line=line,
                column=col,
                severity=ProblemSeverity.WARNING,
                code="renamed-field",
            )
        )
    return problems


#: The values each assessment field can take, for what-if analysis and forms.
FIELD_VALUES: dict[str, tuple[Any, ...]] = {
    "symptom_severity": tuple(Severity),
    "functional_impairment": tuple(Impairment),
    "safety": tuple(Safety),
    "medically_stable": (True, False),
    "withdrawal": tuple(Withdrawal),
    "withdrawal_risk": (None, *WithdrawalRisk),
    "home_environment": tuple(Home),
    "safe_alternative_accommodation": (True, False),
    "motivation": tuple(Motivation),
    "acute_phase": (True, False),
    "current_setting": tuple(Setting),
    "outpatient_response": tuple(OutpatientResponse),
    "population": tuple(Population),
    "progress": (None, *Progress),
    "pregnant": (True, False),
}

FIELD_LABELS: dict[str, str] = {
    "symptom_severity": "Symptom severity",
    "functional_impairment": "Functional impairment",
    "safety": "What is needed to stay safe",
    "medically_stable": "Medically stable",
    "withdrawal": "Withdrawal",
    "withdrawal_risk": "Withdrawal risk",
    "home_environment": "Home environment",
    "safe_alternative_accommodation": "Safe place to stay other than home",
    "motivation": "Motivation",
    "acute_phase": "Acute phase",
    "current_setting": "Current setting",
    "outpatient_response": "Response to weekly therapy",
    "available_hours_per_week": "Available hours a week",
    "population": "Population",
    "conditions": "Conditions",
    "progress": "Progress at the current level",
    "pregnant": "Pregnant",
    "medications": "Current medicines",
    "percent_expected_weight": "Weight, % of expected",
}
