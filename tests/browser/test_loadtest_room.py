"""`make loadtest` drives real trainees: two at once against the session's Voilà server."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks.loadtest import CASES_PER_TRAINEE, NOTEBOOK, room

pytestmark = pytest.mark.browser


def test_two_trainees_render_the_placement_page_and_answer_three_cases(voila_url: str) -> None:
    measured = []
    # The session's sync Playwright owns this thread's event loop: run the room in another.
    with ThreadPoolExecutor(1) as pool:
        job = pool.submit(
            asyncio.run,
            room(
                f"{voila_url}/voila/render/{NOTEBOOK}",
                ["trainee01", "trainee02"],
                hub=None,
                timeout=300,
                measure=lambda: measured.append(True),
            ),
        )
        trainees = job.result(timeout=360)
    assert [t.error for t in trainees] == [None, None]
    for t in trainees:
        assert t.render is not None and t.render > 0
        assert len(t.clicks) == CASES_PER_TRAINEE and all(c > 0 for c in t.clicks)
    assert measured == [True]  # memory is read while the pages are still open
