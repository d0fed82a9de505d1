"""The "which level fits?" quiz: short scenarios whose answer is the engine's recommendation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iopkit.assessment import Assessment
from iopkit.errors import ArgumentTypeError, UnknownNameError
from iopkit.grading import as_level
from iopkit.levels import Level
from iopkit.placement import Recommendation, recommend


@dataclass(frozen=True)
class QuizItem:
    """A short scenario; the engine's recommendation is the answer."""

    id: str
    prompt: str
    assessment: Assessment

    @property
    def recommendation(self) -> Recommendation:
        return recommend(self.assessment)

    @property
    def answer(self) -> Level:
        return self.recommendation.level


def _quiz_assessment(**overrides: Any) -> Assessment:
    base: dict[str, Any] = {
        "symptom_severity": "moderate",
        "functional_impairment": "moderate",
        "safety": "safety_plan",
        "medically_stable": True,
        "withdrawal": "none",
        "home_environment": "supportive",
        "safe_alternative_accommodation": False,
        "motivation": "high",
        "acute_phase": False,
        "current_setting": "outpatient",
        "outpatient_response": "inadequate",
    }
    base.update(overrides)
    return Assessment.model_validate(base)


QUIZ: tuple[QuizItem, ...] = (
    QuizItem(
        "weekly-not-enough",
        "A 41-year-old bus driver has had moderate depression for four months. Weekly "
        "therapy has not moved his mood, he has been off work for three weeks, he lives with "
        "a supportive partner and has no thoughts of harming himself.",
        _quiz_assessment(),
    ),
    QuizItem(
        "said-goodbye",
        "A student tells the team she has written goodbye letters and plans to end her life "
        "tonight. Everything else about her care is going well.",
        _quiz_assessment(safety="cannot_keep_safe", symptom_severity="severe"),
    ),
    QuizItem(
        "still-shaking",
        "A man who drinks heavily every day stopped yesterday; his hands shake, he is "
        "sweating and anxious and has not slept. He wants to start the evening programme "
        "next week.",
        _quiz_assessment(withdrawal="needs_management"),
    ),
    QuizItem(
        "mild-and-improving",
        "A teacher with mild anxiety is working normally and her weekly therapy sessions are "
        "helping; she asks whether she should join something more intensive.",
        _quiz_assessment(
            symptom_severity="mild",
            functional_impairment="mild",
            outpatient_response="adequate",
        ),
    ),
)

QUIZ_BY_ID: dict[str, QuizItem] = {q.id: q for q in QUIZ}


@dataclass(frozen=True)
class QuizResult:
    item: QuizItem
    chosen: Level

    @property
    def correct(self) -> bool:
        return self.chosen is self.item.answer

    def _repr_html_(self) -> str:
        from iopkit.render import quiz_result_html

        return quiz_result_html(self)


def grade_quiz(item: QuizItem | str, chosen: Level | str) -> QuizResult:
    """Grade a quiz answer; the explanation is the engine's deciding reason."""
    if isinstance(item, str):
        if item not in QUIZ_BY_ID:
            raise UnknownNameError("item", item, list(QUIZ_BY_ID))
        it = QUIZ_BY_ID[item]
    elif isinstance(item, QuizItem):
        it = item
    else:
        raise ArgumentTypeError("item", item, "a QuizItem or its id")
    return QuizResult(it, as_level(chosen))
