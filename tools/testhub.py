"""A throwaway JupyterHub on 127.0.0.1 for `make hub-test` and `make loadtest`; not for workshops.

Any password logs in (dummy authenticator); every user's server is a local process of the
current user (simple spawner), with its own ``IOPKIT_DATA_DIR`` and the shared
``IOPKIT_EXCHANGE``. Everything lives in one run folder; the three ports are chosen free.

A second set-up, close to The Littlest JupyterHub (``running(..., unix=...)``): the hub runs
as root and spawns each user's server *as that Unix user* in their own home (local process
spawner), from :func:`shared_env`, a virtual environment every user can run (the checkout and
its ``.venv`` may sit under root's 0700 home, where other users cannot start its Python). The
users must exist (the tests make them with ``useradd``); answers go to each user's default data
folder and hand-ins to a drop box made by ``iopkit exchange init``.

Teardown: the hub, the proxy, every single-user server and every kernel carry the environment
variable ``HUBTEST_RUN=<marker>``. :func:`stop` sends SIGTERM to the hub (which stops its
servers and proxy), then SIGKILLs any process group still carrying the marker, so nothing is
left behind even when the hub hung or crashed. ``python tools/testhub.py sweep MARKER`` does the
same from the shell (``make hub-test`` runs it after pytest, whatever pytest's fate).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = Path(__file__).with_name("testhub_config.py")
#: configurable-http-proxy, installed by `make hub-test` into its own npm prefix.
CHP = ROOT / "artifacts" / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"
FACILITATOR = "facilitator"
START_SECONDS = 60
MARKER_ENV = "HUBTEST_RUN"


@dataclass(frozen=True)
class Hub:
    """A running test hub: its public URL, a service token with admin scopes, its folders."""

    url: str
    token: str
    run: Path
    marker: str
    process: subprocess.Popen[bytes]
    dropbox: Path | None = None  # the Unix-users set-up's IOPKIT_EXCHANGE

    def data_dir(self, user: str) -> Path:
        """The user's IOPKIT_DATA_DIR (in the Unix-users set-up: the default one)."""
        if self.dropbox is not None:
            import pwd

            return Path(pwd.getpwnam(user).pw_dir) / ".local" / "share" / "iopkit"
        return self.run / "data" / user

    @property
    def exchange(self) -> Path:
        """The shared IOPKIT_EXCHANGE."""
        return self.dropbox if self.dropbox is not None else self.run / "exchange"

    @property
    def log(self) -> Path:
        return self.run / "hub.log"


#: Where :func:`shared_env` keeps the environment every user can run: outside root's home,
#: one per checkout (so two checkouts on one machine never swap each other's kit).
SHARED_ENV = Path(
    os.environ.get("HUBTEST_SHARED_ENV")
    or f"/opt/iopkit-hubtest-{__import__('hashlib').sha256(str(ROOT).encode()).hexdigest()[:8]}"
)
#: A Python outside root's home, which every user can run.
SHARED_PYTHON = os.environ.get("HUBTEST_SHARED_PYTHON", "/usr/bin/python3")
_KIT_FILES = ("pyproject.toml", "README.md", "LICENSE")


def _readable_by_all(root: Path) -> None:
    for folder, _dirs, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            path = Path(folder) / name
            if not path.is_symlink():
                os.chmod(path, os.stat(path).st_mode | 0o444)


def shared_env(root: Path = SHARED_ENV) -> Path:
    """A virtual environment every user can run, with JupyterHub and this checkout's kit
    installed (not editable); made once, then only the kit is refreshed. Returns the venv."""
    import hashlib
    import shutil

    venv, src = root / "venv", root / "src"
    python = venv / "bin" / "python"
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    shutil.copytree(ROOT / "iopkit", src / "iopkit", ignore=shutil.ignore_patterns("*.pyc"))
    for name in _KIT_FILES:
        shutil.copy2(ROOT / name, src / name)
    want = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    stamp = root / "pyproject.sha256"
    if not python.exists() or not stamp.exists() or stamp.read_text() != want:
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([SHARED_PYTHON, "-m", "venv", str(venv)], check=True, env=clean)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", str(src), "jupyterhub>=5.3"],
            check=True,
            env=clean,
        )
        stamp.write_text(want)
    else:  # the kit only: the installed package replaced by this checkout's
        purelib = subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
            env=clean,
        ).stdout.strip()
        shutil.rmtree(Path(purelib) / "iopkit")
        shutil.copytree(src / "iopkit", Path(purelib) / "iopkit")
    _readable_by_all(root)
    return venv


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def marked_groups(marker: str) -> set[int]:
    """Process groups of live processes whose environment holds HUBTEST_RUN=marker."""
    groups: set[int] = set()
    needle = f"{MARKER_ENV}={marker}".encode()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError), open(f"/proc/{pid}/environ", "rb") as f:
            if needle in f.read().split(b"\0"):
                groups.add(os.getpgid(int(pid)))
    return groups - {os.getpgid(0)}


