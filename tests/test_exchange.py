"""The hand-in folder is a drop box: trainees add their own file, cannot list the folder or
read, replace or delete anyone else's, and the facilitator reads them all. Proven with real
Unix users (made for the test, removed after)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from unix_users import run_as, shared_kit, unix_users

from iopkit.cli import main
from iopkit.errors import ArgumentTypeError, IopkitError
from iopkit.exchange import DROPBOX_MODE, ExchangeError, check_exchange, init_exchange
from iopkit.responses import (
    HandInError,
    ResponseStore,
    export_csv,
    hand_in,
    handin_name,
)

HAND_IN = (
    "import sys, json\n"
    "from iopkit.responses import ResponseStore, hand_in, HandInError\n"
    "s = ResponseStore(sys.argv[1])\n"
    "s.record_placement('lena-worry', '', 'iop', 'iop', True)\n"
    "try:\n"
    "    r = hand_in(s, sys.argv[2])\n"
    "    print(json.dumps({'ok': str(r.path), 'id': s.trainee_id}))\n"
    "except HandInError as e:\n"
    "    print(json.dumps({'error': str(e)}))\n"
)

TRY = (
    "import sys, os, json\n"
    "what, path = sys.argv[1], sys.argv[2]\n"
    "try:\n"
    "    if what == 'list': os.listdir(path)\n"
    "    elif what == 'read': open(path, 'rb').read(1)\n"
    "    elif what == 'replace':\n"
    "        tmp = os.path.join(os.path.dirname(path), 'forged.tmp')\n"
    "        open(tmp, 'w').write('{}'); os.replace(tmp, path)\n"
    "    elif what == 'delete': os.unlink(path)\n"
    "    print('ALLOWED')\n"
    "except OSError as e:\n"
    "    print('REFUSED', e.errno)\n"
)


@pytest.fixture
def open_dir() -> Iterator[Path]:
    """A folder every user can enter (pytest's own tmp folder is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="iopkit-exchange-", dir="/tmp"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_exchange_init_makes_a_3733_drop_box_owned_by_the_facilitators_group(
    open_dir: Path,
) -> None:
    with unix_users(1, "iopf") as (facilitator,):
        report = init_exchange(open_dir / "handins", owner=facilitator)
        info = os.stat(open_dir / "handins")
        import grp
        import pwd

        user = pwd.getpwnam(facilitator)
        assert stat.S_IMODE(info.st_mode) == DROPBOX_MODE
        assert (info.st_uid, info.st_gid) == (user.pw_uid, user.pw_gid)
        assert grp.getgrgid(info.st_gid).gr_name == facilitator
        assert report.ok, report.lines()
        assert any("created" in c for c in report.changes)


def test_exchange_check_reports_a_listable_folder_without_sticky_bit(open_dir: Path) -> None:
    folder = open_dir / "handins"
    folder.mkdir()
    os.chmod(folder, 0o777)
    code, out, err = cli("exchange", "check", str(folder))
    assert code == 1
    assert "can list the folder" in err and "no sticky bit" in err and "set-group-id" in err


def test_exchange_init_repairs_an_existing_folder_and_check_then_passes(open_dir: Path) -> None:
    folder = open_dir / "handins"
    folder.mkdir()
    os.chmod(folder, 0o777)
    code, out, _ = cli("exchange", "init", str(folder))
    assert code == 0, out
    assert "mode 3733" in out and "ready as a hand-in folder" in out
    assert cli("exchange", "check", str(folder))[0] == 0


def test_exchange_check_refuses_a_symlink_and_a_file(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "file").write_text("x")
    assert "symbolic link" in check_exchange(tmp_path / "link").problems[0]
    assert "is a file" in check_exchange(tmp_path / "file").problems[0]
    with pytest.raises(ExchangeError, match="symbolic link"):
        init_exchange(tmp_path / "link")


def test_exchange_check_finds_a_parent_trainees_cannot_enter(open_dir: Path) -> None:
    closed = open_dir / "closed"
    closed.mkdir(mode=0o700)
    os.chmod(closed, 0o700)
    report = init_exchange(closed / "handins")
    assert not report.ok
    assert any("cannot reach" in p and str(closed) in p for p in report.problems)


