"""The gain and the item analysis, checked against figures worked out by hand.

The room below: four trainees took form A before the day and form B after it, with 3, 6, 6 and
9 of 12 right before and 6, 9, 6 and 12 after. By hand: scores 0.25, 0.50, 0.50, 0.75 before
and 0.50, 0.75, 0.50, 1.00 after; paired differences 0.25, 0.25, 0, 0.25; mean 0.1875; their
standard deviation 0.125 (sum of squares 0.046875 over 3); standard error 0.0625; t(0.975, 3) =
3.182, so the 95 % interval is 0.1875 +/- 0.198875 = (-0.011375, 0.386375). Room means 0.5 and
0.6875, so Hake's gain is 0.1875 / 0.5 = 0.375.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape as html_escape
from typing import Any

import pytest

from iopkit.debrief import build_debrief
from iopkit.learning_quiz import FORMS, Form, KnowledgeItem, Phase, plan_for
from iopkit.measurement import (
    before_and_after,
    hake_gain,
    measure,
    pearson,
    t_critical_95,
    trainee_check,
)
from iopkit.render.measurement import measurement_html

A, B = FORMS[Form.A], FORMS[Form.B]


def rows(phase: str, items: Iterable[KnowledgeItem], right: int, lie: bool = False) -> list[Any]:
    """Every item answered: the first ``right`` right, the rest with the first distractor.
    With ``lie`` the stated verdict is the opposite of the truth."""
    out = []
    for n, item in enumerate(items):
        ok = n < right
        chosen = item.answer if ok else item.distractors[0]
        out.append(
            {"quiz": phase, "item": item.id, "attempt": 1, "chosen": chosen, "correct": ok != lie}
        )
    return out


def handin(name: str, quiz: list[Any]) -> dict[str, Any]:
    """A hand-in holding only knowledge-check answers (valid for the typed hand-in model)."""
    return {
        "format": "iopkit-responses",
        "format_version": 1,
        "trainee": {"id": name, "pseudonym": name},
        "quiz": quiz,
    }


ROOM = [
    handin("T1", rows("pre", A, 3) + rows("post", B, 6)),
    handin("T2", rows("pre", A, 6) + rows("post", B, 9)),
    handin("T3", rows("pre", A, 6) + rows("post", B, 6)),
    handin("T4", rows("pre", A, 9) + rows("post", B, 12)),
]


def test_paired_scores_per_trainee() -> None:
    checks = measure(ROOM).trainees
    assert [(c.pre.score, c.post.score) for c in checks if c.pre and c.post] == [
        (0.25, 0.5),
        (0.5, 0.75),
        (0.5, 0.5),
        (0.75, 1.0),
    ]
    assert [c.gain for c in checks] == [0.25, 0.25, 0.0, 0.25]
    assert checks[0].normalised_gain == pytest.approx(0.25 / 0.75)
    assert checks[3].normalised_gain == 1.0


def test_mean_gain_has_a_t_based_confidence_interval_on_the_paired_differences() -> None:
    g = measure(ROOM).gain
    assert g.n == 4
    assert g.mean == pytest.approx(0.1875)
    assert g.sd == pytest.approx(0.125)
    assert g.low == pytest.approx(-0.011375)
    assert g.high == pytest.approx(0.386375)
    assert t_critical_95(3) == 3.182


def test_normalised_gain_matches_hake() -> None:
    g = measure(ROOM).gain
    assert (g.pre_mean, g.post_mean) == (0.5, 0.6875)
    assert g.hake == pytest.approx(0.375)
    assert hake_gain(0.2, 0.6) == pytest.approx(0.5)
    assert hake_gain(1.0, 1.0) is None  # nothing left to gain: not defined


def test_gain_is_regraded_from_the_choices_not_the_stated_verdict() -> None:
    liars = [
        handin("T1", rows("pre", A, 3, lie=True) + rows("post", B, 6, lie=True)),
        handin("T2", rows("pre", A, 6, lie=True) + rows("post", B, 9, lie=True)),
        handin("T3", rows("pre", A, 6, lie=True) + rows("post", B, 6, lie=True)),
        handin("T4", rows("pre", A, 9, lie=True) + rows("post", B, 12, lie=True)),
    ]
    assert measure(liars).gain == measure(ROOM).gain


def test_who_did_not_take_both_is_named_and_left_out_of_the_gain() -> None:
    room = [
        *ROOM,
        handin("Pre-only", rows("pre", B, 12)),
        handin("Post-only", rows("post", A, 0)),
        handin("Neither", []),
    ]
    g = measure(room).gain
    assert g.n == 4 and g.mean == pytest.approx(0.1875)
    assert (g.pre_only, g.post_only, g.neither) == (("Pre-only",), ("Post-only",), ("Neither",))


def test_one_trainee_has_a_gain_but_no_interval() -> None:
    g = measure(ROOM[:1]).gain
    assert (g.n, g.mean, g.low, g.high) == (1, 0.25, None, None)


def test_only_the_first_answer_counts_and_an_open_item_counts_as_not_right() -> None:
    item = A[0]
    quiz = [
        {"quiz": "pre", "item": item.id, "attempt": 2, "chosen": item.answer, "correct": True},
        {"quiz": "pre", "item": item.id, "attempt": 1, "chosen": item.distractors[0]},
        {"quiz": "pre", "item": A[1].id, "attempt": 1, "chosen": A[1].answer},
        {"quiz": "pre", "item": "an-item-this-kit-never-had", "attempt": 1, "chosen": "a"},
    ]
    check = trainee_check("T", quiz)
    assert check.pre is not None and check.pre.form is Form.A
    assert check.pre.n_right == 1
    assert check.pre.score == pytest.approx(1 / len(A))  # eleven open items are not right


def _four_on_form_a(right_on: dict[str, set[int]]) -> list[dict[str, Any]]:
    """Four trainees on form A before the day; ``right_on[name]`` lists the items they got
    right (by index); every wrong answer takes a distractor chosen by the trainee's number."""
    room = []
    for t, (name, right) in enumerate(right_on.items()):
        quiz = []
        for n, item in enumerate(A):
            chosen = item.answer if n in right else item.distractors[t % 3]
            quiz.append({"quiz": "pre", "item": item.id, "attempt": 1, "chosen": chosen})
        room.append(handin(name, quiz))
    return room


