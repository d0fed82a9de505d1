"""An IOP week: the weekly calendar of sessions and the hours by component."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.patches import Patch, Rectangle
from matplotlib.text import Text

from iopkit.components import Activity
from iopkit.plots.style import (
    ABBREVIATIONS,
    ACTIVITY_COLOURS,
    MIN_FONT_PT,
    SHORT_LABELS,
    _axes,
    _fits,
    _settled_renderer,
    text_colour,
)
from iopkit.schedule import Schedule, ScheduleReport, format_time
from iopkit.words import count


def plot_week(schedule: Schedule, ax: Axes | None = None) -> Axes:
    """A weekly calendar: days across, time of day down, one labelled block per activity.

    Each block is labelled at ``MIN_FONT_PT`` or larger with the longest label that fits
    inside it: name and times, the name alone, or a two-letter code that the legend explains.
    """
    from iopkit.schedule import Day

    ax = _axes(ax, 8.0, 4.5)
    days = list(Day)
    seen: list[Activity] = []
    abbreviated: set[Activity] = set()
    blocks: list[tuple[Rectangle, Text, tuple[str, str, str, str]]] = []
    for s in schedule.sessions:
        colour = ACTIVITY_COLOURS[s.activity]
        x = s.day.order
        top = s.start_minute / 60
        block = Rectangle(
            (x - 0.42, top),
            0.84,
            s.minutes / 60,
            facecolor=colour,
            edgecolor="black",
            label=s.activity.label,
        )
        ax.add_patch(block)
        short = SHORT_LABELS[s.activity]
        times = f"{s.start}-{format_time(s.end_minute % 1440)}"
        code = ABBREVIATIONS[s.activity]
        candidates = (f"{short}\n{times}", short, f"{code}\n{times}", code)
        text = ax.text(
            x,
            top + s.minutes / 120,
            candidates[0],
            ha="center",
            va="center",
            fontsize=MIN_FONT_PT,
            color=text_colour(colour),
            clip_on=True,
        )
        blocks.append((block, text, candidates))
        if s.activity not in seen:
            seen.append(s.activity)
    if schedule.sessions:
        first = min(s.start_minute for s in schedule.sessions) // 60
        last = -(-max(s.end_minute for s in schedule.sessions) // 60)
        lo, hi = max(0, first - 1), min(24, last + 1)
    else:
        lo, hi = 8, 18
        ax.text(3, (lo + hi) / 2, "No activities yet", ha="center", va="center", fontsize=10)
    ax.set_xlim(-0.6, len(days) - 0.4)
    ax.set_ylim(hi, lo)
    ax.set_xticks(range(len(days)), [d.label for d in days])
    ax.set_yticks(range(lo, hi + 1), [f"{h:02d}:00" for h in range(lo, hi + 1)])
    ax.grid(axis="y", color="#CCCCCC", linewidth=0.5)
    ax.set_xlabel("Day of the week")
    ax.set_ylabel("Time of day")
    total = sum(s.hours for s in schedule.sessions)
    days_used = len({s.day for s in schedule.sessions})
    ax.set_title(f"The IOP week: {total:g} h on {count(days_used, 'day')}")

    def legend() -> None:
        if not seen:
            return
        handles = [
            Patch(
                facecolor=ACTIVITY_COLOURS[a],
                edgecolor="black",
                label=f"{ABBREVIATIONS[a]}: {a.label}" if a in abbreviated else a.label,
            )
            for a in seen
        ]
        ax.legend(
            handles=handles,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncol=3,
            fontsize=MIN_FONT_PT,
            title="Activity",
            title_fontsize=MIN_FONT_PT,
        )

    legend()
    if blocks:
        # Settle the layout once, then give each block the longest label that fits in it.
        renderer = _settled_renderer(ax)
        for block, text, candidates in blocks:
            box = block.get_window_extent(renderer)
            for candidate in candidates:
                text.set_text(candidate)
                if _fits(text, box, renderer):
                    break
            if text.get_text() in candidates[2:]:
                abbreviated.add(
                    next(a for a, code in ABBREVIATIONS.items() if code == candidates[-1])
                )
        if abbreviated:
            legend()
    return ax


# --- The programme timeline -----------------------------------------------------------------


def plot_hours_by_component(report: ScheduleReport, ax: Axes | None = None) -> Axes:
    """Horizontal bars: hours a week of each component, labelled with the number."""
    ax = _axes(ax, 6.0, 3.0)
    items = sorted(report.hours_per_component.items(), key=lambda kv: kv[1])
    for y, (activity, hours) in enumerate(items):
        ax.barh(y, hours, color=ACTIVITY_COLOURS[activity], edgecolor="black")
        ax.text(hours + 0.05, y, f"{hours:g} h", va="center", fontsize=8)
    ax.set_yticks(range(len(items)), [a.label for a, _ in items])
    ax.set_xlabel("Hours a week")
    ax.set_ylabel("Component")
    ax.set_title("Hours a week by component")
    if not items:
        ax.text(0.5, 0.5, "No activities yet", transform=ax.transAxes, ha="center")
    return ax
