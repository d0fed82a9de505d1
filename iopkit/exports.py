"""Saving what a trainee makes (a week, a calendar, a plan) without ever losing a file.

Every export goes to :func:`iopkit.userdata.exports_dir` (the trainee's own folder), under a
new name each time: the trainee's pseudonym, the case, what it is and the time, for example
``sam_marcus-depression_plan_2026-11-28_1405-09.html``. A name that is already taken gets a
number (``..._2.html``); an existing file is never overwritten, and nothing is written through
a symbolic link (neither the file nor the exports folder itself may be one).
"""

from __future__ import annotations

import getpass
import os
import re
from datetime import datetime
from pathlib import Path

from iopkit import userdata
from iopkit.errors import IopkitError
from iopkit.responses import default_store

TRAINEE_ENV = "IOPKIT_TRAINEE"
"""Optional: the name to put in export file names (default: the login name)."""

FREE_DESIGN = "free-design"
"""The case part of a name when the export belongs to no case."""

_UNSAFE = re.compile(r"[^a-z0-9]+")
_MAX_TRIES = 1000


class ExportError(IopkitError, OSError):
    """An export could not be written; the message says why, in words for a trainee."""


def slug(text: str, fallback: str = "trainee") -> str:
    """Lower-case letters and digits joined by hyphens, safe in any file name.

    >>> slug("Dr. Sam O'Neil")
    'dr-sam-o-neil'
    >>> slug("../..", "x")
    'x'
    """
    out = _UNSAFE.sub("-", text.lower()).strip("-")[:40].strip("-")
    return out or fallback


def trainee_name() -> str:
    """Who is exporting: ``IOPKIT_TRAINEE`` when set, else the pseudonym the trainee chose
    (kept in their answers database), else the login name."""
    name = os.environ.get(TRAINEE_ENV, "").strip()
    if not name:
        try:
            name = default_store().pseudonym
        except Exception:  # an unreadable answers file must not stop an export
            name = ""
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # no login name (some containers)
            name = ""
    return slug(name)


def export_name(
    kind: str,
    suffix: str,
    case: str | None = None,
    *,
    trainee: str | None = None,
    when: datetime | None = None,
) -> str:
    """The file name for one export: trainee, case, kind and time.

    >>> export_name("week", ".yaml", "amara-generalised-anxiety", trainee="Sam",
    ...             when=datetime(2026, 11, 28, 14, 5, 9))
    'sam_amara-generalised-anxiety_week_2026-11-28_1405-09.yaml'
    """
    stamp = (when or datetime.now()).strftime("%Y-%m-%d_%H%M-%S")
    person = slug(trainee) if trainee is not None else trainee_name()
    return (
        f"{person}_{slug(case or FREE_DESIGN, FREE_DESIGN)}_{slug(kind, 'export')}_{stamp}{suffix}"
    )


def _numbered(name: str, n: int) -> str:
    if n == 1:
        return name
    stem, dot, ext = name.rpartition(".")
    return f"{stem}_{n}.{ext}" if dot else f"{name}_{n}"


def write_export(
    data: bytes | str,
    kind: str,
    suffix: str,
    case: str | None = None,
    *,
    folder: str | Path | None = None,
    trainee: str | None = None,
    when: datetime | None = None,
) -> Path:
    """Write ``data`` to a new file in ``folder`` (default: the trainee's exports folder).

    Returns the path written. Raises :class:`ExportError` with a plain-words message when the
    folder cannot be made or written, or is a symbolic link.
    """
    try:
        target_dir = Path(folder) if folder is not None else userdata.exports_dir()
    except userdata.DataDirError as exc:
        raise ExportError(str(exc)) from exc
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if target_dir.is_symlink():
        raise ExportError(f"{target_dir} is a link to another folder; nothing was saved there")
    try:
        if folder is None:  # the trainee's own folders: private (0700) like the answers
            for own in (target_dir.parent, target_dir):
                if not own.exists():
                    own.mkdir(mode=0o700, parents=True, exist_ok=True)
                    os.chmod(own, 0o700)
        target_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"could not make the folder {target_dir}: {exc.strerror or exc}") from exc
    name = export_name(kind, suffix, case, trainee=trainee, when=when)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_BINARY", 0)
    for n in range(1, _MAX_TRIES + 1):
        path = target_dir / _numbered(name, n)
        try:
            fd = os.open(path, flags, 0o600)  # the trainee's alone, whatever the umask
        except FileExistsError:
            continue  # taken (a file or a link): try the next number, never overwrite
        except OSError as exc:
            raise ExportError(f"could not write {path}: {exc.strerror or exc}") from exc
        try:
            with os.fdopen(fd, "wb") as handle:
                if hasattr(os, "fchmod"):
                    os.fchmod(handle.fileno(), 0o600)
                handle.write(raw)
        except OSError as exc:
            raise ExportError(f"could not write {path}: {exc.strerror or exc}") from exc
        return path
    raise ExportError(f"{target_dir} already holds {_MAX_TRIES} exports named {name}")


__all__ = [
    "FREE_DESIGN",
    "TRAINEE_ENV",
    "ExportError",
    "export_name",
    "slug",
    "trainee_name",
    "write_export",
]
