"""Private by construction: the trainee's data folder is 0700 and its files 0600, whatever the
umask and the mode of the home folder, and nothing is ever opened through a symbolic link.

A data folder that already exists with group or other permissions (made by an older kit, or by
hand) is tightened to 0700 when the trainee owns it; one owned by someone else, or that is a
symbolic link, is refused with a message, because another user could read or swap what the kit
writes there.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from iopkit.responses.faults import ResponsesError

FOLDER_MODE = 0o700
FILE_MODE = 0o600
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _my_uid() -> int | None:
    return os.geteuid() if hasattr(os, "geteuid") else None


def refuse_link(path: Path, what: str) -> None:
    if path.is_symlink():
        raise ResponsesError(
            f"{path}: the {what} is a symbolic link; the kit never writes answers through a "
            "link (another user could point it anywhere). Remove the link, or set "
            "IOPKIT_DATA_DIR to a real folder of your own.",
            kind="unsafe",
        )


def _must_be_mine(
    path: Path, info: os.stat_result, what: str, right_kind: bool, kind_name: str
) -> None:
    if not right_kind:
        raise ResponsesError(
            f"{path}: the {what} is not {kind_name}. Move it aside, or set IOPKIT_DATA_DIR "
            "to a folder of your own.",
            kind="unsafe",
        )
    uid = _my_uid()
    if uid is not None and info.st_uid != uid:
        raise ResponsesError(
            f"{path}: the {what} belongs to another user, who could read your answers. Set "
            "IOPKIT_DATA_DIR to a folder of your own.",
            kind="unsafe",
        )


def private_folder(folder: Path) -> Path:
    """Make ``folder`` (and missing parents) and leave it 0700, owned by this user."""
    refuse_link(folder, "answers folder")
    if not folder.exists():
        folder.parent.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):  # another notebook made it first
            os.mkdir(folder, FOLDER_MODE)
        refuse_link(folder, "answers folder")
    info = os.lstat(folder)
    _must_be_mine(folder, info, "answers folder", stat.S_ISDIR(info.st_mode), "a folder")
    if stat.S_IMODE(info.st_mode) != FOLDER_MODE:
        os.chmod(folder, FOLDER_MODE)
    return folder


def private_file(path: Path, what: str = "answers database") -> Path:
    """Create ``path`` empty with mode 0600 if missing (never through a link); an existing
    one must be a regular file of this user and is tightened to 0600."""
    refuse_link(path, what)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, FILE_MODE)
    except FileExistsError:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    try:
        info = os.fstat(fd)
        _must_be_mine(path, info, what, stat.S_ISREG(info.st_mode), "a regular file")
        if stat.S_IMODE(info.st_mode) != FILE_MODE and hasattr(os, "fchmod"):
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path


def tighten(path: Path) -> None:
    """Leave an existing file of this user at 0600 (SQLite's WAL and SHM files)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISREG(info.st_mode) and stat.S_IMODE(info.st_mode) != FILE_MODE:
        uid = _my_uid()
        if uid is None or info.st_uid == uid:
            os.chmod(path, FILE_MODE)


__all__ = ["FILE_MODE", "FOLDER_MODE", "private_file", "private_folder", "refuse_link", "tighten"]
