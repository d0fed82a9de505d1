"""The care commands: ``iopkit levels``, ``iopkit place FILE``, ``iopkit schedule check FILE``.

Each function takes the parsed arguments and the output and error streams and returns the exit
status (:mod:`iopkit.cli.common`).
"""

from __future__ import annotations

import argparse
import json
from typing import TextIO

from iopkit.cli.common import DISCLAIMER, EXIT_INVALID, EXIT_OK, print_problems


def cmd_levels(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``iopkit levels [--json]``: the levels of care with their hours and sources."""
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
        print(f"   24-hour supervision: {info.supervision_text()}", file=out)
    print(f"\nStep-up and step-down: {STEP_SOURCE}", file=out)
    print(DISCLAIMER, file=out)
    return EXIT_OK


def cmd_place(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``iopkit place FILE [--json]``: recommend a level for the file's ``assessment``."""
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
        print_problems(exc.problems, err)
        return EXIT_INVALID
    rec = recommend(assessment)
    if args.json:
        print(json.dumps(rec.to_dict(), indent=2), file=out)
        return EXIT_OK
    print(f"Recommended level: {rec.level_text}", file=out)
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


def cmd_schedule(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``iopkit schedule check FILE [--json]``: exit 1 when any finding is an error."""
    from iopkit.inputs import InputError
    from iopkit.schedule import Schedule, check

    try:
        schedule = Schedule.from_file(args.file)
    except InputError as exc:
        print_problems(exc.problems, err)
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
