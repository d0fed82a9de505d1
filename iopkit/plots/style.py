"""What every figure shares: the Okabe-Ito colours (for levels, activities and rule
statuses), the short labels, the smallest font, a fresh Axes and a PNG, and the measuring of
text that must fit inside a shape."""

from __future__ import annotations

import io

from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from iopkit.components import Activity
from iopkit.levels import Level
from iopkit.placement import RuleStatus

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


def texts(ax: Axes) -> list[str]:
    """Every text drawn on an Axes (for tests and accessible descriptions)."""
    return [t.get_text() for t in ax.texts]


def legend_labels(ax: Axes) -> list[str]:
    legend = ax.get_legend()
    return [] if legend is None else [t.get_text() for t in legend.get_texts()]
