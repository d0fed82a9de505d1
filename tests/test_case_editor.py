"""The case editor: a form built from the case models, Check, Preview, Save and Open."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from app_factories import decide
from editor_fill import CASE, case_data, fill

from iopkit.vignettes import load_library, load_vignette, validate_paths
from iopkit.vignettes.form import form_fields
from iopkit.vignettes.loader import BUILTIN_DIR, ENV_VAR, vignette_files
from iopkit.vignettes.model import Decision, Vignette
from iopkit.widgets.editor import KIT, OTHER, CaseEditor
from iopkit.widgets.form import Field, PerChoice


def _editor(folder: Path) -> CaseEditor:
    return CaseEditor(folder=folder)


def _open(editor: CaseEditor, value: str) -> None:
    editor.open_choice.value = value
    editor.open_button.click()


def test_every_model_field_has_a_control_in_the_form(tmp_path: Path) -> None:
    editor = _editor(tmp_path)
    for spec in form_fields(Vignette):
        assert editor.form.part(spec.name) is not None
    assessment = editor.form.part("assessment").form
    assert set(assessment.parts) == set(Vignette.model_fields["assessment"].annotation.model_fields)


def test_each_finding_is_a_dropdown_of_its_vocabulary_with_the_field_description(
    tmp_path: Path,
) -> None:
    field = _editor(tmp_path).form.part("assessment.withdrawal")
    assert isinstance(field, Field)
    values = [v for _, v in field.input.options]
    assert values == ["", "none", "completed", "needs_management"]
    assert field.input.options[0] == ("Choose...", "")
    assert field.input.description == "Withdrawal"
    assert "needs management" in field.help.value  # the words the drop-down shows
    assert field.input.tooltip == field.spec.help  # the accessible description


def test_save_without_a_short_name_or_file_name_says_what_to_give(tmp_path: Path) -> None:
    editor = _editor(tmp_path)
    editor.save_button.click()
    assert "give the case a short name (id) or a file name first" in editor.status.value
    assert list(tmp_path.iterdir()) == []


def test_the_story_box_counts_words_as_they_are_typed(tmp_path: Path) -> None:
    story = _editor(tmp_path).form.part("presentation")
    story.input.value = "Selin is 27 and works in accounts."
    assert "<b>7</b> words (write 250-600)" in story.words.value


def test_a_case_written_from_nothing_saves_validates_and_loads_like_the_hand_written_file(
    tmp_path: Path,
) -> None:
    editor = _editor(tmp_path)
    fill(editor.form, case_data())
    editor.save_button.click()
    saved = tmp_path / "selin-worry-on-the-bus.yaml"
    assert "Saved as <b>selin-worry-on-the-bus.yaml</b>" in editor.status.value
    assert "download='selin-worry-on-the-bus.yaml'" in editor.status.value
    assert validate_paths([saved]).ok
    assert load_vignette(saved) == load_vignette(CASE)
    assert "selin-worry-on-the-bus" in load_library([tmp_path])


def test_check_shows_each_problem_beside_the_field_it_concerns(tmp_path: Path) -> None:
    editor = _editor(tmp_path)
    data = case_data()
    del data["feedback"]["php"]
    data["expected_level"] = "php"
    fill(editor.form, data)
    editor.check_button.click()
    feedback = editor.form.part("feedback")
    assert isinstance(feedback, PerChoice)
    assert "feedback is missing for php" in feedback.problems.value
    assert "the engine recommends iop" in editor.form.part("expected_level").problems.value
    assert editor.form.part("title").problems.value == ""
    assert "2 errors" in editor.report.value


def test_a_missing_finding_is_named_beside_its_dropdown(tmp_path: Path) -> None:
    editor = _editor(tmp_path)
    data = case_data()
    del data["assessment"]["motivation"]
    fill(editor.form, data)
    editor.check_button.click()
    assert "required field is missing" in editor.form.part("assessment.motivation").problems.value


def test_check_labels_the_problems_with_the_drafts_own_fields_not_another_file(
    tmp_path: Path,
) -> None:
    editor = _editor(tmp_path)
    editor.check_button.click()
    assert "selin" not in editor.report.value
    assert "draft.yaml" not in editor.report.value
    assert "Short name (id)" in editor.report.value


def test_a_backslash_in_the_story_stays_a_backslash(tmp_path: Path) -> None:
    editor = _editor(tmp_path)
    data = case_data()
    data["presentation"] = data["presentation"].replace("bus to work", r"bus to work \b \n \\")
    fill(editor.form, data)
    editor.save_button.click()
    story = load_vignette(tmp_path / "selin-worry-on-the-bus.yaml").presentation
    assert r"bus to work \b \n \\" in story


def test_preview_runs_the_trainees_case_player_on_the_draft_with_its_stages(
    tmp_path: Path,
) -> None:
    editor = _editor(tmp_path)
    _open(editor, KIT + str(BUILTIN_DIR / "ayse-depression-step-up.yaml"))
    editor.preview_button.click()
    from iopkit.widgets.placement import PlacementCasePlayer

    player_box = editor.preview.children[1]
    assert "Check my answer" in [c.description for c in _buttons(player_box)]
    # answer as a trainee: the author's feedback and the next stage come from the draft
    player = editor.player
    assert isinstance(player, PlacementCasePlayer)
    player.choice.value = player.current.expected_level
    player.submit.click()
    assert player.current.feedback[player.current.expected_level][:40] in _unescape(
        player.feedback.value
    )
    player.next_stage.click()
    stage = player.current.stages[0]
    assert stage.title in player.stage_info.value
    decide(player, stage.decision, stage.expected_level)  # a step names where it goes
    assert stage.feedback[stage.decision][:30] in _unescape(player.stage_feedback.value)


def test_preview_of_an_incomplete_draft_says_what_to_fix(tmp_path: Path) -> None:
    editor = _editor(tmp_path)
    editor.preview_button.click()
    assert "fix the errors Check lists" in editor.preview.children[0].value


def test_save_asks_before_replacing_a_file_and_keeps_it_when_told_to(tmp_path: Path) -> None:
    (tmp_path / "selin-worry-on-the-bus.yaml").write_text("id: old\n", "utf-8")
    editor = _editor(tmp_path)
    fill(editor.form, case_data())
    editor.save_button.click()
    assert "already in your case folder" in editor.status.value
    assert editor.confirm.layout.display == ""
    editor.cancel_button.click()
    assert (tmp_path / "selin-worry-on-the-bus.yaml").read_text("utf-8") == "id: old\n"
    editor.save_button.click()
    editor.replace_button.click()
    assert "Replaced" in editor.status.value
    assert load_vignette(tmp_path / "selin-worry-on-the-bus.yaml").id == "selin-worry-on-the-bus"


def test_saving_again_the_file_just_saved_does_not_ask(tmp_path: Path) -> None:
    editor = _editor(tmp_path)
    fill(editor.form, case_data())
    editor.save_button.click()
    editor.form.part("title").input.value = "Selin, 27: a new title"
    editor.save_button.click()
    assert editor.confirm.layout.display == "none"
    assert load_vignette(tmp_path / "selin-worry-on-the-bus.yaml").title == "Selin, 27: a new title"


def test_check_names_another_file_in_the_folder_with_the_same_short_name(
    tmp_path: Path,
) -> None:
    (tmp_path / "first.yaml").write_text(CASE.read_text("utf-8"), "utf-8")
    editor = _editor(tmp_path)
    fill(editor.form, case_data())
    editor.check_button.click()
    assert "already used by first.yaml" in editor.form.part("id").problems.value


def test_open_after_saving_needs_no_second_press(tmp_path: Path) -> None:
    editor = _editor(tmp_path)
    fill(editor.form, case_data())
    editor.save_button.click()
    _open(editor, KIT + str(BUILTIN_DIR / "lena-worry.yaml"))
    assert "opened a kit case" in editor.open_status.value


def test_a_file_name_with_a_folder_in_it_is_refused_in_plain_words(tmp_path: Path) -> None:
    editor = _editor(tmp_path)
    fill(editor.form, case_data())
    editor.file_name.value = "../elsewhere.yaml"
    editor.save_button.click()
    assert "no folder in it" in editor.status.value
    assert not (tmp_path.parent / "elsewhere.yaml").exists()


def test_open_lists_the_educators_files_and_fills_the_form(tmp_path: Path) -> None:
    (tmp_path / "selin.yaml").write_text(CASE.read_text("utf-8"), "utf-8")
    editor = _editor(tmp_path)
    labels = [label for label, _ in editor.open_choice.options]
    assert "Your file: selin.yaml" in labels
    _open(editor, str(tmp_path / "selin.yaml"))
    assert editor.form.part("assessment.current_setting").input.value == "outpatient"
    assert editor.file_name.value == "selin.yaml"
    assert editor.form.part("last_reviewed").input.value == dt.date(2026, 11, 28)


def test_open_says_the_comments_are_kept_when_saving(tmp_path: Path) -> None:
    text = "# my notes on this case\n" + CASE.read_text("utf-8")
    (tmp_path / "commented.yaml").write_text(text, "utf-8")
    editor = _editor(tmp_path)
    _open(editor, str(tmp_path / "commented.yaml"))
    assert "The editor keeps them when it saves" in editor.open_status.value


def test_open_names_entries_the_form_cannot_show(tmp_path: Path) -> None:
    text = CASE.read_text("utf-8").replace("  motivation: high", "  motivaton: high")
    (tmp_path / "typo.yaml").write_text(text, "utf-8")
    editor = _editor(tmp_path)
    _open(editor, str(tmp_path / "typo.yaml"))
    status = editor.open_status.value
    assert "&#x27;motivaton&#x27; (in assessment) is not part of the case format" in status
    assert "Did you mean &#x27;motivation&#x27;?" in status


def test_open_names_a_listed_value_outside_the_vocabulary(tmp_path: Path) -> None:
    text = CASE.read_text("utf-8").replace(
        "conditions: [generalized_anxiety_disorder]",
        "conditions: [generalized_anxiety_disorder, depression]",
    )
    (tmp_path / "listed.yaml").write_text(text, "utf-8")
    editor = _editor(tmp_path)
    _open(editor, str(tmp_path / "listed.yaml"))
    assert "&#x27;depression&#x27; in conditions is not one of the allowed values" in (
        editor.open_status.value
    )
    assert editor.form.part("conditions").value == ["generalized_anxiety_disorder"]


def test_open_of_a_broken_yaml_file_names_the_line_and_keeps_the_form(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("id: x\ntitle: [unclosed\n", "utf-8")
    editor = _editor(tmp_path)
    editor.form.part("title").input.value = "Work in progress"
    _open(editor, str(tmp_path / "broken.yaml"))
    editor.open_button.click()  # the second press leaves the unsaved title
    assert "broken.yaml could not be read" in editor.open_status.value
    assert "line " in editor.open_status.value
    assert editor.form.part("title").input.value == "Work in progress"


def test_a_value_outside_the_vocabulary_is_kept_and_named_by_check(tmp_path: Path) -> None:
    text = CASE.read_text("utf-8").replace("symptom_severity: moderate", "symptom_severity: high")
    (tmp_path / "high.yaml").write_text(text, "utf-8")
    editor = _editor(tmp_path)
    _open(editor, str(tmp_path / "high.yaml"))
    editor.check_button.click()
    assert "high" in editor.form.part("assessment.symptom_severity").problems.value


def test_stages_are_added_and_removed_with_their_own_feedback_boxes(tmp_path: Path) -> None:
    editor = _editor(tmp_path)
    stages = editor.form.part("stages")
    stages.add.click()
    stages.add.click()
    assert len(stages.items) == 2
    feedback = editor.form.part("stages[1].feedback")
    assert set(feedback.boxes) == {d.value for d in Decision}
    editor.form.part("stages[1].title").input.value = "Week 9"
    remove_first = stages.box.children[0].children[1]
    remove_first.click()
    assert [s["title"] for s in stages.value] == ["Week 9"]


def test_a_discharge_stage_has_its_plan_and_the_case_its_schedule_task(tmp_path: Path) -> None:
    editor = _editor(tmp_path)
    editor.form.part("stages").add.click()
    plan = editor.form.part("stages[0].discharge_plan")
    assert plan.include.description == "Include: Discharge plan (stage 1)"
    plan.include.value = True
    editor.form.part("stages[0].discharge_plan.follow_up_within_days").input.value = "7"
    task = editor.form.part("schedule_task")
    task.include.value = True
    editor.form.part("schedule_task.earliest_start").input.value = "17:30"
    text = editor.yaml_text
    assert "follow_up_within_days: 7" in text
    assert 'earliest_start: "17:30"' in text


def test_every_control_on_the_page_has_its_own_label(tmp_path: Path) -> None:
    import ipywidgets as w

    editor = _editor(tmp_path)
    editor.form.part("stages").add.click()
    editor.form.part("stages").add.click()
    labels = [
        c.description
        for c in _all(editor.widget)
        if isinstance(c, (w.Text, w.Textarea, w.Dropdown, w.DatePicker))
    ]
    assert all(labels)
    assert len(labels) == len(set(labels)), sorted(x for x in labels if labels.count(x) > 1)
    assert "Population (assessment)" in labels
    assert "Feedback: Continue (stage 2)" in labels


def test_new_case_empties_the_form(tmp_path: Path) -> None:
    editor = _editor(tmp_path)
    fill(editor.form, case_data())
    editor.new_button.click()
    assert "changes that are not saved" in editor.open_status.value
    assert editor.form.part("title").input.value != ""
    editor.new_button.click()
    assert editor.form.part("title").input.value == ""
    assert editor.form.part("stages").value == []


LIBRARY = vignette_files([BUILTIN_DIR])[0]


def test_every_library_case_opened_and_saved_unchanged_loads_equal(tmp_path: Path) -> None:
    """The round trip: open each kit case in the editor, save it untouched, load it."""
    editor = _editor(tmp_path)
    for path in LIBRARY:
        _open(editor, KIT + str(path))
        editor.file_name.value = path.name
        editor.save_button.click()
        assert "Saved as" in editor.status.value, path.name
        assert load_vignette(tmp_path / path.name) == load_vignette(path), path.name


def _all(box: object) -> list:
    found = []
    stack = [box]
    while stack:
        item = stack.pop()
        found.append(item)
        stack.extend(getattr(item, "children", ()))
    return found


def _buttons(box: object) -> list:
    import ipywidgets as w

    return [b for b in _all(box) if isinstance(b, w.Button)]


def _unescape(text: str) -> str:
    import html

    return html.unescape(text)


def test_open_lists_every_case_folder_the_kit_reads_and_save_writes_into_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine, shared, single = tmp_path / "mine", tmp_path / "shared", tmp_path / "one" / "solo.yaml"
    for folder in (mine, shared, single.parent):
        folder.mkdir()
    (mine / "own.yaml").write_text(
        CASE.read_text("utf-8").replace("id: selin-", "id: own-"), "utf-8"
    )
    original = CASE.read_text("utf-8")
    (shared / "selin.yaml").write_text(original, "utf-8")
    single.write_text(original.replace("id: selin-", "id: solo-"), "utf-8")
    monkeypatch.setenv(ENV_VAR, os.pathsep.join(map(str, [mine, shared, single])))
    editor = CaseEditor()
    labels = [label for label, _ in editor.open_choice.options]
    assert "Your file: own.yaml" in labels
    assert f"In shared (in {tmp_path}): selin.yaml" in labels
    assert f"In one (in {tmp_path}): solo.yaml" in labels
    assert "Save writes into your case folder, mine" in editor.where.value

    _open(editor, OTHER + str(shared / "selin.yaml"))
    assert "Save writes a copy of it into your case folder" in editor.open_status.value
    editor.form.part("title").input.value = "Selin, 27: my version"
    editor.save_button.click()
    assert "Saved as <b>selin.yaml</b> in your case folder" in editor.status.value
    assert load_vignette(mine / "selin.yaml").title == "Selin, 27: my version"
    assert (shared / "selin.yaml").read_text("utf-8") == original
    assert "also used by selin.yaml in shared" in editor.form.part("id").problems.value


def test_with_one_case_folder_the_editor_does_not_talk_about_others(tmp_path: Path) -> None:
    editor = CaseEditor(folder=tmp_path, others=[])
    assert editor.where.value == ""
    assert not any(v.startswith(OTHER) for _, v in editor.open_choice.options)


# Comments kept on save: an opened file is saved with its comments, order and layout ---------

COMMENTED = (
    CASE.read_text("utf-8")
    .replace(
        "id: selin", "# Written for the March workshop; ask Ana before changing the key.\nid: selin"
    )
    .replace("version: 1\n", "version: 1  # bump when the key changes\n")
    .replace("assessment:\n", "# What a careful clinician takes from the story:\nassessment:\n")
    .replace("  medically_stable: true\n", "  medically_stable: yes   # her GP checked\n")
    .replace("expected_level: iop\n", "expected_level: iop  # the panel agreed on IOP\n")
)


def _keys(text: str) -> list[str]:
    return [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]


def _comments(text: str) -> list[str]:
    return [line[line.index("#") :] for line in text.splitlines() if "# " in line]


def test_comments_and_field_order_survive_open_edit_save(tmp_path: Path) -> None:
    # the educator's own order: the key before the findings
    lines = COMMENTED.split("# What a careful")
    head, rest = lines[0], "# What a careful" + lines[1]
    assessment, after = rest.split("expected_level:", 1)
    key_line, tail = after.split("\n", 1)
    text = head + "expected_level:" + key_line + "\n" + assessment + tail
    (tmp_path / "selin.yaml").write_text(text, "utf-8")
    editor = _editor(tmp_path)
    _open(editor, str(tmp_path / "selin.yaml"))
    editor.form.part("title").input.value = "Selin, 27: the bus and the night"
    editor.form.part("assessment.symptom_severity").input.value = "severe"
    editor.save_button.click()
    assert "Replaced" in editor.status.value or "Saved as" in editor.status.value
    saved = (tmp_path / "selin.yaml").read_text("utf-8")
    assert _comments(saved) == _comments(text)
    assert _keys(saved) == _keys(text)
    assert 'title: "Selin, 27: the bus and the night"' in saved
    assert "  symptom_severity: severe\n" in saved
    changed = {"title", "symptom_severity"}
    assert [ln for ln in saved.splitlines() if ln.split(":")[0].strip() not in changed] == [
        ln for ln in text.splitlines() if ln.split(":")[0].strip() not in changed
    ]


def test_a_commented_file_saved_from_the_editor_loads_exactly_as_one_written_without_comments(
    tmp_path: Path,
) -> None:
    from iopkit.vignettes.draft import draft_to_yaml

    (tmp_path / "selin.yaml").write_text(COMMENTED, "utf-8")
    editor = _editor(tmp_path)
    _open(editor, str(tmp_path / "selin.yaml"))
    editor.form.part("assessment.motivation").input.value = "moderate"
    editor.form.part("learning_points").input.value += "\nIOP can start in the evening."
    editor.save_button.click()
    plain = tmp_path / "plain" / "selin.yaml"
    plain.parent.mkdir()
    plain.write_text(draft_to_yaml(editor.draft), "utf-8")
    assert "# her GP checked" in (tmp_path / "selin.yaml").read_text("utf-8")
    assert validate_paths([tmp_path / "selin.yaml"]).ok
    saved = load_vignette(tmp_path / "selin.yaml")
    assert saved == load_vignette(plain)
    assert saved.assessment.motivation.value == "moderate"
    assert saved.learning_points[-1] == "IOP can start in the evening."


def test_a_stage_removed_in_the_editor_takes_its_comment_and_leaves_the_others(
    tmp_path: Path,
) -> None:
    source = BUILTIN_DIR / "ayse-depression-step-up.yaml"
    text = (
        source.read_text("utf-8")
        .replace("  - id: php-week-3\n", "  - id: php-week-3  # first review\n")
        .replace("  - id: iop-week-5-discharge\n", "  - id: iop-week-5-discharge  # leaving\n")
    )
    (tmp_path / "ayse.yaml").write_text(text, "utf-8")
    editor = _editor(tmp_path)
    _open(editor, str(tmp_path / "ayse.yaml"))
    stages = editor.form.part("stages")
    stages.box.children[0].children[1].click()  # remove the first stage
    editor.save_button.click()
    saved = (tmp_path / "ayse.yaml").read_text("utf-8")
    assert "# first review" not in saved
    assert "  - id: iop-week-5-discharge  # leaving\n" in saved
    assert [s.id for s in load_vignette(tmp_path / "ayse.yaml").stages] == ["iop-week-5-discharge"]
