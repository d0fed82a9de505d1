"""The placement engine: iopkit's own teaching rules, applied in a documented order.

``recommend(assessment)`` is a pure, deterministic function: no I/O, no printing, no widgets.
It returns a :class:`Recommendation` whose ``reasons`` say, rule by rule, why the level was
chosen, whose ``flags`` carry cautions that do not change the level, and whose ``what_if``
says, for each assessment field, whether changing that field alone would change the level.

The rules are a simplification for teaching with fictional cases. They are built on the
programme overview's criteria and public facts (see ``docs/placement-rules.md``); they are not
ASAM or LOCUS and not a clinical decision tool.

Order (first rule that is met decides the level):

1. ``imminent-risk``: imminent risk of harm -> inpatient (24-hour need)
2. ``medically-unstable``: not medically stable -> inpatient (24-hour need)
3. ``withdrawal-first``: withdrawal still needs management -> withdrawal management
4. ``no-safe-home``: unsafe home and no sober-living residence -> residential
5. ``acute-stabilisation``: still in the acute phase -> PHP
6. ``severe-and-disabling``: severe symptoms with severe impairment -> PHP
7. ``step-down-to-iop``: coming from inpatient, PHP or residential care with symptoms -> IOP
8. ``needs-more-than-weekly``: moderate-severe symptoms that impair functioning, or that
   weekly therapy has not helped enough -> IOP
9. ``moderate-risk-structure``: moderate risk of harm -> IOP (structure and close review)
10. ``weekly-therapy-enough``: otherwise -> outpatient
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from iopkit import DISCLAIMER
from iopkit import sources as S
from iopkit.assessment import (
    FIELD_LABELS,
    FIELD_VALUES,
    Assessment,
    Home,
    Impairment,
    Motivation,
    OutpatientResponse,
    Risk,
    Setting,
    Severity,
    Withdrawal,
)
from iopkit.levels import LEVELS, Level, Population
from iopkit.sources import Source

Values = Mapping[str, Any]


@dataclass(frozen=True)
class Rule:
    """One placement rule: when it is met, it decides the level."""

    id: str
    title: str
    level: Level
    fields: tuple[str, ...]
    test: Callable[[Values], bool]
    when_met: str
    when_not_met: str
    criterion: str
    source: Source


@dataclass(frozen=True)
class Reason:
    """One step of the decision: a rule that was checked, whether it was met, and why."""

    rule: str
    met: bool
    explanation: str
    fields: tuple[str, ...]
    level: Level | None
    criterion: str
    source: str

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
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
class WhatIf:
    """What happens to the level if one field alone takes each of its other values."""

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


def _value_text(value: Any) -> str:
    """A finding's value as a trainee reads it.

    >>> _value_text(True), _value_text(Withdrawal.NEEDS_MANAGEMENT), _value_text(None)
    ('yes', 'needs management', 'not stated')
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "not stated"
    return str(_plain(value)).replace("_", " ")


def _at_least(value: Any, *allowed: Any) -> bool:
    return value in allowed


