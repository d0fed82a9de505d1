"""A case picker in front of an app: every case the app can open, plus a free design.

Notebooks 03 and 04 open with one, so that every schedule task and every discharge stage in
the library (built-in and the educator's own ``IOPKIT_VIGNETTES`` folders) can be opened
without code.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from iopkit.widgets._common import App

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes import Library, Vignette


def fit_width(labels: Iterable[str], label_em: float = 8.0) -> str:
    """A drop-down width (CSS) that shows its longest option whole, beside its label.

    >>> fit_width(["Short", "A much longer option"])
    '22em'
    """
    longest = max((len(text) for text in labels), default=10)
    return f"{label_em + 0.62 * longest + 2:.0f}em"


FREE = ""
"""The picker's value for a free design (no case)."""


class CasePicker(App):
    """A "Case" drop-down over an app: choosing a case opens the app for it.

    ``cases``: the vignettes to offer, in order; ``open_app``: makes the app for a vignette,
    or for ``None`` (a free design); ``free_label``: the wording of the free-design entry.
    ``app`` is the app shown now; each case keeps its own app for the session, so switching
    to another case and back finds the work as it was left.
    """

    def __init__(
        self,
        cases: list[Vignette],
        open_app: Callable[[Vignette | None], App],
        free_label: str,
        what: str,
    ) -> None:
        self.cases = {v.id: v for v in cases}
        self.open_app = open_app
        options = [*((v.title, v.id) for v in cases), (free_label, FREE)]
        self.case = w.Dropdown(
            options=options,
            value=cases[0].id if cases else FREE,
            description="Case",
            layout=w.Layout(width=fit_width(label for label, _ in options), max_width="100%"),
        )
        n = len(cases)
        self.intro = w.HTML(
            f"<p>Choose one of the {n} case{'s' if n != 1 else ''} with {html.escape(what)}, "
            f"or a free design. The app below changes to the case you choose.</p>"
        )
        # One app per case for the session: switching back shows the work left there.
        self.apps: dict[str, App] = {}
        self.app: App = self._app_for(self.case.value)
        self.holder = w.Box([self.app.widget])
        self.case.observe(self._on_case, names="value")
        self.widget = self._box([self.intro, self.case, self.holder])

    def _app_for(self, key: str) -> App:
        if key not in self.apps:
            self.apps[key] = self.open_app(self.cases.get(key))
        return self.apps[key]

    def _on_case(self, _: Any = None) -> None:
        self.app = self._app_for(self.case.value)
        self.holder.children = [self.app.widget]

    @property
    def options(self) -> list[tuple[str, str]]:
        """(label, value) of every entry: the cases, then the free design."""
        return list(self.case.options)


def schedule_cases(library: Library | None = None) -> CasePicker:
    """A picker of every case with a schedule task, in front of the schedule designer."""
    from iopkit.vignettes import load_library
    from iopkit.widgets.schedule import ScheduleDesigner

    lib = library if library is not None else load_library()

    def open_app(v: Vignette | None) -> App:
        if v is not None:
            return ScheduleDesigner.for_vignette(v, restore=True)
        designer = ScheduleDesigner()
        designer.restore()
        return designer

    cases = [v for v in lib.vignettes if v.schedule_task is not None]
    return CasePicker(cases, open_app, "Free design: a blank week, no case", "a scheduling task")


def discharge_cases(library: Library | None = None) -> CasePicker:
    """A picker of every case with a discharge stage, in front of the plan builder."""
    from iopkit.vignettes import load_library
    from iopkit.widgets.discharge import DischargePlanBuilder

    lib = library if library is not None else load_library()

    def open_app(v: Vignette | None) -> App:
        return DischargePlanBuilder.for_vignette(v) if v is not None else DischargePlanBuilder()

    cases = [v for v in lib.vignettes if any(s.discharge_plan for s in v.stages)]
    return CasePicker(
        cases, open_app, "Free design: a plan with no case (general rules)", "a discharge stage"
    )


__all__ = ["FREE", "CasePicker", "discharge_cases", "schedule_cases"]
