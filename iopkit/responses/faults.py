"""What went wrong with the answers database, told in words a clinician can act on.

Each storage fault gets its own message and advice: a full disk, a read-only database or
folder, a database another program keeps locked, a file that is not an answers database, a
database from a newer kit. :func:`explain` turns SQLite's and the system's exceptions into a
:class:`ResponsesError` whose ``kind`` names the fault (tests and apps can tell them apart).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from iopkit.errors import IopkitError

#: The kinds of fault :class:`ResponsesError` reports.
KINDS = ("full", "read_only", "locked", "not_database", "newer", "unsafe", "other")


class ResponsesError(IopkitError):
    """The answers database cannot be used; the message says which file and what to do.

    ``kind`` is one of :data:`KINDS`.
    """

    def __init__(self, message: str, *, kind: str = "other") -> None:
        super().__init__(message)
        self.kind = kind


#: Below this much free space, an I/O error while writing counts as a full disk.
NEARLY_FULL_BYTES = 256 * 1024
_FULL = {"SQLITE_FULL"}
_READ_ONLY = {"SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_AUTH", "SQLITE_PERM"}
_LOCKED = {"SQLITE_BUSY", "SQLITE_LOCKED"}
_NOT_DB = {"SQLITE_NOTADB", "SQLITE_CORRUPT"}


def _kind(exc: BaseException, path: Path) -> str:
    code = str(getattr(exc, "sqlite_errorname", "") or "")
    base = "_".join(code.split("_")[:2])
    text = str(getattr(exc, "strerror", None) or exc).lower()  # never the path's own words
    number = getattr(exc, "errno", None)
    if base in _FULL or number in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in text:
        return "full"
    if (base == "SQLITE_IOERR" or "i/o error" in text) and _nearly_full(path):
        return "full"  # a full disk met while growing the WAL or its shared memory
    if base in _LOCKED or "locked" in text or "busy" in text:
        return "locked"
    if base in _NOT_DB or "not a database" in text or "malformed" in text:
        return "not_database"
    if (
        base in _READ_ONLY
        or number in (errno.EACCES, errno.EPERM, errno.EROFS)
        or "readonly" in text
        or "read-only" in text
        or "unable to open" in text
        or not _writable(path)
    ):
        return "read_only"
    return "other"


def _nearly_full(path: Path) -> bool:
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        info = os.statvfs(folder)
    except (OSError, AttributeError):
        return False
    return info.f_bavail * info.f_frsize < NEARLY_FULL_BYTES


def _writable(path: Path) -> bool:
    folder = path.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not (path.exists() and not os.access(path, os.W_OK))


def explain(exc: BaseException, path: Path, doing: str) -> ResponsesError:
    """A :class:`ResponsesError` for ``exc`` raised while ``doing`` something with ``path``.

    >>> import sqlite3
    >>> err = explain(sqlite3.OperationalError("database or disk is full"), Path("/x/a.db"),
    ...               "save your answer")
    >>> err.kind, str(err).startswith("/x/a.db: could not save your answer: the disk is full")
    ('full', True)
    """
    kind = _kind(exc, path)
    detail = getattr(exc, "strerror", None) or str(exc)
    if kind == "full":
        advice = (
            "the disk is full. Free some space (or ask whoever runs the server), then answer "
            "again; the answers saved before are safe."
        )
    elif kind == "locked":
        advice = (
            "another program keeps the answers database locked (a database viewer, a sync "
            "tool, or a stuck notebook). Close it, or restart the other notebook's kernel, "
            "then answer again."
        )
    elif kind == "not_database":
        advice = (
            f"this file is not a readable answers database ({detail}). Move it aside and the "
            "kit starts a new one."
        )
    elif kind == "read_only":
        advice = (
            "the database or its folder is read-only for you. Make the folder and the file "
            "writable by you (or ask whoever runs the server), or set IOPKIT_DATA_DIR to a "
            "folder you can write."
        )
    else:
        advice = f"{detail}. Check the folder, or set IOPKIT_DATA_DIR to another folder."
    return ResponsesError(f"{path}: could not {doing}: {advice}", kind=kind)


__all__ = ["KINDS", "ResponsesError", "explain"]
