"""What a knowledge-check item is: the objective it measures, its form, options and source.

Pure data: no widgets, no I/O. The items themselves are in :mod:`iopkit.learning_quiz.bank`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from iopkit import sources as S

OPTION_KEYS = "abcd"


class Phase(str, Enum):
    """When the check is taken: at the start of the day or at its end."""

    PRE = "pre"
    POST = "post"

    @property
    def label(self) -> str:
        return "Before the workshop" if self is Phase.PRE else "After the workshop"


class Form(str, Enum):
    """One of the two parallel forms; each objective has one item in each."""

    A = "A"
    B = "B"

    @property
    def other(self) -> Form:
        return Form.B if self is Form.A else Form.A


@dataclass(frozen=True)
class Objective:
    """A learning objective a notebook states, a short name for charts, and whether it is
    safety-critical reasoning."""

    id: str
    text: str
    notebook: str
    safety: bool
    short: str


@dataclass(frozen=True)
class KnowledgeItem:
    """One question: options as ``(key, text)`` in the bank's order, the key of the right one,
    the objective it measures, its form, its source, and ``giveaways``: the phrases (besides the
    right option itself) that would answer it if a trainee read them before the pre-check."""

    id: str
    objective: Objective
    form: Form
    prompt: str
    options: tuple[tuple[str, str], ...]
    answer: str
    explanation: str
    source: S.Source
    giveaways: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        keys = [k for k, _ in self.options]
        if keys != list(OPTION_KEYS[: len(keys)]) or len(keys) != 4:
            raise ValueError(f"knowledge item {self.id}: four options keyed a-d are expected")
        if self.answer not in keys:
            raise ValueError(f"knowledge item {self.id}: answer {self.answer!r} is not an option")

    @property
    def citation(self) -> str:
        """The short citation a trainee sees."""
        return self.source.title

    @property
    def right_option(self) -> str:
        return self.option_text(self.answer)

    @property
    def distractors(self) -> tuple[str, ...]:
        """The keys of the wrong options, in the bank's order."""
        return tuple(k for k, _ in self.options if k != self.answer)

    def option_text(self, key: str) -> str:
        return dict(self.options).get(key, key)


__all__ = ["OPTION_KEYS", "Form", "KnowledgeItem", "Objective", "Phase"]
