"""The placement rules: checked in order, the first rule met decides the level.

Documented row by row in ``docs/placement-rules.md`` ("The rules"; a test keeps the two in
step). They are iopkit's own teaching rules, built on the programme overview's criteria and
public facts; not ASAM or LOCUS and not a clinical decision tool.
"""

from __future__ import annotations

from iopkit import sources as S
from iopkit.assessment import (
    Assessment,
    Home,
    Impairment,
    OutpatientResponse,
    Progress,
    Safety,
    Setting,
    Severity,
    Withdrawal,
    WithdrawalRisk,
)
from iopkit.components import Condition, ConditionFamily
from iopkit.levels import Level, Population, WithdrawalSetting
from iopkit.placement.model import Rule, first_met, has_condition, has_substance_use


def _range(band: S.Band) -> str:
    """A band's bounds without its unit: ``9-15``."""
    return f"{band.minimum:g}-{band.maximum:g}"


_NOT_IMPROVING = (Progress.STALLED, Progress.WORSENING)


def withdrawal_setting(a: Assessment) -> WithdrawalSetting:
    """Where withdrawal is managed: ambulatory only when its risk is low and home is safe.

    An unstated ``withdrawal_risk`` counts as high, and so does pregnancy
    (docs/placement-rules.md).
    """
    low = a.withdrawal_risk_or_default is WithdrawalRisk.LOW and not a.pregnant
    if low and a.home_environment is not Home.UNSAFE:
        return WithdrawalSetting.AMBULATORY
    return WithdrawalSetting.TWENTY_FOUR_HOUR


def _withdrawal_explanation(a: Assessment) -> str:
    setting = withdrawal_setting(a)
    if setting is WithdrawalSetting.AMBULATORY:
        text = (
            "Withdrawal still needs managing and its risk is low (none of the high-risk "
            "features: past withdrawal seizures or delirium, a seizure this episode, a severe "
            "withdrawal score, sedative dependence, age over 65, many past withdrawals, long "
            "heavy use, marked autonomic overactivity, head injury, serious illness, "
            "pregnancy, no support at home): manage it ambulatory, living at home with contact "
            "every day, alongside outpatient or IOP care."
        )
    elif a.pregnant:
        text = (
            "Withdrawal still needs managing and the person is pregnant: the kit counts that "
            "as high risk, so manage it in a 24-hour setting, starting today, with the "
            "obstetric team involved."
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
            "Withdrawal still needs managing and its risk is high (any one of: past withdrawal "
            "seizures or delirium, a seizure this episode, a severe withdrawal score, sedative "
            "dependence, age over 65, many past withdrawals, long heavy use, marked autonomic "
            "overactivity, head injury, serious illness, pregnancy, no one at home to "
            "support): manage it in a 24-hour setting, medically monitored or managed, "
            "starting today, never a wait at home for a bed."
        )
    if has_condition(a, Condition.OPIOID_USE_DISORDER):
        text += (
            " For opioid use disorder this is not a detox before treatment: buprenorphine or "
            "methadone starts now (or continues), treats the withdrawal and the disorder, and "
            "carries on, with IOP alongside once the dose is settled."
        )
    return text + " Withdrawal management alone is not treatment: plan the next level now."


def clinical_need(a: Assessment) -> Level:
    """The level the kit's rules give when the home is left out of the question.

    Rule ``no-safe-home`` reads it: an unsafe home calls for residential treatment only for
    an adult with a substance use disorder who needs IOP-level treatment or more; housing
    alone is not a reason for it.
    """
    return decide(a.model_copy(update={"home_environment": Home.SUPPORTIVE}), RULES)[0]


def _recovery_residence_needed(a: Assessment) -> bool:
    return (
        a.home_environment is Home.UNSAFE
        and not a.safe_alternative_accommodation
        and has_substance_use(a)
        and a.population is Population.ADULT
        and clinical_need(a).rank >= Level.IOP.rank
    )


