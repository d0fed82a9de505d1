"""`make loadtest`: a room of trainees at once, each in its own Chromium context, on this machine.

Each simulated trainee opens the code-free (Voilà) view of the placement notebook and answers
three cases: pick the case, choose a level, press "Check my answer", wait for the verdict.
Measured per trainee: the page render (from navigation until "Check my answer" is on the page,
which needs every cell to have run in the trainee's own kernel) and, per answer, the time from
the click to the verdict on the page. At the end, while every trainee's page is still open, the
resident memory (RSS) of each trainee's kernel is read from /proc (and, on a hub, of each
single-user server).

    python -m benchmarks.loadtest                        # 20 trainees against a fresh Voilà
    python -m benchmarks.loadtest --trainees 10 --hub start   # a throwaway JupyterHub
    python -m benchmarks.loadtest --hub http://127.0.0.1:8000 # a running hub (any password:
                                                              #  IOPKIT_LOADTEST_PASSWORD)

Bounded: loopback URLs only, at most MAX_TRAINEES trainees, and a deadline for the whole run
(``--timeout``); everything the run starts it stops. All trainees start together, so the
browser and the server share this machine's cores: the figures are pessimistic for a server
that does not also host the browsers.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.browser import CHROMIUM, CHROMIUM_ARGS, stop

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "02_placement_decisions.ipynb"
#: The run's folder (trainees' data, server logs), kept until the next run for a post-mortem.
RUN_DIR = ROOT / "artifacts" / "loadtest"
DEFAULT_TRAINEES = 20
MAX_TRAINEES = 200
CASES_PER_TRAINEE = 3
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
PASSWORD_ENV = "IOPKIT_LOADTEST_PASSWORD"
RENDER_TIMEOUT_MS = 300_000
FEEDBACK_TIMEOUT_MS = 60_000
LOGIN_TIMEOUT_MS = 300_000
VERDICT = "h4.iopkit-correct, h4.iopkit-incorrect, h4.iopkit-defensible"
#: How long Voilà waits for a cell's output after the cell has run. The default (4 s) is too
#: short for a busy room: the widget's output is dropped and the page shows no app.
IOPUB_S = 60


@dataclass
class Trainee:
    name: str
    login: float | None = None  # hub only: login form submitted until the server's page
    render: float | None = None
    clicks: list[float] = field(default_factory=list)
    error: str | None = None


# --- figures --------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0-100) of a non-empty sample.

    >>> percentile([3.0, 1.0, 2.0, 4.0], 50), percentile([3.0, 1.0, 2.0, 4.0], 95)
    (2.0, 4.0)
    """
    ordered = sorted(values)
    return ordered[max(math.ceil(q / 100 * len(ordered)) - 1, 0)]


def _row(label: str, values: Sequence[float], unit: str, scale: float = 1.0) -> str:
    if not values:
        return f"| {label} | - | - | - | 0 |"
    med, p95, top = statistics.median(values), percentile(values, 95), max(values)
    return f"| {label} | {med * scale:.2f} {unit} | {p95 * scale:.2f} {unit} | {top * scale:.2f} {unit} | {len(values)} |"  # noqa: E501


def table(
    trainees: Sequence[Trainee], kernels: Sequence[int], servers: Sequence[int], wall: float
) -> list[str]:
    """The report: one Markdown table of medians, 95th percentiles and maxima."""
    mib = 1 / 2**20
    lines = [
        "| measure | median | 95th percentile | max | n |",
        "|---|---|---|---|---|",
    ]
    logins = [t.login for t in trainees if t.login is not None]
    if logins:
        lines.append(_row("hub login until the server is ready", logins, "s"))
    lines += [
        _row(
            "page render (all cells run, app shown)", [t.render for t in trainees if t.render], "s"
        ),
        _row("click until feedback", [c for t in trainees for c in t.clicks], "s", 1.0),
        _row("kernel memory (RSS) per trainee", kernels, "MiB", mib),
    ]
    if servers:
        lines.append(_row("single-user server memory (RSS) per trainee", servers, "MiB", mib))
    done = sum(1 for t in trainees if t.error is None)
    lines.append("")
    lines.append(
        f"{done} of {len(trainees)} trainees finished in {wall:.1f} s (all started together)."
    )
    for t in trainees:
        if t.error is not None:
            lines.append(f"- {t.name}: {t.error}")
    return lines


# --- processes ------------------------------------------------------------------------------


def _rss(pid: int) -> int | None:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return None


