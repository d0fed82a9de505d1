"""The debrief shows defensible answers apart: never confidently wrong, never the most common
wrong answer, a stack of their own in the confidence chart."""

from __future__ import annotations

from typing import Any

import pytest

from iopkit.debrief import build_debrief
from iopkit.debrief_plots import plot_confidence

LENA = "lena-worry"  # key: outpatient


def export(tid: str, *rows: dict[str, Any]) -> dict[str, Any]:
    return {
        "format": "iopkit-responses",
        "format_version": 1,
        "kit_version": "test",
        "exported_at": "2026-03-02T10:00:00+00:00",
        "trainee": {"id": tid, "pseudonym": f"T-{tid}"},
        "vignette_versions": {},
        "placement": list(rows),
        "quiz": [],
        "schedule": [],
        "plan": [],
    }


def answer(chosen: str, grade: str, confidence: str = "very sure", stage: str = "") -> dict:
    return {
        "case_id": LENA,
        "stage": stage,
        "attempt": 1,
        "chosen": chosen,
        "expected": "outpatient",
        "correct": grade == "key",
        "grade": grade,
        "confidence": confidence,
        "seconds": 40.0,
    }


@pytest.fixture
def room():
    return build_debrief(
        [
            export("a", answer("outpatient", "key")),
            export("b", answer("iop", "defensible")),
            export("c", answer("iop", "defensible")),
            export("d", answer("php", "not_right")),
        ]
    )


def test_defensible_answer_is_not_confidently_wrong(room):
    case = room.case(LENA)
    assert case.confident_wrong == 1  # only the PHP answer
    assert case.common_wrong == "php"  # IOP, chosen twice, is defensible, not wrong


def test_confidence_counts_defensible_apart(room):
    (sure,) = [r for r in room.confidence if r.label == "Very sure"]
    assert (sure.answers, sure.correct, sure.defensible, sure.not_right) == (4, 1, 2, 1)
    page = room.to_html(standalone=False)
    assert "<th>Defensible</th>" in page or ">Defensible<" in page


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
            export("a", answer("withdrawal_management:24_hour", "not_right")),
            export("b", answer("withdrawal_management:ambulatory", "not_right")),
        ]
    )
    assert d.case(LENA).chosen == {"withdrawal_management": 2}


def test_a_stage_answer_naming_its_level_reads_in_words():
    d = build_debrief(
        [
            export(
                "a",
                answer("outpatient", "key"),
                {**answer("step_down:outpatient", "key", stage="week-6"), "expected": "discharge"},
            )
        ]
    )
    assert "Step down to Outpatient 1" in d.to_html(standalone=False)
