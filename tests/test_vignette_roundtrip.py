"""Saving an opened case with the editor's changes (iopkit.vignettes.roundtrip): comments,
order and untouched values kept, and the kit (PyYAML, YAML 1.1) reads what it expects."""

from __future__ import annotations

import re
from typing import Any

import yaml
from editor_fill import CASE

from iopkit.vignettes.draft import draft_from_yaml, draft_to_yaml, file_values
from iopkit.vignettes.roundtrip import edited_text, layout

SCHEDULED = (
    CASE.read_text("utf-8").replace("  medically_stable: true\n", "  medically_stable: yes  # GP\n")
    + "# the exercise\nschedule_task:\n"
    + '  brief: "Evenings only."\n'
    + "  allowed_days: [mon, tue, wed, thu]  # she works Fridays\n"
    + '  earliest_start: "17:30"\n'
)


def _opened(text: str = SCHEDULED) -> dict[str, Any]:
    return draft_from_yaml(text, "case.yaml").data


def test_an_unchanged_yes_stays_as_written_and_the_kit_still_reads_true() -> None:
    data = _opened()
    result = edited_text(SCHEDULED, data)
    assert result.kept and result.text == SCHEDULED
    assert file_values(result.text, "x")["assessment"]["medically_stable"] is True


def test_a_text_that_yaml_1_1_reads_as_true_is_written_in_quotes() -> None:
    data = _opened()
    data["title"] = "yes"
    data["schedule_task"]["brief"] = "no"
    text = edited_text(SCHEDULED, data).text
    assert 'title: "yes"' in text and 'brief: "no"' in text
    values = file_values(text, "x")
    assert values["title"] == "yes" and values["schedule_task"]["brief"] == "no"


def test_a_changed_time_is_written_quoted_and_read_as_the_time_not_a_number() -> None:
    data = _opened()
    data["schedule_task"]["earliest_start"] = "18:00"
    data["schedule_task"]["latest_end"] = "21:30"
    text = edited_text(SCHEDULED, data).text
    assert 'earliest_start: "18:00"' in text and 'latest_end: "21:30"' in text
    task = file_values(text, "x")["schedule_task"]
    assert (task["earliest_start"], task["latest_end"]) == ("18:00", "21:30")
    assert yaml.safe_load(text)["schedule_task"]["latest_end"] == "21:30"  # not 1290


def test_a_changed_yes_or_no_finding_is_written_as_true_or_false() -> None:
    data = _opened()
    data["assessment"]["medically_stable"] = False
    text = edited_text(SCHEDULED, data).text
    assert re.search(r"\n  medically_stable: false +# GP\n", text)
    assert file_values(text, "x")["assessment"]["medically_stable"] is False


def test_a_field_added_in_the_editor_goes_where_the_case_format_puts_it() -> None:
    data = _opened()
    data["schedule_task"]["latest_end"] = "21:00"
    data["key_differs_because"] = "The panel preferred it."
    text = edited_text(SCHEDULED, data).text
    task = text[text.index("schedule_task:") :]
    assert task.index("earliest_start") < task.index("latest_end")
    keys = [line.split(":")[0] for line in text.splitlines() if line[:1].isalpha()]
    assert keys.index("schedule_task") < keys.index("key_differs_because")


def test_an_entry_the_draft_no_longer_holds_is_removed_with_its_comment() -> None:
    text = SCHEDULED.replace("  motivation: high\n", "  motivation: high\n  motivaton: low  # ?\n")
    data = _opened(text)
    del data["assessment"]["motivaton"]  # the form cannot show it, as Open said
    result = edited_text(text, data)
    assert result.kept and "motivaton" not in result.text and "# ?" not in result.text
    assert "  motivation: high\n" in result.text


def test_a_default_written_out_by_the_educator_stays() -> None:
    assert "  safe_alternative_accommodation: false\n" in SCHEDULED
    data = _opened()
    data["title"] = "Selin: a new title"
    assert "  safe_alternative_accommodation: false\n" in edited_text(SCHEDULED, data).text


def test_a_file_that_is_not_a_case_is_written_as_the_editor_writes_a_new_one() -> None:
    data = _opened()
    result = edited_text("- a list, not a case\n", data)
    assert not result.kept and result.text == draft_to_yaml(data)


def test_the_layout_of_lists_and_sections_is_the_files_own() -> None:
    indentless = SCHEDULED.replace("\n  - ", "\n- ")
    assert layout(SCHEDULED) == (2, 2) and layout(indentless) == (2, 0)
    data = _opened(indentless)
    data["learning_points"].append("A new point.")
    text = edited_text(indentless, data).text
    assert '\n- "A new point."\n' in text
