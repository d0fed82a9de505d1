"""Figures for the kit: each function takes its data and an optional Axes, and returns the Axes.

No pyplot and no backend choice here: without an ``ax`` a function draws on a fresh
:class:`matplotlib.figure.Figure`, and :func:`to_png` renders any figure with the Agg canvas.
Colours come from the Okabe-Ito colour-blind-safe palette, and every coloured thing also has a
text label. Tests read the data behind a chart (patches, texts, labels), not pixels.

One module per figure family, every name importable from here:

- :mod:`~iopkit.plots.style`: the palette, labels, fonts, ``new_axes()`` and ``to_png()``;
- :mod:`~iopkit.plots.continuum`: ``plot_continuum()``;
- :mod:`~iopkit.plots.decision`: ``plot_decision_path()``;
- :mod:`~iopkit.plots.week`: ``plot_week()`` and ``plot_hours_by_component()``;
- :mod:`~iopkit.plots.timeline`: ``plot_timeline()``.
"""

from __future__ import annotations

from iopkit.plots.continuum import plot_continuum
from iopkit.plots.decision import plot_decision_path
from iopkit.plots.style import (
    ABBREVIATIONS,
    ACTIVITY_COLOURS,
    GREY,
    LEVEL_COLOURS,
    MIN_FONT_PT,
    OKABE_ITO,
    PALETTE,
    SHORT_LABELS,
    STATUS_COLOURS,
    legend_labels,
    new_axes,
    text_colour,
    texts,
    to_png,
)
from iopkit.plots.timeline import plot_timeline
from iopkit.plots.week import plot_hours_by_component, plot_week

__all__ = [
    "ABBREVIATIONS",
    "ACTIVITY_COLOURS",
    "GREY",
    "LEVEL_COLOURS",
    "MIN_FONT_PT",
    "OKABE_ITO",
    "PALETTE",
    "SHORT_LABELS",
    "STATUS_COLOURS",
    "legend_labels",
    "new_axes",
    "plot_continuum",
    "plot_decision_path",
    "plot_hours_by_component",
    "plot_timeline",
    "plot_week",
    "text_colour",
    "texts",
    "to_png",
]
