"""A room on a real JupyterHub: three trainees answer a placement case code-free in Voilà and
hand in; the facilitator's debrief then shows the room.

Each trainee logs in through the hub's login page in a browser context of its own, reaches the
Voilà view of the placement notebook on its own single-user server, answers the first case,
reads the feedback and presses "Hand in". The facilitator (a hub admin) then opens the Voilà
view of the debrief notebook, which reads the shared hand-in folder. The expected verdicts and
debrief figures come from the same code run in this process.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import pytest

from .conftest import TRAINEES, log_in

pytestmark = pytest.mark.hub

PLACEMENT = "02_placement_decisions.ipynb"
DEBRIEF = "06_facilitator_debrief.ipynb"


@dataclass(frozen=True)
class Answer:
    trainee: str
    case: str  # the case's id
    level: str  # the level's short label, as on the button
    value: str  # the level's value, as recorded
    correct: bool
    expected: str  # the verdict heading the same app gives in this process
    heading: str  # the verdict heading the page showed
    handed_in: str  # what the page said after "Hand in"
    seconds: dict[str, float]


def _levels_to_choose() -> tuple[Any, list[tuple[Any, bool, str]]]:
    """The first case, and per trainee a level (the key, then two wrong ones), whether it is
    correct, and the verdict heading the app shows for it."""
    from iopkit.grading import Grade, grade_placement
    from iopkit.vignettes import load_library
    from iopkit.widgets import PlacementCasePlayer

    player = PlacementCasePlayer(load_library())  # the same app in-process: the first case
    case = player.current
    assert case is not None
    wrong = [  # "not right" levels: a defensible one has a heading of its own
        level
        for level in case.feedback
        if level is not case.expected_level
        and grade_placement(case, level).grade is Grade.NOT_RIGHT
    ]
    choices = []
    for level in [case.expected_level, *wrong[: len(TRAINEES) - 1]]:
        result = grade_placement(case, level)
        mark = "\u2714" if result.correct else "\u2716"
        choices.append((level, result.correct, f"{mark} {result.verdict}: you chose {level.label}"))
    return case, choices


def _answer(page: Any, hub: Any, name: str, level: str) -> tuple[str, str, float, float]:
    t0 = time.monotonic()
    page.goto(f"{hub.url}/user/{name}/voila/render/{PLACEMENT}")
    check = page.get_by_role("button", name="Check my answer")
    check.wait_for(timeout=120_000)  # Voilà runs every cell first
    t1 = time.monotonic()
    page.get_by_role("radio", name=level, exact=True).check()
    check.click()
    heading = page.locator("h4.iopkit-correct, h4.iopkit-incorrect").first
    heading.wait_for(timeout=30_000)
    click = time.monotonic() - t1
    page.get_by_role("button", name="Hand in", exact=True).click()
    receipt = page.get_by_text("Handed in as")
    receipt.wait_for(timeout=30_000)
    words = " ".join(heading.inner_text().split()), " ".join(receipt.inner_text().split())
    return *words, t1 - t0, click


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
            heading, handed_in, render, click = _answer(page, hub, name, level.short)
            title = shown.evaluate("e => e.options[e.selectedIndex].text")
            assert " ".join(title.split()) == case.title
        finally:
            context.close()
        seconds = {"login": login, "voila": render, "click": click}
        answers[name] = Answer(
            name, case.id, level.short, level.value, correct, expected, heading, handed_in, seconds
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


def test_each_trainee_hands_in_one_file_to_the_shared_exchange(
    hub: Any, room: dict[str, Answer]
) -> None:
    from iopkit.responses import ResponseStore, handin_name

    stores = {name: ResponseStore(hub.data_dir(name)) for name in room}
    expected = sorted(handin_name(store.trainee_id) for store in stores.values())
    assert sorted(p.name for p in hub.exchange.iterdir()) == expected  # no temporary file left
    for name, answer in room.items():
        store = stores[name]
        receipt = f"Handed in as {store.pseudonym}: 1 placement answer"
        assert receipt in answer.handed_in, answer.handed_in
        data = json.loads((hub.exchange / handin_name(store.trainee_id)).read_text())
        assert data["trainee"] == {"id": store.trainee_id, "pseudonym": store.pseudonym}
        assert [(r["case_id"], r["chosen"]) for r in data["placement"]] == [
            (answer.case, answer.value)
        ]


def test_the_facilitators_debrief_shows_the_three_trainees_answers(
    hub: Any, chromium: Any, room: dict[str, Answer]
) -> None:
    from iopkit.debrief import debrief_folder
    from iopkit.levels import Level
    from iopkit.responses import ResponseStore

    report = debrief_folder(hub.exchange)  # the same report, built in this process
    case = next(c for c in report.cases if c.answers)
    assert report.trainees == len(TRAINEES) and case.answers == len(TRAINEES)

    t0 = time.monotonic()
    context, page = log_in(chromium, hub, "facilitator")
    try:
        t1 = time.monotonic()
        page.goto(f"{hub.url}/user/facilitator/voila/render/{DEBRIEF}")
        page.get_by_role("heading", name="Case by case").wait_for(timeout=120_000)
        words = " ".join(page.inner_text("body").split())
        print(f"facilitator login {t1 - t0:.2f}s debrief {time.monotonic() - t1:.2f}s")
    finally:
        context.close()
    assert f"{len(TRAINEES)} trainees handed in" in words
    for name in room:
        assert ResponseStore(hub.data_dir(name)).pseudonym in words
    assert f"{len(TRAINEES)} placement answers" in words
    assert dict(case.chosen) == {a.value: 1 for a in room.values()}  # one level per trainee
    spread = "; ".join(f"{Level(k).short} {n}" for k, n in case.chosen.items())
    assert f"{case.title} {Level(case.key).short} {len(TRAINEES)}" in words
    assert spread in words
    assert "Traceback" not in words
