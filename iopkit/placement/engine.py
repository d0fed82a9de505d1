"""The placement engine: ``recommend(assessment)`` applies the rules and flags, in order.

``recommend`` is a pure, deterministic function: no I/O, no printing, no widgets. It returns a
:class:`Recommendation` whose ``reasons`` say, rule by rule, why the level was chosen, whose
``flags`` carry cautions that do not change the level, and whose ``what_if`` holds a
:class:`~iopkit.placement.whatif.FieldSweep` per assessment field. :func:`change_finding`
looks at one such change in full (a :class:`FindingChange`, with both recommendations).
``recommend()`` takes another :class:`RuleSet` for experiments; the default is the kit's,
:data:`KIT_RULES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from iopkit import DISCLAIMER
from iopkit.assessment import Assessment
from iopkit.errors import UnknownNameError
from iopkit.levels import Level, WithdrawalSetting
from iopkit.placement.flags import FLAGS
from iopkit.placement.model import Flag, Reason, Rule, RuleSet, first_met
from iopkit.placement.rules import RULES, withdrawal_setting
from iopkit.placement.whatif import FieldSweep, sweep

#: The kit's rule set: what ``recommend()`` uses unless it is given another.
KIT_RULES = RuleSet(RULES, FLAGS)


class RuleStatus(str, Enum):
    """Where one placement rule stands on a case's decision path."""

    MET = "met"
    NOT_MET = "not met"
    NOT_CHECKED = "not checked"


@dataclass(frozen=True)
class Recommendation:
    """The engine's answer: a level, why, cautions, and how each finding would move it."""

    level: Level
    reasons: tuple[Reason, ...]
    flags: tuple[Flag, ...]
    what_if: tuple[FieldSweep, ...]
    assessment: Assessment = field(repr=False)

    @property
    def withdrawal_setting(self) -> WithdrawalSetting | None:
        """Ambulatory or 24-hour, when the level is withdrawal management (else ``None``)."""
        if self.level is not Level.WITHDRAWAL_MANAGEMENT:
            return None
        return withdrawal_setting(self.assessment)

    @property
    def decisive(self) -> Reason:
        """The reason that decided the level (the last one)."""
        return self.reasons[-1]

    @property
    def path(self) -> tuple[str, ...]:
        """The ids of the rules checked, in order, ending with the one that decided."""
        return tuple(r.rule for r in self.reasons)

    def what_if_for(self, field_name: str) -> FieldSweep:
        for w in self.what_if:
            if w.field == field_name:
                return w
        raise KeyError(field_name)

    def to_dict(self) -> dict[str, object]:
        return {
            "level": self.level.value,
            "level_label": self.level.label,
            "withdrawal_setting": setting.value if (setting := self.withdrawal_setting) else None,
            "reasons": [r.to_dict() for r in self.reasons],
            "flags": [f.to_dict() for f in self.flags],
            "what_if": [w.to_dict() for w in self.what_if],
            "disclaimer": DISCLAIMER,
        }

    @property
    def level_text(self) -> str:
        """The level as a trainee reads it, with the withdrawal setting when there is one."""
        setting = self.withdrawal_setting
        return setting.label if setting is not None else self.level.label

    def summary(self) -> str:
        return f"{self.level_text}: {self.decisive.explanation}"

    def __repr__(self) -> str:
        flags = ", ".join(f.code for f in self.flags) or "none"
        return (
            f"Recommendation(level={self.level.value!r}, decided_by={self.decisive.rule!r}, "
            f"flags=[{flags}])"
        )

    def _repr_html_(self) -> str:
        from iopkit.render import recommendation_html

        return recommendation_html(self)


def rule_statuses(
    rec: Recommendation, rules: tuple[Rule, ...] = RULES
) -> list[tuple[str, RuleStatus]]:
    """(rule id, status) for every rule, in order: the path ``rec`` took through ``rules``."""
    checked = {r.rule: r.met for r in rec.reasons}
    return [
        (
            rule.id,
            RuleStatus.NOT_CHECKED
            if rule.id not in checked
            else RuleStatus.MET
            if checked[rule.id]
            else RuleStatus.NOT_MET,
        )
        for rule in rules
    ]


def recommend(
    assessment: Assessment | Mapping[str, Any], rules: RuleSet = KIT_RULES
) -> Recommendation:
    """Recommend a level of care for an assessment, with reasons, flags and what-ifs.

    ``rules`` is the rule set to apply (default: the kit's, :data:`KIT_RULES`).

    >>> rec = recommend({"symptom_severity": "moderate", "functional_impairment": "moderate",
    ...     "safety": "safety_plan", "medically_stable": True, "withdrawal": "completed",
    ...     "home_environment": "supportive", "motivation": "high", "acute_phase": False,
    ...     "current_setting": "outpatient", "outpatient_response": "inadequate"})
    >>> rec.level.value
    'iop'
    >>> rec.decisive.rule
    'needs-more-than-weekly'
    """
    a = assessment if isinstance(assessment, Assessment) else Assessment.from_mapping(assessment)
    level, index = first_met(a, rules.rules)
    reasons = tuple(
        Reason(
            rule=r.id,
            title=r.title,
            met=(i == index),
            explanation=r.explanation(a, i == index),
            fields=r.fields,
            level=r.level if i == index else None,
            criterion=r.criterion,
            source=r.source.cite(),
        )
        for i, r in enumerate(rules.rules[: index + 1])
    )
    return Recommendation(
        level=level,
        reasons=reasons,
        flags=tuple(f.flag(a, level) for f in rules.flags if f.condition(a, level)),
        what_if=sweep(a, level, rules.rules),
        assessment=a,
    )


# --- One finding changed ----------------------------------------------------------------------

Engine = Callable[[Assessment], Recommendation]
"""Anything that recommends a level for an assessment (``recommend``, or a variant of it)."""


@dataclass(frozen=True)
class FindingChange:
    """One finding given another value, with the full recommendation before and after.

    Where :class:`FieldSweep` records only the level for every value of a field, this is the
    close look at one value that the what-if view shows: which rule decides after the change.
    """

    field: str
    old_value: Any
    new_value: Any
    before: Recommendation
    after: Recommendation

    @property
    def changes_level(self) -> bool:
        return self.before.level is not self.after.level

    def _repr_html_(self) -> str:
        from iopkit.render import finding_change_html

        return finding_change_html(self)


def change_finding(
    assessment: Assessment, field_name: str, value: Any, engine: Engine = recommend
) -> FindingChange:
    """Change one finding of an assessment and recommend again.

    ``value`` is checked as a file's value would be (``"cannot_keep_safe"`` or the enum
    member).

    >>> from iopkit.quiz import QUIZ
    >>> change_finding(QUIZ[0].assessment, "safety", "cannot_keep_safe").after.level.value
    'inpatient'
    """
    if field_name not in Assessment.model_fields:
        raise UnknownNameError("field_name", field_name, list(Assessment.model_fields))
    changed = Assessment.from_mapping({**dict(assessment), field_name: value})
    return FindingChange(
        field_name,
        getattr(assessment, field_name),
        getattr(changed, field_name),
        engine(assessment),
        engine(changed),
    )
