"""What-if sweeps: for each assessment field, the level each of its other values would give.

``recommend()`` computes one :class:`FieldSweep` per field (levels only: it re-runs the rules,
not a whole recommendation). To look at one change in full, use
:func:`iopkit.placement.change_finding`; the two always agree on the level (a test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from iopkit import sources as S
from iopkit.assessment import FIELD_VALUES, Assessment
from iopkit.levels import Level
from iopkit.placement.model import Rule, first_met


@dataclass(frozen=True)
class FieldSweep:
    """The engine's sweep of one field: the level each of its other values would give alone.

    ``recommend()`` computes one sweep per field (levels only: it re-runs the rules, not a
    whole recommendation), so a recommendation can say which findings would move the level.
    To look at one change in full (both recommendations, the deciding rule after the change),
    use :func:`change_finding`; the two always agree on the level (a test checks it).
    """

    field: str
    current: Any
    base: Level
    outcomes: tuple[tuple[Any, Level], ...]

    @property
    def changes_level(self) -> bool:
        return bool(self.changes)

    @property
    def changes(self) -> tuple[tuple[Any, Level], ...]:
        return tuple(o for o in self.outcomes if o[1] is not self.base)

    def to_dict(self) -> dict[str, object]:
        return {
            "field": self.field,
            "current": _plain(self.current),
            "changes_level": self.changes_level,
            "outcomes": [{"value": _plain(v), "level": lv.value} for v, lv in self.outcomes],
        }


def _plain(value: Any) -> Any:
    return getattr(value, "value", value)


#: The categorical fields a trainee can vary in the what-if panel.
WHAT_IF_FIELDS: tuple[str, ...] = tuple(FIELD_VALUES)

#: Every assessment field with the values the what-if view tries: the categorical fields'
#: values, for available hours a spread around the IOP and PHP minimums, and for weight a
#: spread around the eating-disorder thresholds (75% and 80% of expected weight).
WHAT_IF_VALUES: dict[str, tuple[Any, ...]] = {
    **FIELD_VALUES,
    "available_hours_per_week": (
        None,
        3.0,
        float(S.IOP_ADOLESCENT_MINIMUM.minimum),
        float(S.IOP_MEDICARE_MINIMUM.minimum),
        12.0,
        float(S.IOP_WEEKLY_HOURS_TYPICAL.maximum),
        float(S.PHP_WEEKLY_HOURS.minimum),
        30.0,
    ),
    "percent_expected_weight": (None, 70.0, 78.0, 90.0),
}


def sweep(a: Assessment, level: Level, rules: tuple[Rule, ...]) -> tuple[FieldSweep, ...]:
    out = []
    for name, options in WHAT_IF_VALUES.items():
        current = getattr(a, name)
        outcomes = tuple(
            (option, first_met(a.model_copy(update={name: option}), rules)[0])
            for option in options
            if option != current
        )
        out.append(FieldSweep(name, current, level, outcomes))
    return tuple(out)
