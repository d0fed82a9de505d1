"""The vignette file format as data: the published JSON Schema and the commented template.

The schema is generated from the pydantic models (:mod:`iopkit.vignettes.model`) and shipped as
``vignette.schema.json``; a test keeps the two in sync (``make schema`` rewrites the file).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

SCHEMA_FILE = "vignette.schema.json"
TEMPLATE_FILE = "template.yaml"
SCHEMA_ID = "https://iopkit.example/schema/vignette.schema.json"
"""A stable identifier for the schema (not fetched; editors use the local file)."""


def schema_dict() -> dict[str, Any]:
    """The JSON Schema of a vignette file, generated from the pydantic models, with the shape
    rules of ``iopkit validate`` a schema can state (:func:`add_shape_rules`)."""
    from iopkit.vignettes.model import Vignette

    schema = Vignette.model_json_schema()
    add_shape_rules(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "iopkit vignette",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def add_shape_rules(schema: dict[str, Any]) -> None:
    """Rules of :mod:`iopkit.vignettes.checks` that are about shape, so an editor that reads
    the schema flags them as the author types: feedback for every level and for every stage
    decision, and a discharge stage that goes to outpatient care with a discharge plan.

    The rules that need the teaching engine, the word count or the privacy lint stay with
    ``iopkit validate``.
    """
    from iopkit.levels import Level
    from iopkit.vignettes.model import Decision

    schema["properties"]["feedback"]["required"] = [level.value for level in Level]
    stage = schema["$defs"]["Stage"]
    stage["properties"]["feedback"]["required"] = [decision.value for decision in Decision]
    stage["if"] = {
        "properties": {"decision": {"const": Decision.DISCHARGE.value}},
        "required": ["decision"],
    }
    stage["then"] = {
        "properties": {"expected_level": {"const": Level.OUTPATIENT.value}},
        "required": ["discharge_plan"],
    }


def schema_json() -> str:
    """The schema as the text of the shipped ``vignette.schema.json``."""
    return json.dumps(schema_dict(), indent=2, ensure_ascii=False) + "\n"


def shipped_schema_text() -> str:
    """The schema file shipped in the package (what ``iopkit schema`` prints)."""
    return resources.files("iopkit.vignettes").joinpath(SCHEMA_FILE).read_text("utf-8")


def write_shipped_schema() -> Path:
    """Regenerate the shipped ``vignette.schema.json`` from the models (``make schema``)."""
    target = Path(__file__).resolve().parent / SCHEMA_FILE
    target.write_text(schema_json(), encoding="utf-8")
    return target


def template_text(vignette_id: str) -> str:
    """The commented template with ``vignette_id`` filled in."""
    text = resources.files("iopkit.vignettes").joinpath(TEMPLATE_FILE).read_text("utf-8")
    return text.replace("__ID__", vignette_id)


if __name__ == "__main__":  # pragma: no cover - ``make schema``
    print(f"wrote {write_shipped_schema()}")
