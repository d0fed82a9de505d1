"""Every clinical number lives in iopkit/sources.py, once, with its source; others read it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import iopkit
from iopkit import sources as S

PACKAGE = Path(iopkit.__file__).resolve().parent

#: A clinical figure typed into text: "9-15", "20 h", "7 days", "6 weeks".
RETYPED = re.compile(r"\b\d+(\.\d+)?\s*(-\s*\d+\s*)?(h|hours?|days?|weeks?)\b|\b\d+-\d+\b")


def _not_messages(tree: ast.AST) -> set[int]:
    """Docstrings (of modules, classes, functions and attributes) and field descriptions."""
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            ids.add(id(node.value))
        if isinstance(node, ast.keyword) and node.arg == "description":
            ids |= {id(n) for n in ast.walk(node.value)}
    return ids


def retyped_numbers(source: str) -> list[str]:
    """Text constants (f-string parts included) that spell a clinical figure.

    Docstrings and the input limits in field descriptions ("Length in minutes (1-720)") are
    not messages about care and are not checked.
    """
    tree = ast.parse(source)
    skip = _not_messages(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            match = RETYPED.search(node.value)
            if match:
                found.append(f"line {node.lineno}: {match.group(0)!r} in {node.value!r}")
    return found


NOT_CLINICAL = {
    "sources.py": "the home of the numbers (its citations carry dates)",
    "cli/authoring.py": "the length of an id slug (3-64)",
    "vignettes/schema.py": "the JSON Schema draft's name (2020-12)",
    "vignettes/texts.py": "a YAML regular expression ([-+0-9])",
    "fields.py": "clock digits and ranges of a written time (0-9, 00-23)",
    "inputs/yaml_reader.py": "the YAML number grammar ([1-9][0-9_]*)",
    "inputs/json_reader.py": "the JSON number grammar ([1-9][0-9]*)",
    "learning_quiz/bank.py": "multiple-choice options, wrong ones included, are written out",
}
MODULES = sorted(
    str(p.relative_to(PACKAGE))
    for p in PACKAGE.rglob("*.py")
    if str(p.relative_to(PACKAGE)) not in NOT_CLINICAL
)


@pytest.mark.parametrize("module", MODULES)
def test_rule_messages_take_their_numbers_from_sources(module: str) -> None:
    assert retyped_numbers((PACKAGE / module).read_text(encoding="utf-8")) == []


def test_the_retyped_number_check_can_fail() -> None:
    bad = (
        'def f(x):\n    """9-15 h in a docstring is fine."""\n'
        '    return f"IOP is {x} (9-15 a week)"\n'
    )
    assert retyped_numbers(bad) == ["line 3: '9-15' in ' (9-15 a week)'"]
    assert retyped_numbers('MESSAGE = "book it within 7 days"\n') != []


def test_sources_holds_bands_not_float_copies() -> None:
    tree = ast.parse((PACKAGE / "sources.py").read_text(encoding="utf-8"))
    floats = [
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, float)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]
    assert floats == []


def test_no_band_is_written_outside_sources() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "sources.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        calls = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Band"
        ]
        assert calls == [], f"{path.relative_to(PACKAGE)} builds a Band at lines {calls}"


def test_no_band_is_looked_up_by_its_label() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert "dict(level_iop)" not in text and "extra_figures).get(" not in text, path


def test_band_bounds_say_which_side_is_open() -> None:
    assert S.PHP_WEEKLY_HOURS.minimum == 20
    with pytest.raises(ValueError, match="no upper bound"):
        _ = S.PHP_WEEKLY_HOURS.maximum
    with pytest.raises(ValueError, match="no lower bound"):
        _ = S.OUTPATIENT_WEEKLY_HOURS_ADULT.minimum
