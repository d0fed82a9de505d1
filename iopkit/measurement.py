"""Learning gain and item analysis for the knowledge check, from the room's hand-ins.

Pure computation (no I/O, no HTML; :mod:`iopkit.render.measurement` draws it):

* per trainee, the paired score before and after the day: the share of their form's items
  answered right (an item left open counts as not right), regraded from the option chosen,
  never from a verdict a hand-in states; only the first answer to each item counts;
* for the room, the mean gain over the trainees who took both checks, with a 95 % confidence
  interval from Student's t for the paired differences (mean +/- t(0.975, n-1) * sd / sqrt(n)),
  Hake's normalised gain on the room's means, ``(post - pre) / (1 - pre)``, and who did not
  take both;
* per objective, the share right before and after (the two forms are counterbalanced, so the
  change is not one form's difficulty);
* per item and phase: difficulty (share right), discrimination (the point-biserial
  correlation between the item and the rest of the form, the item itself left out), how many
  chose each option, and flags for items that misbehave.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from iopkit.learning_quiz import (
    FORMS,
    KNOWLEDGE_BY_ID,
    OBJECTIVES,
    Form,
    KnowledgeItem,
    Phase,
    plan_for,
)
from iopkit.learning_quiz.model import Objective
from iopkit.stats import hake_gain, pearson, t_critical_95

# --- Per trainee ------------------------------------------------------------------------------


def first_choices(rows: Iterable[Mapping[str, Any]]) -> dict[Phase, dict[str, str]]:
    """The first option chosen for each knowledge item, per phase (unknown items left out)."""
    best: dict[tuple[Phase, str], tuple[int, int, str]] = {}
    for order, row in enumerate(rows):
        try:
            phase = Phase(row.get("quiz"))
            attempt = int(row.get("attempt", 1))
        except (TypeError, ValueError):
            continue
        item = str(row.get("item"))
        if item not in KNOWLEDGE_BY_ID:
            continue
        key = (phase, item)
        if key not in best or (attempt, order) < best[key][:2]:
            best[key] = (attempt, order, str(row.get("chosen")))
    out: dict[Phase, dict[str, str]] = {Phase.PRE: {}, Phase.POST: {}}
    for (phase, item), (_, _, chosen) in best.items():
        out[phase][item] = chosen
    return out


def _form_of(choices: Mapping[str, str]) -> Form | None:
    """The form a phase's answers belong to (the one most of them come from)."""
    forms = Counter(KNOWLEDGE_BY_ID[i].form for i in choices)
    if not forms:
        return None
    return min(forms, key=lambda f: (-forms[f], f.value))


@dataclass(frozen=True)
class PhaseScore:
    """One trainee's answers to one form: what was chosen, and the share right."""

    form: Form
    chosen: Mapping[str, str]

    @property
    def items(self) -> tuple[KnowledgeItem, ...]:
        return FORMS[self.form]

    def right(self, item: KnowledgeItem) -> bool:
        return self.chosen.get(item.id) == item.answer

    @property
    def n_right(self) -> int:
        return sum(self.right(i) for i in self.items)

    @property
    def score(self) -> float:
        """Share of the form's items answered right (an open item counts as not right)."""
        return self.n_right / len(self.items)


def _phase_score(choices: Mapping[str, str]) -> PhaseScore | None:
    form = _form_of(choices)
    if form is None:
        return None
    return PhaseScore(form, {i: c for i, c in choices.items() if KNOWLEDGE_BY_ID[i].form is form})


@dataclass(frozen=True)
class TraineeCheck:
    """One trainee's knowledge check before and after the day."""

    trainee: str
    pre: PhaseScore | None
    post: PhaseScore | None
    recorded_first: Form | None = None

    @property
    def follows_plan(self) -> bool:
        """False when the forms answered contradict the form order the hand-in records."""
        if self.recorded_first is None:
            return True
        pre_ok = self.pre is None or self.pre.form is self.recorded_first
        post_ok = self.post is None or self.post.form is self.recorded_first.other
        return pre_ok and post_ok

    @property
    def both(self) -> bool:
        return self.pre is not None and self.post is not None

    @property
    def gain(self) -> float | None:
        if self.pre is None or self.post is None:
            return None
        return self.post.score - self.pre.score

    @property
    def normalised_gain(self) -> float | None:
        if self.pre is None or self.post is None:
            return None
        return hake_gain(self.pre.score, self.post.score)


def trainee_check(
    trainee: str, rows: Iterable[Mapping[str, Any]], recorded_first: Form | None = None
) -> TraineeCheck:
    """A trainee's paired scores from their quiz rows (a hand-in's or their own store's)."""
    choices = first_choices(rows)
    pre, post = (_phase_score(choices[p]) for p in (Phase.PRE, Phase.POST))
    return TraineeCheck(trainee, pre, post, recorded_first)


