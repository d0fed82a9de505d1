"""The hand-in folder (``IOPKIT_EXCHANGE``) as a drop box: made, checked and repaired.

On a server where each trainee is a system user (The Littlest JupyterHub, a shared machine)
the folder is a drop box, mode ``3733``, owned by the facilitator:

- ``-wx`` for others: a trainee can create their own file but cannot list the folder, so
  they cannot see who handed in, nor open anyone else's file by its (random) name;
- the sticky bit (``1000``): a trainee can replace or delete only their own file;
- the set-group-id bit (``2000``): every hand-in takes the folder's group (the facilitator's,
  or ``--group``), and the hand-in writer makes it readable by that group and no one else,
  so the facilitator reads every hand-in whatever the trainee's umask.

On Zero to JupyterHub every server runs as the same user, so permissions cannot keep
trainees apart; each trainee's server mounts only its own sub-folder ``trainees/<name>/`` of
the volume (see docs/running-a-workshop.md), and that folder plays the owner's part.

:func:`check_exchange` lists what is wrong with a folder; :func:`init_exchange` creates it, or
repairs it, and says what it changed. ``iopkit exchange init|check`` are the faces.
"""

from __future__ import annotations

import contextlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from iopkit.errors import IopkitError

DROPBOX_MODE = 0o3733
PER_TRAINEE = "trainees"


class ExchangeError(IopkitError):
    """The hand-in folder cannot be made or repaired; the message says why and what to do."""


@dataclass
class ExchangeReport:
    """What is wrong with a hand-in folder (``problems``), what is worth knowing
    (``notes``), and what :func:`init_exchange` changed (``changes``)."""

    path: Path
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [f"changed: {c}" for c in self.changes]
        out += [f"problem: {p}" for p in self.problems]
        out += [f"note: {n}" for n in self.notes]
        if self.ok:
            out.append(f"{self.path}: ready as a hand-in folder.")
        return out


