"""Fictional case vignettes: the file format, the library loader, safe HTML and validation.

>>> from iopkit.vignettes import load_library
>>> lib = load_library()
>>> all(v.id in lib for v in lib)
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopkit._lazy import lazy_attributes

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.render.cases import markdown_html as markdown_html
    from iopkit.render.cases import stage_html as stage_html
    from iopkit.render.cases import vignette_html as vignette_html
    from iopkit.vignettes.loader import BUILTIN_DIR as BUILTIN_DIR
    from iopkit.vignettes.loader import ENV_VAR as ENV_VAR
    from iopkit.vignettes.loader import Library as Library
    from iopkit.vignettes.loader import load_library as load_library
    from iopkit.vignettes.loader import load_vignette as load_vignette
    from iopkit.vignettes.loader import vignette_from_text as vignette_from_text
    from iopkit.vignettes.model import Decision as Decision
    from iopkit.vignettes.model import DischargePlanBrief as DischargePlanBrief
    from iopkit.vignettes.model import ScheduleTask as ScheduleTask
    from iopkit.vignettes.model import Stage as Stage
    from iopkit.vignettes.model import Vignette as Vignette
    from iopkit.vignettes.validate import KeyCheck as KeyCheck
    from iopkit.vignettes.validate import ValidationReport as ValidationReport
    from iopkit.vignettes.validate import key_check as key_check
    from iopkit.vignettes.validate import validate_paths as validate_paths
    from iopkit.vignettes.validate import validate_text as validate_text

# Each name loads its module on first use: a page that reads the library checked ahead never
# imports the content checks (validate) nor the HTML it does not show.
_LAZY = {
    **dict.fromkeys(("markdown_html", "stage_html", "vignette_html"), "iopkit.render.cases"),
    **dict.fromkeys(
        ("BUILTIN_DIR", "ENV_VAR", "Library", "load_library", "load_vignette")
        + ("vignette_from_text",),
        "iopkit.vignettes.loader",
    ),
    **dict.fromkeys(
        ("Decision", "DischargePlanBrief", "ScheduleTask", "Stage", "Vignette"),
        "iopkit.vignettes.model",
    ),
    **dict.fromkeys(
        ("KeyCheck", "ValidationReport", "key_check", "validate_paths", "validate_text"),
        "iopkit.vignettes.validate",
    ),
}

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


__getattr__, __dir__ = lazy_attributes("iopkit.vignettes", _LAZY, globals())
