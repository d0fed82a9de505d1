"""The placement engine: iopkit's own teaching rules, applied in a documented order.

``recommend(assessment)`` is a pure, deterministic function: no I/O, no printing, no widgets.
It returns a :class:`Recommendation` whose ``reasons`` say, rule by rule, why the level was
chosen, whose ``flags`` carry cautions that do not change the level, and whose ``what_if``
holds a :class:`FieldSweep` per assessment field: the level each other value of that field
would give alone. :func:`change_finding` looks at one such change in full (a
:class:`FindingChange`, with the recommendations before and after).

The rules are a simplification for teaching with fictional cases. They are built on the
programme overview's criteria and public facts (see ``docs/placement-rules.md``); they are not
ASAM or LOCUS and not a clinical decision tool.

The rules are data: :data:`RULES` (checked in order; the first rule met decides the level)
and :data:`FLAGS` (cautions), each row with its fields, message and source, documented row by
row in ``docs/placement-rules.md`` (a test keeps the two in step). ``recommend()`` takes another
:class:`RuleSet` for experiments; the default is the kit's, :data:`KIT_RULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from iopkit import DISCLAIMER
from iopkit import sources as S
from iopkit.assessment import (
    FIELD_VALUES,
    Assessment,
    Home,
    Impairment,
    Motivation,
    OutpatientResponse,
    Progress,
    Risk,
    Setting,
    Severity,
    Withdrawal,
    WithdrawalRisk,
)
from iopkit.components import Condition
from iopkit.errors import UnknownNameError
from iopkit.levels import LEVELS, Level, Population, WithdrawalSetting
from iopkit.sources import Source


@dataclass(frozen=True)
class Rule:
    """One placement rule: when its condition holds, it decides the level."""

    id: str
    title: str
    level: Level
    fields: tuple[str, ...]
    condition: Callable[[Assessment], bool]
    when_met: str
    when_not_met: str
    criterion: str
    source: Source
    explain: Callable[[Assessment, bool], str | None] | None = None
    """Words for this assessment (given whether the rule was met), when the fixed text is not
    specific enough; ``None`` from it falls back to ``when_met`` / ``when_not_met``."""

    def explanation(self, a: Assessment, met: bool) -> str:
        """Why the rule was met or not, for this assessment."""
        specific = self.explain(a, met) if self.explain is not None else None
        return specific or (self.when_met if met else self.when_not_met)


@dataclass(frozen=True)
class FlagRule:
    """One caution: when its condition holds for an assessment and the level, it is raised."""

    code: str
    fields: tuple[str, ...]
    condition: Callable[[Assessment, Level], bool]
    message: Callable[[Assessment, Level], str]
    sources: tuple[Source, ...]

    def flag(self, a: Assessment, level: Level) -> Flag:
        return Flag(
            self.code,
            self.message(a, level),
            self.fields,
            "; ".join(s.cite() for s in self.sources),
        )


@dataclass(frozen=True)
class Reason:
    """One step of the decision: a rule that was checked, whether it was met, and why."""

    rule: str
    title: str
    met: bool
    explanation: str
    fields: tuple[str, ...]
    level: Level | None
    criterion: str
    source: str

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "title": self.title,
            "met": self.met,
            "explanation": self.explanation,
            "fields": list(self.fields),
            "level": self.level.value if self.level else None,
            "criterion": self.criterion,
            "source": self.source,
        }


@dataclass(frozen=True)
class Flag:
    """A caution that does not change the level but changes the plan."""

    code: str
    message: str
    fields: tuple[str, ...]
    source: str

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "fields": list(self.fields),
            "source": self.source,
        }


@dataclass(frozen=True)
class FieldSweep:
    """The engine's sweep of one field: the level each of its other values would give alone.

    ``recommend()`` computes one sweep per field (levels only: it re-runs the rules, not a
    whole recommendation), so a recommendation can say which findings would move the level.
    To look at one change in full (both recommendations, the deciding rule after the change),
    use :func:`change_finding`; the two always agree on the level (a test checks it).
    """

    field: str
    current: Any
    base: Level
    outcomes: tuple[tuple[Any, Level], ...]

    @property
    def changes_level(self) -> bool:
        return bool(self.changes)

    @property
    def changes(self) -> tuple[tuple[Any, Level], ...]:
        return tuple(o for o in self.outcomes if o[1] is not self.base)

    def to_dict(self) -> dict[str, object]:
        return {
            "field": self.field,
            "current": _plain(self.current),
            "changes_level": self.changes_level,
            "outcomes": [{"value": _plain(v), "level": lv.value} for v, lv in self.outcomes],
        }


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


def _range(band: S.Band) -> str:
    """A band's bounds without its unit: ``9-15``."""
    return f"{band.minimum:g}-{band.maximum:g}"


