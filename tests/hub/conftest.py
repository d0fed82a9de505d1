"""The hub harness: a throwaway JupyterHub on 127.0.0.1 (tools/testhub.py) and one Chromium.

`make hub-test` installs JupyterHub and configurable-http-proxy and runs these tests; they are
skipped when JupyterHub is absent and excluded from `make test` (marker ``hub``). In CI a
missing proxy fails the run instead of skipping it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("jupyterhub")  # the folder is skipped where JupyterHub is absent

from browser.conftest import chromium, in_ci  # noqa: E402,F401  (the shared Chromium fixture)

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import testhub  # noqa: E402

TRAINEES = ("trainee1", "trainee2", "trainee3")


@pytest.fixture(scope="session")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[testhub.Hub]:
    """A running test hub for the three trainees and the facilitator; stopped at the end."""
    if not testhub.CHP.exists():
        message = f"configurable-http-proxy missing at {testhub.CHP}: run make hub-test"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with testhub.running(tmp_path_factory.mktemp("hub"), TRAINEES) as running:
        yield running
    assert not testhub.marked_groups(running.marker), "a hub process survived teardown"


def log_in(browser: Any, hub: testhub.Hub, name: str) -> tuple[Any, Any]:
    """A browser context of its own (cookies) logged in as ``name``; its server is started."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login")
    page.fill("#username_input", name)
    page.fill("#password_input", "any password")
    page.click("#login_submit")  # spawn-pending, then the server's default URL
    page.wait_for_url(f"**/user/{name}/**", timeout=120_000)
    return context, page


@dataclass(frozen=True)
class UnixHub:
    """A running hub whose servers run as real Unix users, with the drop box they share."""

    hub: testhub.Hub
    trainees: tuple[str, ...]
    facilitator: str
    venv: Path
    exchange: Path


@contextlib.contextmanager
def unix_hub(run: Path, prefix: str) -> Iterator[UnixHub]:
    """Three trainees and a facilitator made with ``useradd`` (removed after), a shared
    environment every user can run, a drop box made by ``iopkit exchange init --owner
    facilitator``, and a hub serving them (skipped, or failed in CI, where it cannot run)."""
    from unix_users import available, unix_users

    reason = available()
    if reason or not testhub.CHP.exists():
        message = f"the Unix-users hub test cannot run here: {reason or 'no proxy'}"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    venv = testhub.shared_env()
    with unix_users(4, prefix) as names:
        *trainees, facilitator = names
        base = Path(tempfile.mkdtemp(prefix="iopkit-hubtest-", dir="/tmp"))
        os.chmod(base, 0o755)  # every user can reach the drop box inside it
        exchange = base / "handins"
        try:
            made = subprocess.run(
                [sys.executable, "-m", "iopkit.cli", "exchange", "init", str(exchange)]
                + ["--owner", facilitator],
                capture_output=True,
                text=True,
                cwd=ROOT,
                env={**os.environ, "PYTHONPATH": str(ROOT)},
            )
            assert made.returncode == 0, made.stdout + made.stderr
            with testhub.running(
                run, trainees, facilitator=facilitator, unix=(venv, exchange)
            ) as hub:
                yield UnixHub(hub, tuple(trainees), facilitator, venv, exchange)
        finally:
            shutil.rmtree(base, ignore_errors=True)
