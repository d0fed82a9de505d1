"""The knowledge check measures the day: a clean pre-test, items built on the day's objectives,
two parallel forms, and per-trainee form and option order from a recorded seed."""

from __future__ import annotations

import ast
import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from pretest_scan import answers_given_away, plain

from iopkit import sources as S
from iopkit.learning_quiz import (
    FORMS,
    KNOWLEDGE_QUIZ,
    OBJECTIVES,
    Form,
    KnowledgeItem,
    Phase,
    plan_for,
)
from iopkit.responses import ResponseStore

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK_00 = ROOT / "notebooks" / "00_start_here.ipynb"
PRE_CHECK = 'KnowledgeCheck("pre")'


# --- The bank ---------------------------------------------------------------------------------


def test_every_item_names_its_objective_and_a_listed_source() -> None:
    for item in KNOWLEDGE_QUIZ:
        assert item.objective in OBJECTIVES, item.id
        assert item.objective.notebook in {"01", "02", "03", "04"}, item.id
        assert S.ALL_SOURCES[item.source.key] is item.source, item.id
        assert item.citation and item.explanation and item.giveaways, item.id


def test_at_least_half_the_items_test_the_days_safety_teaching() -> None:
    safety = [i for i in KNOWLEDGE_QUIZ if i.objective.safety]
    assert 2 * len(safety) >= len(KNOWLEDGE_QUIZ)
    assert {o.id for o in OBJECTIVES if o.safety} >= {
        "opioid-medication-today",
        "withdrawal-setting",
        "needs-not-risk-tiers",
        "ward-follow-up",
        "sedative-taper",
        "eating-disorder-danger-signs",
        "motivation-not-entry-condition",
        "housing-not-residential",
    }


def test_forms_are_parallel_by_objective() -> None:
    assert set(FORMS) == {Form.A, Form.B}
    assert len(FORMS[Form.A]) == len(FORMS[Form.B]) == len(OBJECTIVES)
    for form in Form:
        assert [i.objective for i in FORMS[form]] == list(OBJECTIVES)
    for a, b in zip(FORMS[Form.A], FORMS[Form.B], strict=True):
        assert a.prompt != b.prompt and a.right_option != b.right_option
    safety = {f: sum(i.objective.safety for i in FORMS[f]) for f in Form}
    assert safety[Form.A] == safety[Form.B]


def test_items_are_distinct_with_four_distinct_options_and_no_catch_alls() -> None:
    assert len({i.id for i in KNOWLEDGE_QUIZ}) == len({i.prompt for i in KNOWLEDGE_QUIZ}) == 24
    for item in KNOWLEDGE_QUIZ:
        texts = [t.lower() for _, t in item.options]
        assert len(set(texts)) == 4, item.id
        assert not any("all of the above" in t or "none of the above" in t for t in texts)


def test_correct_positions_are_balanced() -> None:
    for form in Form:
        bank = Counter(i.answer for i in FORMS[form])
        assert sorted(bank.values()) == [3, 3, 3, 3], (form, bank)
    for seed in range(200):
        plan = plan_for(seed)
        for form in Form:
            shown = Counter(plan.orders[i.id].index(i.answer) for i in FORMS[form])
            assert sorted(shown.values()) == [3, 3, 3, 3], (seed, form, shown)


def test_which_form_comes_first_is_random_per_trainee() -> None:
    firsts = Counter(plan_for(seed).first_form for seed in range(400))
    assert 160 <= firsts[Form.A] <= 240, firsts  # about half each way
    plan = plan_for(11)
    assert plan.form(Phase.POST) is plan.form(Phase.PRE).other
    assert plan.items("pre") == FORMS[plan.first_form]


def test_options_are_shuffled_per_trainee() -> None:
    item = KNOWLEDGE_QUIZ[0]
    orders = {plan_for(seed).orders[item.id] for seed in range(100)}
    assert len(orders) > 6
    for order in orders:
        assert sorted(order) == ["a", "b", "c", "d"]


def test_option_order_is_reproducible_from_the_recorded_seed(tmp_path: Path) -> None:
    from iopkit.widgets import KnowledgeCheck

    store = ResponseStore(tmp_path)
    app = KnowledgeCheck("pre", store=store)
    recorded = store.export()["knowledge_check"]
    again = plan_for(recorded["seed"])
    assert recorded["first_form"] == again.first_form.value == app.plan.first_form.value
    shown = [tuple(key for _, key in c.options) for c in app.choices]
    assert shown == [again.orders[item.id] for item in again.items("pre")]
    assert ResponseStore(tmp_path).knowledge_seed == recorded["seed"]  # kept, not redrawn


# --- The widget -------------------------------------------------------------------------------


def test_pre_check_saves_answers_without_giving_the_answers_away(tmp_path: Path) -> None:
    from iopkit.widgets import KnowledgeCheck

    store = ResponseStore(tmp_path)
    app = KnowledgeCheck("pre", store=store)
    app.submit.click()
    assert "choose an answer" in app.message.value
    first, second = app.items[0], app.items[1]
    app.choices[0].value = first.distractors[0]
    app.choices[1].value = second.answer
    app.submit.click()
    assert "saved 2 answers" in app.message.value
    shown = app.results.value + app.message.value + "".join(f.value for f in app.feedback)
    assert first.explanation not in shown and first.right_option not in shown
    assert [(r["quiz"], r["item"], r["chosen"]) for r in store.rows("quiz")] == [
        ("pre", first.id, first.distractors[0]),
        ("pre", second.id, second.answer),
    ]


