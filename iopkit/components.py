"""Programme structure: what an IOP week is made of, the therapies it uses, what it treats."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from iopkit import sources as S
from iopkit.sources import Source


class Emphasis(str, Enum):
    """How the overview describes a component: core, frequent or optional."""

    CORE = "core"
    FREQUENT = "frequent"
    OPTIONAL = "optional"


class Activity(str, Enum):
    """A schedulable programme component: the ``activity`` of a schedule session."""

    PROCESS_GROUP = "process_group"
    PSYCHOEDUCATION_GROUP = "psychoeducation_group"
    SKILLS_GROUP = "skills_group"
    INDIVIDUAL_THERAPY = "individual_therapy"
    FAMILY_THERAPY = "family_therapy"
    MEDICATION_MANAGEMENT = "medication_management"
    MEAL_SUPPORT = "meal_support"
    SUBSTANCE_TESTING = "substance_testing"

    @property
    def info(self) -> ComponentInfo:
        return COMPONENTS[self]

    @property
    def label(self) -> str:
        return COMPONENTS[self].label

    @property
    def is_group(self) -> bool:
        return COMPONENTS[self].group


@dataclass(frozen=True)
class ComponentInfo:
    activity: Activity
    label: str
    description: str
    purpose: str
    emphasis: Emphasis
    group: bool
    source: Source

    def to_dict(self) -> dict[str, object]:
        return {
            "activity": self.activity.value,
            "label": self.label,
            "description": self.description,
            "purpose": self.purpose,
            "emphasis": self.emphasis.value,
            "group": self.group,
            "source": self.source.cite(),
        }


COMPONENTS: dict[Activity, ComponentInfo] = {
    Activity.PROCESS_GROUP: ComponentInfo(
        Activity.PROCESS_GROUP,
        "Process group",
        "Members talk through what is hard right now and how they feel about it.",
        "Peer support, shared experience and live practice of relating to others.",
        Emphasis.CORE,
        True,
        S.OVERVIEW,
    ),
    Activity.PSYCHOEDUCATION_GROUP: ComponentInfo(
        Activity.PSYCHOEDUCATION_GROUP,
        "Psychoeducation group",
        "A taught group about the condition: what it is, what drives it, how it is treated.",
        "Understanding the condition so that the person can take part in their own care.",
        Emphasis.CORE,
        True,
        S.OVERVIEW,
    ),
    Activity.SKILLS_GROUP: ComponentInfo(
        Activity.SKILLS_GROUP,
        "Skills group",
        "A group that teaches and rehearses CBT or DBT skills, with homework between sessions.",
        "Building coping skills that are then tried at home the same day.",
        Emphasis.CORE,
        True,
        S.OVERVIEW,
    ),
    Activity.INDIVIDUAL_THERAPY: ComponentInfo(
        Activity.INDIVIDUAL_THERAPY,
        "Individual therapy",
        "One-to-one sessions with the person's primary clinician, usually weekly.",
        "A personal care plan and room to go deeper into the person's own issues.",
        Emphasis.CORE,
        False,
        S.OVERVIEW,
    ),
    Activity.FAMILY_THERAPY: ComponentInfo(
        Activity.FAMILY_THERAPY,
        "Family therapy or family education",
        "Sessions with, or teaching for, the people the person lives with or relies on.",
        "Helping build a supportive home environment to return to each day.",
        Emphasis.FREQUENT,
        False,
        S.OVERVIEW,
    ),
    Activity.MEDICATION_MANAGEMENT: ComponentInfo(
        Activity.MEDICATION_MANAGEMENT,
        "Medication management",
        "A psychiatrist or prescriber reviews psychiatric medicines and how well they work.",
        "Safe, effective medication alongside the talking therapies.",
        Emphasis.FREQUENT,
        False,
        S.OVERVIEW,
    ),
    Activity.MEAL_SUPPORT: ComponentInfo(
        Activity.MEAL_SUPPORT,
        "Supported meal",
        "A meal or snack eaten on site with staff support (eating-disorder programmes).",
        "Practising normal eating with help at hand.",
        Emphasis.OPTIONAL,
        True,
        S.APA_ED23,
    ),
    Activity.SUBSTANCE_TESTING: ComponentInfo(
        Activity.SUBSTANCE_TESTING,
        "Substance testing",
        "Urine or breath tests, weekly or at random, in substance-use programmes.",
        "Monitoring abstinence and opening honest conversations about use.",
        Emphasis.OPTIONAL,
        False,
        S.SAMHSA_TIP47,
    ),
}


class Modality(str, Enum):
    """An evidence-based approach used inside the components."""

    CBT = "cbt"
    DBT_MINDFULNESS = "dbt_mindfulness"
    DBT_DISTRESS_TOLERANCE = "dbt_distress_tolerance"
    DBT_EMOTION_REGULATION = "dbt_emotion_regulation"
    DBT_INTERPERSONAL_EFFECTIVENESS = "dbt_interpersonal_effectiveness"
    COPING_SKILLS = "coping_skills"
    RELAPSE_PREVENTION = "relapse_prevention"

    @property
    def info(self) -> ModalityInfo:
        return MODALITIES[self]

    @property
    def label(self) -> str:
        return MODALITIES[self].label


@dataclass(frozen=True)
class ModalityInfo:
    modality: Modality
    label: str
    description: str
    purpose: str
    emphasis: Emphasis
    example_skills: tuple[str, ...]
    source: Source

    def to_dict(self) -> dict[str, object]:
        return {
            "modality": self.modality.value,
            "label": self.label,
            "description": self.description,
            "purpose": self.purpose,
            "emphasis": self.emphasis.value,
            "example_skills": list(self.example_skills),
            "source": self.source.cite(),
        }


MODALITIES: dict[Modality, ModalityInfo] = {
    Modality.CBT: ModalityInfo(
        Modality.CBT,
        "Cognitive behavioural therapy (CBT)",
        "Noticing unhelpful thoughts, testing them against evidence and changing what one does.",
        "Changing the thinking patterns and habits that keep symptoms going.",
        Emphasis.FREQUENT,
        ("thought record", "behavioural activation", "behavioural experiment", "problem solving"),
        S.OVERVIEW,
    ),
    Modality.DBT_MINDFULNESS: ModalityInfo(
        Modality.DBT_MINDFULNESS,
        "DBT skills: mindfulness",
        "Paying attention to the present moment on purpose and without judging it.",
        "The core DBT skill that the other modules rest on.",
        Emphasis.FREQUENT,
        ("observe", "describe", "participate", "wise mind"),
        S.DBT,
    ),
    Modality.DBT_DISTRESS_TOLERANCE: ModalityInfo(
        Modality.DBT_DISTRESS_TOLERANCE,
        "DBT skills: distress tolerance",
        "Getting through a crisis without making it worse.",
        "Surviving urges and acute distress safely.",
        Emphasis.FREQUENT,
        ("TIPP", "STOP", "self-soothe", "pros and cons", "radical acceptance"),
        S.DBT,
    ),
    Modality.DBT_EMOTION_REGULATION: ModalityInfo(
        Modality.DBT_EMOTION_REGULATION,
        "DBT skills: emotion regulation",
        "Understanding emotions and changing the ones that do not fit the facts.",
        "Fewer overwhelming emotions and less vulnerability to them.",
        Emphasis.FREQUENT,
        ("check the facts", "opposite action", "PLEASE", "ABC"),
        S.DBT,
    ),
    Modality.DBT_INTERPERSONAL_EFFECTIVENESS: ModalityInfo(
        Modality.DBT_INTERPERSONAL_EFFECTIVENESS,
        "DBT skills: interpersonal effectiveness",
        "Asking for what one needs and saying no while keeping relationships and self-respect.",
        "Healthier relationships and fewer conflicts that trigger symptoms.",
        Emphasis.FREQUENT,
        ("DEAR MAN", "GIVE", "FAST"),
        S.DBT,
    ),
    Modality.COPING_SKILLS: ModalityInfo(
        Modality.COPING_SKILLS,
        "Coping skills",
        "Practical ways to handle stress, cravings and low mood in daily life.",
        "Having several things to do instead of the old response.",
        Emphasis.CORE,
        ("urge surfing", "grounding", "planned activity", "calling a support person"),
        S.OVERVIEW,
    ),
    Modality.RELAPSE_PREVENTION: ModalityInfo(
        Modality.RELAPSE_PREVENTION,
        "Relapse-prevention planning",
        "A written plan: warning signs, high-risk situations, coping responses and who to call.",
        "Keeping recovery going after the programme ends.",
        Emphasis.CORE,
        ("map high-risk situations", "lapse plan", "lifestyle balance", "support contacts"),
        S.OVERVIEW,
    ),
}


class ConditionFamily(str, Enum):
    MOOD = "mood"
    ANXIETY = "anxiety"
    EATING = "eating"
    SUBSTANCE_USE = "substance_use"


class Condition(str, Enum):
    """Conditions the overview says IOP treats; substance use disorders name the substance."""

    MAJOR_DEPRESSIVE_DISORDER = "major_depressive_disorder"
    GENERALIZED_ANXIETY_DISORDER = "generalized_anxiety_disorder"
    EATING_DISORDER = "eating_disorder"
    ALCOHOL_USE_DISORDER = "alcohol_use_disorder"
    OPIOID_USE_DISORDER = "opioid_use_disorder"
    STIMULANT_USE_DISORDER = "stimulant_use_disorder"
    CANNABIS_USE_DISORDER = "cannabis_use_disorder"
    SEDATIVE_USE_DISORDER = "sedative_use_disorder"

    @property
    def family(self) -> ConditionFamily:
        return CONDITION_FAMILY[self]

    @property
    def is_substance_use(self) -> bool:
        return CONDITION_FAMILY[self] is ConditionFamily.SUBSTANCE_USE

    @property
    def label(self) -> str:
        return CONDITION_LABELS[self]


CONDITION_FAMILY: dict[Condition, ConditionFamily] = {
    Condition.MAJOR_DEPRESSIVE_DISORDER: ConditionFamily.MOOD,
    Condition.GENERALIZED_ANXIETY_DISORDER: ConditionFamily.ANXIETY,
    Condition.EATING_DISORDER: ConditionFamily.EATING,
    Condition.ALCOHOL_USE_DISORDER: ConditionFamily.SUBSTANCE_USE,
    Condition.OPIOID_USE_DISORDER: ConditionFamily.SUBSTANCE_USE,
    Condition.STIMULANT_USE_DISORDER: ConditionFamily.SUBSTANCE_USE,
    Condition.CANNABIS_USE_DISORDER: ConditionFamily.SUBSTANCE_USE,
    Condition.SEDATIVE_USE_DISORDER: ConditionFamily.SUBSTANCE_USE,
}

CONDITION_LABELS: dict[Condition, str] = {
    Condition.MAJOR_DEPRESSIVE_DISORDER: "Major depressive disorder",
    Condition.GENERALIZED_ANXIETY_DISORDER: "Generalised anxiety disorder",
    Condition.EATING_DISORDER: "Eating disorder",
    Condition.ALCOHOL_USE_DISORDER: "Alcohol use disorder",
    Condition.OPIOID_USE_DISORDER: "Opioid use disorder",
    Condition.STIMULANT_USE_DISORDER: "Stimulant use disorder",
    Condition.CANNABIS_USE_DISORDER: "Cannabis use disorder",
    Condition.SEDATIVE_USE_DISORDER: "Sedative use disorder",
}


def is_co_occurring(conditions: list[Condition] | tuple[Condition, ...]) -> bool:
    """A substance use disorder together with a mental-health condition.

    >>> is_co_occurring([Condition.ALCOHOL_USE_DISORDER, Condition.MAJOR_DEPRESSIVE_DISORDER])
    True
    >>> is_co_occurring([Condition.ALCOHOL_USE_DISORDER])
    False
    """
    sud = any(c.is_substance_use for c in conditions)
    other = any(not c.is_substance_use for c in conditions)
    return sud and other
