"""A room of real Unix users on a hub set up like The Littlest JupyterHub.

The hub runs as root; each trainee's server runs as that trainee's own Unix user, in their own
home (local process spawner), from an environment every user can run; the drop box is made by
``iopkit exchange init``. The users are made for this test with ``useradd`` and removed after,
even when it fails. Three trainees answer a case and hand in, in Chromium. Then, as trainee A's
own Unix user: A cannot read B's data folder, database or hand-in, cannot replace B's hand-in;
and the symlink and the forged hand-in A plants are refused by the facilitator's debrief, which
shows exactly the three trainees.
"""

from __future__ import annotations

import json
import os
import pwd
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from unix_users import run_as

from .conftest import log_in, testhub, unix_hub
from .test_hub_workshop import DEBRIEF, _answer, _levels_to_choose

pytestmark = pytest.mark.hub

PEEK = (
    "import sys, os\n"
    "what, path = sys.argv[1], sys.argv[2]\n"
    "try:\n"
    "    if what == 'list': os.listdir(path)\n"
    "    elif what == 'read': open(path, 'rb').read(1)\n"
    "    elif what == 'replace':\n"
    "        tmp = os.path.join(os.path.dirname(path), '.forged.tmp')\n"
    "        open(tmp, 'w').write('{}'); os.replace(tmp, path)\n"
    "    print('ALLOWED')\n"
    "except OSError as e:\n"
    "    print('REFUSED', e.errno)\n"
)


@dataclass(frozen=True)
class Room:
    hub: testhub.Hub
    trainees: tuple[str, ...]
    facilitator: str
    venv: Path
    answers: dict[str, Any]


@pytest.fixture(scope="module")
def unix_room(tmp_path_factory: pytest.TempPathFactory, chromium: Any) -> Iterator[Room]:
    """Users, a shared environment, a drop box, a running hub; three trainees hand in."""
    with unix_hub(tmp_path_factory.mktemp("unixhub"), "iopk") as room:
        hub, trainees = room.hub, room.trainees
        case, choices = _levels_to_choose()
        answers = {}
        for name, (level, _, expected) in zip(trainees, choices, strict=True):
            context, page = log_in(chromium, hub, name)
            try:
                heading, handed_in, *_ = _answer(page, hub, name, level.short)
            except Exception:
                print(hub.log.read_text()[-6000:])  # why a server did not come up
                raise
            finally:
                context.close()
            answers[name] = (case.id, level.value, expected, heading, handed_in)
        yield Room(hub, trainees, room.facilitator, room.venv, answers)


def _meta(room: Room, name: str, key: str) -> str:
    """A value from the trainee's database, read-only (root does not open another user's
    store: the store refuses a folder that is not its user's own)."""
    import sqlite3

    path = room.hub.data_dir(name) / "responses.sqlite3"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return str(conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()[0])


def _handin(room: Room, name: str) -> Path:
    from iopkit.responses import handin_name

    return room.hub.exchange / handin_name(_meta(room, name, "trainee_id"))


def _debrief_page(room: Room, chromium: Any) -> str:
    context, page = log_in(chromium, room.hub, room.facilitator)
    try:
        page.goto(f"{room.hub.url}/user/{room.facilitator}/voila/render/{DEBRIEF}")
        page.get_by_role("heading", name="Case by case").wait_for(timeout=120_000)
        return " ".join(page.inner_text("body").split())
    finally:
        context.close()


def _as(room: Room, user: str, what: str, path: Path) -> str:
    done = run_as(user, PEEK, room.venv, what, str(path))
    assert done.returncode == 0, done.stderr
    return done.stdout.split()[0]


def test_each_trainees_server_runs_as_their_own_unix_user(unix_room: Room) -> None:
    for name, (_, _, expected, heading, handed_in) in unix_room.answers.items():
        assert heading == expected
        assert "Handed in as" in handed_in
        uid = pwd.getpwnam(name).pw_uid
        assert os.stat(unix_room.hub.data_dir(name) / "responses.sqlite3").st_uid == uid
        assert os.stat(_handin(unix_room, name)).st_uid == uid


