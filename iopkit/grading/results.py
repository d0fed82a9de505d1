"""Graded answers with everything a trainee reads about them: the grade, the author's feedback
for the choice and for the key, the engine's reasons and the learning points.

The grade itself always comes from :func:`iopkit.grading.answers.grade_answer`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from iopkit.errors import ArgumentError, ArgumentTypeError, UnknownNameError
from iopkit.grading.answers import (
    Grade,
    PlacementAnswer,
    StageAnswer,
    grade_answer,
    key_setting,
    level_before,
    reached_level,
)
from iopkit.levels import Decision, Level, WithdrawalSetting
from iopkit.placement import Engine, Recommendation, recommend

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes.model import Stage, Vignette


def as_level(value: Level | str, argument: str = "chosen") -> Level:
    from iopkit.errors import choose

    return choose(Level, value, argument)


class _Graded:
    """What every graded answer shares: the grade, and the words for it."""

    grade: Grade

    @property
    def correct(self) -> bool:
        """The answer is the author's key (a defensible answer is not)."""
        return self.grade is Grade.KEY

    @property
    def defensible(self) -> bool:
        return self.grade is Grade.DEFENSIBLE

    @property
    def verdict(self) -> str:
        return {
            Grade.KEY: "Correct",
            Grade.DEFENSIBLE: "A defensible choice",
            Grade.NOT_RIGHT: "Not this time",
        }[self.grade]


# --- Placement ------------------------------------------------------------------------------


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
    grade: Grade = Grade.NOT_RIGHT
    setting: WithdrawalSetting | None = None
    expected_setting: WithdrawalSetting | None = None
    defensible_because: str | None = None
    key_feedback: str = ""

    @property
    def answer(self) -> PlacementAnswer:
        return PlacementAnswer(self.chosen, self.setting)

    @property
    def key(self) -> PlacementAnswer:
        return PlacementAnswer(self.expected, self.expected_setting)

    @property
    def engine_agrees(self) -> bool:
        """True when the engine's recommendation matches the author's key."""
        return self.recommendation.level is self.expected

    def to_dict(self) -> dict[str, object]:
        return {
            "vignette": self.vignette_id,
            "chosen": self.answer.value,
            "expected": self.key.value,
            "grade": self.grade.value,
            "correct": self.correct,
            "feedback": self.feedback,
            "defensible_because": self.defensible_because,
            "confidence": self.confidence,
            "engine_level": self.recommendation.level.value,
            "engine_reasons": [r.to_dict() for r in self.recommendation.reasons],
            "learning_points": list(self.learning_points),
            "key_differs_because": self.key_differs_because,
        }

    def _repr_html_(self) -> str:
        from iopkit.render import placement_result_html

        return placement_result_html(self)


def _setting_note(chosen: WithdrawalSetting, key: WithdrawalSetting) -> str:
    return (
        f"Withdrawal management is the service this case needs, but as "
        f"{key.label.lower()}, not {chosen.label.lower()}: {key.info.description} "
        "The author's feedback on withdrawal management: "
    )