_NOT_IMPROVING = (Progress.STALLED, Progress.WORSENING)


def has_condition(a: Assessment, condition: Condition) -> bool:
    return condition in a.conditions


def withdrawal_setting(a: Assessment) -> WithdrawalSetting:
    """Where withdrawal is managed: ambulatory only when its risk is low and home is safe.

    An unstated ``withdrawal_risk`` counts as high (docs/placement-rules.md).
    """
    low = a.withdrawal_risk_or_default is WithdrawalRisk.LOW
    if low and a.home_environment is not Home.UNSAFE:
        return WithdrawalSetting.AMBULATORY
    return WithdrawalSetting.TWENTY_FOUR_HOUR


def _withdrawal_explanation(a: Assessment) -> str:
    setting = withdrawal_setting(a)
    if setting is WithdrawalSetting.AMBULATORY:
        text = (
            "Withdrawal still needs managing and its risk is low (no past withdrawal seizures "
            "or delirium, no severe withdrawal score, no serious medical or psychiatric "
            "illness, not pregnant, support at home): manage it ambulatory, living at home "
            "with contact every day, alongside outpatient or IOP care."
        )
    elif a.withdrawal_risk is None:
        text = (
            "Withdrawal still needs managing and the assessment does not say its risk is low, "
            "so the kit counts it as high: manage it in a 24-hour setting, medically monitored "
            "or managed, starting today."
        )
    elif a.withdrawal_risk is WithdrawalRisk.LOW:
        text = (
            "Withdrawal still needs managing. Its risk is low, but home is unsafe and there is "
            "no one safe to support the person through it: manage it in a 24-hour setting, "
            "starting today."
        )
    else:
        text = (
            "Withdrawal still needs managing and its risk is high (for example past withdrawal "
            "seizures or delirium, a severe withdrawal score, serious illness, pregnancy, or "
            "no one at home to support): manage it in a 24-hour setting, medically monitored "
            "or managed, starting today, never a wait at home for a bed."
        )
    if has_condition(a, Condition.OPIOID_USE_DISORDER):
        text += (
            " For opioid use disorder this is not a detox before treatment: buprenorphine or "
            "methadone starts now, treats the withdrawal and the disorder, and carries on, with "
            "IOP alongside once the dose is settled."
        )
    return text + " Withdrawal management alone is not treatment: plan the next level now."


def clinical_need(a: Assessment) -> Level:
    """The level the kit's rules give when the home is left out of the question.

    Rule ``no-safe-home`` reads it: an unsafe home calls for residential treatment only when
    the person needs IOP-level treatment or more; housing alone is not a reason for it.
    """
    return decide(a.model_copy(update={"home_environment": Home.SUPPORTIVE}), RULES)[0]


def _home_explanation(a: Assessment, met: bool) -> str | None:
    if met or a.home_environment is not Home.UNSAFE or a.sober_living_available:
        return None
    need = clinical_need(a)
    return (
        f"Home is unsafe and there is no sober-living residence, but the clinical need is "
        f"{need.label}, below IOP. Housing alone is not a reason for residential treatment: "
        "care continues at that level while the person moves to safe accommodation (see the "
        "cautions)."
    )


def _step_up_explanation(a: Assessment, here: str, to: Level) -> str:
    progress = a.progress.value if a.progress is not None else "not improving"
    return (
        f"After an adequate trial of {here}, progress is {progress}: step up to {to.label}. "
        "More intensive care is a response to how the person is doing, not a failure; plan "
        "to step back down once they improve."
    )


