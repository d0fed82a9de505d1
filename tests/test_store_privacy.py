"""The answers store is private by construction and tells each storage fault for what it is."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from unix_users import run_as, shared_kit, unix_users

from iopkit.errors import ArgumentTypeError, IopkitError
from iopkit.responses import DB_NAME, ResponsesError, ResponseStore, record_safely
from iopkit.userdata import DataDirError, data_dir


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_data_folder_is_0700_and_database_wal_shm_0600_whatever_the_umask(
    tmp_path: Path, open_umask: None
) -> None:
    folder = tmp_path / "home" / "iopkit"
    store = ResponseStore(folder)
    store.record_placement("lena-worry", "", "iop", "iop", True)
    reader = sqlite3.connect(folder / DB_NAME)  # keeps the WAL and SHM files in place
    try:
        reader.execute("SELECT COUNT(*) FROM placement").fetchone()
        store.record_placement("lena-worry", "", "php", "iop", False)
        assert mode(folder) == 0o700
        for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"):
            assert (folder / name).exists(), name
            assert mode(folder / name) == 0o600, name
    finally:
        reader.close()


def test_an_existing_open_data_folder_and_database_are_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "iopkit"
    ResponseStore(folder).record_quiz("levels", "q1", "a", True)
    os.chmod(folder, 0o755)
    os.chmod(folder / DB_NAME, 0o644)
    ResponseStore(folder).record_quiz("levels", "q1", "b", False)
    assert mode(folder) == 0o700 and mode(folder / DB_NAME) == 0o600


def test_store_never_writes_through_a_database_symlink(tmp_path: Path) -> None:
    elsewhere = tmp_path / "facilitator-only.sqlite3"
    elsewhere.write_bytes(b"")
    folder = tmp_path / "iopkit"
    folder.mkdir(mode=0o700)
    (folder / DB_NAME).symlink_to(elsewhere)
    with pytest.raises(ResponsesError, match="symbolic link") as caught:
        ResponseStore(folder).record_quiz("levels", "q1", "a", True)
    assert caught.value.kind == "unsafe"
    assert elsewhere.read_bytes() == b""


def test_store_never_writes_through_a_wal_symlink(tmp_path: Path) -> None:
    folder = tmp_path / "iopkit"
    folder.mkdir(mode=0o700)
    (folder / f"{DB_NAME}-wal").symlink_to(tmp_path / "planted")
    with pytest.raises(ResponsesError, match="symbolic link"):
        ResponseStore(folder).record_quiz("levels", "q1", "a", True)
    assert not (tmp_path / "planted").exists()


def test_store_refuses_a_data_folder_that_is_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(ResponsesError, match="symbolic link"):
        ResponseStore(tmp_path / "link").record_quiz("levels", "q1", "a", True)
    assert list(real.iterdir()) == []


def test_relative_data_dir_is_refused_saying_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IOPKIT_DATA_DIR", "answers")
    with pytest.raises(DataDirError, match="relative path") as caught:
        data_dir()
    assert isinstance(caught.value, IopkitError)
    saved = record_safely(lambda s: s.record_quiz("levels", "q1", "a", True))
    assert isinstance(saved, str) and "IOPKIT_DATA_DIR" in saved and "full path" in saved


def test_an_explicit_relative_folder_is_fixed_when_the_store_is_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    store = ResponseStore("answers")
    monkeypatch.chdir("/")
    assert store.folder == tmp_path / "answers"


def test_set_pseudonym_refuses_none_instead_of_storing_the_word_none(tmp_path: Path) -> None:
    store = ResponseStore(tmp_path)
    with pytest.raises(ArgumentTypeError):
        store.set_pseudonym(None)  # type: ignore[arg-type]
    assert store.pseudonym != "None"


def test_a_locked_database_is_told_as_locked_without_a_long_stall(tmp_path: Path) -> None:
    store = ResponseStore(tmp_path)
    store.record_quiz("levels", "q1", "a", True)
    holder = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        t0 = time.monotonic()
        with pytest.raises(ResponsesError) as caught:
            ResponseStore(tmp_path).record_quiz("levels", "q1", "b", True)
        elapsed = time.monotonic() - t0
    finally:
        holder.close()
    assert caught.value.kind == "locked"
    assert "locked" in str(caught.value) and "WAL" not in str(caught.value)
    assert elapsed < 12, elapsed


def test_a_database_deleted_mid_session_is_recreated_on_the_next_answer(tmp_path: Path) -> None:
    store = ResponseStore(tmp_path)
    store.record_quiz("levels", "q1", "a", True)
    who = (store.trainee_id, store.pseudonym)
    for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    store.record_quiz("levels", "q2", "b", False)
    assert "had gone" in store.take_notice()
    assert (store.trainee_id, store.pseudonym) == who
    assert [r["item"] for r in ResponseStore(tmp_path).rows("quiz")] == ["q2"]


def test_a_database_moved_aside_mid_session_is_recreated_and_the_trainee_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOPKIT_DATA_DIR", str(tmp_path / "data"))
    assert not isinstance(record_safely(lambda s: s.record_quiz("levels", "q1", "a", True)), str)
    aside = tmp_path / "aside"
    aside.mkdir()
    for name in (DB_NAME, f"{DB_NAME}-wal", f"{DB_NAME}-shm"):
        if (tmp_path / "data" / name).exists():
            (tmp_path / "data" / name).rename(aside / name)
    saved = record_safely(lambda s: s.record_quiz("levels", "q2", "a", True))
    assert isinstance(saved, str) and saved.startswith("your answer was saved")
    assert [r["item"] for r in ResponseStore(tmp_path / "data").rows("quiz")] == ["q2"]
    assert [r["item"] for r in ResponseStore(aside).rows("quiz")] == ["q1"]


def test_garbage_in_place_of_the_database_is_told_as_not_a_database(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"garbage " * 200)
    with pytest.raises(ResponsesError, match="not a readable answers database") as caught:
        ResponseStore(tmp_path).counts()
    assert caught.value.kind == "not_database"


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 1 MiB file system (tmpfs), so SQLite meets a genuinely full disk."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny tmpfs needs root")
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def test_a_full_disk_is_told_as_a_full_disk_not_a_broken_database(tiny_disk: Path) -> None:
    store = ResponseStore(tiny_disk / "iopkit")
    store.record_quiz("levels", "q0", "a", True)
    free = os.statvfs(tiny_disk).f_bavail * os.statvfs(tiny_disk).f_frsize
    (tiny_disk / "filler").write_bytes(b"\0" * max(0, free - 8192))
    with pytest.raises(ResponsesError) as caught:
        for i in range(2000):
            store.record_quiz("levels", f"q{i}", "x" * 2000, True)
    assert caught.value.kind == "full", str(caught.value)
    assert "disk is full" in str(caught.value) and "Move it aside" not in str(caught.value)


def test_another_trainee_cannot_read_my_data_folder_or_database() -> None:
    code = (
        "import sys; from iopkit.responses import ResponseStore\n"
        "s = ResponseStore(sys.argv[1]); s.record_placement('lena-worry', '', 'iop', 'iop', True)\n"
        "print(s.path)\n"
    )
    with unix_users(2) as (alice, bob), shared_kit() as kit:
        folder = f"/home/{alice}/.local/share/iopkit"
        made = run_as(alice, code, kit, folder, umask="000")
        assert made.returncode == 0, made.stderr
        peek = (
            "import sys, os\n"
            "for p in sys.argv[1:]:\n"
            "    try:\n"
            "        open(p, 'rb').read(1) if not os.path.isdir(p) else os.listdir(p)\n"
            "        print('READ', p)\n"
            "    except PermissionError:\n"
            "        print('DENIED', p)\n"
        )
        targets = [folder, f"{folder}/{DB_NAME}", f"{folder}/{DB_NAME}-wal"]
        seen = run_as(bob, peek, kit, *targets)
        assert seen.returncode == 0, seen.stderr
        assert seen.stdout.split() == [w for t in targets for w in ("DENIED", t)]
        owner = run_as(alice, peek, kit, *targets)
        assert "DENIED" not in owner.stdout


def test_a_read_only_folder_is_told_as_read_only() -> None:
    code = (
        "import sys, json; from iopkit.responses import ResponseStore, ResponsesError\n"
        "try:\n"
        "    ResponseStore(sys.argv[1]).record_quiz('levels', 'q1', 'a', True)\n"
        "except ResponsesError as e:\n"
        "    print(json.dumps([e.kind, str(e)]))\n"
    )
    with unix_users(1) as (alice,), shared_kit() as kit:
        locked = Path(f"/home/{alice}/locked")
        locked.mkdir()
        os.chmod(locked, 0o555)
        done = run_as(alice, code, kit, str(locked / "iopkit"))
        assert done.returncode == 0, done.stderr
        kind, message = json.loads(done.stdout)
        assert kind == "read_only" and "read-only" in message, message


def test_an_apps_export_is_0600_in_a_0700_folder_whatever_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, open_umask: None
) -> None:
    from iopkit.exports import write_export

    monkeypatch.setenv("IOPKIT_DATA_DIR", str(tmp_path / "data"))
    path = write_export("week", "week", ".yaml", "lena-worry")
    assert mode(path) == 0o600
    assert mode(tmp_path / "data") == 0o700 and mode(path.parent) == 0o700