# Item 0 is right for T1 and T2, who have 2 and 3 of the other items right; T3 and T4 miss it
# but have 5 and 6 of the others: by hand, r = -3 / sqrt(1 * 10) = -0.9487 (equivalently
# (M1 - M0) / s * sqrt(pq) = (2.5 - 5.5) / 1.5811 * 0.5). Item 11 is right for everyone.
SKEWED = _four_on_form_a(
    {
        "T1": {0, 1, 2, 11},
        "T2": {0, 1, 2, 3, 11},
        "T3": {1, 2, 3, 4, 5, 11},
        "T4": {1, 2, 3, 4, 5, 6, 11},
    }
)


def test_point_biserial_flags_negative_discrimination() -> None:
    a = next(x for x in measure(SKEWED).items_pre if x.item == A[0])
    assert a.n == 4 and a.difficulty == 0.5
    assert a.discrimination == pytest.approx(-3 / 10**0.5)
    assert any(f.startswith("negative discrimination") for f in a.flags)
    assert pearson([1, 1, 0, 0], [2, 3, 5, 6]) == pytest.approx(-0.9486833)


def test_a_well_behaved_item_is_not_flagged() -> None:
    # Item 3: right for T2, T3, T4 (others right: 4, 5, 6), wrong for T1 (3): r > 0.
    a = next(x for x in measure(SKEWED).items_pre if x.item == A[3])
    assert a.discrimination is not None and a.discrimination > 0.3
    assert a.flags == ()


def test_everyone_right_before_the_day_is_flagged() -> None:
    a = next(x for x in measure(SKEWED).items_pre if x.item == A[11])
    assert a.difficulty == 1.0 and a.discrimination is None
    assert any("everyone was right before the day" in f for f in a.flags)


def test_each_distractor_is_counted() -> None:
    a = next(x for x in measure(SKEWED).items_pre if x.item == A[0])
    counts = {o.key: o.chosen for o in a.options}
    item = A[0]
    assert counts[item.answer] == 2
    # T3 (number 2) and T4 (number 3) took distractors 2 and 0.
    assert counts[item.distractors[2]] == 1 and counts[item.distractors[0]] == 1
    assert counts[item.distractors[1]] == 0
    assert sum(counts.values()) == 4


