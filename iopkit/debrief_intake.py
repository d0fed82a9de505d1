"""Reading the drop box for the debrief: which files are hand-ins, and who handed each one in.

Every file is read through the typed model (:mod:`iopkit.handins`); a bad one is skipped with its
name, the field and the fault. Who handed a file in is known from the file itself, never from
what it says:

* a link is never followed (``lstat``, then ``open`` with ``O_NOFOLLOW``); a link, anything that
  is not a regular file, or a file with a second name (a hard link) is refused, in words that are
  the same whatever the link points to, so the report reveals nothing about other files;
* **one laptop**: files owned by whoever runs the debrief count as today (the newest hand-in per
  trainee id), whatever their names;
* **a shared server**: a file owned by another Unix user is that user's hand-in. It must carry the
  name the kit gives it (``handin-<trainee id>.json``); a user counts once (the newest of their
  files; the others are refused as "already handed in under another trainee id"), and a trainee
  id claimed by two users counts for neither;
* **Zero to JupyterHub** (every pod the same user): each sub-folder of the drop box is one
  trainee's (the guide mounts ``trainees/<name>`` as each trainee's drop box), and plays the
  owner's part: a hand-in counts only for the trainee whose folder holds it.
"""

from __future__ import annotations

import os
import stat
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from iopkit.errors import IopkitError
from iopkit.handins import MAX_HANDIN_BYTES, HandInProblem, HandInRecord, parse_handin
from iopkit.inputs import printable
from iopkit.responses import handin_name
from iopkit.room import ROOM_FILE

REFUSALS: dict[str, str] = {
    "link": "a link, not a hand-in (links are never followed)",
    "not-a-file": "not a regular file",
    "hard-link": "a file with a second name elsewhere (a hard link); not counted",
    "changed": "changed while it was being read; run the debrief again",
    "name": "its name is not the one the kit gives a hand-in (handin-<trainee id>.json)",
    "other-id": "its owner already handed in under another trainee id",
    "shared-id": "its trainee id is also claimed by another user's hand-in; neither counts",
}
"""Why a file was refused as a hand-in, in the words the report uses."""


class DebriefError(IopkitError):
    """The exchange folder cannot be read at all (missing, not a folder)."""


@dataclass(frozen=True)
class HandIns:
    """The hand-ins read from a folder, a sentence for each file skipped, and how many files
    were refused for each reason in :data:`REFUSALS`."""

    exports: tuple[HandInRecord, ...]
    problems: tuple[str, ...] = ()
    refused: tuple[tuple[str, int], ...] = ()

    def __len__(self) -> int:
        return len(self.exports)

    def refused_summary(self) -> str:
        """One sentence: how many files were refused and why (empty when none was)."""
        if not self.refused:
            return ""
        total = sum(n for _, n in self.refused)
        parts = "; ".join(f"{n} {REFUSALS[reason]}" for reason, n in self.refused)
        return f"{total} file(s) refused: {parts}."


@dataclass(frozen=True)
class _Read:
    shown: str
    name: str
    author: tuple[object, ...] | None
    mtime: float
    record: HandInRecord


def _candidates(folder: Path) -> Iterator[tuple[os.DirEntry[str], str | None]]:
    """``*.json`` entries in the folder and in each real sub-folder (never through a link);
    the room's settings file (the facilitator's, :mod:`iopkit.room`) is not a hand-in."""
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        if entry.name == ROOM_FILE:
            continue
        if entry.name.endswith(".json"):
            yield entry, None
        elif entry.is_dir(follow_symlinks=False):
            try:
                with os.scandir(entry.path) as sub:
                    inner = sorted(
                        (e for e in sub if e.name.endswith(".json")), key=lambda e: e.name
                    )
            except OSError:
                continue
            for e in inner:
                yield e, entry.name


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _read_file(entry: os.DirEntry[str]) -> tuple[bytes, os.stat_result] | str:
    """The file's bytes and status, or the :data:`REFUSALS` key / a problem sentence."""
    try:
        before = entry.stat(follow_symlinks=False)
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc})"
    if stat.S_ISLNK(before.st_mode):
        return "link"
    if not stat.S_ISREG(before.st_mode):
        return "not-a-file"
    if before.st_size > MAX_HANDIN_BYTES:
        return f"is {before.st_size / 1024 / 1024:.1f} MiB; a hand-in is at most 5 MiB"
    try:
        fd = os.open(entry.path, _OPEN_FLAGS | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if exc.errno == getattr(os, "ELOOP", -1):
            return "link"
        return f"cannot read it ({exc.strerror or exc})"
    try:
        after = os.fstat(fd)
        if (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino):
            return "changed"
        if not stat.S_ISREG(after.st_mode):
            return "not-a-file"
        if after.st_nlink > 1:
            return "hard-link"
        chunks, size = [], 0
        while size <= MAX_HANDIN_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks), after
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc})"
    finally:
        os.close(fd)


