"""The placement engine: iopkit's own teaching rules, applied in a documented order.

``recommend(assessment)`` is a pure, deterministic function: no I/O, no printing, no widgets.
It returns a :class:`Recommendation` with the level, the reasons (rule by rule), the flags
(cautions that do not change the level) and a what-if sweep per assessment field.

The rules are a simplification for teaching with fictional cases. They are built on the
programme overview's criteria and public facts (see ``docs/placement-rules.md``); they are not
ASAM or LOCUS and not a clinical decision tool.

The package, one idea a module:

- :mod:`~iopkit.placement.model`: a rule, a flag rule, a rule set and their results;
- :mod:`~iopkit.placement.rules`: :data:`RULES`, checked in order, the first met decides;
- :mod:`~iopkit.placement.flags`: :data:`FLAGS`, the cautions;
- :mod:`~iopkit.placement.whatif`: the per-field what-if sweeps;
- :mod:`~iopkit.placement.engine`: :func:`recommend`, :class:`Recommendation` and
  :func:`change_finding`.
"""

from __future__ import annotations

from iopkit.placement.engine import (
    KIT_RULES,
    Engine,
    FindingChange,
    Recommendation,
    RuleStatus,
    change_finding,
    recommend,
    rule_statuses,
)
from iopkit.placement.flags import FLAGS
from iopkit.placement.model import (
    Flag,
    FlagRule,
    Reason,
    Rule,
    RuleSet,
    has_condition,
    setting_level,
)
from iopkit.placement.rules import (
    RULES,
    RULES_BY_ID,
    clinical_need,
    decide,
    withdrawal_setting,
)
from iopkit.placement.whatif import WHAT_IF_FIELDS, WHAT_IF_VALUES, FieldSweep

__all__ = [
    "FLAGS",
    "KIT_RULES",
    "RULES",
    "RULES_BY_ID",
    "WHAT_IF_FIELDS",
    "WHAT_IF_VALUES",
    "Engine",
    "FieldSweep",
    "FindingChange",
    "Flag",
    "FlagRule",
    "Reason",
    "Recommendation",
    "Rule",
    "RuleSet",
    "RuleStatus",
    "change_finding",
    "clinical_need",
    "decide",
    "has_condition",
    "recommend",
    "rule_statuses",
    "setting_level",
    "withdrawal_setting",
]
