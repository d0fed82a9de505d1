"""``python -m iopkit.cli`` runs the command-line tool."""

from iopkit.cli import run

run()
