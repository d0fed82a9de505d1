"""The case player's buttons in a real Chromium: primary buttons the width of their words,
not stretched across the page, and not faded when they can be pressed."""

from __future__ import annotations

from typing import Any

from tests.browser.test_voila_pages import Render, browser_context, fresh  # noqa: F401

PLAYER = "02_placement_decisions.ipynb"


def _box(page: Any, name: str) -> dict[str, float]:
    button = page.get_by_role("button", name=name, exact=True).first
    box = button.bounding_box()
    assert box is not None, f"{name} is not on the page"
    return box


def test_check_my_answer_and_next_stage_are_not_stretched_and_look_pressable(
    fresh: Render,  # noqa: F811
) -> None:
    page = fresh(PLAYER)
    app = page.locator(".iopkit-app").first.bounding_box()
    assert app is not None
    answer = page.get_by_role("button", name="Check my answer", exact=True).first
    assert _box(page, "Check my answer")["width"] < app["width"] / 3
    assert float(answer.evaluate("b => getComputedStyle(b).opacity")) == 1.0
    # answer the first case, so that Next case (and for a staged case Next stage) can be pressed
    page.get_by_role("radio", name="IOP", exact=True).first.check()
    answer.click()
    next_case = page.get_by_role("button", name="Next case", exact=True).first
    next_case.wait_for()
    assert _box(page, "Next case")["width"] < app["width"] / 3
    assert float(next_case.evaluate("b => getComputedStyle(b).opacity")) == 1.0
    assert "mod-primary" in (next_case.get_attribute("class") or "")
