"""The store: one trainee's answers database, and the one call every app records through.

Writes are atomic: every answer is one SQLite transaction in WAL mode, so a kernel killed in
the middle of an answer loses at most that answer and never corrupts the database, and two
notebooks of one trainee can write at once (SQLite serialises them; a busy timeout waits).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iopkit.errors import ArgumentTypeError, IopkitError
from iopkit.handins import EXPORT_FORMAT, EXPORT_FORMAT_VERSION, TABLES
from iopkit.responses.faults import ResponsesError, explain
from iopkit.responses.private import private_file, private_folder, refuse_link, tighten
from iopkit.responses.pseudonym import check_pseudonym, random_pseudonym
from iopkit.responses.schema import (
    BUSY_TIMEOUT_S,
    _now,
    _switch_to_wal,
    migrate,
    schema_version,
)
from iopkit.userdata import absolute_folder, data_dir
from iopkit.words import count

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.responses.live import LiveSync


DB_NAME = "responses.sqlite3"

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
        if folder is not None and not isinstance(folder, (str, os.PathLike)):
            raise ArgumentTypeError("folder", folder, "a folder path")
        self.folder = absolute_folder(Path(folder)) if folder is not None else data_dir()
        self.path = self.folder / DB_NAME
        self._ready = False
        self._identity: dict[str, str] = {}  # kept to carry over to a re-created database
        self._notice = ""
        self._listeners: list[Callable[[], None]] = []
        self.live: LiveSync | None = None
        """The live sender to the facilitator's drop box, when one is attached."""

    def on_record(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` after each answer is recorded (the live hand-in listens)."""
        self._listeners.append(listener)

    def _recorded(self) -> None:
        for listener in self._listeners:
            with contextlib.suppress(Exception):  # a listener never undoes a saved answer
                listener()

    # connection handling

    def _open(self) -> sqlite3.Connection:
        doing = "open the answers database"
        try:
            private_folder(self.folder)
            if self._ready and not os.path.lexists(self.path):
                self._ready = False  # moved or deleted while the kernel ran: start it again
                self._notice = (
                    f"The answers database {self.path} had gone (moved or deleted) while the "
                    "kit was running; a new one was started with this answer, under the same "
                    "pseudonym. Answers saved before are in the old file if it was moved."
                )
            private_file(self.path)
            for suffix in ("-wal", "-shm"):
                refuse_link(Path(f"{self.path}{suffix}"), "answers database's journal")
            conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        except ResponsesError:
            raise
        except (OSError, sqlite3.Error) as exc:
            raise explain(exc, self.path, doing) from exc
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
            _switch_to_wal(conn, self.path)
            for suffix in ("-wal", "-shm"):
                tighten(Path(f"{self.path}{suffix}"))
            conn.execute("PRAGMA synchronous = NORMAL")  # WAL: durable across process crashes
            conn.execute("PRAGMA foreign_keys = ON")
            if not self._ready:
                migrate(conn, self.path)
                self._restore_identity(conn)
                self._ready = True
        except ResponsesError:
            conn.close()
            raise
        except (OSError, sqlite3.Error) as exc:
            conn.close()
            raise explain(exc, self.path, doing) from exc
        except BaseException:
            conn.close()
            raise
        return conn

    def _restore_identity(self, conn: sqlite3.Connection) -> None:
        """A database re-created mid-session keeps the trainee's id and pseudonym."""
        for key, value in self._identity.items():
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def take_notice(self) -> str:
        """What the trainee should know about the last write (a re-created database), once."""
        notice, self._notice = self._notice, ""
        return notice

    @contextmanager
    def _tx(self, doing: str = "save your answer") -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands, or none of it."""
        conn = self._open()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                with contextlib.suppress(sqlite3.Error):  # never hide the first error
                    conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except (OSError, sqlite3.Error) as exc:
            raise explain(exc, self.path, doing) from exc
        finally:
            conn.close()

    def _read(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        conn = self._open()
        try:
            conn.row_factory = sqlite3.Row
            return list(conn.execute(sql, params))
        except sqlite3.Error as exc:
            raise explain(exc, self.path, "read your answers") from exc
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
        if not rows:
            return None
        self._identity[key] = str(rows[0][0])
        return self._identity[key]

    def _meta_default(self, key: str, make: Any) -> str:
        value = self._meta(key)
        if value is not None:
            return value
        with self._tx() as conn:
            conn.execute("INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", (key, make()))
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        self._identity[key] = str(row[0])
        return self._identity[key]

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
        """Keep ``name`` as the pseudonym (``ValueError`` when it is not allowed; a value that
        is not text is refused with :class:`~iopkit.errors.ArgumentTypeError`)."""
        text = check_pseudonym(name)
        self._identity["pseudonym"] = text
        with self._tx() as conn:
            conn.execute(
                "INSERT INTO meta (key, value) VALUES ('pseudonym', ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (text,),
            )
        self._recorded()  # the facilitator's live view shows the new pseudonym
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
        self._recorded()
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
        self._recorded()
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
        self._recorded()
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
        self._recorded()
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


def schedule_verdict(errors: Sequence[str], warnings: Sequence[str]) -> str:
    """``errors``, ``warnings`` or ``ok``: the word the debrief counts."""
    return "errors" if errors else "warnings" if warnings else "ok"
