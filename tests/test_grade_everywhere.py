"""One grade everywhere: what the answers database, the export and the hand-in say about an
answer is what grading.grade_answer says."""

from __future__ import annotations

import csv
import io
import json

from iopkit.grading import Grade, grade_answer
from iopkit.responses import ResponseStore, export_csv, hand_in
from iopkit.vignettes import load_library

LIBRARY = load_library()
MARCUS = LIBRARY.get("marcus-depression")  # inpatient, then step down to IOP, then discharge


def test_export_grades_older_answers_by_the_one_rule_and_ignores_their_verdict(tmp_path):
    store = ResponseStore(tmp_path)
    v = MARCUS
    # recorded before grades were kept: no grade, and a stated verdict that is wrong
    store.record_placement(v.id, "", "outpatient", "inpatient", True, vignette_version=v.version)
    store.record_placement(
        v.id, "week-8-discharge", "step_down", "discharge", False, vignette_version=v.version
    )
    rows = store.export()["placement"]
    assert [r["grade"] for r in rows] == [
        grade_answer(v, v.id, "outpatient").value,
        grade_answer(v, f"{v.id}/week-8-discharge", "step_down").value,
    ]
    assert [r["grade"] for r in rows] == ["not_right", "key"]


def test_export_leaves_the_grade_unknown_for_another_case_version(tmp_path):
    store = ResponseStore(tmp_path)
    store.record_placement(MARCUS.id, "", "inpatient", "inpatient", True, vignette_version=999)
    assert store.export()["placement"][0]["grade"] == ""


def test_csv_export_and_hand_in_carry_the_grade(tmp_path):
    store = ResponseStore(tmp_path / "trainee")
    store.record_placement(
        MARCUS.id, "", "php", "inpatient", False, vignette_version=MARCUS.version, grade="not_right"
    )
    (row,) = csv.DictReader(io.StringIO(export_csv(store.export())))
    assert row["grade"] == Grade.NOT_RIGHT.value
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    landed = hand_in(store, exchange)
    data = json.loads(landed.path.read_text(encoding="utf-8"))
    assert [r["grade"] for r in data["placement"]] == ["not_right"]
