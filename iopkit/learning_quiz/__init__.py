"""The workshop's knowledge check: one form before the day (pre), its parallel form after it.

Twelve learning objectives the notebooks state, each with two items (form A and form B) that
test the same reasoning; eight objectives are safety-critical reasoning taught in 01-04. Each
trainee takes one form before the day and the other after it (which comes first is drawn per
trainee), with the options shuffled from a recorded seed. The facilitator's debrief regrades
what was chosen and measures the gain (:mod:`iopkit.measurement`). Pure data and grading: no
widgets, no I/O.

* :mod:`.model`: objectives, items, forms and phases;
* :mod:`.bank`: the items;
* :mod:`.forms`: the per-trainee plan (form order and option order from a seed).
"""

from __future__ import annotations

from dataclasses import dataclass

from iopkit.learning_quiz.bank import BANK, OBJECTIVES
from iopkit.learning_quiz.forms import FORMS, CheckPlan, new_seed, plan_for
from iopkit.learning_quiz.model import Form, KnowledgeItem, Objective, Phase

KNOWLEDGE_QUIZ: tuple[KnowledgeItem, ...] = BANK
KNOWLEDGE_BY_ID: dict[str, KnowledgeItem] = {q.id: q for q in BANK}


@dataclass(frozen=True)
class KnowledgeResult:
    """A graded answer; the explanation is shown only after the post-check."""

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
    """Grade one answer from the option key chosen (never from a stated verdict).

    >>> grade_knowledge("continuum-a", KNOWLEDGE_BY_ID["continuum-a"].answer, "pre").correct
    True
    """
    it = KNOWLEDGE_BY_ID[item] if isinstance(item, str) else item
    return KnowledgeResult(it, chosen, Phase(phase))


__all__ = [
    "FORMS",
    "KNOWLEDGE_BY_ID",
    "KNOWLEDGE_QUIZ",
    "OBJECTIVES",
    "CheckPlan",
    "Form",
    "KnowledgeItem",
    "KnowledgeResult",
    "Objective",
    "Phase",
    "grade_knowledge",
    "new_seed",
    "plan_for",
]
