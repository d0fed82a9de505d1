"""What the browser benchmarks and tests share: Debian's Chromium with the flags this machine
needs, and the control each notebook's app shows once its widgets are live."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

#: Debian's Chromium (``.ci/run`` installs it); IOPKIT_CHROMIUM points elsewhere if needed.
CHROMIUM = Path(os.environ.get("IOPKIT_CHROMIUM", "/usr/bin/chromium"))
#: No sandbox (CI runs as root), and no background traffic to hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

#: A control each notebook's app shows once its widgets are live (06 has no app).
READY_BUTTON = {
    "00_start_here.ipynb": "Save my answers",
    "01_continuum_of_care.ipynb": "Check",
    "02_placement_decisions.ipynb": "Check my answer",
    "03_schedule_design.ipynb": "Add activity",
    "04_relapse_prevention_and_discharge.ipynb": "Check plan",
    "05_authoring_vignettes.ipynb": "Save",
    "07_end_of_day.ipynb": "Save my answers",
}


def stop(proc: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """Stop a server started for a benchmark or a test: politely, then for good after 15 s."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:  # pragma: no cover
        proc.kill()
        proc.wait()
