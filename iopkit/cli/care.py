"""The care commands: ``iopkit levels``, ``iopkit place FILE``, ``iopkit schedule check FILE``.

Each function takes the parsed arguments and the output and error streams and returns the exit
status (:mod:`iopkit.cli.common`).
"""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from iopkit.cli.common import EXIT_INVALID, EXIT_OK, emit, print_problems


def cmd_levels(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``iopkit levels [--json]``: the levels of care with their hours and sources."""
    from iopkit.levels import LEVELS
    from iopkit.render import levels_text

    if args.json:
        print(json.dumps([info.to_dict() for info in LEVELS.values()], indent=2), file=out)
        return EXIT_OK
    print(levels_text(), file=out)
    return EXIT_OK


def cmd_place(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``iopkit place FILE [--json]``: recommend a level for the file's ``assessment``."""
    from iopkit.assessment import Assessment, renamed_field_problems
    from iopkit.inputs import InputError, Problem, as_mapping, load_document
    from iopkit.placement import recommend
    from iopkit.render import recommendation_text

    try:
        doc = load_document(args.file)
        data = as_mapping(doc, "with an 'assessment' mapping")
        if "assessment" not in data:
            raise InputError(
                [
                    Problem(
                        "no 'assessment' mapping at the top level of the file",
                        file=doc.path,
                        path="assessment",
                        line=1,
                        code="missing",
                    )
                ]
            )
        assessment = Assessment.from_mapping(data["assessment"], doc, ("assessment",))
    except InputError as exc:
        print_problems(exc.problems, err)
        return EXIT_INVALID
    print_problems(renamed_field_problems(data["assessment"], doc, ("assessment",)), err)
    rec = recommend(assessment)
    emit(args.json, rec, lambda: recommendation_text(rec), out)
    return EXIT_OK


def cmd_schedule(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``iopkit schedule check FILE [--json]``: exit 1 when any finding is an error."""
    from iopkit.inputs import InputError
    from iopkit.render import schedule_report_text
    from iopkit.schedule import Schedule, check

    try:
        schedule = Schedule.from_file(args.file)
    except InputError as exc:
        print_problems(exc.problems, err)
        return EXIT_INVALID
    report = check(schedule)
    emit(args.json, report, lambda: schedule_report_text(report), out)
    return EXIT_OK if report.ok else EXIT_INVALID
