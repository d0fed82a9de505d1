"""The hand-in writer: a trainee's pseudonymous export copied into the facilitator's folder."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from iopkit.errors import ArgumentTypeError, IopkitError
from iopkit.handins import HandInProblem, handin_text
from iopkit.responses.export import write_atomic
from iopkit.responses.store import Counts, ResponseStore
from iopkit.userdata import EXCHANGE_ENV, exchange_dir


class HandInError(IopkitError):
    """The hand-in could not be written; the message says why, for a clinician."""


def handin_name(trainee_id: str) -> str:
    """One file per trainee: a new hand-in replaces only this trainee's earlier one."""
    return f"handin-{trainee_id}.json"


@dataclass(frozen=True)
class HandIn:
    """A hand-in that landed: where, under which pseudonym, with how many answers."""

    path: Path
    pseudonym: str
    counts: Counts

    def message(self) -> str:
        return (
            f"Handed in as {self.pseudonym}: {self.counts.describe()}. Hand in again at any "
            "time; your new hand-in replaces this one."
        )


def _reach(folder: Path) -> os.stat_result:
    """The exchange folder's status, or a :class:`HandInError` saying exactly what is wrong."""
    where = f"The hand-in folder {folder} ({EXCHANGE_ENV})"
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise HandInError(f"{where} does not exist. Ask your facilitator to create it.") from None
    except PermissionError:
        blocked = next(
            (p for p in reversed(folder.parents) if not os.access(p, os.X_OK)), folder.parent
        )
        raise HandInError(
            f"{where} cannot be reached: you are not allowed into {blocked}. Ask your "
            "facilitator to put the hand-in folder where every trainee can reach it."
        ) from None
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise HandInError(
                f"{where} cannot be used: its path is too long for this system. Ask your "
                "facilitator for a shorter one."
            ) from None
        raise HandInError(f"{where} cannot be used: {exc.strerror or exc}.") from None
    if not stat.S_ISDIR(info.st_mode):
        raise HandInError(
            f"{where} is a file, not a folder. Ask your facilitator to set {EXCHANGE_ENV} to "
            "the hand-in folder."
        )
    return info


def _mode_for(folder: os.stat_result) -> int:
    """Readable by the facilitator, and by no other trainee when the folder allows it."""
    if hasattr(os, "geteuid") and folder.st_uid == os.geteuid():
        return 0o600  # one laptop: the facilitator is this user
    if folder.st_mode & stat.S_ISGID:
        return 0o640  # the hand-in takes the folder's (the facilitator's) group
    return 0o644


def _facilitator_can_read(file: os.stat_result, folder: os.stat_result) -> bool:
    if file.st_uid == folder.st_uid or file.st_mode & stat.S_IROTH:
        return True
    return bool(file.st_gid == folder.st_gid and file.st_mode & stat.S_IRGRP)


def hand_in(store: ResponseStore | None = None, exchange: Path | str | None = None) -> HandIn:
    """Copy the trainee's pseudonymous export into the exchange folder, atomically.

    ``exchange`` defaults to ``IOPKIT_EXCHANGE``. Every failure is a :class:`HandInError`
    (or the store's :class:`~iopkit.responses.ResponsesError`) in words for a trainee: no
    folder set, a folder that is missing, unreachable or a file, a path too long, a hand-in
    too large, a file the facilitator could not read.
    """
    if store is not None and not isinstance(store, ResponseStore):
        raise ArgumentTypeError("store", store, "a ResponseStore")
    if exchange is not None and not isinstance(exchange, (str, os.PathLike)):
        raise ArgumentTypeError("exchange", exchange, "a folder path")
    store = store or ResponseStore()
    folder = Path(exchange) if exchange is not None else exchange_dir()
    if folder is None:
        raise HandInError(
            f"No hand-in folder is set up: {EXCHANGE_ENV} is not set. Ask your facilitator "
            f"which folder to use; they set {EXCHANGE_ENV} to it before starting the kit."
        )
    where = _reach(folder)
    data = store.export()
    try:
        text = handin_text(data)  # the debrief's own checks (size, types): never write what
    except HandInProblem as exc:  # it would refuse
        raise HandInError(
            f"Your hand-in was not written (the file would be refused: {exc.fault}). Ask your "
            "facilitator; your answers are still saved on this computer."
        ) from exc
    target = folder / handin_name(data["trainee"]["id"])
    try:
        write_atomic(target, text, _mode_for(where))
        written = os.stat(target, follow_symlinks=False)
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            reason = "the folder's path is too long for this system"
        elif exc.errno in (errno.EACCES, errno.EPERM):
            reason = "you are not allowed to write there"
        elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
            reason = "the disk holding it is full"
        else:
            reason = str(exc.strerror or exc)
        raise HandInError(
            f"Could not write your hand-in into {folder} ({EXCHANGE_ENV}): {reason}. Ask "
            "your facilitator to let trainees write there."
        ) from exc
    if not _facilitator_can_read(written, where):
        raise HandInError(
            f"Your hand-in was written to {target}, but the facilitator cannot read it (its "
            "permissions do not allow the folder's owner or group). Ask your facilitator to "
            "run `iopkit exchange init` on the folder, then hand in again."
        )
    return HandIn(target, data["trainee"]["pseudonym"], store.counts())