#: The placement rules, in the order they are checked (docs/placement-rules.md, "The rules").
RULES: tuple[Rule, ...] = (
    Rule(
        "imminent-risk",
        "Imminent risk of harm?",
        Level.INPATIENT,
        ("risk_of_harm",),
        lambda a: a.risk_of_harm is Risk.IMMINENT,
        "Imminent risk of harm to self or others needs round-the-clock supervision in "
        "hospital. IOP is only for people who are not at imminent risk.",
        "No imminent risk of harm to self or others, so 24-hour supervision is not needed "
        "for safety.",
        "no imminent risk of harm to self or others",
        S.OVERVIEW,
    ),
    Rule(
        "medically-unstable",
        "Medically unstable?",
        Level.INPATIENT,
        ("medically_stable",),
        lambda a: not a.medically_stable,
        "The person is not medically stable, so they need medical stabilisation with 24-hour "
        "supervision first; IOP requires medical stability.",
        "Medically stable enough to manage outside a facility.",
        "medical stability",
        S.OVERVIEW,
    ),
    Rule(
        "withdrawal-first",
        "Withdrawal still to manage?",
        Level.WITHDRAWAL_MANAGEMENT,
        ("withdrawal", "withdrawal_risk", "home_environment", "conditions"),
        lambda a: a.withdrawal is Withdrawal.NEEDS_MANAGEMENT,
        "Withdrawal still needs to be managed, first or alongside other care, in a setting "
        "set by its risk.",
        "No withdrawal to manage (none, or already managed).",
        "withdrawal managed first or alongside, in the least restrictive safe setting",
        S.ASAM_AWM20,
        explain=lambda a, met: _withdrawal_explanation(a) if met else None,
    ),
    Rule(
        "no-safe-home",
        "No safe place to return to, and IOP-level need?",
        Level.RESIDENTIAL,
        ("home_environment", "sober_living_available"),
        lambda a: (
            a.home_environment is Home.UNSAFE
            and not a.sober_living_available
            and clinical_need(a).rank >= Level.IOP.rank
        ),
        "There is no safe place to go back to at the end of each day, no sober-living "
        "residence, and the person needs IOP-level treatment or more: residential treatment "
        "gives that treatment in a 24-hour structured setting where the person also lives.",
        "There is a safe place to return to each day (home, or a sober-living residence).",
        "a safe place to go back to each day when treatment needs IOP or more",
        S.OVERVIEW,
        explain=lambda a, met: _home_explanation(a, met),
    ),
    Rule(
        "step-up-from-iop",
        "Not improving at IOP?",
        Level.PHP,
        ("current_setting", "progress"),
        lambda a: a.current_setting is Setting.IOP and a.progress in _NOT_IMPROVING,
        "After an adequate trial of IOP the person is not improving: step up to PHP for more "
        "hours and daily structure, and plan to step back down once they improve.",
        "Not at IOP with progress stalled or worsening.",
        "step up when progress stalls at the current level, on reassessment",
        S.REASSESSMENT,
        explain=lambda a, met: _step_up_explanation(a, "IOP", Level.PHP) if met else None,
    ),
    Rule(
        "step-up-from-php",
        "Not improving at PHP?",
        Level.RESIDENTIAL,
        ("current_setting", "progress"),
        lambda a: a.current_setting is Setting.PHP and a.progress in _NOT_IMPROVING,
        "After an adequate trial of PHP the person is not improving: step up to the next "
        "level, residential treatment, with 24-hour structure.",
        "Not at PHP with progress stalled or worsening.",
        "step up when progress stalls at the current level, on reassessment",
        S.REASSESSMENT,
        explain=lambda a, met: _step_up_explanation(a, "PHP", Level.RESIDENTIAL) if met else None,
    ),
    Rule(
        "acute-stabilisation",
        "Still in the acute phase?",
        Level.PHP,
        ("acute_phase",),
        lambda a: a.acute_phase,
        "The person still needs acute stabilisation. IOP suits people past the acute phase; "
        "PHP, the most intensive outpatient level, gives daily structure without an overnight "
        "stay.",
        "Past the acute stabilisation phase.",
        "acute stabilisation already behind the person",
        S.OVERVIEW,
    ),
    Rule(
        "severe-and-disabling",
        "Severe symptoms and severe impairment?",
        Level.PHP,
        ("symptom_severity", "functional_impairment"),
        lambda a: (
            a.symptom_severity is Severity.SEVERE and a.functional_impairment is Impairment.SEVERE
        ),
        "Symptoms and impairment are both severe: more hours than IOP gives are needed, so "
        f"PHP ({S.PHP_WEEKLY_HOURS.minimum:g} hours a week or more) fits better.",
        "Symptoms and impairment are not both severe, so PHP hours are not needed.",
        "the larger weekly time commitment of PHP",
        S.IOWN,
    ),
    Rule(
        "step-down-to-iop",
        "Stepping down from a higher level?",
        Level.IOP,
        ("current_setting", "symptom_severity"),
        lambda a: (
            a.current_setting in (Setting.INPATIENT, Setting.PHP, Setting.RESIDENTIAL)
            and a.symptom_severity is not Severity.MINIMAL
        ),
        "The person is leaving inpatient, PHP or residential care and still has symptoms: IOP "
        "is the usual step-down, keeping structure while they return to daily life.",
        "Not stepping down from a higher level with ongoing symptoms.",
        "IOP as the usual step-down after hospital or PHP",
        S.OVERVIEW,
    ),
    Rule(
        "needs-more-than-weekly",
        "Moderate-severe symptoms needing more than weekly therapy?",
        Level.IOP,
        ("symptom_severity", "functional_impairment", "outpatient_response"),
        lambda a: (
            a.symptom_severity in (Severity.MODERATE, Severity.SEVERE)
            and (
                a.functional_impairment in (Impairment.MODERATE, Impairment.SEVERE)
                or a.outpatient_response is OutpatientResponse.INADEQUATE
            )
        ),
        "Moderate to severe symptoms that impair functioning, or that weekly therapy has not "
        "helped enough: IOP gives the structure and hours "
        f"({_range(S.IOP_WEEKLY_HOURS_TYPICAL)} a week) that weekly therapy cannot.",
        "Symptoms are not moderate-severe with impaired functioning or a poor response to "
        "weekly therapy.",
        "moderate-severe symptoms that impair functioning, weekly therapy not enough",
        S.OVERVIEW,
    ),
    Rule(
        "moderate-risk-structure",
        "Moderate risk of harm?",
        Level.IOP,
        ("risk_of_harm",),
        lambda a: a.risk_of_harm is Risk.MODERATE,
        "Risk of harm is moderate but not imminent: the person needs a high degree of "
        "support and structure, with the risk reviewed several times a week (IOP), not once "
        "a week.",
        "Risk of harm is none or low.",
        "much clinical support and structure, without an immediate safety risk",
        S.IOWN,
    ),
    Rule(
        "weekly-therapy-enough",
        "Weekly therapy enough?",
        Level.OUTPATIENT,
        ("symptom_severity", "functional_impairment", "outpatient_response"),
        lambda a: True,
        "Symptoms are mild, or weekly therapy is already working: routine outpatient therapy "
        "(about one session a week) is the least intensive level that fits.",
        "",
        "IOP is one step above routine weekly therapy",
        S.OVERVIEW,
    ),
)

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}

