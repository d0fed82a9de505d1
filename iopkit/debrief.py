"""The facilitator's debrief: how a room of trainees answered, from a folder of hand-ins.

:func:`read_exchange` (:mod:`iopkit.debrief_intake`) reads the drop box through the typed
hand-in (:mod:`iopkit.handins`): a bad file is skipped with a message naming the file and
field, never a traceback; links, forgeries and extra files of one owner are refused.
:func:`build_debrief` regrades every answer from its choice (:mod:`iopkit.debrief_regrade`;
a hand-in's stated verdicts are never used) and turns the hand-ins into a :class:`Debrief`:

* per case: the first answers' levels against the key, how many were defensible, the most
  common wrong level and the rule it missed, first-answer accuracy, median time; per stage:
  decisions against the author's;
* confidence against correctness, for the room and per case (who is confidently wrong);
* recurring schedule errors and plan gaps (each trainee's last check per case);
* the cases to debrief first, with the author's discussion prompts;
* learning gain and item analysis of the knowledge check (:mod:`iopkit.measurement`).

Pure computation and HTML: the figures (and the printable page with them) are in
:mod:`iopkit.debrief_plots`.
"""

from __future__ import annotations

import html
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from iopkit.debrief_intake import DebriefError, HandIns, read_exchange
from iopkit.debrief_regrade import Regrader
from iopkit.grading import Grade
from iopkit.handins import (
    HandInProblem,
    HandInRecord,
    PlacementAnswer,
    handin_from_data,
)
from iopkit.inputs import printable
from iopkit.levels import Level
from iopkit.measurement import Measurement, measure, pearson, t_critical_95
from iopkit.words import count

_E = html.escape

CONFIDENCE_LABELS: dict[str, str] = {
    "": "Not stated",
    "guessing": "Guessing",
    "fairly sure": "Fairly sure",
    "very sure": "Very sure",
}
SURE = {"fairly sure", "very sure"}


def check_export(data: Any, name: str) -> str | None:
    """``None`` when ``data`` is a usable hand-in, else the first problem (file and field)."""
    try:
        handin_from_data(data, name)
    except HandInProblem as exc:
        return str(exc)
    return None


# --- Results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """One answer as stored (``withdrawal_management:ambulatory``, ``step_down:iop``), how many
    first answers chose it, and its grade by the one grading path."""

    value: str
    count: int
    grade: Grade


def _spread(graded: Sequence[Graded], order: Callable[[str], int]) -> tuple[Choice, ...]:
    counts = Counter(a.chosen for a, _ in graded)
    grade = {a.chosen: g for a, g in graded}
    return tuple(
        Choice(v, n, grade[v])
        for v, n in sorted(counts.items(), key=lambda kv: (order(kv[0]), -kv[1], kv[0]))
    )


@dataclass(frozen=True)
class StageSummary:
    """First decisions at one later stage of a case."""

    stage: str
    title: str
    expected: str
    answers: int
    accuracy: float | None
    decisions: Mapping[str, int]
    defensible: int = 0
    """First decisions the author lists as defensible (neither right nor counted as wrong)."""
    spread: tuple[Choice, ...] = ()
    """Every first decision as given (with the level moved to), graded."""


@dataclass(frozen=True)
class CaseSummary:
    """How the room answered one case's placement question (first answers only)."""

    case_id: str
    title: str
    key: str
    answers: int
    chosen: Mapping[str, int]
    accuracy: float | None
    common_wrong: str | None
    common_wrong_count: int
    missed_rule: str
    median_seconds: float | None
    confident_wrong: int
    retries: int
    discussion: tuple[str, ...]
    stages: tuple[StageSummary, ...]
    defensible: int = 0
    """First answers the author lists as defensible (not right, not counted as wrong)."""
    spread: tuple[Choice, ...] = ()
    """Every first answer as given (with the withdrawal setting), graded, by intensity."""

    @property
    def priority(self) -> float:
        """How much the case needs debriefing: wrong first answers, doubly when confident."""
        if not self.answers or self.accuracy is None:
            return 0.0
        return (1 - self.accuracy) + self.confident_wrong / self.answers


