"""The facilitator's debrief: how a room of trainees answered, from a folder of hand-ins.

:func:`read_exchange` reads the hand-in files (a bad file is skipped with a message naming the
file and field, never a traceback); :func:`build_debrief` turns them into a :class:`Debrief`:

* per case: the first answers' levels against the key, the most common wrong level and the rule
  it missed, first-answer accuracy, median time; per stage: decisions against the author's;
* confidence against correctness, for the room and per case (who is confidently wrong);
* recurring schedule errors and plan gaps (each trainee's last check per case);
* the cases to debrief first, with the author's discussion prompts;
* learning gain: each pre/post quiz item's difficulty and discrimination and the room's mean
  gain with a 95 % confidence interval.

Pure computation and HTML: the figures (and the printable page with them) are in
:mod:`iopkit.debrief_plots`.
"""

from __future__ import annotations

import html
import json
import math
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iopkit.errors import IopkitError
from iopkit.learning_quiz import KNOWLEDGE_BY_ID, KNOWLEDGE_QUIZ
from iopkit.levels import Level
from iopkit.render._html import percent_text as _pct
from iopkit.responses import EXPORT_FORMAT, EXPORT_FORMAT_VERSION, MAX_HANDIN_BYTES, TABLES

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes import Library

_E = html.escape

CONFIDENCE_LABELS: dict[str, str] = {
    "": "Not stated",
    "guessing": "Guessing",
    "fairly sure": "Fairly sure",
    "very sure": "Very sure",
}
SURE = {"fairly sure", "very sure"}


class DebriefError(IopkitError):
    """The exchange folder cannot be read at all (missing, not a folder)."""


# --- Reading hand-ins -------------------------------------------------------------------------

_REQUIRED: dict[str, tuple[str, ...]] = {
    "placement": ("case_id", "stage", "attempt", "chosen", "expected", "correct"),
    "quiz": ("quiz", "item", "attempt", "chosen", "correct"),
    "schedule": ("case_id", "verdict", "errors"),
    "plan": ("case_id", "complete", "missing"),
}


@dataclass(frozen=True)
class HandIns:
    """The hand-ins read from a folder, and a sentence for each file that was skipped."""

    exports: tuple[Mapping[str, Any], ...]
    problems: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.exports)


def check_export(data: Any, name: str) -> str | None:
    """``None`` when ``data`` is a usable hand-in, else the first problem (file and field)."""
    if not isinstance(data, dict):
        return f"{name}: not a hand-in (a JSON object with the kit's answers is expected)"
    if data.get("format") != EXPORT_FORMAT:
        return f"{name}: field 'format' is {data.get('format')!r}; allowed: {EXPORT_FORMAT!r}"
    version = data.get("format_version")
    if not isinstance(version, int) or not 1 <= version <= EXPORT_FORMAT_VERSION:
        return (
            f"{name}: field 'format_version' is {version!r}; this kit reads 1 to "
            f"{EXPORT_FORMAT_VERSION} (a newer kit wrote it: update iopkit)"
        )
    trainee = data.get("trainee")
    if not isinstance(trainee, dict) or not isinstance(trainee.get("id"), str):
        return f"{name}: field 'trainee.id' is missing; a hand-in names its trainee's id"
    for table, keys in _REQUIRED.items():
        rows = data.get(table, [])
        if not isinstance(rows, list):
            return f"{name}: field '{table}' must be a list of answers"
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                return f"{name}: field '{table}[{i}]' must be an object"
            for key in keys:
                if key not in row:
                    return f"{name}: field '{table}[{i}].{key}' is missing"
    return None


def read_exchange(folder: Path | str) -> HandIns:
    """Every ``*.json`` hand-in in ``folder`` (newest per trainee); bad files are reported."""
    path = Path(folder)
    if not path.is_dir():
        raise DebriefError(
            f"{path}: no such folder of hand-ins (give the folder IOPKIT_EXCHANGE names)"
        )
    try:
        files = sorted(p for p in path.iterdir() if p.suffix == ".json" and p.is_file())
    except OSError as exc:
        raise DebriefError(f"{path}: cannot list the folder ({exc.strerror or exc})") from exc
    latest: dict[str, Mapping[str, Any]] = {}
    problems: list[str] = []
    for file in files:
        try:
            if file.stat().st_size > MAX_HANDIN_BYTES:
                problems.append(f"{file}: larger than 5 MiB; not a hand-in")
                continue
            data = json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            problems.append(f"{file}: not valid JSON (line {exc.lineno}: {exc.msg})")
            continue
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{file}: cannot read it ({exc})")
            continue
        problem = check_export(data, str(file))
        if problem:
            problems.append(problem)
            continue
        tid = data["trainee"]["id"]
        if tid not in latest or str(data.get("exported_at", "")) > str(
            latest[tid].get("exported_at", "")
        ):
            latest[tid] = data
    exports = tuple(sorted(latest.values(), key=lambda d: str(d["trainee"]["id"])))
    return HandIns(exports, tuple(problems))


