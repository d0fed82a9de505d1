"""An IOP week: the schedule file model and ``check()``, the schedule rules.

One module per idea, every name importable from here:

- :mod:`~iopkit.schedule.model`: the file model (``Day``, ``Session``, ``Schedule``) and the
  file format;
- :mod:`~iopkit.schedule.report`: what a check finds (``Finding``, ``ScheduleReport``);
- :mod:`~iopkit.schedule.rules`: the rule table (``SCHEDULE_RULES``) and ``check()``;
- :mod:`~iopkit.schedule.task`: a case's schedule task (``check_task()``, ``merge_findings()``);
- :mod:`~iopkit.schedule.verdict`: the findings in words (``finding_name()``,
  ``schedule_verdict()``).
"""

from __future__ import annotations

from iopkit.fields import parse_time
from iopkit.schedule.model import Day, Schedule, Session, format_time
from iopkit.schedule.report import Finding, FindingSeverity, ScheduleReport
from iopkit.schedule.rules import FINDING_CODES, SCHEDULE_RULES, FindingRule, Messages, Week, check
from iopkit.schedule.task import TASK_FINDING_CODES, TASK_SOURCE, check_task, merge_findings
from iopkit.schedule.verdict import DEPARTURES, ERROR_NAMES, finding_name, schedule_verdict

__all__ = [
    "DEPARTURES",
    "ERROR_NAMES",
    "FINDING_CODES",
    "SCHEDULE_RULES",
    "TASK_FINDING_CODES",
    "TASK_SOURCE",
    "Day",
    "Finding",
    "FindingRule",
    "FindingSeverity",
    "Messages",
    "Schedule",
    "ScheduleReport",
    "Session",
    "Week",
    "check",
    "check_task",
    "finding_name",
    "format_time",
    "merge_findings",
    "parse_time",
    "schedule_verdict",
]
