"""The placement engine's building blocks: a rule, a flag rule, a rule set and their results.

A :class:`Rule` decides a level when its condition holds; a :class:`FlagRule` raises a caution
that does not change the level. The kit's own rows live in :mod:`iopkit.placement.rules` and
:mod:`iopkit.placement.flags`; :mod:`iopkit.placement.engine` applies them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from iopkit.assessment import Assessment, Medication, Setting
from iopkit.components import Condition
from iopkit.levels import Level
from iopkit.sources import Source


@dataclass(frozen=True)
class Rule:
    """One placement rule: when its condition holds, it decides the level."""

    id: str
    title: str
    level: Level
    fields: tuple[str, ...]
    condition: Callable[[Assessment], bool]
    when_met: str
    when_not_met: str
    criterion: str
    source: Source
    explain: Callable[[Assessment, bool], str | None] | None = None
    """Words for this assessment (given whether the rule was met), when the fixed text is not
    specific enough; ``None`` from it falls back to ``when_met`` / ``when_not_met``."""

    def explanation(self, a: Assessment, met: bool) -> str:
        """Why the rule was met or not, for this assessment."""
        specific = self.explain(a, met) if self.explain is not None else None
        return specific or (self.when_met if met else self.when_not_met)


@dataclass(frozen=True)
class FlagRule:
    """One caution: when its condition holds for an assessment and the level, it is raised."""

    code: str
    fields: tuple[str, ...]
    condition: Callable[[Assessment, Level], bool]
    message: Callable[[Assessment, Level], str]
    sources: tuple[Source, ...]

    def flag(self, a: Assessment, level: Level) -> Flag:
        return Flag(
            self.code,
            self.message(a, level),
            self.fields,
            "; ".join(s.cite() for s in self.sources),
        )


@dataclass(frozen=True)
class Reason:
    """One step of the decision: a rule that was checked, whether it was met, and why."""

    rule: str
    title: str
    met: bool
    explanation: str
    fields: tuple[str, ...]
    level: Level | None
    criterion: str
    source: str

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "title": self.title,
            "met": self.met,
            "explanation": self.explanation,
            "fields": list(self.fields),
            "level": self.level.value if self.level else None,
            "criterion": self.criterion,
            "source": self.source,
        }


@dataclass(frozen=True)
class Flag:
    """A caution that does not change the level but changes the plan."""

    code: str
    message: str
    fields: tuple[str, ...]
    source: str

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "message": self.message,
            "fields": list(self.fields),
            "source": self.source,
        }


@dataclass(frozen=True)
class RuleSet:
    """The placement rules (checked in order, the last always applies) and the flags."""

    rules: tuple[Rule, ...]
    flags: tuple[FlagRule, ...] = ()

    def __post_init__(self) -> None:
        if not self.rules:
            raise ValueError("a rule set needs at least one rule")
        for kind, codes in (
            ("rule id", [r.id for r in self.rules]),
            ("flag code", [f.code for f in self.flags]),
        ):
            twice = sorted({c for c in codes if codes.count(c) > 1})
            if twice:
                raise ValueError(f"each {kind} must be unique; repeated: {', '.join(twice)}")

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (``KeyError`` if the set has none)."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def has_condition(a: Assessment, condition: Condition) -> bool:
    return condition in a.conditions


def takes(a: Assessment, *medications: Medication) -> bool:
    """The person takes any of these medicines now."""
    return any(m in a.medications for m in medications)


def has_substance_use(a: Assessment) -> bool:
    """Any substance use disorder is among the conditions."""
    return any(c.is_substance_use for c in a.conditions)


_SETTING_LEVEL: dict[Setting, Level | None] = {
    Setting.COMMUNITY: None,
    Setting.OUTPATIENT: Level.OUTPATIENT,
    Setting.IOP: Level.IOP,
    Setting.PHP: Level.PHP,
    Setting.RESIDENTIAL: Level.RESIDENTIAL,
    Setting.INPATIENT: Level.INPATIENT,
}


def setting_level(setting: Setting) -> Level | None:
    """The level of care a current setting corresponds to (None for the community)."""
    return _SETTING_LEVEL[setting]


def first_met(assessment: Assessment, rules: tuple[Rule, ...]) -> tuple[Level, int]:
    """The level and the index of the first rule in ``rules`` whose condition holds."""
    for i, rule in enumerate(rules):
        if rule.condition(assessment):
            return rule.level, i
    raise ValueError(
        "no placement rule applies to this assessment; a rule set must end with a rule "
        "that always applies"
    )
