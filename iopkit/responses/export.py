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

from iopkit.responses.store import TABLES

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
