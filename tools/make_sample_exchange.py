"""Write the fictional sample hand-ins that notebook 06 reads (notebooks/sample-exchange).

Run from the repository root: ``python tools/make_sample_exchange.py``. Seeded, so the same
kit writes the same files; re-run it (then ``make notebooks``) after the library changes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from iopkit.synthetic import synthetic_handins, write_handins

TARGET = Path(__file__).resolve().parents[1] / "notebooks" / "sample-exchange"
TRAINEES = 12
SEED = 2026


def main() -> int:
    for old in TARGET.glob("*.json"):
        old.unlink()
    paths = write_handins(TARGET, synthetic_handins(TRAINEES, seed=SEED, kit_version="sample"))
    print(f"wrote {len(paths)} fictional hand-ins to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
