"""What a trainee's answer means, and the one function that grades it.

An answer is stored as a short string (the ``chosen`` of the answers database, an export or a
hand-in) and read back here:

* a placement answer is a level, and for withdrawal management its setting:
  ``"iop"``, ``"withdrawal_management:24_hour"``, ``"withdrawal_management:ambulatory"``;
* a stage answer is a decision, and for a step the level the person moves to:
  ``"continue"``, ``"discharge"``, ``"step_down:outpatient"``, ``"step_up:php"``.

:func:`grade_answer` decides every grade in the kit (the player, the answers database, the
export, the hand-in and the debrief all call it): the author's key, a choice the author lists
as defensible, or not right. A stage answer is the key when it reaches the key's level, whatever
its name (:data:`REACHES`): stepping down from IOP to outpatient care is a discharge.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from iopkit.errors import ArgumentError, UnknownNameError, choose
from iopkit.levels import STEP_DOWN, STEP_UP, Decision, Level, WithdrawalSetting

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes.model import Stage, Vignette

SEPARATOR = ":"
"""Between a choice and its detail in a stored answer (``step_down:outpatient``)."""


class Grade(str, Enum):
    """The three outcomes of an answer."""

    KEY = "key"
    DEFENSIBLE = "defensible"
    NOT_RIGHT = "not_right"

    @property
    def label(self) -> str:
        return _GRADE_LABELS[self]


_GRADE_LABELS = {Grade.KEY: "Right", Grade.DEFENSIBLE: "Defensible", Grade.NOT_RIGHT: "Not right"}


# --- Answers ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlacementAnswer:
    """A level of care, with its setting when it is withdrawal management (``None``: unstated)."""

    level: Level
    setting: WithdrawalSetting | None = None

    def __post_init__(self) -> None:
        if self.setting is not None and self.level is not Level.WITHDRAWAL_MANAGEMENT:
            raise ArgumentError(
                "chosen",
                f"{self.level.value}{SEPARATOR}{self.setting.value}",
                [lv.value for lv in Level],
                reason="names a setting, which only withdrawal management has",
            )

    @property
    def value(self) -> str:
        """The stored form, e.g. ``withdrawal_management:24_hour``."""
        if self.setting is None:
            return self.level.value
        return f"{self.level.value}{SEPARATOR}{self.setting.value}"

    @property
    def label(self) -> str:
        if self.setting is None:
            return self.level.label
        return self.setting.label

    @classmethod
    def parse(cls, value: PlacementAnswer | Level | str) -> PlacementAnswer:
        """Read a stored answer (``ArgumentError`` naming the allowed values when it is not one)."""
        if isinstance(value, PlacementAnswer):
            return value
        if isinstance(value, Level):
            return cls(value)
        head, _, detail = str(value).partition(SEPARATOR)
        level = choose(Level, head, "chosen")
        if not detail:
            return cls(level)
        return cls(level, choose(WithdrawalSetting, detail, "chosen setting"))


@dataclass(frozen=True)
class StageAnswer:
    """A decision at a stage, with the level it moves to when the trainee names one."""

    decision: Decision
    target: Level | None = None

    @property
    def value(self) -> str:
        """The stored form, e.g. ``step_down:outpatient``."""
        if self.target is None:
            return self.decision.value
        return f"{self.decision.value}{SEPARATOR}{self.target.value}"

    @property
    def label(self) -> str:
        if self.target is None or self.decision in (Decision.CONTINUE, Decision.DISCHARGE):
            return self.decision.label
        return f"{self.decision.label} to {self.target.short}"

    @classmethod
    def parse(
        cls, value: StageAnswer | Decision | str, target: Level | str | None = None
    ) -> StageAnswer:
        """Read a stored answer; ``target`` names the level when the string does not."""
        if isinstance(value, StageAnswer):
            return value
        head, _, detail = str(value.value if isinstance(value, Decision) else value).partition(
            SEPARATOR
        )
        decision = choose(Decision, head, "chosen")
        named = detail or target
        return cls(decision, choose(Level, named, "target level") if named else None)


# --- Where a decision leads -------------------------------------------------------------------

REACHES: dict[Decision, Callable[[Level], Level | None]] = {
    Decision.CONTINUE: lambda now: now,
    Decision.DISCHARGE: lambda now: Level.OUTPATIENT,
    Decision.STEP_DOWN: lambda now: next(iter(STEP_DOWN.get(now, ())), None),
    Decision.STEP_UP: lambda now: next(iter(STEP_UP.get(now, ())), None),
}
"""The one table of what each decision reaches from the level the person is at, when the answer
names no level: continuing keeps the level; a discharge leaves the programme for outpatient care;
a step goes to the usual next level (``levels.STEP_DOWN`` / ``STEP_UP``). An answer that names
its level reaches that level. Two answers that reach the same level are the same answer."""


def targets(decision: Decision, now: Level) -> tuple[Level, ...]:
    """The levels a trainee can name for ``decision`` from ``now``, least intensive first.

    >>> [lv.value for lv in targets(Decision.STEP_DOWN, Level.PHP)]
    ['outpatient', 'iop']
    >>> targets(Decision.DISCHARGE, Level.IOP)
    ()
    """
    from iopkit.levels import BY_INTENSITY

    if decision is Decision.STEP_DOWN:
        # withdrawal management is a service that comes first, never a step down
        return tuple(
            lv
            for lv in BY_INTENSITY
            if lv.rank < now.rank and lv is not Level.WITHDRAWAL_MANAGEMENT
        )
    if decision is Decision.STEP_UP:
        return tuple(lv for lv in BY_INTENSITY if lv.rank > now.rank)
    return ()


def reached_level(answer: StageAnswer, now: Level) -> Level | None:
    """The level ``answer`` leads to from ``now`` (``ArgumentError`` for a level it cannot name).

    >>> reached_level(StageAnswer(Decision.STEP_DOWN), Level.IOP).value
    'outpatient'
    """
    if answer.target is None:
        return REACHES[answer.decision](now)
    allowed = targets(answer.decision, now) or (REACHES[answer.decision](now),)
    if answer.target not in allowed:
        raise ArgumentError(
            "chosen",
            answer.value,
            [f"{answer.decision.value}{SEPARATOR}{lv.value}" for lv in allowed if lv],
            reason=f"cannot be reached that way from {now.value}",
        )
    return answer.target


def level_before(vignette: Vignette, index: int) -> Level:
    """The level the person is at when stage ``index`` opens (the key of the question before)."""
    return vignette.expected_level if index == 0 else vignette.stages[index - 1].expected_level


def key_setting(vignette: Vignette) -> WithdrawalSetting | None:
    """The withdrawal setting the key means: the author's, else the teaching rules' for the
    assessment (``None`` when the key is not withdrawal management)."""
    if vignette.expected_level is not Level.WITHDRAWAL_MANAGEMENT:
        return None
    if vignette.withdrawal_setting is not None:
        return vignette.withdrawal_setting
    from iopkit.placement import withdrawal_setting

    return withdrawal_setting(vignette.assessment)


def key_answer(vignette: Vignette, question: str) -> PlacementAnswer | StageAnswer:
    """The author's key for ``question``, as an answer (a stage's names its level)."""
    stage, index = find_stage(vignette, question)
    if stage is None:
        return PlacementAnswer(vignette.expected_level, key_setting(vignette))
    target = (
        stage.expected_level if stage.decision in (Decision.STEP_DOWN, Decision.STEP_UP) else None
    )
    return StageAnswer(stage.decision, target)


# --- The grade --------------------------------------------------------------------------------


def find_stage(vignette: Vignette, question: str) -> tuple[Stage | None, int]:
    """The stage ``question`` asks about and its index (``None, -1`` for the placement)."""
    case, slash, stage_id = question.partition("/")
    if case != vignette.id:
        raise ArgumentError(
            "question", question, [vignette.id], reason=f"is not a question of {vignette.id}"
        )
    if not slash:
        return None, -1
    ids = [s.id for s in vignette.stages]
    if stage_id not in ids:
        raise UnknownNameError("stage", stage_id, ids)
    index = ids.index(stage_id)
    return vignette.stages[index], index


def grade_answer(
    vignette: Vignette, question: str, chosen: str | PlacementAnswer | StageAnswer
) -> Grade:
    """The grade of ``chosen`` for ``question`` of ``vignette``: the one rule of the kit.

    ``question`` is ``"case-id"`` (the placement) or ``"case-id/stage-id"`` (a stage);
    ``chosen`` is the stored answer (see the module's docstring). A bad value raises an
    :class:`~iopkit.errors.ArgumentError` that names what is allowed.
    """
    stage, index = find_stage(vignette, question)
    if stage is None:
        answer = PlacementAnswer.parse(
            chosen if not isinstance(chosen, StageAnswer) else chosen.value
        )
        if answer.level is vignette.expected_level:
            setting = key_setting(vignette)
            unstated = answer.setting is None or setting is None
            return Grade.KEY if unstated or answer.setting is setting else Grade.NOT_RIGHT
        return Grade.DEFENSIBLE if answer.level in vignette.also_defensible else Grade.NOT_RIGHT
    step = StageAnswer.parse(chosen if not isinstance(chosen, PlacementAnswer) else chosen.value)
    now = level_before(vignette, index)
    reached = reached_level(step, now)
    if reached is stage.expected_level or (step.target is None and step.decision is stage.decision):
        return Grade.KEY
    return Grade.DEFENSIBLE if step.decision in stage.also_defensible else Grade.NOT_RIGHT
