"""The workshop commands of ``iopkit``: ``responses export``, ``responses hand-in``,
``debrief``, ``handout`` and ``exchange init|check``.

They follow the CLI's conventions: exit 0 on success, 1 when input is bad or a file cannot be
written (the message names the file, the field and what is allowed), 2 for usage errors; never
a traceback.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any, TextIO

from iopkit.cli.common import EXIT_INVALID, EXIT_OK
from iopkit.inputs import printable
from iopkit.words import count as plural


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

    p = sub.add_parser(
        "exchange",
        help="make or check the hand-in folder (IOPKIT_EXCHANGE) on a shared server",
        description="The hand-in folder as a drop box: trainees can add their own file but "
        "cannot list the folder or read, replace or delete anyone else's; the facilitator "
        "reads them all. See docs/running-a-workshop.md.",
    )
    esub = p.add_subparsers(dest="exchange_command", metavar="SUBCOMMAND")
    esub.required = True
    for name, text in (
        ("init", "create the hand-in folder, or repair its owner, group and mode"),
        ("check", "report what is wrong with an existing hand-in folder (changes nothing)"),
    ):
        e = esub.add_parser(name, help=text, description=text)
        e.add_argument("path", metavar="PATH", help="the hand-in folder")
        e.add_argument(
            "--per-trainee",
            action="store_true",
            help="Zero to JupyterHub: each trainee's server mounts PATH/trainees/<name>/",
        )
        if name == "init":
            e.add_argument(
                "--group",
                metavar="GROUP",
                help="the group that reads the hand-ins (default: the owner's own group); "
                "no trainee may be in it",
            )
            e.add_argument(
                "--owner",
                metavar="USER",
                help="the facilitator who owns the folder (default: you, or the user who ran sudo)",
            )


def _out_path(out: str | None, err: TextIO) -> Path | None:
    """The ``--out`` file, or ``None`` (after saying why) for an empty name or a folder."""
    if out is None or not out.strip():
        print("--out: give a file name, for example --out report.html", file=err)
        return None
    path = Path(out)
    if out.endswith(("/", os.sep)) or path.is_dir():
        print(
            f"--out: {printable(out)} is a folder; give a file name inside it, for example "
            f"{printable(str(path / 'report.html'))}",
            file=err,
        )
        return None
    return path


def _write(path: Path, text: str, err: TextIO, mode: int = 0o644) -> bool:
    from iopkit.responses import write_atomic

    try:
        if path.parent and not path.parent.is_dir():
            print(f"{path}: the folder {path.parent} does not exist", file=err)
            return False
        write_atomic(path, text, mode)
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
    from iopkit.userdata import DataDirError

    try:
        store = ResponseStore()
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
    except (ResponsesError, DataDirError) as exc:
        print(str(exc), file=err)
        return EXIT_INVALID
    if args.out is None:
        out.write(text)
        return EXIT_OK
    path = _out_path(args.out, err)
    if path is None or not _write(path, text, err, 0o600):  # answers: for the trainee only
        return EXIT_INVALID
    print(f"Wrote {store.counts().describe()} to {path} ({fmt}).", file=out)
    return EXIT_OK


def cmd_debrief(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import dataclasses

    from iopkit.debrief import DebriefError, build_debrief, read_exchange
    from iopkit.debrief_plots import report_page

    path = _out_path(args.out, err)
    if path is None:
        return EXIT_INVALID
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
    if not _write(path, report_page(report), err):
        return EXIT_INVALID
    print(f"Wrote the debrief of {plural(report.trainees, 'hand-in')} to {path}.", file=out)
    return EXIT_OK


def cmd_handout(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from iopkit.handout import HandoutError, handout_html
    from iopkit.inputs import printable
    from iopkit.vignettes import load_library

    path = _out_path(args.out, err)
    if path is None:
        return EXIT_INVALID
    library = load_library()
    refused = list(dict.fromkeys(printable(p.file) for p in library.problems))
    if refused:
        print(
            f"Not in the packet, {plural(len(refused), 'case file')} with errors: "
            f"{', '.join(refused)}. "
            "Run `iopkit validate` on them and fix every error to print them.",
            file=err,
        )
    try:
        page, count = handout_html(args.ids, answer_key=args.answer_key, library=library)
    except HandoutError as exc:
        print(str(exc), file=err)
        return EXIT_INVALID
    if not _write(path, page, err):
        return EXIT_INVALID
    kind = "an answer-key packet" if args.answer_key else "a trainee packet"
    print(f"Wrote {kind} of {plural(count, 'case')} to {path}; print it from a browser.", file=out)
    return EXIT_OK


def cmd_exchange(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from iopkit.exchange import ExchangeError, check_exchange, init_exchange

    try:
        if args.exchange_command == "init":
            report = init_exchange(
                args.path, group=args.group, owner=args.owner, per_trainee=args.per_trainee
            )
        else:
            report = check_exchange(args.path, per_trainee=args.per_trainee)
    except ExchangeError as exc:
        print(str(exc), file=err)
        return EXIT_INVALID
    for line in report.lines():
        print(printable(line), file=out if not line.startswith("problem:") else err)
    return EXIT_OK if report.ok else EXIT_INVALID


COMMANDS = {
    "responses": cmd_responses,
    "debrief": cmd_debrief,
    "handout": cmd_handout,
    "exchange": cmd_exchange,
}
