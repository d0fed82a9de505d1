"""Validating 1,000 vignette files, against plain ``yaml.safe_load`` of the same files.

The library is copied into a temporary folder 1,000 times (cycling through the built-in files,
each copy with its own id), then timed: ``validate_paths`` on the folder (read, parse with
positions, schema, engine check, stages, privacy lint, unique ids) and plain
``yaml.safe_load`` of every file. Targets (issue 3): at most 3 s, and at most 3 times the plain
load. Figures are printed, never asserted.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

N_FILES = 1000
REPEAT = 3
TARGET_SECONDS = 3.0
TARGET_RATIO = 3.0


def _sources() -> list[Path]:
    from iopkit.vignettes import BUILTIN_DIR

    files = sorted(BUILTIN_DIR.glob("*.yaml"))
    if not files:  # before the library exists, the test fixture stands in
        files = [Path(__file__).parent.parent / "tests/fixtures/vignettes/evening-iop.yaml"]
    return files


def make_copies(folder: Path, n: int = N_FILES) -> list[Path]:
    """``n`` files cycling through the library, each with a distinct id."""
    sources = [(p.stem, p.read_text(encoding="utf-8")) for p in _sources()]
    paths = []
    for i in range(n):
        stem, text = sources[i % len(sources)]
        new_id = f"bench-{i:04d}-{stem}"[:64].rstrip("-")
        text = re.sub(r"(?m)^id:.*$", f"id: {new_id}", text, count=1)
        path = folder / f"{new_id}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _time_validate(folder: Path) -> tuple[float, int, int]:
    from iopkit.vignettes import validate_paths

    start = time.perf_counter()
    report = validate_paths([folder])
    return time.perf_counter() - start, len(report.files), len(report.errors)


def _time_safe_load(paths: list[Path], c_loader: bool = False) -> float:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader) if c_loader else yaml.SafeLoader
    start = time.perf_counter()
    for path in paths:
        yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # what safe_load does
    return time.perf_counter() - start


def run() -> list[str]:
    import yaml

    import iopkit.vignettes  # noqa: F401  (import cost is not part of the figure)

    with tempfile.TemporaryDirectory(prefix="iopkit-bench-") as tmp:
        folder = Path(tmp)
        paths = make_copies(folder)
        _time_validate(folder)  # warm the file cache and lazy imports
        validate_times, load_times, c_times = [], [], []
        files = errors = 0
        for _ in range(REPEAT):
            seconds, files, errors = _time_validate(folder)
            validate_times.append(seconds)
            load_times.append(_time_safe_load(paths))
            c_times.append(_time_safe_load(paths, c_loader=True))
    total = statistics.median(validate_times)
    plain = statistics.median(load_times)
    ratio = total / plain if plain else float("inf")
    c_plain = statistics.median(c_times)
    per_file_ms = total / max(files, 1) * 1000
    libyaml = "libyaml (C)" if getattr(yaml, "__with_libyaml__", False) else "pure Python"
    return [
        "== vignettes: validating 1,000 files ==",
        f"files validated: {files} ({len(_sources())} distinct cases), errors found: {errors}",
        f"validate_paths: {total:.2f} s in total (median of {REPEAT}), "
        f"{per_file_ms:.2f} ms per file  [target <= {TARGET_SECONDS:g} s: "
        f"{'met' if total <= TARGET_SECONDS else 'MISSED'}]",
        f"plain yaml.safe_load of the same files: {plain:.2f} s (median of {REPEAT})",
        f"ratio validate / safe_load: {ratio:.2f}  [target <= {TARGET_RATIO:g}: "
        f"{'met' if ratio <= TARGET_RATIO else 'MISSED'}]",
        f"YAML parser used by iopkit: {libyaml}; for reference, a bare load with libyaml's "
        f"CSafeLoader takes {c_plain:.2f} s (ratio {total / c_plain if c_plain else 0:.2f})",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
    sys.exit(0)
