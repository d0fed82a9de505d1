"""Figures for the facilitator's debrief: each takes a :class:`~iopkit.debrief.Debrief` and an
Axes, and returns the Axes. Okabe-Ito colours, and every coloured thing also has a text label.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from iopkit.levels import BY_INTENSITY, Level
from iopkit.plots import LEVEL_COLOURS, MIN_FONT_PT, OKABE_ITO, text_colour

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.debrief import CaseSummary, Debrief


def new_debrief_axes(width: float, height: float) -> Axes:
    """An Axes with fixed margins: no layout engine, so a 26-case chart draws quickly."""
    fig = Figure(figsize=(width, height), dpi=80)
    FigureCanvasAgg(fig)
    fig.subplots_adjust(
        left=0.32, right=0.97, bottom=min(0.45, 0.75 / height), top=1 - 0.5 / height
    )
    return fig.add_subplot()


def _fresh(ax: Axes | None, width: float, height: float) -> Axes:
    if ax is None:
        return new_debrief_axes(width, height)
    ax.clear()
    return ax


MAX_CASES_DRAWN = 40
"""Most cases in the levels figure (the rest are in the report's table): a bounded figure."""


def plain(text: str) -> str:
    r"""``text`` for a Matplotlib label, drawn as written: a ``$`` never starts mathtext.

    >>> plain("$x^2$ case")
    '\\$x^2\\$ case'
    """
    return text.replace("$", "\\$")


def _short(text: str, n: int = 30) -> str:
    """A case's short name: its title up to the colon ("Lena, 27"), at most ``n`` characters."""
    text = text.split(":")[0]
    return plain(text if len(text) <= n else text[: n - 1].rstrip() + "…")


def _drawn_cases(debrief: Debrief) -> list[CaseSummary]:
    return [c for c in debrief.cases if c.answers][:MAX_CASES_DRAWN]


def plot_case_levels(debrief: Debrief, ax: Axes | None = None) -> Axes:
    """Per case, the share of first answers at each level; the key is named at the bar's end
    (at most :data:`MAX_CASES_DRAWN` cases)."""
    cases = _drawn_cases(debrief)
    ax = _fresh(ax, 8.0, max(3.0, 0.32 * len(cases) + 1.4))
    ys = list(range(len(cases)))[::-1]
    for level in BY_INTENSITY:
        lefts, widths, yy = [], [], []
        for y, c in zip(ys, cases, strict=True):
            n = c.chosen.get(level.value, 0)
            if n:
                before = sum(
                    c.chosen.get(lv.value, 0) for lv in BY_INTENSITY[: BY_INTENSITY.index(level)]
                )
                lefts.append(before / c.answers)
                widths.append(n / c.answers)
                yy.append(y)
        if not widths:
            continue
        colour = LEVEL_COLOURS[level]
        bars = ax.barh(
            yy, widths, left=lefts, color=colour, edgecolor="white", label=level.short, height=0.7
        )
        for bar, w in zip(bars, widths, strict=True):
            if w >= 0.2:
                ax.text(
                    bar.get_x() + w / 2,
                    bar.get_y() + bar.get_height() / 2,
                    f"{level.short} {w:.0%}",
                    ha="center",
                    va="center",
                    fontsize=MIN_FONT_PT,
                    color=text_colour(colour),
                )
    for y, c in zip(ys, cases, strict=True):
        key = Level(c.key).short if c.key in {lv.value for lv in Level} else c.key
        ax.text(1.01, y, plain(f"key: {key}"), va="center", fontsize=MIN_FONT_PT)
    ax.set_yticks(ys, [_short(c.title) for c in cases], fontsize=MIN_FONT_PT)
    ax.set_xlim(0, 1.3)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("Share of first answers")
    more = sum(1 for c in debrief.cases if c.answers) - len(cases)
    extra = f" (the first {len(cases)}; all {len(cases) + more} are in the table)" if more else ""
    ax.set_title("Levels chosen at the first answer, case by case" + extra, pad=18)
    if cases:
        ax.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncol=6,
            fontsize=MIN_FONT_PT,
            frameon=False,
        )
    return ax


