"""Per-trainee knowledge-check plans: which form comes first, and the order of the options.

A trainee's plan follows from one random seed, kept in their answers store and written into
their hand-in, so anyone can rebuild exactly what the trainee saw. Which form is taken before
the day is drawn from the seed (the other is taken after it); each form's right answers are
spread evenly over the four positions, and the wrong options fall in random order around them.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from iopkit.learning_quiz.bank import BANK
from iopkit.learning_quiz.model import Form, KnowledgeItem, Phase

FORMS: dict[Form, tuple[KnowledgeItem, ...]] = {
    form: tuple(item for item in BANK if item.form is form) for form in Form
}


def new_seed() -> int:
    """A fresh seed for a new trainee."""
    return secrets.randbelow(2**31)


@dataclass(frozen=True)
class CheckPlan:
    """What one trainee is shown: the form for each phase and each item's option order."""

    seed: int
    first_form: Form
    orders: Mapping[str, tuple[str, ...]]

    def form(self, phase: Phase | str) -> Form:
        return self.first_form if Phase(phase) is Phase.PRE else self.first_form.other

    def items(self, phase: Phase | str) -> tuple[KnowledgeItem, ...]:
        return FORMS[self.form(phase)]

    def shown_options(self, item: KnowledgeItem) -> tuple[tuple[str, str], ...]:
        """``(key, text)`` pairs in the order this trainee sees them."""
        return tuple((key, item.option_text(key)) for key in self.orders[item.id])

    def to_dict(self) -> dict[str, Any]:
        """What a hand-in records about the plan (the seed rebuilds the rest)."""
        return {"seed": self.seed, "first_form": self.first_form.value}


def plan_for(seed: int) -> CheckPlan:
    """The plan a seed gives; the same seed always gives the same plan.

    >>> plan_for(7) == plan_for(7)
    True
    """
    rng = random.Random(f"iopkit-knowledge-check:{int(seed)}")
    first = rng.choice((Form.A, Form.B))
    orders: dict[str, tuple[str, ...]] = {}
    for form in Form:
        items = FORMS[form]
        slots = [n % 4 for n in range(len(items))]
        rng.shuffle(slots)
        for item, slot in zip(items, slots, strict=True):
            keys = list(item.distractors)
            rng.shuffle(keys)
            keys.insert(slot, item.answer)
            orders[item.id] = tuple(keys)
    return CheckPlan(int(seed), first, orders)


__all__ = ["FORMS", "CheckPlan", "new_seed", "plan_for"]
