"""Relapse-prevention and discharge plans: the model, a completeness check and printable HTML.

A plan is complete when it names warning signs, high-risk situations, coping strategies,
supports, professional contacts, crisis contacts and a medication plan, and books follow-up
within 7 days of discharge (not on the day itself; within 72 hours after a psychiatric ward, 48
with suicide risk: :func:`follow_up_limit`); when suicidal ideation has been present
(the case's ``safety_plan_needed``) it also needs the safety-plan step of making the
environment safer; for opioid use disorder it needs an overdose-prevention section (naloxone,
never using alone, what to do after a lapse).
Sources (docs/sources.md): the programme overview (relapse-prevention plan); NCQA HEDIS FUH
and NICE NG53 (7-day follow-up); Stanley & Brown 2012 (safety planning); Larimer et al. 1999
(relapse prevention); SAMHSA Overdose Prevention and Response Toolkit, 2023 and the ASAM
National Practice Guideline for OUD, 2020 (overdose prevention).

Pure: no widgets, no printing, no files (the plan builder writes the page).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from iopkit import sources as S
from iopkit.assessment import Setting
from iopkit.components import MODALITIES, Modality
from iopkit.errors import ArgumentTypeError, require_text

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes.model import DischargePlanBrief


#: The coping skills a trainee can pick: (label shown, value stored), from the kit's modalities.
SKILL_OPTIONS: tuple[tuple[str, str], ...] = tuple(
    (f"{info.label}: {skill}", skill)
    for modality, info in MODALITIES.items()
    for skill in info.example_skills
)

#: The modality each skill belongs to.
SKILL_MODALITY: dict[str, Modality] = {
    skill: modality for modality, info in MODALITIES.items() for skill in info.example_skills
}

_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s*")


#: Words that hold a place rather than say anything (compared in lower case, without dots).
PLACEHOLDER_WORDS = frozenset(
    {"x", "xx", "n/a", "na", "n.a", "tbd", "tba", "tbc", "todo", "none", "nil", "-", "?", "..."}
)


def is_placeholder(item: str) -> bool:
    """True for text that only holds a place: one character, "x", "n/a", "tbd", "???" ...

    >>> [is_placeholder(t) for t in ("x", "N/A", "tbd.", "aaaa", "- - -", "?", "AA", "walk")]
    [True, True, True, True, True, True, False, False]
    """
    text = item.strip().lower().rstrip(".")
    compact = "".join(text.split())
    if len(compact) <= 1 or text in PLACEHOLDER_WORDS or compact in PLACEHOLDER_WORDS:
        return True
    # One character repeated ("xxxx", "....", "--"); two letters such as "AA" can be a name.
    return len(set(compact)) == 1 and (len(compact) >= 3 or not compact.isalpha())


def lines(text: str | Iterable[str] | None) -> tuple[str, ...]:
    """Items from a text box: one per line, bullets and blank lines dropped.

    >>> lines("- feeling flat\\n\\n* skipping meals \\n2. not answering the phone")
    ('feeling flat', 'skipping meals', 'not answering the phone')
    """
    if text is None:
        return ()
    raw = text.splitlines() if isinstance(text, str) else list(text)
    out = (_BULLET.sub("", str(item)).strip() for item in raw)
    return tuple(item for item in out if item)


@dataclass(frozen=True)
class DischargePlan:
    """A relapse-prevention and discharge plan, as a trainee writes it for a fictional case."""

    warning_signs: tuple[str, ...] = ()
    high_risk_situations: tuple[str, ...] = ()
    coping_strategies: tuple[str, ...] = ()
    supports: tuple[str, ...] = ()
    professional_contacts: tuple[str, ...] = ()
    crisis_contacts: tuple[str, ...] = ()
    follow_up_days: int | None = None
    safer_environment: tuple[str, ...] = ()
    medication_plan: str = ""
    case_title: str = ""
    safety_plan_needed: bool = False
    focus: tuple[str, ...] = field(default=())
    overdose_prevention: tuple[str, ...] = ()
    overdose_prevention_needed: bool = False
    #: For each item of ``focus``, the part of the plan (an attribute name, see
    #: :data:`PLACES`) where the trainee says the plan covers it; "" for not yet.
    focus_places: tuple[str, ...] = ()

    @classmethod
    def from_texts(
        cls,
        *,
        warning_signs: str = "",
        high_risk_situations: str = "",
        coping_strategies: Iterable[str] = (),
        supports: str = "",
        professional_contacts: str = "",
        crisis_contacts: str = "",
        follow_up_days: int | None = None,
        safer_environment: str = "",
        medication_plan: str = "",
        case_title: str = "",
        brief: DischargePlanBrief | None = None,
        overdose_prevention: str = "",
        overdose_prevention_needed: bool = False,
        focus_places: Iterable[str] = (),
    ) -> DischargePlan:
        """A plan from text boxes (one item per line), e.g. the plan builder's fields.

        Raises :class:`~iopkit.errors.ArgumentTypeError` naming the argument when a box is not
        text (``None``, a number) or ``follow_up_days`` is not a whole number of days.
        """
        texts = {
            "warning_signs": warning_signs,
            "high_risk_situations": high_risk_situations,
            "supports": supports,
            "professional_contacts": professional_contacts,
            "crisis_contacts": crisis_contacts,
            "safer_environment": safer_environment,
            "medication_plan": medication_plan,
            "case_title": case_title,
            "overdose_prevention": overdose_prevention,
        }
        for name, value in texts.items():
            require_text(value, name)
        if isinstance(coping_strategies, str):
            require_text(coping_strategies, "coping_strategies")
        elif not isinstance(coping_strategies, Iterable):
            raise ArgumentTypeError("coping_strategies", coping_strategies, "a list of skills")
        else:
            for skill in coping_strategies:
                require_text(skill, "coping_strategies")
        if follow_up_days is not None and (
            isinstance(follow_up_days, bool) or not isinstance(follow_up_days, int)
        ):
            raise ArgumentTypeError("follow_up_days", follow_up_days, "a whole number of days")
        places = tuple(focus_places)
        for place in places:
            if place not in PLACE_LABELS and place != "":
                raise ArgumentTypeError("focus_places", place, "a part of the plan or ''")
        return cls(
            warning_signs=lines(warning_signs),
            high_risk_situations=lines(high_risk_situations),
            coping_strategies=lines(coping_strategies),
            supports=lines(supports),
            professional_contacts=lines(professional_contacts),
            crisis_contacts=lines(crisis_contacts),
            follow_up_days=follow_up_days,
            safer_environment=lines(safer_environment),
            medication_plan=medication_plan.strip(),
            case_title=case_title.strip(),
            safety_plan_needed=bool(brief and brief.safety_plan_needed),
            focus=tuple(brief.relapse_prevention_focus) if brief else (),
            overdose_prevention=lines(overdose_prevention),
            overdose_prevention_needed=bool(overdose_prevention_needed),
            focus_places=places,
        )

    def for_brief(self, brief: DischargePlanBrief | None) -> DischargePlan:
        """The same plan, judged against a case's discharge brief."""
        if brief is None:
            return self
        return replace(
            self,
            safety_plan_needed=brief.safety_plan_needed,
            focus=tuple(brief.relapse_prevention_focus),
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "case_title": self.case_title,
            "warning_signs": list(self.warning_signs),
            "high_risk_situations": list(self.high_risk_situations),
            "coping_strategies": list(self.coping_strategies),
            "supports": list(self.supports),
            "professional_contacts": list(self.professional_contacts),
            "crisis_contacts": list(self.crisis_contacts),
            "follow_up_days": self.follow_up_days,
            "safer_environment": list(self.safer_environment),
            "medication_plan": self.medication_plan,
            "safety_plan_needed": self.safety_plan_needed,
            "focus": list(self.focus),
            "overdose_prevention": list(self.overdose_prevention),
            "overdose_prevention_needed": self.overdose_prevention_needed,
            "focus_places": list(self.focus_places),
        }

    def filled(self, attr: str) -> bool:
        """True when the part ``attr`` holds something real (not empty, not a placeholder)."""
        value = getattr(self, attr)
        items = (value,) if isinstance(value, str) else tuple(value)
        return any(item and not is_placeholder(item) for item in items)


