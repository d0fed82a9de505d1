"""The hand-in writer: a trainee's pseudonymous export copied into the facilitator's folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from iopkit.errors import IopkitError
from iopkit.responses.export import export_text, write_atomic
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


def hand_in(store: ResponseStore | None = None, exchange: Path | str | None = None) -> HandIn:
    """Copy the trainee's pseudonymous export into the exchange folder, atomically.

    ``exchange`` defaults to ``IOPKIT_EXCHANGE``; :class:`HandInError` explains a missing or
    unwritable folder.
    """
    store = store or ResponseStore()
    folder = Path(exchange) if exchange is not None else exchange_dir()
    if folder is None:
        raise HandInError(
            f"No hand-in folder is set up: {EXCHANGE_ENV} is not set. Ask your facilitator "
            f"which folder to use; they set {EXCHANGE_ENV} to it before starting the kit."
        )
    if not folder.is_dir():
        raise HandInError(
            f"The hand-in folder {folder} ({EXCHANGE_ENV}) does not exist. Ask your "
            "facilitator to create it."
        )
    data = store.export()
    target = folder / handin_name(data["trainee"]["id"])
    try:
        write_atomic(target, export_text(data, "json"))
    except OSError as exc:
        raise HandInError(
            f"Could not write your hand-in into {folder} ({EXCHANGE_ENV}): "
            f"{exc.strerror or exc}. Ask your facilitator to let trainees write there."
        ) from exc
    return HandIn(target, data["trainee"]["pseudonym"], store.counts())
