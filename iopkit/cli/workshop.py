"""The workshop commands of ``iopkit``: ``responses export``, ``responses hand-in``,
``debrief`` and ``handout``.

They follow the CLI's conventions: exit 0 on success, 1 when input is bad or a file cannot be
written (the message names the file, the field and what is allowed), 2 for usage errors; never
a traceback.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from iopkit.cli.common import EXIT_INVALID, EXIT_OK


def add_parsers(sub: Any) -> None:
    """Add the workshop sub-commands to the ``iopkit`` parser's sub-parsers."""
    p = sub.add_parser(
        "responses",
        help="your recorded answers: export them or hand them in",
        description="Work with the answers recorded in IOPKIT_DATA_DIR (default: your "
        "per-user data folder). Only pseudonymous answers are recorded, never free text.",
    )
    rsub = p.add_subparsers(dest="responses_command", metavar="SUBCOMMAND")
    rsub.required = True
    c = rsub.add_parser("export", help="write your answers as JSON or CSV")
    c.add_argument("--out", metavar="FILE", help="file to write (default: print them)")
    c.add_argument("--format", choices=("json", "csv"), default=None, help="json (default) or csv")
    rsub.add_parser(
        "hand-in",
        help="copy your answers into the facilitator's folder (IOPKIT_EXCHANGE)",
        description="Copy your pseudonymous answers into IOPKIT_EXCHANGE, replacing only your "
        "own earlier hand-in.",
    )
    p = sub.add_parser(
        "debrief",
        help="the facilitator's debrief report from a folder of hand-ins",
        description="Read every hand-in in EXCHANGE and write a printable HTML report: how "
        "the room answered each case, confidence against correctness, schedule and plan "
        "gaps, cases to debrief first, and the learning gain from the pre- and post-quiz.",
    )
    p.add_argument("exchange", metavar="EXCHANGE", help="folder of hand-in files")
    p.add_argument("--out", metavar="FILE", required=True, help="HTML report to write")

    p = sub.add_parser(
        "handout",
        help="a printable case packet (HTML) for paper or PDF",
        description="Write the chosen cases (default: every case) as one printable HTML "
        "page: a levels-and-criteria summary first, then one case per page. With "
        "--answer-key it adds keys, feedback, learning points and discussion prompts.",
    )
    p.add_argument("ids", nargs="*", metavar="ID", help="case ids (default: every case)")
    p.add_argument("--out", metavar="FILE", required=True, help="HTML file to write")
    p.add_argument(
        "--answer-key", action="store_true", help="add keys, feedback and discussion prompts"
    )


def _write(path: Path, text: str, err: TextIO) -> bool:
    from iopkit.responses import write_atomic

    try:
        if path.parent and not path.parent.is_dir():
            print(f"{path}: the folder {path.parent} does not exist", file=err)
            return False
        write_atomic(path, text)
    except OSError as exc:
        print(f"{path}: cannot write the file ({exc.strerror or exc})", file=err)
        return False
    return True


def cmd_responses(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from iopkit.responses import (
        HandInError,
        ResponsesError,
        ResponseStore,
        export_text,
        hand_in,
    )

    store = ResponseStore()
    try:
        if args.responses_command == "hand-in":
            try:
                result = hand_in(store)
            except HandInError as exc:
                print(str(exc), file=err)
                return EXIT_INVALID
            print(f"{result.message()}\nFile: {result.path}", file=out)
            return EXIT_OK
        fmt = args.format
        if fmt is None:
            fmt = "csv" if args.out and args.out.lower().endswith(".csv") else "json"
        text = export_text(store.export(), fmt)
    except ResponsesError as exc:
        print(str(exc), file=err)
        return EXIT_INVALID
    if not args.out:
        out.write(text)
        return EXIT_OK
    path = Path(args.out)
    if not _write(path, text, err):
        return EXIT_INVALID
    print(f"Wrote {store.counts().describe()} to {path} ({fmt}).", file=out)
    return EXIT_OK


def cmd_debrief(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import dataclasses

    from iopkit.debrief import DebriefError, build_debrief, read_exchange
    from iopkit.debrief_plots import report_page

    try:
        handins = read_exchange(args.exchange)
    except DebriefError as exc:
        print(str(exc), file=err)
        return EXIT_INVALID
    from iopkit.inputs import printable

    for problem in handins.problems:
        print(f"skipped {printable(problem)}", file=err)
    report = dataclasses.replace(build_debrief(handins), source=printable(str(args.exchange)))
    for line in (*report.not_counted, report.refused):
        if line:
            print(printable(line), file=err)
    path = Path(args.out)
    if not _write(path, report_page(report), err):
        return EXIT_INVALID
    print(f"Wrote the debrief of {report.trainees} hand-in(s) to {path}.", file=out)
    return EXIT_OK


def cmd_handout(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from iopkit.handout import HandoutError, handout_html
    from iopkit.inputs import printable
    from iopkit.vignettes import load_library

    library = load_library()
    refused = list(dict.fromkeys(printable(p.file) for p in library.problems))
    if refused:
        print(
            f"Not in the packet, {len(refused)} case file(s) with errors: {', '.join(refused)}. "
            "Run `iopkit validate` on them and fix every error to print them.",
            file=err,
        )
    try:
        page, count = handout_html(args.ids, answer_key=args.answer_key, library=library)
    except HandoutError as exc:
        print(str(exc), file=err)
        return EXIT_INVALID
    path = Path(args.out)
    if not _write(path, page, err):
        return EXIT_INVALID
    kind = "an answer-key packet" if args.answer_key else "a trainee packet"
    print(f"Wrote {kind} of {count} case(s) to {path}; print it from a browser.", file=out)
    return EXIT_OK


COMMANDS = {"responses": cmd_responses, "debrief": cmd_debrief, "handout": cmd_handout}
