"""The vignette file format: one fictional case per YAML file, validated on load.

Every field has a description; the JSON Schema in ``vignette.schema.json`` is generated from
these models (``iopkit schema``) and kept in sync by a test.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, TypeVar

from annotated_types import Gt, Le
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from iopkit.assessment import Assessment
from iopkit.components import Activity, Condition, is_co_occurring
from iopkit.fields import NOT_BOOL, TimeOfDay, WholeNumber, YesNo
from iopkit.levels import Decision as Decision  # re-exported: a stage's decisions
from iopkit.levels import Level, Population, WithdrawalSetting
from iopkit.schedule import Day
from iopkit.words import word_count

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", min_length=3, max_length=64),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
_K = TypeVar("_K", Level, Decision)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _defensible(
    value: dict[_K, str], info: ValidationInfo, key_field: str, what: str
) -> dict[_K, str]:
    """``also_defensible`` never lists the key, and every option in it has the author's feedback
    (the trainee who chooses it reads that feedback beside the reason)."""
    key = info.data.get(key_field)
    if key is not None and key in value:
        raise ValueError(
            f"also_defensible lists {key.value}, which is the key; a defensible {what} is "
            "another answer a panel could defend: remove it from also_defensible"
        )
    feedback = info.data.get("feedback")  # absent when it failed its own check
    missing = [k.value for k in value if feedback is not None and k not in feedback]
    if missing:
        raise ValueError(
            f"also_defensible lists {', '.join(missing)} but feedback has no entry for "
            f"{'it' if len(missing) == 1 else 'them'}: write the feedback a trainee reads "
            "for that answer"
        )
    return value


class ScheduleTask(_Model):
    """What the schedule exercise must respect for this person."""

    brief: Text = Field(description="The task as the trainee reads it, in one or two sentences.")
    allowed_days: tuple[Day, ...] = Field(
        default=tuple(Day), description="Days the person can attend (default: any day)."
    )
    earliest_start: TimeOfDay | None = Field(
        default=None,
        description='Earliest start time, "HH:MM" in quotes (e.g. "17:00" for evenings).',
    )
    latest_end: TimeOfDay | None = Field(
        default=None, description='Latest end time, "HH:MM" in quotes.'
    )
    required_activities: tuple[Activity, ...] = Field(
        default=(), description="Activities the week must include (e.g. family_therapy)."
    )
    max_hours_per_week: Annotated[float, Gt(0), Le(40), NOT_BOOL] | None = Field(
        default=None, description="Most hours a week the person can attend."
    )


class DischargePlanBrief(_Model):
    """What a discharge stage asks of the relapse-prevention and follow-up plan."""

    follow_up_within_days: WholeNumber = Field(
        ge=1, le=30, description="Days after discharge by which follow-up is booked (7 or fewer)."
    )
    relapse_prevention_focus: tuple[Text, ...] = Field(
        min_length=1, description="High-risk situations and warning signs the plan must cover."
    )
    safety_plan_needed: YesNo = Field(
        default=False, description="True when suicidal ideation has been present."
    )
    model_plan: Text | None = Field(
        default=None,
        description="The author's model plan in Markdown, shown to the trainee only after "
        "they have checked their own plan, to compare.",
    )


class Stage(_Model):
    """A later point in the same course of treatment (e.g. a week-4 review, discharge)."""

    id: Slug = Field(description="Stable slug for this stage, unique within the vignette.")
    title: Text = Field(description="Short title, e.g. 'Week 4 review'.")
    update: Text = Field(description="What is new since the last stage, in Markdown.")
    assessment: Assessment = Field(description="The findings at this stage.")
    decision: Decision = Field(description="The decision the author expects.")
    expected_level: Level = Field(description="The level of care after the decision.")
    feedback: dict[Decision, Text] = Field(
        description="Why each decision (continue, step_down, step_up, discharge) is right "
        "or not at this stage."
    )
    learning_points: tuple[Text, ...] = Field(default=(), description="Take-home points.")
    discharge_plan: DischargePlanBrief | None = Field(
        default=None, description="Required when the decision is discharge."
    )
    also_defensible: dict[Decision, Text] = Field(
        default_factory=dict,
        description="Other decisions a clinical panel could defend here, each with a short "
        "reason written from the story; graded 'defensible', not wrong (never the key).",
    )
    key_differs_because: Text | None = Field(
        default=None,
        description="Why this stage's key deliberately differs from the engine's recommendation.",
    )

    @field_validator("also_defensible")
    @classmethod
    def _defensible_decisions(
        cls, value: dict[Decision, str], info: ValidationInfo
    ) -> dict[Decision, str]:
        return _defensible(value, info, "decision", "decision")


class Vignette(_Model):
    """A fictional case for placement and schedule exercises."""

    id: Slug = Field(description="Stable slug, unique in a library: lowercase, digits, hyphens.")
    title: Text = Field(description="Short title a trainee sees in the case list.")
    version: WholeNumber = Field(ge=1, description="Bump when the case changes.")
    authors: tuple[Text, ...] = Field(min_length=1, description="Who wrote the case.")
    last_reviewed: dt.date = Field(description="Date of the last clinical review, YYYY-MM-DD.")
    population: Population = Field(description="adult or adolescent")
    conditions: tuple[Condition, ...] = Field(
        min_length=1, description="Conditions in the case (from iopkit's vocabulary)."
    )
    presentation: Text = Field(
        description="The story as a trainee reads it, in Markdown (250-600 words)."
    )
    assessment: Assessment = Field(description="The structured findings from the story.")
    expected_level: Level = Field(description="The author's answer key.")
    feedback: dict[Level, Text] = Field(
        description="For every level a trainee can choose, why it is or is not right."
    )
    learning_points: tuple[Text, ...] = Field(min_length=1, description="Take-home points.")
    references: tuple[Text, ...] = Field(
        min_length=1, description="Where the case's facts come from (overview, named sources)."
    )
    stages: tuple[Stage, ...] = Field(default=(), description="Later stages, in order.")
    schedule_task: ScheduleTask | None = Field(
        default=None, description="Constraints for the schedule exercise."
    )
    key_differs_because: Text | None = Field(
        default=None,
        description="Why the answer key deliberately differs from the engine's recommendation.",
    )
    also_defensible: dict[Level, Text] = Field(
        default_factory=dict,
        description="Other levels a clinical panel could defend for this case, each with a "
        "short reason written from the story; graded 'defensible', not wrong (never the key).",
    )
    withdrawal_setting: WithdrawalSetting | None = Field(
        default=None,
        description="When the key is withdrawal_management: the setting it means (ambulatory "
        "or 24_hour). Default: the setting the teaching rules give for the assessment.",
    )
    discussion: tuple[Text, ...] = Field(
        default=(),
        description="Questions for the facilitator's debrief (never shown to trainees before "
        "they answer; printed only in the answer-key handout).",
    )

    @field_validator("also_defensible")
    @classmethod
    def _defensible_levels(cls, value: dict[Level, str], info: ValidationInfo) -> dict[Level, str]:
        return _defensible(value, info, "expected_level", "level")

    @model_validator(mode="after")
    def _setting_only_for_withdrawal_management(self) -> Vignette:
        if self.withdrawal_setting is not None and (
            self.expected_level is not Level.WITHDRAWAL_MANAGEMENT
        ):
            raise ValueError(
                "withdrawal_setting is only used when expected_level is withdrawal_management "
                f"(here it is {self.expected_level.value}): remove it"
            )
        return self

    @model_validator(mode="after")
    def _assessments_take_the_case_conditions(self) -> Vignette:
        """An assessment (of the case or of a stage) that lists no conditions takes the case's."""

        def filled(a: Assessment) -> Assessment:
            return a if a.conditions else a.model_copy(update={"conditions": self.conditions})

        stages = tuple(
            s.model_copy(update={"assessment": filled(s.assessment)}) for s in self.stages
        )
        return self.model_copy(update={"assessment": filled(self.assessment), "stages": stages})

    @property
    def co_occurring(self) -> bool:
        return is_co_occurring(self.conditions)

    @property
    def word_count(self) -> int:
        return word_count(self.presentation)

    def __repr__(self) -> str:
        return f"<Vignette {self.id}: {self.title}>"

    def _repr_html_(self) -> str:
        """The case as a trainee reads it (never the answer key)."""
        from iopkit.render.cases import vignette_html

        return vignette_html(self)

    def condition_labels(self) -> list[str]:
        labels = [c.label for c in self.conditions]
        if self.co_occurring:
            labels.append("Co-occurring")
        return labels
