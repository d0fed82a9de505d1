"""The trainee's own store for the apps, with its live hand-in attached.

Every app records through :func:`record_safely` (or :func:`default_store`): one
:class:`~iopkit.responses.store.ResponseStore` per data folder, given a live sender
(:mod:`iopkit.responses.live`) so that each answer reaches ``IOPKIT_EXCHANGE`` within seconds.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from iopkit.errors import IopkitError
from iopkit.responses.live import attach_live
from iopkit.responses.store import ResponseStore
from iopkit.userdata import data_dir

_T = TypeVar("_T")

_STORES: dict[Path, ResponseStore] = {}


def default_store() -> ResponseStore:
    """The store in the current :func:`~iopkit.userdata.data_dir` (one object per folder)."""
    folder = data_dir()
    store = _STORES.get(folder)
    if store is None:
        store = _STORES[folder] = ResponseStore(folder)
        attach_live(store)  # each answer reaches IOPKIT_EXCHANGE within seconds
    return store


def record_safely(
    action: Callable[[ResponseStore], _T], failed: str = "your answer was not saved"
) -> _T | str:
    """Run one recording (or reading) against the default store; a problem comes back as a
    sentence for the trainee instead of an exception, so an app never breaks because a folder
    is full.

    A database re-created because the old one had gone also comes back as a sentence: the
    answer was saved, and the trainee is told where their earlier answers went.
    """
    try:
        store = default_store()
        recorded = action(store)
    except (IopkitError, OSError, sqlite3.Error) as exc:
        return f"{failed}: {exc}"
    notice = store.take_notice()
    return f"your answer was saved. {notice}" if notice else recorded


__all__ = ["default_store", "record_safely"]
