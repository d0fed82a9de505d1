"""The workshop commands of ``iopkit``: ``responses export`` and ``responses hand-in``.

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


COMMANDS = {"responses": cmd_responses}
