"""The typed hand-in: every rule the model enforces, each proven by the input that broke it.

Each test writes a real hand-in (the sample folder's, as the kit writes them) with one field
broken, and checks that the model refuses it naming the field, and that the debrief of the
folder skips that file and still counts the others.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from iopkit.debrief import build_debrief, read_exchange
from iopkit.handins import (
    MAX_HANDIN_BYTES,
    HandInProblem,
    handin_text,
    load_json,
    parse_handin,
)
from iopkit.responses import HandInError, ResponseStore, hand_in

SAMPLE = Path(__file__).resolve().parents[1] / "notebooks" / "sample-exchange"
GOOD = sorted(SAMPLE.glob("handin-*.json"))


def good() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GOOD[0].read_text("utf-8"))
    return data


def refused(text: str) -> HandInProblem:
    with pytest.raises(HandInProblem) as caught:
        parse_handin(text.encode("utf-8"), "case.json")
    return caught.value


def with_raw(field: str, raw: str, table: str = "placement") -> str:
    """A good hand-in whose first ``table`` row has ``field`` written as ``raw`` JSON text."""
    data = good()
    data[table][0][field] = "@@RAW@@"
    return json.dumps(data).replace('"@@RAW@@"', raw)


def test_every_hand_in_the_kit_writes_is_read_in_full() -> None:
    for path in GOOD:
        record = parse_handin(path.read_bytes(), str(path))
        assert record.placement and record.quiz and record.trainee_id in path.name


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        ("null", "whole number, not null"),
        ('"1"', "whole number, not the text"),
        ("Infinity", "Infinity"),
        ("9" * 5000, "a number of more than 4300 digits"),
        ("1.5", "whole number"),
        ("true", "whole number, not true/false"),
        ("0", "allowed: 1 to"),
        ("-3", "allowed: 1 to"),
    ],
)
def test_attempt_must_be_a_whole_number_from_one(raw: str, why: str) -> None:
    problem = refused(with_raw("attempt", raw))
    assert why in str(problem) and str(problem).startswith("case.json: ")
    assert problem.field in ("placement[0].attempt", "")


@pytest.mark.parametrize("raw", ["7", '["lena-worry"]', '{"id": 1}', '"$\\\\frac{1}{0}$"', '""'])
def test_case_id_must_be_a_case_id_text(raw: str) -> None:
    problem = refused(with_raw("case_id", raw))
    assert problem.field == "placement[0].case_id"


@pytest.mark.parametrize("raw", ['"abc"', "NaN", "Infinity", "-Infinity", "1e999", "-5", "[]"])
def test_seconds_must_be_a_finite_number_not_below_zero(raw: str) -> None:
    problem = refused(with_raw("seconds", raw))
    assert problem.field in ("placement[0].seconds", ""), problem
    assert "seconds" in str(problem) or raw in str(problem) or "not a number" in str(problem)


@pytest.mark.parametrize(
    ("table", "field"),
    [("placement", "chosen"), ("placement", "stage"), ("quiz", "item"), ("schedule", "verdict")],
)
def test_a_list_is_never_taken_for_text(table: str, field: str) -> None:
    problem = refused(with_raw(field, '["iop", "x"]', table))
    assert problem.field == f"{table}[0].{field}" and "must be text, not a list" in str(problem)


def test_trainee_id_and_pseudonym_must_be_text() -> None:
    data = good()
    data["trainee"]["id"] = ["a", "b"]
    assert refused(json.dumps(data)).field == "trainee.id"
    data = good()
    data["trainee"]["pseudonym"] = {"name": "x"}
    assert refused(json.dumps(data)).field == "trainee.pseudonym"


def test_json_nested_100000_deep_is_refused_quickly_without_recursion() -> None:
    started = time.perf_counter()
    problem = refused(with_raw("chosen", "[" * 100_000 + "]" * 100_000))
    assert "nests lists or objects more than" in str(problem)
    assert time.perf_counter() - started < 2


def test_unknown_confidence_label_is_reported_not_dropped() -> None:
    problem = refused(with_raw("confidence", '"certain"'))
    assert problem.field == "placement[0].confidence"
    assert "'certain'" in str(problem) and "'very sure'" in str(problem)


def test_missing_parts_are_a_list_never_counted_letter_by_letter(tmp_path: Path) -> None:
    problem = refused(with_raw("missing", '"relapse_signs"', "plan"))
    assert problem.field == "plan[0].missing" and "must be a list of names" in str(problem)
    data = good()
    data["plan"] = [{"case_id": "lena-worry", "complete": False, "missing": ["relapse_signs"]}]
    d = build_debrief([data])
    assert d.plan_gaps == (("relapse_signs", 1),)


@pytest.mark.parametrize(
    "text",
    [
        '{"format": "iopkit-responses", "format": "iopkit-responses"}',
        '{"trainee": {"id": "a", "id": "b"}}',
    ],
)
def test_duplicate_keys_are_refused(text: str) -> None:
    problem = refused(text)
    assert "appears twice in one object" in str(problem) and problem.field in ("format", "id")


def test_a_duplicate_key_in_an_answer_is_refused() -> None:
    text = json.dumps(good()).replace('"attempt": 1,', '"attempt": 1, "attempt": 1,', 1)
    assert "appears twice" in str(refused(text))


def test_unknown_levels_verdicts_and_formats_are_refused() -> None:
    assert refused(with_raw("chosen", '"hospital"')).field == "placement[0].chosen"
    assert refused(with_raw("verdict", '"fine"', "schedule")).field == "schedule[0].verdict"
    data = good()
    data["format_version"] = 99
    assert "update iopkit" in str(refused(json.dumps(data)))


def test_a_hand_in_over_the_size_limit_is_refused_by_the_debrief(tmp_path: Path) -> None:
    data = good()
    data["padding"] = "x" * (MAX_HANDIN_BYTES + 10)
    (tmp_path / "big.json").write_text(json.dumps(data))
    (tmp_path / GOOD[1].name).write_bytes(GOOD[1].read_bytes())
    handins = read_exchange(tmp_path)
    assert len(handins) == 1
    assert any("big.json: is 5.0 MiB; a hand-in is at most 5 MiB" in p for p in handins.problems)
    with pytest.raises(HandInProblem, match="at most 5 MiB"):
        load_json(json.dumps(data).encode(), "big.json")


def test_a_hand_in_over_the_size_limit_is_refused_by_the_writer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ResponseStore(tmp_path / "data")
    store.record_placement("lena-worry", "", "iop", "outpatient", False)
    real_export = store.export

    def bloated() -> dict[str, Any]:
        data = real_export()
        data["padding"] = "x" * (MAX_HANDIN_BYTES + 10)
        return data

    monkeypatch.setattr(store, "export", bloated)
    (tmp_path / "drop").mkdir()
    with pytest.raises(HandInError, match="at most 5 MiB"):
        hand_in(store, tmp_path / "drop")
    assert list((tmp_path / "drop").iterdir()) == []


def test_the_writer_refuses_what_the_debrief_would_refuse() -> None:
    data = good()
    data["placement"][0]["seconds"] = float("nan")
    with pytest.raises(HandInProblem, match="NaN"):
        handin_text(data)


def test_a_bad_file_is_skipped_by_name_and_field_and_the_others_still_count(
    tmp_path: Path,
) -> None:
    for path in GOOD[:3]:
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "broken.json").write_text(with_raw("seconds", '"abc"'))
    handins = read_exchange(tmp_path)
    d = build_debrief(handins)
    assert d.trainees == 3
    assert d.problems == (
        f"{tmp_path / 'broken.json'}: field 'placement[0].seconds' must be a number, "
        "not the text 'abc'",
    )


@pytest.mark.parametrize(
    ("table", "field"),
    [("quiz", "chosen"), ("quiz", "item"), ("placement", "stage"), ("plan", "case_id")],
)
def test_escape_codes_and_markup_are_refused_in_every_field(table: str, field: str) -> None:
    for raw in ('"\\u001b]0;owned\\u0007"', '"<script>x</script>"'):
        problem = refused(with_raw(field, raw, table))
        assert problem.field == f"{table}[0].{field}" and "\x1b" not in str(problem)


def test_escape_codes_in_the_pseudonym_or_kit_version_are_refused() -> None:
    data = good()
    data["kit_version"] = "1.0\x1b[31m"
    assert refused(json.dumps(data)).field == "kit_version"
    data = good()
    data["trainee"]["pseudonym"] = "Ash\x1b]0;owned\x07"
    problem = refused(json.dumps(data))
    assert problem.field == "trainee.pseudonym" and "\\x1b]0;owned\\x07" in str(problem)
