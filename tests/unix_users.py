"""Real Unix users for the privacy tests: made with ``useradd``, removed after, even on failure.

Privacy between trainees is a property of the operating system's users, so it is proven with
real ones: each test makes its users (home 0755, Debian's default), runs code as them with
``runuser``, and removes them (and any process they still own, by PID) in a ``finally``.

The kit runs as those users from a copy readable by everyone (the checkout may sit under a
folder they cannot enter, such as root's 0700 home) with a Python they can run. Only the
standard library is needed for the store, the hand-in writer and the exchange.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
_PYTHONS = ("/usr/bin/python3", "/usr/local/bin/python3")


def available() -> str:
    """Why real users cannot be made here, or "" when they can."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root (useradd, runuser)"
    for tool in ("useradd", "userdel", "runuser"):
        if shutil.which(tool) is None:
            return f"{tool} is missing"
    if not any(Path(p).exists() for p in _PYTHONS):
        return "no Python every user can run (/usr/bin/python3)"
    return ""


def need_users() -> None:
    reason = available()
    if reason:
        pytest.skip(f"real Unix users: {reason}")


def _kill_owned(uid: int) -> None:
    for pid in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError):
            if os.stat(f"/proc/{pid}").st_uid == uid:
                os.kill(int(pid), signal.SIGKILL)


@contextlib.contextmanager
def unix_users(count: int, prefix: str = "iopk") -> Iterator[list[str]]:
    """``count`` new users with homes (mode 0755); all removed afterwards."""
    import pwd

    need_users()
    tag = uuid.uuid4().hex[:6]
    names = [f"{prefix}{tag}{i}" for i in range(count)]
    made: list[str] = []
    try:
        for name in names:
            subprocess.run(
                ["useradd", "-m", "-s", "/bin/sh", name], check=True, capture_output=True
            )
            made.append(name)
            os.chmod(pwd.getpwnam(name).pw_dir, 0o755)  # Debian's default home mode
        yield names
    finally:
        for name in made:
            with contextlib.suppress(KeyError):
                _kill_owned(pwd.getpwnam(name).pw_uid)
            subprocess.run(["userdel", "-r", "-f", name], capture_output=True)


@contextlib.contextmanager
def shared_kit() -> Iterator[Path]:
    """A copy of the kit's package in a folder every user can read; removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="iopkit-shared-", dir="/tmp"))
    try:
        os.chmod(folder, 0o755)
        shutil.copytree(ROOT / "iopkit", folder / "iopkit", ignore=shutil.ignore_patterns("*.pyc"))
        for path in folder.rglob("*"):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def python() -> str:
    return next(p for p in _PYTHONS if Path(p).exists())


def run_as(
    user: str,
    code: str,
    kit: Path,
    *args: str,
    env: dict[str, str] | None = None,
    umask: str = "022",
) -> subprocess.CompletedProcess[str]:
    """Run Python ``code`` as ``user`` in their home, with the shared kit importable."""
    import pwd

    home = pwd.getpwnam(user).pw_dir
    base = {"HOME": home, "PATH": "/usr/bin:/bin", "PYTHONPATH": str(kit), "LANG": "C.UTF-8"}
    script = f'umask {umask}; exec {python()} -c "$0" "$@"'
    return subprocess.run(
        [shutil.which("runuser") or "runuser", "-u", user, "--", "sh", "-c", script, code, *args],
        env={**base, **(env or {})},
        cwd=home,
        capture_output=True,
        text=True,
        timeout=120,
    )
