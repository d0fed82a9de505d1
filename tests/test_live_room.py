"""The live room: answers reach the drop box by themselves, the facilitator's page shows them,
and the facilitator's pace and reveal reach the trainees' players.

Each test is a room in miniature: a trainee's player and store (its own data folder), a drop
box made like ``iopkit exchange init`` makes it (sticky, setgid), the facilitator's page in the
same process. Ownership rules are proven by changing a file's owner (the suite runs as root in
CI); the real-users hub test (tests/hub/test_hub_live_room.py) proves them across users.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from iopkit.debrief_intake import read_exchange
from iopkit.grading import Grade, grade_placement
from iopkit.levels import Level
from iopkit.live_room import DropBoxReader
from iopkit.responses import ResponseStore, default_store, handin_name
from iopkit.responses.live import LiveSync
from iopkit.room import (
    ROOM_FILE,
    CaseRoom,
    RoomError,
    RoomSettings,
    Spread,
    read_room,
    room_from_json,
    write_room,
)
from iopkit.vignettes import load_library

NOBODY = 65534  # a uid that is not the facilitator's


@pytest.fixture
def dropbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "handins"
    folder.mkdir()
    os.chmod(folder, 0o3733)  # as `iopkit exchange init` leaves it
    monkeypatch.setenv("IOPKIT_EXCHANGE", str(folder))
    monkeypatch.delenv("IOPKIT_ROOM", raising=False)
    monkeypatch.delenv("IOPKIT_LIVE", raising=False)
    return folder


def _answer(player, level: Level) -> None:  # type: ignore[no-untyped-def]
    from iopkit.levels import WithdrawalSetting

    player.choice.value = level
    if level is Level.WITHDRAWAL_MANAGEMENT:
        player.setting.value = WithdrawalSetting.AMBULATORY
    player._on_submit()


def _wrong_level(case) -> Level:  # type: ignore[no-untyped-def]
    return next(lv for lv in case.feedback if grade_placement(case, lv).grade is Grade.NOT_RIGHT)


# --- answers reach the drop box without Hand in ---------------------------------------------


def test_an_answer_reaches_the_drop_box_within_seconds_without_pressing_hand_in(
    dropbox: Path,
) -> None:
    from iopkit.widgets import PlacementCasePlayer

    player = PlacementCasePlayer()
    case = player.current
    started = time.monotonic()
    _answer(player, case.expected_level)
    store = default_store()
    assert store.live is not None and store.live.wait_sent(10)
    took = time.monotonic() - started
    handin = dropbox / handin_name(store.trainee_id)
    data = json.loads(handin.read_text())
    assert [row["case_id"] for row in data["placement"]] == [case.id]
    assert took < 10, f"the answer took {took:.1f} s to reach the drop box"


def test_answers_given_together_go_in_one_write(dropbox: Path, tmp_path: Path) -> None:
    store = ResponseStore(tmp_path / "trainee")
    sync = LiveSync(store, dropbox, delay=0.5)
    store.on_record(sync.answer_recorded)
    writes: list[float] = []
    original = sync._send

    def counted() -> bool:
        writes.append(time.monotonic())
        return original()

    sync._send = counted  # type: ignore[method-assign]
    for item in ("a", "b", "c"):
        store.record_quiz("levels", item, "x", True)
    assert sync.wait_sent(10)
    assert len(writes) == 1
    data = json.loads((dropbox / handin_name(store.trainee_id)).read_text())
    assert [r["item"] for r in data["quiz"]] == ["a", "b", "c"]


def test_a_failed_send_keeps_the_answer_says_why_and_is_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import iopkit.responses.live as live

    monkeypatch.setattr(live, "RETRY_S", 0.2)
    missing = tmp_path / "not-yet"
    store = ResponseStore(tmp_path / "trainee")
    sync = LiveSync(store, missing, delay=0.1)
    store.on_record(sync.answer_recorded)
    store.record_quiz("levels", "a", "x", True)
    deadline = time.monotonic() + 5
    while not sync.status.problem and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "does not exist" in sync.status.problem
    assert "saved on this computer" in sync.status.describe()
    assert store.counts().quiz == 1  # the answer is kept
    missing.mkdir()
    assert sync.wait_sent(5), "the retry never sent the answer once the folder existed"
    assert sync.status.problem == ""
    assert (missing / handin_name(store.trainee_id)).exists()


def test_live_sending_can_be_turned_off(dropbox: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOPKIT_LIVE", "0")
    store = default_store()
    store.record_quiz("levels", "a", "x", True)
    time.sleep(0.3)
    assert store.live is not None and store.live.wait_sent(0)  # nothing was waiting
    assert not any(dropbox.iterdir())


def test_free_text_never_reaches_the_drop_box(dropbox: Path) -> None:
    store = default_store()
    store.save_draft("plan", "case", {"text": "Mrs Example at 12 Any Street"})
    store.record_plan("case", "", False, ("medication",))
    assert store.live is not None and store.live.wait_sent(10)
    text = (dropbox / handin_name(store.trainee_id)).read_text()
    assert "Any Street" not in text and "medication" in text


# --- the room file: only the facilitator's counts -------------------------------------------


def test_the_room_file_round_trips_and_is_readable_by_every_trainee(dropbox: Path) -> None:
    settings = RoomSettings(
        {"a-case": CaseRoom(held=True), "b-case": CaseRoom(prompts=True, spread=True)},
        spreads={"b-case": Spread(3, {"iop": 2, "php": 1})},
    )
    written = write_room(settings)
    assert written.updated_at
    assert oct((dropbox / ROOM_FILE).stat().st_mode & 0o777) == "0o644"
    read, problem = read_room()
    assert problem == "" and read == written
    assert read.held("a-case") and not read.prompts_released("a-case")
    assert read.spread_for("b-case") == Spread(3, {"iop": 2, "php": 1})
    assert read.spread_for("a-case") is None


def test_a_room_file_planted_by_someone_else_is_ignored(dropbox: Path) -> None:
    write_room(RoomSettings({"a-case": CaseRoom(held=True)}))
    os.chown(dropbox / ROOM_FILE, NOBODY, NOBODY)  # a trainee's file, not the facilitator's
    settings, problem = read_room()
    assert settings == RoomSettings()
    assert "not written by the facilitator" in problem


def test_a_room_file_others_could_change_is_ignored(dropbox: Path) -> None:
    write_room(RoomSettings({"a-case": CaseRoom(held=True)}))
    os.chmod(dropbox / ROOM_FILE, 0o666)
    assert "could be changed by others" in read_room()[1]
    os.chmod(dropbox / ROOM_FILE, 0o644)
    os.chmod(dropbox, 0o777)  # a folder where anyone may replace the file
    assert "could be changed by others" in read_room()[1]


def test_a_link_as_room_file_is_ignored(dropbox: Path, tmp_path: Path) -> None:
    real = tmp_path / "elsewhere.json"
    real.write_text(RoomSettings({"a-case": CaseRoom(held=True)}).to_json())
    (dropbox / ROOM_FILE).symlink_to(real)
    settings, problem = read_room()
    assert settings == RoomSettings() and "link" in problem


def test_only_the_owner_of_the_folder_can_write_the_room(dropbox: Path) -> None:
    os.chown(dropbox, NOBODY, NOBODY)
    with pytest.raises(RoomError, match="Only the facilitator"):
        write_room(RoomSettings())
    assert not (dropbox / ROOM_FILE).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"format": "other"}, "format"),
        ({"cases": {"a-case": {"held": "yes"}}}, "cases.a-case.held"),
        ({"cases": {"../../etc": {}}}, "cases"),
        ({"spreads": {"a-case": {"answers": -1, "counts": {}}}}, "spreads.a-case"),
        ({"spreads": {"a-case": {"answers": 1, "counts": {"iop": 1.5}}}}, "spreads.a-case"),
        ({"hold_others": 1}, "hold_others"),
    ],
)
def test_a_malformed_room_file_names_the_field_and_changes_nothing(
    change: dict[str, object], field: str
) -> None:
    body = json.loads(RoomSettings().to_json()) | change
    with pytest.raises(RoomError) as caught:
        room_from_json(json.dumps(body))
    assert f"{ROOM_FILE}: {field}" in str(caught.value)
    assert "not applied" in str(caught.value)


def test_the_debrief_does_not_read_the_room_file_as_a_hand_in(dropbox: Path) -> None:
    write_room(RoomSettings({"a-case": CaseRoom(held=True)}))
    got = read_exchange(dropbox)
    assert got.problems == () and got.refused == () and len(got) == 0


# --- the trainee's player ---------------------------------------------------------------------


def test_a_held_case_shows_no_story_and_takes_no_answer_until_opened(dropbox: Path) -> None:
    from iopkit.widgets import PlacementCasePlayer

    player = PlacementCasePlayer()
    case = player.current
    write_room(RoomSettings({case.id: CaseRoom(held=True)}))
    assert player.room.poll()
    assert player.vignette.layout.display == "none"
    assert player.submit.disabled and player.choice.disabled
    assert "holding this case" in player.room.note.value
    player.choice.value = case.expected_level
    player._on_submit()
    assert default_store().counts().placement == 0
    write_room(RoomSettings({case.id: CaseRoom(held=False)}))
    assert player.room.poll()
    assert player.vignette.layout.display == "" and not player.submit.disabled
    assert player.room.note.value == ""
    _answer(player, case.expected_level)
    assert default_store().counts().placement == 1


def test_hold_every_case_holds_cases_not_yet_listed(dropbox: Path) -> None:
    settings = RoomSettings({"a-case": CaseRoom(prompts=True)}).holding_all(True)
    assert settings.held("a-case") and settings.held("any-other-case")
    assert not settings.holding_all(False).held("any-other-case")


def test_released_prompts_show_only_after_the_trainees_own_answer(dropbox: Path) -> None:
    from iopkit.widgets import PlacementCasePlayer

    player = PlacementCasePlayer()
    case = player.current
    assert case.discussion
    spread = Spread(4, {case.expected_level.value: 3, _wrong_level(case).value: 1})
    write_room(
        RoomSettings({case.id: CaseRoom(prompts=True, spread=True)}, spreads={case.id: spread})
    )
    player.room.poll()
    before = player.room.released.value
    assert "answer it first" in before
    assert case.discussion[0] not in before and "How the room answered" not in before
    _answer(player, _wrong_level(case))
    after = player.room.released.value
    assert case.discussion[0].replace("'", "&#x27;") in after
    assert "How the room answered" in after and "4 first answers so far" in after
    assert "the author&#x27;s answer" in after  # the key is marked, by the one grading path


def test_a_spread_is_shown_only_when_the_facilitator_releases_it(dropbox: Path) -> None:
    from iopkit.widgets import PlacementCasePlayer

    player = PlacementCasePlayer()
    case = player.current
    spread = Spread(2, {case.expected_level.value: 2})
    write_room(RoomSettings({case.id: CaseRoom(prompts=True)}, spreads={case.id: spread}))
    _answer(player, case.expected_level)
    player.room.poll()
    assert case.discussion[0][:20].replace("'", "&#x27;") in player.room.released.value
    assert "How the room answered" not in player.room.released.value


# --- the facilitator's live page --------------------------------------------------------------


def _trainee_answers(folder: Path, case_id: str, chosen: list[str], tmp: Path) -> list[str]:
    """Hand-ins from len(chosen) trainees, each answering ``case_id`` once, as the live sender
    writes them; returns the pseudonyms."""
    from iopkit.grading import grade_answer
    from iopkit.responses import hand_in

    v = load_library().get(case_id)
    names = []
    for i, value in enumerate(chosen):
        store = ResponseStore(tmp / f"trainee{i}")
        grade = grade_answer(v, case_id, value)
        store.record_placement(
            case_id,
            "",
            value,
            v.expected_level.value,
            grade is Grade.KEY,
            "very sure",
            30.0,
            v.version,
            grade.value,
        )
        hand_in(store, folder)
        names.append(store.pseudonym)
    return names


def test_the_live_page_shows_the_rooms_first_answers_against_the_key(
    dropbox: Path, tmp_path: Path
) -> None:
    from iopkit.widgets.live import LiveRoomPage

    case = load_library().vignettes[0]
    wrong = _wrong_level(case).value
    names = _trainee_answers(dropbox, case.id, [case.expected_level.value, wrong, wrong], tmp_path)
    page = LiveRoomPage()
    text = page.view.value
    assert "3 trainees sending answers" in text
    assert case.title.replace("'", "&#x27;") in text
    assert "3 trainees answered: 33% chose the author" in text
    assert "2 of them confidently not right" in text
    assert "Cases the room finds hardest" in text
    assert case.discussion[0].replace("'", "&#x27;") in text
    assert "Last updated" in text
    assert not any(n in text for n in names), "a pseudonym was shown without being asked for"
    page.pseudonyms.value = True
    assert all(n in page.view.value for n in names)


def test_the_live_page_sees_a_new_answer_at_its_next_refresh(dropbox: Path, tmp_path: Path) -> None:
    from iopkit.widgets.live import LiveRoomPage

    case = load_library().vignettes[0]
    page = LiveRoomPage()
    assert "No answers yet" in page.view.value
    _trainee_answers(dropbox, case.id, [case.expected_level.value], tmp_path)
    page.refresh()
    assert "1 trainee sending answers" in page.view.value


def test_the_drop_box_is_read_again_only_when_a_file_changed(dropbox: Path, tmp_path: Path) -> None:
    case = load_library().vignettes[0]
    _trainee_answers(dropbox, case.id, [case.expected_level.value], tmp_path)
    reader = DropBoxReader(dropbox)
    assert reader.read()[1] is True
    assert reader.read()[1] is False
    _trainee_answers(dropbox, case.id, [case.expected_level.value], tmp_path / "more")
    handins, changed = reader.read()
    assert changed and len(handins) == 2


def test_the_facilitators_controls_write_the_room_and_publish_the_spread(
    dropbox: Path, tmp_path: Path
) -> None:
    from iopkit.widgets.live import LiveRoomPage

    case = load_library().vignettes[0]
    wrong = _wrong_level(case).value
    page = LiveRoomPage()
    page.case.value = case.id
    assert page.spread.disabled  # the spread goes with the prompts
    page.prompts.value = True
    page.spread.value = True
    settings, _ = read_room()
    assert settings.prompts_released(case.id) and settings.spread_for(case.id) is None
    _trainee_answers(dropbox, case.id, [wrong, wrong], tmp_path)
    page.refresh()  # the spread follows the answers as they arrive
    settings, _ = read_room()
    assert settings.spread_for(case.id) == Spread(2, {wrong: 2})
    page.hold.value = True
    assert read_room()[0].held(case.id)
    assert case.title in page.summary.value
    page.open_all.click()
    assert not read_room()[0].held(case.id)
    page.hold_all.click()
    assert read_room()[0].held("any-case-at-all")


def test_a_facilitator_who_does_not_own_the_folder_is_told_and_nothing_changes(
    dropbox: Path,
) -> None:
    from iopkit.widgets.live import LiveRoomPage

    page = LiveRoomPage()
    os.chown(dropbox, NOBODY, NOBODY)
    page.case.value = page.case.options[0][1]
    page.hold.value = True
    assert "Only the facilitator" in page.saved.value
    assert page.hold.value is False  # the control shows what is really in force
    assert not (dropbox / ROOM_FILE).exists()


def test_the_live_page_without_a_drop_box_says_how_to_set_one_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from iopkit.widgets.live import LiveRoomPage

    monkeypatch.delenv("IOPKIT_EXCHANGE", raising=False)
    page = LiveRoomPage()
    assert "IOPKIT_EXCHANGE" in page.view.value and "Traceback" not in page.view.value


def test_the_hand_in_button_says_when_answers_last_reached_the_facilitator(
    dropbox: Path,
) -> None:
    from iopkit.widgets import HandInButton

    button = HandInButton()
    assert "a few seconds after each one" in button.synced.value
    store = default_store()
    store.record_quiz("levels", "a", "x", True)
    assert store.live is not None and store.live.wait_sent(10)
    button.show_sync()
    assert "last reached your facilitator at" in button.synced.value


def test_a_replaced_hand_in_is_parsed_again_and_the_old_reading_is_dropped(
    dropbox: Path, tmp_path: Path
) -> None:
    from iopkit.responses import hand_in

    case = load_library().vignettes[0]
    _trainee_answers(dropbox, case.id, [case.expected_level.value], tmp_path / "a")
    store = ResponseStore(tmp_path / "b")
    store.record_quiz("levels", "first", "x", True)
    hand_in(store, dropbox)
    reader = DropBoxReader(dropbox)
    assert sum(len(r.quiz) for r in reader.read()[0].exports) == 1
    for item in ("second", "third"):
        store.record_quiz("levels", item, "x", True)
        hand_in(store, dropbox)  # the trainee's file replaced, as the live sender does
        handins, changed = reader.read()
        assert changed
    assert sum(len(r.quiz) for r in handins.exports) == 3
    assert len(reader._parsed) == 2  # one reading per file in the folder, no stale ones


def test_an_answer_waiting_to_be_sent_is_sent_when_the_kernel_exits(
    dropbox: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from iopkit.responses import ResponseStore\n"
        "from iopkit.responses.live import LiveSync\n"
        "store = ResponseStore(sys.argv[1])\n"
        "sync = LiveSync(store, Path(sys.argv[2]), delay=60)\n"
        "store.on_record(sync.answer_recorded)\n"
        "store.record_quiz('levels', 'a', 'x', True)\n"
        "print(store.trainee_id)\n"  # and exit at once, long before the 60 s wait
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "trainee"), str(dropbox)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[1],
    )
    assert done.returncode == 0, done.stderr
    handin = dropbox / handin_name(done.stdout.strip())
    assert json.loads(handin.read_text())["quiz"][0]["item"] == "a"
