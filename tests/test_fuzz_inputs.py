"""The input fuzzer, bounded for ``make test`` (``make fuzz`` runs it with a large budget).

A fixed seed (``derandomize``) and a bounded number of examples per kind of file keep it
deterministic and under a minute; see :mod:`fuzzing` for the mutations and the rules checked.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest
from fuzzing import KINDS, Tally, check_one, fuzz_input
from hypothesis import HealthCheck, given, settings

from iopkit.vignettes import ENV_VAR

EXAMPLES = int(os.environ.get("IOPKIT_FUZZ_EXAMPLES", "150"))
"""Inputs per kind of file (a third of it for hand-ins, each of which runs a whole debrief)."""

TALLY = Tally()


@pytest.fixture(autouse=True)
def no_env_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)


@pytest.mark.parametrize("kind", KINDS)
def test_no_input_gives_a_traceback_a_hang_or_an_unnamed_file(kind: str) -> None:
    with tempfile.TemporaryDirectory() as folder:

        @settings(
            max_examples=EXAMPLES if kind != "handin" else max(1, EXAMPLES // 3),
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(fuzz_input(kind))
        def run(named: tuple[str, bytes]) -> None:
            TALLY.inputs += 1
            check_one(kind, named[0], named[1], Path(folder))
            if EXAMPLES > 1000 and TALLY.inputs % 1000 == 0:  # make fuzz: show progress
                print(
                    f"fuzz: {TALLY.inputs} inputs tried in {TALLY.seconds:.0f} s",
                    file=sys.__stderr__,
                    flush=True,
                )

        run()


def test_zz_report_how_many_inputs_were_tried(capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print(f"\nfuzz: tried {TALLY.inputs} inputs in {TALLY.seconds:.1f} s, no failure")
    assert TALLY.inputs >= 1