_SETTING_LEVEL: dict[Setting, Level | None] = {
    Setting.COMMUNITY: None,
    Setting.OUTPATIENT: Level.OUTPATIENT,
    Setting.IOP: Level.IOP,
    Setting.PHP: Level.PHP,
    Setting.RESIDENTIAL: Level.RESIDENTIAL,
    Setting.INPATIENT: Level.INPATIENT,
}


def setting_level(setting: Setting) -> Level | None:
    """The level of care a current setting corresponds to (None for the community)."""
    return _SETTING_LEVEL[setting]


# --- Flags: cautions that do not change the level ----------------------------------------------

_AMBULATORY = (Level.OUTPATIENT, Level.IOP, Level.PHP)


def _hours_short(a: Assessment, level: Level) -> bool:
    hours = a.available_hours_per_week
    minimum = LEVELS[level].minimum_weekly_hours(a.population)
    return hours is not None and minimum is not None and level in _AMBULATORY and hours < minimum


def _hours_short_message(a: Assessment, level: Level) -> str:
    hours = a.available_hours_per_week or 0.0
    minimum = LEVELS[level].minimum_weekly_hours(a.population) or 0.0
    return (
        f"The person can attend about {hours:g} h a week, below the {minimum:g} h a "
        f"week that {level.short} needs for {a.population.value}s. Look at evening or "
        "weekend tracks, help with work or school leave, transport and child care "
        "before settling for less care."
    )


