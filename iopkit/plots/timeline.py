"""The course of a programme: admission, reviews, reassessment, discharge and follow-up on
one line of weeks."""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox, blended_transform_factory

from iopkit.levels import Level
from iopkit.plots.style import (
    LEVEL_COLOURS,
    MIN_FONT_PT,
    OKABE_ITO,
    _axes,
    _settled_renderer,
)
from iopkit.timeline import DEFAULT_REVIEW_EVERY, TimelineKind, programme_timeline
from iopkit.words import count

_KIND_STYLE: dict[TimelineKind, tuple[str, str]] = {
    TimelineKind.START: (OKABE_ITO["blue"], "o"),
    TimelineKind.REVIEW: (OKABE_ITO["orange"], "D"),
    TimelineKind.REASSESSMENT: (OKABE_ITO["reddish_purple"], "s"),
    TimelineKind.DISCHARGE: (OKABE_ITO["vermillion"], "v"),
    TimelineKind.FOLLOW_UP: (OKABE_ITO["bluish_green"], "^"),
}


_ROW0 = 0.44  # axes fraction of the first row of point labels
_ROW_STEP = 0.14
_LABEL_GAP_PX = 6.0


def plot_timeline(
    weeks: int, review_every: int = DEFAULT_REVIEW_EVERY, ax: Axes | None = None
) -> Axes:
    """The programme across ``weeks``: reviews, reassessment, step-down and follow-up.

    Point labels are set in rows above the markers: each goes in the lowest row where it
    does not touch another label, so no two labels overlap at any programme length.
    """
    ax = _axes(ax, 8.0, 2.8)
    points = programme_timeline(weeks, review_every)
    along = blended_transform_factory(ax.transData, ax.transAxes)  # x in weeks, y in axes
    ax.add_patch(
        Rectangle(
            (0, 0.06),
            weeks,
            0.16,
            transform=along,
            facecolor=LEVEL_COLOURS[Level.IOP],
            edgecolor="black",
            alpha=0.6,
            label="IOP",
        )
    )
    ax.text(
        weeks / 2,
        0.14,
        f"IOP: {weeks} week{'s' if weeks != 1 else ''}",
        transform=along,
        ha="center",
        va="center",
        fontsize=MIN_FONT_PT,
    )
    kinds_done: set[TimelineKind] = set()
    for p in points:
        colour, marker = _KIND_STYLE[p.kind]
        ax.plot(
            [p.week],
            [0.32],
            transform=along,
            marker=marker,
            color=colour,
            markeredgecolor="black",
            markersize=9,
            linestyle="none",
            label=p.kind.label if p.kind not in kinds_done else None,
        )
        kinds_done.add(p.kind)
    ax.set_xlim(-0.5, weeks + 2)
    ax.set_ylim(0, 1)
    step = 1 if weeks <= 16 else (2 if weeks <= 32 else 4)
    ax.set_xticks(range(0, weeks + 2, step))
    ax.set_yticks([])
    ax.set_xlabel("Week of the programme")
    ax.set_ylabel("Key points")
    ax.set_title(f"Programme timeline: {count(weeks, 'week')}, plan reviewed every {review_every}")
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=MIN_FONT_PT,
        title="Point",
        title_fontsize=MIN_FONT_PT,
    )

    # Settle the layout, then set each label in the lowest free row.
    renderer = _settled_renderer(ax)
    frame = ax.get_window_extent(renderer)
    rows: list[list[Bbox]] = []
    for p in points:
        text = ax.text(
            p.week,
            _ROW0,
            p.label,
            transform=along,
            ha="left",
            va="bottom",
            fontsize=MIN_FONT_PT,
            zorder=3,
            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0},
        )
        ext = text.get_window_extent(renderer)
        if ext.x1 > frame.x1 - 2:  # would run past the right edge: end at the point instead
            text.set_horizontalalignment("right")
            ext = text.get_window_extent(renderer)
        row = next(
            i
            for i, placed in enumerate([*rows, []])
            if all(ext.x0 > b.x1 + _LABEL_GAP_PX or ext.x1 < b.x0 - _LABEL_GAP_PX for b in placed)
        )
        if row == len(rows):
            rows.append([])
        y = _ROW0 + row * _ROW_STEP
        text.set_y(y)
        rows[row].append(text.get_window_extent(renderer))
        ax.plot([p.week, p.week], [0.36, y], transform=along, color="#777777", lw=0.8, ls=":")
    return ax


# --- Hours per component --------------------------------------------------------------------
