"""Workshop apps: choose a pseudonym, and hand in your answers to the facilitator."""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from iopkit.responses import (
    RECORDED,
    HandInError,
    ResponsesError,
    ResponseStore,
    default_store,
    hand_in,
)
from iopkit.widgets._common import WIDE, App, message_html

_E = html.escape

SAVED_VIEW_TEXT = "Run the notebook to start this app."


def recorded_html() -> str:
    """What the kit records about a trainee, as a short table (the same words as the README)."""
    rows = "".join(f"<tr><th scope='row'>{_E(k)}</th><td>{_E(v)}</td></tr>" for k, v in RECORDED)
    return (
        "<table class='iopkit-recorded'><caption>What the kit records</caption>"
        f"<tbody>{rows}</tbody></table>"
        "<p>Nothing else: no free text you type, no names of real people.</p>"
    )


class _WorkshopApp(App):
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        bundle = dict(self.widget._repr_mimebundle_(**kwargs))
        bundle["text/plain"] = SAVED_VIEW_TEXT  # no pseudonym or path in a saved notebook
        return bundle


class PseudonymPicker(_WorkshopApp):
    """Show and change the pseudonym under which a trainee's answers are kept."""

    def __init__(self, store: ResponseStore | None = None) -> None:
        self.store = store or default_store()
        self.name = w.Text(description="Pseudonym", style=WIDE)
        self.keep = w.Button(description="Keep this pseudonym", button_style="primary")
        self.message = w.HTML()
        try:
            self.name.value = self.store.pseudonym
        except ResponsesError as exc:
            self.message.value = message_html(str(exc), "error")
        self.keep.on_click(self._on_keep)
        self.widget = w.VBox([w.HBox([self.name, self.keep]), self.message])

    def _on_keep(self, _: Any = None) -> None:
        try:
            name = self.store.set_pseudonym(self.name.value)
        except (ValueError, ResponsesError) as exc:
            self.message.value = message_html(f"{exc}. Nothing was changed.", "error")
            return
        self.name.value = name
        self.message.value = message_html(f"your answers are kept under {name}.", "ok")


class HandInButton(_WorkshopApp):
    """A "Hand in" button: copies the trainee's pseudonymous answers to ``IOPKIT_EXCHANGE``."""

    def __init__(self, store: ResponseStore | None = None) -> None:
        self.store = store
        self.button = w.Button(
            description="Hand in",
            button_style="primary",
            tooltip="Send your answers (under your pseudonym) to the facilitator",
        )
        self.message = w.HTML()
        self.button.on_click(self._on_click)
        self.widget = w.VBox([self.button, self.message])

    def _on_click(self, _: Any = None) -> None:
        try:
            result = hand_in(self.store or default_store())
        except (HandInError, ResponsesError) as exc:
            self.message.value = message_html(str(exc), "error")
            return
        self.message.value = message_html(result.message(), "ok")


__all__ = ["HandInButton", "PseudonymPicker", "recorded_html"]
