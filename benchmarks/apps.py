"""Benchmarks of the widget apps, in-process (no kernel, no browser).

* placement: median time from "Check my answer" to updated feedback (target 50 ms or less),
  and to the whole click with the what-if panel and the decision path redrawn;
* schedule: median time from "Add activity" to re-checked findings and a re-drawn calendar
  (target 250 ms or less).

Run: ``python -m benchmarks.apps`` (``make bench`` runs it with the others).
"""

from __future__ import annotations

import html
import statistics
import time
from collections.abc import Callable

RUNS = 30
PLACEMENT_TARGET_MS = 50.0
SCHEDULE_TARGET_MS = 250.0


def _median_ms(action: Callable[[int], None], undo: Callable[[int], None] | None = None) -> float:
    times = []
    for i in range(RUNS):
        t0 = time.perf_counter()
        action(i)
        times.append((time.perf_counter() - t0) * 1000)
        if undo is not None:
            undo(i)
    return statistics.median(times)


def placement_click_ms() -> tuple[float, float, int]:
    """Median ms from a submit click to the feedback, and to the whole click handled.

    The feedback widget's value is sent to the page the moment it is set, before the what-if
    panel and the decision-path figure are drawn in the same click; so the first figure is
    what a trainee waits for, and the second is when the path figure has been redrawn too.
    """
    from iopkit.grading import PlacementAnswer
    from iopkit.levels import Level, WithdrawalSetting
    from iopkit.widgets import PlacementCasePlayer

    app = PlacementCasePlayer(record=False)
    levels = [
        PlacementAnswer(
            lv, WithdrawalSetting.AMBULATORY if lv is Level.WITHDRAWAL_MANAGEMENT else None
        )
        for lv in Level
    ]
    cases = [value for _, value in app.case.options]
    app.case.value = cases[0]
    shown: list[float] = []
    feedback_ms: list[float] = []

    def on_feedback(_: object) -> None:
        shown.append(time.perf_counter())

    app.feedback.observe(on_feedback, names="value")

    def click(i: int) -> None:
        level = levels[i % len(levels)]
        app.choose(level)
        shown.clear()
        t0 = time.perf_counter()
        app.submit.click()
        feedback_ms.append((shown[0] - t0) * 1000)
        # the new feedback is there when the click returns
        assert f"you chose {html.escape(level.label)}" in app.feedback.value

    whole = _median_ms(click)
    return statistics.median(feedback_ms), whole, len(cases)


def schedule_edit_ms() -> float:
    """Median ms from an "Add activity" click to re-checked findings and a new calendar."""
    from iopkit.components import Activity
    from iopkit.schedule import Day
    from iopkit.widgets import ScheduleDesigner

    app = ScheduleDesigner()
    for day in (Day.MON, Day.WED, Day.FRI):
        for start, activity in (
            ("09:00", Activity.PROCESS_GROUP),
            ("10:30", Activity.SKILLS_GROUP),
        ):
            app.day.value, app.start.value, app.minutes.value = day, start, 90
            app.activity.value = activity
            app.add.click()
    app.day.value, app.start.value, app.minutes.value = Day.THU, "17:00", 60
    app.activity.value = Activity.INDIVIDUAL_THERAPY

    def add(_: int) -> None:
        before = app.calendar.value
        app.add.click()
        assert app.calendar.value is not before and app.report.hours_per_week == 10

    def remove(_: int) -> None:
        app.sessions.value = len(app.schedule.sessions) - 1
        app.remove.click()

    return _median_ms(add, remove)


def run() -> list[str]:
    """Measure and return printable lines (medians against their targets)."""
    placement, whole_click, n_cases = placement_click_ms()
    schedule = schedule_edit_ms()

    def verdict(value: float, target: float) -> str:
        return "meets target" if value <= target else "MISSES target"

    return [
        f"apps: placement click -> feedback: median {placement:.2f} ms over {RUNS} clicks "
        f"({n_cases} cases loaded); target <= {PLACEMENT_TARGET_MS:g} ms; "
        f"ratio {placement / PLACEMENT_TARGET_MS:.2f} of target; "
        f"{verdict(placement, PLACEMENT_TARGET_MS)}",
        f"apps: placement click -> feedback, what-if and redrawn decision path: median "
        f"{whole_click:.1f} ms over {RUNS} clicks (the figure follows the feedback)",
        f"apps: schedule add -> re-checked findings + calendar: median {schedule:.1f} ms over "
        f"{RUNS} edits; target <= {SCHEDULE_TARGET_MS:g} ms; "
        f"ratio {schedule / SCHEDULE_TARGET_MS:.2f} of target; "
        f"{verdict(schedule, SCHEDULE_TARGET_MS)}",
    ]


if __name__ == "__main__":
    for line in run():
        print(line)