# --- Statistics helpers -----------------------------------------------------------------------

# Two-sided 95 % critical values of Student's t for 1..30 degrees of freedom.
_T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t_critical_95(df: int) -> float:
    """Two-sided 95 % critical value of Student's t.

    >>> t_critical_95(10)
    2.228
    >>> round(t_critical_95(1000), 3)
    1.962
    """
    if df < 1:
        raise ValueError("at least 1 degree of freedom is needed")
    if df <= len(_T975):
        return _T975[df - 1]
    z = 1.959964
    # Cornish-Fisher expansion of t in powers of 1/df (accurate to 1e-4 beyond 30).
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r, or ``None`` when either variable does not vary.

    >>> pearson([0, 1, 1, 0], [1, 3, 4, 2])
    0.8944271909999159
    """
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


# --- Results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageSummary:
    """First decisions at one later stage of a case."""

    stage: str
    title: str
    expected: str
    answers: int
    accuracy: float | None
    decisions: Mapping[str, int]


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

    @property
    def priority(self) -> float:
        """How much the case needs debriefing: wrong first answers, doubly when confident."""
        if not self.answers or self.accuracy is None:
            return 0.0
        return (1 - self.accuracy) + self.confident_wrong / self.answers


@dataclass(frozen=True)
class ConfidenceRow:
    label: str
    answers: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


@dataclass(frozen=True)
class ItemStats:
    """One knowledge-check item before and after the workshop."""

    item: str
    prompt: str
    citation: str
    pre_n: int
    pre_difficulty: float | None
    pre_discrimination: float | None
    post_n: int
    post_difficulty: float | None
    post_discrimination: float | None

    @property
    def change(self) -> float | None:
        if self.pre_difficulty is None or self.post_difficulty is None:
            return None
        return self.post_difficulty - self.pre_difficulty


@dataclass(frozen=True)
class Gain:
    """The room's mean gain (post minus pre share of items right) with a 95 % CI."""

    n: int
    mean: float | None
    low: float | None
    high: float | None
    pre_mean: float | None
    post_mean: float | None

    def describe(self) -> str:
        if self.n == 0 or self.mean is None:
            return "No trainee has taken both the pre-quiz and the post-quiz yet."
        if self.low is None or self.high is None:
            return (
                f"Mean gain {100 * self.mean:+.0f} percentage points (1 trainee with both "
                "quizzes; a confidence interval needs at least 2)."
            )
        return (
            f"Mean gain {100 * self.mean:+.0f} percentage points "
            f"(95% CI {100 * self.low:+.0f} to {100 * self.high:+.0f}; {self.n} trainees with "
            f"both quizzes; {_pct(self.pre_mean)} right before, {_pct(self.post_mean)} after)."
        )


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
    items: tuple[ItemStats, ...]
    gain: Gain
    problems: tuple[str, ...] = field(default=())
    source: str = ""

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
        return f"Debrief of {self.trainees} hand-in(s){where}"

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


def _first_answers(rows: Iterable[Mapping[str, Any]], *keys: str) -> dict[tuple[Any, ...], Any]:
    """The first answer per question key (lowest attempt; the earliest row on a tie)."""
    out: dict[tuple[Any, ...], Mapping[str, Any]] = {}
    for row in rows:
        k = tuple(row[key] for key in keys)
        if k not in out or int(row["attempt"]) < int(out[k]["attempt"]):
            out[k] = row
    return out


def _missed_rule(library: Library | None, case_id: str) -> str:
    if library is None:
        return "not in this kit's library"
    try:
        v = library.get(case_id)
    except KeyError:
        return "not in this kit's library"
    from iopkit.placement import RULES_BY_ID, recommend

    rec = recommend(v.assessment)
    if rec.level is not v.expected_level and v.key_differs_because:
        return f"the author's reason: {v.key_differs_because}"
    rule = RULES_BY_ID.get(rec.decisive.rule)
    return rule.title if rule is not None else rec.decisive.rule