#: The parts of a plan, in the order they are printed: (attribute, heading, why it matters).
SECTIONS: tuple[tuple[str, str, str], ...] = (
    (
        "warning_signs",
        "Warning signs",
        "Early signs that things are slipping, in the person's own words.",
    ),
    (
        "high_risk_situations",
        "High-risk situations",
        "Places, people, feelings and times when a lapse is most likely.",
    ),
    (
        "coping_strategies",
        "Coping strategies",
        "Skills practised in the programme to use instead of the old response.",
    ),
    ("supports", "Supports", "Family, friends and groups who help day to day."),
    (
        "professional_contacts",
        "Professional contacts",
        "Who provides care after discharge, with how to reach them.",
    ),
    (
        "crisis_contacts",
        "Crisis contacts",
        "Who to call at once if things get dangerous, day or night.",
    ),
)

MEDICATION_SECTION = (
    "medication_plan",
    "Medication plan",
    "Which medicines carry on after discharge, who prescribes them and when the next review "
    "is (write 'no medication' if there is none).",
)

OVERDOSE_SECTION = (
    "overdose_prevention",
    "Overdose prevention",
    "Naloxone at home and who can give it, never using alone, and what to do after a lapse.",
)

#: What an overdose-prevention section must cover: (what, words that show it is covered).
OVERDOSE_ELEMENTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("naloxone at home, and people who know how to give it", re.compile(r"naloxone|narcan", re.I)),
    ("never using alone", re.compile(r"\balone\b", re.I)),
    (
        "what to do after a lapse (tolerance is lower: call, restart medication, naloxone near)",
        re.compile(r"lapse|slip|use again|used again|relapse", re.I),
    ),
)

