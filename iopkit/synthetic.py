"""Fictional hand-ins for the debrief's sample folder, its tests and its benchmark.

Every trainee here is made up by a seeded random generator: a "skill" decides how often the
first answer is right, wrong answers lean to the neighbouring level, confidence loosely follows
correctness, and the post-quiz is better than the pre-quiz. Nothing resembles real people.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import TYPE_CHECKING, Any

from iopkit.learning_quiz import plan_for
from iopkit.levels import BY_INTENSITY, Level
from iopkit.responses import (
    EXPORT_FORMAT,
    EXPORT_FORMAT_VERSION,
    SCHEMA_VERSION,
    export_text,
    handin_name,
    write_atomic,
)
from iopkit.schedule import FINDING_CODES, TASK_FINDING_CODES, FindingSeverity

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.vignettes import Vignette

_DECISIONS = ("continue", "step_down", "step_up", "discharge")
_CONFIDENCE = ("", "guessing", "fairly sure", "very sure")
_PLAN_PARTS = (
    "warning_signs",
    "high_risk_situations",
    "coping_strategies",
    "supports",
    "crisis_contacts",
    "follow_up_days",
)
_START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)


Case = tuple[str, Level, int, tuple[tuple[str, str], ...]]


def _case_list(n_cases: int | None) -> list[Case]:
    """(id, key, version, (stage id, decision)...) per case: the library's, then extras."""
    from iopkit.vignettes import load_library

    vignettes: list[Vignette] = list(load_library().vignettes)
    cases = [
        (v.id, v.expected_level, v.version, tuple((s.id, s.decision.value) for s in v.stages))
        for v in vignettes
    ]
    n = len(cases) if n_cases is None else n_cases
    out = []
    for i in range(n):
        cid, key, version, stages = cases[i % len(cases)]
        if i >= len(cases):
            cid = f"{cid}-extra-{i // len(cases)}"
        out.append((cid, key, version, stages))
    return out


def _wrong_level(rng: random.Random, key: Level) -> Level:
    i = BY_INTENSITY.index(key)
    near = [BY_INTENSITY[j] for j in (i - 1, i + 1) if 0 <= j < len(BY_INTENSITY)]
    return rng.choice(near) if rng.random() < 0.75 else rng.choice(BY_INTENSITY)