def test_exchange_init_per_trainee_makes_the_trainees_folder(open_dir: Path) -> None:
    report = init_exchange(open_dir / "vol", per_trainee=True)
    assert (open_dir / "vol" / "trainees").is_dir() and report.ok
    (open_dir / "vol" / "handin-x.json").write_text("{}")
    notes = check_exchange(open_dir / "vol", per_trainee=True).notes
    assert any("count for nobody" in n for n in notes)


def test_trainees_cannot_list_read_replace_or_delete_each_others_handins(open_dir: Path) -> None:
    with unix_users(3) as (facilitator, alice, bob), shared_kit() as kit:
        exchange = open_dir / "handins"
        try:
            assert init_exchange(exchange, owner=facilitator).ok
            handed: dict[str, dict[str, str]] = {}
            for name in (alice, bob):
                done = run_as(name, HAND_IN, kit, f"/home/{name}/data", str(exchange))
                assert done.returncode == 0, done.stderr
                handed[name] = json.loads(done.stdout)
                assert "ok" in handed[name], handed[name]
            bobs = str(exchange / handin_name(handed[bob]["id"]))
            for what, target in (
                ("list", str(exchange)),
                ("read", bobs),
                ("replace", bobs),
                ("delete", bobs),
            ):
                seen = run_as(alice, TRY, kit, what, target).stdout.split()
                assert seen[0] == "REFUSED", (what, seen)
            for name in (alice, bob):
                mine = str(exchange / handin_name(handed[name]["id"]))
                seen = run_as(facilitator, TRY, kit, "read", mine).stdout.split()
                assert seen == ["ALLOWED"], (name, seen)
            assert run_as(facilitator, TRY, kit, "list", str(exchange)).stdout.split() == [
                "ALLOWED"
            ]
            data = json.loads(Path(bobs).read_text())
            assert data["trainee"]["id"] == handed[bob]["id"]  # not replaced by alice
        finally:
            shutil.rmtree(exchange, ignore_errors=True)


def test_a_handin_is_readable_by_the_facilitator_whatever_the_trainees_umask(
    open_dir: Path,
) -> None:
    with unix_users(2) as (facilitator, alice), shared_kit() as kit:
        exchange = open_dir / "handins"
        try:
            init_exchange(exchange, owner=facilitator)
            done = run_as(alice, HAND_IN, kit, f"/home/{alice}/data", str(exchange), umask="077")
            result = json.loads(done.stdout)
            assert "ok" in result, result
            info = os.stat(result["ok"])
            assert stat.S_IMODE(info.st_mode) == 0o640
            assert info.st_gid == os.stat(exchange).st_gid
            seen = run_as(facilitator, TRY, kit, "read", result["ok"]).stdout.split()
            assert seen == ["ALLOWED"]
        finally:
            shutil.rmtree(exchange, ignore_errors=True)


def test_a_dropbox_under_a_folder_the_trainee_cannot_enter_is_told(open_dir: Path) -> None:
    with unix_users(1) as (alice,), shared_kit() as kit:
        closed = open_dir / "closed"
        try:
            (closed / "handins").mkdir(parents=True)
            os.chmod(closed, 0o700)
            done = run_as(alice, HAND_IN, kit, f"/home/{alice}/data", str(closed / "handins"))
            result = json.loads(done.stdout)
            assert "not allowed into" in result["error"] and str(closed) in result["error"]
        finally:
            shutil.rmtree(closed, ignore_errors=True)


def test_exchange_naming_a_file_is_told_as_a_file_not_missing(tmp_path: Path) -> None:
    (tmp_path / "handins").write_text("x")
    with pytest.raises(HandInError, match="is a file, not a folder"):
        hand_in(ResponseStore(tmp_path / "data"), tmp_path / "handins")


def test_a_very_long_exchange_path_is_told(tmp_path: Path) -> None:
    with pytest.raises(HandInError, match="too long"):
        hand_in(ResponseStore(tmp_path / "data"), tmp_path / ("x" * 300))


def test_an_oversize_handin_is_refused_before_it_is_written(tmp_path: Path) -> None:
    store = ResponseStore(tmp_path / "data")
    store.record_plan("case-0", "", False, ["relapse_signs"])
    exchange = tmp_path / "handins"
    exchange.mkdir()
    missing = '["relapse_signs"]'
    rows = [("2026-12-07T00:00:00", f"case-{i:07d}", "", 0, missing) for i in range(60_000)]
    with sqlite3.connect(store.path) as conn:  # a big database, written in one go
        conn.executemany(
            "INSERT INTO plan (at, case_id, stage, complete, missing) VALUES (?,?,?,?,?)", rows
        )
    with pytest.raises(HandInError, match="MiB"):
        hand_in(store, exchange)
    assert list(exchange.iterdir()) == []


