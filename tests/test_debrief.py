"""The facilitator's debrief: reading hand-ins, the room's statistics, the report and its plots."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from iopkit.cli import main
from iopkit.debrief import (
    Debrief,
    DebriefError,
    HandIns,
    build_debrief,
    read_exchange,
    t_critical_95,
)
from iopkit.debrief_plots import plot_case_levels, plot_confidence, plot_learning_gain
from iopkit.learning_quiz import KNOWLEDGE_QUIZ, OBJECTIVES
from iopkit.responses import ResponseStore, hand_in
from iopkit.synthetic import synthetic_handins, write_handins
from iopkit.vignettes import load_library

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "notebooks" / "sample-exchange"
LENA = "lena-worry"  # key: outpatient; decided by "weekly therapy enough"
WEEK = {"hours": 9.0, "days": 3, "weeks": 8}
VERSIONS = {v.id: v.version for v in load_library().vignettes}


def export(tid: str, pseudonym: str = "", **tables: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "format": "iopkit-responses",
        "format_version": 1,
        "kit_version": "test",
        "exported_at": "2026-03-02T10:00:00+00:00",
        "trainee": {"id": tid, "pseudonym": pseudonym or f"T-{tid}"},
        "vignette_versions": VERSIONS,
        **{t: tables.get(t, []) for t in ("placement", "quiz", "schedule", "plan")},
    }


def answer(
    chosen: str,
    expected: str = "outpatient",
    attempt: int = 1,
    confidence: str = "",
    case: str = LENA,
    stage: str = "",
    seconds: float = 60.0,
) -> dict[str, Any]:
    return {
        "case_id": case,
        "stage": stage,
        "attempt": attempt,
        "chosen": chosen,
        "expected": expected,
        "correct": chosen == expected,
        "confidence": confidence,
        "seconds": seconds,
    }


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


# --- per case -------------------------------------------------------------------------------


def test_first_answers_count_with_the_most_common_wrong_level_and_the_missed_rule() -> None:
    d = build_debrief(
        [
            export("a", placement=[answer("outpatient", confidence="guessing", seconds=30)]),
            export(
                "b",
                placement=[
                    answer("iop", confidence="very sure", seconds=50),
                    answer("outpatient", attempt=2, seconds=5),
                ],
            ),
            export("c", placement=[answer("iop", confidence="fairly sure", seconds=90)]),
            export("d", placement=[answer("php", seconds=70)]),
        ]
    )
    lena = d.case(LENA)
    assert (lena.answers, lena.accuracy) == (4, 0.25)  # the retry does not count
    assert lena.chosen == {"outpatient": 1, "iop": 2, "php": 1}
    assert (lena.common_wrong, lena.common_wrong_count) == ("iop", 2)
    assert lena.missed_rule == "Weekly therapy enough?"
    assert lena.median_seconds == 60.0 and lena.confident_wrong == 2 and lena.retries == 1
    assert lena.discussion == load_library().get(LENA).discussion and lena.discussion


def test_stage_decisions_are_summarised_under_the_stage_title() -> None:
    marcus = load_library().get("marcus-depression")
    stage = marcus.stages[0]
    rows = [
        answer(stage.decision.value, stage.decision.value, case=marcus.id, stage=stage.id),
        answer("discharge", stage.decision.value, case=marcus.id, stage=stage.id),
    ]
    d = build_debrief([export("a", placement=rows[:1]), export("b", placement=rows[1:])])
    (summary,) = d.case(marcus.id).stages
    assert (summary.title, summary.answers, summary.accuracy) == (stage.title, 2, 0.5)
    assert d.case(marcus.id).answers == 0  # no admission answers: not in the ranking
    assert d.ranking == ()


def test_confidence_against_correctness_for_the_room() -> None:
    d = build_debrief(
        [
            export("a", placement=[answer("outpatient", confidence="very sure")]),
            export("b", placement=[answer("iop", confidence="very sure")]),
            export("c", placement=[answer("iop", confidence="guessing")]),
        ]
    )
    rows = {r.label: (r.answers, r.correct) for r in d.confidence}
    assert rows == {
        "Not stated": (0, 0),
        "Guessing": (1, 0),
        "Fairly sure": (0, 0),
        "Very sure": (2, 1),
    }


def test_ranking_puts_confidently_wrong_cases_first() -> None:
    hana = "hana-adolescent-depression"
    d = build_debrief(
        [
            export(
                str(i),
                placement=[
                    answer("iop", confidence="very sure"),  # Lena: wrong and sure
                    answer("php" if i == 0 else "iop", "iop", case=hana),  # Hana: mostly right
                ],
            )
            for i in range(3)
        ]
    )
    assert [c.case_id for c in d.ranking] == [LENA, hana]
    page = d.to_html(standalone=False)
    assert "Cases to debrief first" in page
    assert load_library().get(LENA).discussion[0].replace("'", "&#x27;") in page


def test_schedule_errors_and_plan_gaps_count_each_trainees_last_check() -> None:
    def week(errors: list[str]) -> dict[str, Any]:
        verdict = "errors" if errors else "ok"
        return {"case_id": "v", "verdict": verdict, "errors": errors, **WEEK}

    d = build_debrief(
        [
            export(
                "a",
                schedule=[week(["empty-week"]), week(["hours-below-iop-minimum"])],
                plan=[{"case_id": "v", "complete": False, "missing": ["warning_signs"]}],
            ),
            export(
                "b",
                schedule=[week(["hours-below-iop-minimum", "no-group-activity"])],
                plan=[
                    {"case_id": "v", "complete": False, "missing": ["supports"]},
                    {"case_id": "v", "complete": True, "missing": []},
                ],
            ),
        ]
    )
    assert d.schedule_errors == (("hours-below-iop-minimum", 2), ("no-group-activity", 1))
    assert d.plan_gaps == (("warning_signs", 1),)
    assert (d.schedule_checked, d.plans_checked) == (2, 2)
    page = d.to_html(standalone=False)
    assert "Fewer hours than IOP&#x27;s minimum" in page and "Warning signs" in page
    assert "hours-below-iop-minimum" not in page and "iop minimum" not in page.lower()


# --- learning gain --------------------------------------------------------------------------


# The gain and item analysis themselves: tests/test_measurement.py.


def test_t_critical_values_match_the_tables() -> None:
    assert t_critical_95(1) == 12.706 and t_critical_95(30) == 2.042
    assert t_critical_95(60) == pytest.approx(2.000, abs=2e-3)
    assert t_critical_95(120) == pytest.approx(1.980, abs=2e-3)


def test_no_paired_quizzes_says_so() -> None:
    item = KNOWLEDGE_QUIZ[0]
    d = build_debrief(
        [export("a", quiz=[{"quiz": "pre", "item": item.id, "attempt": 1, "chosen": "a"}])]
    )
    assert d.measurement.gain.n == 0
    assert "No trainee has taken both" in d.to_html(standalone=False)


# --- reading a folder -----------------------------------------------------------------------


def test_bad_files_are_skipped_with_the_file_and_field_named(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text(json.dumps(export("a", placement=[answer("iop")])))
    (tmp_path / "torn.json").write_text('{"format": "iopkit-resp')
    (tmp_path / "other.json").write_text(json.dumps({"format": "notebook"}))
    broken = export("b", placement=[answer("iop")])
    del broken["placement"][0]["correct"]
    (tmp_path / "field.json").write_text(json.dumps(broken))
    (tmp_path / "notes.txt").write_text("not a hand-in")
    handins = read_exchange(tmp_path)
    assert len(handins) == 1
    problems = "\n".join(handins.problems)
    assert "torn.json: not valid JSON (line 1" in problems
    assert "other.json: field 'format' is 'notebook'; allowed: 'iopkit-responses'" in problems
    assert "field.json: field 'placement[0].correct' is missing" in problems
    assert "notes.txt" not in problems


def test_a_trainee_who_handed_in_twice_counts_once(tmp_path: Path) -> None:
    old = export("a", placement=[answer("iop")])
    new = export("a", placement=[answer("outpatient")])
    new["exported_at"] = "2026-03-02T11:00:00+00:00"
    (tmp_path / "1.json").write_text(json.dumps(new))
    (tmp_path / "2.json").write_text(json.dumps(old))
    d = build_debrief(read_exchange(tmp_path))
    assert d.trainees == 1 and d.case(LENA).accuracy == 1.0


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DebriefError, match="no such folder of hand-ins"):
        read_exchange(tmp_path / "nowhere")


def test_text_from_hand_ins_is_escaped() -> None:
    d = build_debrief([export("a", "<img src=x onerror=alert(1)>", placement=[answer("iop")])])
    page = d.to_html()
    assert d.trainees == 0 and "field 'trainee.pseudonym'" in d.problems[0]
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


def test_real_hand_ins_from_trainee_stores_feed_the_debrief(tmp_path: Path) -> None:
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    for name, chosen in (("Ash", "outpatient"), ("Birch", "iop"), ("Cedar", "iop")):
        store = ResponseStore(tmp_path / name)
        store.set_pseudonym(name)
        store.record_placement(LENA, "", chosen, "outpatient", chosen == "outpatient", "", 40)
        hand_in(store, exchange)
    d = build_debrief(read_exchange(exchange))
    assert d.pseudonyms == (("Ash", 1), ("Birch", 1), ("Cedar", 1))
    assert d.case(LENA).accuracy == pytest.approx(1 / 3)
    assert "Ash (1), Birch (1), Cedar (1)" in d.to_html(standalone=False)


# --- the command and the report -------------------------------------------------------------


def test_debrief_command_writes_a_printable_report_with_figures(tmp_path: Path) -> None:
    write_handins(tmp_path / "ex", synthetic_handins(6, seed=3))
    (tmp_path / "ex" / "bad.json").write_text("[]")
    out_file = tmp_path / "report.html"
    code, out, err = run("debrief", str(tmp_path / "ex"), "--out", str(out_file))
    assert code == 0, err
    assert "6 hand-ins" in out and "bad.json: not a hand-in" in err
    page = out_file.read_text()
    assert page.count("<img src='data:image/png;base64,") == 3
    assert "@media print" in page and "Learning gain" in page and "Mean gain" in page


def test_debrief_command_on_a_missing_folder_exits_1_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "iopkit.cli", "debrief", str(tmp_path / "no"), "--out", "r.html"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert proc.returncode == 1
    assert "no such folder of hand-ins" in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "r.html").exists()


def test_synthetic_hand_ins_are_reproducible_and_fictional() -> None:
    a = synthetic_handins(3, seed=5)
    assert a == synthetic_handins(3, seed=5)
    assert a != synthetic_handins(3, seed=6)
    assert all(h["kit_version"] for h in a)


def test_the_sample_exchange_reads_cleanly() -> None:
    """notebooks/sample-exchange (made by tools/make_sample_exchange.py) feeds notebook 06."""
    files = sorted(SAMPLE.glob("*.json"))
    assert len(files) == 12
    d = build_debrief(read_exchange(SAMPLE))
    assert d.trainees == 12 and d.measurement.gain.n == 12 and not read_exchange(SAMPLE).problems


# --- plots ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def room() -> Debrief:
    return build_debrief(HandIns(tuple(synthetic_handins(20, seed=9))))


def test_case_levels_plot_has_a_bar_per_case_and_level_and_names_the_key(room: Debrief) -> None:
    ax = plot_case_levels(room)
    cases = [c for c in room.cases if c.answers]
    bars = [p for p in ax.patches if p.get_width() > 0]
    assert len(bars) == sum(len(c.chosen) for c in cases)
    for c in cases:  # each bar's segments add up to the whole room
        assert sum(c.chosen.values()) == c.answers
    texts = [t.get_text() for t in ax.texts]
    assert sum(t.startswith("key: ") for t in texts) == len(cases)
    assert ax.get_title() and ax.get_xlabel() == "Share of first answers"
    assert {t.get_text() for t in ax.get_legend().get_texts()} <= {
        "Outpatient",
        "IOP",
        "PHP",
        "Residential",
        "Withdrawal mgmt",
        "Inpatient",
    }


def test_confidence_plot_bars_are_the_shares_right_with_defensible_stacked_on_top(
    room: Debrief,
) -> None:
    ax = plot_confidence(room)
    rows = [r for r in room.confidence if r.answers]
    right, defensible = ax.patches[: len(rows)], ax.patches[len(rows) :]
    assert [p.get_height() for p in right] == pytest.approx([r.accuracy for r in rows])
    assert any(r.defensible for r in rows)  # the synthetic room's answers include some
    assert [p.get_height() for p in defensible] == pytest.approx(
        [r.defensible_share or 0.0 for r in rows]
    )
    assert [p.get_y() for p in defensible] == pytest.approx([r.accuracy for r in rows])
    assert all("right" in t.get_text() for t in ax.texts)


def test_learning_gain_plot_marks_each_objective_before_and_after(room: Debrief) -> None:
    ax = plot_learning_gain(room)
    before, after = ax.collections[:2]
    assert len(before.get_offsets()) == len(after.get_offsets()) == len(OBJECTIVES)
    assert [t.get_text() for t in ax.get_yticklabels()] == [o.short for o in OBJECTIVES]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Before", "After"]


def test_an_empty_exchange_gives_a_report_that_says_so(tmp_path: Path) -> None:
    from iopkit.debrief_plots import charts

    d = build_debrief(read_exchange(tmp_path))
    page = d.to_html()
    assert "0 trainees handed in" in page and "No placement answers yet" in page
    assert [repr(c) for c in charts(d)][
        0
    ] == "Figure: Levels chosen at the first answer, case by case"


def test_notebook_one_liner_reads_the_exchange_or_the_sample(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from iopkit.debrief import debrief_exchange

    monkeypatch.delenv("IOPKIT_EXCHANGE", raising=False)
    monkeypatch.chdir(SAMPLE.parent)
    sample = debrief_exchange()
    assert sample.trainees == 12 and repr(sample).endswith("(IOPKIT_EXCHANGE is not set)")
    write_handins(tmp_path, synthetic_handins(2, seed=4))
    monkeypatch.setenv("IOPKIT_EXCHANGE", str(tmp_path))
    assert debrief_exchange().trainees == 2


def test_notebook_06_shows_at_a_glance_first_then_the_room_case_by_case():
    cells = json.loads((ROOT / "notebooks" / "06_facilitator_debrief.ipynb").read_text())["cells"]
    sources = ["".join(c["source"]) for c in cells]
    headings = [s.splitlines()[0] for s in sources if s.startswith("## ")]
    assert headings[0] == "## At a glance"
    shows = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and sources[i] == "report"]
    charts_cell = next(i for i, s in enumerate(sources) if "charts(report)" in s)
    assert shows and charts_cell < shows[0]  # the charts come before the report's tables
    # the report is read before the charts draw it, and shown once, after them
    reads = next(i for i, s in enumerate(sources) if "debrief_exchange()" in s)
    assert reads < charts_cell and not cells[reads]["outputs"]


def test_the_printable_debrief_puts_at_a_glance_before_the_room():
    from iopkit.debrief_plots import report_page

    page = report_page(build_debrief(synthetic_handins(4, seed=3)))
    assert page.index("<h2>At a glance</h2>") < page.index("The room</h2>")