def _home_explanation(a: Assessment, met: bool) -> str | None:
    if met or a.home_environment is not Home.UNSAFE or a.safe_alternative_accommodation:
        return None
    need = clinical_need(a)
    if a.population is Population.ADOLESCENT:
        return (
            f"Home is unsafe for a young person. Treatment stays at the level the clinical "
            f"need calls for ({need.label}), with safeguarding today and a safe placement "
            "arranged with children's services (kin, foster or emergency accommodation); "
            "residential treatment is not the answer to an unsafe home."
        )
    if not has_substance_use(a):
        return (
            f"Home is unsafe, but residential treatment for the recovery environment is a "
            f"substance-use answer. Care stays at the clinical level ({need.label}) alongside "
            "a safe place to stay: a refuge, a crisis house or supported accommodation."
        )
    return (
        f"Home is unsafe and there is no safe place to stay, but the clinical need is "
        f"{need.label}, below IOP. Housing alone is not a reason for residential treatment: "
        "care continues at that level while the person moves to safe accommodation (see the "
        "cautions)."
    )


def _step_up_explanation(a: Assessment, here: str, to: Level) -> str:
    progress = a.progress.value if a.progress is not None else "not improving"
    return (
        f"After an adequate trial of {here}, progress is {progress} with "
        f"{a.symptom_severity.value} symptoms: step up to {to.label}. More intensive care is "
        "a response to how the person is doing, not a failure; plan to step back down once "
        "they improve."
    )


def _php_step_up_explanation(a: Assessment) -> str:
    if has_condition(a, Condition.EATING_DISORDER) and not has_substance_use(a):
        where = (
            "specialist residential eating-disorder care (a specialist inpatient eating-"
            "disorder unit is the other choice, and the one when medical risk rises)"
        )
    else:
        where = "residential treatment, with 24-hour structure and treatment"
    return (
        f"After an adequate trial of PHP, progress is "
        f"{a.progress.value if a.progress else 'not improving'}: step up to {where}. Plan "
        "the step back down once the person improves."
    )


def _stalled_at(a: Assessment, setting: Setting) -> bool:
    return a.current_setting is setting and a.progress in _NOT_IMPROVING


def _weight(a: Assessment) -> float | None:
    """Weight as % of expected, read only for an eating disorder."""
    return a.percent_expected_weight if has_condition(a, Condition.EATING_DISORDER) else None


def _weight_at_or_below(a: Assessment, limit: float) -> bool:
    weight = _weight(a)
    return weight is not None and weight <= limit


def _weight_below(a: Assessment, limit: float) -> bool:
    weight = _weight(a)
    return weight is not None and weight < limit


def _mental_health_only(a: Assessment) -> bool:
    """Neither a substance use disorder nor an eating disorder is among the conditions (an
    assessment that lists no conditions counts as mental health only)."""
    return not has_substance_use(a) and not has_condition(a, Condition.EATING_DISORDER)


def _stepped_care_applies(a: Assessment) -> bool:
    """A first presentation of depression or anxiety: weekly care comes first."""
    return (
        bool(a.conditions)
        and all(c.family in _MOOD_OR_ANXIETY for c in a.conditions)
        and a.current_setting in (Setting.COMMUNITY, Setting.OUTPATIENT)
        and a.outpatient_response is OutpatientResponse.NOT_TRIED
        and a.functional_impairment is not Impairment.SEVERE
        and a.safety in (Safety.NO_CONCERNS, Safety.SAFETY_PLAN)
        and a.symptom_severity in (Severity.MODERATE, Severity.SEVERE)
    )


_MOOD_OR_ANXIETY = (ConditionFamily.MOOD, ConditionFamily.ANXIETY)
_MODERATE_OR_WORSE = (Severity.MODERATE, Severity.SEVERE)