def build_debrief(handins: HandIns | Sequence[Mapping[str, Any]], library: Any = None) -> Debrief:
    """Summarise hand-ins (``library`` defaults to the kit's, for titles, rules and prompts)."""
    if library is None:
        from iopkit.vignettes import load_library

        library = load_library()
    problems: tuple[str, ...] = handins.problems if isinstance(handins, HandIns) else ()
    exports = handins.exports if isinstance(handins, HandIns) else tuple(handins)

    counts: Counter[str] = Counter()
    by_question: dict[tuple[str, str], list[Mapping[str, Any]]] = defaultdict(list)
    all_first: list[Mapping[str, Any]] = []
    retries: Counter[str] = Counter()
    quiz_first: dict[str, dict[str, dict[str, bool]]] = {"pre": {}, "post": {}}
    last_schedule: dict[tuple[str, str], Mapping[str, Any]] = {}
    last_plan: dict[tuple[str, str], Mapping[str, Any]] = {}
    for ex in exports:
        tid = str(ex["trainee"]["id"])
        for table in TABLES:
            counts[table] += len(ex.get(table, ()))
        placement = ex.get("placement", ())
        for row in placement:
            if int(row["attempt"]) > 1 and not row["stage"]:
                retries[row["case_id"]] += 1
        for (case_id, stage), row in _first_answers(placement, "case_id", "stage").items():
            by_question[(case_id, stage)].append(row)
            if not stage:
                all_first.append(row)
        for (quiz, item), row in _first_answers(ex.get("quiz", ()), "quiz", "item").items():
            if quiz in quiz_first and item in KNOWLEDGE_BY_ID:
                quiz_first[quiz].setdefault(tid, {})[item] = bool(row["correct"])
        for row in ex.get("schedule", ()):
            last_schedule[(tid, row["case_id"])] = row
        for row in ex.get("plan", ()):
            last_plan[(tid, row["case_id"])] = row

    order = {v.id: i for i, v in enumerate(library.vignettes)} if library is not None else {}
    case_ids = sorted({cid for cid, _ in by_question}, key=lambda c: (order.get(c, len(order)), c))
    cases = tuple(_case_summary(library, cid, by_question, retries[cid]) for cid in case_ids)

    confidence = []
    for value, label in CONFIDENCE_LABELS.items():
        rows = [r for r in all_first if (r.get("confidence") or "") == value]
        confidence.append(ConfidenceRow(label, len(rows), sum(bool(r["correct"]) for r in rows)))

    sched_errors: Counter[str] = Counter()
    for row in last_schedule.values():
        sched_errors.update(set(row.get("errors") or ()))
    gaps: Counter[str] = Counter()
    for row in last_plan.values():
        gaps.update(set(row.get("missing") or ()))

    items, gain = _learning_gain(quiz_first)
    return Debrief(
        trainees=len(exports),
        pseudonyms=tuple(
            sorted(
                (str(ex["trainee"].get("pseudonym", "?")), sum(len(ex.get(t, ())) for t in TABLES))
                for ex in exports
            )
        ),
        answer_counts=dict(counts),
        cases=cases,
        confidence=tuple(confidence),
        schedule_errors=tuple(sorted(sched_errors.items(), key=lambda kv: (-kv[1], kv[0]))),
        schedule_checked=len(last_schedule),
        plan_gaps=tuple(sorted(gaps.items(), key=lambda kv: (-kv[1], kv[0]))),
        plans_checked=len(last_plan),
        items=items,
        gain=gain,
        problems=problems,
    )


def _case_summary(
    library: Any,
    case_id: str,
    by_question: Mapping[tuple[str, str], list[Mapping[str, Any]]],
    retries: int,
) -> CaseSummary:
    vignette = None
    if library is not None:
        try:
            vignette = library.get(case_id)
        except KeyError:
            vignette = None
    first = by_question.get((case_id, ""), [])
    keys = Counter(str(r["expected"]) for r in first)
    key = vignette.expected_level.value if vignette is not None else ""
    if not key and keys:
        key = keys.most_common(1)[0][0]
    chosen = Counter(str(r["chosen"]) for r in first)
    wrong = Counter({k: n for k, n in chosen.items() if k != key})
    common_wrong = min(wrong, key=lambda k: (-wrong[k], k)) if wrong else None
    seconds = [float(r["seconds"]) for r in first if r.get("seconds") is not None]
    right = sum(bool(r["correct"]) for r in first)
    stages = []
    stage_ids = [s for c, s in by_question if c == case_id and s]
    stage_order = [s.id for s in vignette.stages] if vignette is not None else []
    for sid in sorted(
        set(stage_ids), key=lambda s: (stage_order.index(s) if s in stage_order else 99, s)
    ):
        rows = by_question[(case_id, sid)]
        expected = Counter(str(r["expected"]) for r in rows).most_common(1)[0][0]
        titles = {st.id: st.title for st in vignette.stages} if vignette is not None else {}
        stages.append(
            StageSummary(
                sid,
                titles.get(sid, sid.replace("-", " ")),
                expected,
                len(rows),
                sum(bool(r["correct"]) for r in rows) / len(rows),
                dict(sorted(Counter(str(r["chosen"]) for r in rows).items())),
            )
        )
    return CaseSummary(
        case_id=case_id,
        title=vignette.title if vignette is not None else case_id,
        key=key,
        answers=len(first),
        chosen=dict(sorted(chosen.items(), key=lambda kv: _intensity(kv[0]))),
        accuracy=right / len(first) if first else None,
        common_wrong=common_wrong,
        common_wrong_count=wrong[common_wrong] if common_wrong else 0,
        missed_rule=_missed_rule(library, case_id),
        median_seconds=statistics.median(seconds) if seconds else None,
        confident_wrong=sum(
            1 for r in first if not r["correct"] and (r.get("confidence") or "") in SURE
        ),
        retries=retries,
        discussion=tuple(getattr(vignette, "discussion", ()) or ()),
        stages=tuple(stages),
    )


