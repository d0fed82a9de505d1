"""Every command a notebook's text names is one the kit accepts, written as it must be typed.

An educator copies these lines into a terminal: `iopkit new my-case.yaml` (the command wants the
short name) or a `make` target that does not exist would be their first error.
"""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest

from iopkit.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SPAN = re.compile(r"```[a-z]*\n(.*?)```|`([^`\n]+)`", re.S)
ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=")
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def commands(notebook: Path) -> list[list[str]]:
    """The ``iopkit`` and ``make`` command lines in a notebook's text, as words."""
    found = []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        for block, span in SPAN.findall("".join(cell["source"])):
            for line in (block or span).splitlines():
                words = shlex.split(line)
                while words and ASSIGNMENT.match(words[0]):
                    words = words[1:]
                if words and words[0] in ("iopkit", "make") and len(words) > 1:
                    found.append(words)
    return found


def make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z][\w-]*):", text, re.M))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_commands_in_a_notebooks_text_are_commands_the_kit_accepts(notebook: Path) -> None:
    for words in commands(notebook):
        if words[0] == "make":
            target, *rest = words[1:]
            assert target in make_targets(), words
            assert all(ASSIGNMENT.match(w) for w in rest), words
            continue
        args = build_parser().parse_args(words[1:])  # exits (fails the test) if refused
        if args.command == "new" and not args.id.isupper():  # ID is the placeholder
            assert SLUG.fullmatch(args.id), f"iopkit new takes a short name, not {args.id!r}"


def test_the_check_catches_a_file_name_given_to_iopkit_new(tmp_path: Path) -> None:
    notebook = tmp_path / "x.ipynb"
    cell = {"cell_type": "markdown", "source": ["`iopkit new my-case.yaml` writes a file"]}
    notebook.write_text(json.dumps({"cells": [cell]}), encoding="utf-8")
    with pytest.raises(AssertionError, match="short name"):
        test_commands_in_a_notebooks_text_are_commands_the_kit_accepts(notebook)


def test_notebook_05_names_the_commands_an_author_uses() -> None:
    (notebook,) = [p for p in NOTEBOOKS if p.name.startswith("05")]
    named = {" ".join(words[:2]) for words in commands(notebook)}
    assert {"iopkit new", "iopkit validate", "make workshop"} <= named
