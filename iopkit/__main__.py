"""``python -m iopkit`` runs the command-line tool."""

from iopkit.cli import run

run()
