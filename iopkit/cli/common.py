"""What every ``iopkit`` command shares: the exit codes, the disclaimer, printing problems."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TextIO

from iopkit import DISCLAIMER

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.inputs import Problem

EXIT_OK = 0
"""Success: a clean validation, a schedule with no errors, a command that did its work."""
EXIT_INVALID = 1
"""Invalid input, or errors found in what was checked."""
EXIT_USAGE = 2
"""A usage error: an unknown command or option (argparse exits with this code)."""
EXIT_INTERRUPTED = 130
"""Stopped with Ctrl-C."""

EXIT_STATUS_TEXT = "Exit status: 0 success, 1 invalid input or errors found, 2 usage error."

__all__ = [
    "DISCLAIMER",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_STATUS_TEXT",
    "EXIT_USAGE",
    "emit",
    "print_problems",
]


def emit(as_json: bool, result: Any, text: Callable[[], str], out: TextIO) -> None:
    """Print a result as JSON (its ``to_dict()``) or as the renderer's text."""
    print(json.dumps(result.to_dict(), indent=2) if as_json else text(), file=out)


def print_problems(problems: Iterable[Problem], out: TextIO) -> None:
    """One line per problem (``file:line:col: severity: field: message``)."""
    for problem in problems:
        print(problem.format(), file=out)
