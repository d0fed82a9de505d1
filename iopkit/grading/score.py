"""The score across a set of cases: the first answer to each question counts, by its grade."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from iopkit.grading.answers import Grade


def _grade(value: Grade | bool) -> Grade:
    if isinstance(value, Grade):
        return value
    return Grade.KEY if value else Grade.NOT_RIGHT


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


@dataclass(frozen=True)
class Scorecard:
    """The score across a set of cases. Only the first answer to each question counts.

    A question is a case's placement (key ``"case-id"``) or a stage (``"case-id/stage-id"``).
    Right, defensible and not right are counted apart.

    >>> card = Scorecard(("a", "b"))
    >>> card = card.record("a", Grade.DEFENSIBLE).record("a", Grade.KEY)
    >>> card = card.record("a/week-4", Grade.KEY)
    >>> card.cases_done, card.correct, card.defensible, card.answered
    (1, 1, 1, 2)
    >>> card.summary()
    '1 right, 1 defensible, 0 not right of 2 first answers; 1 of 2 cases done'
    """

    cases: tuple[str, ...]
    results: Mapping[str, Grade] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if any(not isinstance(g, Grade) for g in self.results.values()):
            object.__setattr__(self, "results", {q: _grade(g) for q, g in self.results.items()})

    def record(self, question: str, grade: Grade | bool) -> Scorecard:
        """The card with ``question``'s first answer (a later one changes nothing)."""
        if question in self.results:
            return self
        return Scorecard(self.cases, {**self.results, question: _grade(grade)})

    def for_cases(self, cases: tuple[str, ...]) -> Scorecard:
        """The same answers, counted over another set of cases."""
        keep = {q: g for q, g in self.results.items() if q.split("/")[0] in cases}
        return Scorecard(tuple(cases), keep)

    def count(self, grade: Grade) -> int:
        return sum(1 for g in self.results.values() if g is grade)

    @property
    def answered(self) -> int:
        return len(self.results)

    @property
    def correct(self) -> int:
        """First answers that are the author's key."""
        return self.count(Grade.KEY)

    @property
    def defensible(self) -> int:
        return self.count(Grade.DEFENSIBLE)

    @property
    def not_right(self) -> int:
        return self.count(Grade.NOT_RIGHT)

    @property
    def cases_done(self) -> int:
        return sum(1 for c in self.cases if c in self.results)

    @property
    def total(self) -> int:
        return len(self.cases)

    def summary(self) -> str:
        return (
            f"{self.correct} right, {self.defensible} defensible, {self.not_right} not right "
            f"of {_counted(self.answered, 'first answer', 'first answers')}; "
            f"{self.cases_done} of {self.total} cases done"
        )
