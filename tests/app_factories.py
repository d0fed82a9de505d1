"""Fictional vignettes built in-test for the training logic and the widget apps."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from factories import IOP_CANDIDATE

from iopkit.levels import Level
from iopkit.vignettes.model import Decision, Vignette

STORY = (
    "Sam is a fictional 38-year-old warehouse planner with four months of low mood. "
    "Weekly therapy has not helped enough and work has become hard. " * 6
)


def level_feedback(tag: str = "") -> dict[str, str]:
    return {lv.value: f"{tag}Feedback for {lv.label} in this case." for lv in Level}


def decision_feedback(stage: str) -> dict[str, str]:
    return {d.value: f"Stage {stage}: feedback for {d.label}." for d in Decision}


def make_vignette(**overrides: Any) -> Vignette:
    """A valid one-stage IOP case; override any top-level field."""
    data: dict[str, Any] = {
        "id": "sam-iop-test",
        "title": "Sam, 38: weekly therapy is not enough",
        "version": 1,
        "authors": ["iopkit tests"],
        "last_reviewed": "2026-11-28",
        "population": "adult",
        "conditions": ["major_depressive_disorder"],
        "presentation": STORY,
        "assessment": dict(IOP_CANDIDATE),
        "expected_level": "iop",
        "feedback": level_feedback(),
        "learning_points": ["IOP sits one step above weekly therapy."],
        "references": ["Programme overview"],
    }
    data.update(overrides)
    return Vignette.model_validate(data)


#: A case file ``iopkit validate`` passes without a problem (one later stage, a step down).
VALID_CASE_FILE = Path(__file__).parent / "fixtures" / "vignettes" / "evening-iop.yaml"


def educator_case_file(folder: Path, case_id: str, source: Path = VALID_CASE_FILE) -> Path:
    """Copy a valid case file into an educator's folder under a new id.

    The loader serves only cases ``iopkit validate`` finds no error in, so a case dropped into
    an educator's folder by a test must be a whole valid case (the in-test vignettes above
    keep their stories short and are played through a ``Library`` directly)."""
    text, count = re.subn(
        r"^id: .*$", f"id: {case_id}", source.read_text("utf-8"), count=1, flags=re.M
    )
    assert count == 1, source
    path = folder / f"{case_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def multi_stage_vignette(**overrides: Any) -> Vignette:
    """Admission to inpatient for imminent risk, step-down to IOP, then discharge."""
    stages = [
        {
            "id": "day-10",
            "title": "Day 10: leaving hospital",
            "update": "Risk is no longer imminent; symptoms are moderate.",
            "assessment": {
                **IOP_CANDIDATE,
                "current_setting": "inpatient",
                "safety": "safety_plan",
            },
            "decision": "step_down",
            "expected_level": "iop",
            "feedback": decision_feedback("1"),
            "learning_points": ["IOP is the usual step-down from hospital."],
        },
        {
            "id": "week-8",
            "title": "Week 8: discharge planning",
            "update": "Mood is much better; PHQ-9 is 6.",
            "assessment": {
                **IOP_CANDIDATE,
                "current_setting": "iop",
                "symptom_severity": "mild",
                "functional_impairment": "mild",
                "outpatient_response": "adequate",
            },
            "decision": "discharge",
            "expected_level": "outpatient",
            "feedback": decision_feedback("2"),
            "learning_points": ["Book follow-up within 7 days."],
            "discharge_plan": {
                "follow_up_within_days": 7,
                "relapse_prevention_focus": ["Anniversary of the loss"],
                "safety_plan_needed": True,
            },
        },
    ]
    data: dict[str, Any] = {
        "id": "kim-inpatient-test",
        "title": "Kim, 45: from hospital to IOP to home",
        "assessment": {**IOP_CANDIDATE, "safety": "cannot_keep_safe", "symptom_severity": "severe"},
        "expected_level": "inpatient",
        "feedback": level_feedback("Kim: "),
        "stages": stages,
    }
    data.update(overrides)
    return make_vignette(**data)


def decide(app: Any, decision: Decision, target: Level | None = None) -> None:
    """Choose a decision at the stage the player shows (a step names ``target``, or the first
    level offered) and check it."""
    app.stage_choice.value = decision
    if target is not None:
        app.stage_target.value = target
    elif app.stage_target.options and app.stage_target.value is None:
        app.stage_target.value = app.stage_target.options[0][1]
    app.stage_submit.click()


HOSTILE = "<script>alert('x')</script>"


def hostile_vignette() -> Vignette:
    """Script tags in every free-text field a widget shows."""
    return multi_stage_vignette(
        id="hostile-test",
        title=f"Evil {HOSTILE} title",
        presentation=STORY + HOSTILE,
        feedback=level_feedback(HOSTILE),
        learning_points=[f"Point {HOSTILE}"],
        key_differs_because=None,
    )


def walk(widget):
    """Every widget inside a box, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def unlabelled(app) -> list[str]:
    """Controls without a visible label, and images without a text alternative."""
    import ipywidgets as w

    labelled = (w.Button, w.ValueWidget)
    bad = []
    for widget in walk(app.widget):
        if isinstance(widget, w.Image):
            missing = not widget.tooltip
        elif isinstance(widget, labelled) and not isinstance(widget, (w.HTML, w.Label)):
            missing = not widget.description
        else:
            missing = False
        if missing:
            bad.append(repr(widget)[:60])
    return bad
