"""Benchmark: the cost of the training notebooks, for a CI budget and for a workshop host.

1. The whole strict nbval run over ``notebooks/`` against a floor measured in the same run: as
   many trivial notebooks (import ipywidgets and matplotlib, show one widget and one figure),
   executed and validated the same way. Target: at most 2x the floor.
2. The peak memory (RSS) of a kernel after running each notebook top to bottom: the memory
   each trainee's kernel needs on a shared server. A final cell reading
   ``resource.getrusage`` is added to the run in memory; the notebook files are not changed.

    python -m benchmarks.notebooks            # prints one line per figure
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"
TARGET_RATIO = 2.0
RSS_PROBE = (
    "import resource, sys\n"
    "_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "print(_peak * (1 if sys.platform == 'darwin' else 1024))"
)
FLOOR_CELLS = (
    "import ipywidgets as widgets\nimport matplotlib.pyplot as plt",
    'widgets.IntSlider(value=3, min=0, max=10, description="Value")',
    'fig, ax = plt.subplots()\nax.plot([0, 1, 2], [0, 1, 4])\nax.set_title("floor")\nplt.show()',
)


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("IOPKIT_VIGNETTES", None)
    env["PYTHONHASHSEED"] = "0"
    return env


def _notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


def _write_floor(folder: Path, count: int) -> list[Path]:
    """``count`` trivial notebooks, executed and saved like the real ones."""
    import nbformat

    sys.path.insert(0, str(ROOT / "tools"))
    from run_notebooks import execute

    paths = []
    for i in range(count):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(src) for src in FLOOR_CELLS]
        for j, cell in enumerate(nb.cells):
            cell["id"] = f"floor-{j}"
        path = folder / f"floor_{i:02d}.ipynb"
        nbformat.write(nb, path)
        execute(path)
        paths.append(path)
    return paths


def _nbval_seconds(target: Path, workdir: Path) -> float:
    """Wall time of one strict nbval run over ``target`` (a fresh pytest process)."""
    ini = workdir / "pytest.ini"
    ini.write_text("[pytest]\n")
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "-c",
        str(ini),
        "--rootdir",
        str(target),
        "--nbval",
        str(target),
        "--nbval-current-env",
        "--nbval-sanitize-with",
        str(SANITIZE),
    ]
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, env=_environment(), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"nbval failed on {target}:\n{result.stdout[-3000:]}")
    return seconds


def peak_rss_bytes(path: Path) -> int:
    """Peak RSS of a fresh kernel after running every cell of ``path`` (file unchanged)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(RSS_PROBE))
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(_environment())
    try:
        NotebookClient(
            nb,
            kernel_name="python3",
            timeout=300,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    finally:
        os.environ.clear()
        os.environ.update(saved)
    outputs = nb.cells[-1].outputs
    text = "".join(o.get("text", "") for o in outputs if o.get("output_type") == "stream")
    return int(text.strip().splitlines()[-1])


def run(repeat: int = 1) -> list[str]:
    """Measure and describe; ``repeat`` > 1 reports medians of that many nbval runs."""
    notebooks = _notebooks()
    if not notebooks:
        return ["notebooks: no notebooks found in notebooks/"]
    lines = []
    with tempfile.TemporaryDirectory(prefix="iopkit-bench-") as tmp:
        work = Path(tmp)
        floor_dir = work / "floor"
        floor_dir.mkdir()
        floor = _write_floor(floor_dir, len(notebooks))
        kit_times, floor_times = [], []
        for _ in range(repeat):
            floor_times.append(_nbval_seconds(floor_dir, work))
            kit_times.append(_nbval_seconds(NOTEBOOKS, work))
        kit, base = statistics.median(kit_times), statistics.median(floor_times)
        ratio = kit / base
        label = f"median of {repeat} runs" if repeat > 1 else "one run"
        verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
        lines.append(
            f"notebooks: strict nbval over {len(notebooks)} notebooks {kit:.1f} s; floor "
            f"({len(floor)} trivial widget+figure notebooks) {base:.1f} s; ratio {ratio:.2f}x "
            f"({label}; {verdict} the target of <= {TARGET_RATIO:g}x)"
        )
        floor_rss = peak_rss_bytes(floor[0])
        lines.append(f"notebooks: kernel peak RSS, floor notebook: {floor_rss / 2**20:.0f} MiB")
    for path in notebooks:
        rss = peak_rss_bytes(path)
        lines.append(
            f"notebooks: kernel peak RSS after {path.name}: {rss / 2**20:.0f} MiB "
            f"({rss / floor_rss:.2f}x the floor)"
        )
    return lines


if __name__ == "__main__":
    for line in run(repeat=int(os.environ.get("IOPKIT_BENCH_REPEAT", "1"))):
        print(line, flush=True)
