"""An educator writes a case from nothing in the case editor (notebook 05) in Voilà, saves it,
and a trainee sees it in notebook 02's case list."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from editor_fill import case_data

from iopkit.vignettes import load_vignette
from iopkit.vignettes.form import FieldSpec, form_fields
from iopkit.vignettes.model import Vignette

from .conftest import RENDER_TIMEOUT_MS, serve_voila

pytestmark = pytest.mark.browser

SKIPPED_IN_ASSESSMENT = {"population", "conditions"}
"""Fields the assessment shares with the case (same labels); the case under test leaves them
at their defaults in the assessment."""


@pytest.fixture(scope="module")
def case_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cases")


@pytest.fixture(scope="module")
def voila_with_folder(chromium: Any, case_folder: Path, tmp_path_factory: Any) -> Iterator[str]:
    """A Voilà server whose case folder (IOPKIT_VIGNETTES) starts empty."""
    env = dict(os.environ, IOPKIT_VIGNETTES=str(case_folder))
    with serve_voila(env, tmp_path_factory.mktemp("voila-editor") / "voila.log") as base:
        yield base


def _label(spec: FieldSpec, value: Any) -> str:
    return next(c.label for c in spec.choices if c.value == value)


def _fill(page: Any, specs: tuple[FieldSpec, ...], data: dict[str, Any], skip: set[str]) -> None:
    for spec in specs:
        if spec.name not in data or spec.name in skip or spec.kind in ("section", "repeat"):
            continue
        value = data[spec.name]
        if spec.kind == "choice":
            page.get_by_label(spec.label, exact=True).select_option(label=_label(spec, value))
        elif spec.kind == "yesno":
            page.get_by_label(spec.label, exact=True).select_option(label="Yes" if value else "No")
        elif spec.kind == "multi":
            for item in value:
                page.get_by_label(_label(spec, item), exact=True).first.check()
        elif spec.kind == "per_choice":
            for key, text in value.items():
                page.get_by_label(f"{spec.label}: {_label(spec, key)}", exact=True).fill(text)
        elif spec.kind == "lines":
            page.get_by_label(spec.label, exact=True).fill("\n".join(value))
        elif spec.kind == "date":
            date = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
            page.get_by_label(spec.label, exact=True).fill(date.isoformat())
        else:
            page.get_by_label(spec.label, exact=True).fill(str(value))


def test_a_case_written_in_the_editor_in_voila_is_saved_and_listed_in_notebook_02(
    chromium: Any, voila_with_folder: str, case_folder: Path, screenshots: Path
) -> None:
    data = case_data()
    context = chromium.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{voila_with_folder}/voila/render/05_authoring_vignettes.ipynb")
        page.get_by_role("button", name="Save", exact=True).wait_for(timeout=RENDER_TIMEOUT_MS)
        _fill(page, form_fields(Vignette), data, set())
        assessment = form_fields(Vignette.model_fields["assessment"].annotation)  # type: ignore[arg-type]
        _fill(page, assessment, data["assessment"], SKIPPED_IN_ASSESSMENT)
        page.get_by_text("words").first.wait_for()
        assert page.get_by_text(f"{len(data['presentation'].split())} words").count() == 1

        page.get_by_role("button", name="Check", exact=True).click()
        page.get_by_text("Check found no problems").wait_for(timeout=30_000)
        page.get_by_role("button", name="Preview", exact=True).click()
        page.get_by_role("button", name="Check my answer").wait_for(timeout=30_000)
        page.get_by_role("button", name="Save", exact=True).click()
        page.get_by_text("Saved as selin-worry-on-the-bus.yaml").wait_for(timeout=30_000)
        page.screenshot(path=str(screenshots / "editor-saved.png"), full_page=True)

        saved = case_folder / "selin-worry-on-the-bus.yaml"
        assert load_vignette(saved).title == data["title"]

        trainee = context.new_page()
        trainee.goto(f"{voila_with_folder}/voila/render/02_placement_decisions.ipynb")
        trainee.get_by_role("button", name="Check my answer").first.wait_for(
            timeout=RENDER_TIMEOUT_MS
        )
        case_list = trainee.get_by_label("Case", exact=True).first
        titles = [t.replace("\xa0", " ") for t in case_list.locator("option").all_inner_texts()]
        assert data["title"] in titles  # the drop-down spaces its labels with no-break spaces
        case_list.select_option(index=titles.index(data["title"]))
        trainee.get_by_text("worry has come with").first.wait_for(timeout=30_000)
        trainee.screenshot(path=str(screenshots / "editor-case-in-02.png"))
    finally:
        context.close()
