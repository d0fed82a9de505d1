"""Recorded answers survive: atomic writes, killed processes, concurrent writers, migration."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from iopkit import __version__
from iopkit.responses import (
    CSV_COLUMNS,
    DB_NAME,
    SCHEMA_VERSION,
    HandInError,
    ResponsesError,
    ResponseStore,
    export_csv,
    hand_in,
    handin_name,
    migrate,
    random_pseudonym,
)

ROOT = Path(__file__).resolve().parents[1]


def _child(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()


# --- basics ---------------------------------------------------------------------------------


def test_answers_survive_a_new_store_on_the_same_folder(tmp_path: Path) -> None:
    ResponseStore(tmp_path).record_placement("lena-worry", "", "iop", "iop", True, "very sure", 31)
    again = ResponseStore(tmp_path)
    (row,) = again.rows("placement")
    assert (row["case_id"], row["chosen"], row["correct"], row["confidence"]) == (
        "lena-worry",
        "iop",
        True,
        "very sure",
    )
    assert row["seconds"] == 31.0 and row["attempt"] == 1


def test_database_uses_wal_and_the_current_schema(tmp_path: Path) -> None:
    store = ResponseStore(tmp_path)
    assert store.version == SCHEMA_VERSION
    conn = sqlite3.connect(tmp_path / DB_NAME)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_first_answer_and_retries_are_numbered_per_question(tmp_path: Path) -> None:
    store = ResponseStore(tmp_path)
    first = store.record_placement("a-case", "", "php", "iop", False)
    retry = store.record_placement("a-case", "", "iop", "iop", True)
    stage = store.record_placement("a-case", "week-4", "continue", "continue", True)
    assert (first.first, retry.first, retry.attempt, stage.first) == (True, False, 2, True)
    assert store.record_quiz("pre", "q1", "b", True).first
    assert store.record_quiz("post", "q1", "b", True).first  # another quiz, another question


def test_schedules_and_plans_keep_codes_and_names_never_text(tmp_path: Path) -> None:
    store = ResponseStore(tmp_path)
    store.record_schedule("viktor", "errors", 6, 2, 8, ["below-iop-minimum"], ["no-family"])
    store.record_plan("viktor", "discharge", False, ["warning_signs", "follow_up_days"])
    (week,) = store.rows("schedule")
    (plan,) = store.rows("plan")
    assert week["errors"] == ["below-iop-minimum"] and week["hours"] == 6.0
    assert plan["missing"] == ["warning_signs", "follow_up_days"] and plan["complete"] is False
    assert store.counts().describe().startswith("0 placement answers, 0 quiz answers, 1")


def test_pseudonym_defaults_to_a_pronounceable_one_and_can_be_changed(tmp_path: Path) -> None:
    store = ResponseStore(tmp_path)
    first = store.pseudonym
    assert first == ResponseStore(tmp_path).pseudonym  # kept, not re-drawn
    assert all(part.isalpha() for part in first.split("-"))
    assert random_pseudonym() != random_pseudonym() or random_pseudonym() != first
    assert store.set_pseudonym("  Blue Heron ") == "Blue Heron"
    assert ResponseStore(tmp_path).pseudonym == "Blue Heron"
    with pytest.raises(ValueError, match="2 to 32 letters"):
        store.set_pseudonym("<script>")
    assert store.pseudonym == "Blue Heron"


def test_a_file_that_is_not_a_database_gets_a_clear_error_and_is_left_alone(
    tmp_path: Path,
) -> None:
    (tmp_path / DB_NAME).write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(ResponsesError, match="not a readable answers database"):
        ResponseStore(tmp_path).counts()
    assert (tmp_path / DB_NAME).read_text().startswith("these are my notes")


# --- migration ------------------------------------------------------------------------------


def test_a_database_from_an_older_kit_is_migrated_keeping_every_answer(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, path, upto=1) == 1
    conn.execute(
        "INSERT INTO placement (at, case_id, stage, attempt, chosen, expected, correct, "
        "vignette_version) VALUES ('2026-01-01T09:00:00+00:00', 'old-case', '', 1, 'php', "
        "'iop', 0, 3)"
    )
    conn.execute(
        "INSERT INTO quiz (at, quiz, item, attempt, chosen, correct) "
        "VALUES ('2026-01-01T09:01:00+00:00', 'levels', 'said-goodbye', 1, 'inpatient', 1)"
    )
    conn.execute("INSERT INTO meta (key, value) VALUES ('pseudonym', 'Old Timer')")
    conn.close()

    store = ResponseStore(tmp_path)
    assert store.version == SCHEMA_VERSION
    (old,) = store.rows("placement")
    assert (old["case_id"], old["chosen"], old["vignette_version"]) == ("old-case", "php", 3)
    assert old["confidence"] == "" and old["seconds"] is None  # new columns, old rows kept
    assert store.rows("quiz")[0]["item"] == "said-goodbye"
    assert store.pseudonym == "Old Timer"
    assert store.record_placement("old-case", "", "iop", "iop", True, seconds=5).attempt == 2
    assert store.rows("schedule") == []  # a table the old kit did not have


def test_a_database_from_a_newer_kit_is_refused_and_not_changed(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, path)
    conn.execute("INSERT INTO schema_version VALUES (?, 'later')", (SCHEMA_VERSION + 1,))
    before = list(conn.iterdump())
    conn.close()
    with pytest.raises(ResponsesError, match="from a newer iopkit"):
        ResponseStore(tmp_path).counts()
    conn = sqlite3.connect(path)
    assert list(conn.iterdump()) == before
    conn.close()


# --- real processes -------------------------------------------------------------------------

WRITER = """
import os, sys, time
from iopkit.responses import ResponseStore
store = ResponseStore(sys.argv[1])
tag, n = sys.argv[2], int(sys.argv[3])
if len(sys.argv) > 4:  # a barrier, so that concurrent writers really overlap
    print("ready", flush=True)
    while not os.path.exists(sys.argv[4]):
        time.sleep(0.001)
