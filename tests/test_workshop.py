"""Workshop mode from the trainee's side: the apps record answers, the CLI exports and hands in,
and the "Hand in" button tells a clinician what happened."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from iopkit.cli import main
from iopkit.learning_quiz import KNOWLEDGE_QUIZ
from iopkit.responses import ResponseStore, default_store, handin_name
from iopkit.vignettes import load_library
from iopkit.widgets import HandInButton, PlacementCasePlayer, PseudonymPicker


@pytest.fixture
def trainee(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "trainee"
    monkeypatch.setenv("IOPKIT_DATA_DIR", str(folder))
    monkeypatch.delenv("IOPKIT_EXCHANGE", raising=False)
    return folder


@pytest.fixture
def exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "exchange"
    folder.mkdir()
    monkeypatch.setenv("IOPKIT_EXCHANGE", str(folder))
    return folder


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = main(list(argv), out=out, err=err)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


# --- the apps record ------------------------------------------------------------------------


def test_placement_player_records_first_answers_retries_and_stages(trainee: Path) -> None:
    library = load_library()
    staged = next(v for v in library.vignettes if v.stages)
    app = PlacementCasePlayer(library, case=staged.id)
    wrong = next(lv for lv in app.choice.options if lv[1] is not staged.expected_level)[1]
    app.choice.value = wrong
    app.confidence.value = "very sure"
    app.submit.click()
    app.choice.value = staged.expected_level
    app.submit.click()
    app.next_stage.click()
    app.stage_choice.value = staged.stages[0].decision
    if app.stage_target.options:  # a step names the level it moves to
        app.stage_target.value = staged.stages[0].expected_level
    app.stage_submit.click()
    rows = ResponseStore(trainee).rows("placement")
    assert [(r["stage"], r["attempt"], r["correct"]) for r in rows] == [
        ("", 1, False),
        ("", 2, True),
        (staged.stages[0].id, 1, True),
    ]
    assert rows[0]["confidence"] == "very sure" and rows[0]["chosen"] == wrong.value
    assert rows[0]["vignette_version"] == staged.version
    assert all(r["seconds"] is not None and r["seconds"] >= 0 for r in rows)
    assert "not saved" not in app.feedback.value


def test_an_answer_that_cannot_be_saved_says_so_and_the_feedback_still_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("IOPKIT_DATA_DIR", str(blocker))
    library = load_library()
    v = library.vignettes[0]
    app = PlacementCasePlayer(library, case=v.id)
    app.choice.value = v.expected_level
    app.submit.click()
    assert "Correct" in app.feedback.value
    assert "your answer was not saved" in app.feedback.value


def test_apps_can_run_without_recording(trainee: Path) -> None:
    library = load_library()
    v = library.vignettes[0]
    app = PlacementCasePlayer(library, case=v.id, record=False)
    app.choice.value = v.expected_level
    app.submit.click()
    assert not (trainee / "responses.sqlite3").exists()


def test_pseudonym_picker_keeps_a_valid_name_and_explains_a_bad_one(trainee: Path) -> None:
    app = PseudonymPicker()
    assert app.name.value == default_store().pseudonym
    app.name.value = "Jo"
    app.keep.click()
    assert ResponseStore(trainee).pseudonym == "Jo"
    app.name.value = "!"
    app.keep.click()
    assert "Problem" in app.message.value and "Nothing was changed" in app.message.value
    assert ResponseStore(trainee).pseudonym == "Jo"
    assert app._repr_mimebundle_()["text/plain"] == "Run the notebook to start this app."


def test_hand_in_button_without_exchange_explains_what_to_ask(trainee: Path) -> None:
    app = HandInButton()
    assert app.button.description == "Hand in"
    app.button.click()
    assert "IOPKIT_EXCHANGE is not set" in app.message.value
    assert "Ask your facilitator" in app.message.value


def test_hand_in_button_hands_in_under_the_pseudonym(trainee: Path, exchange: Path) -> None:
    store = ResponseStore(trainee)
    store.set_pseudonym("Kestrel")
    store.record_quiz("pre", KNOWLEDGE_QUIZ[0].id, "a", False)
    app = HandInButton()
    app.button.click()
    assert "Handed in as Kestrel" in app.message.value
    handed = json.loads((exchange / handin_name(store.trainee_id)).read_text())
    assert handed["quiz"][0]["item"] == KNOWLEDGE_QUIZ[0].id


# --- the command line -----------------------------------------------------------------------


def test_responses_export_prints_json_and_writes_csv(trainee: Path, tmp_path: Path) -> None:
    ResponseStore(trainee).record_placement("lena-worry", "", "iop", "outpatient", False)
    code, out, err = run("responses", "export")
    assert code == 0, err
    assert json.loads(out)["placement"][0]["case_id"] == "lena-worry"
    target = tmp_path / "mine.csv"
    code, out, _ = run("responses", "export", "--out", str(target))
    assert code == 0 and "1 placement answer, 0 quiz answers" in out and "(csv)" in out
    (row,) = csv.DictReader(target.open())
    assert (row["kind"], row["chosen"], row["correct"]) == ("placement", "iop", "no")
    code, _, _ = run("responses", "export", "--out", str(tmp_path / "x.txt"), "--format", "csv")
    assert code == 0 and (tmp_path / "x.txt").read_text().startswith("kind,")


def test_responses_export_to_a_missing_folder_exits_1_with_the_file(
    trainee: Path, tmp_path: Path
) -> None:
    code, _, err = run("responses", "export", "--out", str(tmp_path / "no" / "such.json"))
    assert code == 1
    assert "such.json" in err and "does not exist" in err and "Traceback" not in err


def test_responses_export_rejects_an_unknown_format(
    trainee: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = run("responses", "export", "--format", "xml")
    assert code == 2 and "choose from 'json', 'csv'" in capsys.readouterr().err


def test_responses_hand_in_without_exchange_exits_1_without_traceback(trainee: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "iopkit.cli", "responses", "hand-in"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert "IOPKIT_EXCHANGE is not set" in proc.stderr and "Traceback" not in proc.stderr


def test_responses_hand_in_writes_one_file(trainee: Path, exchange: Path) -> None:
    code, out, err = run("responses", "hand-in")
    assert code == 0, err
    assert "Handed in as" in out
    assert len(list(exchange.iterdir())) == 1


def test_a_broken_answers_database_exits_1_naming_the_file(trainee: Path) -> None:
    trainee.mkdir()
    (trainee / "responses.sqlite3").write_text("garbage " * 200)
    code, _, err = run("responses", "export")
    assert code == 1
    assert "responses.sqlite3" in err and "not a readable answers database" in err


# --- the knowledge check: tests/test_knowledge_check.py ---------------------------------


def test_schedule_designer_records_each_checked_week_with_its_verdict(trainee: Path) -> None:
    from iopkit.components import Activity
    from iopkit.schedule import Day
    from iopkit.widgets import ScheduleDesigner

    app = ScheduleDesigner()
    for day in ("mon", "wed"):
        app.day.value = Day(day)
        app.start.value = "09:00"
        app.minutes.value = 180
        app.activity.value = Activity.PROCESS_GROUP
        app.add.click()
    first, second = ResponseStore(trainee).rows("schedule")
    assert (first["hours"], first["days"], second["hours"], second["days"]) == (3.0, 1, 6.0, 2)
    assert second["verdict"] == "errors" and "hours-below-iop-minimum" in second["errors"]
    assert second["case_id"] == "" and second["weeks"] == app.schedule.weeks


def test_plan_builder_records_completeness_and_missing_parts_never_text(trainee: Path) -> None:
    from iopkit.widgets import DischargePlanBuilder

    library = load_library()
    v = next(v for v in library.vignettes if any(s.discharge_plan for s in v.stages))
    app = DischargePlanBuilder.for_vignette(v)
    app.warning_signs.value = "Sleeping badly for three nights in a row"
    app.check.click()
    (row,) = ResponseStore(trainee).rows("plan")
    assert row["case_id"] == v.id and row["complete"] is False
    assert "warning_signs" not in row["missing"] and "high_risk_situations" in row["missing"]
    database = (trainee / "responses.sqlite3").read_bytes()
    assert b"Sleeping badly" not in database  # the text a trainee typed is never stored


def test_continuum_quiz_answers_are_recorded(trainee: Path) -> None:
    from iopkit.widgets import ContinuumExplorer

    app = ContinuumExplorer()
    app.quiz_answer.value = app.quiz_answer.options[1][1]  # the first real level
    app.quiz_check.click()
    (row,) = ResponseStore(trainee).rows("quiz")
    assert row["quiz"] == "levels" and row["item"] == app.quiz_item.value
