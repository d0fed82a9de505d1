"""Printable case packets: the trainee version holds no key, feedback or discussion."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest

from iopkit.cli import main
from iopkit.handout import HandoutError, handout_html, select_cases
from iopkit.levels import LEVELS
from iopkit.placement import RULES
from iopkit.vignettes import load_library

CASES = ("lena-worry", "marcus-depression")


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def answer_texts(ids: tuple[str, ...] = CASES) -> list[str]:
    """Every sentence that gives an answer away: feedback, points, prompts, stage keys."""
    texts: list[str] = []
    for v in select_cases(ids):
        texts += [*v.feedback.values(), *v.learning_points, *v.discussion]
        for stage in v.stages:
            texts += [*stage.feedback.values(), *stage.learning_points]
    return texts


def visible(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_trainee_packet_has_the_cases_and_no_answer() -> None:
    page, count = handout_html(CASES)
    assert count == 2
    text = " ".join(visible(page).split())
    for v in select_cases(CASES):
        assert v.title in text
    for secret in answer_texts():
        assert " ".join(secret.split()) not in text, secret
    assert "Author's answer" not in text and "Discussion" not in text
    assert "<script" not in page and "<input" not in page  # no widgets, nothing to run


def test_answer_key_packet_adds_keys_feedback_points_and_discussion() -> None:
    page, _ = handout_html(CASES, answer_key=True)
    text = " ".join(visible(page).split())
    for secret in answer_texts():
        assert " ".join(secret.split()) in text, secret
    lena = load_library().get("lena-worry")
    assert f"Author's answer: {lena.expected_level.label}" in text


def test_packet_opens_with_the_levels_and_rules_and_breaks_pages_between_cases() -> None:
    page, _ = handout_html(CASES)
    summary = page.split("<section class='case'")[0]
    for info in LEVELS.values():
        assert html.escape(info.label) in summary
    for rule in RULES:
        assert html.escape(rule.title) in summary
    assert "break-before: page" in page and "@page" in page
    assert page.count("<section class='case'") == 2
    marcus = load_library().get("marcus-depression")
    assert page.count("<section class='stage'") == len(marcus.stages)  # one page a stage


def test_no_ids_means_every_case() -> None:
    _, count = handout_html(())
    assert count == len(load_library())


def test_unknown_case_id_names_the_id_and_a_suggestion() -> None:
    with pytest.raises(HandoutError, match=r"no case 'lena-wory' \(did you mean 'lena-worry'\?\)"):
        handout_html(["lena-wory"])


def test_handout_command_writes_the_file_and_reports_errors(tmp_path: Path) -> None:
    out_file = tmp_path / "packet.html"
    code, out, err = run("handout", *CASES, "--out", str(out_file))
    assert code == 0, err
    assert "a trainee packet of 2 cases" in out
    assert out_file.read_text().startswith("<!DOCTYPE html>")
    code, out, _ = run("handout", "--answer-key", "--out", str(tmp_path / "key.html"))
    assert code == 0 and "an answer-key packet" in out
    code, _, err = run("handout", "nobody", "--out", str(tmp_path / "x.html"))
    assert code == 1 and "IDS: no case 'nobody'" in err and not (tmp_path / "x.html").exists()
    code, _, err = run("handout", "--out", str(tmp_path / "missing" / "x.html"))
    assert code == 1 and "does not exist" in err


def test_the_answer_key_holds_discharge_plans_authors_version_and_review_date() -> None:
    library = load_library()
    staged = [v for v in library if any(s.discharge_plan for s in v.stages)]
    assert staged
    v = staged[0]
    page, _ = handout_html((v.id,), answer_key=True)
    text = " ".join(visible(page).split())
    assert f"Version {v.version}, last reviewed {v.last_reviewed.isoformat()}, by " in text
    assert ", ".join(v.authors) in text
    for stage in v.stages:
        plan = stage.discharge_plan
        if plan is None:
            continue
        assert f"follow-up booked within {plan.follow_up_within_days} days" in text
        for focus in plan.relapse_prevention_focus:
            assert " ".join(focus.split()) in text
    trainee = " ".join(visible(handout_html((v.id,))[0]).split())
    assert "Discharge plan" not in trainee and "last reviewed" not in trainee


def test_each_later_stage_is_a_page_of_its_own_after_turn_the_page() -> None:
    marcus = load_library().get("marcus-depression")
    page, _ = handout_html((marcus.id,))
    sections = page.split("<section class=")[2:]  # after the summary page
    assert sections[0].startswith("'case'") and "turn the page" in sections[0]
    stages = [s for s in sections if s.startswith("'stage'")]
    assert len(stages) == len(marcus.stages)
    for i, (section, stage) in enumerate(zip(stages, marcus.stages, strict=True), 1):
        assert html.escape(stage.title) in section
        assert section.count("What should the team decide now?") == 1
        assert "Which level of care fits now?" not in section
        assert ("turn the page" in section) == (i < len(marcus.stages))


def test_the_answer_key_names_why_a_key_differs_and_the_other_defensible_answers() -> None:
    from iopkit.levels import Level
    from iopkit.render.handout import handout_page

    lena = load_library().get("lena-worry")
    other = next(lv for lv in Level if lv is not lena.expected_level)
    case = lena.model_copy(
        update={
            "key_differs_because": "The panel weighs her new job more than the rules do.",
            "also_defensible": {other: "Her sister's offer of a room makes this arguable."},
        }
    )
    key = " ".join(visible(handout_page([case], answer_key=True)).split())
    assert "Why the author's answer differs from the teaching rules: The panel weighs" in key
    assert f"Also defensible {other.label}: Her sister's offer" in key
    trainee = " ".join(visible(handout_page([case])).split())
    assert "The panel weighs" not in trainee and "Her sister's offer" not in trainee
