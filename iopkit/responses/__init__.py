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

The package reads in parts: :mod:`~iopkit.responses.schema` (tables, versions, migrations),
:mod:`~iopkit.responses.pseudonym`, :mod:`~iopkit.responses.store` (the database),
:mod:`~iopkit.responses.default` (the trainee's store and the one call the apps record
through), :mod:`~iopkit.responses.export` (JSON and CSV), :mod:`~iopkit.responses.handin` (the
hand-in writer) and :mod:`~iopkit.responses.live` (the same hand-in sent a few seconds after
each answer). Every public name is importable from ``iopkit.responses`` itself.
"""

from __future__ import annotations

from iopkit.handins import EXPORT_FORMAT, EXPORT_FORMAT_VERSION, MAX_HANDIN_BYTES, TABLES
from iopkit.responses.default import default_store, record_safely
from iopkit.responses.export import CSV_COLUMNS, export_csv, export_text, write_atomic
from iopkit.responses.faults import ResponsesError
from iopkit.responses.handin import (
    HandIn,
    HandInError,
    hand_in,
    handin_name,
)
from iopkit.responses.live import LIVE_ENV, LiveStatus, LiveSync, attach_live
from iopkit.responses.pseudonym import check_pseudonym, random_pseudonym
from iopkit.responses.schema import (
    BUSY_TIMEOUT_S,
    MIGRATIONS,
    SCHEMA_VERSION,
    migrate,
    schema_version,
)
from iopkit.responses.store import (
    DB_NAME,
    RECORDED,
    Counts,
    Recorded,
    RecordedNotice,
    ResponseStore,
    schedule_verdict,
)

__all__ = [
    "BUSY_TIMEOUT_S",
    "CSV_COLUMNS",
    "DB_NAME",
    "EXPORT_FORMAT",
    "EXPORT_FORMAT_VERSION",
    "MAX_HANDIN_BYTES",
    "MIGRATIONS",
    "RECORDED",
    "RecordedNotice",
    "SCHEMA_VERSION",
    "TABLES",
    "Counts",
    "HandIn",
    "HandInError",
    "LIVE_ENV",
    "LiveStatus",
    "LiveSync",
    "attach_live",
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