def plot_confidence(debrief: Debrief, ax: Axes | None = None) -> Axes:
    """Share of first answers right at each stated confidence, with defensible answers stacked
    apart on top (hatched), and the counts written on."""
    ax = _fresh(ax, 8.0, 3.2)
    rows = [r for r in debrief.confidence if r.answers]
    xs = list(range(len(rows)))
    shares = [r.accuracy or 0.0 for r in rows]
    apart = [r.defensible_share or 0.0 for r in rows]
    ax.bar(xs, shares, color=OKABE_ITO["blue"], width=0.6, label="Right")
    if any(apart):
        ax.bar(
            xs,
            apart,
            bottom=shares,
            color=OKABE_ITO["orange"],
            hatch="//",
            edgecolor="white",
            width=0.6,
            label="Defensible",
        )
        ax.legend(loc="upper left", fontsize=MIN_FONT_PT, frameon=False)
    for x, r, s, d in zip(xs, rows, shares, apart, strict=True):
        text = f"{s:.0%} right\n{r.correct} of {r.answers}"
        if r.defensible:
            text = f"{s:.0%} right, {d:.0%} defensible\n{r.correct} + {r.defensible} of {r.answers}"
        ax.text(x, s + d + 0.02, text, ha="center", fontsize=MIN_FONT_PT)
    ax.set_xticks(xs, [r.label for r in rows])
    ax.set_ylim(0, 1.25)
    ax.set_yticks([0, 0.5, 1.0], ["0%", "50%", "100%"])
    ax.set_xlabel("Confidence stated with the first answer")
    ax.set_ylabel("Share of first answers")
    ax.set_title("Confidence against correctness (first placement answers)")
    return ax


def plot_learning_gain(debrief: Debrief, ax: Axes | None = None) -> Axes:
    """Each objective of the knowledge check: share right before (circle) and after (square)
    the workshop (the two parallel forms pooled)."""
    rows = debrief.measurement.objectives
    ax = _fresh(ax, 8.0, max(3.0, 0.3 * len(rows) + 1.4))
    ys = list(range(len(rows)))[::-1]
    pre_c, post_c = OKABE_ITO["orange"], OKABE_ITO["blue"]
    for y, o in zip(ys, rows, strict=True):
        if o.pre is not None and o.post is not None:
            ax.plot([o.pre, o.post], [y, y], color="#999999", lw=1.5)
    pre = [(o.pre, y) for o, y in zip(rows, ys, strict=True) if o.pre is not None]
    post = [(o.post, y) for o, y in zip(rows, ys, strict=True) if o.post is not None]
    if pre:
        ax.scatter(*zip(*pre, strict=True), color=pre_c, marker="o", label="Before", zorder=3)
    if post:
        ax.scatter(*zip(*post, strict=True), color=post_c, marker="s", label="After", zorder=3)
    ax.set_yticks(ys, [plain(o.objective.short) for o in rows], fontsize=MIN_FONT_PT)
    ax.set_xlim(-0.02, 1.02)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0], ["0%", "25%", "50%", "75%", "100%"])
    ax.set_xlabel("Share of trainees right")
    ax.set_title("Knowledge check: each objective before and after the workshop", pad=18)
    if pre or post:
        ax.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 1.0),
            ncol=2,
            fontsize=MIN_FONT_PT,
            frameon=False,
        )
    return ax


class Chart:
    """A drawn figure for a notebook or Voila: an image whose title and words are its text
    alternative, and one deterministic line of plain text (never a Python repr)."""

    def __init__(self, ax: Axes) -> None:
        from iopkit.plots import to_png

        self.title = ax.get_title()
        words = [t.get_text().replace("\n", " ").replace("\\$", "$") for t in ax.texts]
        words = [w for w in words if w]
        self.alt = f"{self.title}. " + "; ".join(words)
        self.width_in = float(ax.figure.get_figwidth())  # type: ignore[union-attr]
        self.png = to_png(ax.figure, dpi=80)  # type: ignore[arg-type]

    def _repr_html_(self) -> str:
        """The figure as an image whose alternative text is its title and words."""
        from iopkit.render import image_html

        return image_html(self.png, self.alt, width_px=round(self.width_in * 0.8 * 100))

    def __repr__(self) -> str:
        return f"Figure: {self.title}"


def report_page(debrief: Debrief) -> str:
    """The printable debrief page with its three figures (what ``iopkit debrief`` writes)."""
    return debrief.to_html(standalone=True, figures=[(c.title, c.png) for c in charts(debrief)])


def charts(debrief: Debrief) -> tuple[Chart, Chart, Chart]:
    """The three debrief figures (case levels, confidence, learning gain), drawn."""
    n_cases = len(_drawn_cases(debrief))
    return (
        Chart(plot_case_levels(debrief, new_debrief_axes(8.0, max(3.0, 0.32 * n_cases + 1.4)))),
        Chart(plot_confidence(debrief, new_debrief_axes(8.0, 3.2))),
        Chart(
            plot_learning_gain(
                debrief, new_debrief_axes(8.0, 0.3 * len(debrief.measurement.objectives) + 1.4)
            )
        ),
    )


__all__ = [
    "Chart",
    "charts",
    "MAX_CASES_DRAWN",
    "new_debrief_axes",
    "plain",
    "plot_case_levels",
    "plot_confidence",
    "plot_learning_gain",
]
