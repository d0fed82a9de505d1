"""Relapse-prevention and discharge plan builder: fill the plan, check it, export it."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from iopkit.assessment import Setting
from iopkit.components import Condition
from iopkit.discharge import (
    MEDICATION_SECTION,
    OVERDOSE_SECTION,
    PLACES,
    SAFETY_SECTION,
    SECTIONS,
    SKILL_OPTIONS,
    DischargePlan,
    PlanCheck,
    check_plan,
    local_crisis_contacts,
)
from iopkit.render.cases import markdown_html
from iopkit.render.discharge import plan_brief_html, plan_html
from iopkit.widgets._common import (
    App,
    CheckboxGroup,
    export_html,
    message_html,
    problems_panel,
    shown,
)

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes import DischargePlanBrief, Stage, Vignette

_E = html.escape

_ALL = (*SECTIONS, SAFETY_SECTION, MEDICATION_SECTION, OVERDOSE_SECTION)
_LABELS = {attr: label for attr, label, _ in _ALL}
_HINTS = {attr: why for attr, _, why in _ALL}


LABEL_STYLE = {"description_width": "17em"}
"""One label width for every field, so the boxes line up."""


def _area(attr: str, label: str | None = None) -> Any:
    return w.Textarea(
        description=label or _LABELS[attr],
        placeholder=_HINTS.get(attr, "") + " One per line.",
        layout=w.Layout(width="60em", height="6em"),
        style=LABEL_STYLE,
    )


class DischargePlanBuilder(App):
    """Build a relapse-prevention and discharge plan for a case at discharge.

    ``vignette`` and ``stage`` (a Stage or its index) give the brief: the relapse-prevention
    focus, the follow-up deadline and whether a safety plan is needed. Without them the plan
    is checked against the general rules only.
    """

    def __init__(
        self,
        vignette: Vignette | None = None,
        stage: Stage | int | None = None,
        record: bool = True,
    ) -> None:
        self.vignette = vignette
        self.record = record  # keep each plan check (complete or not, never the text)
        if isinstance(stage, int):
            if vignette is None:
                raise ValueError("a stage index needs the vignette it belongs to")
            stage = vignette.stages[stage]
        self.stage = stage
        self.plan_brief: DischargePlanBrief | None = stage.discharge_plan if stage else None
        self.last_check: PlanCheck | None = None

        self.brief = w.HTML(self._brief_html())
        self.warning_signs = _area("warning_signs")
        self.high_risk_situations = _area("high_risk_situations")
        self.coping = CheckboxGroup(SKILL_OPTIONS, "Coping strategies")
        self.supports = _area("supports")
        self.contacts = _area("professional_contacts")
        self.crisis_contacts = _area("crisis_contacts")
        self.crisis_contacts.value = "\n".join(local_crisis_contacts())  # the facilitator's
        needed = bool(self.plan_brief and self.plan_brief.safety_plan_needed)
        self.safer_environment = _area(
            "safer_environment",
            "Safety plan" + (" (needed)" if needed else " (if needed)"),
        )
        self.medication_plan = w.Textarea(
            description="Medication plan (needed)",
            placeholder=_HINTS["medication_plan"],
            layout=w.Layout(width="60em", height="4em"),
            style=LABEL_STYLE,
        )
        self.overdose_needed = self._opioid_case()
        self.overdose_prevention = _area(
            "overdose_prevention",
            "Overdose prevention" + (" (needed)" if self.overdose_needed else " (if needed)"),
        )
        self.follow_up_days = w.IntText(
            value=0, description="Follow-up within (days)", style=LABEL_STYLE
        )
        focus = self.plan_brief.relapse_prevention_focus if self.plan_brief else ()
        self.places = [
            w.Dropdown(
                options=[("Not placed yet", ""), *((label, attr) for attr, label in PLACES)],
                value="",
                description=f"Item {i + 1} is in",
                style=LABEL_STYLE,
                layout=w.Layout(width="40em", max_width="100%"),
            )
            for i in range(len(focus))
        ]
        self.focus_box = w.VBox(
            [
                w.HTML(
                    "<p><b>Where does your plan cover what the case asks?</b> For each item, "
                    "choose the part of your plan that deals with it.</p>"
                ),
                *(
                    child
                    for i, (item, place) in enumerate(zip(focus, self.places, strict=True))
                    for child in (w.HTML(f"<p>{i + 1}. {_E(item)}</p>"), place)
                ),
            ],
            layout=w.Layout(display="flex" if focus else "none"),
        )
        self.check = w.Button(description="Check plan", button_style="primary")
        self.result = w.HTML()
        self.export = w.Button(description="Export printable plan")
        self.download = w.HTML()
        self.message = w.HTML()
        model = self.plan_brief.model_plan if self.plan_brief else None
        self.compare = w.Button(
            description="Compare with the author's model plan",
            layout=w.Layout(display="none", width="auto"),
        )
        self.model_plan = w.HTML(
            (
                "<div class='iopkit-model-plan'><p><b>The author's model plan</b> (one good "
                f"answer, not the only one):</p>{markdown_html(model)}</div>"
            )
            if model
            else "",
            layout=w.Layout(display="none"),
        )

        self.check.on_click(self._on_check)
        self.compare.on_click(self._on_compare)
        self.export.on_click(self._on_export)

        self.problems = problems_panel()
        self.widget = self._box(
            [
                *shown(self.problems),
                self.brief,
                self.warning_signs,
                self.high_risk_situations,
                self.coping.widget,
                self.supports,
                self.contacts,
                self.crisis_contacts,
                self.safer_environment,
                self.medication_plan,
                self.overdose_prevention,
                self.follow_up_days,
                self.focus_box,
                w.HBox([self.check, self.export]),
                self.result,
                self.compare,
                self.model_plan,
                self.message,
                self.download,
            ]
        )

    @classmethod
    def for_vignette(cls, vignette: Vignette, **kwargs: Any) -> DischargePlanBuilder:
        """A builder for the case's discharge stage (the last stage with a discharge plan)."""
        stage = next((s for s in reversed(vignette.stages) if s.discharge_plan), None)
        return cls(vignette=vignette, stage=stage, **kwargs)

    def _leaving(self) -> Setting | None:
        """The setting the person leaves at this stage (its follow-up limit depends on it)."""
        return self.stage.assessment.current_setting if self.stage is not None else None

    def _opioid_case(self) -> bool:
        """True when the case (at this stage) includes opioid use disorder."""
        if self.stage is not None:
            conditions = self.stage.assessment.conditions
        elif self.vignette is not None:
            conditions = self.vignette.conditions
        else:
            return False
        return Condition.OPIOID_USE_DISORDER in conditions

    def _brief_html(self) -> str:
        return plan_brief_html(
            case_title=self.vignette.title if self.vignette is not None else None,
            stage=self.stage,
            brief=self.plan_brief,
            overdose_prevention=self._opioid_case(),
        )

    def plan(self) -> DischargePlan:
        """The plan as filled in so far."""
        return DischargePlan.from_texts(
            warning_signs=self.warning_signs.value,
            high_risk_situations=self.high_risk_situations.value,
            coping_strategies=list(self.coping.value),
            supports=self.supports.value,
            professional_contacts=self.contacts.value,
            crisis_contacts=self.crisis_contacts.value,
            follow_up_days=self.follow_up_days.value,
            safer_environment=self.safer_environment.value,
            medication_plan=self.medication_plan.value,
            case_title=self.vignette.title if self.vignette else "",
            brief=self.plan_brief,
            overdose_prevention=self.overdose_prevention.value,
            overdose_prevention_needed=self.overdose_needed,
            focus_places=[p.value for p in self.places],
        )

    def _offer_model_plan(self) -> None:
        """Once the trainee has checked their own plan, offer the author's to compare."""
        if self.model_plan.value:
            self.compare.layout.display = "flex"

    def _on_compare(self, _: Any = None) -> None:
        self.model_plan.layout.display = "block"

    def _on_check(self, _: Any = None) -> None:
        self.last_check = check_plan(self.plan(), self.plan_brief, self._leaving())
        self.result.value = self.last_check._repr_html_()
        self._offer_model_plan()
        if self.record:
            from iopkit.responses import record_safely

            check = self.last_check
            saved = record_safely(
                lambda s: s.record_plan(
                    self.vignette.id if self.vignette else "",
                    self.stage.id if self.stage else "",
                    check.complete,
                    check.missing_fields,
                )
            )
            if isinstance(saved, str):
                self.result.value += message_html(saved, "error")

    def _on_export(self, _: Any = None) -> None:
        plan = self.plan()
        result = check_plan(plan, self.plan_brief, self._leaving())
        self.last_check = result
        self.result.value = result._repr_html_()
        page = plan_html(plan, result)
        case = self.vignette.id if self.vignette is not None else None
        self.download.value = export_html(page, "text/html", "plan", ".html", case)
        self.message.value = (
            ""
            if result.complete
            else message_html("the plan is not complete yet; see the check above.", "info")
        )
