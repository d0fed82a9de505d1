"""A trainee's answers, kept in SQLite so they survive a closed notebook or a killed kernel.

One database per trainee, ``responses.sqlite3`` in :func:`iopkit.userdata.data_dir`. What is
recorded, and nothing else (no free text that could hold patient details):

* the trainee's **pseudonym** (chosen in notebook 00, a random pronounceable one by default)
  and a random trainee id that names their hand-in;
* each **placement answer** (case, stage or admission, attempt number so first answers and
  retries can be told apart, the level or decision chosen, the key, right or not, the stated
  confidence, seconds taken, the case's version);
* each **quiz answer** (quiz, item, option chosen, right or not);
* each **schedule a trainee checked** (case, verdict, hours and days a week, weeks, the codes
  of the rules it broke);
* each **plan check** (case, complete or not, the names of the missing parts, never the text).

Writes are atomic: every answer is one SQLite transaction in WAL mode, so a kernel killed in
the middle of an answer loses at most that answer and never corrupts the database, and two
notebooks of one trainee can write at once (SQLite serialises them; a busy timeout waits).
The schema has a version table; opening a database written by an older kit migrates it in one
transaction, keeping every row. A database from a *newer* kit is left untouched and refused
with a clear message.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import re
import secrets
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from iopkit.handins import (
    EXPORT_FORMAT,
    EXPORT_FORMAT_VERSION,
    TABLES,
    HandInProblem,
    handin_text,
)
from iopkit.userdata import EXCHANGE_ENV, data_dir, exchange_dir
from iopkit.words import count

_T = TypeVar("_T")

DB_NAME = "responses.sqlite3"
BUSY_TIMEOUT_S = 15.0

#: What each table holds, in the words the README and notebook 00 use.
RECORDED: tuple[tuple[str, str], ...] = (
    ("Pseudonym", "the name you choose here (or the random one), and a random id"),
    (
        "Placement answers",
        "case, stage, first answer or retry, level or decision chosen, right, defensible or "
        "not right, confidence, seconds taken",
    ),
    (
        "Quiz answers",
        "quiz, question, option chosen, right or not; a random number that sets which "
        "version of the check you take first and the order of its options",
    ),
    ("Schedules you check", "case, verdict, hours and days a week, weeks, rules broken"),
    ("Plan checks", "case, complete or not, names of the missing parts (never your text)"),
    (
        "Work in progress",
        "the week and the plan you are building for each case, so that they come back "
        "(kept in your own folder, never handed in)",
    ),
)


class RecordedNotice:
    """What the kit records, as a table a trainee can read (and one line of plain text)."""

    def _repr_html_(self) -> str:
        from iopkit.render.debrief import recorded_notice_html

        return recorded_notice_html()

    def __repr__(self) -> str:
        return "What the kit records: " + "; ".join(f"{k}: {v}" for k, v in RECORDED)


# --- Schema and migrations --------------------------------------------------------------------

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


class ResponsesError(Exception):
    """The answers database cannot be used; the message says which file and what to do."""


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


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
    Both are retried until the busy timeout; only then is it an error.
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
            raise ResponsesError(f"{path}: SQLite could not switch to WAL mode (it stayed busy)")
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
                f"kit reads up to {SCHEMA_VERSION}). Update iopkit; the file was not changed."
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
        conn.execute("ROLLBACK")
        raise
    return max(current, upto)


# --- Pseudonyms -------------------------------------------------------------------------------

_ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z")
_VOWELS = ("a", "e", "i", "o", "u")
_PSEUDONYM = re.compile(r"^[A-Za-z][A-Za-z0-9 _-]{1,31}$")


def random_pseudonym() -> str:
    """A random pronounceable name such as ``Mirato-Kelu`` (about 2**30 possibilities)."""

    def word(syllables: int) -> str:
        return "".join(
            secrets.choice(_ONSETS) + secrets.choice(_VOWELS) for _ in range(syllables)
        ).capitalize()

    return f"{word(3)}-{word(2)}"


def check_pseudonym(name: str) -> str:
    """A pseudonym with spaces trimmed, or ``ValueError`` saying what is allowed.

    >>> check_pseudonym("  Blue Heron ")
    'Blue Heron'
    >>> check_pseudonym("x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Pseudonym: 'x' is not allowed; use 2 to 32 letters, digits, spaces, hyphens...
    """
    text = str(name).strip()
    if not _PSEUDONYM.match(text):
        raise ValueError(
            f"Pseudonym: {text!r} is not allowed; use 2 to 32 letters, digits, spaces, "
            "hyphens or underscores, starting with a letter"
        )
    return text


# --- The store --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """How many answers of each kind a database holds."""

    placement: int
    quiz: int
    schedule: int
    plan: int

    @property
    def total(self) -> int:
        return self.placement + self.quiz + self.schedule + self.plan

    def describe(self) -> str:
        return (
            f"{count(self.placement, 'placement answer')}, {count(self.quiz, 'quiz answer')}, "
            f"{count(self.schedule, 'checked schedule')}, {count(self.plan, 'plan check')}"
        )


class ResponseStore:
    """A trainee's answers database (created, and migrated, when first opened).

    >>> import tempfile
    >>> store = ResponseStore(tempfile.mkdtemp())
    >>> store.record_placement("lena-worry", "", "iop", "iop", True, seconds=42.0).attempt
    1
    >>> store.record_placement("lena-worry", "", "php", "iop", False).attempt
    2
    >>> store.counts().placement
    2
    """

    def __init__(self, folder: Path | str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else data_dir()
        self.path = self.folder / DB_NAME
        self._ready = False

    # connection handling

    def _open(self) -> sqlite3.Connection:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise ResponsesError(
                f"{self.path}: cannot open the answers database ({exc}). Check that the "
                "folder exists and is writable, or set IOPKIT_DATA_DIR to another folder."
            ) from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            _switch_to_wal(conn, self.path)
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable across process crashes
            conn.execute("PRAGMA foreign_keys = ON")
            if not self._ready:
                migrate(conn, self.path)
                self._ready = True
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise ResponsesError(
                f"{self.path}: not a readable answers database ({exc}). Move it aside and "
                "the kit starts a new one."
            ) from exc
        except BaseException:
            conn.close()
            raise
        return conn

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands, or none of it."""
        conn = self._open()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise ResponsesError(f"{self.path}: could not save the answer ({exc})") from exc
        finally:
            conn.close()

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        conn = self._open()
        try:
            conn.row_factory = sqlite3.Row
            return list(conn.execute(sql, params))
        except sqlite3.Error as exc:
            raise ResponsesError(f"{self.path}: could not read the answers ({exc})") from exc
        finally:
            conn.close()

    @property
    def version(self) -> int:
        conn = self._open()
        try:
            return schema_version(conn)
        finally:
            conn.close()

    # identity

    def _meta(self, key: str) -> str | None:
        rows = self._read("SELECT value FROM meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def _meta_default(self, key: str, make: Any) -> str:
        value = self._meta(key)
        if value is not None:
            return value
        with self._tx() as conn:
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, make()))
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0])

    @property
    def trainee_id(self) -> str:
        """A random id, made once, that names this trainee's hand-in."""
        return self._meta_default("trainee_id", lambda: uuid.uuid4().hex)

    @property
    def knowledge_seed(self) -> int:
        """The seed, drawn once, that sets this trainee's knowledge-check forms and option order."""
        from iopkit.learning_quiz import new_seed  # lazy: the store loads no quiz until asked

        return int(self._meta_default("knowledge_seed", lambda: str(new_seed())))

    @property
    def pseudonym(self) -> str:
        """The chosen pseudonym (a random pronounceable one until the trainee picks one)."""
        return self._meta_default("pseudonym", random_pseudonym)

    def set_pseudonym(self, name: str) -> str:
        """Keep ``name`` as the pseudonym (``ValueError`` when it is not allowed)."""
        text = check_pseudonym(name)
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('pseudonym', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (text,),
            )
        return text

    # recording

    def record_placement(
        self,
        case_id: str,
        stage: str,
        chosen: str,
        expected: str,
        correct: bool,
        confidence: str = "",
        seconds: float | None = None,
        vignette_version: int | None = None,
        grade: str = "",
    ) -> Recorded:
        """One placement answer (``stage`` is ``""`` for the admission question); ``grade`` is
        what :func:`iopkit.grading.grade_answer` said (``correct`` is ``grade == "key"``)."""
        with self._tx() as conn:
            (n,) = conn.execute(
                "SELECT COUNT(*) FROM placement WHERE case_id = ? AND stage = ?", (case_id, stage)
            ).fetchone()
            cur = conn.execute(
                "INSERT INTO placement (at, case_id, stage, attempt, chosen, expected, correct, "
                "vignette_version, confidence, seconds, grade) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    _now(),
                    case_id,
                    stage,
                    n + 1,
                    chosen,
                    expected,
                    int(correct),
                    vignette_version,
                    confidence or "",
                    None if seconds is None else round(float(seconds), 1),
                    grade,
                ),
            )
        return Recorded("placement", int(cur.lastrowid or 0), n + 1)

    def record_quiz(self, quiz: str, item: str, chosen: str, correct: bool) -> Recorded:
        """One quiz answer (``quiz`` names the quiz: ``levels``, ``pre`` or ``post``)."""
        with self._tx() as conn:
            (n,) = conn.execute(
                "SELECT COUNT(*) FROM quiz WHERE quiz = ? AND item = ?", (quiz, item)
            ).fetchone()
            cur = conn.execute(
                "INSERT INTO quiz (at, quiz, item, attempt, chosen, correct) VALUES (?,?,?,?,?,?)",
                (_now(), quiz, item, n + 1, chosen, int(correct)),
            )
        return Recorded("quiz", int(cur.lastrowid or 0), n + 1)

    def record_schedule(
        self,
        case_id: str,
        verdict: str,
        hours: float,
        days: int,
        weeks: int,
        errors: Sequence[str] = (),
        warnings: Sequence[str] = (),
    ) -> Recorded:
        """One checked week: its verdict, totals and the codes of the rules it broke."""
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO schedule (at, case_id, verdict, hours, days, weeks, errors, "
                "warnings) VALUES (?,?,?,?,?,?,?,?)",
                (
                    _now(),
                    case_id,
                    verdict,
                    float(hours),
                    int(days),
                    int(weeks),
                    json.dumps(list(errors)),
                    json.dumps(list(warnings)),
                ),
            )
        return Recorded("schedule", int(cur.lastrowid or 0), 1)

    def record_plan(
        self, case_id: str, stage: str, complete: bool, missing: Sequence[str] = ()
    ) -> Recorded:
        """One plan check: complete or not and the names of the missing parts (no text)."""
        with self._tx() as conn:
            cur = conn.execute(
                "INSERT INTO plan (at, case_id, stage, complete, missing) VALUES (?,?,?,?,?)",
                (_now(), case_id, stage, int(complete), json.dumps(list(missing))),
            )
        return Recorded("plan", int(cur.lastrowid or 0), 1)

    # work in progress (a week or a plan being built), kept so that it comes back

    def save_draft(self, kind: str, key: str, body: Mapping[str, Any]) -> None:
        """Keep the work in progress of one app (``kind``) for one case (``key``, "" for free)."""
        text = json.dumps(dict(body), sort_keys=True)
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (_draft_key(kind, key), text),
            )

    def draft(self, kind: str, key: str) -> dict[str, Any] | None:
        """The work in progress kept by :meth:`save_draft`, or None (none, or unreadable)."""
        text = self._meta(_draft_key(kind, key))
        if text is None:
            return None
        try:
            body = json.loads(text)
        except ValueError:
            return None
        return body if isinstance(body, dict) else None

    # reading

    def counts(self) -> Counts:
        conn = self._open()
        try:
            n = [
                int(conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
                for t in ("placement", "quiz", "schedule", "plan")
            ]
        finally:
            conn.close()
        return Counts(*n)

    def rows(self, table: str) -> list[dict[str, Any]]:
        """Every row of one answers table, oldest first, as plain values."""
        if table not in TABLES:
            raise KeyError(f"no answers table {table!r}; tables are {', '.join(TABLES)}")
        out = []
        for row in self._read(f"SELECT * FROM {table} ORDER BY id"):
            item = dict(row)
            item.pop("id", None)
            for key in ("correct", "complete"):
                if key in item:
                    item[key] = bool(item[key])
            for key in ("errors", "warnings", "missing"):
                if key in item:
                    item[key] = json.loads(item[key])
            out.append(item)
        return out

    def export(self) -> dict[str, Any]:
        """Everything recorded, with the kit and vignette versions (pseudonymous)."""
        from iopkit import __version__

        rows = {t: self.rows(t) for t in TABLES}
        rows["placement"] = _with_grades(rows["placement"])
        return {
            "format": EXPORT_FORMAT,
            "format_version": EXPORT_FORMAT_VERSION,
            "schema_version": self.version,
            "kit_version": __version__,
            "exported_at": _now(),
            "trainee": {"id": self.trainee_id, "pseudonym": self.pseudonym},
            "vignette_versions": _vignette_versions(),
            "knowledge_check": _knowledge_plan(self),
            **rows,
        }


def _draft_key(kind: str, key: str) -> str:
    return f"draft/{kind}/{key}"


@dataclass(frozen=True)
class Recorded:
    """Where an answer landed: its table, row id and attempt number (1 is the first answer)."""

    table: str
    row: int
    attempt: int

    @property
    def first(self) -> bool:
        return self.attempt == 1


def _vignette_versions() -> dict[str, int]:
    try:
        from iopkit.vignettes import load_library

        return {v.id: v.version for v in load_library().vignettes}
    except Exception:  # an educator's broken folder must not stop an export
        return {}


def _with_grades(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Answers recorded before grades were kept get theirs from the one grading rule
    (:func:`iopkit.grading.grade_answer`) when the case version answered is the library's;
    otherwise the grade stays ``""`` (unknown), never guessed."""
    if all(row.get("grade") for row in rows):
        return rows
    try:
        from iopkit.errors import IopkitError
        from iopkit.grading import grade_answer
        from iopkit.vignettes import load_library

        library = load_library()
    except Exception:  # an educator's broken folder must not stop an export
        return rows
    out = []
    for row in rows:
        case_id, stage = row.get("case_id", ""), row.get("stage") or ""
        if not row.get("grade") and case_id in library:
            v = library.get(case_id)
            if row.get("vignette_version") in (None, v.version):
                question = f"{case_id}/{stage}" if stage else case_id
                with contextlib.suppress(IopkitError):  # an answer the rule cannot read
                    row = {**row, "grade": grade_answer(v, question, row["chosen"]).value}
        out.append(row)
    return out


def _knowledge_plan(store: ResponseStore) -> dict[str, Any]:
    """The trainee's knowledge-check seed and the form taken first (what the seed gives)."""
    from iopkit.learning_quiz import plan_for

    return plan_for(store.knowledge_seed).to_dict()


_STORES: dict[Path, ResponseStore] = {}


def default_store() -> ResponseStore:
    """The store in the current :func:`~iopkit.userdata.data_dir` (one object per folder)."""
    folder = data_dir()
    store = _STORES.get(folder)
    if store is None:
        store = _STORES[folder] = ResponseStore(folder)
    return store


def record_safely(
    action: Callable[[ResponseStore], _T], failed: str = "your answer was not saved"
) -> _T | str:
    """Run one recording (or reading) against the default store; a problem comes back as a
    sentence for the trainee instead of an exception, so an app never breaks because a folder
    is full."""
    try:
        return action(default_store())
    except (ResponsesError, OSError, sqlite3.Error) as exc:
        return f"{failed}: {exc}"


def schedule_verdict(errors: Sequence[str], warnings: Sequence[str]) -> str:
    """``errors``, ``warnings`` or ``ok``: the word the debrief counts."""
    return "errors" if errors else "warnings" if warnings else "ok"


# --- Export formats ---------------------------------------------------------------------------

CSV_COLUMNS: tuple[str, ...] = (
    "kind",
    "at",
    "case_id",
    "stage",
    "quiz",
    "item",
    "attempt",
    "chosen",
    "expected",
    "correct",
    "grade",
    "confidence",
    "seconds",
    "verdict",
    "hours",
    "days",
    "weeks",
    "errors",
    "warnings",
    "complete",
    "missing",
    "vignette_version",
    "pseudonym",
    "kit_version",
)


def export_csv(data: Mapping[str, Any]) -> str:
    """One row per recorded answer; lists are joined with ``;``."""
    from iopkit.render import value_text

    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for table in TABLES:
        for row in data.get(table, ()):
            out: dict[str, Any] = {"kind": table}
            for key, value in row.items():
                if isinstance(value, list):
                    value = ";".join(map(str, value))
                elif isinstance(value, bool):
                    value = value_text(value)
                out[key] = "" if value is None else value
            if table in ("placement", "quiz") and row.get("vignette_version") is None:
                version = data.get("vignette_versions", {}).get(row.get("case_id"))
                out["vignette_version"] = version if version is not None else ""
            out["pseudonym"] = data["trainee"]["pseudonym"]
            out["kit_version"] = data["kit_version"]
            writer.writerow(out)
    return buf.getvalue()


def export_text(data: Mapping[str, Any], fmt: str) -> str:
    if fmt == "csv":
        return export_csv(data)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_atomic(path: Path, text: str) -> Path:
    """Write ``text`` to a temporary name in the same folder, flush it, then rename it over
    ``path``: a reader sees the old file or the new one, never half of one."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        with open(tmp, "x", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


# --- Hand-in ----------------------------------------------------------------------------------


class HandInError(Exception):
    """The hand-in could not be written; the message says why, for a clinician."""


def handin_name(trainee_id: str) -> str:
    """One file per trainee: a new hand-in replaces only this trainee's earlier one."""
    return f"handin-{trainee_id}.json"


@dataclass(frozen=True)
class HandIn:
    """A hand-in that landed: where, under which pseudonym, with how many answers."""

    path: Path
    pseudonym: str
    counts: Counts

    def message(self) -> str:
        return (
            f"Handed in as {self.pseudonym}: {self.counts.describe()}. Hand in again at any "
            "time; your new hand-in replaces this one."
        )


def hand_in(store: ResponseStore | None = None, exchange: Path | str | None = None) -> HandIn:
    """Copy the trainee's pseudonymous export into the exchange folder, atomically.

    ``exchange`` defaults to ``IOPKIT_EXCHANGE``; :class:`HandInError` explains a missing or
    unwritable folder.
    """
    store = store or ResponseStore()
    folder = Path(exchange) if exchange is not None else exchange_dir()
    if folder is None:
        raise HandInError(
            f"No hand-in folder is set up: {EXCHANGE_ENV} is not set. Ask your facilitator "
            f"which folder to use; they set {EXCHANGE_ENV} to it before starting the kit."
        )
    if not folder.is_dir():
        raise HandInError(
            f"The hand-in folder {folder} ({EXCHANGE_ENV}) does not exist. Ask your "
            "facilitator to create it."
        )
    data = store.export()
    target = folder / handin_name(data["trainee"]["id"])
    try:
        text = handin_text(data)
    except HandInProblem as exc:  # the same checks the debrief makes: never write what it refuses
        raise HandInError(
            f"Your hand-in was not written (the file would be refused: {exc.fault}). Ask your "
            "facilitator; your answers are still saved on this computer."
        ) from exc
    try:
        write_atomic(target, text)
    except OSError as exc:
        raise HandInError(
            f"Could not write your hand-in into {folder} ({EXCHANGE_ENV}): "
            f"{exc.strerror or exc}. Ask your facilitator to let trainees write there."
        ) from exc
    return HandIn(target, data["trainee"]["pseudonym"], store.counts())


__all__ = [
    "CSV_COLUMNS",
    "DB_NAME",
    "EXPORT_FORMAT",
    "EXPORT_FORMAT_VERSION",
    "MIGRATIONS",
    "RECORDED",
    "RecordedNotice",
    "SCHEMA_VERSION",
    "TABLES",
    "Counts",
    "HandIn",
    "HandInError",
    "Recorded",
    "ResponseStore",
    "ResponsesError",
    "check_pseudonym",
    "default_store",
    "record_safely",
    "export_csv",
    "export_text",
    "hand_in",
    "handin_name",
    "migrate",
    "random_pseudonym",
    "schedule_verdict",
    "schema_version",
    "write_atomic",
]
