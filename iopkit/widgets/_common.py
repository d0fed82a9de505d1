"""Small helpers shared by the apps (no clinical logic)."""

from __future__ import annotations

import base64
import functools
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from matplotlib.figure import Figure

from iopkit.plots import new_axes, to_png

if TYPE_CHECKING:
    from iopkit.inputs import Problem

WIDE = {"description_width": "initial"}
"""Style for controls whose description is longer than the default label width."""

FIG_DPI = 100


def image_layout(width_in: float) -> Any:
    """An Image layout at the figure's own pixel width (no blurry stretching), shrinking on
    narrow screens."""
    import ipywidgets as w

    return w.Layout(width=f"{round(width_in * FIG_DPI)}px", max_width="100%", height="auto")


def figure(width: float, height: float) -> Figure:
    """A reusable figure for an app (Agg canvas, constrained layout, small dpi for speed)."""
    fig = new_axes(width, height, dpi=FIG_DPI).figure
    assert isinstance(fig, Figure)
    return fig


def figure_text(ax: Any) -> str:
    """A text alternative for a figure: its title and the words drawn on it.

    Set as an Image widget's ``tooltip``, which the browser shows as the image's title
    (screen readers and accessibility audits accept a title as the text alternative).
    """
    words = [t.get_text().replace("\n", " ") for t in ax.texts if t.get_text()]
    return f"{ax.get_title()}. " + "; ".join(words)


@functools.cache
def _figure_image_class() -> Any:
    import ipywidgets as w
    import traitlets

    class FigureImage(w.Image):  # type: ignore[misc]
        description = traitlets.Unicode("").tag(sync=True)

    return FigureImage


def figure_image(**kwargs: Any) -> Any:
    """An ``Image`` widget for a PNG figure whose ``tooltip`` works as its text alternative.

    ipywidgets 8.1's front end reads ``description`` when it applies a tooltip, and the
    plain ``Image`` model has none, so an ``Image`` with a tooltip fails to render in the
    browser ("Failed to create view for 'ImageView'"). This subclass syncs an empty
    description, so the tooltip becomes the ``<img>`` title (the figure's text alternative).
    """
    return _figure_image_class()(format="png", **kwargs)


def png(fig: Figure) -> bytes:
    return to_png(fig)


def data_uri(data: bytes | str, mime: str) -> str:
    """A ``data:`` URI, so a Voila user can download what the app made."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"


def download_link(data: bytes | str, mime: str, filename: str, text: str) -> str:
    """An HTML download link (escaped) carrying the data in a ``data:`` URI."""
    return (
        f"<a download='{html.escape(filename, quote=True)}' "
        f"href='{data_uri(data, mime)}'>{html.escape(text)}</a>"
    )


def message_html(text: str, kind: str = "info") -> str:
    """A short message with a text label (not colour alone)."""
    label = {"error": "Problem", "ok": "Done", "info": "Note"}.get(kind, "Note")
    return f"<p class='iopkit-message iopkit-{kind}'><b>{label}:</b> {html.escape(text)}</p>"


def folder_problems() -> tuple[Problem, ...]:
    """Problems met loading the educator's case folder (``IOPKIT_VIGNETTES``); none if unset."""
    from iopkit.vignettes.loader import env_paths, load_library

    return load_library().problems if env_paths() else ()


def problems_panel(problems: Sequence[Problem] | None = None) -> Any:
    """A collapsible panel listing case files that could not be loaded (hidden when none).

    ``None`` reads the educator's folder (:func:`folder_problems`). The app still works with
    the built-in cases and every good file; the panel says which file, line and field to fix.
    """
    import ipywidgets as w

    from iopkit.vignettes.render import problems_html

    found = folder_problems() if problems is None else tuple(problems)
    panel = w.HTML(problems_html(found))
    panel.layout.display = None if found else "none"
    return panel


def shown(panel: Any) -> list[Any]:
    """``[panel]`` when it has something to show, else ``[]`` (so a page without problems is
    exactly as before)."""
    return [panel] if panel.value else []


class App:
    """Base for the apps: ``widget`` is the box; the app displays as its box."""

    widget: Any

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
