"""Benchmark: how long each notebook takes to open code-free in Voilà, in a real Chromium.

One Voilà server (127.0.0.1, a free port) serves copies of the training notebooks and one
trivial widget notebook (a slider and a Recap heading), the floor measured in the same run.
Each page is opened ``IOPKIT_BENCH_VOILA_REPEAT`` times (default 3) in a fresh browser page;
the time runs from navigation until the page's last heading (Recap on most pages) and its app's
main button are on screen. Reported: the median per notebook and its ratio to the floor.

    python -m benchmarks.voila
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks import browser
from benchmarks.browser import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
FLOOR = "floor_widget.ipynb"
#: The app button each notebook shows once its widgets are live (as in the browser tests).
READY_BUTTON = {**browser.READY_BUTTON, FLOOR: "Go"}
TIMEOUT_MS = 120_000


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _write_floor(folder: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Floor"),
        nbformat.v4.new_code_cell(
            "import ipywidgets as widgets\n"
            'widgets.VBox([widgets.IntSlider(description="Value"), '
            'widgets.Button(description="Go")])'
        ),
        nbformat.v4.new_markdown_cell("## Recap"),
    ]
    nbformat.write(nb, folder / FLOOR)


def _last_heading(path: Path) -> str:
    """The text of the last Markdown heading of a notebook: the page is whole when it shows."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    headings = [
        line.lstrip("#").strip()
        for cell in nb.cells
        if cell.cell_type == "markdown"
        for line in cell.source.splitlines()
        if line.startswith("#")
    ]
    return headings[-1] if headings else ""


def _open_seconds(context: object, base: str, name: str, heading: str) -> float:
    page = context.new_page()  # type: ignore[attr-defined]
    try:
        start = time.perf_counter()
        page.goto(f"{base}/voila/render/{name}", wait_until="domcontentloaded")
        page.get_by_role("heading", name=heading).wait_for(timeout=TIMEOUT_MS)
        button = READY_BUTTON.get(name)
        if button is not None:
            page.get_by_role("button", name=button, exact=True).first.wait_for(timeout=TIMEOUT_MS)
        return time.perf_counter() - start
    finally:
        page.close()


def run(repeat: int | None = None) -> list[str]:
    repeat = repeat or int(os.environ.get("IOPKIT_BENCH_VOILA_REPEAT", "3"))
    if not CHROMIUM.exists():
        return [f"voila: skipped, Chromium not found at {CHROMIUM}"]
    from playwright.sync_api import sync_playwright

    names = [p.name for p in sorted(NOTEBOOKS.glob("*.ipynb"))]
    lines = []
    with tempfile.TemporaryDirectory(prefix="iopkit-bench-voila-") as tmp:
        folder = Path(tmp)
        # the notebooks with what they read beside them (notebook 06's sample hand-ins)
        shutil.copytree(NOTEBOOKS, folder, dirs_exist_ok=True)
        _write_floor(folder)
        from benchmarks.render import voila

        with voila(folder) as (base, _), sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            try:
                times: dict[str, list[float]] = {n: [] for n in [FLOOR, *names]}
                for _ in range(repeat):  # interleaved, so load drifts hit every page alike
                    for name in times:
                        heading = _last_heading(folder / name)
                        times[name].append(_open_seconds(context, base, name, heading))
            finally:
                context.close()
                browser.close()
    floor = statistics.median(times[FLOOR])
    lines.append(
        f"voila: floor (one slider and one button) opens in {floor:.2f} s "
        f"(median of {repeat}, Chromium, page to last cell and app button)"
    )
    for name in names:
        median = statistics.median(times[name])
        lines.append(f"voila: {name} opens in {median:.2f} s ({median / floor:.2f}x the floor)")
    return lines


if __name__ == "__main__":
    for line in run():
        print(line, flush=True)