def test_a_distractor_chosen_more_than_the_answer_is_flagged() -> None:
    # Nobody has item 7 right: T1 and T4 chose its first distractor, T2 and T3 the others.
    a = next(x for x in measure(SKEWED).items_pre if x.item == A[7])
    lure = A[7].option_text(A[7].distractors[0])
    assert a.flags == (f"more chose “{lure}” than the right answer",)
    # Item 6: right for T4 alone, each distractor once: no lure outdoes the answer.
    b = next(x for x in measure(SKEWED).items_pre if x.item == A[6])
    assert not any("than the right answer" in f for f in b.flags)


def test_objective_gain_pools_both_forms() -> None:
    # T1 takes A then B, T2 takes B then A; each right on the first objective only after.
    first = A[0].objective
    twin = next(i for i in B if i.objective == first)
    t1 = rows("pre", A, 0) + rows("post", B, 0)
    t2 = rows("pre", B, 0) + rows("post", A, 0)
    t1[len(A)]["chosen"] = twin.answer
    t2[len(B)]["chosen"] = A[0].answer
    m = measure([handin("T1", t1), handin("T2", t2)])
    o = next(x for x in m.objectives if x.objective == first)
    assert (o.pre_n, o.pre_right, o.post_n, o.post_right) == (2, 0, 2, 2)


def test_before_and_after_pairs_twin_items_by_objective() -> None:
    check = trainee_check("T", rows("pre", B, 12) + rows("post", A, 0))
    pairs = before_and_after(check)
    assert len(pairs) == len(A)
    for p in pairs:
        assert p.pre_item is not None and p.post_item is not None
        assert p.pre_item.objective == p.post_item.objective == p.objective
        assert (p.pre_item.form, p.post_item.form) == (Form.B, Form.A)
        assert p.pre_chosen == p.pre_item.answer and p.post_chosen != p.post_item.answer


def test_the_debrief_shows_the_gain_the_missing_and_the_item_analysis() -> None:
    room = [*ROOM, handin("Solo", rows("pre", A, 4))]
    d = build_debrief(room)
    html = d.to_html(standalone=False)
    assert "Mean gain +19 points" in html
    assert "95% confidence interval -1 points to +39 points" in html
    assert "Student&#x27;s t" in html
    assert "Hake&#x27;s normalised gain 0.38" in html
    assert "Took only the check before the day: Solo" in html
    assert "point-biserial" in html
    assert all(html_escape(item.prompt) in html for item in (*A, *B))


def _seed_with_first(form: Form) -> int:
    return next(seed for seed in range(100) if plan_for(seed).first_form is form)


def test_a_hand_in_whose_forms_contradict_its_recorded_order_is_reported() -> None:
    follows = handin("Kept", rows("pre", A, 3) + rows("post", B, 6))
    follows["knowledge_check"] = {"seed": _seed_with_first(Form.A), "first_form": "A"}
    swapped = handin("Swapped", rows("pre", A, 3) + rows("post", B, 6))
    # The seed says form B came first; the stated first form is not trusted over the seed.
    swapped["knowledge_check"] = {"seed": _seed_with_first(Form.B), "first_form": "A"}
    junk = handin("Junk", rows("pre", A, 3))
    junk["knowledge_check"] = {"seed": "many", "first_form": 7}
    m = measure([follows, swapped, junk])
    assert m.off_plan == ("Swapped",)
    assert m.gain.n == 2  # still counted as answered
    assert "The forms answered by Swapped do not follow" in measurement_html(m)


def test_form_means_show_whether_the_forms_are_parallel() -> None:
    # ROOM took A before (3, 6, 6, 9 of 12) and B after (6, 9, 6, 12); one more trainee takes
    # B before (12) and A after (0).
    room = [*ROOM, handin("T5", rows("pre", B, 12) + rows("post", A, 0))]
    means = {(f.phase, f.form): (f.n, f.mean) for f in measure(room).forms}
    assert means[(Phase.PRE, Form.A)] == (4, 0.5)
    assert means[(Phase.PRE, Form.B)] == (1, 1.0)
    assert means[(Phase.POST, Form.B)] == (4, 0.6875)
    assert means[(Phase.POST, Form.A)] == (1, 0.0)
    assert "Are the two forms parallel?" in measurement_html(measure(room))
