"""Regrading for the debrief: every answer graded again from what was chosen.

A hand-in says whether each answer was right; the debrief never uses that. :class:`Regrader`
grades the stored choice with :func:`iopkit.grading.grade_answer` (the kit's one grading rule)
against the key of the case version the trainee answered. An answer to a case this kit does not
have, to another version of a case, to a stage the case does not have, or choosing something the
question does not offer, is not graded: the reason comes back instead, and the debrief reports it.
"""

from __future__ import annotations

from typing import Any

from iopkit.errors import IopkitError
from iopkit.grading import Grade, grade_answer
from iopkit.handins import HandInRecord, PlacementAnswer

Verdict = Grade | str
"""A regraded answer: its :class:`~iopkit.grading.Grade`, or why it could not be graded."""

UNKNOWN_CASE = "to cases not in this kit's library"
NO_VERSION = "that do not say which version of the case they answer"
OTHER_VERSION = "to another version of a case than this kit's"
UNKNOWN_STAGE = "to stages the case does not have"
NOT_OFFERED = "choosing something the question does not offer"


class Regrader:
    """Grades answers against ``library`` (one result per distinct answer: linear in the data)."""

    def __init__(self, library: Any) -> None:
        # A dict, not library.get: a miss there looks for close names, and a hostile hand-in
        # can name 20,000 unknown cases.
        self._by_id = {v.id: v for v in library.vignettes} if library is not None else {}
        self._cache: dict[tuple[str, str, str, int | None], Verdict] = {}

    def vignette(self, case_id: str) -> Any:
        """The library's vignette ``case_id``, or ``None``."""
        return self._by_id.get(case_id)

    def __call__(self, record: HandInRecord, answer: PlacementAnswer) -> Verdict:
        version = record.version_of(answer)
        key = (answer.case_id, answer.stage, answer.chosen, version)
        if key not in self._cache:
            self._cache[key] = self._grade(answer, version)
        return self._cache[key]

    def _grade(self, answer: PlacementAnswer, version: int | None) -> Verdict:
        v = self.vignette(answer.case_id)
        if v is None:
            return UNKNOWN_CASE
        if version is None:
            return NO_VERSION
        if version != v.version:
            return OTHER_VERSION
        if answer.stage and answer.stage not in {st.id for st in v.stages}:
            return UNKNOWN_STAGE
        question = f"{v.id}/{answer.stage}" if answer.stage else v.id
        try:
            return grade_answer(v, question, answer.chosen)
        except IopkitError:
            return NOT_OFFERED


__all__ = ["NOT_OFFERED", "Regrader", "Verdict"]
