"""The answers database's layout: its tables, its version, and the migrations between versions.

The schema has a version table; opening a database written by an older kit migrates it in one
transaction, keeping every row. A database from a *newer* kit is left untouched and refused
with a clear message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import time
from pathlib import Path

from iopkit.responses.faults import ResponsesError, explain

#: How long a write waits for another notebook of the same trainee (a write takes
#: milliseconds); past it the database counts as locked and the trainee is told so.
BUSY_TIMEOUT_S = 5.0


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


#: Each migration brings the schema from version ``i`` to ``i + 1``; never edit a released one,
#: add the next. Version 1 is the first released layout (placement and quiz answers only).
MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE placement (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        case_id TEXT NOT NULL,
        stage TEXT NOT NULL DEFAULT '',
        attempt INTEGER NOT NULL,
        chosen TEXT NOT NULL,
        expected TEXT NOT NULL,
        correct INTEGER NOT NULL,
        vignette_version INTEGER
    );
    CREATE TABLE quiz (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        quiz TEXT NOT NULL,
        item TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        chosen TEXT NOT NULL,
        correct INTEGER NOT NULL
    );
    """,
    # 1 -> 2: confidence and time taken, schedules and plans
    """
    ALTER TABLE placement ADD COLUMN confidence TEXT NOT NULL DEFAULT '';
    ALTER TABLE placement ADD COLUMN seconds REAL;
    CREATE TABLE schedule (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        case_id TEXT NOT NULL DEFAULT '',
        verdict TEXT NOT NULL,
        hours REAL NOT NULL,
        days INTEGER NOT NULL,
        weeks INTEGER NOT NULL,
        errors TEXT NOT NULL DEFAULT '[]',
        warnings TEXT NOT NULL DEFAULT '[]'
    );
    CREATE TABLE plan (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        case_id TEXT NOT NULL DEFAULT '',
        stage TEXT NOT NULL DEFAULT '',
        complete INTEGER NOT NULL,
        missing TEXT NOT NULL DEFAULT '[]'
    );
    CREATE INDEX placement_question ON placement (case_id, stage);
    CREATE INDEX quiz_question ON quiz (quiz, item);
    """,
    # 2 -> 3: the grade beside "correct" (key, defensible, not_right; '' when not recorded)
    """
    ALTER TABLE placement ADD COLUMN grade TEXT NOT NULL DEFAULT '';
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The schema version of an open database (0 for a new, empty one)."""
    has = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_version'"
    ).fetchone()
    if not has:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _switch_to_wal(conn: sqlite3.Connection, path: Path) -> None:
    """Put the database in WAL mode, waiting while another process holds it.

    The switch needs the database to itself for a moment: while another notebook is creating
    or migrating the same new file, SQLite answers "locked" or leaves the old mode in place.
    Both are retried until the busy timeout; past it the database counts as locked (a
    :class:`ResponsesError` of kind ``locked``, saying so).
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]).lower()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            mode = ""
        if mode == "wal":
            return
        if time.monotonic() >= deadline:
            locked = sqlite3.OperationalError("database is locked")
            raise explain(locked, Path(path), "open the answers database")
        time.sleep(0.05)


def migrate(conn: sqlite3.Connection, path: Path | str, upto: int = SCHEMA_VERSION) -> int:
    """Bring a database to schema ``upto`` in one exclusive transaction; return the version.

    Two processes opening the same new database at once both call this: the second waits for
    the first's lock, then finds nothing left to do.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version "
            "(version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)"
        )
        current = schema_version(conn)
        if current > SCHEMA_VERSION:
            raise ResponsesError(
                f"{path}: the answers database is from a newer iopkit (schema {current}; this "
                f"kit reads up to {SCHEMA_VERSION}). Update iopkit; the file was not changed.",
                kind="newer",
            )
        for version in range(current, upto):
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                (version + 1, _now()),
            )
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(sqlite3.Error):  # a failed ROLLBACK must not hide why
            conn.execute("ROLLBACK")
        raise
    return max(current, upto)
