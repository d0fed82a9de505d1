"""Browser harness: one Voilà server over notebooks/ and one Chromium for the whole session.

Voilà runs the notebooks exactly as trainees see them in code-free mode (``make workshop``),
bound to 127.0.0.1 on a free port, with ``IOPKIT_VIGNETTES`` unset so only the built-in
library is used. Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright for Python.

When Chromium is missing the browser tests are skipped with the reason shown, except in CI
(environment variable ``CI`` set to true), where a missing browser fails the run.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.browser import stop

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
ARTIFACTS = ROOT / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_DIR = ARTIFACTS / "node_modules" / "axe-core"
AXE_SCRIPT = AXE_DIR / "axe.min.js"
#: Debian's Chromium (``.ci/run`` installs it); IOPKIT_CHROMIUM points elsewhere if needed.
CHROMIUM = Path(os.environ.get("IOPKIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-background-networking",  # do not reach hosts this machine cannot reach
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERVER_START_SECONDS = 60
#: Rendering a notebook in Voilà runs every cell in a fresh kernel first.
RENDER_TIMEOUT_MS = 90_000


_SKIPPED_BECAUSE: list[str] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say why the browser tests did not run, even without ``-rs``."""
    if _SKIPPED_BECAUSE:
        terminalreporter.write_line(_SKIPPED_BECAUSE[0], yellow=True, bold=True)


def in_ci() -> bool:
    """True when the environment says this is a CI run (``CI=true``, as CI services set)."""
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A launched Chromium, or a skip (a failure in CI) when it cannot be had."""
    reason = None
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (install Debian's 'chromium' package)"
    else:
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:  # pragma: no cover - playwright is a test dependency
            reason = "Playwright for Python is not installed (pip install -e '.[test]')"
    if reason is not None:
        if in_ci():
            pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
        message = f"browser tests skipped: {reason}"
        _SKIPPED_BECAUSE.append(message)
        pytest.skip(message)
    # The browser is the test's own, not a hub's: it must not carry the hub test's teardown
    # marker (HUBTEST_RUN), or the first hub's teardown sweep kills it for the next module.
    marker = os.environ.pop("HUBTEST_RUN", None)
    try:
        p = sync_playwright().start()
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    finally:
        if marker is not None:
            os.environ["HUBTEST_RUN"] = marker
    try:
        yield browser
    finally:
        browser.close()
        p.stop()


@contextlib.contextmanager
def serve_voila(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """A Voilà server over notebooks/ with this environment, on a free port: its base URL."""
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(NOTEBOOKS),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        # Make any error visible in the page so that a failing test shows it.
        "--VoilaConfiguration.show_tracebacks=True",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_SECONDS
        while True:
            if proc.poll() is not None:
                pytest.fail(
                    f"Voilà exited with code {proc.returncode}:\n{log_path.read_text()[-3000:]}",
                    pytrace=False,
                )
            try:
                urllib.request.urlopen(base + "/", timeout=2).close()
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline:
                    pytest.fail(f"Voilà did not start within {SERVER_START_SECONDS} s")
                time.sleep(0.2)
        yield base
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def voila_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The answers folder of the Voilà server's one trainee (the same for the whole session)."""
    return tmp_path_factory.mktemp("voila-data")


def new_trainee(data: Path) -> None:
    """Start the server's trainee afresh: the next page opened finds no answers to restore
    (a page restores the trainee's answers when it opens, so tests that click must not find
    another test's answers, whatever order the tests run in)."""
    from iopkit.responses import DB_NAME

    for suffix in ("", "-wal", "-shm"):
        (data / (DB_NAME + suffix)).unlink(missing_ok=True)


@pytest.fixture(scope="session")
def voila_url(chromium: Any, voila_data: Path) -> Iterator[str]:
    """Base URL of a Voilà server over notebooks/, started once per session."""
    env = dict(os.environ)
    env.pop("IOPKIT_VIGNETTES", None)
    env["IOPKIT_DATA_DIR"] = str(voila_data)
    with serve_voila(env, voila_data.parent / "voila.log") as base:
        yield base


@pytest.fixture
def page(chromium: Any, voila_data: Path) -> Iterator[Any]:
    """A page in a context of its own at a small laptop's width, for a trainee with no
    answers yet."""
    new_trainee(voila_data)
    context = chromium.new_context(viewport={"width": 1366, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def open_notebook(page: Any, base: str, name: str) -> None:
    """Open a notebook's Voila page and wait until every cell has run and its app is ready."""
    from benchmarks.browser import READY_BUTTON

    page.goto(f"{base}/voila/render/{name}", wait_until="domcontentloaded")
    page.get_by_role("heading", name="Recap").wait_for(timeout=RENDER_TIMEOUT_MS)
    page.get_by_role("button", name=READY_BUTTON[name], exact=True).first.wait_for(timeout=60_000)


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core 4 from the npm registry, installed once into the ignored artifacts/ folder."""
    if not AXE_SCRIPT.exists():
        npm = shutil.which("npm")
        if npm is None:
            message = "npm is needed to install axe-core for the accessibility audit"
            if in_ci():
                pytest.fail(message, pytrace=False)
            pytest.skip(message)
        ARTIFACTS.mkdir(exist_ok=True)
        result = subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", ".", "axe-core@4"],
            cwd=ARTIFACTS,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if result.returncode != 0 or not AXE_SCRIPT.exists():
            pytest.fail(f"npm install axe-core@4 failed:\n{result.stderr[-2000:]}", pytrace=False)
    return AXE_SCRIPT


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
