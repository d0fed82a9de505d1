"""What checking a week finds: each finding, its severity, and the report with the week's
totals."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from iopkit.components import Activity
from iopkit.levels import Population
from iopkit.schedule.model import Day


class FindingSeverity(str, Enum):
    """How much a schedule finding matters: an error means the week is not a valid IOP week."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """Something ``check()`` found in a week: its code, severity, message and source."""

    code: str
    severity: FindingSeverity
    message: str
    source: str

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "source": self.source,
        }


@dataclass(frozen=True)
class ScheduleReport:
    """What ``check()`` found, plus the week's totals."""

    findings: tuple[Finding, ...]
    hours_per_week: float
    days_per_week: int
    hours_per_day: dict[Day, float]
    hours_per_component: dict[Activity, float]
    population: Population
    weeks: int

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is FindingSeverity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is FindingSeverity.WARNING)

    @property
    def codes(self) -> set[str]:
        return {f.code for f in self.findings}

    def to_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "hours_per_week": round(self.hours_per_week, 2),
            "days_per_week": self.days_per_week,
            "population": self.population.value,
            "weeks": self.weeks,
            "hours_per_day": {d.value: round(h, 2) for d, h in self.hours_per_day.items()},
            "hours_per_component": {
                a.value: round(h, 2) for a, h in self.hours_per_component.items()
            },
            "findings": [f.to_dict() for f in self.findings],
        }

    def _repr_html_(self) -> str:
        from iopkit.render import schedule_report_html

        return schedule_report_html(self)
