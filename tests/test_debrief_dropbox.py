"""One trainee, one hand-in: the debrief knows who handed a file in from the file, not its words.

The shared-server tests create real Unix users with ``useradd`` (removed afterwards, even when a
test fails) and a sticky drop box as the guide sets it up; the files those users plant are owned
by them, as on a real server.
"""

from __future__ import annotations

import html
import io
import json
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from iopkit.cli import main
from iopkit.debrief import build_debrief, read_exchange
from iopkit.debrief_intake import REFUSALS
from iopkit.responses import TABLES

SAMPLE = Path(__file__).resolve().parents[1] / "notebooks" / "sample-exchange"
GOOD = sorted(SAMPLE.glob("handin-*.json"))


def handin(tid: str, pseudonym: str, exported_at: str = "2026-03-02T12:00:00+00:00") -> str:
    data: dict[str, Any] = json.loads(GOOD[0].read_text("utf-8"))
    data["trainee"] = {"id": tid, "pseudonym": pseudonym}
    data["exported_at"] = exported_at
    return json.dumps(data)


def put(folder: Path, name: str, text: str, owner: int | None = None) -> Path:
    path = folder / name
    path.write_text(text)
    if owner is not None:
        os.chown(path, owner, owner)
    return path


def refusals(problems: tuple[str, ...], reason: str) -> list[str]:
    return [p for p in problems if p.endswith(REFUSALS[reason])]


# --- one laptop (one owner) and links ------------------------------------------------------------


def test_on_one_laptop_every_hand_in_by_the_reader_counts_as_today(tmp_path: Path) -> None:
    put(tmp_path, "handin-aa.json", handin("aa", "Ash"))
    put(tmp_path, "copy of ash.json", handin("aa", "Ash", "2026-03-02T13:00:00+00:00"))
    put(tmp_path, "birch.json", handin("bb", "Birch"))
    handins = read_exchange(tmp_path)
    assert [r.trainee_id for r in handins.exports] == ["aa", "bb"]
    assert handins.exports[0].exported_at.startswith("2026-03-02T13")
    assert handins.problems == () and handins.refused_summary() == ""


def test_a_link_is_never_followed_and_reads_the_same_whatever_it_points_to(
    tmp_path: Path,
) -> None:
    drop, outside = tmp_path / "drop", tmp_path / "facilitator-only"
    drop.mkdir()
    outside.mkdir()
    real = put(outside, "handin-cc.json", handin("cc", "Cedar"))
    os.symlink(real, drop / "handin-cc.json")
    os.symlink(outside / "absent.json", drop / "a.json")
    os.symlink("/etc/shadow", drop / "b.json")
    put(drop, "handin-dd.json", handin("dd", "Dogwood"))
    handins = read_exchange(drop)
    assert [r.pseudonym for r in handins.exports] == ["Dogwood"]
    assert sorted(handins.problems) == sorted(
        f"{drop / n}: {REFUSALS['link']}" for n in ("a.json", "b.json", "handin-cc.json")
    )
    assert handins.refused_summary() == f"3 file(s) refused: 3 {REFUSALS['link']}."


def test_a_fifo_or_a_folder_named_like_a_hand_in_is_not_counted_and_does_not_hang(
    tmp_path: Path,
) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    (tmp_path / "folder.json").mkdir()
    put(tmp_path, "handin-ee.json", handin("ee", "Elm"))
    handins = read_exchange(tmp_path)
    assert len(handins) == 1
    assert len(refusals(handins.problems, "not-a-file")) == 2


def test_a_hard_link_is_not_counted(tmp_path: Path) -> None:
    elsewhere = put(tmp_path, "elsewhere", handin("ff", "Fir"))
    (tmp_path / "drop").mkdir()
    os.link(elsewhere, tmp_path / "drop" / "handin-ff.json")
    handins = read_exchange(tmp_path / "drop")
    assert len(handins) == 0 and refusals(handins.problems, "hard-link")


# --- Zero to JupyterHub: every pod one user, a sub-folder per trainee -----------------------------


def test_each_trainees_sub_folder_plays_the_owners_part(tmp_path: Path) -> None:
    for name in ("alice", "bob"):
        (tmp_path / name).mkdir()
    put(tmp_path / "alice", "handin-a1.json", handin("a1", "Alice", "2026-03-02T09:00:00+00:00"))
    put(tmp_path / "alice", "handin-a2.json", handin("a2", "Forged"))
    os.utime(tmp_path / "alice" / "handin-a1.json", (1, 1))
    put(tmp_path / "bob", "handin-b1.json", handin("b1", "Bob"))
    handins = read_exchange(tmp_path)
    assert [r.pseudonym for r in handins.exports] == ["Forged", "Bob"]
    assert refusals(handins.problems, "other-id") == [
        f"{tmp_path / 'alice' / 'handin-a1.json'}: {REFUSALS['other-id']}"
    ]


def test_a_trainee_id_in_two_trainees_folders_counts_for_neither(tmp_path: Path) -> None:
    for name in ("alice", "bob"):
        (tmp_path / name).mkdir()
        put(tmp_path / name, "handin-zz.json", handin("zz", name.capitalize()))
    handins = read_exchange(tmp_path)
    assert len(handins) == 0 and len(refusals(handins.problems, "shared-id")) == 2


# --- a shared server: real Unix users, a sticky drop box ------------------------------------------


@pytest.fixture
def users() -> Iterator[tuple[int, int]]:
    """Two real Unix users, removed afterwards whatever happens."""
    if os.geteuid() != 0 or shutil.which("useradd") is None:
        pytest.skip("creating Unix users needs root and useradd")
    names = [f"iopkit-{secrets.token_hex(3)}-{c}" for c in "ab"]
    try:
        uids = []
        for name in names:
            subprocess.run(["useradd", "--no-create-home", name], check=True)
            uids.append(int(subprocess.check_output(["id", "-u", name], text=True)))
        yield uids[0], uids[1]
    finally:
        for name in names:
            subprocess.run(["userdel", name], check=False, capture_output=True)


