"""The Chromium the browser benchmarks drive: Debian's, with the flags this machine needs."""

from __future__ import annotations

import os
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
