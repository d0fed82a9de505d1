"""Benchmark: a room opening each notebook at the same moment, server side (HTTP, no browser).

One Voilà server (127.0.0.1, a free port), warmed by one render of every page, serves copies of
the training notebooks and two floors measured in the same run: a bare notebook (one cell,
``1 + 1``) and a trivial widget notebook (ipywidgets, one slider and one button). For each page,
``N`` renders are requested at once (``IOPKIT_BENCH_RENDER_N``, default 20: a room of trainees
opening it together); a render is the whole HTTP response, which Voilà sends after every cell has
run in that trainee's own kernel. Reported: the time until the last of the N responses (the last
trainee's wait), its ratio to the bare page, and the target (every trainee notebook within
``TARGET_RATIO`` x the bare page). Pages are measured in turns (``IOPKIT_BENCH_RENDER_REPEAT``
rounds, default 2; the median is reported) so that a change in the machine's load hits every
page alike. Each round's kernels are shut down before the next page is opened.

    python -m benchmarks.render                 # plain Voilà (what a hub's server extension does)
    python -m benchmarks.render --preheat       # also preheated kernel pools (make workshop)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from benchmarks.browser import stop

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
BARE = "floor_bare.ipynb"
TRIVIAL = "floor_trivial.ipynb"
#: Pages a trainee opens (05 is the educator's editor, 06 the facilitator's debrief).
TRAINEE_PAGES = (
    "00_start_here.ipynb",
    "01_continuum_of_care.ipynb",
    "02_placement_decisions.ipynb",
    "03_schedule_design.ipynb",
    "04_relapse_prevention_and_discharge.ipynb",
    "07_end_of_day.ipynb",
)
TARGET_RATIO = 1.3
IOPUB_S = 60
XSRF = "iopkit-bench"
KERNEL_ID = re.compile(r'"?kernel_?[iI]d"?\s*[:=]\s*["\']([0-9a-f-]{36})["\']')


def write_floors(folder: Path) -> None:
    """The bare page (``1 + 1``) and the trivial widget page, beside the notebooks."""
    import nbformat

    bare = nbformat.v4.new_notebook()
    bare.cells = [nbformat.v4.new_code_cell("1 + 1")]
    nbformat.write(bare, folder / BARE)
    trivial = nbformat.v4.new_notebook()
    trivial.cells = [
        nbformat.v4.new_code_cell(
            "import ipywidgets as widgets\n"
            'widgets.VBox([widgets.IntSlider(description="Value"), '
            'widgets.Button(description="Go")])'
        )
    ]
    nbformat.write(trivial, folder / TRIVIAL)


def wait_idle(pid: int, timeout: float = 600) -> None:
    """Wait until the server and its kernels stop working (the pools are full)."""
    from benchmarks.loadtest import cpu_seconds

    deadline = time.monotonic() + timeout
    last, quiet = cpu_seconds(pid), 0
    while time.monotonic() < deadline and quiet < 3:  # three quiet polls in a row
        time.sleep(3)
        now = cpu_seconds(pid)
        quiet = quiet + 1 if now - last < 0.3 else 0
        last = now


@contextmanager
def voila(folder: Path, pools: dict[str, int] | None = None) -> Iterator[tuple[str, int]]:
    """A Voilà server over ``folder`` (its URL and process id); ``pools``: preheated kernels
    per page (Voilà's ``kernel_pools_config``, as ``make workshop`` uses them)."""
    import json

    from benchmarks.loadtest import _free_port

    port = _free_port()
    env = dict(os.environ)
    env.pop("IOPKIT_VIGNETTES", None)
    env["IOPKIT_DATA_DIR"] = str(folder / "data")
    cmd = [
        sys.executable,
        "-m",
        "voila",
        str(folder),
        "--no-browser",
        f"--port={port}",
        "--Voila.ip=127.0.0.1",
        f"--VoilaExecutor.iopub_timeout={IOPUB_S}",
        # 20 kernels started at once over TCP can race for the same free port (ZMQ "Address
        # already in use": the kernel dies and its render hangs); IPC sockets cannot collide
        "--KernelManager.transport=ipc",
    ]
    config = folder / "voila.json"  # Voilà reads the config file in its working folder
    if pools:
        pool_config = {"default": {"pool_size": 0}}
        pool_config.update({name: {"pool_size": size} for name, size in pools.items()})
        config.write_text(
            json.dumps(
                {
                    "VoilaConfiguration": {"preheat_kernel": True},
                    "VoilaKernelManager": {"kernel_pools_config": pool_config, "fill_delay": 0},
                }
            )
        )
    log = open(folder / "voila.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen(cmd, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=5).close()
                break
            except (urllib.error.URLError, OSError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("Voilà did not start") from None
                time.sleep(0.3)
        yield base, server.pid
    finally:
        stop(server)
        log.close()
        config.unlink(missing_ok=True)


async def _render(client: object, url: str) -> tuple[float, str | None]:
    start = time.perf_counter()
    response = await client.get(url)  # type: ignore[attr-defined]
    seconds = time.perf_counter() - start
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")
    found = KERNEL_ID.search(response.text)
    return seconds, found.group(1) if found else None


async def room(base: str, name: str, n: int) -> list[float]:
    """``n`` renders of ``name`` at once; each one's seconds. Their kernels are shut down after."""
    import httpx

    # tornado's XSRF check compares the header with the cookie: a matching pair of our own
    headers = {"X-XSRFToken": XSRF, "Cookie": f"_xsrf={XSRF}"}
    async with httpx.AsyncClient(timeout=600, headers=headers) as client:
        results = await asyncio.gather(
            *(_render(client, f"{base}/voila/render/{name}") for _ in range(n))
        )
        for _, kernel in results:
            if kernel:
                done = await client.post(f"{base}/voila/api/shutdown/{kernel}")
                if done.status_code != 204:
                    raise RuntimeError(f"could not shut a kernel down ({done.status_code})")
    return [seconds for seconds, _ in results]


def measure(base: str, pages: Sequence[str], n: int, repeat: int) -> dict[str, float]:
    """The last trainee's wait per page (median over ``repeat`` interleaved rounds)."""
    for name in pages:  # warm: the server's templates and every page's imports on disk
        asyncio.run(room(base, name, 1))
    last: dict[str, list[float]] = {name: [] for name in pages}
    for _ in range(repeat):
        for name in pages:
            last[name].append(max(asyncio.run(room(base, name, n))))
    return {name: statistics.median(values) for name, values in last.items()}


def load_note() -> str:
    """How busy the machine was: its load averages and core count (the run shares the cores)."""
    one, five, _ = os.getloadavg()
    return f"machine: {os.cpu_count()} cores, load average {one:.1f} (1 min), {five:.1f} (5 min)"


def describe(label: str, last: dict[str, float], n: int, repeat: int) -> list[str]:
    bare = last[BARE]
    lines = [
        f"render{label}: {n} renders at once through one warmed Voilà (HTTP, no browser), "
        f"last trainee's wait, median of {repeat} rounds",
        f"render{label}: bare page (1 + 1) {bare:.2f} s; trivial widget page "
        f"{last[TRIVIAL]:.2f} s ({last[TRIVIAL] / bare:.2f}x)",
    ]
    for name in TRAINEE_PAGES:
        ratio = last[name] / bare
        verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
        lines.append(
            f"render{label}: {name} {last[name]:.2f} s ({ratio:.2f}x the bare page; "
            f"{verdict} <= {TARGET_RATIO:g}x)"
        )
    return lines


PREHEAT_PAGES = (BARE, "02_placement_decisions.ipynb")
"""Pages measured with preheated pools (a pool of N kernels each; every page would be N times
the memory of its kernels, more than a laptop holds)."""


def run(n: int | None = None, repeat: int | None = None, preheat: bool | None = None) -> list[str]:
    if preheat is None:
        preheat = os.environ.get("IOPKIT_BENCH_PREHEAT", "1") != "0"
    n = n or int(os.environ.get("IOPKIT_BENCH_RENDER_N", "20"))
    repeat = repeat or int(os.environ.get("IOPKIT_BENCH_RENDER_REPEAT", "2"))
    pages = [BARE, TRIVIAL, *TRAINEE_PAGES]
    lines = [load_note() + " at the start"]
    with tempfile.TemporaryDirectory(prefix="iopkit-bench-render-") as tmp:
        folder = Path(tmp)
        shutil.copytree(NOTEBOOKS, folder, dirs_exist_ok=True)
        write_floors(folder)
        with voila(folder) as (base, _):
            lines += describe("", measure(base, pages, n, repeat), n, repeat)
        if preheat:
            with voila(folder, pools=dict.fromkeys(PREHEAT_PAGES, n)) as (base, pid):
                wait_idle(pid)
                last = {}
                for name in PREHEAT_PAGES:  # one round: a used pool refills behind the room
                    last[name] = max(asyncio.run(room(base, name, n)))
                    wait_idle(pid)
                lines.append(
                    f"render (preheated pools of {n}): bare page {last[BARE]:.2f} s, "
                    f"{PREHEAT_PAGES[1]} {last[PREHEAT_PAGES[1]]:.2f} s for the last of {n} "
                    "(the notebook ran in the pool before the room opened it)"
                )
    lines.append(load_note() + " at the end")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--trainees", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=None)
    parser.add_argument("--preheat", action=argparse.BooleanOptionalAction, default=None)
    args = parser.parse_args(argv)
    for line in run(args.trainees, args.repeat, args.preheat):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
