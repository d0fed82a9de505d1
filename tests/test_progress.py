"""Case progress: the admission question, then each later stage in turn, without widgets."""

from __future__ import annotations

import pytest
from app_factories import make_vignette, multi_stage_vignette

from iopkit.discharge import DischargePlan, check_plan, follow_up_limit
from iopkit.levels import Level
from iopkit.progress import ADMISSION, CaseProgress
from iopkit.vignettes.model import Decision, DischargePlanBrief


def test_a_case_starts_at_admission_with_the_admission_findings() -> None:
    v = multi_stage_vignette()
    p = CaseProgress(v)
    assert p.stage_index == ADMISSION and p.at_admission and p.stage is None
    assert p.assessment == v.assessment
    assert p.question == v.id
    assert not p.answered and not p.can_go_on


def test_answering_opens_the_next_stage_whose_findings_drive_the_questions() -> None:
    v = multi_stage_vignette()
    p, result = CaseProgress(v).answer(Level.INPATIENT)
    assert result.correct and p.answered and p.can_go_on
    p = p.next_stage()
    assert p.stage_index == 0 and not p.answered
    assert p.assessment == v.stages[0].assessment
    assert p.question == f"{v.id}/day-10"
    p, stage_result = p.decide(Decision.STEP_DOWN)
    assert stage_result.correct and p.can_go_on
    p, _ = p.next_stage().decide("continue")
    assert p.stage_index == 1 and p.answered and not p.can_go_on


def test_moving_on_needs_an_answer_and_a_later_stage() -> None:
    with pytest.raises(ValueError, match="answer this question first"):
        CaseProgress(multi_stage_vignette()).next_stage()
    done, _ = CaseProgress(make_vignette()).answer("iop")
    assert not done.can_go_on
    with pytest.raises(ValueError):
        done.next_stage()
    with pytest.raises(ValueError, match="choose a level first"):
        CaseProgress(make_vignette()).decide("continue")


def test_progress_is_a_value_answering_returns_a_new_one() -> None:
    start = CaseProgress(multi_stage_vignette())
    after, _ = start.answer("iop")
    assert not start.answered and after.answered and start != after


def test_the_follow_up_limit_is_the_standard_or_the_case_s_stricter_one() -> None:
    brief = DischargePlanBrief(follow_up_within_days=3, relapse_prevention_focus=["payday"])
    assert follow_up_limit() == 7
    assert follow_up_limit(brief) == 3
    late = DischargePlan(follow_up_days=5)
    assert "follow_up_days" not in check_plan(late).missing_fields
    assert "follow_up_days" in check_plan(late, brief).missing_fields


def test_the_plan_builder_states_the_limit_the_plan_check_applies() -> None:
    pytest.importorskip("ipywidgets")
    from iopkit.widgets import DischargePlanBuilder

    v = multi_stage_vignette()
    stage = v.stages[-1]
    app = DischargePlanBuilder(vignette=v, stage=stage)
    assert f"within {follow_up_limit(stage.discharge_plan)} days" in app.brief.value