ParsedCache = dict[tuple[str, int, int, int], HandInRecord]
"""Hand-ins already parsed, by path, inode, size and change time (the live page's reader)."""


def read_exchange(folder: Path | str, parsed: ParsedCache | None = None) -> HandIns:
    """Every hand-in in ``folder`` (see the module's description); bad files are reported.

    ``parsed`` (kept by a caller that reads the same folder again and again) spares parsing a
    file whose inode, size and change time are those of an earlier reading; every other check
    (links, owners, names) runs each time."""
    path = Path(folder)
    if not path.is_dir():
        raise DebriefError(
            f"{printable(str(path))}: no such folder of hand-ins (give the folder "
            "IOPKIT_EXCHANGE names)"
        )
    me = os.geteuid() if hasattr(os, "geteuid") else -1
    problems: list[str] = []
    refused: Counter[str] = Counter()

    def refuse(shown: str, reason: str) -> None:
        refused[reason] += 1
        problems.append(f"{shown}: {REFUSALS[reason]}")

    read: list[_Read] = []
    try:
        candidates = list(_candidates(path))
    except OSError as exc:
        raise DebriefError(
            f"{printable(str(path))}: cannot list the folder ({exc.strerror or exc})"
        ) from exc
    for entry, sub in candidates:
        shown = printable(entry.path)
        got = _read_file(entry)
        if isinstance(got, str):
            if got in REFUSALS:
                refuse(shown, got)
            else:
                problems.append(f"{shown}: {got}")
            continue
        data, st = got
        key = (entry.path, st.st_ino, st.st_size, st.st_mtime_ns)
        record = parsed.get(key) if parsed is not None else None
        if record is None:
            try:
                record = parse_handin(data, entry.path)
            except HandInProblem as exc:
                problems.append(str(exc))
                continue
            if parsed is not None:
                parsed[key] = record
        owner = None if st.st_uid == me else st.st_uid
        author = None if sub is None and owner is None else (sub, owner)
        read.append(_Read(shown, entry.name, author, st.st_mtime, record))
    kept = _one_id_per_author(read, refuse)
    return HandIns(_newest_per_trainee(kept), tuple(problems), tuple(sorted(refused.items())))


def _one_id_per_author(read: list[_Read], refuse: Callable[[str, str], None]) -> list[_Read]:
    """Apply the shared-server and per-folder rules (files by the reader pass unchanged)."""
    named: list[_Read] = []
    for r in read:
        if r.author is not None and r.name != handin_name(r.record.trainee_id):
            refuse(r.shown, "name")
        else:
            named.append(r)
    by_author: dict[tuple[object, ...], list[_Read]] = defaultdict(list)
    for r in named:
        if r.author is not None:
            by_author[r.author].append(r)
    kept = [r for r in named if r.author is None]
    for files in by_author.values():
        files.sort(key=lambda r: (-r.mtime, r.name))
        kept.append(files[0])
        for r in files[1:]:
            if r.record.trainee_id != files[0].record.trainee_id:
                refuse(r.shown, "other-id")
    claimants: dict[str, set[object]] = defaultdict(set)
    for r in kept:
        claimants[r.record.trainee_id].add(r.author)
    out = []
    for r in kept:
        if len(claimants[r.record.trainee_id]) > 1:
            refuse(r.shown, "shared-id")
        else:
            out.append(r)
    return out


def _newest_per_trainee(read: list[_Read]) -> tuple[HandInRecord, ...]:
    latest: dict[str, HandInRecord] = {}
    for r in read:
        tid = r.record.trainee_id
        if tid not in latest or r.record.exported_at > latest[tid].exported_at:
            latest[tid] = r.record
    return tuple(latest[t] for t in sorted(latest))


__all__ = ["REFUSALS", "DebriefError", "HandIns", "read_exchange"]
