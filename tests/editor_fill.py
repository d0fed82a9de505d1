"""Filling the case editor's form through its controls, as an educator would (for tests)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from iopkit.vignettes.draft import draft_from_yaml
from iopkit.widgets.form import Field, OptionalSection, PerChoice, Repeat, SectionForm

CASE = Path(__file__).parent / "fixtures" / "editor" / "selin-worry-on-the-bus.yaml"
"""A fictional case written by hand: the editor tests type it into the form."""


def case_data() -> dict[str, Any]:
    """The case's fields as the editor reads them (older field names brought up to date by
    the models, so the fixture keeps working as the format moves on)."""
    opened = draft_from_yaml(CASE.read_text("utf-8"), CASE.name)
    assert not [n for n in opened.notes if "not part of the case format" in n], opened.notes
    return opened.data


def fill(form: SectionForm, data: dict[str, Any]) -> None:
    """Set each control of ``form`` from ``data`` (choice by value, text typed, boxes ticked,
    a stage added with its button)."""
    for name, value in data.items():
        part = form.parts[name]
        if isinstance(part, Field):
            _fill_field(part, value)
        elif isinstance(part, PerChoice):
            for key, text in value.items():
                part.boxes[key].value = text
        elif isinstance(part, OptionalSection):
            part.include.value = True
            fill(part.form, value)
        elif isinstance(part, Repeat):
            for item in value:
                part.add.click()
                fill(part.items[-1], item)


def _fill_field(field: Field, value: Any) -> None:
    kind = field.spec.kind
    if kind == "multi":
        for (_, v), box in zip(field.group.options, field.group.boxes, strict=True):
            box.value = v in value
    elif kind == "lines":
        field.input.value = "\n".join(value)
    elif kind == "date":
        field.input.value = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
    elif kind in ("choice", "yesno"):
        field.input.value = value
    else:
        field.input.value = str(value)
