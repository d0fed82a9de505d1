"""What every ``iopkit`` command shares: the exit codes, the disclaimer, printing problems."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

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
    "print_problems",
]


def print_problems(problems: Iterable[Problem], out: TextIO) -> None:
    """One line per problem (``file:line:col: severity: field: message``)."""
    for problem in problems:
        print(problem.format(), file=out)