@dataclass(frozen=True)
class ConfidenceRow:
    """First answers at one stated confidence: right, defensible, and the rest not right."""

    label: str
    answers: int
    correct: int
    defensible: int = 0

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None

    @property
    def defensible_share(self) -> float | None:
        return self.defensible / self.answers if self.answers else None

    @property
    def not_right(self) -> int:
        return self.answers - self.correct - self.defensible


@dataclass(frozen=True, repr=False)
class Debrief:
    """Everything the facilitator's report shows (render with ``_repr_html_`` or ``to_html``)."""

    trainees: int
    pseudonyms: tuple[tuple[str, int], ...]
    answer_counts: Mapping[str, int]
    cases: tuple[CaseSummary, ...]
    confidence: tuple[ConfidenceRow, ...]
    schedule_errors: tuple[tuple[str, int], ...]
    schedule_checked: int
    plan_gaps: tuple[tuple[str, int], ...]
    plans_checked: int
    measurement: Measurement
    problems: tuple[str, ...] = field(default=())
    source: str = ""
    not_counted: tuple[str, ...] = ()
    refused: str = ""

    @property
    def ranking(self) -> tuple[CaseSummary, ...]:
        """Cases with answers, the one most worth debriefing first."""
        answered = [c for c in self.cases if c.answers]
        return tuple(sorted(answered, key=lambda c: (-c.priority, c.case_id)))

    def case(self, case_id: str) -> CaseSummary:
        for c in self.cases:
            if c.case_id == case_id:
                return c
        raise KeyError(case_id)

    # rendering

    def __repr__(self) -> str:
        where = f" from {self.source}" if self.source else ""
        return f"Debrief of {count(self.trainees, 'hand-in')}{where}"

    def _repr_html_(self) -> str:
        return self.to_html(standalone=False)

    def to_html(
        self,
        standalone: bool = True,
        top: int = 5,
        figures: Sequence[tuple[str, bytes]] = (),
    ) -> str:
        """The report as HTML: a fragment for a notebook, or a printable page; ``figures`` are
        (title, PNG) pairs drawn by :func:`iopkit.debrief_plots.report_page`."""
        from iopkit.render.debrief import debrief_html

        return debrief_html(self, standalone=standalone, top=top, figures=figures)


# --- Building ---------------------------------------------------------------------------------


def _missed_rule(vignette: Any) -> str:
    from iopkit.placement import RULES_BY_ID, recommend

    rec = recommend(vignette.assessment)
    if rec.level is not vignette.expected_level and vignette.key_differs_because:
        return f"the author's reason: {vignette.key_differs_because}"
    rule = RULES_BY_ID.get(rec.decisive.rule)
    return rule.title if rule is not None else rec.decisive.rule


def _as_records(
    handins: HandIns | Sequence[Mapping[str, Any] | HandInRecord],
) -> tuple[tuple[HandInRecord, ...], list[str]]:
    """Typed hand-ins (plain mappings go through the same model as files)."""
    items: Sequence[Any] = handins.exports if isinstance(handins, HandIns) else handins
    problems = list(handins.problems) if isinstance(handins, HandIns) else []
    records = []
    for i, item in enumerate(items):
        if isinstance(item, HandInRecord):
            records.append(item)
            continue
        try:
            records.append(handin_from_data(item, f"hand-in {i + 1}"))
        except HandInProblem as exc:
            problems.append(str(exc))
    return tuple(records), problems


Graded = tuple[PlacementAnswer, Grade]