def sweep(marker: str, seconds: float = 15) -> None:
    """SIGKILL every process group carrying the marker, until none is left."""
    deadline = time.monotonic() + seconds
    while groups := marked_groups(marker):
        for pgid in groups:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
        if time.monotonic() > deadline:
            raise RuntimeError(f"processes survived teardown: groups {sorted(groups)}")
        time.sleep(0.2)


def stop(hub: Hub) -> None:
    """Stop the hub (it stops the proxy and the servers), then sweep whatever survived."""
    with contextlib.suppress(ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(hub.process.pid, signal.SIGTERM)
        hub.process.wait(30)
    sweep(hub.marker)
    hub.process.wait()


@contextlib.contextmanager
def running(
    run: Path,
    users: Sequence[str],
    notebooks: Path | None = None,
    *,
    facilitator: str = FACILITATOR,
    unix: tuple[Path, Path] | None = None,
) -> Iterator[Hub]:
    """Start a test hub in ``run`` for ``users`` (plus the facilitator); always stop it.

    ``unix=(venv, exchange)`` starts the Unix-users set-up: servers run as the (existing)
    users from ``venv``, handing in to ``exchange``.
    """
    if not CHP.exists():
        raise FileNotFoundError(f"{CHP} is missing: run `make hub-test` once to install it")
    # A SIGTERM (a CI timeout) raises KeyboardInterrupt here, so the `finally` below still runs.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    port, marker = free_port(), os.environ.get(MARKER_ENV) or uuid.uuid4().hex
    env = dict(os.environ)
    env.pop("IOPKIT_VIGNETTES", None)  # the built-in library only
    env.update(
        HUBTEST_DIR=str(run),
        HUBTEST_NOTEBOOKS=str(notebooks or ROOT / "notebooks"),
        HUBTEST_USERS=",".join(users),
        HUBTEST_FACILITATOR=facilitator,
        HUBTEST_PORT=str(port),
        HUBTEST_HUB_PORT=str(free_port()),
        HUBTEST_PROXY_API_PORT=str(free_port()),
        HUBTEST_CHP=str(CHP),
        HUBTEST_API_TOKEN=secrets.token_hex(32),
    )
    env[MARKER_ENV] = marker
    if unix is not None:
        env.update(HUBTEST_UNIX_VENV=str(unix[0]), HUBTEST_EXCHANGE=str(unix[1]))
    else:
        (run / "exchange").mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "jupyterhub", "-f", str(CONFIG)]
    with open(run / "hub.log", "wb") as log:  # the servers' logs land here too
        process = subprocess.Popen(
            cmd,
            cwd=run,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = Hub(
        f"http://127.0.0.1:{port}",
        env["HUBTEST_API_TOKEN"],
        run,
        marker,
        process,
        unix[1] if unix is not None else None,
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:  # the proxy answers 404 until the hub has added its route: wait for a 200
            with contextlib.suppress(OSError):
                urllib.request.urlopen(hub.url + "/hub/api/", timeout=2).close()
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the test hub did not start:\n" + hub.log.read_text()[-4000:])
            time.sleep(0.2)
        yield hub
    finally:
        stop(hub)


def main(argv: Sequence[str]) -> int:
    if len(argv) == 2 and argv[0] == "sweep":
        sweep(argv[1])
        return 0
    print("usage: python tools/testhub.py sweep MARKER", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
