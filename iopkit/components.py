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
    """A therapy method: what it is, in the kit's own words, with one worked example."""

    modality: Modality
    label: str
    description: str
    purpose: str
    emphasis: Emphasis
    example_skills: tuple[str, ...]
    source: Source
    what_it_is: str = ""
    worked_example: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "modality": self.modality.value,
            "label": self.label,
            "description": self.description,
            "purpose": self.purpose,
            "emphasis": self.emphasis.value,
            "example_skills": list(self.example_skills),
            "what_it_is": self.what_it_is,
            "worked_example": self.worked_example,
            "source": self.source.cite(),
        }

    def _repr_html_(self) -> str:
        from iopkit.render.levels import modality_html

        return modality_html(self)


MODALITIES: dict[Modality, ModalityInfo] = {
    Modality.CBT: ModalityInfo(
        Modality.CBT,
        "Cognitive behavioural therapy (CBT)",
        "Noticing unhelpful thoughts, testing them against evidence and changing what one does.",
        "Changing the thinking patterns and habits that keep symptoms going.",
        Emphasis.FREQUENT,
        ("thought record", "behavioural activation", "behavioural experiment", "problem solving"),
        S.BECK20,
        what_it_is=(
            "CBT works on the links between a situation, the thoughts it sets off, the feelings "
            "that follow and what the person then does. People learn to catch the automatic "
            "thought behind a change of mood, weigh the evidence for and against it, and try a "
            "different action to see what happens. Practice between sessions, such as a "
            "thought record or a planned activity, matters as much as the session itself. In "
            "substance use treatment the same approach underlies relapse prevention (Larimer et "
            "al. 1999), and for stimulant use it is paired with contingency management, the "
            "best-supported treatment there (SAMHSA Treatment of Stimulant Use Disorders, "
            "2020). NICE recommends CBT among the first treatments for depression (NICE NG222, "
            "2022) and CBT-informed work for adults who self-harm (NICE NG225, 2022)."
        ),
        worked_example=(
            "A man's mood drops when a colleague walks past without a word. His thought: 'he "
            "thinks I am useless'. For it: no hello. Against it: the colleague was on the phone "
            "and came back later to ask a question. A fairer thought: 'he was busy'. Instead of "
            "eating alone at his desk as he planned, he has lunch in the staff room and rates "
            "his mood before and after: four out of ten, then six."
        ),
    ),
    Modality.DBT_MINDFULNESS: ModalityInfo(
        Modality.DBT_MINDFULNESS,
        "DBT skills: mindfulness",
        "Paying attention to the present moment on purpose and without judging it.",
        "The core DBT skill that the other modules rest on.",
        Emphasis.FREQUENT,
        ("observe", "describe", "participate", "wise mind"),
        S.DBT,
        what_it_is=(
            "Dialectical behaviour therapy teaches skills in four modules; mindfulness is the "
            "one the others rest on. It means noticing what is happening right now, inside and "
            "around you, on purpose and without judging it: watching, putting it into words, "
            "and taking part fully in what you are doing. A reaction that has not been noticed "
            "cannot be changed, which is why DBT groups practise it at every session."
        ),
        worked_example=(
            "Before answering an upsetting text, a woman stops for a minute. She notices her "
            "jaw is tight and her thoughts are racing, and names it to herself: 'I feel hurt "
            "and angry'. Only then does she decide to reply in the morning rather than now."
        ),
    ),
    Modality.DBT_DISTRESS_TOLERANCE: ModalityInfo(
        Modality.DBT_DISTRESS_TOLERANCE,
        "DBT skills: distress tolerance",
        "Getting through a crisis without making it worse.",
        "Surviving urges and acute distress safely.",
        Emphasis.FREQUENT,
        ("TIPP", "STOP", "self-soothe", "pros and cons", "radical acceptance"),
        S.DBT,
        what_it_is=(
            "Distress-tolerance skills are for the moment when a problem cannot be solved right "
            "away and the urge is to do something that makes it worse: drink, use, self-harm or "
            "lash out. Some skills calm the body fast (TIPP works through temperature, brief "
            "hard exercise, slow breathing and relaxing the muscles); some buy time (STOP: "
            "pause before acting); some help a person accept what cannot be changed today. "
            "A caution: cold water on the face slows the heart, so the temperature skill is "
            "checked with a doctor first for anyone with a heart condition, a slow heart rate "
            "or an eating disorder (Linehan 2015)."
        ),
        worked_example=(
            "Late at night, after an argument, a man feels a strong urge to drink. He splashes "
            "cold water on his face, breathes slowly with the out-breath longer than the "
            "in-breath, then writes down the pros and cons of drinking tonight. The urge peaks "
            "and fades while he does it, and he goes to bed without a drink."
        ),
    ),
    Modality.DBT_EMOTION_REGULATION: ModalityInfo(
        Modality.DBT_EMOTION_REGULATION,
        "DBT skills: emotion regulation",
        "Understanding emotions and changing the ones that do not fit the facts.",
        "Fewer overwhelming emotions and less vulnerability to them.",
        Emphasis.FREQUENT,
        ("check the facts", "opposite action", "PLEASE", "ABC"),
        S.DBT,
        what_it_is=(
            "Emotion-regulation skills help a person understand what an emotion is doing, check "
            "whether it fits the facts and, when it does not, act against its urge (opposite "
            "action). They also lower vulnerability to strong emotions by looking after sleep, "
            "food, exercise and physical illness (PLEASE) and by building up positive "
            "experiences and a sense of mastery over time (ABC)."
        ),
        worked_example=(
            "After a poor mark, a student feels ashamed and wants to skip the next class. She "
            "checks the facts: one mark, not a verdict on her. Acting opposite to the urge to "
            "hide, she goes to class, sits near the front and asks the tutor one question."
        ),
    ),
    Modality.DBT_INTERPERSONAL_EFFECTIVENESS: ModalityInfo(
        Modality.DBT_INTERPERSONAL_EFFECTIVENESS,
        "DBT skills: interpersonal effectiveness",
        "Asking for what one needs and saying no while keeping relationships and self-respect.",
        "Healthier relationships and fewer conflicts that trigger symptoms.",
        Emphasis.FREQUENT,
        ("DEAR MAN", "GIVE", "FAST"),
        S.DBT,
        what_it_is=(
            "Interpersonal-effectiveness skills help a person ask for what they need, or say "
            "no, while keeping both the relationship and their self-respect. DEAR MAN gives a "
            "request a shape: describe the situation, say how you feel, ask clearly, and say "
            "why it helps, while staying on track and being ready to negotiate. GIVE is about "
            "keeping the relationship warm; FAST is about staying true to your own values."
        ),
        worked_example=(
            "A man asks his brother not to bring beer to Sunday lunch: 'There is usually beer "
            "on the table on Sundays. I find it hard to stay off drink when it is there. Could "
            "you leave it at home for the next couple of months? It would mean I can come every "
            "week.' When his brother hesitates, he offers to bring the dessert instead."
        ),
    ),
    Modality.COPING_SKILLS: ModalityInfo(
        Modality.COPING_SKILLS,
        "Coping skills",
        "Practical ways to handle stress, cravings and low mood in daily life.",
        "Having several things to do instead of the old response.",
        Emphasis.CORE,
        ("urge surfing", "grounding", "planned activity", "calling a support person"),
        S.RELAPSE_PREVENTION,
        what_it_is=(
            "Coping-skills training means learning and rehearsing specific responses to the "
            "moments that used to lead back to the old pattern: turning down a drink, riding "
            "out a craving, handling anger or a low evening. Groups practise them with role "
            "play and feedback, so that the new response is ready before the moment comes. It "
            "is a core part of cognitive-behavioural relapse prevention."
        ),
        worked_example=(
            "In group, a woman rehearses what she will say when a friend offers her a line at "
            "a party, and hears how it sounds to others. She then practises urge surfing: "
            "noticing a craving rise, peak and pass like a wave without acting on it, and "
            "plans to phone her sister if it does not pass."
        ),
    ),
    Modality.RELAPSE_PREVENTION: ModalityInfo(
        Modality.RELAPSE_PREVENTION,
        "Relapse-prevention planning",
        "A written plan: warning signs, high-risk situations, coping responses and who to call.",
        "Keeping recovery going after the programme ends.",
        Emphasis.CORE,
        ("map high-risk situations", "lapse plan", "lifestyle balance", "support contacts"),
        S.RELAPSE_PREVENTION,
        what_it_is=(
            "A relapse-prevention plan is written with the person before they leave. It names "
            "their early warning signs, the situations most likely to lead back to the old "
            "pattern, what they will do instead in each, who they will call, and what they will "
            "do after a lapse, so that one slip does not become a full relapse. Treating a "
            "lapse as proof of failure makes relapse more likely; treating it as something to "
            "learn from does not."
        ),
        worked_example=(
            "High-risk: payday Friday and the walk home past the pub. Instead: straight to the "
            "gym with a friend, bank card left at home. Warning signs: skipping meetings, "
            "thinking 'just one won't hurt'. After a lapse: tell the sponsor that day, come to "
            "the next group, and go over what happened without blame."
        ),
    ),
}


@dataclass(frozen=True)
class ModalityGuide:
    """Every method the kit teaches, rendered for people (notebook 04, before the builder)."""

    modalities: tuple[ModalityInfo, ...]

    def __repr__(self) -> str:
        return "Methods taught: " + "; ".join(m.label for m in self.modalities)

    def _repr_html_(self) -> str:
        from iopkit.render.levels import modality_guide_html

        return modality_guide_html(self)


def modality_guide() -> ModalityGuide:
    """CBT, each DBT skills module, coping skills and relapse prevention, explained.

    >>> [m.modality.value for m in modality_guide().modalities][:2]
    ['cbt', 'dbt_mindfulness']
    """
    return ModalityGuide(tuple(MODALITIES.values()))


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