def build_debrief(
    handins: HandIns | Sequence[Mapping[str, Any] | HandInRecord], library: Any = None
) -> Debrief:
    """Summarise hand-ins (``library`` defaults to the kit's, for keys, titles, rules, prompts).

    Every placement and stage answer is regraded from its choice; an answer to a case, version
    or stage this kit does not have is not counted, and the report says so per hand-in.
    """
    if library is None:
        from iopkit.vignettes import load_library

        library = load_library()
    exports, problems = _as_records(handins)
    regrade = Regrader(library)

    counts: Counter[str] = Counter()
    firsts: dict[str, dict[str, list[Graded]]] = defaultdict(lambda: defaultdict(list))
    retries: Counter[str] = Counter()
    last_schedule: dict[tuple[str, str], tuple[str, ...]] = {}
    last_plan: dict[tuple[str, str], tuple[str, ...]] = {}
    not_counted: list[str] = []
    for rec in exports:
        tid = rec.trainee_id
        for table in ("placement", "quiz", "schedule", "plan"):
            counts[table] += len(getattr(rec, table))
        first: dict[tuple[str, str], Graded] = {}
        skipped: dict[str, Counter[str]] = defaultdict(Counter)
        for answer in rec.placement:
            verdict = regrade(rec, answer)
            if not isinstance(verdict, Grade):
                skipped[verdict][answer.case_id] += 1
                continue
            if answer.attempt > 1 and not answer.stage:
                retries[answer.case_id] += 1
            q = (answer.case_id, answer.stage)
            if q not in first or answer.attempt < first[q][0].attempt:
                first[q] = (answer, verdict)
        for (case_id, stage), graded in first.items():
            firsts[case_id][stage].append(graded)
        if skipped:
            not_counted.append(_not_counted(rec, skipped))
        for sc in rec.schedule:
            last_schedule[(tid, sc.case_id)] = sc.errors
        for pc in rec.plan:
            last_plan[(tid, pc.case_id)] = pc.missing

    order = {v.id: i for i, v in enumerate(library.vignettes)} if library is not None else {}
    case_ids = sorted(firsts, key=lambda c: (order.get(c, len(order)), c))
    cases = tuple(
        _case_summary(regrade.vignette(cid), firsts[cid], retries[cid]) for cid in case_ids
    )

    all_first = [g for cid in case_ids for g in firsts[cid].get("", ())]
    by_confidence: dict[str, list[Grade]] = defaultdict(list)
    for answer, grade in all_first:
        by_confidence[answer.confidence].append(grade)
    confidence = tuple(
        ConfidenceRow(
            label,
            len(by_confidence[value]),
            by_confidence[value].count(Grade.KEY),
            by_confidence[value].count(Grade.DEFENSIBLE),
        )
        for value, label in CONFIDENCE_LABELS.items()
    )

    sched_errors: Counter[str] = Counter()
    for errors in last_schedule.values():
        sched_errors.update(set(errors))
    gaps: Counter[str] = Counter()
    for missing in last_plan.values():
        gaps.update(set(missing))

    refused = handins.refused_summary() if isinstance(handins, HandIns) else ""
    return Debrief(
        trainees=len(exports),
        pseudonyms=tuple(sorted((rec.pseudonym, rec.answers) for rec in exports)),
        answer_counts=dict(counts),
        cases=cases,
        confidence=confidence,
        schedule_errors=tuple(sorted(sched_errors.items(), key=lambda kv: (-kv[1], kv[0]))),
        schedule_checked=len(last_schedule),
        plan_gaps=tuple(sorted(gaps.items(), key=lambda kv: (-kv[1], kv[0]))),
        plans_checked=len(last_plan),
        measurement=measure(rec.for_measurement() for rec in exports),
        problems=tuple(problems),
        not_counted=tuple(not_counted),
        refused=refused,
    )


def _not_counted(rec: HandInRecord, skipped: Mapping[str, Counter[str]]) -> str:
    """One sentence per hand-in: how many answers were not counted and why (a few cases named)."""
    parts = []
    for why, cases in sorted(skipped.items()):
        named = ", ".join(sorted(cases)[:3]) + (", ..." if len(cases) > 3 else "")
        parts.append(f"{sum(cases.values())} {why} ({named})")
    return f"{rec.pseudonym} (trainee {rec.trainee_id}): answers not counted: " + "; ".join(parts)


def _level_of(chosen: str) -> str:
    """The level a stored placement answer names (``withdrawal_management:ambulatory`` ->
    ``withdrawal_management``)."""
    return chosen.partition(":")[0]