def _moves(a: Assessment, level: Level, down: bool) -> bool:
    """The recommended level is a step down (or up) from where the person is now."""
    current = setting_level(a.current_setting)
    if current is None or current is level or level is Level.WITHDRAWAL_MANAGEMENT:
        return False
    return current.rank > level.rank if down else current.rank < level.rank


def _current_label(a: Assessment) -> str:
    current = setting_level(a.current_setting)
    return current.label if current is not None else a.current_setting.value


#: The cautions, in the order they are raised (docs/placement-rules.md, "Flags").
FLAGS: tuple[FlagRule, ...] = (
    FlagRule(
        "low-motivation",
        ("motivation",),
        lambda a, level: a.motivation is Motivation.LOW and level is not Level.INPATIENT,
        lambda a, level: (
            "Motivation is low. In this kit motivation shapes the plan, not the level: build "
            "on whatever motivation there is with motivational interviewing, goals the person "
            "cares about, help with practical barriers to attending, and an early review of "
            "engagement. Low motivation is never a reason to refuse or lower care."
        ),
        (S.OVERVIEW, S.ASAM_CRIT4, S.SAMHSA_TIP47),
    ),
    FlagRule(
        "hours-below-minimum",
        ("available_hours_per_week", "population"),
        _hours_short,
        _hours_short_message,
        (S.ASAM_BANDS, S.MEDICARE_IOP),
    ),
    FlagRule(
        "step-down",
        ("current_setting",),
        lambda a, level: _moves(a, level, down=True),
        lambda a, level: (
            f"This is a step down: from {_current_label(a)} to {level.label}. Hand over the "
            "care plan, keep medication going, and book the first appointment within "
            f"{S.FOLLOW_UP_WITHIN_DAYS} days of leaving."
        ),
        (S.OVERVIEW, S.FOLLOW_UP_7_DAYS),
    ),
    FlagRule(
        "step-up",
        ("current_setting",),
        lambda a, level: _moves(a, level, down=False),
        lambda a, level: (
            f"This is a step up: from {_current_label(a)} to {level.label}. The current level "
            "is not enough. Say what has changed and plan to step back down once the person "
            "is stable."
        ),
        (S.OVERVIEW, S.REASSESSMENT),
    ),
    FlagRule(
        "reassess-after-withdrawal",
        ("withdrawal",),
        lambda a, level: level is Level.WITHDRAWAL_MANAGEMENT,
        lambda a, level: (
            "Withdrawal management is a start, not treatment on its own: plan the next level "
            "now and reassess as withdrawal settles; IOP often follows or runs alongside. "
            "Never set the level or the setting from a withdrawal score alone."
        ),
        (S.TIP45, S.WITHDRAWAL),
    ),
    FlagRule(
        "plan-step-down",
        ("current_setting",),
        lambda a, level: level is Level.INPATIENT,
        lambda a, level: (
            "Plan the step-down from the day of admission: PHP or IOP usually follows "
            "a hospital stay."
        ),
        (S.OVERVIEW, S.FOLLOW_UP_7_DAYS),
    ),
    FlagRule(
        "safety-plan",
        ("risk_of_harm",),
        lambda a, level: a.risk_of_harm is Risk.MODERATE and level is not Level.INPATIENT,
        lambda a, level: (
            "Risk of harm is moderate: write a safety plan with the person (warning signs, "
            "coping, people and places, crisis contacts, making the environment safer) and "
            "review risk at every attendance."
        ),
        (S.SAFETY_PLAN,),
    ),
    FlagRule(
        "unstable-home",
        ("home_environment",),
        lambda a, level: a.home_environment is Home.UNSTABLE and level in _AMBULATORY,
        lambda a, level: (
            "Home is unstable. IOP depends on a supportive home: add family sessions, "
            "strengthen supports, and consider a sober-living residence if things at home "
            "get worse."
        ),
        (S.OVERVIEW,),
    ),
    FlagRule(
        "sober-living",
        ("home_environment", "sober_living_available"),
        lambda a, level: (
            a.home_environment is Home.UNSAFE
            and a.sober_living_available
            and level is not Level.RESIDENTIAL
        ),
        lambda a, level: (
            "Home is unsafe, but a sober-living residence is available: the person lives "
            "there and attends the programme by day."
        ),
        (S.OVERVIEW,),
    ),
    FlagRule(
        "adolescent-hours",
        ("population",),
        lambda a, level: a.population is Population.ADOLESCENT and level is Level.IOP,
        lambda a, level: (
            f"For adolescents IOP starts at {S.IOP_ADOLESCENT_MINIMUM.minimum:g} h a week "
            f"({S.IOP_MEDICARE_MINIMUM.minimum:g} h for adults); fit sessions around "
            "school and involve the family."
        ),
        (S.SAMHSA_TIP47,),
    ),
    FlagRule(
        "opioid-medication-now",
        ("conditions",),
        lambda a, level: has_condition(a, Condition.OPIOID_USE_DISORDER),
        lambda a, level: (
            "Opioid use disorder: offer buprenorphine or methadone now, at this level of care, "
            "often the same day. It carries on through IOP and afterwards; treatment never "
            "waits for withdrawal to end, and counselling is not a condition for medication."
        ),
        (S.ASAM_NPG20, S.TIP63, S.PART8_24),
    ),
    FlagRule(
        "naloxone",
        ("conditions",),
        lambda a, level: has_condition(a, Condition.OPIOID_USE_DISORDER),
        lambda a, level: (
            "Offer naloxone with overdose education now, to the person and to family or "
            "friends: how to spot an overdose, call for help, give naloxone and stay. Advise "
            "never using alone. Overdose risk rises when medication is missed or stopped and "
            "after any time without opioids, because tolerance falls."
        ),
        (S.SAMHSA_ODT, S.ASAM_NPG20, S.CDC_OPIOID22),
    ),
    FlagRule(
        "thiamine",
        ("conditions", "withdrawal"),
        lambda a, level: (
            has_condition(a, Condition.ALCOHOL_USE_DISORDER)
            and a.withdrawal is Withdrawal.NEEDS_MANAGEMENT
        ),
        lambda a, level: (
            "Alcohol withdrawal to manage: give thiamine to prevent Wernicke encephalopathy, "
            "in either setting."
        ),
        (S.ASAM_AWM20,),
    ),
    FlagRule(
        "alcohol-relapse-medication",
        ("conditions",),
        lambda a, level: has_condition(a, Condition.ALCOHOL_USE_DISORDER),
        lambda a, level: (
            "Alcohol use disorder: offer a medicine that lowers the chance of returning to "
            "drinking, naltrexone or acamprosate, chosen with the person after checking liver "
            "and kidney function. It can start during withdrawal management and carries on "
            "through IOP."
        ),
        (S.APA_AUD18, S.FDA_ACAMP, S.ASAM_AWM20),
    ),
    FlagRule(
        "safeguarding",
        ("population", "home_environment"),
        lambda a, level: (
            a.population is Population.ADOLESCENT and a.home_environment is Home.UNSAFE
        ),
        lambda a, level: (
            "An adolescent whose home is unsafe: follow the local safeguarding (child "
            "protection) procedure today, involve the safeguarding lead, and agree where the "
            "young person will sleep safely tonight."
        ),
        (S.NICE_NG225, S.IOWN),
    ),
    FlagRule(
        "safe-accommodation",
        ("home_environment", "sober_living_available"),
        lambda a, level: (
            a.home_environment is Home.UNSAFE
            and not a.sober_living_available
            and level in _AMBULATORY
        ),
        lambda a, level: (
            f"Home is unsafe and there is no sober-living place: while care continues at "
            f"{level.short}, help the person into safe accommodation (a refuge, shelter or "
            "supported housing). Housing alone is not a reason for residential treatment."
        ),
        (S.SAMHSA_TIP47, S.IOWN),
    ),
)


