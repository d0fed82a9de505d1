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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from iopkit.errors import IopkitError
from iopkit.grading import (
    Grade,
    PlacementAnswer,
    PlacementResult,
    Scorecard,
    StageAnswer,
    StageResult,
    find_stage,
    grade_answer,
    grade_placement,
    grade_stage,
)
from iopkit.placement import Engine, recommend

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.assessment import Assessment
    from iopkit.levels import Level
    from iopkit.vignettes import Library
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
        self,
        level: PlacementAnswer | Level | str,
        engine: Engine = recommend,
        confidence: str | None = None,
    ) -> tuple[CaseProgress, PlacementResult]:
        """Answer the admission question (again, too, once the case has moved on)."""
        result = grade_placement(self.vignette, level, engine, confidence)
        return (replace(self, answered=True) if self.at_admission else self), result

    def decide(
        self,
        decision: StageAnswer | Decision | str,
        engine: Engine = recommend,
        target: Level | str | None = None,
    ) -> tuple[CaseProgress, StageResult]:
        """Answer the open stage's question, naming the level for a step if the trainee did
        (``ValueError`` at admission)."""
        if self.at_admission:
            raise ValueError("this case is at admission; choose a level first")
        result = grade_stage(self.vignette, self.stage_index, decision, engine, target)
        return replace(self, answered=True), result

    def next_stage(self) -> CaseProgress:
        """The next stage, unanswered (``ValueError`` when there is none or nothing answered)."""
        if not self.can_go_on:
            raise ValueError("answer this question first, or the case has no later stage")
        return replace(self, stage_index=self.stage_index + 1, answered=False)


# --- Picking up where the trainee left off ----------------------------------------------------


@dataclass(frozen=True)
class Restored:
    """What the answers database says about a trainee's cases, regraded by the one rule.

    ``card`` holds the grade of each question's first answer, ``progress`` each case's furthest
    answered question, ``last`` the latest answer to each question (what the page shows again).
    """

    card: Scorecard
    progress: Mapping[str, CaseProgress]
    last: Mapping[str, str]
    skipped: int = 0

    @property
    def answered(self) -> int:
        return self.card.answered


def restore(library: Library, rows: Iterable[Mapping[str, Any]]) -> Restored:
    """Rebuild the score and the case progress from the placement rows, oldest first.

    Each first answer is regraded with :func:`~iopkit.grading.grade_answer` against the case
    as it is now when the row was answered on this version (or names none); an answer to an
    older version keeps the grade it was given. Rows for a case or stage the library no longer
    has, or with an answer the rule cannot read, are skipped and counted.
    """
    card = Scorecard(library.ids)
    furthest: dict[str, CaseProgress] = {}
    last: dict[str, str] = {}
    skipped = 0
    for row in rows:
        case_id, stage_id = str(row.get("case_id", "")), str(row.get("stage") or "")
        if case_id not in library:
            skipped += 1
            continue
        v = library.get(case_id)
        question = f"{case_id}/{stage_id}" if stage_id else case_id
        try:
            grade = _row_grade(v, question, row)
            _, index = find_stage(v, question)
        except IopkitError:
            skipped += 1
            continue
        card = card.record(question, grade)
        last[question] = str(row["chosen"])
        here = CaseProgress(v, index, answered=True)
        before = furthest.get(case_id)
        if before is None or here.stage_index > before.stage_index:
            furthest[case_id] = here
    return Restored(card, furthest, last, skipped)


def _row_grade(v: Vignette, question: str, row: Mapping[str, Any]) -> Grade:
    version = row.get("vignette_version")
    if version is None or version == v.version:
        return grade_answer(v, question, str(row.get("chosen", "")))
    stored = str(row.get("grade") or "")
    if stored in {g.value for g in Grade}:
        return Grade(stored)
    return Grade.KEY if row.get("correct") else Grade.NOT_RIGHT
