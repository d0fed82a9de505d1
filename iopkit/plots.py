"""Figures for the kit: each function takes its data and an optional Axes, and returns the Axes.

No pyplot and no backend choice here: without an ``ax`` a function draws on a fresh
:class:`matplotlib.figure.Figure`, and :func:`to_png` renders any figure with the Agg canvas.
Colours come from the Okabe-Ito colour-blind-safe palette, and every coloured thing also has a
text label. Tests read the data behind a chart (patches, texts, labels), not pixels.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch, Rectangle
from matplotlib.text import Text
from matplotlib.transforms import Bbox, blended_transform_factory

from iopkit import sources as S
from iopkit.components import Activity
from iopkit.levels import CONTINUUM, LEVELS, Level, LevelInfo, Population
from iopkit.placement import RULES, Recommendation, RuleStatus, rule_statuses
from iopkit.schedule import Schedule, ScheduleReport, format_time
from iopkit.timeline import DEFAULT_REVIEW_EVERY, TimelineKind, programme_timeline
from iopkit.words import count

#: Okabe-Ito palette (Okabe and Ito 2008), safe for the common kinds of colour blindness.
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
PALETTE: tuple[str, ...] = tuple(OKABE_ITO.values())
GREY = "#DDDDDD"

LEVEL_COLOURS: dict[Level, str] = {
    Level.OUTPATIENT: OKABE_ITO["sky_blue"],
    Level.IOP: OKABE_ITO["bluish_green"],
    Level.PHP: OKABE_ITO["orange"],
    Level.RESIDENTIAL: OKABE_ITO["reddish_purple"],
    Level.WITHDRAWAL_MANAGEMENT: OKABE_ITO["yellow"],
    Level.INPATIENT: OKABE_ITO["vermillion"],
}

ACTIVITY_COLOURS: dict[Activity, str] = dict(zip(Activity, PALETTE, strict=True))

#: Short names that fit inside a calendar block.
SHORT_LABELS: dict[Activity, str] = {
    Activity.PROCESS_GROUP: "Process group",
    Activity.PSYCHOEDUCATION_GROUP: "Psychoeducation",
    Activity.SKILLS_GROUP: "Skills group",
    Activity.INDIVIDUAL_THERAPY: "Individual",
    Activity.FAMILY_THERAPY: "Family",
    Activity.MEDICATION_MANAGEMENT: "Medication",
    Activity.MEAL_SUPPORT: "Meal",
    Activity.SUBSTANCE_TESTING: "Testing",
}

#: Two-letter codes for blocks too short for a name; the legend spells them out.
ABBREVIATIONS: dict[Activity, str] = {
    Activity.PROCESS_GROUP: "PG",
    Activity.PSYCHOEDUCATION_GROUP: "PE",
    Activity.SKILLS_GROUP: "SK",
    Activity.INDIVIDUAL_THERAPY: "IT",
    Activity.FAMILY_THERAPY: "FT",
    Activity.MEDICATION_MANAGEMENT: "MM",
    Activity.MEAL_SUPPORT: "MS",
    Activity.SUBSTANCE_TESTING: "ST",
}

#: The smallest text the figures draw (points): readable when a figure is shown at its size.
MIN_FONT_PT = 9

STATUS_COLOURS: dict[RuleStatus, str] = {
    RuleStatus.MET: OKABE_ITO["bluish_green"],
    RuleStatus.NOT_MET: OKABE_ITO["sky_blue"],
    RuleStatus.NOT_CHECKED: GREY,
}

_DARK = {"#0072B2", "#D55E00", "#000000", "#009E73"}


def text_colour(background: str) -> str:
    """Black or white text, whichever reads better on ``background``."""
    return "white" if background.upper() in _DARK else "black"


def new_axes(width: float = 7.0, height: float = 4.0, dpi: int = 80) -> Axes:
    """A fresh Axes on its own Figure (no pyplot, no global state)."""
    fig = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    return fig.add_subplot()


def to_png(fig: Figure, dpi: int | None = None) -> bytes:
    """PNG bytes of a figure, rendered with the Agg canvas."""
    if not isinstance(fig.canvas, FigureCanvasAgg):
        FigureCanvasAgg(fig)
    buf = io.BytesIO()
    # Fast zlib level: the apps redraw on every edit, and size matters less than speed.
    fig.savefig(
        buf,
        format="png",
        dpi=dpi if dpi is not None else fig.dpi,
        pil_kwargs={"compress_level": 1},
    )
    return buf.getvalue()


def _axes(ax: Axes | None, width: float, height: float) -> Axes:
    if ax is None:
        return new_axes(width, height)
    ax.clear()
    return ax


# --- The continuum --------------------------------------------------------------------------

_AXIS_MAX = 45.0


def plot_continuum(population: Population | str = Population.ADULT, ax: Axes | None = None) -> Axes:
    """The levels of care on one intensity axis: weekly-hour bands, days, 24-hour care."""
    pop = Population(population)
    ax = _axes(ax, 8.0, 4.2)
    levels = [*CONTINUUM[:4], Level.WITHDRAWAL_MANAGEMENT, Level.INPATIENT]
    sources: list[str] = []
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
            ax.add_patch(
                Rectangle(
                    (low, y - 0.35),
                    high - low,
                    0.7,
                    facecolor=colour,
                    edgecolor="black",
                    label=level.short,
                )
            )
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
            ax.text(
                low + 0.5,
                y,
                band.describe(),
                va="center",
                ha="left",
                fontsize=8,
                color=text_colour(colour),
            )
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
    return ax


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


def plot_decision_path(rec: Recommendation, ax: Axes | None = None) -> Axes:
    """The placement rules as a vertical flow, the path this case took highlighted."""
    ax = _axes(ax, 7.0, 7.5)
    n = len(RULES)
    statuses = dict(rule_statuses(rec))
    for i, rule in enumerate(RULES):
        y = n - 1 - i
        status = statuses[rule.id]
        colour = STATUS_COLOURS[status]
        box = FancyBboxPatch(
            (0.02, y - 0.36),
            0.66,
            0.72,
            boxstyle="round,pad=0.02",
            facecolor=colour,
            edgecolor="black",
            linewidth=2.5 if status is RuleStatus.MET else 1.0,
            label=status.value,
        )
        ax.add_patch(box)
        ax.text(
            0.04,
            y,
            textwrap.fill(f"{i + 1}. {rule.title}", 44),
            va="center",
            ha="left",
            fontsize=8,
            color=text_colour(colour),
            fontweight="bold" if status is RuleStatus.MET else "normal",
        )
        verdict = {
            RuleStatus.MET: f"YES -> {rule.level.short}",
            RuleStatus.NOT_MET: "no, next rule",
            RuleStatus.NOT_CHECKED: "not checked",
        }[status]
        ax.text(
            0.72,
            y,
            f"{verdict}"
            if status is not RuleStatus.NOT_CHECKED
            else f"(yes -> {rule.level.short})",
            va="center",
            ha="left",
            fontsize=8,
            fontweight="bold" if status is RuleStatus.MET else "normal",
            color="black" if status is not RuleStatus.NOT_CHECKED else "#555555",
        )
        if i < n - 1:
            ax.add_patch(
                FancyArrowPatch(
                    (0.35, y - 0.36),
                    (0.35, y - 0.64),
                    arrowstyle="-|>",
                    mutation_scale=10,
                    color="black" if status is RuleStatus.NOT_MET else "#999999",
                )
            )
    handles = [
        Patch(facecolor=STATUS_COLOURS[s], edgecolor="black", label=s.value.capitalize())
        for s in RuleStatus
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.07),
        ncol=3,
        fontsize=7,
        title="Rule",
        title_fontsize=7,
    )
    ax.set_xlim(0, 1.0)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("First rule met decides the level")
    ax.set_ylabel("Rules in the order they are checked")
    ax.set_title(f"Decision path: {rec.level_text}")
    return ax


# --- The week -------------------------------------------------------------------------------


def _settled_renderer(ax: Axes) -> RendererBase:
    """Lay the figure out once (no pixels drawn) and return its renderer, for measuring."""
    fig = ax.get_figure(root=True)
    assert isinstance(fig, Figure)
    fig.draw_without_rendering()
    renderer: RendererBase = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    return renderer


def _fits(text: Text, box: Bbox, renderer: RendererBase, pad: float = 2.0) -> bool:
    ext = text.get_window_extent(renderer)
    return bool(
        ext.x0 >= box.x0 + pad
        and ext.x1 <= box.x1 - pad
        and ext.y0 >= box.y0 + pad
        and ext.y1 <= box.y1 - pad
    )


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


def texts(ax: Axes) -> list[str]:
    """Every text drawn on an Axes (for tests and accessible descriptions)."""
    return [t.get_text() for t in ax.texts]


def legend_labels(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]
