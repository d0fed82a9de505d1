"""Progress that survives a reload in Voilà: the score, and a retry that stays a retry."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from benchmarks.browser import READY_BUTTON

from .conftest import new_trainee

pytestmark = pytest.mark.browser

NOTEBOOK = "02_placement_decisions.ipynb"
SCORE = re.compile(r"Score: (\d+ right, \d+ defensible, \d+ not right of \d+ first answers?)")


def _rendered(page: Any) -> None:
    """Wait until Voilà has run every cell and the player is ready."""
    page.get_by_role("heading", name="Recap").wait_for(timeout=90_000)
    page.get_by_role("button", name=READY_BUTTON[NOTEBOOK], exact=True).first.wait_for(
        timeout=60_000
    )


def _score(page: Any) -> str:
    page.get_by_text("Score:").first.wait_for(timeout=10_000)
    words = " ".join(page.locator(".iopkit-app").first.inner_text().split())
    found = SCORE.search(words)
    assert found, f"no score on the page: {words[:300]}"
    return found.group(1)


def _answer(page: Any, level: str, wait_for: str) -> str:
    page.get_by_role("radio", name=level, exact=True).check()
    page.get_by_role("button", name="Check my answer").click()
    page.get_by_text(wait_for).first.wait_for(timeout=10_000)
    return " ".join(page.locator(".iopkit-app").first.inner_text().split())


def test_reload_in_voila_keeps_the_score_and_a_retry_is_a_retry(
    chromium: Any, voila_url: str, voila_data: Path, tmp_path: Path
) -> None:
    new_trainee(voila_data)  # no earlier test's answers: this page's first answer is the only one
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{voila_url}/voila/render/{NOTEBOOK}", wait_until="domcontentloaded")
        _rendered(page)
        _answer(page, "Inpatient", wait_for="Only your first answer")
        page.get_by_text(re.compile(r"of 1 first answer\b")).first.wait_for()
        before = _score(page)

        page.reload(wait_until="domcontentloaded")  # a new kernel: nothing kept in memory
        _rendered(page)
        assert _score(page) == before
        assert "Your saved answers are back" in page.locator(".iopkit-app").first.inner_text()

        words = _answer(page, "Inpatient", wait_for="Retry (practice)")
        assert "Retry (practice)" in words  # the same case, answered before the reload
        assert _score(page) == before  # a retry never changes the score
        page.screenshot(path=str(tmp_path / "after_reload.png"))
    finally:
        context.close()