def test_a_trainees_data_folder_and_database_are_private(unix_room: Room) -> None:
    folder = unix_room.hub.data_dir(unix_room.trainees[0])
    assert oct(os.stat(folder).st_mode & 0o777) == oct(0o700)
    assert oct(os.stat(folder / "responses.sqlite3").st_mode & 0o777) == oct(0o600)


def test_trainee_a_cannot_read_bs_data_folder_database_or_handin(unix_room: Room) -> None:
    a, b = unix_room.trainees[:2]
    data = unix_room.hub.data_dir(b)
    assert _as(unix_room, a, "list", data) == "REFUSED"
    assert _as(unix_room, a, "read", data / "responses.sqlite3") == "REFUSED"
    assert _as(unix_room, a, "read", _handin(unix_room, b)) == "REFUSED"
    assert _as(unix_room, a, "list", unix_room.hub.exchange) == "REFUSED"
    assert _as(unix_room, b, "read", data / "responses.sqlite3") == "ALLOWED"  # B's own


def test_trainee_a_cannot_replace_bs_handin(unix_room: Room) -> None:
    a, b = unix_room.trainees[:2]
    target = _handin(unix_room, b)
    before = target.read_bytes()
    assert _as(unix_room, a, "replace", target) == "REFUSED"
    assert target.read_bytes() == before


def test_the_facilitator_can_read_every_handin(unix_room: Room) -> None:
    for name in unix_room.trainees:
        assert _as(unix_room, unix_room.facilitator, "read", _handin(unix_room, name)) == (
            "ALLOWED"
        )


def test_the_facilitators_debrief_shows_the_three_trainees(unix_room: Room, chromium: Any) -> None:
    words = _debrief_page(unix_room, chromium)
    assert f"{len(unix_room.trainees)} trainees handed in" in words
    for name in unix_room.trainees:
        assert _meta(unix_room, name, "pseudonym") in words
    assert "Traceback" not in words


def _plant(room: Room) -> None:
    """As trainee A: a forged hand-in claiming B's id (as if B's id had leaked), and a link to
    a valid hand-in that only the facilitator can read."""
    a, b = room.trainees[:2]
    forged = json.loads(_handin(room, a).read_text())
    claimed = json.loads(_handin(room, b).read_text())["trainee"]
    forged["trainee"] = claimed
    secret = Path(pwd.getpwnam(room.facilitator).pw_dir) / "kept.json"
    kept = json.loads(_handin(room, a).read_text())
    kept["trainee"] = {"id": "f" * 32, "pseudonym": "Facilitator-Only"}
    secret.write_text(json.dumps(kept))
    fac = pwd.getpwnam(room.facilitator)
    os.chown(secret, fac.pw_uid, fac.pw_gid)
    os.chmod(secret, 0o600)
    code = (
        "import sys, os\n"
        "folder, text, secret = sys.argv[1], sys.argv[2], sys.argv[3]\n"
        "open(os.path.join(folder, 'handin-' + 'e' * 32 + '.json'), 'w').write(text)\n"
        "os.symlink(secret, os.path.join(folder, 'handin-' + 'd' * 32 + '.json'))\n"
    )
    done = run_as(a, code, room.venv, str(room.hub.exchange), json.dumps(forged), str(secret))
    assert done.returncode == 0, done.stderr


def test_the_debrief_refuses_as_planted_link_and_forgery_and_shows_exactly_three_trainees(
    unix_room: Room, chromium: Any
) -> None:
    from iopkit.debrief import debrief_folder

    _plant(unix_room)
    report = debrief_folder(unix_room.hub.exchange)
    assert report.trainees == len(unix_room.trainees)
    words = _debrief_page(unix_room, chromium)
    assert f"{len(unix_room.trainees)} trainees handed in" in words
    for name in unix_room.trainees:
        assert _meta(unix_room, name, "pseudonym") in words
    assert "Facilitator-Only" not in words
    assert "Traceback" not in words
