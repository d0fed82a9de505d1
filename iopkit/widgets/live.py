"""The live room: the facilitator's page, and the room's settings in a trainee's case player.

:class:`LiveRoomPage` reads the drop box every few seconds (:mod:`iopkit.live_room`) and shows
the room on a projector; its controls hold or open cases and release their discussion prompts
and answer spreads (:mod:`iopkit.room`). :class:`RoomView` is the trainee's side: the case
player asks it what the facilitator has set, and it checks the room file every few seconds.
Both refresh from the kernel's own event loop (:func:`every`), so nobody presses a button.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from iopkit.errors import IopkitError
from iopkit.room import RoomError, RoomSettings, read_room, room_path, write_room
from iopkit.userdata import EXCHANGE_ENV, exchange_dir
from iopkit.widgets._common import WIDE, App, message_html

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.live_room import LiveRoom
    from iopkit.vignettes import Library, Vignette

_E = html.escape

ROOM_POLL_S = 3.0
"""How often a trainee's player looks at the room file (a stat; read only when it changed)."""


def every(seconds: float, tick: Callable[[], object]) -> asyncio.Task[None] | None:
    """Call ``tick`` every ``seconds`` on the kernel's event loop (``None`` without a running
    loop: a script or a test calls ``tick`` itself). A failing tick never stops the next."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return None

    async def run() -> None:
        while True:
            await asyncio.sleep(seconds)
            try:
                tick()
            except Exception:  # the page must keep refreshing whatever one reading met
                continue

    return loop.create_task(run())


def _now_text() -> str:
    return dt.datetime.now().strftime("%H:%M:%S")


# --- the trainee's side ---------------------------------------------------------------------


class RoomView:
    """What the facilitator's settings change in a case player: a held case shows a note
    instead of its story; released prompts (and the room's spread, once the trainee answered)
    show under the feedback. ``show`` is called by the player whenever the question changes."""

    def __init__(
        self,
        question: Callable[[], tuple[Vignette | None, str, bool]],
        on_hold: Callable[[bool], None],
        path: Path | None = None,
        poll_s: float = ROOM_POLL_S,
    ) -> None:
        self._question = question  # the case shown, the question id, answered or not
        self._on_hold = on_hold
        self.path = path if path is not None else room_path()
        self.settings = RoomSettings()
        self._stamp: tuple[int, int, int] | None = None
        self._held = False  # a case opens unheld: only a change redraws the player
        self.note = w.HTML()
        self.released = w.HTML()
        self._task = every(poll_s, self.poll) if self.path is not None else None
        self.poll()

    def poll(self) -> bool:
        """Read the room file if it changed; True when the settings changed."""
        if self.path is None:
            return False
        try:
            st = os.stat(self.path)
            stamp: tuple[int, int, int] | None = (st.st_mtime_ns, st.st_size, st.st_ino)
        except OSError:
            stamp = None
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        settings, _ = read_room(self.path)  # a file the facilitator did not write is ignored
        if settings == self.settings:
            return False
        self.settings = settings
        self.show()
        return True

    def held(self, case_id: str) -> bool:
        return self.settings.held(case_id)

    def show(self) -> None:
        from iopkit.render.live import held_html, prompts_html

        v, question, answered = self._question()
        held = v is not None and self.settings.held(v.id)
        if held != self._held:
            self._held = held
            self._on_hold(held)
        self.note.value = held_html() if held else ""
        if v is None or held or not self.settings.prompts_released(v.id):
            self.released.value = ""
            return
        if not answered:
            self.released.value = (
                "<p><i>Your facilitator has opened the discussion of this case: answer it "
                "first, then the questions to discuss appear here.</i></p>"
            )
            return
        self.released.value = prompts_html(tuple(v.discussion)) + self._spread(v, question)

    def _spread(self, v: Vignette, question: str) -> str:
        from iopkit.debrief import Choice
        from iopkit.grading import grade_answer
        from iopkit.render.live import room_spread_html

        spread = self.settings.spread_for(question)
        if spread is None or not spread.answers:
            return ""
        choices = []
        for value, n in spread.counts.items():
            try:
                choices.append(Choice(value, n, grade_answer(v, question, value)))
            except IopkitError:  # an answer this version of the case does not have
                continue
        return room_spread_html(tuple(choices), spread.answers)


# --- the facilitator's page -----------------------------------------------------------------


class LiveRoomPage(App):
    """The facilitator's live page: the room as it answers, refreshed every few seconds, and
    the controls that pace the room and release discussion prompts and answer spreads."""

    def __init__(
        self,
        folder: Path | str | None = None,
        library: Library | None = None,
        room: Path | None = None,
        refresh_s: float | None = None,
    ) -> None:
        from iopkit.live_room import REFRESH_S, DropBoxReader
        from iopkit.vignettes import load_library

        self.library = library if library is not None else load_library()
        self.folder = Path(folder) if folder is not None else exchange_dir()
        self.room_file = room if room is not None else room_path()
        self.reader = DropBoxReader(self.folder) if self.folder else None
        self.last: LiveRoom | None = None
        self.settings, problem = read_room(self.room_file)
        self.view = w.HTML()
        wide = w.Layout(width="auto")  # a checkbox's label is never cut short
        self.pseudonyms = w.Checkbox(
            value=False,
            description="Show pseudonyms (not for a projector)",
            indent=False,
            layout=wide,
        )
        self.case = w.Dropdown(
            options=[(v.title, v.id) for v in self.library.vignettes],
            description="Case",
            style=WIDE,
            layout=w.Layout(width="40em"),
        )
        self.hold = w.Checkbox(description="Hold this case for the room", indent=False, layout=wide)
        self.prompts = w.Checkbox(
            description="Release its discussion prompts to every trainee",
            indent=False,
            layout=wide,
        )
        self.spread = w.Checkbox(
            description="Also show trainees how the room answered", indent=False, layout=wide
        )
        self.hold_all = w.Button(description="Hold every case")
        self.open_all = w.Button(description="Open every case")
        self.saved = w.HTML(message_html(problem, "error") if problem else "")
        self.summary = w.HTML()

        self.pseudonyms.observe(lambda _: self._show(), names="value")
        self.case.observe(lambda _: self._show_case(), names="value")
        for box in (self.hold, self.prompts, self.spread):
            box.observe(self._on_case_setting, names="value")
        self.hold_all.on_click(lambda _: self._save(self.settings.holding_all(True)))
        self.open_all.on_click(lambda _: self._save(self.settings.holding_all(False)))

        controls = w.VBox(
            [
                self.case,
                self.hold,
                self.prompts,
                self.spread,
                w.HBox([self.hold_all, self.open_all]),
                self.saved,
                self.summary,
                self.pseudonyms,
            ]
        )
        #: Folded away by default, so that the projector shows the room, not the controls.
        self.controls = w.Accordion(children=[controls], titles=("Pace and reveal",))
        self.controls.selected_index = None
        self.widget = self._box([self.controls, self.view])
        self._show_case()
        self.refresh()
        self._task = every(refresh_s or REFRESH_S, self.refresh)

    # reading the room

    def refresh(self) -> None:
        """Read the drop box (only what changed) and show it, with the time of this reading."""
        from iopkit.debrief_intake import DebriefError
        from iopkit.live_room import live_room

        if self.reader is None:
            self.view.value = message_html(
                f"No hand-in folder is set up: start the kit with {EXCHANGE_ENV} naming it "
                "(see the workshop guide), then open this page again.",
                "error",
            )
            return
        try:
            handins, changed = self.reader.read()
            if changed or self.last is None:
                self.last = live_room(handins, self.library, self.room_file)
            else:  # nothing new: the same room, read again now
                self.last = replace(self.last, read_at=dt.datetime.now(dt.timezone.utc))
        except DebriefError as exc:
            self.view.value = message_html(f"{exc}. The page tries again in a few seconds.")
            return
        self._show()
        if self.last.room_problem:
            self.saved.value = message_html(
                f"the room file in use was not yours ({self.last.room_problem}); the next "
                "setting you change replaces it.",
                "error",
            )
        self._publish_spreads()

    def _show(self) -> None:
        from iopkit.render.live import live_room_html

        if self.last is not None:
            self.view.value = live_room_html(self.last, pseudonyms=self.pseudonyms.value)

    # pace and reveal

    def _show_case(self) -> None:
        c = self.settings.case(self.case.value) if self.case.value else None
        for box, value in (
            (self.hold, c.held if c else False),
            (self.prompts, c.prompts if c else False),
            (self.spread, c.spread if c else False),
        ):
            box.unobserve(self._on_case_setting, names="value")
            box.value = value
            box.observe(self._on_case_setting, names="value")
        self.spread.disabled = not self.prompts.value
        self.summary.value = self._summary_html()

    def _on_case_setting(self, _: Any = None) -> None:
        if not self.case.value:
            return
        self.spread.disabled = not self.prompts.value
        self._save(
            self.settings.with_case(
                self.case.value,
                held=self.hold.value,
                prompts=self.prompts.value,
                spread=self.spread.value and self.prompts.value,
            )
        )

    def _save(self, settings: RoomSettings, quiet: bool = False) -> None:
        if self.last is not None:
            settings = settings.with_spreads(self.last.spreads())
        try:
            self.settings = write_room(settings, self.room_file)
        except RoomError as exc:
            self.saved.value = message_html(f"{exc} Nothing was changed.", "error")
            self._show_case()
            return
        if quiet:
            return
        self.saved.value = message_html(
            f"saved at {_now_text()}; every trainee's page picks it up within a few seconds.",
            "ok",
        )
        self._show_case()

    def _publish_spreads(self) -> None:
        """Keep the released spreads in the room file up to date as answers arrive."""
        if self.last is None or not any(c.spread for c in self.settings.cases.values()):
            return
        spreads = self.last.spreads()
        if spreads != dict(self.settings.spreads):
            self._save(self.settings, quiet=True)

    def _summary_html(self) -> str:
        titles = {v.id: v.title for v in self.library.vignettes}
        held = [t for cid, t in titles.items() if self.settings.held(cid)]
        released = [t for cid, t in titles.items() if self.settings.prompts_released(cid)]

        def listed(names: list[str]) -> str:
            if not names:
                return "none"
            if len(names) == len(titles):
                return "every case"
            return ", ".join(_E(n) for n in names)

        return (
            f"<p><b>Held now:</b> {listed(held)}.<br><b>Discussion released:</b> "
            f"{listed(released)}.</p>"
        )


__all__ = ["ROOM_POLL_S", "LiveRoomPage", "RoomView", "every"]
