"""The continuum of care: each level's weekly hours as a bar, its settings beneath."""

from __future__ import annotations

import textwrap

from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch, Rectangle
from matplotlib.text import Text

from iopkit import sources as S
from iopkit.levels import CONTINUUM, LEVELS, Level, LevelInfo, Population
from iopkit.plots.style import (
    LEVEL_COLOURS,
    _axes,
    _fits,
    _settled_renderer,
    text_colour,
)

_AXIS_MAX = 45.0


def plot_continuum(population: Population | str = Population.ADULT, ax: Axes | None = None) -> Axes:
    """The levels of care on one intensity axis: weekly-hour bands, days, 24-hour care."""
    pop = Population(population)
    ax = _axes(ax, 8.0, 4.2)
    levels = [*CONTINUUM[:4], Level.WITHDRAWAL_MANAGEMENT, Level.INPATIENT]
    sources: list[str] = []
    band_labels: list[tuple[Text, Rectangle]] = []
    for y, level in enumerate(levels):
        info = LEVELS[level]
        colour = LEVEL_COLOURS[level]
        band = info.weekly_hours(pop)
        if info.settings:
            _draw_settings(ax, y, info, colour)
            sources += [s.source.title for s in info.settings if s.source.title not in sources]
        elif info.supervision_24h:
            ax.add_patch(
                Rectangle(
                    (0, y - 0.35),
                    _AXIS_MAX,
                    0.7,
                    facecolor=colour,
                    edgecolor="black",
                    hatch="//",
                    alpha=0.55,
                    label=level.short,
                )
            )
            text = "24-hour supervision"
            if band is not None:
                text += f"; {band.describe()}"
            ax.text(1, y, text, va="center", ha="left", fontsize=8, color="black")
        elif band is not None:
            low = band.low or 0.0
            high = band.high if band.high is not None else _AXIS_MAX
            bar = Rectangle(
                (low, y - 0.35),
                high - low,
                0.7,
                facecolor=colour,
                edgecolor="black",
                label=level.short,
            )
            ax.add_patch(bar)
            if band.high is None:
                ax.add_patch(
                    FancyArrowPatch(
                        (_AXIS_MAX - 4, y),
                        (_AXIS_MAX, y),
                        arrowstyle="-|>",
                        mutation_scale=14,
                        color="black",
                    )
                )
            label = ax.text(
                low + 0.5,
                y,
                band.describe(),
                va="center",
                ha="left",
                fontsize=8,
                color=text_colour(colour),
            )
            band_labels.append((label, bar))
            if band.source.title not in sources:
                sources.append(band.source.title)
        days = info.days_per_week
        if days is not None and not info.supervision_24h:
            ax.text(
                _AXIS_MAX + 0.5,
                y,
                days.describe(),
                va="center",
                ha="left",
                fontsize=7,
            )
    typical = S.IOP_WEEKLY_HOURS_TYPICAL
    y = levels.index(Level.IOP)
    ax.plot([typical.minimum, typical.maximum], [y + 0.42, y + 0.42], color="black", lw=2)
    ax.text(
        typical.maximum + 0.5,
        y + 0.42,
        f"typical {typical.describe()}",
        va="center",
        fontsize=7,
    )
    if typical.source.title not in sources:
        sources.append(typical.source.title)
    ax.set_yticks(range(len(levels)), [LEVELS[lv].short for lv in levels])
    ax.set_ylim(-0.7, len(levels) - 0.3)
    ax.set_xlim(0, _AXIS_MAX + 11)
    ax.set_xlabel("Hours of treatment a week")
    ax.set_ylabel("Level of care (lower = less intensive)")
    who = "adolescents" if pop is Population.ADOLESCENT else "adults"
    ax.set_title(f"The continuum of care: weekly hours for {who}")
    ax.text(
        0,
        -0.2,
        textwrap.fill("Sources: " + "; ".join(sources) + ". Days a week at the right.", 110),
        transform=ax.transAxes,
        fontsize=7,
        va="top",
    )
    _labels_beside_short_bars(ax, band_labels)
    return ax


def _labels_beside_short_bars(ax: Axes, labels: list[tuple[Text, Rectangle]]) -> None:
    """A label too long for its bar (the adolescents' "under 6 h/week") moves just past the
    bar's end, in black on the white of the axes, instead of running over the bar's edge."""
    renderer = _settled_renderer(ax)
    for text, bar in labels:
        if not _fits(text, bar.get_window_extent(renderer), renderer, pad=0.0):
            text.set_x(bar.get_x() + bar.get_width() + 0.5)
            text.set_color("black")


def _draw_settings(ax: Axes, y: float, info: LevelInfo, colour: str) -> None:
    """A service given in several settings: one labelled segment each, 24-hour ones hatched."""
    width = _AXIS_MAX / len(info.settings)
    for i, setting in enumerate(info.settings):
        ax.add_patch(
            Rectangle(
                (i * width, y - 0.35),
                width,
                0.7,
                facecolor=colour,
                edgecolor="black",
                hatch="//" if setting.supervision_24h else None,
                alpha=0.55 if setting.supervision_24h else 1.0,
                label=f"{info.short}: {setting.setting.value}",
            )
        )
        text = setting.label.replace(" withdrawal management", "")
        text += (
            ": staff day and night" if setting.supervision_24h else ": home each night, seen daily"
        )
        ax.text(i * width + 1, y, text, va="center", ha="left", fontsize=8, color="black")


# --- The decision path ----------------------------------------------------------------------