@pytest.fixture
def dropbox() -> Iterator[Path]:
    """A drop box as the guide makes it: the facilitator's, sticky, writable by all (in a
    folder other users can enter, unlike pytest's own temporary folders)."""
    parent = Path(tempfile.mkdtemp(prefix="iopkit-dropbox-", dir="/tmp"))
    try:
        os.chmod(parent, 0o711)
        folder = parent / "drop"
        folder.mkdir()
        os.chmod(folder, 0o1733)
        yield folder
    finally:
        shutil.rmtree(parent)


def as_user(uid: int, *argv: str) -> None:
    """Run a command as the Unix user ``uid`` (what a trainee can do in a shell on the hub)."""
    name = pwd.getpwuid(uid).pw_name
    subprocess.run(["runuser", "-u", name, "--", *argv], check=True, capture_output=True)


def test_one_unix_user_counts_once_however_many_hand_ins_they_drop(
    users: tuple[int, int], dropbox: Path
) -> None:
    a, b = users
    for i in range(30):
        put(dropbox, f"handin-a{i:02d}.json", handin(f"a{i:02d}", f"Multiple {i}"), owner=a)
    put(dropbox, "handin-b.json", handin("b", "Birch"), owner=b)
    handins = read_exchange(dropbox)
    assert len(handins) == 2
    assert len(refusals(handins.problems, "other-id")) == 29
    assert "29 file(s) refused: 29 its owner already handed in" in handins.refused_summary()


def test_a_hand_in_forged_under_another_trainees_id_is_refused(
    users: tuple[int, int], dropbox: Path
) -> None:
    a, b = users
    put(dropbox, "handin-bbbb.json", handin("bbbb", "Birch"), owner=b)
    put(dropbox, "handin-aaaa.json", handin("aaaa", "Ash"), owner=a)
    forged = put(
        dropbox, "handin-bbbb-2.json", handin("bbbb", "Birch", "2027-01-01T00:00:00"), owner=a
    )
    handins = read_exchange(dropbox)
    d = build_debrief(handins)
    n = sum(len(v) for k, v in json.loads(GOOD[0].read_text()).items() if k in TABLES)
    assert d.pseudonyms == (("Ash", n), ("Birch", n))
    assert [r.exported_at for r in handins.exports if r.trainee_id == "bbbb"] == [
        "2026-03-02T12:00:00+00:00"
    ]
    assert refusals(handins.problems, "name") == [f"{forged}: {REFUSALS['name']}"]
    assert "1 file(s) refused" in d.refused


def test_links_and_forgeries_a_trainee_plants_in_a_shell_are_refused(
    users: tuple[int, int], dropbox: Path
) -> None:
    if shutil.which("runuser") is None:
        pytest.skip("runuser is needed to act as the trainee")
    a, b = users
    secret = dropbox.parent / "secret"
    secret.mkdir(mode=0o700)
    put(secret, "handin-ffff.json", handin("ffff", "Facilitator"))
    put(dropbox, "handin-bbbb.json", handin("bbbb", "Birch"), owner=b)
    staged = dropbox.parent / "staged"
    staged.mkdir(mode=0o755)
    put(staged, "own.json", handin("aaaa", "Ash")).chmod(0o644)
    put(staged, "forged.json", handin("bbbb", "Birch", "2027-01-01T00:00:00")).chmod(0o644)
    as_user(a, "ln", "-s", str(secret / "handin-ffff.json"), str(dropbox / "handin-ffff.json"))
    as_user(a, "ln", "-s", str(secret / "absent.json"), str(dropbox / "handin-eeee.json"))
    as_user(a, "cp", str(staged / "own.json"), str(dropbox / "handin-aaaa.json"))
    as_user(a, "cp", str(staged / "forged.json"), str(dropbox / "handin-bbbb-2.json"))
    with pytest.raises(subprocess.CalledProcessError):  # the sticky bit: B's file stays B's
        as_user(a, "cp", str(staged / "forged.json"), str(dropbox / "handin-bbbb.json"))
    handins = read_exchange(dropbox)
    d = build_debrief(handins)
    assert [(r.pseudonym, r.exported_at[:4]) for r in handins.exports] == [
        ("Ash", "2026"),
        ("Birch", "2026"),
    ]
    assert sorted(handins.problems) == [
        f"{dropbox / 'handin-bbbb-2.json'}: {REFUSALS['name']}",
        f"{dropbox / 'handin-eeee.json'}: {REFUSALS['link']}",
        f"{dropbox / 'handin-ffff.json'}: {REFUSALS['link']}",
    ]
    assert (
        d.refused == (f"3 file(s) refused: 2 {REFUSALS['link']}; 1 {REFUSALS['name']}.")
        and html.escape(d.refused) in d.to_html()
    )


def test_the_debrief_command_says_how_many_files_were_refused_and_why(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    put(drop, "handin-aa.json", handin("aa", "Ash"))
    os.symlink("/etc/shadow", drop / "handin-zz.json")
    os.mkfifo(drop / "handin-yy.json")
    out, err = io.StringIO(), io.StringIO()
    code = main(["debrief", str(drop), "--out", str(tmp_path / "r.html")], out=out, err=err)
    assert code == 0 and "debrief of 1 hand-in " in out.getvalue()
    assert (
        f"2 file(s) refused: 1 {REFUSALS['link']}; 1 {REFUSALS['not-a-file']}."
        in err.getvalue().splitlines()
    )
