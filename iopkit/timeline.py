"""The course of a programme over time: start, plan reviews, reassessment, discharge, follow-up.

Pure: the points a programme of a given length passes through, each with its source; the
figure is :func:`iopkit.plots.plot_timeline`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from iopkit import sources as S


class TimelineKind(str, Enum):
    """What happens at a point of the programme."""

    START = "start"
    REVIEW = "review"
    REASSESSMENT = "reassessment"
    DISCHARGE = "discharge"
    FOLLOW_UP = "follow-up"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class TimelinePoint:
    """A point in a programme: when (in weeks), what kind, its label and its source."""

    week: float
    kind: TimelineKind
    label: str
    source: str


DEFAULT_REVIEW_EVERY = S.REVIEW_EVERY_WEEKS
"""Weeks between treatment-plan reviews. Plans are reassessed as needs change (SAMHSA TIP 47,
2006; NIDA Principles, 2018); a review every four weeks is the kit's convention (SECONDARY)."""


def programme_timeline(
    weeks: int, review_every: int = DEFAULT_REVIEW_EVERY
) -> tuple[TimelinePoint, ...]:
    """Key points of a programme of ``weeks`` weeks.

    >>> [(p.week, p.kind.value) for p in programme_timeline(8)]
    [(0, 'start'), (4, 'review'), (7, 'reassessment'), (8, 'discharge'), (9.0, 'follow-up')]
    """
    if weeks < 1:
        raise ValueError(f"a programme lasts a week or more (got {weeks})")
    if review_every < 1:
        raise ValueError(f"reviews need an interval of a week or more (got {review_every})")
    points = [
        TimelinePoint(
            0,
            TimelineKind.START,
            "Admission: start planning discharge",
            S.DISCHARGE_PLANNING.cite(),
        )
    ]
    last_review = weeks - 1 if weeks > 1 else None
    for w in range(review_every, weeks, review_every):
        if w != last_review:
            points.append(
                TimelinePoint(
                    w, TimelineKind.REVIEW, f"Week {w}: plan review", S.REASSESSMENT.cite()
                )
            )
    if last_review is not None:
        points.append(
            TimelinePoint(
                last_review,
                TimelineKind.REASSESSMENT,
                f"Week {last_review}: reassess, plan step-down",
                S.REASSESSMENT.cite(),
            )
        )
    points.append(
        TimelinePoint(
            weeks,
            TimelineKind.DISCHARGE,
            f"Week {weeks}: step down to outpatient",
            S.OVERVIEW.cite(),
        )
    )
    points.append(
        TimelinePoint(
            weeks + S.FOLLOW_UP_WITHIN_DAYS / 7,
            TimelineKind.FOLLOW_UP,
            f"Follow-up within {S.FOLLOW_UP_WITHIN_DAYS} days",
            S.FOLLOW_UP_7_DAYS.cite(),
        )
    )
    return tuple(points)
