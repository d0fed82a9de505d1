"""Grading a trainee's answers: placements, later stages, and the score.

Everything here is pure (no widgets, no plotting, no I/O), so the apps, the notebooks and the
tests read the same results:

* :func:`grade_placement`: a trainee's level for a vignette -> :class:`PlacementResult`
  (right or wrong, the author's feedback for that choice, the engine's reasons, learning points).
* :func:`grade_stage`: a decision at a later stage of a multi-stage case -> :class:`StageResult`.
* :class:`Scorecard`: the score across a set of cases (first answers count).

Results render through :mod:`iopkit.render`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from iopkit.errors import ArgumentError, ArgumentTypeError, UnknownNameError, choose
from iopkit.levels import Level
from iopkit.placement import Engine, Recommendation, recommend

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes.model import Decision, Stage, Vignette


def as_level(value: Level | str, argument: str = "chosen") -> Level:
    return choose(Level, value, argument)


# --- Placement ------------------------------------------------------------------------------


class _Graded:
    """What every graded answer shares: it is right when the choice is the author's key."""

    chosen: Any
    expected: Any

    @property
    def correct(self) -> bool:
        return bool(self.chosen is self.expected)

    @property
    def verdict(self) -> str:
        return "Correct" if self.correct else "Not this time"


@dataclass(frozen=True)
class PlacementResult(_Graded):
    """A trainee's answer to a placement case, graded against the author's key."""

    vignette_id: str
    chosen: Level
    expected: Level
    feedback: str
    recommendation: Recommendation
    learning_points: tuple[str, ...]
    confidence: str | None = None
    key_differs_because: str | None = None

    @property
    def engine_agrees(self) -> bool:
        """True when the engine's recommendation matches the author's key."""
        return self.recommendation.level is self.expected

    def to_dict(self) -> dict[str, object]:
        return {
            "vignette": self.vignette_id,
            "chosen": self.chosen.value,
            "expected": self.expected.value,
            "correct": self.correct,
            "feedback": self.feedback,
            "confidence": self.confidence,
            "engine_level": self.recommendation.level.value,
            "engine_reasons": [r.to_dict() for r in self.recommendation.reasons],
            "learning_points": list(self.learning_points),
            "key_differs_because": self.key_differs_because,
        }

    def _repr_html_(self) -> str:
        from iopkit.render import placement_result_html

        return placement_result_html(self)


def grade_placement(
    vignette: Vignette,
    chosen: Level | str,
    engine: Engine = recommend,
    confidence: str | None = None,
) -> PlacementResult:
    """Grade a chosen level against a vignette's key; the feedback is the author's for it."""
    level = as_level(chosen)
    feedback = vignette.feedback.get(level, "The author wrote no feedback for this level.")
    return PlacementResult(
        vignette_id=vignette.id,
        chosen=level,
        expected=vignette.expected_level,
        feedback=feedback,
        recommendation=engine(vignette.assessment),
        learning_points=tuple(vignette.learning_points),
        confidence=confidence,
        key_differs_because=vignette.key_differs_because,
    )


# --- Stages ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageResult(_Graded):
    """A trainee's decision at a later stage of a multi-stage case."""

    vignette_id: str
    stage_id: str
    stage_title: str
    chosen: Decision
    expected: Decision
    expected_level: Level
    feedback: str
    recommendation: Recommendation
    learning_points: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {
            "vignette": self.vignette_id,
            "stage": self.stage_id,
            "chosen": self.chosen.value,
            "expected": self.expected.value,
            "expected_level": self.expected_level.value,
            "correct": self.correct,
            "feedback": self.feedback,
            "engine_level": self.recommendation.level.value,
            "learning_points": list(self.learning_points),
        }

    def _repr_html_(self) -> str:
        from iopkit.render import stage_result_html

        return stage_result_html(self)


def grade_stage(
    vignette: Vignette,
    stage: Stage | int | str,
    chosen: Decision | str,
    engine: Engine = recommend,
) -> StageResult:
    """Grade a decision at a stage (given as the Stage, its index or its id)."""
    from iopkit.vignettes.model import Decision

    ids = [s.id for s in vignette.stages]
    if isinstance(stage, bool):
        raise ArgumentTypeError("stage", stage, "a Stage, its index or its id")
    if isinstance(stage, int):
        if not 0 <= stage < len(ids):
            raise ArgumentError(
                "stage",
                stage,
                [str(i) for i in range(len(ids))] or "none: this case has no stages",
                reason=f"is not a stage index of {vignette.id}",
            )
        st = vignette.stages[stage]
    elif isinstance(stage, str):
        if stage not in ids:
            raise UnknownNameError("stage", stage, ids)
        st = vignette.stages[ids.index(stage)]
    elif hasattr(stage, "decision") and hasattr(stage, "id"):
        st = stage
    else:
        raise ArgumentTypeError("stage", stage, "a Stage, its index or its id")
    decision = choose(Decision, chosen, "chosen")
    return StageResult(
        vignette_id=vignette.id,
        stage_id=st.id,
        stage_title=st.title,
        chosen=decision,
        expected=st.decision,
        expected_level=st.expected_level,
        feedback=st.feedback.get(decision, "The author wrote no feedback for this decision."),
        recommendation=engine(st.assessment),
        learning_points=tuple(st.learning_points),
    )


# --- Score ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scorecard:
    """The score across a set of cases. Only the first answer to each question counts.

    A question is a case's placement (key ``"case-id"``) or a stage (``"case-id/stage-id"``).

    >>> card = Scorecard(("a", "b"))
    >>> card = card.record("a", True).record("a", False).record("a/week-4", True)
    >>> card.cases_done, card.correct, card.answered
    (1, 2, 2)
    >>> card.summary()
    '2 of 2 first answers right; 1 of 2 cases done'
    """

    cases: tuple[str, ...]
    results: Mapping[str, bool] = field(default_factory=dict)

    def record(self, question: str, correct: bool) -> Scorecard:
        if question in self.results:
            return self
        return Scorecard(self.cases, {**self.results, question: correct})

    def for_cases(self, cases: tuple[str, ...]) -> Scorecard:
        """The same answers, counted over another set of cases (e.g. a new filter)."""
        keep = {q: ok for q, ok in self.results.items() if q.split("/")[0] in cases}
        return Scorecard(tuple(cases), keep)

    @property
    def answered(self) -> int:
        return len(self.results)

    @property
    def correct(self) -> int:
        return sum(self.results.values())

    @property
    def cases_done(self) -> int:
        return sum(1 for c in self.cases if c in self.results)

    @property
    def total(self) -> int:
        return len(self.cases)

    def summary(self) -> str:
        return (
            f"{self.correct} of {self.answered} first answers right; "
            f"{self.cases_done} of {self.total} cases done"
        )
