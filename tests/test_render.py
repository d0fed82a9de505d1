"""One renderer per result (iopkit.render): the notebooks, the apps and the CLI word it alike."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml
from factories import IOP_CANDIDATE, assessment, good_week

from iopkit import render
from iopkit.cli import main
from iopkit.discharge import DischargePlan, check_plan
from iopkit.levels import LEVELS, Level
from iopkit.placement import recommend
from iopkit.schedule import check
from iopkit.sources import IOP_WEEKLY_HOURS_ADULT
from iopkit.vignettes import load_library

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def cli(*argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    main(list(argv), out=out, err=err)
    return out.getvalue()


def test_results_render_through_the_one_module() -> None:
    rec = recommend(assessment())
    report = check(good_week())
    plan = check_plan(DischargePlan())
    assert rec._repr_html_() == render.recommendation_html(rec)
    assert report._repr_html_() == render.schedule_report_html(report)
    assert plan._repr_html_() == render.plan_check_html(plan)


def test_the_cli_prints_the_same_words_as_the_renderer(tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    case.write_text(yaml.safe_dump({"assessment": IOP_CANDIDATE}))
    week = tmp_path / "week.yaml"
    week.write_text(yaml.safe_dump(good_week()))
    assert cli("place", str(case)) == render.recommendation_text(recommend(IOP_CANDIDATE)) + "\n"
    assert (
        cli("schedule", "check", str(week))
        == render.schedule_report_text(check(good_week())) + "\n"
    )
    assert cli("levels") == render.levels_text() + "\n"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "yes"),
        (False, "no"),
        (None, "not stated"),
        (Level.WITHDRAWAL_MANAGEMENT, "withdrawal management"),
    ],
)
def test_one_way_to_word_a_value(value: object, text: str) -> None:
    assert render.value_text(value) == text


def test_what_a_notebook_shows_renders_itself_for_people() -> None:
    library = load_library()
    case = library.vignettes[0]
    shown = {
        "band": IOP_WEEKLY_HOURS_ADULT._repr_html_(),
        "level": LEVELS[Level.IOP]._repr_html_(),
        "library": library._repr_html_(),
        "vignette": case._repr_html_(),
    }
    assert "9-19 h/week" in shown["band"] and "ASAM" in shown["band"]
    assert "Intensive outpatient programme (IOP)" in shown["level"]
    assert f"{len(library)} case(s)" in shown["library"] and case.title in shown["library"]
    for page in shown.values():
        assert "<" in page and "Band(" not in page and "LevelInfo(" not in page
    assert "expected_level" not in shown["vignette"] + repr(case)
    assert repr(case) == f"<Vignette {case.id}: {case.title}>"


def test_no_notebook_needs_an_html_helper() -> None:
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        assert "IPython.display import HTML" not in code and "HTML(" not in code, path.name
