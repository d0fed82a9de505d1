"""A debrief no hand-in can break: regrading from choices, a hostile size, hostile names."""

from __future__ import annotations

import dataclasses
import io
import json
import time
from pathlib import Path

import pytest
from test_debrief import LENA, VERSIONS, answer, export

from iopkit.cli import main
from iopkit.debrief import build_debrief, read_exchange
from iopkit.debrief_plots import MAX_CASES_DRAWN, Chart, charts, plot_case_levels, report_page
from iopkit.vignettes import load_library
from iopkit.vignettes.loader import Library

LIBRARY = load_library()
MARCUS = next(v for v in LIBRARY.vignettes if v.stages)


def _room(stated_right: bool, choose_right: bool) -> list[dict[str, object]]:
    """Three trainees; each answers every case's admission and stages, right or wrong by
    choice, with a stated verdict (and stated key) chosen independently."""
    exports = []
    for t in "abc":
        rows = []
        for v in LIBRARY.vignettes:
            key = v.expected_level.value
            wrong = "inpatient" if key != "inpatient" else "outpatient"
            chosen = key if choose_right else wrong
            row = answer(chosen, key if stated_right == choose_right else chosen, case=v.id)
            row["correct"] = stated_right
            rows.append(row)
            for st in v.stages:
                d = st.decision.value
                other = "continue" if d != "continue" else "step_up"
                row = answer(d if choose_right else other, d, case=v.id, stage=st.id)
                row["correct"] = stated_right
                rows.append(row)
        exports.append(export(t, placement=rows))
    return exports


def test_debrief_follows_the_choices_when_every_stated_verdict_is_false() -> None:
    d = build_debrief(_room(stated_right=False, choose_right=True))
    assert d.cases and all(c.accuracy == 1.0 for c in d.cases)
    assert all(s.accuracy == 1.0 for c in d.cases for s in c.stages)
    assert all(r.correct == r.answers for r in d.confidence)


def test_debrief_follows_the_choices_when_every_stated_verdict_is_true() -> None:
    d = build_debrief(_room(stated_right=True, choose_right=False))
    assert d.cases and all(c.accuracy == 0.0 for c in d.cases)
    assert all(s.accuracy == 0.0 for c in d.cases for s in c.stages)
    assert d.case(LENA).key == "outpatient" and d.case(LENA).common_wrong == "inpatient"


def test_answers_to_another_case_version_are_reported_not_graded() -> None:
    row = answer("outpatient")
    row["vignette_version"] = VERSIONS[LENA] + 7
    d = build_debrief([export("a", placement=[row]), export("b", placement=[answer("iop")])])
    assert d.case(LENA).answers == 1 and d.case(LENA).accuracy == 0.0
    assert d.not_counted == (
        f"T-a (trainee a): answers not counted: 1 to another version of a case than this "
        f"kit's ({LENA})",
    )


def test_answers_without_a_case_version_are_reported_not_guessed() -> None:
    data = export("a", placement=[answer("outpatient")])
    data["vignette_versions"] = {}
    d = build_debrief([data])
    assert d.cases == () and "do not say which version" in d.not_counted[0]


def test_answers_to_unknown_cases_and_stages_are_reported_once_per_hand_in() -> None:
    rows = [answer("iop", case=f"no-such-case-{i}") for i in range(50)]
    rows.append(answer("continue", case=MARCUS.id, stage="no-such-stage"))
    rows.append(answer("continue", case=LENA))  # a decision where a level is asked
    d = build_debrief([export("a", placement=rows)])
    assert len(d.not_counted) == 1
    line = d.not_counted[0]
    assert "50 to cases not in this kit's library (no-such-case-0, no-such-case-1," in line
    assert "1 to stages the case does not have" in line
    assert "1 choosing something the question does not offer" in line


def test_a_2mb_hand_in_with_20000_case_ids_is_debriefed_in_seconds(tmp_path: Path) -> None:
    rows = [answer("iop", case=f"case-{i:05d}") for i in range(20_000)]
    rows += [answer("outpatient")]
    data = export("a", placement=rows)
    (tmp_path / "handin-a.json").write_text(json.dumps(data))
    assert (tmp_path / "handin-a.json").stat().st_size > 2_000_000
    started = time.perf_counter()
    d = build_debrief(read_exchange(tmp_path))
    page = report_page(d)
    assert time.perf_counter() - started < 6
    assert d.trainees == 1 and d.case(LENA).accuracy == 1.0
    assert "20000 to cases not in this kit's library" in d.not_counted[0]
    assert len(page) < 1_000_000


def _many_cases(n: int) -> object:
    d = build_debrief([export("a", placement=[answer("outpatient")])])
    one = d.case(LENA)
    cases = tuple(
        dataclasses.replace(one, case_id=f"c-{i}", title=f"$\\undefined{{x}}$ {i}: story")
        for i in range(n)
    )
    return dataclasses.replace(d, cases=cases)


def test_figure_size_is_bounded_however_many_cases() -> None:
    d = _many_cases(500)
    first, _, _ = charts(d)  # type: ignore[arg-type]
    assert len(first.png) < 500_000
    ax = plot_case_levels(d)  # type: ignore[arg-type]
    assert len(ax.get_yticks()) == MAX_CASES_DRAWN
    assert ax.figure.get_figheight() < 20  # type: ignore[union-attr]
    assert "all 500 are in the table" in ax.get_title()


