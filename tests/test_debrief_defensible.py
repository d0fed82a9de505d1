"""The debrief shows defensible answers apart: never confidently wrong, never the most common
wrong answer, a stack of their own in the confidence chart; all regraded from the choice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from app_factories import make_vignette, multi_stage_vignette
from factories import IOP_CANDIDATE

from iopkit.debrief import build_debrief
from iopkit.debrief_plots import plot_confidence
from iopkit.vignettes import Library

SAM = make_vignette(also_defensible={"php": "Her days are empty; a panel could give daily care."})
KIM = multi_stage_vignette()  # inpatient, step down to IOP (day-10), discharge (week-8)
WES = make_vignette(
    id="wes-withdrawal-test",
    conditions=["alcohol_use_disorder"],
    assessment={**IOP_CANDIDATE, "withdrawal": "needs_management", "withdrawal_risk": "low"},
    expected_level="withdrawal_management",
)
LIBRARY = Library([(v, Path(f"{v.id}.yaml")) for v in (SAM, KIM, WES)])


def export(tid: str, *rows: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "iopkit-responses",
        "format_version": 1,
        "kit_version": "test",
        "exported_at": "2026-03-02T10:00:00+00:00",
        "trainee": {"id": tid, "pseudonym": f"T-{tid}"},
        "vignette_versions": {v.id: v.version for v in LIBRARY.vignettes},
        "placement": list(rows),
        "quiz": [],
        "schedule": [],
        "plan": [],
    }


def answer(chosen: str, case: str = SAM.id, stage: str = "", **stated: Any) -> dict[str, Any]:
    return {
        "case_id": case,
        "stage": stage,
        "attempt": 1,
        "chosen": chosen,
        "expected": "iop",
        "correct": False,
        "confidence": "very sure",
        "seconds": 40.0,
        **stated,
    }


@pytest.fixture
def room():
    return build_debrief(
        [
            export("a", answer("iop")),
            export("b", answer("php")),
            export("c", answer("php")),
            export("d", answer("residential")),
        ],
        LIBRARY,
    )


def test_defensible_answer_is_not_confidently_wrong(room):
    case = room.case(SAM.id)
    assert (case.defensible, case.confident_wrong) == (2, 1)  # only the residential answer
    assert case.common_wrong == "residential"  # PHP, chosen twice, is defensible, not wrong


def test_confidence_counts_defensible_apart(room):
    (sure,) = [r for r in room.confidence if r.label == "Very sure"]
    assert (sure.answers, sure.correct, sure.defensible, sure.not_right) == (4, 1, 2, 1)
    assert "<th scope='col'>Defensible</th>" in room.to_html(standalone=False) or (
        ">Defensible<" in room.to_html(standalone=False)
    )


def test_a_hand_in_that_states_a_grade_is_regraded_from_the_choice():
    d = build_debrief(
        [export("a", answer("residential", grade="defensible", correct=True))], LIBRARY
    )
    (sure,) = [r for r in d.confidence if r.label == "Very sure"]
    assert (sure.correct, sure.defensible, sure.not_right) == (0, 0, 1)


def test_confidence_plot_stacks_defensible_apart(room):
    ax = plot_confidence(room)
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx([0.25, 0.5])  # right, then defensible on top
    assert ax.patches[1].get_y() == pytest.approx(0.25)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Right", "Defensible"]
    assert "25% right, 50% defensible" in ax.texts[0].get_text()


def test_withdrawal_answers_with_a_setting_count_as_withdrawal_management():
    d = build_debrief(
        [
            export("a", answer("withdrawal_management:24_hour", case=WES.id)),
            export("b", answer("withdrawal_management:ambulatory", case=WES.id)),
        ],
        LIBRARY,
    )
    case = d.case(WES.id)
    assert case.chosen == {"withdrawal_management": 2}
    assert case.accuracy == 0.5  # the 24-hour setting is not this case's key


def test_a_stage_answer_naming_its_level_grades_as_the_key_it_reaches():
    d = build_debrief(
        [
            export(
                "a",
                answer("inpatient", case=KIM.id),
                answer("step_down:outpatient", case=KIM.id, stage="week-8"),
            )
        ],
        LIBRARY,
    )
    (stage,) = d.case(KIM.id).stages
    assert stage.accuracy == 1.0  # from IOP, step down to outpatient is the discharge
    assert stage.decisions == {"step_down": 1}
