"""Fictional case vignettes: the file format, the library loader, safe HTML and validation.

>>> from iopkit.vignettes import load_library
>>> lib = load_library()
>>> all(v.id in lib for v in lib)
True
"""

from __future__ import annotations

from iopkit.render.cases import markdown_html, stage_html, vignette_html
from iopkit.vignettes.loader import (
    BUILTIN_DIR,
    ENV_VAR,
    Library,
    load_library,
    load_vignette,
    vignette_from_text,
)
from iopkit.vignettes.model import Decision, DischargePlanBrief, ScheduleTask, Stage, Vignette
from iopkit.vignettes.validate import (
    KeyCheck,
    ValidationReport,
    key_check,
    validate_paths,
    validate_text,
)

__all__ = [
    "KeyCheck",
    "key_check",
    "BUILTIN_DIR",
    "ENV_VAR",
    "Decision",
    "DischargePlanBrief",
    "Library",
    "ScheduleTask",
    "Stage",
    "ValidationReport",
    "Vignette",
    "load_library",
    "load_vignette",
    "markdown_html",
    "stage_html",
    "validate_paths",
    "validate_text",
    "vignette_from_text",
    "vignette_html",
]