def _intensity(value: str) -> int:
    from iopkit.levels import BY_INTENSITY

    try:
        return BY_INTENSITY.index(Level(value))
    except ValueError:
        return len(BY_INTENSITY)


def _item_stats(answers: Mapping[str, Mapping[str, bool]], item: str) -> tuple[int, Any, Any]:
    xs: list[float] = []
    rest: list[float] = []
    for per_item in answers.values():
        if item not in per_item:
            continue
        xs.append(float(per_item[item]))
        rest.append(float(sum(v for k, v in per_item.items() if k != item)))
    if not xs:
        return 0, None, None
    return len(xs), sum(xs) / len(xs), pearson(xs, rest)


def _learning_gain(
    quiz_first: Mapping[str, Mapping[str, Mapping[str, bool]]],
) -> tuple[tuple[ItemStats, ...], Gain]:
    pre, post = quiz_first["pre"], quiz_first["post"]
    items = []
    for item in KNOWLEDGE_QUIZ:
        pre_n, pre_p, pre_d = _item_stats(pre, item.id)
        post_n, post_p, post_d = _item_stats(post, item.id)
        items.append(
            ItemStats(
                item.id, item.prompt, item.citation, pre_n, pre_p, pre_d, post_n, post_p, post_d
            )
        )

    def share(ans: Mapping[str, bool]) -> float:
        return sum(ans.values()) / len(ans)

    both = sorted(set(pre) & set(post))
    diffs = [share(post[t]) - share(pre[t]) for t in both]
    if not diffs:
        return tuple(items), Gain(0, None, None, None, None, None)
    mean = sum(diffs) / len(diffs)
    pre_mean = sum(share(pre[t]) for t in both) / len(both)
    post_mean = sum(share(post[t]) for t in both) / len(both)
    if len(diffs) < 2:
        return tuple(items), Gain(1, mean, None, None, pre_mean, post_mean)
    half = t_critical_95(len(diffs) - 1) * statistics.stdev(diffs) / math.sqrt(len(diffs))
    return tuple(items), Gain(len(diffs), mean, mean - half, mean + half, pre_mean, post_mean)


SAMPLE_EXCHANGE = "sample-exchange"
"""The fictional hand-ins beside the notebooks, shown when no IOPKIT_EXCHANGE is set."""


def debrief_folder(folder: Path | str) -> Debrief:
    """Read a folder of hand-ins and summarise it."""
    import dataclasses

    return dataclasses.replace(build_debrief(read_exchange(folder)), source=str(folder))


def debrief_exchange() -> Debrief:
    """The debrief of ``IOPKIT_EXCHANGE``, or of the fictional sample folder when it is unset
    (the notebook's one-liner; the notebook runs in the folder that holds the sample)."""
    import dataclasses

    from iopkit.userdata import exchange_dir

    folder = exchange_dir()
    if folder is None:
        report = build_debrief(read_exchange(SAMPLE_EXCHANGE))
        label = "the fictional sample folder (IOPKIT_EXCHANGE is not set)"
        return dataclasses.replace(report, source=label)
    return dataclasses.replace(
        build_debrief(read_exchange(folder)), source=f"{folder} (IOPKIT_EXCHANGE)"
    )


__all__ = [
    "CaseSummary",
    "ConfidenceRow",
    "Debrief",
    "DebriefError",
    "Gain",
    "HandIns",
    "ItemStats",
    "StageSummary",
    "build_debrief",
    "check_export",
    "debrief_exchange",
    "debrief_folder",
    "pearson",
    "read_exchange",
    "t_critical_95",
]
