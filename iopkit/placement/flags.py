"""The flags: cautions raised beside the level, which change the plan but not the level.

Documented row by row in ``docs/placement-rules.md`` ("Flags"; a test keeps the two in step).
"""

from __future__ import annotations

from iopkit import sources as S
from iopkit.assessment import (
    OPIOID_AGONISTS,
    Assessment,
    Home,
    Medication,
    Motivation,
    Progress,
    Safety,
    Setting,
    Severity,
    Withdrawal,
)
from iopkit.components import Condition
from iopkit.levels import LEVELS, Level, Population
from iopkit.placement.model import (
    FlagRule,
    has_condition,
    has_substance_use,
    setting_level,
    takes,
)


def _range(band: S.Band) -> str:
    return f"{band.minimum:g}-{band.maximum:g}"


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


def _follow_up_text(a: Assessment) -> str:
    """When the first contact and appointment happen after this step down."""
    week = f"the first appointment within {S.FOLLOW_UP_WITHIN_DAYS} days of leaving"
    if a.current_setting is not Setting.INPATIENT:
        return f"book {week}."
    hours = (
        S.CONTACT_AFTER_WARD_SUICIDE_RISK_HOURS
        if a.safety is not Safety.NO_CONCERNS
        else S.CONTACT_AFTER_WARD_HOURS
    )
    why = " (suicide risk has been identified)" if a.safety is not Safety.NO_CONCERNS else ""
    return (
        f"after a psychiatric ward, make contact within {hours} hours{why} and book {week}: "
        "the risk of suicide is highest in the first days after discharge."
    )


def _on_opioid_agonist(a: Assessment) -> bool:
    return takes(a, *OPIOID_AGONISTS)


def _opioids_in_play(a: Assessment) -> bool:
    """Opioid use disorder, or methadone or buprenorphine among the medicines."""
    return has_condition(a, Condition.OPIOID_USE_DISORDER) or _on_opioid_agonist(a)


_OPIOID_FREE = (
    f"naltrexone only after {_range(S.NALTREXONE_OPIOID_FREE_DAYS)} days without any opioid "
    "(painkillers included) and a negative opioid screen"
)


def _opioid_medication_message(a: Assessment, level: Level) -> str:
    if _on_opioid_agonist(a):
        return (
            "Opioid use disorder, already on methadone or buprenorphine: continue it, at this "
            "level of care and after, and optimise the dose (effective methadone doses are "
            f"usually {S.METHADONE_USUAL_DOSE.describe()}; long-acting injectable "
            "buprenorphine is an option). "
            "Never stop it to enter a programme; counselling is not a condition for medication."
        )
    return (
        "Opioid use disorder: offer buprenorphine or methadone now, at this level of care, "
        "often the same day. It carries on through IOP and afterwards; treatment never waits "
        "for withdrawal to end, and counselling is not a condition for medication."
    )


def _naloxone_message(a: Assessment, level: Level) -> str:
    if has_condition(a, Condition.OPIOID_USE_DISORDER):
        return (
            "Offer naloxone with overdose education now, to the person and to family or "
            "friends: how to spot an overdose, call for help, give naloxone and stay. Advise "
            "never using alone. Overdose risk rises when medication is missed or stopped and "
            "after any time without opioids, because tolerance falls."
        )
    return (
        "Stimulant use where the supply may contain fentanyl: offer naloxone and overdose "
        "education to the person and those around them, and fentanyl test strips; advise "
        "never using alone. Someone who does not use opioids has no tolerance to them."
    )


def _alcohol_medication_message(a: Assessment, level: Level) -> str:
    start = (
        "Alcohol use disorder: offer a medicine that lowers the chance of returning to "
        "drinking, chosen with the person after checking liver and kidney function; it can "
        "start during withdrawal management and carries on through IOP."
    )
    if _opioids_in_play(a):
        return (
            f"{start} Opioids are in use here: naltrexone must not be used with methadone or "
            "buprenorphine or with opioid painkillers (it blocks them, brings on withdrawal, "
            "and trying to override the block risks overdose), so consider acamprosate or "
            f"another option instead ({_OPIOID_FREE})."
        )
    return f"{start} Naltrexone or acamprosate; {_OPIOID_FREE}."


def _pregnancy_message(a: Assessment, level: Level) -> str:
    parts = [
        "Pregnant: share care with the obstetric (maternity) team and review every medicine "
        "for pregnancy."
    ]
    if has_condition(a, Condition.OPIOID_USE_DISORDER):
        parts.append(
            "For opioid use disorder, methadone or buprenorphine is the treatment: never "
            "withdrawal on its own, which risks relapse and overdose. Offer naloxone, and plan "
            "with the neonatal team for neonatal opioid withdrawal syndrome."
        )
    if has_condition(a, Condition.ALCOHOL_USE_DISORDER):
        parts.append("Alcohol withdrawal in pregnancy is managed in a 24-hour setting.")
    return " ".join(parts)