def test_hand_in_refuses_wrong_argument_types(tmp_path: Path) -> None:
    with pytest.raises(ArgumentTypeError):
        hand_in("not a store", tmp_path)  # type: ignore[arg-type]


def test_every_kit_exception_is_an_iopkit_error() -> None:
    import inspect
    import pkgutil

    import iopkit

    found = []
    for info in pkgutil.walk_packages(iopkit.__path__, "iopkit."):
        if ".widgets" in info.name or info.name.endswith("__main__"):
            continue  # the faces raise nothing of their own
        module = __import__(info.name, fromlist=["_"])
        for _, cls in inspect.getmembers(module, inspect.isclass):
            public = not cls.__name__.startswith("_")  # a private signal caught inside
            if issubclass(cls, BaseException) and cls.__module__.startswith("iopkit") and public:
                found.append(cls)
    names = {cls.__name__ for cls in found}
    assert {"ResponsesError", "HandInError", "DebriefError", "HandoutError"} <= names
    assert [cls for cls in found if not issubclass(cls, IopkitError)] == []


def test_handout_refuses_a_bare_id_and_a_non_bool_answer_key() -> None:
    from iopkit.handout import handout_html

    with pytest.raises(ArgumentTypeError, match="list of case ids"):
        handout_html("lena-worry")  # type: ignore[arg-type]
    with pytest.raises(ArgumentTypeError, match="answer_key"):
        handout_html(["lena-worry"], answer_key="no")  # type: ignore[arg-type]


@pytest.mark.parametrize("command", ["handout", "debrief", "responses"])
@pytest.mark.parametrize("out", [".", "/", "", "some/folder/"])
def test_out_refuses_folders_and_empty_names_with_a_message(
    command: str, out: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOPKIT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "some" / "folder").mkdir(parents=True)
    args = {
        "handout": ["handout", "--out", out],
        "debrief": ["debrief", str(tmp_path), "--out", out],
        "responses": ["responses", "export", "--out", out],
    }[command]
    code, _, err = cli(*args)
    assert code == 1
    assert err.startswith("--out:") and "Traceback" not in err


def test_responses_export_file_is_0600_whatever_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOPKIT_DATA_DIR", str(tmp_path / "data"))
    old = os.umask(0)
    try:
        assert cli("responses", "export", "--out", str(tmp_path / "mine.csv"))[0] == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "mine.csv").st_mode) == 0o600


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(start: str) -> None:
    data = {
        "trainee": {"id": "x", "pseudonym": f"{start}cmd|' /C calc'!A0"},
        "kit_version": "0.1.0",
        "placement": [{"case_id": f"{start}HYPERLINK(1)", "chosen": "iop", "attempt": 1}],
    }
    rows = list(csv.reader(io.StringIO(export_csv(data), newline="")))[1:]
    cells = [cell for row in rows for cell in row]
    shown = start.replace("\r", "\\r")  # a bare CR is written as the two characters \r
    assert f"'{shown}HYPERLINK(1)" in cells and f"'{shown}cmd|' /C calc'!A0" in cells
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


@pytest.mark.parametrize("case", ["file", "missing", "unexpected", "ok"])
def test_the_hand_in_button_shows_every_outcome(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iopkit.widgets import workshop

    exchange = tmp_path / "handins"
    if case == "file":
        exchange.write_text("x")
    elif case != "missing":
        exchange.mkdir()
    monkeypatch.setenv("IOPKIT_EXCHANGE", str(exchange))
    if case == "unexpected":

        def broken(*_: object) -> None:
            raise RuntimeError("the disk controller fell over")

        monkeypatch.setattr(workshop, "hand_in", broken)
    button = workshop.HandInButton(ResponseStore(tmp_path / "data"))
    button.button.click()
    shown = button.message.value
    expected = {
        "file": "is a file, not a folder",
        "missing": "does not exist",
        "unexpected": "the disk controller fell over",
        "ok": "Handed in as",
    }[case]
    assert expected in shown, shown
