"""The live room: the facilitator's view of the drop box while the room works.

Each trainee's answers reach the drop box a few seconds after they are given
(:mod:`iopkit.responses.live`). :func:`read_live_room` reads it the way the debrief does (the
typed hand-in, every answer regraded by the one grading path, forged and planted files
refused: :mod:`iopkit.debrief`) and adds what a projector needs: when it was read, the room's
settings (:mod:`iopkit.room`) and the spreads of first answers the facilitator may release to
the room. Hand-ins already read are not parsed again until their file changes, so a page
refreshing every few seconds stays cheap for a room of 200.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iopkit.debrief import Debrief, build_debrief
from iopkit.debrief_intake import HandIns, ParsedCache, read_exchange
from iopkit.room import RoomSettings, Spread, read_room

REFRESH_S = 4.0
"""How often the facilitator's live page reads the drop box again."""


@dataclass(frozen=True)
class LiveRoom:
    """One reading of the room: the debrief of every hand-in so far, when it was read, the
    room's settings and, when the room file was not used, why."""

    debrief: Debrief
    read_at: dt.datetime
    settings: RoomSettings
    room_problem: str = ""

    @property
    def trainees(self) -> int:
        return self.debrief.trainees

    def spreads(self) -> dict[str, Spread]:
        """First answers per question (``case`` and ``case/stage``), for the room file."""
        out: dict[str, Spread] = {}
        for c in self.debrief.cases:
            if c.answers:
                out[c.case_id] = Spread(c.answers, {x.value: x.count for x in c.spread})
            for s in c.stages:
                out[f"{c.case_id}/{s.stage}"] = Spread(
                    s.answers, {x.value: x.count for x in s.spread}
                )
        return out

    def _repr_html_(self) -> str:
        from iopkit.render.live import live_room_html

        return live_room_html(self)


class DropBoxReader:
    """Reads a drop box again and again, re-reading only what changed since the last time."""

    def __init__(self, folder: Path | str) -> None:
        self.folder = Path(folder)
        self._seen: tuple[tuple[str, int, int, int], ...] | None = None
        self._last: HandIns | None = None
        self._parsed: ParsedCache = {}

    def _signature(self) -> tuple[tuple[str, int, int, int], ...]:
        """Every entry's name, size, change time and inode (a replaced file has a new one)."""
        out = []
        with os.scandir(self.folder) as it:
            for e in it:
                try:
                    st = e.stat(follow_symlinks=False)
                except OSError:
                    continue
                out.append((e.name, st.st_size, st.st_mtime_ns, st.st_ino))
                if e.is_dir(follow_symlinks=False):
                    try:
                        with os.scandir(e.path) as sub:
                            for s in sub:
                                sst = s.stat(follow_symlinks=False)
                                out.append(
                                    (f"{e.name}/{s.name}", sst.st_size, sst.st_mtime_ns, sst.st_ino)
                                )
                    except OSError:
                        continue
        return tuple(sorted(out))

    def read(self) -> tuple[HandIns, bool]:
        """The hand-ins, and whether anything changed since the previous read."""
        try:
            signature = self._signature()
        except OSError:
            signature = None
        if signature is not None and signature == self._seen and self._last is not None:
            return self._last, False
        # raises DebriefError for a missing folder; parses only the files that changed
        self._last = read_exchange(self.folder, self._parsed)
        self._seen = signature
        present = {(f"{self.folder}/{n}", ino, size, ns) for n, size, ns, ino in signature or ()}
        self._parsed = {k: v for k, v in self._parsed.items() if k in present}
        return self._last, True


def live_room(handins: HandIns, library: Any = None, room: Path | None = None) -> LiveRoom:
    """The room now, from hand-ins already read (see :class:`LiveRoom`)."""
    settings, problem = read_room(room)
    return LiveRoom(
        build_debrief(handins, library), dt.datetime.now(dt.timezone.utc), settings, problem
    )


def read_live_room(folder: Path | str, library: Any = None, room: Path | None = None) -> LiveRoom:
    """The room now, from the hand-ins in ``folder`` (see :class:`LiveRoom`)."""
    return live_room(read_exchange(folder), library, room)


__all__ = ["REFRESH_S", "DropBoxReader", "LiveRoom", "live_room", "read_live_room"]
