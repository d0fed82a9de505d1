"""Workshop apps: choose a pseudonym, and hand in your answers to the facilitator."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from iopkit.errors import IopkitError
from iopkit.responses import (
    HandInError,
    ResponsesError,
    ResponseStore,
    default_store,
    hand_in,
)
from iopkit.widgets._common import WIDE, App, message_html

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.measurement import TraineeCheck

_E = html.escape

SAVED_VIEW_TEXT = "Run the notebook to start this app."


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
        self.widget = self._box([w.HBox([self.name, self.keep]), self.message])

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
        self.synced = w.HTML()  # when the answers last reached the facilitator by themselves
        self.button.on_click(self._on_click)
        self.widget = self._box([self.button, self.message, self.synced])
        from iopkit.widgets.live import every

        self.show_sync()
        self._task = every(5.0, self.show_sync)

    def show_sync(self) -> None:
        """Say when the live hand-in last reached the facilitator (nothing without a drop box)."""
        from iopkit.responses.live import live_enabled
        from iopkit.userdata import exchange_dir

        try:
            store = self.store or default_store()
        except (ResponsesError, IopkitError):
            return
        if store.live is None or exchange_dir() is None or not live_enabled():
            self.synced.value = ""
            return
        kind = "error" if store.live.status.problem else "info"
        text = message_html(store.live.status.describe(), kind)
        if text != self.synced.value:
            self.synced.value = text

    def _on_click(self, _: Any = None) -> None:
        try:
            store = self.store or default_store()
            result = hand_in(store)
        except (HandInError, ResponsesError, IopkitError) as exc:
            self.message.value = message_html(str(exc), "error")
            return
        except Exception as exc:  # never a silent button: say what happened
            self.message.value = message_html(
                f"Your answers were not handed in ({exc}). Tell your facilitator; your "
                "answers are still saved.",
                "error",
            )
            return
        self.message.value = message_html(result.message(), "ok")
        if store.live is not None:
            store.live.note_sent()
        self.show_sync()


class KnowledgeCheck(_WorkshopApp):
    """The knowledge check: one of two parallel forms before the workshop (``"pre"``), the
    other after it (``"post"``); which comes first, and the order of each question's options,
    follow from the trainee's seed in their answers store. Answers are saved when the trainee
    presses the button; the first saved answer to each item counts. After the post-check each
    question shows its answer and reason, beside the trainee's own answer before the day to
    its twin question on the same objective."""

    def __init__(self, phase: str = "pre", store: ResponseStore | None = None) -> None:
        from iopkit.learning_quiz import Phase, new_seed, plan_for

        self.phase = Phase(phase)
        self.store = store
        self.message = w.HTML()
        try:
            seed = (store or default_store()).knowledge_seed
        except ResponsesError as exc:
            seed = new_seed()
            self.message.value = message_html(f"your answers cannot be saved: {exc}", "error")
        self.plan = plan_for(seed)
        self.items = self.plan.items(self.phase)
        self.choices = [
            w.RadioButtons(
                options=[(text, key) for key, text in self.plan.shown_options(item)],
                value=None,
                description=f"Question {n}",
                layout=w.Layout(width="auto"),
                style=WIDE,
            )
            for n, item in enumerate(self.items, start=1)
        ]
        self.feedback = [w.HTML() for _ in self.items]
        self.submit = w.Button(description="Save my answers", button_style="primary")
        self.results = w.HTML()
        self.submit.on_click(self._on_submit)
        rows: list[Any] = [w.HTML(f"<h4>{_E(self.phase.label)}: knowledge check</h4>")]
        for n, (item, choice, said) in enumerate(
            zip(self.items, self.choices, self.feedback, strict=True), start=1
        ):
            rows.append(
                w.HTML(f"<p><b>{n}. {_E(item.prompt)}</b> <i>({_E(item.citation)})</i></p>")
            )
            rows += [choice, said]
        rows += [self.submit, self.message, self.results]
        self.widget = self._box(rows)
        self._restore()

    def _saved(self) -> TraineeCheck:
        from iopkit.measurement import trainee_check

        store = self.store or default_store()
        return trainee_check("you", store.rows("quiz"))

    def _restore(self) -> None:
        """A reopened page shows the answers already saved (and, after the day, the results)."""
        if self.message.value:
            return
        try:
            check = self._saved()
        except ResponsesError:
            return
        score = check.pre if self.phase.value == "pre" else check.post
        if score is None or score.form is not self.plan.form(self.phase):
            return
        for item, choice in zip(self.items, self.choices, strict=True):
            if score.chosen.get(item.id) in dict(item.options):
                choice.value = score.chosen[item.id]
        if self.phase.value == "post":
            self._show_results(check)

    def _show_results(self, check: TraineeCheck) -> None:
        from iopkit.measurement import before_and_after
        from iopkit.render.measurement import before_after_html, own_summary_html

        pairs = {p.post_item.id: p for p in before_and_after(check) if p.post_item is not None}
        for item, said in zip(self.items, self.feedback, strict=True):
            if item.id in pairs and pairs[item.id].post_chosen is not None:
                said.value = before_after_html(pairs[item.id])
        self.results.value = own_summary_html(check)

    def _on_submit(self, _: Any = None) -> None:
        from iopkit.learning_quiz import Phase, grade_knowledge

        answered = [
            (item, choice.value)
            for item, choice in zip(self.items, self.choices, strict=True)
            if choice.value is not None
        ]
        if not answered:
            self.message.value = message_html("choose an answer to at least one question.", "error")
            return
        store = self.store or default_store()
        results = [grade_knowledge(item, value, self.phase) for item, value in answered]
        try:
            for r in results:
                store.record_quiz(self.phase.value, r.item.id, r.chosen, r.correct)
            check = self._saved()
        except ResponsesError as exc:
            self.message.value = message_html(f"your answers were not saved: {exc}", "error")
            return
        left = len(self.items) - len(answered)
        more = f" {left} question{'s' if left != 1 else ''} still open." if left else ""
        saved = f"saved {len(answered)} answer{'s' if len(answered) != 1 else ''}"
        if self.phase is Phase.PRE:
            self.message.value = message_html(
                f"{saved}.{more} The answers come at the end of the day, when you take a "
                "second check on the same topics.",
                "ok",
            )
            return
        self.message.value = message_html(
            f"{saved}.{more} Only your first answer to each question counts, for you and for "
            "the room's results.",
            "ok",
        )
        self._show_results(check)


__all__ = ["HandInButton", "KnowledgeCheck", "PseudonymPicker"]