def _case_summary(vignette: Any, by_stage: Mapping[str, list[Graded]], retries: int) -> CaseSummary:
    first = by_stage.get("", [])
    key = vignette.expected_level.value
    chosen = Counter(_level_of(a.chosen) for a, _ in first)
    wrong = Counter(_level_of(a.chosen) for a, g in first if g is Grade.NOT_RIGHT)
    common_wrong = min(wrong, key=lambda k: (-wrong[k], k)) if wrong else None
    seconds = [a.seconds for a, _ in first if a.seconds is not None]
    grades = Counter(g for _, g in first)
    stage_order = {st.id: i for i, st in enumerate(vignette.stages)}
    stages = []
    for sid in sorted((s for s in by_stage if s), key=lambda s: (stage_order.get(s, 99), s)):
        rows = by_stage[sid]
        st = vignette.stages[stage_order[sid]]
        stage_grades = Counter(g for _, g in rows)
        stages.append(
            StageSummary(
                sid,
                st.title,
                st.decision.value,
                len(rows),
                stage_grades[Grade.KEY] / len(rows),
                dict(sorted(Counter(_level_of(a.chosen) for a, _ in rows).items())),
                defensible=stage_grades[Grade.DEFENSIBLE],
                spread=_spread(rows, lambda v: 0),
            )
        )
    return CaseSummary(
        case_id=vignette.id,
        title=vignette.title,
        key=key,
        answers=len(first),
        chosen=dict(sorted(chosen.items(), key=lambda kv: _intensity(kv[0]))),
        accuracy=grades[Grade.KEY] / len(first) if first else None,
        common_wrong=common_wrong,
        common_wrong_count=wrong[common_wrong] if common_wrong else 0,
        missed_rule=_missed_rule(vignette),
        median_seconds=statistics.median(seconds) if seconds else None,
        confident_wrong=sum(1 for a, g in first if g is Grade.NOT_RIGHT and a.confidence in SURE),
        retries=retries,
        discussion=tuple(getattr(vignette, "discussion", ()) or ()),
        stages=tuple(stages),
        defensible=grades[Grade.DEFENSIBLE],
        spread=_spread(first, lambda v: _intensity(_level_of(v))),
    )


def _intensity(value: str) -> int:
    from iopkit.levels import BY_INTENSITY

    try:
        return BY_INTENSITY.index(Level(value))
    except ValueError:
        return len(BY_INTENSITY)


SAMPLE_EXCHANGE = "sample-exchange"
"""The fictional hand-ins beside the notebooks, shown when no IOPKIT_EXCHANGE is set."""


def debrief_folder(folder: Path | str) -> Debrief:
    """Read a folder of hand-ins and summarise it (a missing folder raises
    :class:`DebriefError`)."""
    import dataclasses

    return dataclasses.replace(build_debrief(read_exchange(folder)), source=str(folder))


def debrief_exchange() -> Debrief:
    """The debrief of ``IOPKIT_EXCHANGE``, or of the fictional sample folder when it is unset
    (the notebook's one-liner; the notebook runs in the folder that holds the sample). A folder
    that cannot be read gives an empty report that says why, never an exception."""
    import dataclasses

    from iopkit.userdata import exchange_dir

    folder = exchange_dir()
    if folder is None:
        path: Path | str = SAMPLE_EXCHANGE
        label = "the fictional sample folder (IOPKIT_EXCHANGE is not set)"
    else:
        path, label = folder, f"{printable(str(folder))} (IOPKIT_EXCHANGE)"
    try:
        handins = read_exchange(path)
    except DebriefError as exc:
        handins = HandIns((), (f"{exc}. Check IOPKIT_EXCHANGE, then run this cell again.",))
    return dataclasses.replace(build_debrief(handins), source=label)


__all__ = [
    "CaseSummary",
    "ConfidenceRow",
    "Debrief",
    "DebriefError",
    "HandIns",
    "StageSummary",
    "build_debrief",
    "check_export",
    "debrief_exchange",
    "debrief_folder",
    "pearson",
    "read_exchange",
    "t_critical_95",
]
