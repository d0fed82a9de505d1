"""Placement case player: read a case, choose a level, get explained feedback, go on to stages."""

from __future__ import annotations

import html
import time
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from iopkit.assessment import FIELD_LABELS, Assessment
from iopkit.components import Condition
from iopkit.grading import (
    PlacementAnswer,
    Scorecard,
)
from iopkit.levels import BY_INTENSITY, Decision, Level, WithdrawalSetting
from iopkit.placement import WHAT_IF_VALUES, Engine, change_finding, recommend
from iopkit.progress import ADMISSION, CaseProgress
from iopkit.render import value_text
from iopkit.widgets._common import (
    WIDE,
    App,
    figure,
    figure_image,
    image_layout,
    message_html,
    png,
    problems_panel,
    shown,
)
from iopkit.widgets.placement_answers import AnswerControls

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes import Library, Vignette

_E = html.escape


CONFIDENCE_OPTIONS: tuple[tuple[str, str], ...] = (
    ("Not stated", ""),
    ("Guessing", "guessing"),
    ("Fairly sure", "fairly sure"),
    ("Very sure", "very sure"),
)

LOCKED_FIGURE_TEXT = "The decision path opens after your first answer to this question."

ALL = "all"
CO_OCCURRING = "co_occurring"


class PlacementCasePlayer(AnswerControls, App):
    """Work through placement cases: choose a level, read the feedback, continue to stages.

    ``library`` is an :class:`iopkit.vignettes.Library` (default: ``load_library()``, so
    vignettes in ``$IOPKIT_VIGNETTES`` appear too); ``engine`` is the placement function.
    """

    def __init__(
        self,
        library: Library | None = None,
        engine: Engine = recommend,
        case: str | None = None,
        record: bool = True,
    ) -> None:
        from iopkit.vignettes import load_library

        self.record = record  # keep each answer in the trainee's answers database
        self._shown_at = time.monotonic()
        # a preheated kernel built this before anyone opened the page: the clock starts then
        from iopkit.widgets.opened import when_page_opens

        when_page_opens(self._on_page_opened)
        self.library = library if library is not None else load_library()
        self.engine = engine
        self._card = Scorecard(tuple(v.id for v in self.library.vignettes))
        self._cases: dict[str, CaseProgress] = {}  # where the trainee is in each case opened
        self._last: dict[str, str] = {}  # the latest answer to each question, as stored
        self.restored_note = ""  # what was brought back from the answers database
        self._fig: Any = None  # the decision path's figure, made at its first drawing

        self.condition_filter = w.Dropdown(
            options=self._filter_options(), value=ALL, description="Condition"
        )
        self.case = w.Dropdown(description="Case", layout=w.Layout(width="36em"))
        self.vignette = w.HTML()
        self.choice = w.ToggleButtons(
            options=[(lv.short, lv) for lv in BY_INTENSITY],
            value=None,
            description="Your level",
            tooltips=[lv.label for lv in BY_INTENSITY],
            style=WIDE,
        )
        self.setting = w.ToggleButtons(
            options=[(s.label.split()[0], s) for s in WithdrawalSetting],
            value=None,
            description="Setting",
            tooltips=[s.label for s in WithdrawalSetting],
            style=WIDE,
        )
        self.setting.layout.display = "none"  # asked only for withdrawal management
        self.confidence = w.Dropdown(
            options=list(CONFIDENCE_OPTIONS), value="", description="Confidence", style=WIDE
        )
        self.submit = w.Button(description="Check my answer", button_style="primary")
        self.feedback = w.HTML()
        self.next_stage = w.Button(description="Next stage", button_style="primary", disabled=True)
        self.next_case = w.Button(description="Next case", button_style="primary")
        self.where = w.HTML()  # the trainee's place, beside the buttons that move on
        self.stage_info = w.HTML()
        self.stage_choice = w.ToggleButtons(
            options=[(d.label, d) for d in Decision],
            value=None,
            description="Your decision",
            style=WIDE,
            disabled=True,
        )
        self.stage_target = w.ToggleButtons(options=[], value=None, description="Moving to")
        self.stage_target.style.description_width = "initial"
        self.stage_target.layout.display = "none"  # asked only for a step down or up
        self.stage_submit = w.Button(
            description="Check my decision", button_style="primary", disabled=True
        )
        self.stage_feedback = w.HTML()
        self.progress = w.IntProgress(value=0, min=0, max=1, description="Progress")
        self.score = w.HTML()
        self.what_if_field = w.Dropdown(
            options=[(FIELD_LABELS[f], f) for f in WHAT_IF_VALUES],
            value="home_environment",
            description="Change finding",
            style=WIDE,
        )
        self.what_if_value = w.Dropdown(description="New value", style=WIDE)
        self.what_if_result = w.HTML()
        self.path_heading = w.HTML()
        self.path_figure = figure_image(layout=image_layout(6.4))
        self.locked_note = w.HTML(
            "<p><i>After your first answer to this question, you can explore it here: what "
            "would change the level, and the path through the rules.</i></p>"
        )
        self.analysis = w.VBox(
            [
                w.HTML("<h4>What if one finding were different?</h4>"),
                w.HBox([self.what_if_field, self.what_if_value]),
                self.what_if_result,
                self.path_heading,
                self.path_figure,
            ]
        )

        self.condition_filter.observe(self._on_filter, names="value")
        self.choice.observe(self._on_choice, names="value")
        self.stage_choice.observe(self._on_stage_choice, names="value")
        self.case.observe(self._on_case, names="value")
        self.submit.on_click(self._on_submit)
        self.next_stage.on_click(self._on_next_stage)
        self.next_case.on_click(self._on_next_case)
        self.stage_submit.on_click(self._on_stage_submit)
        self.what_if_field.observe(self._on_what_if_field, names="value")
        self.what_if_value.observe(self._on_what_if_value, names="value")

        if self.record:
            self._restore()
        self._on_filter()
        if case is not None:
            self.case.value = case

        self._stage_box = w.VBox(
            [
                self.stage_info,
                self.stage_choice,
                self.stage_target,
                self.stage_submit,
                self.stage_feedback,
            ]
        )
        #: Directly under the feedback (the admission's, or the stage's once a stage is open):
        #: the buttons that move on, and where the trainee is.
        self.nav = w.HBox([self.next_stage, self.next_case, self.where])
        self.nav.add_class("iopkit-nav")
        self._show_stage_box()
        self.problems = problems_panel(self.library.problems)
        from iopkit.widgets.live import RoomView

        #: The facilitator's settings for the room (a held case, released prompts).
        self.room = RoomView(self._room_question, self._apply_hold)
        self.widget = self._box(
            [
                *shown(self.problems),
                w.HBox([self.condition_filter, self.case]),
                w.HBox([self.progress, self.score]),
                self.room.note,
                self.vignette,
                self.choice,
                self.setting,
                w.HBox([self.confidence, self.submit]),
                self.feedback,
                self._stage_box,
                self.nav,
                self.room.released,
                self.locked_note,
                self.analysis,
            ]
        )

    # --- state ------------------------------------------------------------------------------

    @property
    def current(self) -> Vignette | None:
        """The vignette shown now."""
        if self.case.value is None:
            return None
        return self.library.get(self.case.value)

    @property
    def stage_index(self) -> int:
        """-1 for the admission question, else the index of the stage shown."""
        return self._progress.stage_index if self._progress is not None else ADMISSION

    @property
    def case_progress(self) -> CaseProgress | None:
        """The trainee's place in the case shown (None when no case matches the filter)."""
        return self._progress

    @property
    def _progress(self) -> CaseProgress | None:
        v = self.current
        return self._cases.get(v.id) if v is not None else None

    @_progress.setter
    def _progress(self, progress: CaseProgress | None) -> None:
        if progress is not None:
            self._cases[progress.vignette.id] = progress

    @property
    def scorecard(self) -> Scorecard:
        """The trainee's whole score: every case, whatever the condition filter shows."""
        return self._card

    @property
    def unlocked(self) -> bool:
        """True once the question on screen has an answer: only then is its analysis shown."""
        p = self._progress
        return p is not None and (p.answered or p.question in self._card.results)

    def _assessment(self) -> Assessment | None:
        return self._progress.assessment if self._progress is not None else None

    def _filter_options(self) -> list[tuple[str, str]]:
        present = {c for v in self.library.vignettes for c in v.conditions}
        options = [(f"All cases ({len(self.library)})", ALL)]
        n_co = len(self.library.filter(CO_OCCURRING))
        if n_co:
            options.append((f"Co-occurring ({n_co})", CO_OCCURRING))
        for c in Condition:
            if c in present:
                options.append((f"{c.label} ({len(self.library.filter(c))})", c.value))
        return options

    def _filtered(self) -> list[Vignette]:
        value = self.condition_filter.value
        return self.library.filter(None if value in (None, ALL) else value)

    # --- callbacks --------------------------------------------------------------------------

    def _on_filter(self, _: Any = None) -> None:
        cases = self._filtered()
        options = [(v.title, v.id) for v in cases]
        keep = self.case.value if self.case.value in {v.id for v in cases} else None
        self.case.options = options
        self.case.value = keep if keep is not None else (options[0][1] if options else None)
        if not options:
            self._on_case()
        self._show_stage_box()
        self._show_score()

    def _room_question(self) -> tuple[Vignette | None, str, bool]:
        """For the room's settings: the case shown, the question on screen, answered or not."""
        p = self._progress
        return self.current, p.question if p is not None else "", self.unlocked

    def _apply_hold(self, held: bool) -> None:
        """A held case shows no story and takes no answer; once opened it starts afresh."""
        if not held:
            self._on_case()
            return
        self.vignette.layout.display = "none"
        for control in (self.choice, self.setting, self.submit, self.stage_choice):
            control.disabled = True
        self.stage_target.disabled = True
        self.stage_submit.disabled = True
        self.next_stage.disabled = True

    def _show_room(self) -> None:
        room = getattr(self, "room", None)
        if room is not None:
            room.show()

    def _on_page_opened(self) -> None:
        """The trainee sees the case from now: the seconds taken count from here."""
        self._shown_at = time.monotonic()

    def _on_case(self, _: Any = None) -> None:
        from iopkit.vignettes import vignette_html

        v = self.current
        if v is not None and v.id not in self._cases:
            self._progress = CaseProgress(v)
        self._shown_at = time.monotonic()
        self.choice.value = None
        self.setting.value = None
        self.confidence.value = ""
        self.feedback.value = ""
        self.stage_info.value = ""
        self.stage_feedback.value = ""
        self.stage_choice.value = None
        self.stage_choice.disabled = True
        self.stage_target.disabled = True
        self.stage_submit.disabled = True
        self.next_stage.disabled = True
        self.submit.disabled = v is None
        self.vignette.layout.display = ""
        self.choice.disabled = False
        self.setting.disabled = False
        if v is None:
            self.vignette.value = message_html("No case matches this filter.", "info")
            self._show_stage_box()
            self._refresh_analysis()
            return
        n = len(v.stages)
        stages = f" This case has {n} later stage{'s' if n != 1 else ''}." if n else ""
        self.vignette.value = vignette_html(v) + (
            f"<p><i>Choose a level of care, then check your answer.{_E(stages)}</i></p>"
        )
        progress = self._progress
        if progress is not None and (progress.answered or not progress.at_admission):
            self._show_answered(progress)
        self._show_stage_box()
        self._refresh_analysis()
        self._show_score()
        self._show_room()

    def _on_submit(self, _: Any = None) -> None:
        progress = self._progress
        if progress is None:
            return
        if self.room.held(progress.vignette.id):
            self.feedback.value = message_html("your facilitator is holding this case.", "info")
            return
        if self.choice.value is None:
            self.feedback.value = message_html("choose a level first.", "error")
            return
        withdrawal = self.choice.value is Level.WITHDRAWAL_MANAGEMENT
        if withdrawal and self.setting.value is None:
            self.feedback.value = message_html(
                "choose the setting of withdrawal management first: ambulatory or 24-hour.",
                "error",
            )
            return
        v = progress.vignette
        answer = PlacementAnswer(self.choice.value, self.setting.value if withdrawal else None)
        progress, result = progress.answer(answer, self.engine, self.confidence.value or None)
        self._progress = progress
        retry = self._retry_note(v.id)
        self._card = self._card.record(v.id, result.grade)
        self._last[v.id] = result.answer.value
        self.feedback.value = (
            retry
            + result._repr_html_()
            + self._save(v, "", result.answer.value, result.key.value, result.grade)
        )
        self._refresh_analysis()
        if progress.at_admission and progress.can_go_on:
            self.next_stage.disabled = False
            self.feedback.value += (
                "<p><i>This case goes on: press <b>Next stage</b> just below to follow it.</i></p>"
            )
        self._show_score()
        self._show_room()

    def _on_next_stage(self, _: Any = None) -> None:
        if self._progress is None or not self._progress.can_go_on:
            return
        progress = self._progress = self._progress.next_stage()
        self._shown_at = time.monotonic()
        self.next_stage.disabled = True
        self._open_stage(progress)
        self.stage_feedback.value = ""
        self._show_stage_box()
        self._show_score()
        self._refresh_analysis()  # locked again until this stage has an answer
        self._show_room()

    def _on_next_case(self, _: Any = None) -> None:
        """The case after this one in the list the filter shows (after the last, the first)."""
        ids = [value for _, value in self.case.options]
        if len(ids) < 2:
            return
        here = ids.index(self.case.value) if self.case.value in ids else -1
        self.case.value = ids[(here + 1) % len(ids)]

    def _on_stage_submit(self, _: Any = None) -> None:
        progress = self._progress
        if progress is None or progress.stage is None:
            return
        if self.room.held(progress.vignette.id):
            self.stage_feedback.value = message_html(
                "your facilitator is holding this case.", "info"
            )
            return
        if self.stage_choice.value is None:
            self.stage_feedback.value = message_html("choose a decision first.", "error")
            return
        if self.stage_target.options and self.stage_target.value is None:
            self.stage_feedback.value = message_html(
                "choose the level of care the person moves to first.", "error"
            )
            return
        v, stage = progress.vignette, progress.stage
        target = self.stage_target.value if self.stage_target.options else None
        progress, result = progress.decide(self.stage_choice.value, self.engine, target)
        self._progress = progress
        retry = self._retry_note(progress.question)
        self._card = self._card.record(progress.question, result.grade)
        self._last[progress.question] = result.answer.value
        self.stage_feedback.value = (
            retry
            + result._repr_html_()
            + self._save(v, stage.id, result.answer.value, result.key.value, result.grade)
            + self._stage_end(progress)
        )
        self._show_score()
        self._refresh_analysis()  # this stage's findings now drive the what-if and the path
        self._show_room()

    def _on_what_if_field(self, _: Any = None) -> None:
        a = self._assessment()
        name = self.what_if_field.value
        current = getattr(a, name) if a is not None else None
        values = WHAT_IF_VALUES[name]  # a case's own number (hours, weight) joins the list
        options = [
            (value_text(x), x) for x in (values if current in values else (*values, current))
        ]
        labelled = [(f"{label} (this case)" if x == current else label, x) for label, x in options]
        self.what_if_value.unobserve(self._on_what_if_value, names="value")
        self.what_if_value.options = labelled
        self.what_if_value.value = current
        self.what_if_value.observe(self._on_what_if_value, names="value")
        self._on_what_if_value()

    def _on_what_if_value(self, _: Any = None) -> None:
        """The what-if text and the decision path, both from the same changed assessment."""
        a = self._assessment()
        if a is None or not self.unlocked:
            return
        field_name, value = self.what_if_field.value, self.what_if_value.value
        result = change_finding(a, field_name, value, self.engine)
        self.what_if_result.value = result._repr_html_()
        label = FIELD_LABELS.get(field_name, field_name)
        from iopkit.plots import plot_decision_path  # matplotlib: only once a path is drawn

        if self._fig is None:
            self._fig = figure(6.4, 6.6)
        ax = plot_decision_path(result.after, ax=self._fig.axes[0])
        if value != getattr(a, field_name):
            ax.set_title(f"{label}: {value_text(value)}\nDecision path: {result.after.level.label}")
            self.path_heading.value = (
                f"<h4>The decision path with {_E(label.lower())}: {_E(value_text(value))}</h4>"
            )
        else:
            self.path_heading.value = "<h4>The decision path for this case</h4>"
        self.path_figure.value = png(self._fig)
        self.path_figure.tooltip = f"{ax.get_title()}. Rules checked: " + "; ".join(
            f"{r.rule} {'met' if r.met else 'not met'}" for r in result.after.reasons
        )

    # --- views ------------------------------------------------------------------------------

    def _refresh_analysis(self) -> None:
        """Show the what-if panel and the path once the question on screen has an answer;
        before that, nothing about its level is computed or sent to the page."""
        open_ = self.unlocked and self._assessment() is not None
        self.analysis.layout.display = "" if open_ else "none"
        self.locked_note.layout.display = "none" if open_ or self.current is None else ""
        if not open_:
            self.what_if_result.value = ""
            self.path_heading.value = ""
            self.path_figure.value = b""
            self.path_figure.tooltip = LOCKED_FIGURE_TEXT
            return
        self._on_what_if_field()

    def _show_stage_box(self) -> None:
        """The stage controls show once a stage is open; Next stage only for cases that have
        later stages; Next case whenever the list holds another case."""
        if getattr(self, "nav", None) is None:
            return
        v, p = self.current, self._progress
        at_stage = p is not None and not p.at_admission
        self._stage_box.layout.display = "" if at_stage else "none"
        self.next_stage.layout.display = "" if v is not None and v.stages else "none"
        self.next_case.disabled = len(self.case.options) < 2

    def _show_score(self) -> None:
        card = self.scorecard
        self.progress.max = max(card.total, 1)
        self.progress.value = card.cases_done
        self.score.value = (
            f"<p><b>Score:</b> {_E(card.summary())}. Only your first answer to each question "
            "counts; retries are welcome practice.</p>" + self.restored_note
        )
        self.where.value = self._where_text()

    def _where_text(self) -> str:
        """Where the trainee is, beside Next stage and Next case: this case's place in the list
        and its stage, and how many cases are done."""
        v, p, card = self.current, self._progress, self.scorecard
        if v is None:
            return ""
        ids = [value for _, value in self.case.options]
        parts = [f"Case {ids.index(v.id) + 1} of {len(ids)}"] if v.id in ids else []
        if p is not None and not p.at_admission:
            parts.append(f"stage {p.stage_index + 1} of {len(v.stages)}")
        parts.append(f"{card.cases_done} of {card.total} cases done")
        return f"<p class='iopkit-where'>{_E(', '.join(parts))}</p>"
