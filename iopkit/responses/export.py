"""The export formats of a trainee's answers (JSON and CSV) and the atomic file write."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from iopkit.handins import TABLES

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


#: A cell starting with one of these is read as a formula by spreadsheets (OWASP CSV
#: injection); such a cell is written with a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """A text cell a spreadsheet will show as text, never run as a formula.

    >>> neutralise("=SUM(A1)"), neutralise("iop"), neutralise(-2)
    ("'=SUM(A1)", 'iop', -2)
    """
    if not isinstance(cell, str):
        return cell
    if cell.startswith(FORMULA_STARTS):
        cell = "'" + cell
    # The csv module does not quote a bare CR with "\n" line ends: it would split the row.
    return cell.replace("\r", "\\r")


def export_csv(data: Mapping[str, Any]) -> str:
    """One row per recorded answer; lists are joined with ``;``; text cells that a
    spreadsheet would run as a formula are neutralised (:func:`neutralise`)."""
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
            writer.writerow({k: neutralise(v) for k, v in out.items()})
    return buf.getvalue()


def export_text(data: Mapping[str, Any], fmt: str) -> str:
    if fmt == "csv":
        return export_csv(data)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write_atomic(path: Path, text: str, mode: int = 0o600) -> Path:
    """Write ``text`` to a temporary name in the same folder, flush it, then rename it over
    ``path``: a reader sees the old file or the new one, never half of one.

    The file gets exactly ``mode`` (default 0600: only its owner reads it), whatever the
    umask; the temporary file is never opened through a link.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(tmp, flags, mode)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), mode)  # the umask does not apply to fchmod
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path
