"""Where a trainee's own files live: exports, recorded answers and hand-ins.

One function decides the folder so that every app, the CLI and the workshop tools agree:

- ``IOPKIT_DATA_DIR`` when it is set (a facilitator or a hub sets it per trainee); it must be
  a full path (``~`` is expanded): a relative one would move with the folder the kit happens
  to start in, so it is refused with :class:`DataDirError`, saying so;
- otherwise the usual per-user data folder of the operating system, with an ``iopkit``
  sub-folder (``$XDG_DATA_HOME/iopkit`` or ``~/.local/share/iopkit`` on Linux,
  ``~/Library/Application Support/iopkit`` on macOS, ``%APPDATA%\\iopkit`` on Windows).

``IOPKIT_EXCHANGE`` names the facilitator's hand-in folder; it has no default.

Pure path arithmetic: nothing here creates a folder or writes a file.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from iopkit.errors import IopkitError

DATA_DIR_ENV = "IOPKIT_DATA_DIR"
EXCHANGE_ENV = "IOPKIT_EXCHANGE"
APP_NAME = "iopkit"


def _platform_data_home() -> Path:
    if sys.platform == "win32":
        appdata = os.environ.get("APPDATA")
        return Path(appdata) if appdata else Path.home() / "AppData" / "Roaming"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support"
    xdg = os.environ.get("XDG_DATA_HOME")
    return Path(xdg) if xdg and os.path.isabs(xdg) else Path.home() / ".local" / "share"


class DataDirError(IopkitError, ValueError):
    """``IOPKIT_DATA_DIR`` is not a full path; the message says what to set instead."""


def absolute_folder(folder: Path) -> Path:
    """``folder`` with ``~`` expanded and made absolute now, so it never moves later."""
    return folder.expanduser().absolute()


def data_dir() -> Path:
    """The trainee's own iopkit folder (not created here).

    >>> import os
    >>> os.environ["IOPKIT_DATA_DIR"] = "/tmp/trainee-7"
    >>> str(data_dir())
    '/tmp/trainee-7'
    >>> os.environ["IOPKIT_DATA_DIR"] = "answers"
    >>> data_dir()  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    iopkit.userdata.DataDirError: IOPKIT_DATA_DIR is set to 'answers', a relative path...
    >>> del os.environ["IOPKIT_DATA_DIR"]
    """
    env = os.environ.get(DATA_DIR_ENV, "").strip()
    if env:
        folder = Path(env).expanduser()
        if not folder.is_absolute():
            raise DataDirError(
                f"{DATA_DIR_ENV} is set to {env!r}, a relative path: the kit would keep "
                "answers in a different folder depending on where it was started. Set it to "
                f"a full path, for example {DATA_DIR_ENV}=~/iopkit-data or /home/you/iopkit."
            )
        return folder
    return _platform_data_home() / APP_NAME


def exports_dir() -> Path:
    """Where the apps write a trainee's exported schedules and plans."""
    return data_dir() / "exports"


def exchange_dir() -> Path | None:
    """The facilitator's hand-in folder from ``IOPKIT_EXCHANGE``, or ``None`` when unset."""
    env = os.environ.get(EXCHANGE_ENV, "").strip()
    return Path(env).expanduser() if env else None


__all__ = [
    "APP_NAME",
    "DataDirError",
    "absolute_folder",
    "DATA_DIR_ENV",
    "EXCHANGE_ENV",
    "data_dir",
    "exchange_dir",
    "exports_dir",
]
