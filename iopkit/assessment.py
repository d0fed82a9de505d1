"""The assessment vocabulary and the validated :class:`Assessment` the placement engine reads."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import Annotated, Any

from annotated_types import Ge, Le
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from iopkit.components import Condition
from iopkit.fields import NOT_BOOL, YesNo
from iopkit.inputs import Document, InputError, Problem, problems_from_pydantic
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


class Risk(str, Enum):
    """Risk of harm to self or others."""

    NONE = "none"
    LOW = "low"
    MODERATE = "moderate"
    IMMINENT = "imminent"


class Withdrawal(str, Enum):
    """Where the person is with withdrawal (detoxification)."""

    NONE = "none"
    COMPLETED = "completed"
    NEEDS_MANAGEMENT = "needs_management"


class WithdrawalRisk(str, Enum):
    """How risky the withdrawal still to be managed is; it sets where it is managed.

    High risk means any of: past withdrawal seizures or delirium; a severe withdrawal score
    (CIWA-Ar 19 or more, COWS above 36); a serious medical or psychiatric illness; pregnancy;
    nobody at home to support the person through it. Low risk means none of these, with mild
    or moderate withdrawal (sources: ASAM 2020 alcohol withdrawal guideline; SAMHSA TIP 45;
    see docs/placement-rules.md). An assessment that does not say counts as high.
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


class Assessment(BaseModel):
    """Structured findings from a clinical assessment: the input of :func:`recommend`.

    >>> a = Assessment.from_mapping({"symptom_severity": "moderate",
    ...     "functional_impairment": "moderate", "risk_of_harm": "low", "medically_stable": True,
    ...     "withdrawal": "none", "home_environment": "supportive", "motivation": "high",
    ...     "acute_phase": False, "current_setting": "outpatient",
    ...     "outpatient_response": "inadequate"})
    >>> a.population.value, a.sober_living_available
    ('adult', False)
    """

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)

    symptom_severity: Severity = Field(description="How severe the symptoms are.")
    functional_impairment: Impairment = Field(
        description="How much symptoms impair work, school, home life and relationships."
    )
    risk_of_harm: Risk = Field(
        description="Risk of harm to self or others; 'imminent' means right now."
    )
    medically_stable: YesNo = Field(description="Medically stable enough to live at home.")
    withdrawal: Withdrawal = Field(
        description="'needs_management' if withdrawal (detox) still has to be managed."
    )
    withdrawal_risk: WithdrawalRisk | None = Field(
        default=None,
        description="Read only when withdrawal is 'needs_management': 'low' (none of the "
        "high-risk features) or 'high' (past withdrawal seizures or delirium, a severe "
        "withdrawal score, serious medical or psychiatric illness, pregnancy, nobody at home to "
        "support). Unstated means high.",
    )
    home_environment: Home = Field(description="The home the person returns to each day.")
    sober_living_available: YesNo = Field(
        default=False, description="A sober-living residence is available to live in."
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


#: The values each assessment field can take, for what-if analysis and forms.
FIELD_VALUES: dict[str, tuple[Any, ...]] = {
    "symptom_severity": tuple(Severity),
    "functional_impairment": tuple(Impairment),
    "risk_of_harm": tuple(Risk),
    "medically_stable": (True, False),
    "withdrawal": tuple(Withdrawal),
    "withdrawal_risk": (None, *WithdrawalRisk),
    "home_environment": tuple(Home),
    "sober_living_available": (True, False),
    "motivation": tuple(Motivation),
    "acute_phase": (True, False),
    "current_setting": tuple(Setting),
    "outpatient_response": tuple(OutpatientResponse),
    "population": tuple(Population),
    "progress": (None, *Progress),
}

FIELD_LABELS: dict[str, str] = {
    "symptom_severity": "Symptom severity",
    "functional_impairment": "Functional impairment",
    "risk_of_harm": "Risk of harm",
    "medically_stable": "Medically stable",
    "withdrawal": "Withdrawal",
    "withdrawal_risk": "Withdrawal risk",
    "home_environment": "Home environment",
    "sober_living_available": "Sober living available",
    "motivation": "Motivation",
    "acute_phase": "Acute phase",
    "current_setting": "Current setting",
    "outpatient_response": "Response to weekly therapy",
    "available_hours_per_week": "Available hours a week",
    "population": "Population",
    "conditions": "Conditions",
    "progress": "Progress at the current level",
}
