"""The authoring commands: ``iopkit validate``, ``new``, ``vignettes list`` and ``schema``.

Each function takes the parsed arguments and the output and error streams and returns the exit
status (:mod:`iopkit.cli.common`). None of them lets a traceback reach an author: problems are
printed one a line, ``file:line:col: severity: field: message``.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any, TextIO

from iopkit.cli.common import EXIT_INVALID, EXIT_OK, print_problems
from iopkit.inputs import printable
from iopkit.words import count

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""An id: the whole text must match (``fullmatch``; ``$`` would allow a final newline)."""


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``iopkit validate [PATH ...] [--json]``: exit 0 when no errors, 1 otherwise."""
    from iopkit.vignettes.validate import validate_paths

    paths = list(args.paths) or None
    report = validate_paths(paths)
    if getattr(args, "json", False):
        print(report.to_json(), file=out)
    else:
        print_problems(report.problems, out)
        print(report.summary(), file=out)
    return EXIT_OK if report.ok else EXIT_INVALID


def cmd_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``iopkit new ID [--dir DIR]``: write ``DIR/ID.yaml`` from the template, never overwrite."""
    vignette_id = str(args.id)
    if not _SLUG.fullmatch(vignette_id) or not 3 <= len(vignette_id) <= 64:
        print(
            f"error: the id {printable(repr(vignette_id))} is not a valid slug. Use 3-64 "
            "lowercase letters, digits and single hyphens, e.g. jordan-evening-iop",
            file=err,
        )
        return EXIT_INVALID
    raw_dir = getattr(args, "dir", ".")
    if raw_dir is not None and not str(raw_dir).strip():
        print("error: --dir is empty: give a folder (or leave --dir out)", file=err)
        return EXIT_INVALID
    folder = Path(raw_dir or ".")
    shown = printable(str(folder))
    try:
        if folder.exists() and not folder.is_dir():
            print(f"error: {shown}: this is a file, not a folder", file=err)
            return EXIT_INVALID
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"error: {shown}: cannot use the folder ({exc.strerror or exc})", file=err)
        return EXIT_INVALID
    target = folder / f"{vignette_id}.yaml"
    from iopkit.vignettes.schema import template_text

    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(template_text(vignette_id))
    except FileExistsError:
        print(
            f"error: {target} already exists; iopkit new never overwrites a file. "
            "Choose another id or move the file first",
            file=err,
        )
        return EXIT_INVALID
    except OSError as exc:
        print(f"error: {printable(str(target))}: cannot write the file: {exc.strerror}", file=err)
        return EXIT_INVALID
    print(f"Wrote {target}", file=out)
    print(
        f"Next: open it in a text editor, replace every TODO, then run `iopkit validate {target}`",
        file=out,
    )
    return EXIT_OK


def library_rows(paths: list[str] | None = None) -> tuple[list[dict[str, Any]], list[Any]]:
    """One row per vignette in the library (for ``iopkit vignettes list``), and the problems."""
    from iopkit.vignettes.loader import load_library

    lib = load_library(paths)
    rows = [
        {
            "id": v.id,
            "title": v.title,
            "population": v.population.value,
            "conditions": [c.value for c in v.conditions],
            "co_occurring": v.co_occurring,
            "expected_level": v.expected_level.value,
            "stages": len(v.stages),
            "schedule_task": v.schedule_task is not None,
            "words": v.word_count,
            "path": str(lib.path_of(v.id)),
        }
        for v in lib
    ]
    return rows, list(lib.problems)


def cmd_list(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``iopkit vignettes list [PATH ...] [--json]``: exit 1 when a file could not be loaded."""
    rows, problems = library_rows(list(getattr(args, "paths", []) or []))
    print_problems(problems, err)
    if getattr(args, "json", False):
        print(json.dumps(rows, indent=2), file=out)
    else:
        print(format_table(rows), file=out)
        if problems:
            files = list(dict.fromkeys(printable(p.file) for p in problems))
            print(
                f"Not listed, {count(len(files), 'file')} with errors (trainees do not see them): "
                f"{', '.join(files)}. Run `iopkit validate` on those files, fix every error, "
                "and the case is listed.",
                file=out,
            )
    return EXIT_INVALID if problems else EXIT_OK


def format_table(rows: list[dict[str, Any]]) -> str:
    """A plain-text table of the library."""
    if not rows:
        return "No vignettes found."
    headers = ("ID", "LEVEL", "POP", "STAGES", "CONDITIONS", "TITLE")
    table = [
        (
            r["id"],
            r["expected_level"],
            r["population"],
            str(r["stages"]),
            ", ".join(r["conditions"]),
            printable(r["title"]),
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(row[i]) for row in table)) for i, h in enumerate(headers[:-1])]

    def line(cells: tuple[str, ...]) -> str:
        return (
            "  ".join(c.ljust(w) for c, w in zip(cells[:-1], widths, strict=True))
            + "  "
            + cells[-1]
        )

    body = [line(headers), *(line(row) for row in table)]
    return "\n".join([*body, f"{len(rows)} vignette(s)."])


def cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``iopkit schema``: print the JSON Schema shipped in the package."""
    from iopkit.vignettes.schema import shipped_schema_text

    out.write(shipped_schema_text())
    return EXIT_OK
