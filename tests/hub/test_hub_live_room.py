"""The live room on a hub of real Unix users, in Chromium.

The facilitator opens the live page (notebook 08, Voilà) first. Three trainees, each their own
Unix user, answer the first case of notebook 02 in Voilà and never press **Hand in**: after each
answer the facilitator's page, refreshing by itself, shows one more trainee within 10 seconds.
A ``room.json`` planted by trainee A before the facilitator sets anything is ignored by the
other trainees' players. The facilitator then releases the case's discussion prompts: every
trainee's open player shows them within 10 seconds. As trainee A's own Unix user, the room's
settings can be neither written through the kit nor replaced on disk.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from unix_users import run_as

from .conftest import log_in, unix_hub
from .test_hub_unix_users import PEEK
from .test_hub_workshop import PLACEMENT, _levels_to_choose

pytestmark = pytest.mark.hub

LIVE = "08_live_room.ipynb"
WITHIN_S = 10.0
RELEASE = "Release its discussion prompts to every trainee"
WRITE_ROOM = (
    "import sys\n"
    "from pathlib import Path\n"
    "from iopkit.room import RoomError, RoomSettings, write_room\n"
    "try:\n"
    "    write_room(RoomSettings(hold_others=True), Path(sys.argv[1]))\n"
    "    print('WRITTEN')\n"
    "except RoomError as e:\n"
    "    print('REFUSED', e)\n"
)
PLANT = (
    "import sys, json\n"
    "body = {'format': 'iopkit-room', 'format_version': 1, 'hold_others': True,\n"
    "        'cases': {}, 'spreads': {}, 'updated_at': ''}\n"
    "open(sys.argv[1], 'w').write(json.dumps(body))\n"
)


@dataclass
class LiveRoom:
    trainees: tuple[str, ...]
    facilitator: str
    exchange: Path
    case_title: str
    prompt: str
    seen_after_s: list[float] = field(default_factory=list)
    counts_seen: list[str] = field(default_factory=list)
    planted_ignored: bool = False
    prompt_after_s: dict[str, float] = field(default_factory=dict)
    write_as_trainee: str = ""
    replace_as_trainee: str = ""
    room_after: str = ""
    handins_before_button: int = 0
    page_text: str = ""


def _choose(page: Any, label: str) -> None:
    """Click a choice by its label, whether the app shows it as a radio or a toggle button."""
    radio = page.get_by_role("radio", name=label, exact=True)
    (radio if radio.count() else page.get_by_role("button", name=label, exact=True)).click()


def _open_player(page: Any, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="Check my answer").wait_for(timeout=180_000)


def _answer(page: Any, level: str) -> None:
    _choose(page, level)
    page.get_by_role("button", name="Check my answer").click()
    page.locator("h4.iopkit-correct, h4.iopkit-incorrect, h4.iopkit-defensible").first.wait_for(
        timeout=30_000
    )


def _wait_text(page: Any, selector: str, text: str, seconds: float) -> float | None:
    """Seconds until ``text`` appears in ``selector`` (polling the live page), or None."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if text in " ".join(page.inner_text(selector).split()):
            return time.monotonic() - start
        time.sleep(0.25)
    return None


