"""The kit's single choices are radio groups a screen reader can name and read (the browser
side is proved in tests/browser/test_accessibility.py); every app carries the script that
names the groups and joins each group's options under one name."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import ipywidgets as w

from iopkit.responses import ResponseStore
from iopkit.vignettes import load_library
from iopkit.widgets import ContinuumExplorer, KnowledgeCheck, PlacementCasePlayer
from iopkit.widgets.accessible import CHOICE_CLASS, CHOICES_HTML, CHOICES_SCRIPT
from iopkit.widgets.workshop import QUESTION_CLASS


def _is_named_radio_group(control: Any) -> bool:
    return isinstance(control, w.RadioButtons) and bool(control.description.strip())


def test_every_choice_in_the_case_player_is_a_named_radio_group_shown_as_buttons() -> None:
    app = PlacementCasePlayer(load_library(), record=False)
    names = {}
    for control in (app.choice, app.setting, app.stage_choice, app.stage_target):
        assert _is_named_radio_group(control)
        assert CHOICE_CLASS in control._dom_classes
        assert control.orientation == "horizontal"  # a row, as the buttons were
        names[control.description] = control
    assert set(names) == {"Your level", "Withdrawal setting", "Your decision", "Moving to"}
    # nothing is chosen before the trainee chooses: no option is checked for them
    assert app.choice.value is None and app.choice.index is None


def test_the_continuum_explorer_choices_are_named_radio_groups() -> None:
    app = ContinuumExplorer()
    for control in (app.population, app.level):
        assert _is_named_radio_group(control) and CHOICE_CLASS in control._dom_classes


def test_each_knowledge_check_question_is_a_radio_group_named_by_its_number(
    tmp_path: Path,
) -> None:
    app = KnowledgeCheck("pre", store=ResponseStore(tmp_path))
    for n, choice in enumerate(app.choices, start=1):
        assert _is_named_radio_group(choice) and choice.description == f"Question {n}"
        assert QUESTION_CLASS in choice._dom_classes


def _html_children(box: Any) -> list[str]:
    return [c.value for c in box.children if isinstance(c, w.HTML)]


def test_every_app_carries_the_script_that_names_its_radio_groups(tmp_path: Path) -> None:
    apps = (
        PlacementCasePlayer(load_library(), record=False),
        ContinuumExplorer(),
        KnowledgeCheck("pre", store=ResponseStore(tmp_path)),
    )
    for app in apps:
        assert any(CHOICES_HTML in value for value in _html_children(app.widget))


def test_the_script_survives_its_trip_through_an_html_attribute() -> None:
    handler = re.search(r"onload='([^']*)'", CHOICES_HTML)
    assert handler is not None, "the script is in a single-quoted attribute, with no bare quote"
    assert html.unescape(handler.group(1)) == " ".join(CHOICES_SCRIPT.split())
    script = html.unescape(handler.group(1))
    for part in ("'radiogroup'", "aria-labelledby", ".name = box.id", "MutationObserver"):
        assert part in script
