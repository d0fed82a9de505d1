"""Reading files people write by hand, safely, and explaining what is wrong with them.

One idea a module:

- :mod:`~iopkit.inputs.problems`: the wording of problems (:class:`Problem`, :class:`InputError`,
  did-you-mean, escaping of invisible characters);
- :mod:`~iopkit.inputs.document`: reading a file's text (size and encoding checked) and the
  parsed :class:`Document`;
- :mod:`~iopkit.inputs.yaml_reader` and :mod:`~iopkit.inputs.yaml_advice`: YAML, and its syntax
  errors in plain words at the real line;
- :mod:`~iopkit.inputs.json_reader`: JSON;
- :mod:`~iopkit.inputs.model_problems`: a model's validation errors as problems.

Every public name is importable from ``iopkit.inputs`` itself.
"""

from __future__ import annotations

import os
from pathlib import Path

from iopkit.inputs.document import MAX_FILE_BYTES, Document, PathKey, as_mapping, read_text
from iopkit.inputs.json_reader import parse_json
from iopkit.inputs.model_problems import fields_at, problems_from_pydantic
from iopkit.inputs.problems import (
    MAX_NESTING,
    MAX_NUMBER_DIGITS,
    InputError,
    Problem,
    ProblemSeverity,
    describe_character,
    did_you_mean,
    format_path,
    line_column,
    printable,
    short_value,
)
from iopkit.inputs.yaml_reader import Unquoted, parse_yaml

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_NESTING",
    "MAX_NUMBER_DIGITS",
    "Document",
    "InputError",
    "PathKey",
    "Problem",
    "ProblemSeverity",
    "Unquoted",
    "as_mapping",
    "describe_character",
    "did_you_mean",
    "fields_at",
    "format_path",
    "line_column",
    "load_document",
    "parse_json",
    "parse_text",
    "parse_yaml",
    "printable",
    "problems_from_pydantic",
    "read_text",
    "short_value",
]


def parse_text(text: str, name: str) -> Document:
    """Parse a file's text as JSON (a name ending ``.json``) or YAML (any other name)."""
    if not text.strip():
        raise InputError([Problem("the file is empty", file=name, code="empty")])
    if name.lower().endswith(".json"):
        return parse_json(text, name)
    return parse_yaml(text, name)


def load_document(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read and parse a YAML or JSON file (by extension; YAML otherwise)."""
    if not str(path).strip() or not os.fspath(path):
        raise InputError([Problem("the file name is empty: give the path of a file", file="''")])
    p = Path(path)
    return parse_text(read_text(p, max_bytes), str(p))
