"""Import cost, CLI start-up, and the medians of recommend() and check()."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import timeit


def _median_process_seconds(code: str, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _median_call_seconds(func, number: int = 200, repeat: int = 15) -> float:  # type: ignore[no-untyped-def]
    return statistics.median(timeit.repeat(func, number=number, repeat=repeat)) / number


def run() -> list[str]:
    from iopkit.placement import recommend
    from iopkit.schedule import Schedule, check

    bare = _median_process_seconds("pass")
    plain = _median_process_seconds("import iopkit")
    engine = _median_process_seconds("import iopkit.placement, iopkit.schedule")
    cli = _median_process_seconds(
        "import sys; sys.argv=['iopkit','--version'];"
        "from iopkit.cli import main\ntry: main()\nexcept SystemExit: pass"
    )
    heavy = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, iopkit, iopkit.placement, iopkit.cli;"
            "print(sorted(m for m in ('matplotlib','ipywidgets','jupyterlab','jupyter_core')"
            " if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()

    assessment = {
        "symptom_severity": "moderate",
        "functional_impairment": "moderate",
        "safety": "safety_plan",
        "medically_stable": True,
        "withdrawal": "completed",
        "home_environment": "supportive",
        "motivation": "high",
        "acute_phase": False,
        "current_setting": "outpatient",
        "outpatient_response": "inadequate",
    }
    from iopkit.assessment import Assessment

    validated = Assessment.from_mapping(assessment)
    week = Schedule.from_mapping(
        {
            "weeks": 8,
            "sessions": [
                {"day": d, "start": t, "minutes": 60, "activity": a}
                for d in ("mon", "wed", "fri")
                for t, a in (
                    ("09:00", "process_group"),
                    ("10:00", "skills_group"),
                    ("11:00", "individual_therapy"),
                )
            ],
        }
    )
    rec_s = _median_call_seconds(lambda: recommend(validated))
    rec_raw_s = _median_call_seconds(lambda: recommend(assessment))
    chk_s = _median_call_seconds(lambda: check(week))

    over = (plain - bare) * 1000
    return [
        "== core ==",
        f"bare interpreter start (median of 15): {bare * 1000:.1f} ms",
        f"import iopkit: {plain * 1000:.1f} ms, i.e. {over:+.1f} ms over bare "
        f"(ratio {plain / bare:.2f}; target at most +100 ms) "
        f"[{'meets target' if over <= 100 else 'MISSES target'}]",
        f"import iopkit.placement + iopkit.schedule (loads pydantic): {engine * 1000:.1f} ms "
        f"({(engine - bare) * 1000:+.1f} ms over bare)",
        f"CLI start-up (iopkit --version): {cli * 1000:.1f} ms "
        f"({(cli - bare) * 1000:+.1f} ms over bare)",
        f"heavy libraries loaded by import iopkit + CLI: {heavy} (target: none)",
        f"recommend() median: {rec_s * 1e6:.0f} us with a validated Assessment, "
        f"{rec_raw_s * 1e6:.0f} us from a plain mapping (target under 1000 us) "
        f"[{'meets target' if max(rec_s, rec_raw_s) < 1e-3 else 'MISSES target'}]",
        f"check() median: {chk_s * 1e6:.0f} us (target under 1000 us) "
        f"[{'meets target' if chk_s < 1e-3 else 'MISSES target'}]",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