@dataclass(frozen=True)
class RuleSet:
    """The placement rules (checked in order, the last always applies) and the flags."""

    rules: tuple[Rule, ...]
    flags: tuple[FlagRule, ...] = ()

    def __post_init__(self) -> None:
        if not self.rules:
            raise ValueError("a rule set needs at least one rule")
        for kind, codes in (
            ("rule id", [r.id for r in self.rules]),
            ("flag code", [f.code for f in self.flags]),
        ):
            twice = sorted({c for c in codes if codes.count(c) > 1})
            if twice:
                raise ValueError(f"each {kind} must be unique; repeated: {', '.join(twice)}")

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (``KeyError`` if the set has none)."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


#: The kit's rule set: what ``recommend()`` uses unless it is given another.
KIT_RULES = RuleSet(RULES, FLAGS)

#: The categorical fields a trainee can vary in the what-if panel.
WHAT_IF_FIELDS: tuple[str, ...] = tuple(FIELD_VALUES)

#: Every assessment field with the values the what-if view tries: the categorical fields'
#: values, and for available hours a spread around the IOP and PHP minimums.
WHAT_IF_VALUES: dict[str, tuple[Any, ...]] = {
    **FIELD_VALUES,
    "available_hours_per_week": (
        None,
        3.0,
        float(S.IOP_ADOLESCENT_MINIMUM.minimum),
        float(S.IOP_MEDICARE_MINIMUM.minimum),
        12.0,
        float(S.IOP_WEEKLY_HOURS_TYPICAL.maximum),
        float(S.PHP_WEEKLY_HOURS.minimum),
        30.0,
    ),
}


