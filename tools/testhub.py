"""A throwaway JupyterHub on 127.0.0.1 for `make hub-test` and `make loadtest`; not for workshops.

Any password logs in (dummy authenticator); every user's server is a local process of the
current user (simple spawner), with its own ``IOPKIT_DATA_DIR`` and the shared
``IOPKIT_EXCHANGE``. Everything lives in one run folder; the three ports are chosen free.

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

    def data_dir(self, user: str) -> Path:
        """The user's IOPKIT_DATA_DIR."""
        return self.run / "data" / user

    @property
    def exchange(self) -> Path:
        """The shared IOPKIT_EXCHANGE."""
        return self.run / "exchange"

    @property
    def log(self) -> Path:
        return self.run / "hub.log"


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
def running(run: Path, users: Sequence[str], notebooks: Path | None = None) -> Iterator[Hub]:
    """Start a test hub in ``run`` for ``users`` (plus the facilitator); always stop it."""
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
        HUBTEST_PORT=str(port),
        HUBTEST_HUB_PORT=str(free_port()),
        HUBTEST_PROXY_API_PORT=str(free_port()),
        HUBTEST_CHP=str(CHP),
        HUBTEST_API_TOKEN=secrets.token_hex(32),
    )
    env[MARKER_ENV] = marker
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
    hub = Hub(f"http://127.0.0.1:{port}", env["HUBTEST_API_TOKEN"], run, marker, process)
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