@pytest.fixture(scope="module")
def live_room(tmp_path_factory: pytest.TempPathFactory, chromium: Any) -> Iterator[LiveRoom]:
    with unix_hub(tmp_path_factory.mktemp("livehub"), "iopl") as unix:
        hub, trainees, exchange, venv = unix.hub, unix.trainees, unix.exchange, unix.venv
        facilitator = unix.facilitator
        case, choices = _levels_to_choose()
        room = LiveRoom(trainees, facilitator, exchange, case.title, case.discussion[0])
        contexts: list[Any] = []
        try:
            fac_context, fac = log_in(chromium, hub, facilitator)
            contexts.append(fac_context)
            fac.goto(f"{hub.url}/user/{facilitator}/voila/render/{LIVE}")
            fac.get_by_text("Last updated").wait_for(timeout=180_000)
            pages = {}
            for n, (name, (level, _, _)) in enumerate(zip(trainees, choices, strict=True), 1):
                context, page = log_in(chromium, hub, name)
                contexts.append(context)
                _open_player(page, f"{hub.url}/user/{name}/voila/render/{PLACEMENT}")
                _answer(page, level.short)
                want = f"{n} trainee{'s' if n > 1 else ''} sending answers"
                took = _wait_text(fac, ".iopkit-live", want, WITHIN_S + 20)
                room.seen_after_s.append(took if took is not None else float("inf"))
                room.counts_seen.append(" ".join(fac.inner_text(".iopkit-status").split()))
                pages[name] = page
            room.handins_before_button = sum(
                1 for p in exchange.iterdir() if p.name.startswith("handin-")
            )
            # A room file planted by trainee A before the facilitator set anything.
            planted = run_as(trainees[0], PLANT, venv, str(exchange / "room.json"))
            assert planted.returncode == 0, planted.stderr
            time.sleep(6)  # two polls of every player
            room.planted_ignored = not any(
                "holding this case" in p.inner_text("body") for p in pages.values()
            )
            # The facilitator releases the first case's prompts (the case answered).
            fac.get_by_text("Pace and reveal", exact=True).click()
            fac.get_by_text(RELEASE).click()
            fac.get_by_text("saved at").wait_for(timeout=30_000)
            for name, page in pages.items():
                took = _wait_text(page, "body", room.prompt[:40], WITHIN_S + 20)
                room.prompt_after_s[name] = took if took is not None else float("inf")
            room.room_after = (exchange / "room.json").read_text()
            kit = next((venv / "lib").glob("python3*/site-packages"))  # the hub's own kit
            done = run_as(trainees[0], WRITE_ROOM, kit, str(exchange / "room.json"))
            room.write_as_trainee = done.stdout + done.stderr
            done = run_as(trainees[0], PEEK, venv, "replace", str(exchange / "room.json"))
            room.replace_as_trainee = done.stdout.split()[0] if done.stdout else done.stderr
            room.page_text = " ".join(fac.inner_text("body").split())
            print(
                "\nlive room: each answer on the facilitator's page after "
                + ", ".join(f"{s:.1f}" for s in room.seen_after_s)
                + " s; released prompts on each trainee's player after "
                + ", ".join(f"{s:.1f}" for s in room.prompt_after_s.values())
                + " s"
            )
            yield room
        finally:
            for context in contexts:
                context.close()


def test_each_answer_reaches_the_facilitators_live_page_within_10_s(
    live_room: LiveRoom,
) -> None:
    assert all(s <= WITHIN_S for s in live_room.seen_after_s), (
        live_room.seen_after_s,
        live_room.counts_seen,
    )
    assert live_room.case_title in live_room.page_text


def test_no_trainee_pressed_hand_in_yet_every_trainee_has_a_file(live_room: LiveRoom) -> None:
    assert live_room.handins_before_button == len(live_room.trainees)


def test_the_projected_page_names_no_trainee(live_room: LiveRoom) -> None:
    for name in live_room.trainees:
        assert name not in live_room.page_text
    assert "Traceback" not in live_room.page_text


def test_a_room_file_planted_by_a_trainee_is_ignored_by_the_others(live_room: LiveRoom) -> None:
    assert live_room.planted_ignored


def test_released_prompts_reach_every_trainees_player_within_10_s(live_room: LiveRoom) -> None:
    assert all(s <= WITHIN_S for s in live_room.prompt_after_s.values()), live_room.prompt_after_s
    settings = json.loads(live_room.room_after)
    assert any(c["prompts"] for c in settings["cases"].values())
    assert settings["hold_others"] is False  # the facilitator's write replaced the planted one


def test_a_trainee_cannot_change_the_rooms_settings(live_room: LiveRoom) -> None:
    assert live_room.write_as_trainee.startswith("REFUSED"), live_room.write_as_trainee
    assert "Only the facilitator" in live_room.write_as_trainee
    assert live_room.replace_as_trainee == "REFUSED"
    assert (live_room.exchange / "room.json").read_text() == live_room.room_after