def grade_placement(
    vignette: Vignette,
    chosen: PlacementAnswer | Level | str,
    engine: Engine = recommend,
    confidence: str | None = None,
) -> PlacementResult:
    """Grade a chosen level (``"withdrawal_management:24_hour"`` names the setting too)."""
    answer = PlacementAnswer.parse(chosen)
    grade = grade_answer(vignette, vignette.id, answer)
    key = key_setting(vignette)
    feedback = vignette.feedback.get(answer.level, "The author wrote no feedback for this level.")
    if answer.setting is not None and key is not None and answer.setting is not key:
        feedback = _setting_note(answer.setting, key) + feedback
    return PlacementResult(
        vignette_id=vignette.id,
        chosen=answer.level,
        expected=vignette.expected_level,
        feedback=feedback,
        recommendation=engine(vignette.assessment),
        learning_points=tuple(vignette.learning_points),
        confidence=confidence,
        key_differs_because=vignette.key_differs_because,
        grade=grade,
        setting=answer.setting,
        expected_setting=key,
        defensible_because=vignette.also_defensible.get(answer.level)
        if grade is Grade.DEFENSIBLE
        else None,
        key_feedback=vignette.feedback.get(vignette.expected_level, ""),
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
    grade: Grade = Grade.NOT_RIGHT
    target: Level | None = None
    level_before: Level | None = None
    reached: Level | None = None
    defensible_because: str | None = None
    key_feedback: str = ""
    key_differs_because: str | None = None

    @property
    def answer(self) -> StageAnswer:
        return StageAnswer(self.chosen, self.target)

    @property
    def key(self) -> StageAnswer:
        moves = self.expected in (Decision.STEP_DOWN, Decision.STEP_UP)
        return StageAnswer(self.expected, self.expected_level if moves else None)

    @property
    def engine_agrees(self) -> bool:
        return self.recommendation.level is self.expected_level

    def to_dict(self) -> dict[str, object]:
        return {
            "vignette": self.vignette_id,
            "stage": self.stage_id,
            "chosen": self.answer.value,
            "expected": self.key.value,
            "expected_level": self.expected_level.value,
            "grade": self.grade.value,
            "correct": self.correct,
            "feedback": self.feedback,
            "defensible_because": self.defensible_because,
            "engine_level": self.recommendation.level.value,
            "learning_points": list(self.learning_points),
            "key_differs_because": self.key_differs_because,
        }

    def _repr_html_(self) -> str:
        from iopkit.render import stage_result_html

        return stage_result_html(self)


def _stage_of(vignette: Vignette, stage: Stage | int | str) -> int:
    """The index of ``stage`` (given as the Stage, its index or its id)."""
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
        return stage
    if isinstance(stage, str):
        if stage not in ids:
            raise UnknownNameError("stage", stage, ids)
        return ids.index(stage)
    if hasattr(stage, "decision") and getattr(stage, "id", None) in ids:
        return ids.index(stage.id)
    raise ArgumentTypeError("stage", stage, "a Stage of this case, its index or its id")


def _feedback_for(st: Stage, answer: StageAnswer, grade: Grade, reached: Level | None) -> str:
    """The author's words for the decision; when the answer reached the key's level under
    another name, or named another level than the key's for the same decision, say so first."""
    text = st.feedback.get(answer.decision, "The author wrote no feedback for this decision.")
    if grade is Grade.KEY and answer.decision is not st.decision:
        return (
            f"{answer.label} is the author's decision by another name: "
            f"{st.decision.label.lower()} here means {st.expected_level.short} next. {text}"
        )
    if answer.decision is st.decision and grade is not Grade.KEY and reached is not None:
        return (
            f"{answer.decision.label} is the right decision, but to "
            f"{st.expected_level.short}, not {reached.short}. {text}"
        )
    return text


def grade_stage(
    vignette: Vignette,
    stage: Stage | int | str,
    chosen: StageAnswer | Decision | str,
    engine: Engine = recommend,
    target: Level | str | None = None,
) -> StageResult:
    """Grade a decision at a stage; ``target`` (or ``"step_down:outpatient"``) names the level."""
    index = _stage_of(vignette, stage)
    st = vignette.stages[index]
    answer = StageAnswer.parse(chosen, target)
    question = f"{vignette.id}/{st.id}"
    grade = grade_answer(vignette, question, answer)
    now = level_before(vignette, index)
    reached = reached_level(answer, now)
    return StageResult(
        vignette_id=vignette.id,
        stage_id=st.id,
        stage_title=st.title,
        chosen=answer.decision,
        expected=st.decision,
        expected_level=st.expected_level,
        feedback=_feedback_for(st, answer, grade, reached),
        recommendation=engine(st.assessment),
        learning_points=tuple(st.learning_points),
        grade=grade,
        target=answer.target,
        level_before=now,
        reached=reached,
        defensible_because=st.also_defensible.get(answer.decision)
        if grade is Grade.DEFENSIBLE
        else None,
        key_feedback=st.feedback.get(st.decision, ""),
        key_differs_because=st.key_differs_because,
    )
