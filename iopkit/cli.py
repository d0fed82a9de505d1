"""The ``iopkit`` command.

Exit status: 0 success (a schedule with no errors, a clean validation); 1 invalid input, a
schedule with errors or a vignette with errors; 2 usage errors (argparse).
Bad input never produces a traceback: every problem names the file, field, value and what is
allowed.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from iopkit import __version__

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

DISCLAIMER = "Educational use only, fictional cases; not a clinical decision tool."


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iopkit",
        description="A training kit about Intensive Outpatient Programmes (IOP). " + DISCLAIMER,
        epilog="Exit status: 0 success, 1 invalid input or errors found, 2 usage error.",
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
    return parser


def _print_problems(exc: Any, out: TextIO) -> None:
    for problem in exc.problems:
        print(problem.format(), file=out)


def cmd_levels(args: argparse.Namespace, out: TextIO) -> int:
    from iopkit.levels import LEVELS, STEP_SOURCE

    if args.json:
        print(json.dumps([info.to_dict() for info in LEVELS.values()], indent=2), file=out)
        return EXIT_OK
    for info in sorted(LEVELS.values(), key=lambda i: i.rank):
        print(f"{info.rank}. {info.label} [{info.level.value}]", file=out)
        print(f"   {info.description}", file=out)
        for name, band in (
            ("days per week", info.days_per_week),
            ("hours per day", info.hours_per_day),
            ("weekly hours (adult)", info.weekly_hours_adult),
            ("weekly hours (adolescent)", info.weekly_hours_adolescent),
            ("typical duration", info.typical_duration),
        ):
            if band is not None:
                print(f"   {name}: {band.describe()}  [{band.source.title}]", file=out)
        for name, band in info.extra_figures:
            print(f"   {name}: {band.describe()}  [{band.source.title}]", file=out)
        print(f"   24-hour supervision: {'yes' if info.supervision_24h else 'no'}", file=out)
    print(f"\nStep-up and step-down: {STEP_SOURCE}", file=out)
    print(DISCLAIMER, file=out)
    return EXIT_OK


def cmd_place(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from iopkit.assessment import Assessment
    from iopkit.inputs import InputError, Problem, as_mapping, load_document
    from iopkit.placement import recommend

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
        _print_problems(exc, err)
        return EXIT_INVALID
    rec = recommend(assessment)
    if args.json:
        print(json.dumps(rec.to_dict(), indent=2), file=out)
        return EXIT_OK
    print(f"Recommended level: {rec.level.label}", file=out)
    print("\nRules checked, in order:", file=out)
    for i, r in enumerate(rec.reasons, 1):
        mark = "MET" if r.met else "not met"
        print(f"  {i}. [{r.rule}] {mark}: {r.explanation}", file=out)
    if rec.flags:
        print("\nCautions:", file=out)
        for f in rec.flags:
            print(f"  - [{f.code}] {f.message}", file=out)
    changes = [w for w in rec.what_if if w.changes_level]
    if changes:
        print("\nWhat would change the level (one finding at a time):", file=out)
        for w in changes:
            alts = ", ".join(f"{getattr(v, 'value', v)} -> {lv.value}" for v, lv in w.changes)
            print(f"  - {w.field}: {alts}", file=out)
    print(f"\n{DISCLAIMER}", file=out)
    return EXIT_OK


def cmd_schedule_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from iopkit.inputs import InputError
    from iopkit.schedule import Schedule, check

    try:
        schedule = Schedule.from_file(args.file)
    except InputError as exc:
        _print_problems(exc, err)
        return EXIT_INVALID
    report = check(schedule)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2), file=out)
    else:
        status = "OK" if report.ok else "ERRORS"
        print(
            f"{status}: {report.hours_per_week:g} h a week on {report.days_per_week} day(s), "
            f"{report.weeks} weeks ({report.population.value})",
            file=out,
        )
        for act, hours in report.hours_per_component.items():
            print(f"  {act.label}: {hours:g} h", file=out)
        for f in report.findings:
            print(f"{f.severity.value}: [{f.code}] {f.message}", file=out)
    return EXIT_OK if report.ok else EXIT_INVALID


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command == "levels":
        return cmd_levels(args, out)
    if args.command == "place":
        return cmd_place(args, out, err)
    if args.command == "schedule":
        return cmd_schedule_check(args, out, err)
    from iopkit.vignettes import commands

    if args.command == "validate":
        return commands.cmd_validate(args, out, err)
    if args.command == "new":
        return commands.cmd_new(args, out, err)
    if args.command == "vignettes":
        return commands.cmd_list(args, out, err)
    if args.command == "schema":
        return commands.cmd_schema(args, out, err)
    parser.error(f"unknown command {args.command}")  # pragma: no cover
    return EXIT_USAGE  # pragma: no cover


def run() -> None:
    """Console-script entry point."""
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = 0
    sys.exit(code)


if __name__ == "__main__":
    run()
