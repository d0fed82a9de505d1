"""One renderer per result (iopkit.render): the notebooks, the apps and the CLI word it alike."""

from __future__ import annotations

import io
import json
from html import escape
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
    assert f"{len(library)} cases" in shown["library"] and case.title in shown["library"]
    for page in shown.values():
        assert "<" in page and "Band(" not in page and "LevelInfo(" not in page
    assert "expected_level" not in shown["vignette"] + repr(case)
    assert repr(case) == f"<Vignette {case.id}: {case.title}>"


def test_no_notebook_needs_an_html_helper() -> None:
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        for helper in ("IPython.display", "HTML(", "Markdown(", "display("):
            assert helper not in code, (path.name, helper)


def test_lists_of_levels_figures_and_the_disclaimer_render_themselves() -> None:
    import iopkit
    from iopkit.levels import CONTINUUM, STEP_DOWN, LevelList, steps_into

    into_iop = steps_into(Level.IOP)["step_down_from"]
    assert isinstance(into_iop, LevelList) and isinstance(STEP_DOWN[Level.IOP], LevelList)
    html = into_iop._repr_html_()
    assert html.count("<li>") == len(into_iop) and "Partial hospitalisation programme" in html
    assert "withdrawal_management" not in html and "Level." not in html
    assert str(LevelList()) == "none" and LevelList()._repr_html_() == "<p>None.</p>"
    assert CONTINUUM == (Level.OUTPATIENT, Level.IOP, Level.PHP, Level.RESIDENTIAL, Level.INPATIENT)

    figures = LEVELS[Level.IOP].figures("days_per_week", "weekly_hours_adult")
    assert [name for name, _ in figures.rows] == ["Days a week", "Weekly hours (adults)"]
    table = figures._repr_html_()
    assert table.count("<tr>") == 3 and "3-5 days/week" in table and "ASAM Criteria" in table
    assert "Band(" not in repr(figures) and "9-19 h/week" in repr(figures)
    every = LEVELS[Level.IOP].figures()
    assert every.rows[0][0] == "Days a week" and len(every.rows) >= 5
    with pytest.raises(iopkit.UnknownNameError, match="days_a_week"):
        LEVELS[Level.IOP].figures("days_a_week")

    about = iopkit.about()._repr_html_()
    assert iopkit.DISCLAIMER in about and iopkit.__version__ in about


def test_the_level_card_and_the_cli_list_the_same_figures() -> None:
    from iopkit.render import levels_text

    text = levels_text()
    for info in LEVELS.values():
        card = info._repr_html_()
        for name, band in info.figures().rows:
            assert f"<td>{escape(name)}</td><td>{escape(band.describe())}</td>" in card
            assert f"{name}: {band.describe()}" in text


def test_an_educator_sees_the_key_beside_the_engine() -> None:
    from iopkit.vignettes import key_check

    library = load_library([])
    agreeing = key_check(library.get("lena-worry"))
    assert agreeing.agrees and "They agree" in agreeing._repr_html_()
    jonas = library.get("jonas-anorexia")
    unweighed = jonas.assessment.model_copy(update={"percent_expected_weight": None})
    differing = key_check(jonas.model_copy(update={"assessment": unweighed}))
    page = differing._repr_html_()
    assert not differing.agrees and "Residential treatment" in page
    assert differing.recommendation.level.label in page and "78%" in page
