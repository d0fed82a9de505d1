"""The schedule file: the days of the week, one session, and a week of them (``Schedule``).

File format (YAML or JSON)::

    population: adult          # optional, adult | adolescent
    weeks: 8                   # programme length
    sessions:
      - {day: mon, start: "09:00", minutes: 90, activity: process_group}

A day's attendance (the overview's "session") is all the activities of that day.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from iopkit.components import Activity
from iopkit.errors import ArgumentTypeError
from iopkit.fields import TimeOfDay, WholeNumber, parse_time
from iopkit.inputs import (
    Document,
    InputError,
    as_mapping,
    load_document,
    problems_from_pydantic,
)
from iopkit.levels import Population


class Day(str, Enum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"

    @property
    def order(self) -> int:
        """0 for Monday ... 6 for Sunday."""
        return list(Day).index(self)

    @property
    def label(self) -> str:
        return self.value.capitalize()


def format_time(minutes: int) -> str:
    """``570`` -> ``'09:30'``.

    >>> format_time(570)
    '09:30'
    """
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class Session(BaseModel):
    """One activity on one day of the week."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    day: Day = Field(description="Day of the week: mon, tue, wed, thu, fri, sat or sun.")
    start: TimeOfDay = Field(
        description='Start time, "HH:MM" in 24-hour time and in quotes, e.g. "09:00".'
    )
    minutes: WholeNumber = Field(gt=0, le=720, description="Length in minutes (1-720).")
    activity: Activity = Field(description="Which programme component this is.")

    @property
    def start_minute(self) -> int:
        return parse_time(self.start)

    @property
    def end_minute(self) -> int:
        return self.start_minute + self.minutes

    @property
    def hours(self) -> float:
        return self.minutes / 60

    def describe(self) -> str:
        return (
            f"{self.day.label} {self.start}-{format_time(self.end_minute % 1440)} "
            f"{self.activity.label}"
        )


class Schedule(BaseModel):
    """A week of an IOP: who it is for, how many weeks it runs and its sessions."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    population: Population = Field(default=Population.ADULT, description="adult or adolescent")
    weeks: WholeNumber = Field(
        default=8, ge=1, le=52, description="Programme length in weeks (1-52)."
    )
    sessions: tuple[Session, ...] = Field(description="The activities of one week.")

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], doc: Document | None = None) -> Schedule:
        doc = doc or Document("<schedule>", data)
        if not isinstance(data, Mapping):
            raise ArgumentTypeError(
                "schedule", data, "a Schedule or a mapping of population, weeks and sessions"
            )
        try:
            return cls.model_validate(dict(data))
        except ValidationError as exc:
            raise InputError(problems_from_pydantic(exc, doc, cls)) from None

    @classmethod
    def from_file(cls, path: str | Path) -> Schedule:
        doc = load_document(path)
        return cls.from_mapping(as_mapping(doc, "population, weeks and sessions"), doc)

    def with_session(self, session: Session) -> Schedule:
        return self.model_copy(update={"sessions": (*self.sessions, session)})

    def without_session(self, index: int) -> Schedule:
        items = list(self.sessions)
        del items[index]
        return self.model_copy(update={"sessions": tuple(items)})

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")

    def to_yaml(self) -> str:
        """The schedule in the file format the CLI reads."""
        lines = [f"population: {self.population.value}", f"weeks: {self.weeks}", "sessions:"]
        for s in self.sessions:
            lines.append(
                f'  - {{day: {s.day.value}, start: "{s.start}", minutes: {s.minutes}, '
                f"activity: {s.activity.value}}}"
            )
        if not self.sessions:
            lines[-1] = "sessions: []"
        return "\n".join(lines) + "\n"
