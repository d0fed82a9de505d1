"""`make bench`: print every benchmark section (medians and ratios measured in this run)."""

from __future__ import annotations

import importlib
import sys
import time

SECTIONS = (
    "core",
    "vignettes",
    "loading",
    "privacy",
    "apps",
    "debrief",
    "notebooks",
    "render",
    "voila",
)


def main() -> int:
    failed = []
    for name in SECTIONS:
        start = time.perf_counter()
        try:
            module = importlib.import_module(f"benchmarks.{name}")
        except ModuleNotFoundError as exc:
            print(f"== {name} ==\n(section not available: {exc})\n", flush=True)
            continue
        try:
            lines = module.run()
        except Exception as exc:  # report and go on: one section must not hide the others
            failed.append(name)
            print(f"== {name} ==\nFAILED: {type(exc).__name__}: {exc}\n", flush=True)
            continue
        print("\n".join(lines), flush=True)
        print(f"(section took {time.perf_counter() - start:.1f} s)\n", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