RULES: tuple[Rule, ...] = (
    Rule(
        "imminent-risk",
        "Imminent risk of harm?",
        Level.INPATIENT,
        ("risk_of_harm",),
        lambda v: v["risk_of_harm"] is Risk.IMMINENT,
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
        lambda v: not v["medically_stable"],
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
        ("withdrawal",),
        lambda v: v["withdrawal"] is Withdrawal.NEEDS_MANAGEMENT,
        "Withdrawal still needs to be managed. Detoxification is completed before IOP, so "
        "withdrawal management comes first.",
        "No withdrawal to manage (none, or detoxification already completed).",
        "detoxification completed before IOP begins",
        S.OVERVIEW,
    ),
    Rule(
        "no-safe-home",
        "No safe place to return to?",
        Level.RESIDENTIAL,
        ("home_environment", "sober_living_available"),
        lambda v: v["home_environment"] is Home.UNSAFE and not v["sober_living_available"],
        "There is no safe place to go back to at the end of each day, and no sober-living "
        "residence; a programme where the person also lives (residential) is needed.",
        "There is a safe place to return to each day (home, or a sober-living residence).",
        "a safe, supportive home environment to go back to daily",
        S.OVERVIEW,
    ),
    Rule(
        "acute-stabilisation",
        "Still in the acute phase?",
        Level.PHP,
        ("acute_phase",),
        lambda v: bool(v["acute_phase"]),
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
        lambda v: (
            v["symptom_severity"] is Severity.SEVERE
            and v["functional_impairment"] is Impairment.SEVERE
        ),
        "Symptoms and impairment are both severe: more hours than IOP gives are needed, so "
        "PHP (20 hours a week or more) fits better.",
        "Symptoms and impairment are not both severe, so PHP hours are not needed.",
        "the larger weekly time commitment of PHP",
        S.IOWN,
    ),
    Rule(
        "step-down-to-iop",
        "Stepping down from a higher level?",
        Level.IOP,
        ("current_setting", "symptom_severity"),
        lambda v: (
            v["current_setting"] in (Setting.INPATIENT, Setting.PHP, Setting.RESIDENTIAL)
            and v["symptom_severity"] is not Severity.MINIMAL
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
        lambda v: (
            v["symptom_severity"] in (Severity.MODERATE, Severity.SEVERE)
            and (
                v["functional_impairment"] in (Impairment.MODERATE, Impairment.SEVERE)
                or v["outpatient_response"] is OutpatientResponse.INADEQUATE
            )
        ),
        "Moderate to severe symptoms that impair functioning, or that weekly therapy has not "
        "helped enough: IOP gives the structure and hours (9-15 a week) that weekly therapy "
        "cannot.",
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
        lambda v: v["risk_of_harm"] is Risk.MODERATE,
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
        lambda v: True,
        "Symptoms are mild, or weekly therapy is already working: routine outpatient therapy "
        "(about one session a week) is the least intensive level that fits.",
        "",
        "IOP is one step above routine weekly therapy",
        S.OVERVIEW,
    ),
)

RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}

#: The categorical fields a trainee can vary in the what-if panel.
WHAT_IF_FIELDS: tuple[str, ...] = tuple(FIELD_VALUES)

#: Every assessment field with the values the what-if view tries: the categorical fields'
#: values, and for available hours a spread around the IOP and PHP minimums (9, 6, 20 h).
WHAT_IF_VALUES: dict[str, tuple[Any, ...]] = {
    **FIELD_VALUES,
    "available_hours_per_week": (None, 3.0, 6.0, 9.0, 12.0, 15.0, 20.0, 30.0),
}

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


def decide(values: Values) -> tuple[Level, int]:
    """The level and the index of the rule that decided it.

    >>> base = dict(symptom_severity=Severity.MODERATE, functional_impairment=Impairment.MODERATE,
    ...     risk_of_harm=Risk.LOW, medically_stable=True, withdrawal=Withdrawal.NONE,
    ...     home_environment=Home.SUPPORTIVE, sober_living_available=False,
    ...     acute_phase=False, current_setting=Setting.OUTPATIENT,
    ...     outpatient_response=OutpatientResponse.INADEQUATE)
    >>> decide(base)
    (<Level.IOP: 'iop'>, 7)
    >>> decide({**base, "risk_of_harm": Risk.IMMINENT})[0].value
    'inpatient'
    """
    for i, rule in enumerate(RULES):
        if rule.test(values):
            return rule.level, i
    raise AssertionError("the last rule always applies")  # pragma: no cover


