"""Small helpers shared by the apps (no clinical logic)."""

from __future__ import annotations

import base64
import functools
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

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
    """A reusable figure for an app (Agg canvas, constrained layout, small dpi for speed).

    matplotlib is imported here, when an app first draws, not when the app is imported: a
    page whose figure waits for a click opens without it.
    """
    from matplotlib.figure import Figure

    from iopkit.plots import new_axes

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
    from iopkit.plots import to_png

    return to_png(fig)


def data_uri(data: bytes | str, mime: str) -> str:
    """A ``data:`` URI, so a Voila user can download what the app made."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return f"data:{mime};base64,{base64.b64encode(raw).decode('ascii')}"


LINK_STYLE = "color:#0b57d0;text-decoration:underline;cursor:pointer"
"""Links look like links in widget HTML too (JupyterLab and Voila leave them unstyled there)."""


def download_link(data: bytes | str, mime: str, filename: str, text: str) -> str:
    """An HTML download link (escaped) carrying the data in a ``data:`` URI."""
    return (
        f"<a class='iopkit-link' style='{LINK_STYLE}' "
        f"download='{html.escape(filename, quote=True)}' "
        f"href='{data_uri(data, mime)}'>{html.escape(text)}</a>"
    )


def export_html(data: bytes | str, mime: str, kind: str, suffix: str, case: str | None) -> str:
    """Save an export in the trainee's folder and say so, with a download link either way.

    The file gets a new name (trainee, case, kind, time) and never replaces another; when it
    cannot be written the message says why and the download link still works.
    """
    from iopkit.exports import ExportError, export_name, write_export

    try:
        path = write_export(data, kind, suffix, case)
    except ExportError as exc:
        name = export_name(kind, suffix, case)
        link = download_link(data, mime, name, f"Download {name}")
        # The reason goes to the log of the server, not the page: it names server paths.
        del exc
        text = "the file could not be saved in your iopkit folder. Use the download link instead."
        return message_html(text, "error") + f"<p>{link}</p>"
    link = download_link(data, mime, path.name, f"Download {path.name}")
    return (
        f"<p class='iopkit-message iopkit-ok'><b>Done:</b> saved as "
        f"<b>{html.escape(path.name)}</b> in your iopkit folder. {link}</p>"
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

    from iopkit.render.cases import problems_html

    found = folder_problems() if problems is None else tuple(problems)
    panel = w.HTML(problems_html(found))
    panel.layout.display = None if found else "none"
    return panel


def shown(panel: Any) -> list[Any]:
    """``[panel]`` when it has something to show, else ``[]`` (so a page without problems is
    exactly as before)."""
    return [panel] if panel.value else []


PAGE_CSS = """<style>
.iopkit-app a, a.iopkit-link { color: #0b57d0; text-decoration: underline; }
.jp-RenderedHTMLCommon.jp-RenderedMarkdown a:link, .jp-RenderedHTMLCommon.jp-RenderedHTML a:link,
.jp-RenderedHTMLCommon a:visited { text-decoration: underline; }
.iopkit-app .jupyter-button { width: auto; min-width: 9em; padding: 0 1em; }
.iopkit-app .widget-vbox > .jupyter-button, .iopkit-app .widget-hbox > .jupyter-button {
  align-self: flex-start; flex: 0 0 auto; }
.iopkit-app .jupyter-button.mod-primary { font-weight: bold; }
.iopkit-app .jupyter-button:not(.mod-primary):not(.mod-active) {
  background: #ffffff; color: #1a1a1a; border: 1px solid #5a5a5a; }
.iopkit-app .jupyter-button:disabled, .iopkit-app .jupyter-button.mod-disabled {
  opacity: 0.45; cursor: not-allowed; border-style: dashed; box-shadow: none; }
.iopkit-app .widget-label { overflow: visible; text-overflow: clip; }
.iopkit-app .widget-dropdown select { max-width: 100%; }
.iopkit-app .widget-html-content { line-height: 1.45; }
.iopkit-app td, .iopkit-app th,
.jp-RenderedHTML.jp-RenderedHTMLCommon table td, .jp-RenderedHTML.jp-RenderedHTMLCommon table th {
  text-align: left; }
.iopkit-app td.iopkit-num, .iopkit-app th.iopkit-num,
.jp-RenderedHTML.jp-RenderedHTMLCommon table .iopkit-num { text-align: right; }
.iopkit-app .widget-html-content p, .iopkit-app .widget-html-content li,
.jp-RenderedMarkdown p, .jp-RenderedMarkdown li, .jp-RenderedMarkdown blockquote,
.jp-RenderedHTML p, .jp-RenderedHTML li { max-width: 64ch; }
</style>"""
"""Page styles every app carries: links look like links (underlined in text cells too, not
told apart by colour alone), one primary button stands out,
disabled buttons look disabled, labels are not cut off, prose lines stay about 70-80 characters
(64ch, the width of 64 zeros, holds about 77 characters of English prose) with the line
spacing of the text cells, in the apps, text cells and the HTML a cell shows alike (a level's
card, a recommendation), and table words read from the left."""


class App:
    """Base for the apps: ``widget`` is the box; the app displays as its box."""

    widget: Any

    @staticmethod
    def _box(children: list[Any]) -> Any:
        """The app's top-level box: its controls, with the kit's page styles and the script
        that makes its choice groups readable by assistive technology."""
        import ipywidgets as w

        from iopkit.widgets.accessible import CHOICES_HTML

        box = w.VBox([w.HTML(PAGE_CSS + CHOICES_HTML), *children])
        box.add_class("iopkit-app")
        return box

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        """The widget for a live kernel; a one-line note where widgets cannot run.

        A saved notebook keeps this ``text/plain`` line, so a notebook opened before it is
        run shows the note instead of a Python description of the widget tree.
        """
        bundle = self.widget._repr_mimebundle_(**kwargs)
        if isinstance(bundle, dict):
            bundle = dict(bundle)
            bundle["text/plain"] = APP_PLACEHOLDER
        return bundle


APP_PLACEHOLDER = "Run the notebook to start this app."
"""What an app cell shows where its widget cannot be drawn (a notebook not run yet)."""


class CheckboxGroup:
    """A multi-choice picker as a labelled group of checkboxes (no Ctrl-click needed).

    ``options`` are (label, value) pairs; ``value`` is the tuple of ticked values, in option
    order, and can be set. ``widget`` is the box to show.
    """

    def __init__(self, options: Any, description: str, columns: int = 2) -> None:
        import ipywidgets as w

        self.options = tuple(options)
        self.description = description
        self.boxes = [
            w.Checkbox(
                value=False,
                description=label,
                indent=False,
                layout=w.Layout(width="auto", min_width="20em"),
            )
            for label, _ in self.options
        ]
        heading = w.HTML(f"<b>{html.escape(description)}</b> (tick all that apply)")
        grid = w.GridBox(
            self.boxes,
            layout=w.Layout(grid_template_columns=f"repeat({columns}, minmax(18em, 1fr))"),
        )
        self.widget = w.VBox([heading, grid])

    @property
    def value(self) -> tuple[Any, ...]:
        return tuple(v for (_, v), box in zip(self.options, self.boxes, strict=True) if box.value)

    @value.setter
    def value(self, values: Any) -> None:
        wanted = set(values)
        for (_, v), box in zip(self.options, self.boxes, strict=True):
            box.value = v in wanted
