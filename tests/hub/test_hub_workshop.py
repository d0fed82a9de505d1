"""A room on a real JupyterHub: three trainees answer a placement case code-free in Voilà.

Each trainee logs in through the hub's login page in a browser context of its own, reaches the
Voilà view of the placement notebook on its own single-user server, answers the first case
and reads the feedback. The expected verdicts come from the same app run in this process.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import pytest

from .conftest import TRAINEES, log_in

pytestmark = pytest.mark.hub

PLACEMENT = "02_placement_decisions.ipynb"


@dataclass(frozen=True)
class Answer:
    trainee: str
    case: str  # the case's id
    level: str  # the level's short label, as on the button
    value: str  # the level's value, as recorded
    correct: bool
    expected: str  # the verdict heading the same app gives in this process
    heading: str  # the verdict heading the page showed
    seconds: dict[str, float]


def _levels_to_choose() -> tuple[Any, list[tuple[Any, bool, str]]]:
    """The first case, and per trainee a level (the key, then two wrong ones), whether it is
    correct, and the verdict heading the app shows for it."""
    from iopkit.grading import grade_placement
    from iopkit.vignettes import load_library
    from iopkit.widgets import PlacementCasePlayer

    player = PlacementCasePlayer(load_library())  # the same app in-process: the first case
    case = player.current
    assert case is not None
    wrong = [level for level in case.feedback if level is not case.expected_level]
    choices = []
    for level in [case.expected_level, *wrong[: len(TRAINEES) - 1]]:
        result = grade_placement(case, level)
        mark = "\u2714" if result.correct else "\u2716"
        choices.append((level, result.correct, f"{mark} {result.verdict}: you chose {level.label}"))
    return case, choices


def _answer(page: Any, hub: Any, name: str, level: str) -> tuple[str, float, float]:
    t0 = time.monotonic()
    page.goto(f"{hub.url}/user/{name}/voila/render/{PLACEMENT}")
    check = page.get_by_role("button", name="Check my answer")
    check.wait_for(timeout=120_000)  # Voilà runs every cell first
    t1 = time.monotonic()
    page.get_by_role("button", name=level, exact=True).click()
    check.click()
    heading = page.locator("h4.iopkit-correct, h4.iopkit-incorrect").first
    heading.wait_for(timeout=30_000)
    return " ".join(heading.inner_text().split()), t1 - t0, time.monotonic() - t1


@pytest.fixture(scope="module")
def room(hub: Any, chromium: Any) -> dict[str, Answer]:
    """Every trainee logs in and answers the first case, one after the other."""
    case, choices = _levels_to_choose()
    answers = {}
    for name, (level, correct, expected) in zip(TRAINEES, choices, strict=True):
        t0 = time.monotonic()
        context, page = log_in(chromium, hub, name)
        try:
            login = time.monotonic() - t0
            shown = page.get_by_label("Case", exact=True)
            heading, render, click = _answer(page, hub, name, level.short)
            title = shown.evaluate("e => e.options[e.selectedIndex].text")
            assert " ".join(title.split()) == case.title
        finally:
            context.close()
        seconds = {"login": login, "voila": render, "click": click}
        answers[name] = Answer(
            name, case.id, level.short, level.value, correct, expected, heading, seconds
        )
        print(name, " ".join(f"{k} {v:.2f}s" for k, v in seconds.items()))
    return answers


def test_each_trainee_answers_a_case_in_voila_on_their_own_server(room: dict[str, Answer]) -> None:
    assert set(room) == set(TRAINEES)
    for answer in room.values():
        assert answer.heading == answer.expected, answer
    assert [a.correct for a in room.values()].count(True) == 1


def test_each_answer_is_kept_in_that_trainees_own_database(
    hub: Any, room: dict[str, Answer]
) -> None:
    from iopkit.responses import ResponseStore

    ids = set()
    for name, answer in room.items():
        store = ResponseStore(hub.data_dir(name))  # the server's IOPKIT_DATA_DIR
        assert store.path.is_file()
        rows = [
            (r["case_id"], r["stage"], r["chosen"], bool(r["correct"]))
            for r in store.rows("placement")
        ]
        assert rows == [(answer.case, "", answer.value, answer.correct)]
        ids.add(store.trainee_id)
    assert len(ids) == len(TRAINEES)