for i in range(n):
    r = store.record_placement("shared-case", "", tag, "iop", i % 2 == 0, "fairly sure", i)
    print(r.row, flush=True)
"""


def test_a_process_killed_mid_answer_never_corrupts_and_loses_at_most_that_answer(
    tmp_path: Path,
) -> None:
    acknowledged = 0
    for round_ in range(12):
        child = _child(WRITER, str(tmp_path), f"k{round_}", "100000")
        assert child.stdout is not None
        seen = 0
        # Let it write a varying number of answers, then kill -9 mid-stream.
        while seen < 5 + 7 * round_:
            line = child.stdout.readline()
            assert line, child.stderr.read() if child.stderr else "writer stopped"
            seen += 1
        os.kill(child.pid, signal.SIGKILL)
        rest = child.stdout.read()
        child.wait()
        seen += len(rest.split())
        acknowledged += seen
        assert _integrity(tmp_path / DB_NAME) == "ok"
        rows = ResponseStore(tmp_path).counts().placement
        # Every acknowledged answer landed; at most the one in flight is extra.
        assert acknowledged <= rows <= acknowledged + 1
        acknowledged = rows
    attempts = [r["attempt"] for r in ResponseStore(tmp_path).rows("placement")]
    assert attempts == list(range(1, len(attempts) + 1))


def test_two_notebooks_of_one_trainee_writing_at_once_both_land(tmp_path: Path) -> None:
    n = 200
    ResponseStore(tmp_path).counts()  # the notebooks open an existing database
    go = tmp_path / "go"
    writers = [
        _child(WRITER, str(tmp_path), tag, str(n), str(go)) for tag in ("nb02", "nb03", "nb04")
    ]
    for child in writers:  # every writer has started and opened the database ...
        assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    go.touch()  # ... then all of them answer at once
    for child in writers:
        out, err = child.communicate(timeout=180)
        assert child.returncode == 0, err
        assert len(out.split()) == n
    rows = ResponseStore(tmp_path).rows("placement")
    assert len(rows) == 3 * n
    assert {r["chosen"] for r in rows} == {"nb02", "nb03", "nb04"}
    # They did write at the same time: the answers of the three notebooks interleave.
    order = [r["chosen"] for r in rows]
    switches = sum(a != b for a, b in zip(order, order[1:], strict=False))
    assert switches > 3, switches
    # The attempt count and the insert are one transaction: no two answers share a number.
    assert sorted(r["attempt"] for r in rows) == list(range(1, 3 * n + 1))
    assert _integrity(tmp_path / DB_NAME) == "ok"


def test_several_processes_opening_a_new_database_at_once_migrate_it_once(
    tmp_path: Path,
) -> None:
    code = "import sys; from iopkit.responses import ResponseStore\n"
    code += "print(ResponseStore(sys.argv[1]).version)"
    children = [_child(code, str(tmp_path)) for _ in range(4)]
    outs = [c.communicate(timeout=120) for c in children]
    assert [o.strip() for o, _ in outs] == [str(SCHEMA_VERSION)] * 4, outs
    conn = sqlite3.connect(tmp_path / DB_NAME)
    versions = [v for (v,) in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
    conn.close()
    assert versions == list(range(1, SCHEMA_VERSION + 1))


# --- export and hand-in ---------------------------------------------------------------------


def _store_with_answers(folder: Path, pseudonym: str) -> ResponseStore:
    store = ResponseStore(folder)
    store.set_pseudonym(pseudonym)
    store.record_placement("lena-worry", "", "outpatient", "outpatient", True, "guessing", 12, 1)
    store.record_quiz("pre", "iop-days", "b", False)
    return store


def test_export_carries_kit_and_vignette_versions(tmp_path: Path) -> None:
    data = _store_with_answers(tmp_path, "Kestrel").export()
    assert data["kit_version"] == __version__
    assert data["vignette_versions"]["lena-worry"] >= 1
    assert data["trainee"]["pseudonym"] == "Kestrel"
    assert len(data["placement"]) == 1 and len(data["quiz"]) == 1
    text = export_csv(data)
    header, *lines = text.splitlines()
    assert header.split(",") == list(CSV_COLUMNS)
    assert len(lines) == 2 and all(line.endswith(f",Kestrel,{__version__}") for line in lines)


def test_hand_in_needs_an_exchange_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("IOPKIT_EXCHANGE", raising=False)
    store = _store_with_answers(tmp_path / "me", "Kestrel")
    with pytest.raises(HandInError, match="IOPKIT_EXCHANGE is not set"):
        hand_in(store)
    monkeypatch.setenv("IOPKIT_EXCHANGE", str(tmp_path / "nowhere"))
    with pytest.raises(HandInError, match="does not exist"):
        hand_in(store)


def test_hand_in_that_cannot_be_written_says_so(tmp_path: Path) -> None:
    store = _store_with_answers(tmp_path / "me", "Kestrel")
    exchange = tmp_path / "exchange"
    (exchange / handin_name(store.trainee_id)).mkdir(parents=True)  # the name is taken
    with pytest.raises(HandInError, match="Could not write your hand-in"):
        hand_in(store, exchange)
    assert [p.name for p in exchange.iterdir()] == [handin_name(store.trainee_id)]


def test_hand_in_replaces_only_that_trainees_earlier_hand_in(tmp_path: Path) -> None:
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    ana = _store_with_answers(tmp_path / "ana", "Kestrel")
    ben = _store_with_answers(tmp_path / "ben", "Heron")
    first = hand_in(ana, exchange)
    hand_in(ben, exchange)
    ana.record_placement("viktor-alcohol-use", "", "iop", "withdrawal_management", False)
    again = hand_in(ana, exchange)
    assert again.path == first.path
    files = sorted(p.name for p in exchange.iterdir())
    assert files == sorted([handin_name(ana.trainee_id), handin_name(ben.trainee_id)])
    handed = json.loads(first.path.read_text())
    assert handed["trainee"]["pseudonym"] == "Kestrel" and len(handed["placement"]) == 2
    assert "Handed in as Kestrel: 2 placement answers" in again.message()


def test_hand_in_is_atomic_a_reader_never_sees_half_a_file(tmp_path: Path) -> None:
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    store = _store_with_answers(tmp_path / "me", "Kestrel")
    for i in range(40):
        store.record_placement(f"case-{i}", "", "iop", "iop", True)
    target = hand_in(store, exchange).path
    reader = _child(
        """
        import json, sys, time
        end = time.monotonic() + 3
        n = 0
        while time.monotonic() < end:
            json.loads(open(sys.argv[1]).read())  # raises on a torn file
            n += 1
        print(n)
        """,
        str(target),
    )
    deadline = time.monotonic() + 2.5
    while time.monotonic() < deadline:
        hand_in(store, exchange)
    out, err = reader.communicate(timeout=30)
    assert reader.returncode == 0, err
    assert int(out) > 0
    assert [p.name for p in exchange.iterdir()] == [target.name]  # no temporary file left
