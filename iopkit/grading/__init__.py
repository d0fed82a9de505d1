"""Grading a trainee's answers: placements, later stages, and the score.

Everything here is pure (no widgets, no plotting, no I/O), so the apps, the notebooks and the
tests read the same results:

* :func:`grade_answer`: the one rule that grades a stored answer: :class:`Grade` ``KEY``,
  ``DEFENSIBLE`` (an answer the author lists in ``also_defensible``) or ``NOT_RIGHT``;
* :func:`grade_placement`: a trainee's level for a vignette -> :class:`PlacementResult`
  (the grade, the author's feedback for that choice, the engine's reasons, learning points);
* :func:`grade_stage`: a decision at a later stage of a multi-stage case -> :class:`StageResult`;
* :class:`Scorecard`: the score across a set of cases (first answers count).

Results render through :mod:`iopkit.render`.
"""

from __future__ import annotations

from iopkit.grading.answers import (
    REACHES,
    Grade,
    PlacementAnswer,
    StageAnswer,
    find_stage,
    grade_answer,
    key_answer,
    key_setting,
    level_before,
    reached_level,
    targets,
)
from iopkit.grading.results import (
    PlacementResult,
    StageResult,
    as_level,
    grade_placement,
    grade_stage,
)
from iopkit.grading.score import Scorecard

__all__ = [
    "REACHES",
    "Grade",
    "PlacementAnswer",
    "PlacementResult",
    "Scorecard",
    "StageAnswer",
    "StageResult",
    "as_level",
    "find_stage",
    "grade_answer",
    "grade_placement",
    "grade_stage",
    "key_answer",
    "key_setting",
    "level_before",
    "reached_level",
    "targets",
]