def test_a_dollar_sign_in_a_case_title_never_reaches_mathtext() -> None:
    d = _many_cases(2)
    chart = Chart(plot_case_levels(d))  # type: ignore[arg-type]
    assert chart.png.startswith(b"\x89PNG")
    labels = [t.get_text() for t in plot_case_levels(d).get_yticklabels()]  # type: ignore[arg-type]
    assert labels and all(t.startswith("\\$\\undefined{x}\\$ ") for t in labels)


def test_a_case_id_with_dollars_is_refused_before_any_figure() -> None:
    d = build_debrief([export("a", placement=[answer("iop", case="$\\alpha$")])])
    assert d.trainees == 0 and "field 'placement[0].case_id'" in d.problems[0]


def test_file_names_reach_the_terminal_without_escape_codes(tmp_path: Path) -> None:
    (tmp_path / "\x1b]0;owned\x07.json").write_text("[]")
    (tmp_path / "\x1b[31mred.json").write_text("{")
    out, err = io.StringIO(), io.StringIO()
    code = main(["debrief", str(tmp_path), "--out", str(tmp_path / "r.html")], out=out, err=err)
    text = out.getvalue() + err.getvalue()
    assert code == 0 and "\x1b" not in text and "\x07" not in text
    assert "\\x1b]0;owned\\x07.json: not a hand-in" in text


def test_file_names_are_escaped_in_the_report(tmp_path: Path) -> None:
    (tmp_path / "<img src=x onerror=alert(1)>.json").write_text("[]")
    page = build_debrief(read_exchange(tmp_path)).to_html()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.json" in page


@pytest.mark.parametrize(
    "text",
    ["[" * 100_000, '{"format": 1e999}', "\ufeff{}", "9" * 5000, '{"a": NaN}', "\x00\xff"],
)
def test_the_debrief_command_never_shows_a_traceback(tmp_path: Path, text: str) -> None:
    (tmp_path / "x.json").write_text(text, errors="surrogateescape")
    out, err = io.StringIO(), io.StringIO()
    code = main(["debrief", str(tmp_path), "--out", str(tmp_path / "r.html")], out=out, err=err)
    assert code == 0 and "Traceback" not in err.getvalue()
    assert "x.json" in err.getvalue()


def test_the_notebook_one_liner_reports_a_missing_folder_instead_of_raising(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iopkit.debrief import debrief_exchange

    monkeypatch.setenv("IOPKIT_EXCHANGE", str(tmp_path / "nowhere"))
    report = debrief_exchange()
    assert report.trainees == 0 and "no such folder of hand-ins" in report.problems[0]
    assert "no such folder of hand-ins" in report._repr_html_()


def _library_where(case_id: str, **changes: object) -> Library:
    """The kit's library with one vignette changed (e.g. an ``also_defensible`` level)."""
    v = LIBRARY.get(case_id)
    changed = type(v).model_validate({**v.model_dump(mode="python"), **changes})
    pairs = [(x, Path(f"{x.id}.yaml")) for x in LIBRARY.vignettes if x.id != case_id]
    return Library([*pairs, (changed, Path(f"{case_id}.yaml"))])


def test_defensible_answers_are_shown_apart_from_right_and_wrong() -> None:
    library = _library_where(LENA, also_defensible={"iop": "Her worry fills every evening."})
    rows = {"a": "outpatient", "b": "iop", "c": "php", "d": "iop"}
    d = build_debrief(
        [export(t, placement=[answer(c, confidence="very sure")]) for t, c in rows.items()],
        library=library,
    )
    lena = d.case(LENA)
    assert (lena.answers, lena.accuracy, lena.defensible) == (4, 0.25, 2)
    assert (lena.common_wrong, lena.common_wrong_count, lena.confident_wrong) == ("php", 1, 1)
    page = d.to_html(standalone=False)
    assert "<th scope='col' class=num>Defensible</th>" in page


def test_a_defensible_stage_decision_is_counted_apart() -> None:
    stage = MARCUS.stages[0]
    other = next(x for x in ("continue", "step_up", "discharge") if x != stage.decision.value)
    stages = [
        {**s.model_dump(mode="python"), "also_defensible": {other: "A fair reading of the week."}}
        if s.id == stage.id
        else s.model_dump(mode="python")
        for s in MARCUS.stages
    ]
    library = _library_where(MARCUS.id, stages=stages)
    rows = [answer(other, case=MARCUS.id, stage=stage.id)]
    summary = build_debrief([export("a", placement=rows)], library=library).case(MARCUS.id)
    assert (summary.stages[0].accuracy, summary.stages[0].defensible) == (0.0, 1)


def test_a_withdrawal_setting_or_a_named_step_is_read_and_regraded() -> None:
    rosa = next(v for v in LIBRARY.vignettes if v.expected_level.value == "withdrawal_management")
    rows = [answer("withdrawal_management:ambulatory", case=rosa.id)]
    d = build_debrief([export("a", placement=rows)])
    assert d.case(rosa.id).answers == 1 and d.case(rosa.id).chosen == {"withdrawal_management": 1}
    bad = build_debrief([export("b", placement=[answer("iop:someday")])])
    assert bad.trainees == 0 and "field 'placement[0].chosen'" in bad.problems[0]