@dataclass(frozen=True)
class Recommendation:
    """The engine's answer: a level, why, cautions, and how each finding would move it."""

    level: Level
    reasons: tuple[Reason, ...]
    flags: tuple[Flag, ...]
    what_if: tuple[WhatIf, ...]
    assessment: Assessment = field(repr=False)

    @property
    def decisive(self) -> Reason:
        """The reason that decided the level (the last one)."""
        return self.reasons[-1]

    @property
    def path(self) -> tuple[str, ...]:
        """The ids of the rules checked, in order, ending with the one that decided."""
        return tuple(r.rule for r in self.reasons)

    def what_if_for(self, field_name: str) -> WhatIf:
        for w in self.what_if:
            if w.field == field_name:
                return w
        raise KeyError(field_name)

    def to_dict(self) -> dict[str, object]:
        return {
            "level": self.level.value,
            "level_label": self.level.label,
            "reasons": [r.to_dict() for r in self.reasons],
            "flags": [f.to_dict() for f in self.flags],
            "what_if": [w.to_dict() for w in self.what_if],
            "disclaimer": DISCLAIMER,
        }

    def summary(self) -> str:
        return f"{self.level.label}: {self.decisive.explanation}"

    def __repr__(self) -> str:
        flags = ", ".join(f.code for f in self.flags) or "none"
        return (
            f"Recommendation(level={self.level.value!r}, decided_by={self.decisive.rule!r}, "
            f"flags=[{flags}])"
        )

    def _repr_html_(self) -> str:
        return render_html(self)


