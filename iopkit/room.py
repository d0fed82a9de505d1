"""The room's settings: which cases the facilitator holds, and what they release to the room.

The facilitator's live page (:mod:`iopkit.widgets.live`) writes one small JSON file, the
**room file**: ``room.json`` in the hand-in folder (``IOPKIT_EXCHANGE``), or the file
``IOPKIT_ROOM`` names (for hubs where each trainee's drop box is a folder of its own). Every
trainee's case player reads it every few seconds:

* a **held** case shows no story and takes no answer until the facilitator opens it (pace);
* a case whose **discussion prompts** are released shows the author's prompts under the
  feedback;
* a case whose **answer spread** is released also shows how the room's first answers spread
  over the levels (counts only: the facilitator's page publishes them, since trainees cannot
  read each other's hand-ins), once the trainee has answered it themselves.

Only the facilitator can change the room. The file is trusted only when it belongs to the
owner of the folder it sits in (the facilitator, who owns the drop box), is a regular file (not
a link), cannot be written by anyone else, and sits in a folder where no one else can replace it
(the drop box is sticky: a trainee may add their own files, never replace another's). A file a
trainee planted there is ignored, and the facilitator's next write replaces it. Writing refuses
anyone but the folder's owner.

The file is read through the same kind of checks as a hand-in: a size limit, a format name and
version, and every field's type; a bad file is ignored with a sentence naming the field.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from iopkit.errors import IopkitError
from iopkit.userdata import EXCHANGE_ENV, exchange_dir

ROOM_ENV = "IOPKIT_ROOM"
ROOM_FILE = "room.json"
ROOM_FORMAT = "iopkit-room"
ROOM_FORMAT_VERSION = 1
MAX_ROOM_BYTES = 512 * 1024
MAX_CASES = 2000
MAX_COUNT = 100_000
_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-_")


class RoomError(IopkitError):
    """The room's settings could not be written (or read); the message says why and what to do."""


@dataclass(frozen=True)
class CaseRoom:
    """What the facilitator has set for one case."""

    held: bool = False
    prompts: bool = False
    """The author's discussion prompts are shown under the feedback."""
    spread: bool = False
    """The room's answer spread is shown too (after the trainee's own answer)."""


@dataclass(frozen=True)
class Spread:
    """How the room's first answers to one question spread: answer value -> count."""

    answers: int
    counts: Mapping[str, int]


@dataclass(frozen=True)
class RoomSettings:
    """The room file's content. ``hold_others`` holds every case not listed in ``cases``
    (the facilitator opens them one at a time); ``spreads`` are keyed by question
    (``case`` or ``case/stage``)."""

    cases: Mapping[str, CaseRoom] = field(default_factory=dict)
    hold_others: bool = False
    spreads: Mapping[str, Spread] = field(default_factory=dict)
    updated_at: str = ""

    def case(self, case_id: str) -> CaseRoom:
        got = self.cases.get(case_id)
        return got if got is not None else CaseRoom(held=self.hold_others)

    def held(self, case_id: str) -> bool:
        return self.case(case_id).held

    def prompts_released(self, case_id: str) -> bool:
        c = self.case(case_id)
        return c.prompts and not c.held

    def spread_for(self, question: str) -> Spread | None:
        """The published spread of ``question`` when its case's spread is released."""
        case_id = question.partition("/")[0]
        c = self.case(case_id)
        if not (c.spread and c.prompts) or c.held:
            return None
        return self.spreads.get(question)

    def with_case(self, case_id: str, **changes: bool) -> RoomSettings:
        cases = dict(self.cases)
        cases[case_id] = replace(self.case(case_id), **changes)
        return replace(self, cases=cases)

    def holding_all(self, held: bool) -> RoomSettings:
        """Every case held (or opened), releases kept."""
        cases = {cid: replace(c, held=held) for cid, c in self.cases.items()}
        return replace(self, cases=cases, hold_others=held)

    def with_spreads(self, spreads: Mapping[str, Spread]) -> RoomSettings:
        return replace(self, spreads=dict(spreads))

    # the file

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": ROOM_FORMAT,
                "format_version": ROOM_FORMAT_VERSION,
                "updated_at": self.updated_at,
                "hold_others": self.hold_others,
                "cases": {
                    cid: {"held": c.held, "prompts": c.prompts, "spread": c.spread}
                    for cid, c in sorted(self.cases.items())
                },
                "spreads": {
                    q: {"answers": s.answers, "counts": dict(sorted(s.counts.items()))}
                    for q, s in sorted(self.spreads.items())
                },
            },
            indent=1,
        )


def _problem(name: str, where: str, what: str) -> RoomError:
    return RoomError(f"{name}: {where} {what}; the room's settings were not applied.")


def _flag(obj: Mapping[str, Any], key: str, name: str, where: str) -> bool:
    value = obj.get(key, False)
    if not isinstance(value, bool):
        raise _problem(name, f"{where}{key}", "must be true or false")
    return value


def _key(value: Any, name: str, where: str) -> str:
    case_id, _, stage = value.partition("/") if isinstance(value, str) else ("", "", "")
    ok = (
        case_id
        and len(value) <= 200
        and set(case_id) <= _NAME_CHARS
        and set(stage) <= _NAME_CHARS
        and value.count("/") <= 1
    )
    if not ok:
        raise _problem(name, where, f"has a name that is not a case's ({str(value)[:40]!r})")
    return str(value)


