"""Reading the rule tables in docs/ so that tests can hold them against the code's tables."""

from __future__ import annotations

import re
from pathlib import Path

DOCS = Path(__file__).resolve().parents[1] / "docs"


def table_rows(doc: str, heading: str) -> list[dict[str, str]]:
    """The rows of the first Markdown table after ``heading`` in ``docs/doc``, by column name."""
    text = (DOCS / doc).read_text(encoding="utf-8")
    start = text.index(heading)
    lines = text[start:].splitlines()[1:]
    table = [line for line in _first_block(lines) if line.startswith("|")]
    header = _cells(table[0])
    return [dict(zip(header, _cells(line), strict=True)) for line in table[2:]]


def codes_in(cell: str) -> list[str]:
    """The `code` names in a cell: "`step-down` / `step-up`" -> ["step-down", "step-up"]."""
    return re.findall(r"`([^`]+)`", cell)


def _first_block(lines: list[str]) -> list[str]:
    block: list[str] = []
    for line in lines:
        if line.startswith("|"):
            block.append(line)
        elif block:
            break
    return block


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]
