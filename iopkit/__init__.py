"""iopkit: a training kit about Intensive Outpatient Programmes (IOP).

Educational software with fictional cases; not a clinical decision tool.

Heavy or optional parts load lazily, so ``import iopkit`` stays fast:

>>> import iopkit
>>> iopkit.Level("iop").short
'IOP'
"""

from __future__ import annotations

from iopkit._lazy import lazy_attributes

__version__ = "0.1.0"

DISCLAIMER = (
    "Teaching rules for fictional cases only; not a clinical decision tool. Real placement "
    "decisions need a full clinical assessment."
)
"""The kit's one disclaimer: results, the CLI and the notebooks all show this text."""

_LAZY = {
    "about": "iopkit.notice",
    "Level": "iopkit.levels",
    "LEVELS": "iopkit.levels",
    "Population": "iopkit.levels",
    "Activity": "iopkit.components",
    "Modality": "iopkit.components",
    "Condition": "iopkit.components",
    "Assessment": "iopkit.assessment",
    "recommend": "iopkit.placement",
    "Recommendation": "iopkit.placement",
    "Schedule": "iopkit.schedule",
    "check": "iopkit.schedule",
    "InputError": "iopkit.inputs",
    "IopkitError": "iopkit.errors",
    "ArgumentError": "iopkit.errors",
    "ArgumentTypeError": "iopkit.errors",
    "UnknownNameError": "iopkit.errors",
}

__all__ = ["DISCLAIMER", "__version__", *_LAZY]


__getattr__, __dir__ = lazy_attributes("iopkit", _LAZY, globals())