def _mapping(value: Any, name: str, where: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise _problem(name, where, "must be a table of names and values")
    if len(value) > MAX_CASES:
        raise _problem(name, where, f"has more than {MAX_CASES} entries")
    return value


def room_from_json(data: bytes | str, name: str = ROOM_FILE) -> RoomSettings:
    """The settings in ``data``, or :class:`RoomError` naming the field at fault."""
    if len(data) > MAX_ROOM_BYTES:
        raise _problem(name, "the file", f"is larger than {MAX_ROOM_BYTES // 1024} KiB")
    try:
        obj = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _problem(name, "the file", f"is not JSON ({exc})") from None
    obj = _mapping(obj, name, "the file")
    if obj.get("format") != ROOM_FORMAT:
        raise _problem(name, "format", f"must be {ROOM_FORMAT!r}")
    if obj.get("format_version") != ROOM_FORMAT_VERSION:
        raise _problem(name, "format_version", f"must be {ROOM_FORMAT_VERSION}")
    updated = obj.get("updated_at", "")
    if not isinstance(updated, str) or len(updated) > 40:
        raise _problem(name, "updated_at", "must be a date and time")
    cases = {}
    for cid, body in _mapping(obj.get("cases", {}), name, "cases").items():
        where = f"cases.{_key(cid, name, 'cases')}."
        body = _mapping(body, name, where.rstrip("."))
        cases[cid] = CaseRoom(*(_flag(body, k, name, where) for k in ("held", "prompts", "spread")))
    spreads = {}
    for q, body in _mapping(obj.get("spreads", {}), name, "spreads").items():
        where = f"spreads.{_key(q, name, 'spreads')}"
        body = _mapping(body, name, where)
        answers = body.get("answers")
        counts = _mapping(body.get("counts", {}), name, f"{where}.counts")
        numbers = [answers, *counts.values()]
        if not all(type(n) is int and 0 <= n <= MAX_COUNT for n in numbers):
            raise _problem(name, where, f"must hold whole numbers from 0 to {MAX_COUNT}")
        for value in counts:
            _key(value.replace(":", "_"), name, f"{where}.counts")
        spreads[q] = Spread(int(answers or 0), dict(counts))
    return RoomSettings(cases, _flag(obj, "hold_others", name, ""), spreads, updated)


# --- where the file is, and whether to trust it --------------------------------------------


def room_path() -> Path | None:
    """``IOPKIT_ROOM``, else ``room.json`` in ``IOPKIT_EXCHANGE``, else ``None`` (no room)."""
    env = os.environ.get(ROOM_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    folder = exchange_dir()
    return folder / ROOM_FILE if folder is not None else None


def _folder_guarded(info: os.stat_result) -> bool:
    """No one but the owner can replace a file in the folder (or the folder is sticky)."""
    open_to_others = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    return not open_to_others or bool(info.st_mode & stat.S_ISVTX)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_room(path: Path | None = None) -> tuple[RoomSettings, str]:
    """The room's settings and ``""``; or the default settings (nothing held, nothing
    released) and a sentence saying why the file was not used. Never raises for a bad file:
    a trainee's page keeps working whatever sits in the drop box."""
    path = path if path is not None else room_path()
    if path is None:
        return RoomSettings(), ""
    try:
        folder = os.stat(path.parent)
        fd = os.open(path, _OPEN_FLAGS | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return RoomSettings(), ""
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return RoomSettings(), f"{path.name} is a link; it was ignored"
        return RoomSettings(), f"{path.name} cannot be read ({exc.strerror or exc})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return RoomSettings(), f"{path.name} is not a regular file; it was ignored"
        if info.st_uid != folder.st_uid:
            return RoomSettings(), (
                f"{path.name} was not written by the facilitator (it belongs to another user); "
                "it was ignored"
            )
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) or not _folder_guarded(folder):
            return RoomSettings(), (
                f"{path.name} could be changed by others; it was ignored. The facilitator "
                "runs `iopkit exchange init` on the folder."
            )
        data = os.read(fd, MAX_ROOM_BYTES + 1)
    except OSError as exc:
        return RoomSettings(), f"{path.name} cannot be read ({exc.strerror or exc})"
    finally:
        os.close(fd)
    try:
        return room_from_json(data, path.name), ""
    except RoomError as exc:
        return RoomSettings(), str(exc)


def write_room(settings: RoomSettings, path: Path | None = None) -> RoomSettings:
    """Write the room file (atomically, readable by every trainee); returns what was written.

    Only the owner of the folder (the facilitator) may: anyone else gets a :class:`RoomError`.
    """
    from iopkit.responses import write_atomic

    path = path if path is not None else room_path()
    if path is None:
        raise RoomError(
            f"No room is set up: {EXCHANGE_ENV} is not set. Start the kit with {EXCHANGE_ENV} "
            "naming the hand-in folder to pace the room."
        )
    try:
        folder = os.stat(path.parent)
    except OSError as exc:
        raise RoomError(
            f"The room's folder {path.parent} cannot be used ({exc.strerror or exc}). Run "
            "`iopkit exchange init` on it first."
        ) from None
    if hasattr(os, "geteuid") and folder.st_uid != os.geteuid():
        raise RoomError(
            f"Only the facilitator, who owns {path.parent}, can change the room's settings."
        )
    stamped = replace(
        settings, updated_at=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    )
    try:
        write_atomic(path, stamped.to_json(), 0o644)
    except OSError as exc:
        raise RoomError(
            f"The room's settings could not be written to {path} ({exc.strerror or exc})."
        ) from exc
    return stamped


__all__ = [
    "MAX_ROOM_BYTES",
    "ROOM_ENV",
    "ROOM_FILE",
    "CaseRoom",
    "RoomError",
    "RoomSettings",
    "Spread",
    "read_room",
    "room_from_json",
    "room_path",
    "write_room",
]