#: The placement rules, in the order they are checked (docs/placement-rules.md, "The rules").
RULES: tuple[Rule, ...] = (
    Rule(
        "cannot-keep-safe",
        "Cannot be kept safe outside 24-hour care today?",
        Level.INPATIENT,
        ("safety",),
        lambda a: a.safety is Safety.CANNOT_KEEP_SAFE,
        "The assessment of the person's needs finds that they cannot be kept safe outside "
        "24-hour care today: round-the-clock care in hospital. IOP is only for people who "
        "can be kept safe between sessions.",
        "The person can be kept safe outside 24-hour care, so hospital is not needed for safety.",
        "no immediate safety need that only 24-hour care can meet",
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
        "very-low-weight",
        f"Eating disorder at {S.ED_WEIGHT_MEDICAL_ADMISSION}% of expected weight or less?",
        Level.INPATIENT,
        ("percent_expected_weight", "conditions"),
        lambda a: _weight_at_or_below(a, S.ED_WEIGHT_MEDICAL_ADMISSION),
        f"Weight is {S.ED_WEIGHT_MEDICAL_ADMISSION}% of the expected weight or less: a marker "
        "for medical admission to stabilise and start refeeding safely, with monitoring of "
        "electrolytes and phosphate, whatever the vital signs show today.",
        f"Weight is not at or below {S.ED_WEIGHT_MEDICAL_ADMISSION}% of expected (or not "
        "recorded, or no eating disorder).",
        "medical stability in an eating disorder",
        S.SAHM22,
    ),
    Rule(
        "withdrawal-first",
        "Withdrawal still to manage?",
        Level.WITHDRAWAL_MANAGEMENT,
        ("withdrawal", "withdrawal_risk", "home_environment", "conditions", "pregnant"),
        lambda a: a.withdrawal is Withdrawal.NEEDS_MANAGEMENT,
        "Withdrawal still needs to be managed, first or alongside other care, in a setting "
        "set by its risk.",
        "No withdrawal to manage (none, or already managed).",
        "withdrawal managed first or alongside, in the least restrictive safe setting",
        S.ASAM_AWM20,
        explain=lambda a, met: _withdrawal_explanation(a) if met else None,
    ),
    Rule(
        "low-weight",
        f"Eating disorder below about {S.ED_WEIGHT_BELOW_DAY_CARE}% of expected weight?",
        Level.RESIDENTIAL,
        ("percent_expected_weight", "conditions"),
        lambda a: _weight_below(a, S.ED_WEIGHT_BELOW_DAY_CARE),
        f"Weight is below about {S.ED_WEIGHT_BELOW_DAY_CARE}% of the expected weight: more "
        "than IOP or PHP can safely give. Specialist residential eating-disorder care, with "
        "meals supported every day; a specialist inpatient eating-disorder unit is the other "
        "choice, and the one when medical risk rises.",
        f"Weight is not below about {S.ED_WEIGHT_BELOW_DAY_CARE}% of expected (or not "
        "recorded, or no eating disorder).",
        "weight high enough for care that goes home each day",
        S.APA_ED06,
    ),
    Rule(
        "no-safe-home",
        "Substance use, no safe place to return to, and IOP-level need?",
        Level.RESIDENTIAL,
        ("home_environment", "safe_alternative_accommodation", "conditions", "population"),
        _recovery_residence_needed,
        "An adult with a substance use disorder has no safe place to go back to at the end "
        "of each day, no sober living or recovery housing, and needs IOP-level treatment or "
        "more: residential treatment gives that treatment in a 24-hour structured setting "
        "where the person also lives.",
        "There is a safe place to return to each day (home, or a safe alternative).",
        "a safe place to go back to each day when treatment needs IOP or more",
        S.OVERVIEW,
        explain=lambda a, met: _home_explanation(a, met),
    ),
    Rule(
        "step-up-from-iop",
        "Not improving at IOP, with moderate or worse symptoms (or worsening)?",
        Level.PHP,
        ("current_setting", "progress", "symptom_severity"),
        lambda a: (
            _stalled_at(a, Setting.IOP)
            and (a.progress is Progress.WORSENING or a.symptom_severity in _MODERATE_OR_WORSE)
        ),
        "After an adequate trial of IOP the person is not improving: step up to PHP for more "
        "hours and daily structure, and plan to step back down once they improve.",
        "Not at IOP with progress stalled at moderate or worse symptoms, or worsening. (A "
        "stall at mild symptoms calls for a review of the treatment plan, not more hours.)",
        "step up when progress stalls at the current level, on reassessment",
        S.REASSESSMENT,
        explain=lambda a, met: _step_up_explanation(a, "IOP", Level.PHP) if met else None,
    ),
    Rule(
        "step-up-from-php",
        "Not improving at PHP, with substance use or an eating disorder?",
        Level.RESIDENTIAL,
        ("current_setting", "progress", "conditions"),
        lambda a: _stalled_at(a, Setting.PHP) and not _mental_health_only(a),
        "After an adequate trial of PHP the person is not improving: step up to residential "
        "treatment (for an eating disorder, specialist residential care).",
        "Not at PHP with progress stalled or worsening for substance use or an eating disorder.",
        "step up when progress stalls at the current level, on reassessment",
        S.REASSESSMENT,
        explain=lambda a, met: _php_step_up_explanation(a) if met else None,
    ),
    Rule(
        "php-not-improving-severe",
        "Depression or anxiety not improving at PHP, severe or worsening?",
        Level.INPATIENT,
        ("current_setting", "progress", "symptom_severity", "conditions"),
        lambda a: (
            _stalled_at(a, Setting.PHP)
            and _mental_health_only(a)
            and (
                a.symptom_severity is Severity.SEVERE
                or (a.progress is Progress.WORSENING and a.symptom_severity in _MODERATE_OR_WORSE)
            )
        ),
        "Depression or anxiety is severe (or worsening) and not improving after an adequate "
        "trial of PHP: consider inpatient care, and review the treatment itself (diagnosis, "
        "psychotic features, a switch, combination or augmentation; ECT for severe, "
        "life-threatening depression or when other treatments have not worked). Residential "
        "treatment is mainly for substance use.",
        "Not at PHP with severe or worsening depression or anxiety that is not improving.",
        "the next step for mood and anxiety disorders is inpatient care or a change of treatment",
        S.NICE_NG222,
    ),
    Rule(
        "php-review-treatment",
        "Stalled at PHP with moderate or mild symptoms?",
        Level.PHP,
        ("current_setting", "progress", "symptom_severity"),
        lambda a: _stalled_at(a, Setting.PHP) and a.symptom_severity is not Severity.MINIMAL,
        "Progress has stalled at PHP, but symptoms are not severe: stay at PHP and review the "
        "treatment (diagnosis, adherence, a change of medication or therapy) before moving.",
        "Not stalled at PHP with mild or moderate symptoms.",
        "move by reassessed need; review the treatment when progress stalls",
        S.REASSESSMENT,
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
        "stepped-care-first",
        "A first presentation of depression or anxiety, no treatment tried yet?",
        Level.OUTPATIENT,
        ("conditions", "outpatient_response", "functional_impairment", "current_setting"),
        _stepped_care_applies,
        "Depression or anxiety with no treatment tried yet, impairment not severe and no need "
        "for safety review more than weekly: stepped care starts with outpatient treatment "
        "(psychological therapy such as CBT, medication, or both). IOP is for symptoms that "
        "have not responded to less intensive care. (Substance use disorders can go straight "
        "to IOP.)",
        "Not a first presentation of depression or anxiety alone with no treatment tried "
        "(or impairment is severe, or safety needs frequent review).",
        "IOP for symptoms that have not responded to less intensive treatment",
        S.STEPPED_CARE,
    ),
    Rule(
        "needs-more-than-weekly",
        "Moderate-severe symptoms needing more than weekly therapy?",
        Level.IOP,
        ("symptom_severity", "functional_impairment", "outpatient_response"),
        lambda a: (
            a.symptom_severity in _MODERATE_OR_WORSE
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
        "frequent-safety-review",
        "Safety needs review more often than weekly?",
        Level.IOP,
        ("safety",),
        lambda a: a.safety is Safety.FREQUENT_REVIEW,
        "To stay safe the person needs safety review or contact more often than once a "
        "week: IOP gives that contact several times a week, with support and structure.",
        "A safety plan and the usual review are enough (or there is no safety concern).",
        "much clinical support and structure, without an immediate safety need",
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


def decide(assessment: Assessment, rules: tuple[Rule, ...] = RULES) -> tuple[Level, int]:
    """The level and the index of the rule that decided it.

    >>> from iopkit.assessment import Motivation
    >>> a = Assessment(symptom_severity=Severity.MODERATE,
    ...     functional_impairment=Impairment.MODERATE, safety=Safety.SAFETY_PLAN,
    ...     medically_stable=True, withdrawal=Withdrawal.NONE, home_environment=Home.SUPPORTIVE,
    ...     motivation=Motivation.HIGH, acute_phase=False, current_setting=Setting.OUTPATIENT,
    ...     outpatient_response=OutpatientResponse.INADEQUATE)
    >>> decide(a)
    (<Level.IOP: 'iop'>, 14)
    >>> decide(a.model_copy(update={"safety": Safety.CANNOT_KEEP_SAFE}))[0].value
    'inpatient'
    """
    return first_met(assessment, rules)