def synthetic_handin(
    rng: random.Random,
    index: int,
    cases: list[Case],
    stages_per_case: int | None = None,
    kit_version: str | None = None,
) -> dict[str, Any]:
    """One fictional trainee's export (the same shape as ``ResponseStore.export()``)."""
    from iopkit import __version__

    skill = rng.uniform(0.35, 0.95)
    clock = _START + dt.timedelta(minutes=index)

    def at() -> str:
        nonlocal clock
        clock += dt.timedelta(seconds=rng.randint(20, 240))
        return clock.isoformat(timespec="seconds")

    def confidence(correct: bool) -> str:
        weights = (1, 3, 3, 2) if correct else (1, 4, 3, 1)
        return rng.choices(_CONFIDENCE, weights)[0]

    placement: list[dict[str, Any]] = []
    for case_no, (cid, key, version, stage_ids) in enumerate(cases):
        hard = 0.25 * ((case_no * 7) % 5) / 4  # some cases are harder for everyone
        attempt = 1
        while True:
            correct = rng.random() < max(0.05, skill - hard) or attempt > 2
            chosen = key if correct else _wrong_level(rng, key)
            correct = chosen is key
            placement.append(
                {
                    "at": at(),
                    "case_id": cid,
                    "stage": "",
                    "attempt": attempt,
                    "chosen": chosen.value,
                    "expected": key.value,
                    "correct": correct,
                    "vignette_version": version,
                    "confidence": confidence(correct),
                    "seconds": round(rng.lognormvariate(4.2 + hard, 0.45), 1),
                }
            )
            if correct or rng.random() < 0.5:
                break
            attempt += 1
        stages = list(stage_ids)
        if stages_per_case is not None:
            stages = [
                (f"stage-{k + 1}", _DECISIONS[(case_no + k) % len(_DECISIONS)])
                for k in range(stages_per_case)
            ]
        for sid, expected in stages:
            right = rng.random() < skill
            chosen_d = expected if right else rng.choice([d for d in _DECISIONS if d != expected])
            placement.append(
                {
                    "at": at(),
                    "case_id": cid,
                    "stage": sid,
                    "attempt": 1,
                    "chosen": chosen_d,
                    "expected": expected,
                    "correct": right,
                    "vignette_version": version,
                    "confidence": "",
                    "seconds": round(rng.lognormvariate(3.6, 0.4), 1),
                }
            )

    quiz: list[dict[str, Any]] = []
    check_plan = plan_for(rng.getrandbits(31))
    for phase, boost in (("pre", -0.2), ("post", 0.12)):
        for n, item in enumerate(check_plan.items(phase)):
            easiness = 0.15 * ((n * 5) % 4 - 1.5)
            right = rng.random() < min(0.97, max(0.05, skill + boost + easiness))
            quiz.append(
                {
                    "at": at(),
                    "quiz": phase,
                    "item": item.id,
                    "attempt": 1,
                    "chosen": item.answer if right else rng.choice(item.distractors),
                    "correct": right,
                }
            )

    errors = [c for c, s in FINDING_CODES.items() if s is FindingSeverity.ERROR]
    errors += list(TASK_FINDING_CODES)
    warnings = [c for c, s in FINDING_CODES.items() if s is FindingSeverity.WARNING]
    schedule = []
    for cid, *_ in cases[:: max(1, len(cases) // 4)]:
        errs = rng.sample(errors[:4], k=rng.choice((0, 0, 1, 2))) if rng.random() > skill else []
        warns = rng.sample(warnings[:5], k=rng.choice((0, 1, 1, 2)))
        verdict = "errors" if errs else "warnings" if warns else "ok"
        schedule.append(
            {
                "at": at(),
                "case_id": cid,
                "verdict": verdict,
                "hours": float(rng.choice((6, 9, 10.5, 12, 15, 21))),
                "days": rng.choice((2, 3, 4, 5)),
                "weeks": rng.choice((6, 8, 10, 12)),
                "errors": errs,
                "warnings": warns,
            }
        )
    plan = []
    for cid, *_ in cases[1 :: max(1, len(cases) // 3)]:
        missing = [p for p in _PLAN_PARTS if rng.random() > skill + 0.25]
        plan.append(
            {
                "at": at(),
                "case_id": cid,
                "stage": "discharge",
                "complete": not missing,
                "missing": missing,
            }
        )

    return {
        "format": EXPORT_FORMAT,
        "format_version": EXPORT_FORMAT_VERSION,
        "schema_version": SCHEMA_VERSION,
        "kit_version": kit_version or __version__,
        "exported_at": clock.isoformat(timespec="seconds"),
        "trainee": {"id": f"{rng.getrandbits(64):016x}", "pseudonym": _pseudonym(rng)},
        "vignette_versions": {cid: version for cid, _, version, _ in cases},
        "knowledge_check": check_plan.to_dict(),
        "placement": placement,
        "quiz": quiz,
        "schedule": schedule,
        "plan": plan,
    }


def _pseudonym(rng: random.Random) -> str:
    """A reproducible pronounceable pseudonym (the kit's own are drawn with ``secrets``)."""

    def word(k: int) -> str:
        return "".join(rng.choice("bdfgklmnprstvz") + rng.choice("aeiou") for _ in range(k))

    return f"{word(3).capitalize()}-{word(2).capitalize()}"


def synthetic_handins(
    n_trainees: int,
    n_cases: int | None = None,
    stages_per_case: int | None = None,
    seed: int = 11,
    kit_version: str | None = None,
) -> list[dict[str, Any]]:
    """``n_trainees`` fictional exports over ``n_cases`` cases (default: the library's)."""
    rng = random.Random(seed)
    cases = _case_list(n_cases)
    return [
        synthetic_handin(rng, i, cases, stages_per_case, kit_version) for i in range(n_trainees)
    ]


def write_handins(folder: Path | str, handins: list[dict[str, Any]]) -> list[Path]:
    """Write exports as hand-in files (one per trainee) into ``folder``."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    return [
        write_atomic(target / handin_name(h["trainee"]["id"]), export_text(h, "json"))
        for h in handins
    ]


__all__ = ["synthetic_handin", "synthetic_handins", "write_handins"]
