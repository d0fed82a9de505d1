"""Interactive apps for the notebooks: thin ipywidgets classes over the iopkit core.

Each app takes its data and engine as arguments, holds its controls as named attributes, puts
results into widget values (``HTML.value`` strings, ``Image.value`` PNG bytes), and exposes its
top-level box as ``app.widget``; a notebook cell can end with ``app``. ipywidgets and matplotlib
are imported only when an app is first used:

>>> import iopkit.widgets as w
>>> sorted(w.__all__)  # doctest: +NORMALIZE_WHITESPACE
['CaseEditor', 'CasePicker', 'ContinuumExplorer', 'DischargePlanBuilder', 'HandInButton',
 'KnowledgeCheck', 'PlacementCasePlayer', 'PseudonymPicker', 'ScheduleDesigner',
 'discharge_cases', 'schedule_cases']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from iopkit._lazy import lazy_attributes

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.widgets.cases import CasePicker as CasePicker
    from iopkit.widgets.cases import discharge_cases as discharge_cases
    from iopkit.widgets.cases import schedule_cases as schedule_cases
    from iopkit.widgets.continuum import ContinuumExplorer as ContinuumExplorer
    from iopkit.widgets.discharge import DischargePlanBuilder as DischargePlanBuilder
    from iopkit.widgets.editor import CaseEditor as CaseEditor
    from iopkit.widgets.placement import PlacementCasePlayer as PlacementCasePlayer
    from iopkit.widgets.schedule import ScheduleDesigner as ScheduleDesigner
    from iopkit.widgets.workshop import HandInButton as HandInButton
    from iopkit.widgets.workshop import KnowledgeCheck as KnowledgeCheck
    from iopkit.widgets.workshop import PseudonymPicker as PseudonymPicker

_LAZY = {
    "CaseEditor": "iopkit.widgets.editor",
    "ContinuumExplorer": "iopkit.widgets.continuum",
    "PlacementCasePlayer": "iopkit.widgets.placement",
    "ScheduleDesigner": "iopkit.widgets.schedule",
    "DischargePlanBuilder": "iopkit.widgets.discharge",
    "HandInButton": "iopkit.widgets.workshop",
    "KnowledgeCheck": "iopkit.widgets.workshop",
    "PseudonymPicker": "iopkit.widgets.workshop",
    "CasePicker": "iopkit.widgets.cases",
    "schedule_cases": "iopkit.widgets.cases",
    "discharge_cases": "iopkit.widgets.cases",
}

__all__ = list(_LAZY)


__getattr__, __dir__ = lazy_attributes("iopkit.widgets", _LAZY, globals())