SAFETY_SECTION = (
    "safer_environment",
    "Safety plan: making the environment safer",
    "Steps agreed to limit access to lethal means (Stanley-Brown step 6).",
)


#: Where a plan can cover an item the case asks for: (attribute, heading), in the plan's order.
PLACES: tuple[tuple[str, str], ...] = tuple(
    (attr, label)
    for attr, label, _ in (*SECTIONS, SAFETY_SECTION, MEDICATION_SECTION, OVERDOSE_SECTION)
)
PLACE_LABELS: dict[str, str] = dict(PLACES)

FOCUS_FIELD = "relapse_prevention_focus"
FOCUS_LABEL = "What this case asks the plan to cover"

_HOLDS_A_PLACE = (
    "what is written only holds a place (such as 'x', 'n/a' or 'tbd'); write at least one "
    "real item."
)


@dataclass(frozen=True)
class Missing:
    """Something a plan still needs."""

    field: str
    label: str
    message: str
    source: str

    def to_dict(self) -> dict[str, str]:
        return {
            "field": self.field,
            "label": self.label,
            "message": self.message,
            "source": self.source,
        }


@dataclass(frozen=True)
class PlanCheck:
    """The result of :func:`check_plan`: what is missing and gentle suggestions."""

    missing: tuple[Missing, ...]
    suggestions: tuple[str, ...]
    focus: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def missing_fields(self) -> tuple[str, ...]:
        return tuple(m.field for m in self.missing)

    def to_dict(self) -> dict[str, object]:
        return {
            "complete": self.complete,
            "missing": [m.to_dict() for m in self.missing],
            "suggestions": list(self.suggestions),
            "focus": list(self.focus),
        }

    def _repr_html_(self) -> str:
        from iopkit.render import plan_check_html

        return plan_check_html(self)


CRISIS_CONTACTS_ENV = "IOPKIT_CRISIS_CONTACTS"
"""The local crisis lines a facilitator sets for the room (entries separated by ``;``), e.g.
``988 Suicide & Crisis Lifeline (call or text);911 in an emergency``. Crisis numbers differ by
country, so the kit hard-codes none (docs/running-a-workshop.md lists examples)."""