def recorded_first_form(record: Any) -> Form | None:
    """The form a hand-in's ``knowledge_check`` says came first: the one its seed gives (the
    seed is what the kit drew; a stated form that disagrees with it is not trusted)."""
    if not isinstance(record, Mapping):
        return None
    seed = record.get("seed")
    if isinstance(seed, int) and not isinstance(seed, bool) and 0 <= seed < 2**63:
        return plan_for(seed).first_form
    return None


@dataclass(frozen=True)
class ObjectivePair:
    """One objective for one trainee: the item before the day and the item after it."""

    objective: Objective
    pre_item: KnowledgeItem | None
    pre_chosen: str | None
    post_item: KnowledgeItem | None
    post_chosen: str | None


def before_and_after(check: TraineeCheck) -> tuple[ObjectivePair, ...]:
    """Item by item, objective by objective: what the trainee chose before and after."""

    def pick(score: PhaseScore | None, objective: Objective) -> tuple[Any, str | None]:
        if score is None:
            return None, None
        item = next(i for i in score.items if i.objective == objective)
        return item, score.chosen.get(item.id)

    return tuple(ObjectivePair(o, *pick(check.pre, o), *pick(check.post, o)) for o in OBJECTIVES)


# --- The room ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoomGain:
    """The room's paired gain (scores are shares 0-1; the gain is post minus pre)."""

    n: int
    pre_mean: float | None
    post_mean: float | None
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None
    hake: float | None
    pre_only: tuple[str, ...]
    post_only: tuple[str, ...]
    neither: tuple[str, ...]


def room_gain(checks: Sequence[TraineeCheck]) -> RoomGain:
    """Mean paired gain with a t-based 95 % CI, Hake's gain, and who lacks one of the checks."""
    both = [c for c in checks if c.both]
    pre_only = tuple(sorted(c.trainee for c in checks if c.pre is not None and c.post is None))
    post_only = tuple(sorted(c.trainee for c in checks if c.post is not None and c.pre is None))
    neither = tuple(sorted(c.trainee for c in checks if c.pre is None and c.post is None))
    missing = (pre_only, post_only, neither)
    if not both:
        return RoomGain(0, None, None, None, None, None, None, None, *missing)
    pre = [c.pre.score for c in both if c.pre is not None]
    post = [c.post.score for c in both if c.post is not None]
    diffs = [b - a for a, b in zip(pre, post, strict=True)]
    n = len(diffs)
    mean = sum(diffs) / n
    pre_mean, post_mean = sum(pre) / n, sum(post) / n
    sd = low = high = None
    if n >= 2:
        sd = statistics.stdev(diffs)
        half = t_critical_95(n - 1) * sd / math.sqrt(n)
        low, high = mean - half, mean + half
    return RoomGain(
        n, pre_mean, post_mean, mean, sd, low, high, hake_gain(pre_mean, post_mean), *missing
    )


@dataclass(frozen=True)
class OptionCount:
    key: str
    text: str
    chosen: int
    right: bool


@dataclass(frozen=True)
class ItemAnalysis:
    """One item in one phase: difficulty, discrimination, options chosen, and flags."""

    item: KnowledgeItem
    phase: Phase
    n: int
    difficulty: float | None
    discrimination: float | None
    options: tuple[OptionCount, ...]

    @property
    def flags(self) -> tuple[str, ...]:
        out = []
        if self.discrimination is not None and self.discrimination < 0:
            out.append("negative discrimination: those who did worse on the rest got it right")
        if self.phase is Phase.PRE and self.n and self.difficulty == 1:
            out.append("everyone was right before the day: it measures no learning")
        right = next(o.chosen for o in self.options if o.right)
        lures = [o for o in self.options if not o.right and o.chosen > right]
        if lures:
            out.append(f"more chose “{lures[0].text}” than the right answer")
        return tuple(out)


def item_analysis(checks: Sequence[TraineeCheck], phase: Phase) -> tuple[ItemAnalysis, ...]:
    """Every item of the bank in one phase, over the trainees whose form holds it."""
    out = []
    for form in Form:
        takers = [
            s
            for c in checks
            if (s := (c.pre if phase is Phase.PRE else c.post)) is not None and s.form is form
        ]
        for item in FORMS[form]:
            answered = [s for s in takers if item.id in s.chosen]
            xs = [float(s.right(item)) for s in takers]
            rest = [float(s.n_right - s.right(item)) for s in takers]
            counts = Counter(s.chosen[item.id] for s in answered)
            out.append(
                ItemAnalysis(
                    item,
                    phase,
                    len(takers),
                    sum(xs) / len(xs) if xs else None,
                    pearson(xs, rest),
                    tuple(OptionCount(k, t, counts[k], k == item.answer) for k, t in item.options),
                )
            )
    return tuple(out)


