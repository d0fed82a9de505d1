"""The workshop's knowledge check: the same items before the day (pre) and after it (post).

Thirteen multiple-choice items over the programme facts the kit teaches, written for this kit,
each with a short citation a trainee can look up. The facilitator's debrief compares pre and
post answers item by item (difficulty and discrimination) and for the room (mean gain with a
confidence interval). Pure data and grading: no widgets, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from iopkit import sources as S


class Phase(str, Enum):
    """When the quiz is taken: at the start of the day or at its end."""

    PRE = "pre"
    POST = "post"

    @property
    def label(self) -> str:
        return "Before the workshop" if self is Phase.PRE else "After the workshop"


@dataclass(frozen=True)
class KnowledgeItem:
    """One question: options as ``(key, text)``, the key of the right one, and its source."""

    id: str
    prompt: str
    options: tuple[tuple[str, str], ...]
    answer: str
    explanation: str
    source: S.Source

    @property
    def citation(self) -> str:
        """The short citation a trainee sees."""
        return self.source.title

    def option_text(self, key: str) -> str:
        return dict(self.options).get(key, key)


def _item(
    id: str, prompt: str, options: tuple[str, ...], answer: int, why: str, source: S.Source
) -> KnowledgeItem:
    keys = "abcd"
    return KnowledgeItem(
        id, prompt, tuple(zip(keys, options, strict=False)), keys[answer], why, source
    )


KNOWLEDGE_QUIZ: tuple[KnowledgeItem, ...] = (
    _item(
        "iop-days",
        "On how many days a week does an IOP usually meet?",
        ("Once a week", "Three to five days", "Every day, including weekends", "Twice a month"),
        1,
        "Most programmes run on three to five days a week, so skills are practised at home "
        "between sessions.",
        S.OVERVIEW,
    ),
    _item(
        "iop-weekly-hours",
        "Roughly how many hours of treatment does a typical IOP week hold?",
        ("1 to 2 hours", "9 to 15 hours", "20 to 30 hours", "Around the clock"),
        1,
        "About three hours on each of three to five days: nine to fifteen hours a week.",
        S.OVERVIEW,
    ),
    _item(
        "adult-minimum",
        "Below how many hours a week does an adult programme stop counting as intensive "
        "outpatient care?",
        ("3 hours", "6 hours", "9 hours", "20 hours"),
        2,
        "Nine hours a week is the adult floor; below it, the care is ordinary outpatient "
        "treatment (six hours for adolescents).",
        S.MEDICARE_IOP,
    ),
    _item(
        "iop-duration",
        "How long does a course of IOP usually last?",
        ("A few days", "Six to twelve weeks", "About a year", "Until the person asks to stop"),
        1,
        "A course usually spans six to twelve weeks, set by the person's progress.",
        S.OVERVIEW,
    ),
    _item(
        "above-iop",
        "Which level of care sits directly above IOP?",
        (
            "Weekly outpatient therapy",
            "Partial hospitalisation (PHP)",
            "Residential treatment",
            "Inpatient care",
        ),
        1,
        "PHP is the most intensive outpatient level, directly above IOP.",
        S.OVERVIEW,
    ),
    _item(
        "php-hours",
        "What does a partial hospitalisation programme usually ask of a person?",
        (
            "One hour a week",
            "Three hours on three days",
            "Five days a week, four to six hours a day",
            "Staying overnight",
        ),
        2,
        "PHP means attending five days a week for four to six hours a day, still going home "
        "at night.",
        S.OVERVIEW,
    ),
    _item(
        "imminent-risk",
        "A person says they plan to end their life tonight. Which setting fits now?",
        ("IOP in the evenings", "Weekly therapy", "Inpatient care", "PHP starting next week"),
        2,
        "Imminent risk of harm needs 24-hour supervision; IOP is for people who are not at "
        "immediate risk.",
        S.CSSRS,
    ),
    _item(
        "withdrawal-first",
        "A person who drinks heavily is shaking and sweating a day after stopping. What comes "
        "first?",
        ("IOP group tomorrow", "Withdrawal management", "A relapse-prevention plan", "Discharge"),
        1,
        "Withdrawal that needs management is treated first; IOP follows once the person is "
        "medically stable.",
        S.WITHDRAWAL,
    ),
    _item(
        "home-environment",
        "Which of these is a basic requirement for IOP?",
        (
            "A safe, supportive place to return to each day",
            "Full-time employment",
            "A previous hospital stay",
            "A family member in the groups",
        ),
        0,
        "People go home after each session, so a safe and supportive home (or sober living) "
        "is needed.",
        S.OVERVIEW,
    ),
    _item(
        "step-down",
        "Besides a step up from weekly therapy, how else do people often come to IOP?",
        (
            "As a step down from inpatient care or PHP",
            "Only by self-referral",
            "Straight from a first GP visit",
            "After finishing outpatient therapy",
        ),
        0,
        "IOP is a common step down after inpatient care or PHP, once the acute phase has passed.",
        S.REASSESSMENT,
    ),
    _item(
        "core-component",
        "Which part of an IOP week is its core?",
        ("Group therapy", "Medication alone", "Bed rest", "Vocational training"),
        0,
        "Groups (process and psychoeducation) carry most of the hours; individual, family and "
        "medication sessions are added around them.",
        S.OVERVIEW,
    ),
    _item(
        "dbt-skills",
        "What does DBT skills training teach?",
        (
            "Exposure to feared situations only",
            "Emotion regulation, distress tolerance and mindfulness",
            "Medication dosing",
            "Family history taking",
        ),
        1,
        "DBT skills modules cover emotion regulation, distress tolerance, mindfulness and "
        "interpersonal effectiveness.",
        S.DBT,
    ),
    _item(
        "follow-up",
        "By when should follow-up care be booked after someone leaves the programme?",
        ("Within 7 days", "Within 3 months", "Only if they relapse", "At the next annual review"),
        0,
        "A follow-up visit within seven days of discharge protects the gains of treatment.",
        S.FOLLOW_UP_7_DAYS,
    ),
)

KNOWLEDGE_BY_ID: dict[str, KnowledgeItem] = {q.id: q for q in KNOWLEDGE_QUIZ}


@dataclass(frozen=True)
class KnowledgeResult:
    """A graded answer; the explanation is shown only after the post-quiz."""

    item: KnowledgeItem
    chosen: str
    phase: Phase

    @property
    def correct(self) -> bool:
        return self.chosen == self.item.answer

    def _repr_html_(self) -> str:
        from iopkit.render.placement import knowledge_result_html

        return knowledge_result_html(self)


def grade_knowledge(item: KnowledgeItem | str, chosen: str, phase: Phase | str) -> KnowledgeResult:
    """Grade one answer.

    >>> grade_knowledge("iop-days", "b", "pre").correct
    True
    """
    it = KNOWLEDGE_BY_ID[item] if isinstance(item, str) else item
    return KnowledgeResult(it, chosen, Phase(phase))


__all__ = [
    "KNOWLEDGE_BY_ID",
    "KNOWLEDGE_QUIZ",
    "KnowledgeItem",
    "KnowledgeResult",
    "Phase",
    "grade_knowledge",
]