def _processes() -> Iterator[tuple[int, int, str, bytes]]:
    """(pid, parent pid, command line, environment) of every readable process."""
    for name in filter(str.isdigit, os.listdir("/proc")):
        with contextlib.suppress(OSError):
            with open(f"/proc/{name}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{name}/cmdline", "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
            with open(f"/proc/{name}/environ", "rb") as f:
                env = f.read()
            yield int(name), ppid, cmd, env


def descendants(root: int) -> list[tuple[int, str]]:
    """Every process below ``root``, with its command line."""
    table_ = [(pid, ppid, cmd) for pid, ppid, cmd, _ in _processes()]
    found, frontier = [], {root}
    while frontier:
        children = [(pid, cmd) for pid, ppid, cmd in table_ if ppid in frontier]
        found += children
        frontier = {pid for pid, _ in children}
    return found


def cpu_seconds(pid: int) -> float:
    """CPU seconds used by a process and every process below it (``/proc``: user and system
    time, with the children it has already waited for)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for p in [pid, *(child for child, _ in descendants(pid))]:
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15]) / tick  # utime stime cutime cstime
    return total


def split_cores() -> tuple[list[int], list[int]]:
    """(browser cores, server cores): the cores this process may use, split in two halves, so
    that the server's figures are not the browsers' (one list is empty on a 1-core machine)."""
    cores = sorted(os.sched_getaffinity(0))
    half = len(cores) // 2
    return cores[:half], cores[half:]


def kernel_memory(candidates: Sequence[tuple[int, str]]) -> tuple[list[int], list[int]]:
    """RSS of the kernels and of the single-user servers among ``candidates``."""
    kernels = [_rss(pid) for pid, cmd in candidates if "ipykernel_launcher" in cmd]
    servers = [_rss(pid) for pid, cmd in candidates if "jupyterhub-singleuser" in cmd]
    return [k for k in kernels if k], [s for s in servers if s]


def marked(marker: str) -> list[tuple[int, str]]:
    """Processes of a throwaway hub (environment HUBTEST_RUN=marker)."""
    needle = f"HUBTEST_RUN={marker}".encode()
    return [(pid, cmd) for pid, _, cmd, env in _processes() if needle in env.split(b"\0")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def voila_server(data_dir: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A Voilà server over notebooks/ on a free loopback port, stopped afterwards."""
    port = _free_port()
    env = dict(os.environ, IOPKIT_DATA_DIR=str(data_dir))
    env.pop("IOPKIT_VIGNETTES", None)
    cmd = [sys.executable, "-m", "voila", str(ROOT / "notebooks"), "--no-browser"]
    browsers, server = split_cores()
    if browsers and shutil.which("taskset"):  # the server and its kernels on their own cores
        cmd = ["taskset", "-c", ",".join(map(str, server)), *cmd]
    cmd += [f"--port={port}", "--Voila.ip=127.0.0.1", f"--VoilaExecutor.iopub_timeout={IOPUB_S}"]
    log = open(data_dir / "voila.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(urllib.error.URLError, OSError):
                urllib.request.urlopen(url + "/", timeout=2).close()
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Voilà did not start:\n" + (data_dir / "voila.log").read_text())
            time.sleep(0.2)
        yield url, proc
    finally:
        stop(proc)
        log.close()


# --- one trainee ----------------------------------------------------------------------------


async def _log_in(page: Any, hub: str, name: str, password: str) -> None:
    await page.goto(f"{hub}/hub/login")
    await page.fill("#username_input", name)
    await page.fill("#password_input", password)
    await page.click("#login_submit")
    await page.wait_for_url(f"**/user/{name}/**", timeout=LOGIN_TIMEOUT_MS)


async def _trainee(browser: Any, t: Trainee, app_url: str, hub: str | None, pw: str) -> Any:
    """Run one trainee; the browser context is returned open (its kernel stays alive)."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(RENDER_TIMEOUT_MS)  # a busy room: navigation waits long
    page = await context.new_page()
    try:
        if hub is not None:
            t0 = time.monotonic()
            await _log_in(page, hub, t.name, pw)
            t.login = time.monotonic() - t0
        t0 = time.monotonic()
        await page.goto(app_url, wait_until="commit")  # the app's own widget says "ready"
        check = page.get_by_role("button", name="Check my answer")
        await check.wait_for(timeout=RENDER_TIMEOUT_MS)
        t.render = time.monotonic() - t0
        case = page.get_by_label("Case", exact=True)
        levels = page.locator(".iopkit-choice").first.locator("input[type=radio]")
        for i in range(CASES_PER_TRAINEE):
            if i:  # a new case clears the feedback
                await case.select_option(index=i)
                await page.locator(VERDICT).wait_for(state="detached", timeout=FEEDBACK_TIMEOUT_MS)
            # IOP, residential, inpatient: a level that needs no second choice (withdrawal
            # management asks for its setting too)
            await levels.nth((i * 2 + 1) % 6).click()
            t0 = time.monotonic()
            await check.click()
            await page.locator(VERDICT).first.wait_for(timeout=FEEDBACK_TIMEOUT_MS)
            t.clicks.append(time.monotonic() - t0)
    except Exception as exc:  # a trainee's failure is reported, not fatal to the room
        t.error = f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"
        with contextlib.suppress(Exception):
            shown = " ".join((await page.inner_text("body", timeout=5_000)).split())
            t.error += f" (the page shows: {shown[-300:]!r})"
    return context


async def room(
    app_url: str,
    names: Sequence[str],
    hub: str | None,
    timeout: float,
    measure: Callable[[], None],
) -> list[Trainee]:
    """All trainees at once in one Chromium, until all are done or the deadline passes; then
    ``measure()`` runs while every trainee's page (and so its kernel) is still open."""
    from playwright.async_api import async_playwright

    trainees = [Trainee(n) for n in names]
    password = os.environ.get(PASSWORD_ENV, "loadtest password")
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            jobs = [
                asyncio.ensure_future(
                    _trainee(browser, t, app_url.format(user=t.name), hub, password)
                )
                for t in trainees
            ]
            _, pending = await asyncio.wait(jobs, timeout=timeout)
            for job in pending:
                job.cancel()
            for t in trainees:
                if t.error is None and len(t.clicks) < CASES_PER_TRAINEE:
                    t.error = f"not finished within the {timeout:.0f} s deadline"
            measure()
        finally:
            await browser.close()
    return trainees


# --- entry point ----------------------------------------------------------------------------


def _check_loopback(url: str) -> str:
    host = urllib.parse.urlparse(url).hostname
    if host not in LOOPBACK:
        raise SystemExit(f"loadtest: {url} is not on this machine (loopback only: {LOOPBACK})")
    return url.rstrip("/")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.loadtest", description=__doc__)
    parser.add_argument("--trainees", type=int, default=DEFAULT_TRAINEES)
    parser.add_argument("--hub", help="'start' (a throwaway test hub) or a loopback hub URL")
    parser.add_argument("--timeout", type=float, default=900, help="deadline for the room, s")
    args = parser.parse_args(argv)
    if not 1 <= args.trainees <= MAX_TRAINEES:
        parser.error(f"--trainees must be between 1 and {MAX_TRAINEES}")
    if not CHROMIUM.exists():
        parser.error(f"Chromium not found at {CHROMIUM} (install Debian's 'chromium')")
    names = [f"trainee{i:02d}" for i in range(1, args.trainees + 1)]
    memory: dict[str, list[int]] = {}

    cpu: dict[str, float] = {}

    def run(app_url: str, hub: str | None, candidates: Callable[[], Any]) -> list[Trainee]:
        def measure() -> None:
            memory["kernels"], memory["servers"] = kernel_memory(candidates())

        browsers, _ = split_cores()
        if browsers:  # this process and the Chromium it starts stay off the server's cores
            os.sched_setaffinity(0, browsers)
        return asyncio.run(room(app_url, names, hub, args.timeout, measure))

    start = time.monotonic()
    shutil.rmtree(RUN_DIR, ignore_errors=True)  # the last run's data and server logs
    RUN_DIR.mkdir(parents=True)
    if args.hub is None:
        target = "Voilà (one server, one kernel per trainee)"
        with voila_server(RUN_DIR) as (url, proc):
            before_room = cpu_seconds(proc.pid)

            def server_side() -> list[tuple[int, str]]:
                cpu["server"] = cpu_seconds(proc.pid) - before_room
                return descendants(proc.pid)

            trainees = run(f"{url}/voila/render/{NOTEBOOK}", None, server_side)
    elif args.hub == "start":
        sys.path.insert(0, str(ROOT / "tools"))
        import testhub

        target = "throwaway JupyterHub (one server and one kernel per trainee)"
        with testhub.running(RUN_DIR, names) as hub:
            app = hub.url + "/user/{user}/voila/render/" + NOTEBOOK
            trainees = run(app, hub.url, lambda: marked(hub.marker))
    else:
        hub_url = _check_loopback(args.hub)
        target = f"JupyterHub at {hub_url}"
        before = {pid for pid, *_ in _processes()}
        app = hub_url + "/user/{user}/voila/render/" + NOTEBOOK
        trainees = run(
            app, hub_url, lambda: [(p, c) for p, _, c, _ in _processes() if p not in before]
        )
    wall = time.monotonic() - start
    print(f"(trainees' data and server logs: {RUN_DIR})")
    print(
        f"iopkit load test: {args.trainees} trainee(s) at once against {target}, "
        f"{CASES_PER_TRAINEE} cases each, {os.cpu_count()} cores"
    )
    print("\n".join(table(trainees, memory.get("kernels", []), memory.get("servers", []), wall)))
    if "server" in cpu:
        browsers, server = split_cores()
        where = f"pinned to core(s) {server}, browsers to {browsers}" if browsers else "unpinned"
        print(
            f"server CPU (Voilà and every kernel, {where}): {cpu['server']:.1f} s, "
            f"{cpu['server'] / args.trainees:.2f} s per trainee; "
            f"load average {os.getloadavg()[0]:.1f} at the end"
        )
    return 0 if all(t.error is None for t in trainees) else 1


if __name__ == "__main__":
    sys.exit(main())
