"""The ``iopkit`` command: every command of the kit lives in this package.

- :mod:`iopkit.cli.common`: the exit codes, the disclaimer, printing problems;
- :mod:`iopkit.cli.care`: ``levels``, ``place``, ``schedule check``;
- :mod:`iopkit.cli.authoring`: ``validate``, ``new``, ``vignettes list``, ``schema``;
- :mod:`iopkit.cli.workshop`: ``responses export``, ``responses hand-in``.

Exit status: 0 success (a schedule with no errors, a clean validation); 1 invalid input, a
schedule with errors or a vignette with errors; 2 usage errors (argparse).
Bad input never produces a traceback: every problem names the file, field, value and what is
allowed. Heavy modules load inside the command that needs them, so ``iopkit --help`` is fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from iopkit import __version__
from iopkit.cli import authoring, care, workshop
from iopkit.cli.common import (
    DISCLAIMER,
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_OK,
    EXIT_STATUS_TEXT,
    EXIT_USAGE,
)

Command = Callable[[argparse.Namespace, TextIO, TextIO], int]

#: The function behind each top-level command.
COMMANDS: dict[str, Command] = {
    "levels": care.cmd_levels,
    "place": care.cmd_place,
    "schedule": care.cmd_schedule,
    "validate": authoring.cmd_validate,
    "new": authoring.cmd_new,
    "vignettes": authoring.cmd_list,
    "schema": authoring.cmd_schema,
    **workshop.COMMANDS,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iopkit",
        description="A training kit about Intensive Outpatient Programmes (IOP). " + DISCLAIMER,
        epilog=EXIT_STATUS_TEXT,
    )
    parser.add_argument("--version", action="version", version=f"iopkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("levels", help="list the levels of care with their hours and sources")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")

    p = sub.add_parser(
        "place",
        help="recommend a level of care for an assessment",
        description="Read a YAML or JSON file whose top-level 'assessment' mapping holds an "
        "assessment (a vignette file has one) and recommend a level of care, with reasons.",
    )
    p.add_argument("file", metavar="FILE", help="YAML or JSON file with an 'assessment' mapping")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")

    p = sub.add_parser("schedule", help="work with IOP week schedules")
    ssub = p.add_subparsers(dest="schedule_command", metavar="SUBCOMMAND")
    ssub.required = True
    c = ssub.add_parser(
        "check",
        help="check a weekly schedule file",
        description="Check an IOP week (YAML or JSON: population, weeks, sessions). Exit 1 "
        "when any finding is an error.",
    )
    c.add_argument("file", metavar="FILE", help="schedule file")
    c.add_argument("--json", action="store_true", help="print JSON instead of text")

    p = sub.add_parser(
        "validate",
        help="validate vignette files (no path: the built-in library)",
        description="Check vignette files and the library as a whole: schema, unique ids, "
        "answer key against the engine, feedback for every level, stages, privacy lint.",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="vignette files or folders")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")

    p = sub.add_parser("new", help="write a new vignette from the commented template")
    p.add_argument("id", metavar="ID", help="slug for the new case, e.g. jordan-evening-iop")
    p.add_argument(
        "--dir", default=".", help="folder to write ID.yaml into (default: current folder)"
    )

    p = sub.add_parser("vignettes", help="browse the vignette library")
    vsub = p.add_subparsers(dest="vignettes_command", metavar="SUBCOMMAND")
    vsub.required = True
    c = vsub.add_parser("list", help="list the vignettes (built-in and IOPKIT_VIGNETTES)")
    c.add_argument("paths", nargs="*", metavar="PATH", help="extra vignette folders")
    c.add_argument("--json", action="store_true", help="print JSON instead of text")

    p = sub.add_parser("schema", help="print the vignette JSON Schema")
    workshop.add_parsers(sub)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    command = COMMANDS.get(args.command)
    if command is None:  # pragma: no cover - argparse refuses unknown commands first
        parser.error(f"unknown command {args.command}")
    return command(args, out, err)


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except BrokenPipeError:
        code = EXIT_OK
    sys.exit(code)


__all__ = [
    "COMMANDS",
    "DISCLAIMER",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "build_parser",
    "main",
    "run",
]
