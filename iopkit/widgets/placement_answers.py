"""The case player's answers: the second choice some answers need (the withdrawal setting,
the level a step moves to), saving each answer with its grade, and bringing the trainee's
answers, score and case progress back when the page opens again.

:class:`AnswerControls` is a part of :class:`~iopkit.widgets.placement.PlacementCasePlayer`,
kept apart so that each module reads in one sitting; it uses the player's widgets and state.
"""

from __future__ import annotations

import contextlib
import time
from typing import TYPE_CHECKING, Any

from iopkit.errors import IopkitError
from iopkit.grading import (
    Grade,
    PlacementAnswer,
    Scorecard,
    grade_placement,
    grade_stage,
    level_before,
    targets,
)
from iopkit.levels import Level
from iopkit.progress import CaseProgress, restore
from iopkit.widgets._common import message_html

if TYPE_CHECKING:  # pragma: no cover
    import ipywidgets as w

    from iopkit.placement import Engine
    from iopkit.vignettes import Library, Vignette


class AnswerControls:
    """What the player needs to ask, save and restore answers (set in its ``__init__``)."""

    library: Library
    engine: Engine
    record: bool
    choice: w.RadioButtons
    setting: w.RadioButtons
    confidence: w.Dropdown
    feedback: w.HTML
    next_stage: w.Button
    stage_info: w.HTML
    stage_choice: w.RadioButtons
    stage_target: w.RadioButtons
    stage_submit: w.Button
    stage_feedback: w.HTML
    restored_note: str
    _card: Scorecard
    _cases: dict[str, CaseProgress]
    _last: dict[str, str]
    _shown_at: float

    @property
    def case_progress(self) -> CaseProgress | None:  # pragma: no cover - the player's
        raise NotImplementedError

    # --- choices that ask one more thing ------------------------------------------------------

    def choose(self, answer: PlacementAnswer | Level | str) -> None:
        """Set the level, and for withdrawal management its setting, as a trainee clicks them."""
        chosen = PlacementAnswer.parse(answer)
        self.choice.value = chosen.level
        self.setting.value = chosen.setting

    def _on_choice(self, _: Any = None) -> None:
        """Withdrawal management asks where: ambulatory or 24-hour."""
        wm = self.choice.value is Level.WITHDRAWAL_MANAGEMENT
        self.setting.layout.display = "" if wm else "none"
        if not wm:
            self.setting.value = None

    def _on_stage_choice(self, _: Any = None) -> None:
        """A step down or up asks to which level (every level that way, least intensive first)."""
        p, decision = self.case_progress, self.stage_choice.value
        options: tuple[Level, ...] = ()
        if p is not None and not p.at_admission and decision is not None:
            options = targets(decision, level_before(p.vignette, p.stage_index))
        self.stage_target.value = None
        self.stage_target.options = [(lv.short, lv) for lv in options]
        self.stage_target.value = options[0] if len(options) == 1 else None
        self.stage_target.layout.display = "" if options else "none"

    def _stage_end(self, progress: CaseProgress) -> str:
        if progress.can_go_on:
            self.next_stage.disabled = False
            return "<p><i>Press <b>Next stage</b> just below to continue.</i></p>"
        return "<p><b>End of this case.</b> Press <b>Next case</b> just below to go on.</p>"

    def _open_stage(self, progress: CaseProgress) -> None:
        """Show the stage ``progress`` is at, with its decision controls cleared."""
        from iopkit.vignettes import stage_html

        v = progress.vignette
        self.stage_info.value = (
            f"<p><b>Stage {progress.stage_index + 1} of {len(v.stages)}</b></p>"
            + stage_html(v, progress.stage_index)
            + "<p><i>What should the team decide now?</i></p>"
        )
        self.stage_choice.value = None
        self.stage_target.value = None
        self.stage_choice.disabled = False
        self.stage_target.disabled = False
        self.stage_submit.disabled = False

    # --- saving, and answers that survive a reload ---------------------------------------

    def _restore(self) -> None:
        """Bring back the trainee's score and progress from the answers database."""
        from iopkit.responses import record_safely

        rows = record_safely(
            lambda s: s.rows("placement"), failed="your saved answers could not be read"
        )
        if isinstance(rows, str):
            self.restored_note = message_html(rows, "error")
            return
        back = restore(self.library, rows)
        self._card = back.card
        self._cases.update(back.progress)
        self._last.update(back.last)
        if back.answered:
            self.restored_note = (
                f"<p class='iopkit-restored'><i>Your saved answers are back "
                f"({back.answered} question{'s' if back.answered != 1 else ''} answered "
                "before): a new answer to one of them is a retry.</i></p>"
            )

    def _show_answered(self, progress: CaseProgress) -> None:
        """Show a case the trainee answered before: their latest answers, graded again (an
        answer the case as it is now cannot read, from an older version, is not shown)."""
        v = progress.vignette
        note = (
            "<p class='iopkit-restored'><i>You answered this before; your latest answer and "
            "its feedback are below. Answering again is a retry.</i></p>"
        )
        admission = self._last.get(v.id)
        with contextlib.suppress(IopkitError):
            if admission is not None:
                self.feedback.value = (
                    note + grade_placement(v, admission, self.engine)._repr_html_()
                )
        if progress.at_admission:
            self.next_stage.disabled = not progress.can_go_on
            return
        self._open_stage(progress)
        chosen = self._last.get(progress.question)
        with contextlib.suppress(IopkitError):
            if chosen is not None:
                result = grade_stage(v, progress.stage_index, chosen, self.engine)
                self.stage_feedback.value = note + result._repr_html_()
        if chosen is not None:
            self.stage_feedback.value += self._stage_end(progress)

    def _retry_note(self, question: str) -> str:
        """For an answer after the first: welcome practice; the score keeps the first."""
        if question not in self._card.results:
            return ""
        first = self._card.results[question].label.lower()
        return (
            "<p class='iopkit-retry'><b>Retry (practice).</b> Your first answer to this question "
            f"was {first}; only the first answer counts for the score. Trying again is welcome."
            "</p>"
        )

    def _save(self, v: Vignette, stage: str, chosen: str, expected: str, grade: Grade) -> str:
        """Record the answer and its grade; an empty string, or a note when it could not be
        saved."""
        if not self.record:
            return ""
        from iopkit.responses import record_safely

        seconds = time.monotonic() - self._shown_at
        confidence = self.confidence.value if not stage else ""
        saved = record_safely(
            lambda s: s.record_placement(
                v.id,
                stage,
                chosen,
                expected,
                grade is Grade.KEY,
                confidence,
                seconds,
                v.version,
                grade=grade.value,
            )
        )
        return message_html(saved, "error") if isinstance(saved, str) else ""