def _user(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


def _group(gid: int) -> str:
    try:
        import grp

        return grp.getgrgid(gid).gr_name
    except (ImportError, KeyError):
        return str(gid)


def _group_members(gid: int) -> set[str]:
    """Everyone in group ``gid``: its listed members and the users whose primary group it is."""
    try:
        import grp
        import pwd
    except ImportError:
        return set()
    members: set[str] = set()
    with contextlib.suppress(KeyError):
        members |= set(grp.getgrgid(gid).gr_mem)
    members |= {p.pw_name for p in pwd.getpwall() if p.pw_gid == gid}
    return members


def _unreachable_parent(path: Path) -> Path | None:
    """The first folder on the way to ``path`` that other users cannot enter, if any."""
    for parent in reversed(path.absolute().parents):
        try:
            mode = os.stat(parent).st_mode
        except OSError:
            return parent
        if not mode & stat.S_IXOTH:
            return parent
    return None


def check_exchange(path: Path | str, *, per_trainee: bool = False) -> ExchangeReport:
    """Everything that would stop trainees handing in, or let one see another's hand-in."""
    folder = Path(path).expanduser().absolute()
    report = ExchangeReport(folder)
    if folder.is_symlink():
        report.problems.append(
            f"{folder} is a symbolic link: make the hand-in folder a real folder "
            "(a trainee could otherwise point it elsewhere)."
        )
        return report
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        report.problems.append(f"{folder} does not exist: run `iopkit exchange init {folder}`.")
        return report
    except OSError as exc:
        report.problems.append(f"{folder}: cannot be reached ({exc.strerror or exc}).")
        return report
    if not stat.S_ISDIR(info.st_mode):
        report.problems.append(f"{folder} is a file, not a folder: move it aside first.")
        return report
    blocked = _unreachable_parent(folder)
    if blocked is not None:
        report.problems.append(
            f"trainees cannot reach the folder: {blocked} is closed to other users (mode "
            f"{stat.S_IMODE(os.stat(blocked).st_mode):04o}). Put the hand-in folder "
            "somewhere every user can enter, such as /srv/iopkit-handins."
        )
    if per_trainee:
        _check_per_trainee(folder, report)
        return report
    mode = stat.S_IMODE(info.st_mode)
    owner, group = _user(info.st_uid), _group(info.st_gid)
    wanted = f"{DROPBOX_MODE:04o}"
    if mode != DROPBOX_MODE:
        if mode & stat.S_IROTH:
            report.problems.append(
                f"mode {mode:04o}: every trainee can list the folder and see who handed in "
                f"(wanted {wanted})."
            )
        if not (mode & stat.S_IWOTH and mode & stat.S_IXOTH):
            report.problems.append(
                f"mode {mode:04o}: trainees cannot add their hand-in (wanted {wanted})."
            )
        if not mode & stat.S_ISVTX:
            report.problems.append(
                f"mode {mode:04o}: no sticky bit, so a trainee can replace or delete another "
                f"trainee's hand-in (wanted {wanted})."
            )
        if not mode & stat.S_ISGID:
            report.problems.append(
                f"mode {mode:04o}: no set-group-id bit, so hand-ins do not take the folder's "
                f"group {group} and the facilitator may not be able to read them (wanted "
                f"{wanted})."
            )
        if (mode & 0o700) != 0o700:
            report.problems.append(
                f"mode {mode:04o}: the owner {owner} cannot read the folder (wanted {wanted})."
            )
    others = sorted(_group_members(info.st_gid) - {owner})
    if others:
        shown = ", ".join(others[:10]) + (", ..." if len(others) > 10 else "")
        report.notes.append(
            f"members of the group {group} can read every hand-in: {shown}. Make sure no "
            "trainee is among them (`iopkit exchange init --group` sets another group)."
        )
    report.notes.append(f"the facilitator reading the hand-ins: {owner} (and group {group}).")
    _check_files(folder, info, report)
    return report


def _check_files(folder: Path, info: os.stat_result, report: ExchangeReport) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return  # checked by someone who cannot list it: nothing more to see
    for entry in entries:
        if entry.is_symlink():
            report.notes.append(f"{entry.name} is a symbolic link; the debrief refuses it.")
            continue
        st = entry.stat(follow_symlinks=False)
        if not stat.S_ISREG(st.st_mode):
            continue
        readable = st.st_uid == info.st_uid or st.st_mode & stat.S_IROTH
        readable = readable or (st.st_gid == info.st_gid and st.st_mode & stat.S_IRGRP)
        if not readable:
            report.notes.append(
                f"{entry.name} (from {_user(st.st_uid)}) is not readable by the folder's "
                "owner or group; ask that trainee to hand in again."
            )


def _check_per_trainee(folder: Path, report: ExchangeReport) -> None:
    trainees = folder / PER_TRAINEE
    if not trainees.is_dir() or trainees.is_symlink():
        report.problems.append(
            f"{trainees} is missing: each trainee's server mounts trainees/<name>/ of this "
            f"volume; run `iopkit exchange init --per-trainee {folder}`."
        )
        return
    loose = sorted(p.name for p in folder.glob("handin-*.json"))
    if loose:
        report.notes.append(
            f"{len(loose)} hand-in(s) outside trainees/<name>/ count for nobody: "
            + ", ".join(loose[:5])
        )
    count = sum(1 for p in trainees.iterdir() if p.is_dir() and not p.is_symlink())
    report.notes.append(f"{count} trainee folder(s) under {trainees}.")


def _owner_ids(owner: str | None, group: str | None) -> tuple[int, int]:
    import grp
    import pwd

    name = owner or (os.environ.get("SUDO_USER") if os.geteuid() == 0 else None)
    try:
        user = pwd.getpwnam(name) if name else pwd.getpwuid(os.geteuid())
    except KeyError:
        raise ExchangeError(f"--owner: no user named {name!r} on this machine.") from None
    try:
        gid = grp.getgrnam(group).gr_gid if group else user.pw_gid
    except KeyError:
        raise ExchangeError(f"--group: no group named {group!r} on this machine.") from None
    return user.pw_uid, gid


def init_exchange(
    path: Path | str,
    *,
    group: str | None = None,
    owner: str | None = None,
    per_trainee: bool = False,
) -> ExchangeReport:
    """Create the hand-in folder, or repair an existing one, then check it.

    The owner is ``owner``, else the user who ran ``sudo`` (``SUDO_USER``), else the current
    user; the group is ``group``, else the owner's own group.
    """
    folder = Path(path).expanduser().absolute()
    if folder.is_symlink():
        raise ExchangeError(f"{folder} is a symbolic link; remove it and run this again.")
    if folder.exists() and not folder.is_dir():
        raise ExchangeError(f"{folder} is a file, not a folder; move it aside first.")
    changes: list[str] = []
    try:
        if not folder.exists():
            folder.mkdir(parents=True)
            changes.append(f"created {folder}")
        if per_trainee:
            trainees = folder / PER_TRAINEE
            if not trainees.exists():
                trainees.mkdir()
                changes.append(f"created {trainees}")
        elif hasattr(os, "geteuid"):
            uid, gid = _owner_ids(owner, group)
            info = os.stat(folder)
            if (info.st_uid, info.st_gid) != (uid, gid):
                os.chown(folder, uid, gid)
                changes.append(f"owner {_user(uid)}, group {_group(gid)}")
            if stat.S_IMODE(os.stat(folder).st_mode) != DROPBOX_MODE:
                os.chmod(folder, DROPBOX_MODE)
                changes.append(f"mode {DROPBOX_MODE:04o}")
    except PermissionError as exc:
        raise ExchangeError(
            f"{folder}: not allowed ({exc.strerror}). Run it as the folder's owner, or with "
            "sudo (the folder then belongs to you, or to --owner)."
        ) from exc
    except OSError as exc:
        raise ExchangeError(f"{folder}: {exc.strerror or exc}") from exc
    report = check_exchange(folder, per_trainee=per_trainee)
    report.changes = changes
    return report


__all__ = [
    "DROPBOX_MODE",
    "PER_TRAINEE",
    "ExchangeError",
    "ExchangeReport",
    "check_exchange",
    "init_exchange",
]