def decide(assessment: Assessment, rules: tuple[Rule, ...] = RULES) -> tuple[Level, int]:
    """The level and the index of the rule that decided it.

    >>> a = Assessment(symptom_severity=Severity.MODERATE,
    ...     functional_impairment=Impairment.MODERATE, risk_of_harm=Risk.LOW,
    ...     medically_stable=True, withdrawal=Withdrawal.NONE, home_environment=Home.SUPPORTIVE,
    ...     motivation=Motivation.HIGH, acute_phase=False, current_setting=Setting.OUTPATIENT,
    ...     outpatient_response=OutpatientResponse.INADEQUATE)
    >>> decide(a)
    (<Level.IOP: 'iop'>, 9)
    >>> decide(a.model_copy(update={"risk_of_harm": Risk.IMMINENT}))[0].value
    'inpatient'
    """
    for i, rule in enumerate(rules):
        if rule.condition(assessment):
            return rule.level, i
    raise ValueError(
        "no placement rule applies to this assessment; a rule set must end with a rule "
        "that always applies"
    )


class RuleStatus(str, Enum):
    """Where one placement rule stands on a case's decision path."""

    MET = "met"
    NOT_MET = "not met"
    NOT_CHECKED = "not checked"


@dataclass(frozen=True)
class Recommendation:
    """The engine's answer: a level, why, cautions, and how each finding would move it."""

    level: Level
    reasons: tuple[Reason, ...]
    flags: tuple[Flag, ...]
    what_if: tuple[FieldSweep, ...]
    assessment: Assessment = field(repr=False)

    @property
    def withdrawal_setting(self) -> WithdrawalSetting | None:
        """Ambulatory or 24-hour, when the level is withdrawal management (else ``None``)."""
        if self.level is not Level.WITHDRAWAL_MANAGEMENT:
            return None
        return withdrawal_setting(self.assessment)

    @property
    def decisive(self) -> Reason:
        """The reason that decided the level (the last one)."""
        return self.reasons[-1]

    @property
    def path(self) -> tuple[str, ...]:
        """The ids of the rules checked, in order, ending with the one that decided."""
        return tuple(r.rule for r in self.reasons)

    def what_if_for(self, field_name: str) -> FieldSweep:
        for w in self.what_if:
            if w.field == field_name:
                return w
        raise KeyError(field_name)

    def to_dict(self) -> dict[str, object]:
        return {
            "level": self.level.value,
            "level_label": self.level.label,
            "withdrawal_setting": setting.value if (setting := self.withdrawal_setting) else None,
            "reasons": [r.to_dict() for r in self.reasons],
            "flags": [f.to_dict() for f in self.flags],
            "what_if": [w.to_dict() for w in self.what_if],
            "disclaimer": DISCLAIMER,
        }

    @property
    def level_text(self) -> str:
        """The level as a trainee reads it, with the withdrawal setting when there is one."""
        setting = self.withdrawal_setting
        return setting.label if setting is not None else self.level.label

    def summary(self) -> str:
        return f"{self.level_text}: {self.decisive.explanation}"

    def __repr__(self) -> str:
        flags = ", ".join(f.code for f in self.flags) or "none"
        return (
            f"Recommendation(level={self.level.value!r}, decided_by={self.decisive.rule!r}, "
            f"flags=[{flags}])"
        )

    def _repr_html_(self) -> str:
        from iopkit.render import recommendation_html

        return recommendation_html(self)


