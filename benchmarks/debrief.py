"""The facilitator's debrief of a big room, against reading the same hand-ins alone.

200 fictional trainees x 26 cases x 3 later stages (plus the admission question), both
knowledge quizzes, checked schedules and plan checks are generated and written as hand-in
files (``iopkit.synthetic``). Timed, each ``REPEAT`` times: reading the folder alone
(``read_exchange``), and the whole debrief (read, build, and render the printable report with
its three figures). Target (issue 11): under 2 s. Also the live room's refresh (notebook 08),
when nothing changed and after one answer. Figures are printed, never asserted.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

N_TRAINEES = 200
N_CASES = 26
N_STAGES = 3
REPEAT = 5
TARGET_SECONDS = 2.0


def _median(fn: object, repeat: int = REPEAT) -> tuple[float, float]:
    """Median wall-clock and CPU seconds (CPU time is what the work costs when the two cores
    are shared with other jobs; wall time is what a facilitator waits)."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()  # type: ignore[operator]
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def _line(name: str, t: tuple[float, float]) -> str:
    return f"{name:<36} median {t[0]:6.3f} s wall, {t[1]:6.3f} s CPU"


def run() -> list[str]:
    from iopkit.debrief import build_debrief, read_exchange
    from iopkit.debrief_plots import report_page
    from iopkit.synthetic import synthetic_handins, write_handins

    lines = [
        "== debrief ==",
        f"{N_TRAINEES} trainees x {N_CASES} cases x (1 + {N_STAGES} stages), pre and post quiz",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        handins = synthetic_handins(N_TRAINEES, N_CASES, N_STAGES, seed=1)
        write_handins(folder, handins)
        answers = sum(len(h["placement"]) + len(h["quiz"]) for h in handins)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        lines.append(f"{len(handins)} hand-in files, {size:.1f} MB, {answers} answers")

        def full() -> None:
            report_page(build_debrief(read_exchange(folder)))

        full()  # warm-up: imports matplotlib and loads the library once
        read = _median(lambda: read_exchange(folder))
        handed = read_exchange(folder)
        build = _median(lambda: build_debrief(handed))
        report = build_debrief(handed)
        render = _median(lambda: report_page(report))
        total = _median(full)
        live = _live_room(folder)
    verdict = "meets" if total[0] < TARGET_SECONDS else "MISSES"
    cpu_verdict = "meets" if total[1] < TARGET_SECONDS else "MISSES"
    lines += [
        _line("read the hand-ins alone:", read),
        _line("build the statistics:", build),
        _line("render the report with 3 figures:", render),
        _line("whole debrief (read+build+render):", total),
        f"whole debrief / reading alone: {total[0] / read[0]:.1f} x wall, "
        f"{total[1] / read[1]:.1f} x CPU",
        f"target {TARGET_SECONDS:g} s: wall {verdict}, CPU {cpu_verdict}",
        f"live room (notebook 08) refreshes every {live[0]:g} s:",
        _line("  a refresh, nothing changed:", live[1]),
        _line("  a refresh after one new answer:", live[2]),
    ]
    return lines


def _live_room(folder: Path) -> tuple[float, tuple[float, float], tuple[float, float]]:
    """The live page's refresh: when no file changed (a listing of the folder), and when one
    trainee's hand-in was just replaced (the folder read again, the room built and worded)."""
    import os

    from iopkit.live_room import REFRESH_S, DropBoxReader, live_room
    from iopkit.render.live import live_room_html

    reader = DropBoxReader(folder)
    live_room_html(live_room(reader.read()[0]))

    def unchanged() -> None:
        assert reader.read()[1] is False

    one = next(p for p in sorted(folder.iterdir()) if p.name.startswith("handin-"))

    def changed() -> None:
        os.utime(one)  # as if the trainee's page had just sent a new answer
        live_room_html(live_room(reader.read()[0]))

    return REFRESH_S, _median(unchanged), _median(changed)
