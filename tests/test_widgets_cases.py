"""Every case is reachable: the pickers in front of the schedule designer and the plan builder."""

from __future__ import annotations

import html

from app_factories import educator_case_file, multi_stage_vignette

from iopkit.vignettes import BUILTIN_DIR, Library, load_library
from iopkit.widgets import DischargePlanBuilder, ScheduleDesigner, discharge_cases, schedule_cases
from iopkit.widgets.cases import FREE


def test_the_schedule_picker_offers_every_case_with_a_task_then_a_free_design():
    library = load_library()
    picker = schedule_cases(library)
    with_task = [v.id for v in library if v.schedule_task is not None]
    assert len(with_task) >= 5
    assert [value for _, value in picker.options] == [*with_task, FREE]
    for case_id in with_task:  # every case opens, with its own task
        picker.case.value = case_id
        case = library.get(case_id)
        assert isinstance(picker.app, ScheduleDesigner)
        assert picker.app.task == case.schedule_task
        assert html.escape(case.title) in picker.app.brief.value
        assert picker.holder.children == (picker.app.widget,)
    picker.case.value = FREE
    assert picker.app.task is None and "Blank week" in picker.app.brief.value


def test_the_discharge_picker_offers_every_case_with_a_discharge_stage_then_a_free_design():
    library = load_library()
    picker = discharge_cases(library)
    staged = [v.id for v in library if any(s.discharge_plan for s in v.stages)]
    assert len(staged) >= 2
    assert [value for _, value in picker.options] == [*staged, FREE]
    for case_id in staged:
        picker.case.value = case_id
        assert isinstance(picker.app, DischargePlanBuilder)
        assert picker.app.plan_brief is not None
        assert html.escape(library.get(case_id).title) in picker.app.brief.value
    picker.case.value = FREE
    assert picker.app.vignette is None


def test_educators_cases_are_offered_too(tmp_path, monkeypatch):
    extra = multi_stage_vignette()
    library = Library(
        [*((v, tmp_path / f"{v.id}.yaml") for v in load_library()), (extra, tmp_path / "x.yaml")]
    )
    assert extra.id in [value for _, value in discharge_cases(library).options]


def test_the_pickers_read_the_educators_folder_by_default(tmp_path, monkeypatch):
    # an educator's own case with a discharge stage, written from one of the kit's
    discharge_case = BUILTIN_DIR / "tomas-depression.yaml"
    educator_case_file(tmp_path, "educators-discharge-case", discharge_case)
    monkeypatch.setenv("IOPKIT_VIGNETTES", str(tmp_path))
    assert "educators-discharge-case" in [value for _, value in discharge_cases().options]


def test_the_case_drop_down_is_wide_enough_for_its_longest_title():
    picker = schedule_cases()
    longest = max(len(label) for label, _ in picker.options)
    width = float(picker.case.layout.width.removesuffix("em"))
    assert width >= 0.6 * longest + 8  # about 0.6 em a character, after the 8 em label
    assert picker.case.layout.max_width == "100%"  # and it wraps to a narrow window