def rule_statuses(
    rec: Recommendation, rules: tuple[Rule, ...] = RULES
) -> list[tuple[str, RuleStatus]]:
    """(rule id, status) for every rule, in order: the path ``rec`` took through ``rules``."""
    checked = {r.rule: r.met for r in rec.reasons}
    return [
        (
            rule.id,
            RuleStatus.NOT_CHECKED
            if rule.id not in checked
            else RuleStatus.MET
            if checked[rule.id]
            else RuleStatus.NOT_MET,
        )
        for rule in rules
    ]


def recommend(
    assessment: Assessment | Mapping[str, Any], rules: RuleSet = KIT_RULES
) -> Recommendation:
    """Recommend a level of care for an assessment, with reasons, flags and what-ifs.

    ``rules`` is the rule set to apply (default: the kit's, :data:`KIT_RULES`).

    >>> rec = recommend({"symptom_severity": "moderate", "functional_impairment": "moderate",
    ...     "risk_of_harm": "low", "medically_stable": True, "withdrawal": "completed",
    ...     "home_environment": "supportive", "motivation": "high", "acute_phase": False,
    ...     "current_setting": "outpatient", "outpatient_response": "inadequate"})
    >>> rec.level.value
    'iop'
    >>> rec.decisive.rule
    'needs-more-than-weekly'
    """
    a = assessment if isinstance(assessment, Assessment) else Assessment.from_mapping(assessment)
    level, index = decide(a, rules.rules)
    reasons = tuple(
        Reason(
            rule=r.id,
            title=r.title,
            met=(i == index),
            explanation=r.explanation(a, i == index),
            fields=r.fields,
            level=r.level if i == index else None,
            criterion=r.criterion,
            source=r.source.cite(),
        )
        for i, r in enumerate(rules.rules[: index + 1])
    )
    return Recommendation(
        level=level,
        reasons=reasons,
        flags=tuple(f.flag(a, level) for f in rules.flags if f.condition(a, level)),
        what_if=_what_if(a, level, rules.rules),
        assessment=a,
    )


def _what_if(a: Assessment, level: Level, rules: tuple[Rule, ...]) -> tuple[FieldSweep, ...]:
    out = []
    for name, options in WHAT_IF_VALUES.items():
        current = getattr(a, name)
        outcomes = tuple(
            (option, decide(a.model_copy(update={name: option}), rules)[0])
            for option in options
            if option != current
        )
        out.append(FieldSweep(name, current, level, outcomes))
    return tuple(out)


# --- One finding changed ----------------------------------------------------------------------

Engine = Callable[[Assessment], Recommendation]
"""Anything that recommends a level for an assessment (``recommend``, or a variant of it)."""


@dataclass(frozen=True)
class FindingChange:
    """One finding given another value, with the full recommendation before and after.

    Where :class:`FieldSweep` records only the level for every value of a field, this is the
    close look at one value that the what-if view shows: which rule decides after the change.
    """

    field: str
    old_value: Any
    new_value: Any
    before: Recommendation
    after: Recommendation

    @property
    def changes_level(self) -> bool:
        return self.before.level is not self.after.level

    def _repr_html_(self) -> str:
        from iopkit.render import finding_change_html

        return finding_change_html(self)


def change_finding(
    assessment: Assessment, field_name: str, value: Any, engine: Engine = recommend
) -> FindingChange:
    """Change one finding of an assessment and recommend again.

    ``value`` is checked as a file's value would be (``"imminent"`` or the enum member).

    >>> from iopkit.quiz import QUIZ
    >>> change_finding(QUIZ[0].assessment, "risk_of_harm", "imminent").after.level.value
    'inpatient'
    """
    if field_name not in Assessment.model_fields:
        raise UnknownNameError("field_name", field_name, list(Assessment.model_fields))
    changed = Assessment.from_mapping({**dict(assessment), field_name: value})
    return FindingChange(
        field_name,
        getattr(assessment, field_name),
        getattr(changed, field_name),
        engine(assessment),
        engine(changed),
    )
