"""Where a trainee is in one case: the admission question, then each later stage in turn.

:class:`CaseProgress` is a small immutable value: answering or moving on returns a new one with
the graded result, so the placement case player (and a test, or a script) only keeps the latest.
Pure: no widgets, no I/O.

>>> from iopkit.vignettes import load_library
>>> case = load_library().get("tomas-depression")
>>> p = CaseProgress(case)
>>> p.question, p.can_go_on
('tomas-depression', False)
>>> p, result = p.answer(case.expected_level)
>>> result.correct, p.can_go_on
(True, True)
>>> p = p.next_stage()
>>> p.question == f"tomas-depression/{case.stages[0].id}", p.answered
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from iopkit.grading import PlacementResult, StageResult, grade_placement, grade_stage
from iopkit.placement import Engine, recommend

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.assessment import Assessment
    from iopkit.levels import Level
    from iopkit.vignettes.model import Decision, Stage, Vignette

ADMISSION = -1
"""The stage index of the first question: which level fits at admission."""


@dataclass(frozen=True)
class CaseProgress:
    """A trainee's place in one case: which question is open and whether it was answered."""

    vignette: Vignette
    stage_index: int = ADMISSION
    answered: bool = False

    @property
    def at_admission(self) -> bool:
        return self.stage_index == ADMISSION

    @property
    def stage(self) -> Stage | None:
        """The later stage shown now (None at admission)."""
        return None if self.at_admission else self.vignette.stages[self.stage_index]

    @property
    def assessment(self) -> Assessment:
        """The findings the open question is about."""
        stage = self.stage
        return self.vignette.assessment if stage is None else stage.assessment

    @property
    def question(self) -> str:
        """The scorecard key of the open question: ``case-id`` or ``case-id/stage-id``."""
        stage = self.stage
        return self.vignette.id if stage is None else f"{self.vignette.id}/{stage.id}"

    @property
    def has_next_stage(self) -> bool:
        return self.stage_index + 1 < len(self.vignette.stages)

    @property
    def can_go_on(self) -> bool:
        """The open question has been answered and a later stage follows."""
        return self.answered and self.has_next_stage

    def answer(
        self, level: Level | str, engine: Engine = recommend, confidence: str | None = None
    ) -> tuple[CaseProgress, PlacementResult]:
        """Answer the admission question (again, too, once the case has moved on)."""
        result = grade_placement(self.vignette, level, engine, confidence)
        return (replace(self, answered=True) if self.at_admission else self), result

    def decide(
        self, decision: Decision | str, engine: Engine = recommend
    ) -> tuple[CaseProgress, StageResult]:
        """Answer the open stage's question (``ValueError`` at admission)."""
        if self.at_admission:
            raise ValueError("this case is at admission; choose a level first")
        result = grade_stage(self.vignette, self.stage_index, decision, engine)
        return replace(self, answered=True), result

    def next_stage(self) -> CaseProgress:
        """The next stage, unanswered (``ValueError`` when there is none or nothing answered)."""
        if not self.can_go_on:
            raise ValueError("answer this question first, or the case has no later stage")
        return replace(self, stage_index=self.stage_index + 1, answered=False)