@dataclass(frozen=True)
class ObjectiveGain:
    """The share of the room right on one objective before and after the day."""

    objective: Objective
    pre_n: int
    pre_right: int
    post_n: int
    post_right: int

    @property
    def pre(self) -> float | None:
        return self.pre_right / self.pre_n if self.pre_n else None

    @property
    def post(self) -> float | None:
        return self.post_right / self.post_n if self.post_n else None


def objective_gains(checks: Sequence[TraineeCheck]) -> tuple[ObjectiveGain, ...]:
    tally: Counter[tuple[str, Phase, bool]] = Counter()
    for check in checks:
        for pair in before_and_after(check):
            for phase, item, chosen in (
                (Phase.PRE, pair.pre_item, pair.pre_chosen),
                (Phase.POST, pair.post_item, pair.post_chosen),
            ):
                if item is not None:
                    tally[(pair.objective.id, phase, chosen == item.answer)] += 1
    return tuple(
        ObjectiveGain(
            o,
            tally[(o.id, Phase.PRE, True)] + tally[(o.id, Phase.PRE, False)],
            tally[(o.id, Phase.PRE, True)],
            tally[(o.id, Phase.POST, True)] + tally[(o.id, Phase.POST, False)],
            tally[(o.id, Phase.POST, True)],
        )
        for o in OBJECTIVES
    )


@dataclass(frozen=True)
class FormMean:
    """How one form scored in one phase: a check that the two forms are parallel (half the
    room takes each form first, so in the same phase their means should be close)."""

    form: Form
    phase: Phase
    n: int
    mean: float | None


def form_means(checks: Sequence[TraineeCheck]) -> tuple[FormMean, ...]:
    out = []
    for phase in Phase:
        for form in Form:
            scores = [
                s.score
                for c in checks
                if (s := (c.pre if phase is Phase.PRE else c.post)) is not None and s.form is form
            ]
            out.append(
                FormMean(form, phase, len(scores), sum(scores) / len(scores) if scores else None)
            )
    return tuple(out)


@dataclass(frozen=True)
class Measurement:
    """Everything the debrief shows about the knowledge check."""

    trainees: tuple[TraineeCheck, ...]
    gain: RoomGain
    objectives: tuple[ObjectiveGain, ...]
    items_pre: tuple[ItemAnalysis, ...]
    items_post: tuple[ItemAnalysis, ...]
    forms: tuple[FormMean, ...] = ()

    @property
    def off_plan(self) -> tuple[str, ...]:
        """Trainees whose answered forms contradict the form order their hand-in records."""
        return tuple(sorted(c.trainee for c in self.trainees if not c.follows_plan))

    @property
    def flagged(self) -> tuple[ItemAnalysis, ...]:
        return tuple(a for a in (*self.items_pre, *self.items_post) if a.flags)

    def _repr_html_(self) -> str:
        from iopkit.render.measurement import measurement_html

        return measurement_html(self)


def measure(handins: Iterable[Mapping[str, Any]]) -> Measurement:
    """The measurement of a room from its hand-ins (each with ``trainee`` and ``quiz`` rows)."""
    checks = []
    for ex in handins:
        who = ex.get("trainee")
        who = who if isinstance(who, Mapping) else {}
        name = str(who.get("pseudonym") or who.get("id") or "?")
        rows = ex.get("quiz") or ()
        quiz = [r for r in rows if isinstance(r, Mapping)] if isinstance(rows, list) else []
        first = recorded_first_form(ex.get("knowledge_check"))
        checks.append(trainee_check(name, quiz, first))
    return Measurement(
        tuple(checks),
        room_gain(checks),
        objective_gains(checks),
        item_analysis(checks, Phase.PRE),
        item_analysis(checks, Phase.POST),
        form_means(checks),
    )


__all__ = [
    "ItemAnalysis",
    "FormMean",
    "Measurement",
    "ObjectiveGain",
    "ObjectivePair",
    "OptionCount",
    "PhaseScore",
    "RoomGain",
    "TraineeCheck",
    "before_and_after",
    "first_choices",
    "form_means",
    "hake_gain",
    "item_analysis",
    "measure",
    "objective_gains",
    "pearson",
    "recorded_first_form",
    "room_gain",
    "t_critical_95",
    "trainee_check",
]
