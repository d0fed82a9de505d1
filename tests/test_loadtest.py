"""The load test's figures and bounds (the run itself: tests/browser/test_loadtest_room.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from benchmarks import loadtest
from benchmarks.loadtest import Trainee, percentile, table


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 21)]  # 1 .. 20
    assert percentile(values, 50) == 10.0
    assert percentile(values, 95) == 19.0
    assert percentile(values, 100) == 20.0
    assert percentile([7.0], 95) == 7.0


def test_table_reports_medians_percentiles_memory_and_failures() -> None:
    trainees = [
        Trainee("trainee01", render=2.0, clicks=[0.1, 0.2, 0.3]),
        Trainee("trainee02", render=4.0, clicks=[0.2, 0.2, 0.4]),
        Trainee("trainee03", error="TimeoutError: no app"),
    ]
    lines = table(trainees, kernels=[100 * 2**20, 120 * 2**20], servers=[], wall=12.34)
    text = "\n".join(lines)
    assert "| page render (all cells run, app shown) | 3.00 s | 4.00 s | 4.00 s | 2 |" in text
    assert "| click until feedback | 0.20 s | 0.40 s | 0.40 s | 6 |" in text
    assert "| kernel memory (RSS) per trainee | 110.00 MiB | 120.00 MiB | 120.00 MiB | 2 |" in text
    assert "hub login" not in text and "single-user server" not in text
    assert "2 of 3 trainees finished in 12.3 s" in text
    assert "- trainee03: TimeoutError: no app" in text


@pytest.mark.parametrize("argv", [["--trainees", "0"], ["--trainees", "201"]])
def test_the_room_size_is_bounded(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        loadtest.main(argv)
    assert raised.value.code == 2


def test_only_hubs_on_this_machine_are_loaded() -> None:
    with pytest.raises(SystemExit, match="loopback only"):
        loadtest._check_loopback("http://hub.example.org:8000")
    assert loadtest._check_loopback("http://127.0.0.1:8000/") == "http://127.0.0.1:8000"


def test_the_server_and_the_browsers_get_different_cores():
    browsers, server = loadtest.split_cores()
    assert server and not set(browsers) & set(server)
    assert sorted(browsers + server) == sorted(os.sched_getaffinity(0))


def test_server_cpu_seconds_count_the_work_of_its_children():
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time; subprocess.Popen([sys.executable, "
            "'-c', 'import time\\nt = time.process_time()\\nwhile time.process_time() - t < 0.6: "
            "pass\\ntime.sleep(30)']); time.sleep(30)",
        ]
    )
    try:
        time.sleep(3)
        assert loadtest.cpu_seconds(parent.pid) >= 0.5
    finally:
        for pid, _ in loadtest.descendants(parent.pid):
            os.kill(pid, 9)
        parent.kill()
        parent.wait()
