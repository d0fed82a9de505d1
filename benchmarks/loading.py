"""Loading the case library now that the loader enforces ``iopkit validate``'s errors.

Before, the loader read each file, parsed it and checked it against the schema; now it also
runs the content rules (key against the engine, feedback, length, stages, schedule task, TODO,
privacy lint) and refuses a file with an error. This section times both, in the same run, on
the built-in library and on 1,000 copies of it (an educator's folder): ``load_files(files,
check=False)`` is the loader as it was (read, parse, schema), ``load_files(files)`` the loader as
it is. The built-in library is timed twice: as a page loads it (from the library checked ahead,
:mod:`iopkit.vignettes.compiled`) and from its files, which is what the content rules cost.
Target (issue 18): at most 1.5 times.

CPU time (``time.process_time``), best of several runs, the two loaders taking turns: on a
shared machine wall-clock medians swing by a factor of two with the other users, CPU time much
less, and a burst of load then falls on both alike.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPEAT = 7
TARGET_RATIO = 1.5
N_COPIES = 1000
REPEAT_COPIES = 7


def _cpu(run: Callable[[], object]) -> float:
    start = time.process_time()
    run()
    return time.process_time() - start


def _best_pair(
    before: Callable[[], object], now: Callable[[], object], repeat: int = REPEAT
) -> tuple[float, float]:
    """The best time of each, run in turn (so that a burst of load from the machine's other
    users falls on both alike)."""
    pairs = [(_cpu(before), _cpu(now)) for _ in range(repeat)]
    return min(b for b, _ in pairs), min(n for _, n in pairs)


def _compare(
    files: list[Path], repeat: int, use_compiled: bool = True
) -> tuple[float, float, int, int]:
    from iopkit.vignettes.loader import load_files

    load_files(files, use_compiled=use_compiled)  # warm the file cache and lazy imports
    before, now = _best_pair(
        lambda: load_files(files, check=False),
        lambda: load_files(files, use_compiled=use_compiled),
        repeat,
    )
    loaded, refused = load_files(files, use_compiled=use_compiled)
    return before, now, len(loaded), len({p.file for p in refused})


def _line(what: str, n: int, before: float, now: float) -> str:
    ratio = now / before if before else float("inf")
    return (
        f"{what}: {n} files, as before (read, parse, schema) {before * 1000:.1f} ms, "
        f"enforcing validate {now * 1000:.1f} ms ({now / max(n, 1) * 1000:.2f} ms a file); "
        f"ratio {ratio:.2f}  [target <= {TARGET_RATIO:g}: "
        f"{'met' if ratio <= TARGET_RATIO else 'MISSED'}]"
    )


def run() -> list[str]:
    from benchmarks.vignettes import make_copies
    from iopkit.vignettes.loader import BUILTIN_DIR, vignette_files

    builtin, _ = vignette_files([BUILTIN_DIR])
    before, now, loaded, refused = _compare(builtin, REPEAT)
    lines = [
        "== loading: the library loader enforcing validate, against the loader before ==",
        _line("built-in library as a page loads it", len(builtin), before, now),
        f"  loaded {loaded}, refused {refused}",
    ]
    before, now, loaded, refused = _compare(builtin, REPEAT, use_compiled=False)
    lines.append(_line("built-in library from its files", len(builtin), before, now))
    with tempfile.TemporaryDirectory(prefix="iopkit-bench-load-") as tmp:
        make_copies(Path(tmp), N_COPIES)
        copies, _ = vignette_files([tmp])
        before, now, loaded, refused = _compare(copies, REPEAT_COPIES)
    lines.append(_line(f"{N_COPIES:,} copies", len(copies), before, now))
    lines.append(f"  loaded {loaded}, refused {refused}")
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
    sys.exit(0)