def local_crisis_contacts(environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The crisis lines the facilitator set in ``IOPKIT_CRISIS_CONTACTS`` (none when unset).

    >>> local_crisis_contacts({"IOPKIT_CRISIS_CONTACTS": "Samaritans 116 123; 999 or 112 "})
    ('Samaritans 116 123', '999 or 112')
    >>> local_crisis_contacts({})
    ()
    """
    value = (os.environ if environ is None else environ).get(CRISIS_CONTACTS_ENV, "")
    return tuple(part.strip() for part in value.split(";") if part.strip())


def follow_up_limit(
    brief: DischargePlanBrief | None = None,
    *,
    leaving: Setting | None = None,
    suicide_risk: bool | None = None,
) -> int:
    """The most days after discharge by which follow-up must happen: the standard's limit, or
    the case's own when it is stricter.

    Leaving a psychiatric ward (``leaving`` is inpatient), the first contact comes within 72
    hours (NHS England), or 48 hours where suicide risk has been identified (NICE NG53);
    ``suicide_risk`` defaults to the brief's ``safety_plan_needed``. Leaving IOP or any other
    level, follow-up happens within 7 days.

    >>> follow_up_limit()
    7
    >>> follow_up_limit(leaving=Setting.INPATIENT), follow_up_limit(leaving=Setting.INPATIENT,
    ...     suicide_risk=True)
    (3, 2)
    """
    limit = S.FOLLOW_UP_WITHIN_DAYS
    if leaving is Setting.INPATIENT:
        risk = (
            suicide_risk if suicide_risk is not None else bool(brief and brief.safety_plan_needed)
        )
        hours = S.CONTACT_AFTER_WARD_SUICIDE_RISK_HOURS if risk else S.CONTACT_AFTER_WARD_HOURS
        limit = hours // 24
    return limit if brief is None else min(limit, brief.follow_up_within_days)


def check_plan(
    plan: DischargePlan, brief: DischargePlanBrief | None = None, leaving: Setting | None = None
) -> PlanCheck:
    """Name everything a plan still needs (an empty ``missing`` means complete).

    ``leaving`` is the setting the person leaves (inpatient: follow-up within 72 hours, 48 with
    suicide risk; :func:`follow_up_limit`).

    >>> p = DischargePlan(warning_signs=("sleeping badly",), follow_up_days=0)
    >>> [m.field for m in check_plan(p).missing]  # doctest: +NORMALIZE_WHITESPACE
    ['high_risk_situations', 'coping_strategies', 'supports', 'professional_contacts',
     'crisis_contacts', 'follow_up_days', 'medication_plan']
    """
    plan = plan.for_brief(brief)
    rp = S.RELAPSE_PREVENTION.cite()
    sources = {
        "warning_signs": rp,
        "high_risk_situations": rp,
        "coping_strategies": S.OVERVIEW.cite() + "; " + S.DBT.cite(),
        "supports": S.SAFETY_PLAN.cite(),
        "professional_contacts": S.FOLLOW_UP_7_DAYS.cite(),
        "crisis_contacts": S.SAFETY_PLAN.cite(),
    }
    missing: list[Missing] = []
    for attr, label, why in SECTIONS:
        items = getattr(plan, attr)
        if not items:
            missing.append(Missing(attr, label, f"add at least one. {why}", sources[attr]))
        elif all(is_placeholder(item) for item in items):
            missing.append(Missing(attr, label, f"{_HOLDS_A_PLACE} {why}", sources[attr]))

    limit = follow_up_limit(brief, leaving=leaving)
    days = plan.follow_up_days
    follow = "Follow-up appointment"
    fsrc = S.FOLLOW_UP_7_DAYS.cite()
    if days is None:
        missing.append(
            Missing("follow_up_days", follow, f"book one within {limit} days of discharge.", fsrc)
        )
    elif days < 0:
        missing.append(
            Missing(
                "follow_up_days",
                follow,
                f"{days} days is not possible; book it 1 to {limit} days after discharge.",
                fsrc,
            )
        )
    elif days == 0:
        missing.append(
            Missing(
                "follow_up_days",
                follow,
                "a visit on the day of discharge does not count as follow-up; book it 1 to "
                f"{limit} days after discharge.",
                fsrc,
            )
        )
    elif days > limit:
        missing.append(
            Missing(
                "follow_up_days",
                follow,
                f"{days} days is too late; book it within {limit} days of discharge.",
                fsrc,
            )
        )
    if not plan.medication_plan or is_placeholder(plan.medication_plan):
        attr, label, why = MEDICATION_SECTION
        missing.append(Missing(attr, label, f"add one. {why}", S.NICE_NG53.cite()))
    if plan.overdose_prevention_needed:
        attr, label, why = OVERDOSE_SECTION
        text = " ".join(plan.overdose_prevention)
        gaps = [what for what, words in OVERDOSE_ELEMENTS if not words.search(text)]
        if gaps:
            missing.append(
                Missing(
                    attr,
                    label,
                    "this is an opioid case, so the plan must cover "
                    + "; ".join(gaps)
                    + ". Tolerance falls when medication is missed or stopped, so overdose risk "
                    "is highest after a break.",
                    S.SAMHSA_ODT.cite() + "; " + S.ASAM_NPG20.cite(),
                )
            )
    if plan.safety_plan_needed and (
        not plan.safer_environment or all(is_placeholder(x) for x in plan.safer_environment)
    ):
        attr, label, why = SAFETY_SECTION
        missing.append(
            Missing(
                attr,
                label,
                "suicidal ideation has been present in this case, so the plan needs a safety "
                f"plan. {why}",
                S.SAFETY_PLAN.cite(),
            )
        )
    left_out = _focus_left_out(plan)
    if left_out:
        missing.append(
            Missing(
                FOCUS_FIELD,
                FOCUS_LABEL,
                "; ".join(left_out)
                + ". Say where the plan covers each one, and write it there if it is not yet.",
                rp,
            )
        )
    suggestions: list[str] = []
    if len(plan.coping_strategies) == 1:
        suggestions.append("more than one coping strategy gives the person a choice on a bad day.")
    return PlanCheck(tuple(missing), tuple(suggestions), plan.focus)


def _focus_left_out(plan: DischargePlan) -> list[str]:
    """One sentence for each item of the case's focus that the plan does not cover."""
    out: list[str] = []
    for i, item in enumerate(plan.focus):
        place = plan.focus_places[i] if i < len(plan.focus_places) else ""
        if not place:
            out.append(f"\u201c{item}\u201d is not placed in the plan yet")
        elif not plan.filled(place):
            out.append(
                f"\u201c{item}\u201d is placed under {PLACE_LABELS[place]}, "
                "but that part of the plan is empty"
            )
    return out


__all__ = [
    "FOCUS_FIELD",
    "PLACES",
    "DischargePlan",
    "Missing",
    "PlanCheck",
    "SECTIONS",
    "SKILL_OPTIONS",
    "check_plan",
    "follow_up_limit",
    "local_crisis_contacts",
    "lines",
]