def test_post_check_is_the_other_form(tmp_path: Path) -> None:
    from iopkit.widgets import KnowledgeCheck

    pre = KnowledgeCheck("pre", store=ResponseStore(tmp_path))
    post = KnowledgeCheck("post", store=ResponseStore(tmp_path))
    assert {i.form for i in pre.items} == {pre.plan.first_form}
    assert {i.form for i in post.items} == {pre.plan.first_form.other}


def test_post_check_shows_each_result_beside_its_question_with_the_answer_before(
    tmp_path: Path,
) -> None:
    from iopkit.widgets import KnowledgeCheck

    pre = KnowledgeCheck("pre", store=ResponseStore(tmp_path))
    for item, choice in zip(pre.items, pre.choices, strict=True):
        choice.value = item.distractors[1]
    pre.submit.click()
    post = KnowledgeCheck("post", store=ResponseStore(tmp_path))
    for item, choice in zip(post.items, post.choices, strict=True):
        choice.value = item.answer
    post.submit.click()
    n = len(post.items)
    assert f"before the day 0 of {n} right; after the day you answered {n} of {n}" in (
        post.results.value
    )
    for item, twin, said in zip(post.items, pre.items, post.feedback, strict=True):
        assert twin.objective == item.objective
        assert html.escape(item.explanation) in said.value
        assert html.escape(twin.prompt) in said.value  # the question before, beside this one
        assert html.escape(twin.option_text(twin.distractors[1])) in said.value
        assert "not right" in said.value


def test_a_reopened_check_shows_the_answers_already_saved(tmp_path: Path) -> None:
    from iopkit.widgets import KnowledgeCheck

    first = KnowledgeCheck("post", store=ResponseStore(tmp_path))
    first.choices[2].value = first.items[2].answer
    first.submit.click()
    again = KnowledgeCheck("post", store=ResponseStore(tmp_path))
    assert again.choices[2].value == first.items[2].answer
    assert html.escape(first.items[2].explanation) in again.feedback[2].value
    assert again.feedback[0].value == ""


# --- A clean pre-test in notebook 00 ----------------------------------------------------------


def _widget_texts(widget: Any) -> list[str]:
    """Everything a widget tree shows: values, labels, options, tooltips, placeholders."""
    out: list[str] = []
    for name in ("value", "description", "tooltip", "placeholder"):
        value = getattr(widget, name, None)
        if isinstance(value, str):
            out.append(value)
    for option in getattr(widget, "options", ()) or ():
        out.append(str(option[0] if isinstance(option, tuple) else option))
    for child in getattr(widget, "children", ()) or ():
        out += _widget_texts(child)
    return out


def _shown(value: Any) -> str:
    """What a cell's result shows on the page (an app's widgets, or its HTML)."""
    if value is None:
        return ""
    widget = getattr(value, "widget", None)
    if widget is not None:
        return " ".join(_widget_texts(widget))
    if hasattr(value, "_repr_html_"):
        return str(value._repr_html_())
    return repr(value)


def _run_cell(source: str, namespace: dict[str, Any]) -> Any:
    tree = ast.parse(source)
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    if last is not None:
        tree.body = tree.body[:-1]
    exec(compile(tree, "<cell>", "exec"), namespace)
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), "<cell>", "eval"), namespace)


def page_above_the_pre_check(notebook: dict[str, Any]) -> tuple[str, list[str]]:
    """The text and apps a trainee sees above the pre-check, and the code cells run there."""
    shown: list[str] = []
    code: list[str] = []
    namespace: dict[str, Any] = {}
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "code" and PRE_CHECK in source:
            return plain(" ".join(shown)), code
        if cell["cell_type"] == "markdown":
            shown.append(source)
        elif cell["cell_type"] == "code":
            code.append(source)
            shown.append(_shown(_run_cell(source, namespace)))
    raise AssertionError("notebook 00 has no pre-check")


def _notebook_00() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(NOTEBOOK_00.read_text(encoding="utf-8"))
    return data


def test_no_item_is_answered_above_the_pre_test(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOPKIT_DATA_DIR", str(tmp_path))
    text, _ = page_above_the_pre_check(_notebook_00())
    assert "pseudonym" in text  # the scan read the page
    assert answers_given_away(text) == []


def test_the_pre_test_comes_straight_after_the_pseudonym(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IOPKIT_DATA_DIR", str(tmp_path))
    _, code = page_above_the_pre_check(_notebook_00())
    assert [c.strip().splitlines()[-1] for c in code] == ["PseudonymPicker()", "RecordedNotice()"]
    sources = "".join("".join(c["source"]) for c in _notebook_00()["cells"])
    assert "ContinuumExplorer" not in sources  # it lives in 01


def test_the_giveaway_scan_finds_an_answer_on_the_page() -> None:
    # The sentence notebook 00 used to show above its check.
    old = (
        "Where current guidance has moved on from the overview (for example, medication for "
        "opioid use disorder starts at once rather than after a detox), the kit teaches current "
        "practice."
    )
    assert answers_given_away(plain(old)) == ["opioid-today-a: 'starts at once'"]
    item: KnowledgeItem = FORMS[Form.A][-3]
    assert answers_given_away(plain(f"<p>{html.escape(item.right_option)}</p>"))