def recommend(assessment: Assessment | Mapping[str, Any]) -> Recommendation:
    """Recommend a level of care for an assessment, with reasons, flags and what-ifs.

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
    values = dict(a)
    level, index = decide(values)
    reasons = tuple(
        Reason(
            rule=r.id,
            met=(i == index),
            explanation=r.when_met if i == index else r.when_not_met,
            fields=r.fields,
            level=r.level if i == index else None,
            criterion=r.criterion,
            source=r.source.cite(),
        )
        for i, r in enumerate(RULES[: index + 1])
    )
    return Recommendation(
        level=level,
        reasons=reasons,
        flags=tuple(_flags(values, level)),
        what_if=_what_if(values, level),
        assessment=a,
    )


def _what_if(values: dict[str, Any], level: Level) -> tuple[WhatIf, ...]:
    out = []
    for name, options in WHAT_IF_VALUES.items():
        current = values[name]
        outcomes = []
        for option in options:
            if option == current:
                continue
            changed = dict(values)
            changed[name] = option
            outcomes.append((option, decide(changed)[0]))
        out.append(WhatIf(name, current, level, tuple(outcomes)))
    return tuple(out)


def _flags(v: Values, level: Level) -> list[Flag]:
    flags: list[Flag] = []
    ambulatory = level in (Level.OUTPATIENT, Level.IOP, Level.PHP)
    population: Population = v["population"]

    if v["motivation"] is Motivation.LOW and level is not Level.INPATIENT:
        flags.append(
            Flag(
                "low-motivation",
                "Motivation is low. People who are motivated and keep to the attendance "
                "schedule do best, so build on whatever motivation there is: use motivational "
                "interviewing, agree goals the person cares about, remove practical barriers "
                "to attending, and review engagement early.",
                ("motivation",),
                S.OVERVIEW.cite() + "; " + S.SAMHSA_TIP47.cite(),
            )
        )
    hours = v.get("available_hours_per_week")
    minimum = LEVELS[level].minimum_weekly_hours(population)
    if hours is not None and minimum is not None and ambulatory and hours < minimum:
        flags.append(
            Flag(
                "hours-below-minimum",
                f"The person can attend about {hours:g} h a week, below the {minimum:g} h a "
                f"week that {level.short} needs for {population.value}s. Look at evening or "
                "weekend tracks, help with work or school leave, transport and child care "
                "before settling for less care.",
                ("available_hours_per_week", "population"),
                S.ASAM_BANDS.cite() + "; " + S.MEDICARE_IOP.cite(),
            )
        )
    current = setting_level(v["current_setting"])
    if current is not None and current is not level and level is not Level.WITHDRAWAL_MANAGEMENT:
        if current.rank > level.rank:
            flags.append(
                Flag(
                    "step-down",
                    f"This is a step down: from {current.label} to "
                    f"{level.label}. Hand over the care plan, keep medication going, "
                    "and book the first appointment within 7 days of leaving.",
                    ("current_setting",),
                    S.OVERVIEW.cite() + "; " + S.FOLLOW_UP_7_DAYS.cite(),
                )
            )
        else:
            flags.append(
                Flag(
                    "step-up",
                    f"This is a step up: from {current.label} to "
                    f"{level.label}. The current level is not enough. Say what has "
                    "changed and plan to step back down once the person is stable.",
                    ("current_setting",),
                    S.OVERVIEW.cite() + "; " + S.REASSESSMENT.cite(),
                )
            )
    if level is Level.WITHDRAWAL_MANAGEMENT:
        flags.append(
            Flag(
                "reassess-after-withdrawal",
                "Once withdrawal is managed, reassess: IOP is a common next step if the other "
                "criteria are met. Never judge the setting from a withdrawal score alone.",
                ("withdrawal",),
                S.OVERVIEW.cite() + "; " + S.WITHDRAWAL.cite(),
            )
        )
    if level is Level.INPATIENT:
        flags.append(
            Flag(
                "plan-step-down",
                "Plan the step-down from the day of admission: PHP or IOP usually follows "
                "a hospital stay.",
                ("current_setting",),
                S.OVERVIEW.cite() + "; " + S.FOLLOW_UP_7_DAYS.cite(),
            )
        )
    if v["risk_of_harm"] is Risk.MODERATE and level is not Level.INPATIENT:
        flags.append(
            Flag(
                "safety-plan",
                "Risk of harm is moderate: write a safety plan with the person (warning signs, "
                "coping, people and places, crisis contacts, making the environment safer) and "
                "review risk at every attendance.",
                ("risk_of_harm",),
                S.SAFETY_PLAN.cite(),
            )
        )
    if v["home_environment"] is Home.UNSTABLE and ambulatory:
        flags.append(
            Flag(
                "unstable-home",
                "Home is unstable. IOP depends on a supportive home: add family sessions, "
                "strengthen supports, and consider a sober-living residence if things at home "
                "get worse.",
                ("home_environment",),
                S.OVERVIEW.cite(),
            )
        )
    if (
        v["home_environment"] is Home.UNSAFE
        and v["sober_living_available"]
        and level is not Level.RESIDENTIAL
    ):
        flags.append(
            Flag(
                "sober-living",
                "Home is unsafe, but a sober-living residence is available: the person lives "
                "there and attends the programme by day.",
                ("home_environment", "sober_living_available"),
                S.OVERVIEW.cite(),
            )
        )
    if population is Population.ADOLESCENT and level is Level.IOP:
        flags.append(
            Flag(
                "adolescent-hours",
                "For adolescents IOP starts at 6 h a week (9 h for adults); fit sessions around "
                "school and involve the family.",
                ("population",),
                S.SAMHSA_TIP47.cite(),
            )
        )
    return flags


def render_html(rec: Recommendation) -> str:
    """The recommendation as escaped HTML for notebooks and widgets."""
    e = html.escape
    items = "".join(
        f"<li><b>{e(r.rule)}</b> {'&#10004; met' if r.met else '&#10006; not met'}: "
        f"{e(r.explanation)}</li>"
        for r in rec.reasons
    )
    flags = "".join(f"<li><b>{e(f.code)}</b>: {e(f.message)}</li>" for f in rec.flags)
    changes = "".join(
        f"<li>{e(FIELD_LABELS[w.field])}: "
        + ", ".join(f"{e(_value_text(val))} &rarr; {e(lv.short)}" for val, lv in w.changes)
        + "</li>"
        for w in rec.what_if
        if w.changes_level
    )
    return (
        f"<div class='iopkit-recommendation'><h4>Recommended: {e(rec.level.label)}</h4>"
        f"<p>Rules checked, in order:</p><ol>{items}</ol>"
        + (f"<p>Cautions:</p><ul>{flags}</ul>" if flags else "")
        + (f"<p>What would change the level:</p><ul>{changes}</ul>" if changes else "")
        + f"<p><i>{e(DISCLAIMER)}</i></p></div>"
    )
