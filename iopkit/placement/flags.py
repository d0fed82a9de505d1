"""The flags: cautions raised beside the level, which change the plan but not the level.

Documented row by row in ``docs/placement-rules.md`` ("Flags"; a test keeps the two in step).
"""

from __future__ import annotations

from iopkit import sources as S
from iopkit.assessment import Assessment, Home, Motivation, Safety, Withdrawal
from iopkit.components import Condition
from iopkit.levels import LEVELS, Level, Population
from iopkit.placement.model import FlagRule, has_condition, setting_level

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
        ("safety",),
        lambda a, level: a.safety is Safety.FREQUENT_REVIEW and level is not Level.INPATIENT,
        lambda a, level: (
            "Safety needs review more often than weekly: write a safety plan with the person "
            "(warning signs, coping, people and places, crisis contacts, making the "
            "environment safer) and review safety at every attendance."
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
        ("home_environment", "safe_alternative_accommodation"),
        lambda a, level: (
            a.home_environment is Home.UNSAFE
            and a.safe_alternative_accommodation
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
        ("home_environment", "safe_alternative_accommodation"),
        lambda a, level: (
            a.home_environment is Home.UNSAFE
            and not a.safe_alternative_accommodation
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
