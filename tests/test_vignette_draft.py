"""Drafts: the case editor's values as a YAML file and back, and where they are saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pydantic import BaseModel, model_validator

from iopkit.inputs import read_text
from iopkit.vignettes import load_vignette, vignette_from_text
from iopkit.vignettes.draft import (
    DEFAULT_FOLDER,
    FileExistsProblem,
    _update,
    blank_draft,
    cases_folder,
    draft_from_yaml,
    draft_to_yaml,
    file_name_for,
    save_draft,
)
from iopkit.vignettes.form import form_fields, unshown_fields
from iopkit.vignettes.loader import BUILTIN_DIR, vignette_files
from iopkit.vignettes.model import Stage, Vignette

LIBRARY = vignette_files([BUILTIN_DIR])[0]


@pytest.mark.parametrize("path", LIBRARY, ids=lambda p: p.stem)
def test_each_library_file_read_as_a_draft_and_written_back_loads_equal(path: Path) -> None:
    opened = draft_from_yaml(read_text(path), path.name)
    assert vignette_from_text(draft_to_yaml(opened.data)) == load_vignette(path)


def test_every_field_of_every_case_model_has_a_control() -> None:
    from iopkit.assessment import Assessment
    from iopkit.vignettes.model import DischargePlanBrief, ScheduleTask

    for model in (Vignette, Stage, Assessment, ScheduleTask, DischargePlanBrief):
        assert unshown_fields(model) == (), model.__name__


def test_a_field_added_to_a_model_appears_in_the_form_with_its_description() -> None:
    from enum import Enum

    from pydantic import Field

    class Colour(str, Enum):
        RED = "red"
        BLUE = "blue"

    class Extended(BaseModel):
        pregnant: bool = Field(default=False, description="Pregnant now.")
        medications: tuple[Colour, ...] = Field(default=(), description="Medicines taken.")
        weight: float | None = Field(default=None, description="Percent of expected weight.")

    specs = {s.name: s for s in form_fields(Extended)}
    assert (specs["pregnant"].kind, specs["pregnant"].help) == ("yesno", "Pregnant now.")
    assert specs["medications"].kind == "multi"
    assert [c.value for c in specs["medications"].choices] == ["red", "blue"]
    assert specs["weight"].kind == "number" and specs["weight"].optional_value


def test_times_yes_words_and_numbers_as_text_are_quoted_so_they_stay_text() -> None:
    text = draft_to_yaml(
        {
            "title": "yes",
            "schedule_task": {"brief": "17:00", "earliest_start": "09:30", "latest_end": "21:00"},
            "learning_points": ["12", "null", "a: b", "# not a comment"],
        }
    )
    assert 'earliest_start: "09:30"' in text and 'latest_end: "21:00"' in text
    assert "title: 'yes'" in text or 'title: "yes"' in text
    data = draft_from_yaml(text, "x.yaml").data
    assert data["title"] == "yes"
    assert data["schedule_task"]["brief"] == "17:00"
    assert data["learning_points"] == ["12", "null", "a: b", "# not a comment"]


def test_empty_answers_and_defaults_are_left_out_of_the_file() -> None:
    text = draft_to_yaml(
        {
            "id": "sam-evening",
            "title": "",
            "stages": [],
            "assessment": {"population": "adult", "motivation": None},
            "feedback": {"iop": "Yes.", "php": ""},
        }
    )
    assert text == 'id: sam-evening\nfeedback:\n  iop: "Yes."\n'


def test_the_fields_come_out_in_the_models_order_whatever_the_draft_order() -> None:
    text = draft_to_yaml({"expected_level": "iop", "id": "sam-evening", "title": "Sam"})
    assert [line.split(":")[0] for line in text.splitlines()] == ["id", "title", "expected_level"]


def test_a_blank_draft_starts_today_at_version_one_for_an_adult() -> None:
    assert blank_draft(dt.date(2026, 12, 7)) == {
        "version": 1,
        "last_reviewed": dt.date(2026, 12, 7),
        "population": "adult",
    }


def test_an_older_field_name_that_the_model_renames_is_brought_up_to_date() -> None:
    class Renamed(BaseModel):
        safety: str

        @model_validator(mode="before")
        @classmethod
        def _old_name(cls, data: dict[str, object]) -> dict[str, object]:
            if "risk" in data:
                data = {**data, "safety": data["risk"]}
                del data["risk"]
            return data

    notes: list[str] = []
    assert _update({"risk": "low"}, Renamed, ("assessment",), notes) == {"safety": "low"}
    assert notes == [
        "'risk' (in assessment) is an older field name: the editor shows it under its current "
        "name and saves it that way."
    ]


def test_the_case_folder_is_the_first_folder_in_iopkit_vignettes(tmp_path: Path) -> None:
    env = {"IOPKIT_VIGNETTES": f"{tmp_path / 'one.yaml'}:{tmp_path / 'mine'}"}
    assert cases_folder(env) == (tmp_path / "mine", True)
    assert cases_folder({}) == (DEFAULT_FOLDER.expanduser(), False)


@pytest.mark.parametrize(
    ("typed", "case_id", "name"),
    [
        ("", "sam-evening", "sam-evening.yaml"),
        ("my case", "", None),
        ("sam", "", "sam.yaml"),
        ("sam.yml", "", "sam.yml"),
        ("../x.yaml", "", None),
        (".hidden.yaml", "", None),
    ],
)
def test_file_names_are_plain_names_in_the_case_folder(
    typed: str, case_id: str, name: str | None
) -> None:
    if name is None:
        with pytest.raises(ValueError, match="no folder in it"):
            file_name_for(typed, case_id)
    else:
        assert file_name_for(typed, case_id) == name


def test_save_never_replaces_a_file_unless_asked(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_text("old\n", "utf-8")
    with pytest.raises(FileExistsProblem):
        save_draft({"id": "sam-evening"}, tmp_path, "x.yaml", replace=False)
    assert (tmp_path / "x.yaml").read_text("utf-8") == "old\n"
    saved = save_draft({"id": "sam-evening"}, tmp_path, "x.yaml", replace=True)
    assert saved.replaced and saved.path.read_text("utf-8") == "id: sam-evening\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.yaml"]  # no temporary file left