def _safety_plan_message(a: Assessment, level: Level) -> str:
    review = (
        "review safety at every attendance, more often than weekly"
        if a.safety is Safety.FREQUENT_REVIEW
        else "review it at each usual contact"
    )
    return (
        "Write a safety plan with the person (warning signs, coping, people and places, "
        f"crisis contacts, making the surroundings safer) and {review}. Making the "
        "surroundings safer means asking about firearms (locked and unloaded, or stored away "
        "from the home with someone trusted) and medicines (small supplies, with someone else "
        "holding them)."
    )


def _accommodation_options(a: Assessment) -> str:
    if a.population is Population.ADOLESCENT:
        return "a safe placement arranged with children's services (kin, foster or emergency)"
    if has_substance_use(a):
        return "sober living or recovery housing, a refuge or supported housing"
    return "a refuge, a crisis house or supported accommodation"


def _review_plan_message(a: Assessment, level: Level) -> str:
    text = (
        f"Progress has stalled at {_current_label(a)} with {a.symptom_severity.value} "
        "symptoms: review the treatment plan with the person (the diagnosis, adherence, what "
        "gets in the way, the therapy and the medicines) before adding hours"
    )
    if level.rank < (setting_level(a.current_setting) or level).rank:
        text += "; when what remains is mild, stepping down to weekly care is an option"
    if has_condition(a, Condition.MAJOR_DEPRESSIVE_DISORDER):
        text += (
            ". For depression, consider a switch, combination or augmentation, and ECT for "
            "severe, life-threatening depression or when other treatments have not worked"
        )
    return text + "."


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
        ("current_setting", "safety"),
        lambda a, level: _moves(a, level, down=True),
        lambda a, level: (
            f"This is a step down: from {_current_label(a)} to {level.label}. Hand over the "
            f"care plan, keep medication going, and {_follow_up_text(a)}"
        ),
        (S.OVERVIEW, S.FOLLOW_UP_7_DAYS, S.CONTACT_AFTER_WARD, S.DISCHARGE_PLANNING),
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
        "review-treatment-plan",
        ("current_setting", "progress", "symptom_severity"),
        lambda a, level: (
            a.current_setting in (Setting.IOP, Setting.PHP)
            and a.progress in (Progress.STALLED, Progress.WORSENING)
            and not _moves(a, level, down=False)
            and level is not Level.WITHDRAWAL_MANAGEMENT
        ),
        _review_plan_message,
        (S.REASSESSMENT, S.NICE_NG222),
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
            f"a hospital stay, with contact within {S.CONTACT_AFTER_WARD_HOURS} hours of "
            f"leaving ({S.CONTACT_AFTER_WARD_SUICIDE_RISK_HOURS} hours where suicide risk "
            "has been identified)."
        ),
        (S.OVERVIEW, S.DISCHARGE_PLANNING, S.CONTACT_AFTER_WARD),
    ),
    FlagRule(
        "safety-plan",
        ("safety",),
        lambda a, level: (
            a.safety in (Safety.SAFETY_PLAN, Safety.FREQUENT_REVIEW)
            and level is not Level.INPATIENT
        ),
        _safety_plan_message,
        (S.SAFETY_PLAN, S.LETHAL_MEANS, S.NICE_NG225),
    ),
    FlagRule(
        "unstable-home",
        ("home_environment",),
        lambda a, level: a.home_environment is Home.UNSTABLE and level in _AMBULATORY,
        lambda a, level: (
            "Home is unstable. IOP depends on a supportive home: add family sessions, "
            "strengthen supports, and if things at home get worse consider "
            f"{_accommodation_options(a)}."
        ),
        (S.OVERVIEW,),
    ),
    FlagRule(
        "alternative-accommodation",
        ("home_environment", "safe_alternative_accommodation"),
        lambda a, level: (
            a.home_environment is Home.UNSAFE
            and a.safe_alternative_accommodation
            and level is not Level.RESIDENTIAL
        ),
        lambda a, level: (
            "Home is unsafe, but a safe place to stay is available "
            f"({_accommodation_options(a)}): the person lives there and attends the "
            "programme by day."
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
            "school and involve "
            + (
                "a safe adult agreed with children's services."
                if a.home_environment is Home.UNSAFE
                else "the family."
            )
        ),
        (S.SAMHSA_ADV21,),
    ),
    FlagRule(
        "opioid-medication-now",
        ("conditions", "medications"),
        lambda a, level: _opioids_in_play(a),
        _opioid_medication_message,
        (S.ASAM_NPG20, S.TIP63, S.PART8_24),
    ),
    FlagRule(
        "naloxone",
        ("conditions",),
        lambda a, level: (
            has_condition(a, Condition.OPIOID_USE_DISORDER)
            or has_condition(a, Condition.STIMULANT_USE_DISORDER)
        ),
        _naloxone_message,
        (S.SAMHSA_ODT, S.ASAM_NPG20, S.CDC_OPIOID22, S.SAMHSA_STIM20),
    ),
    FlagRule(
        "contingency-management",
        ("conditions",),
        lambda a, level: has_condition(a, Condition.STIMULANT_USE_DISORDER),
        lambda a, level: (
            "Stimulant use disorder: offer contingency management (rewards, such as vouchers "
            "or prize draws, for drug-free tests), the best-supported treatment; no medicine "
            "is approved for it. Pair it with CBT or the community reinforcement approach."
        ),
        (S.SAMHSA_STIM20, S.NICE_CG51),
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
        ("conditions", "symptom_severity", "medications"),
        lambda a, level: (
            has_condition(a, Condition.ALCOHOL_USE_DISORDER)
            and a.symptom_severity in (Severity.MODERATE, Severity.SEVERE)
        ),
        _alcohol_medication_message,
        (S.APA_AUD18, S.FDA_ACAMP, S.FDA_XRNTX, S.FDA_NTX),
    ),
    FlagRule(
        "naltrexone-with-opioid-agonist",
        ("medications",),
        lambda a, level: takes(a, Medication.NALTREXONE) and _on_opioid_agonist(a),
        lambda a, level: (
            "The medicines listed include naltrexone together with methadone or "
            "buprenorphine. They must not be taken together: naltrexone blocks them and brings "
            "on withdrawal. Check the medicines with the prescriber today."
        ),
        (S.FDA_XRNTX, S.FDA_NTX),
    ),
    FlagRule(
        "sedative-taper",
        ("conditions", "medications"),
        lambda a, level: (
            has_condition(a, Condition.SEDATIVE_USE_DISORDER) or takes(a, Medication.BENZODIAZEPINE)
        ),
        lambda a, level: (
            "Benzodiazepines or other sedatives: never stop them abruptly (seizures and "
            "life-threatening withdrawal). Taper gradually over weeks to months, often "
            f"{S.BENZODIAZEPINE_TAPER_STEP.describe()}, sometimes after switching to a "
            "long-acting agent; the programme's abstinence rules must not force an abrupt stop."
        ),
        (S.BENZODIAZEPINE_TAPER, S.FDA_BZD20, S.TIP45),
    ),
    FlagRule(
        "pregnancy",
        ("pregnant", "conditions"),
        lambda a, level: a.pregnant,
        _pregnancy_message,
        (S.SAMHSA_PREG18, S.ACOG_CO711, S.ASAM_AWM20),
    ),
    FlagRule(
        "eating-disorder-medical-check",
        ("conditions", "percent_expected_weight"),
        lambda a, level: has_condition(a, Condition.EATING_DISORDER),
        lambda a, level: (
            "Eating disorder: check medical stability at every level and repeat it: weight as "
            "a percentage of median BMI or expected weight and its trend "
            f"({S.ED_WEIGHT_MEDICAL_ADMISSION}% or less means admission); heart rate (under "
            f"{S.ED_HEART_RATE_DAY_BELOW} by day or {S.ED_HEART_RATE_NIGHT_BELOW} at night), "
            f"blood pressure (under {S.ED_BLOOD_PRESSURE_BELOW}), the rise in pulse on "
            f"standing (over {S.ED_ORTHOSTATIC_RISE_OVER}, or "
            f"{S.ED_ORTHOSTATIC_RISE_YOUNG_OVER} aged 19 or under), temperature (under "
            f"{S.ED_TEMPERATURE_BELOW.maximum:g} C), electrolytes and phosphate, and an ECG. When "
            "eating increases, watch for refeeding syndrome."
        ),
        (S.ED_MEDICAL_CRITERIA, S.APA_ED23, S.AED_MED),
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
            "young person will sleep safely tonight; a safe placement (kin, foster or "
            "emergency accommodation) is arranged with children's services while treatment "
            "continues at the level the clinical need calls for."
        ),
        (S.NICE_NG225, S.IOWN),
    ),
    FlagRule(
        "safe-accommodation",
        ("home_environment", "safe_alternative_accommodation"),
        lambda a, level: (
            a.home_environment is Home.UNSAFE
            and not a.safe_alternative_accommodation
            and a.population is Population.ADULT
            and level in _AMBULATORY
        ),
        lambda a, level: (
            f"Home is unsafe and there is no safe place to stay yet: while care continues at "
            f"{level.short}, help the person into {_accommodation_options(a)}. Housing alone "
            "is not a reason for residential treatment."
        ),
        (S.SAMHSA_TIP47, S.IOWN),
    ),
)
