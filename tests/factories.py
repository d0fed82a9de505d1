"""Small builders for test inputs: a typical IOP candidate, overridden per test."""

from __future__ import annotations

from typing import Any

from iopkit.assessment import Assessment

IOP_CANDIDATE: dict[str, Any] = {
    "symptom_severity": "moderate",
    "functional_impairment": "moderate",
    "safety": "safety_plan",
    "medically_stable": True,
    "withdrawal": "none",
    "home_environment": "supportive",
    "safe_alternative_accommodation": False,
    "motivation": "high",
    "acute_phase": False,
    "current_setting": "outpatient",
    "outpatient_response": "inadequate",
}


def assessment(**overrides: Any) -> Assessment:
    """A validated assessment of a classic IOP candidate, with overrides."""
    return Assessment.from_mapping({**IOP_CANDIDATE, **overrides})


def week(*days: str, minutes: int = 180, activity: str = "process_group") -> list[dict[str, Any]]:
    return [{"day": d, "start": "09:00", "minutes": minutes, "activity": activity} for d in days]


def good_week() -> dict[str, Any]:
    """A well-formed adult IOP week: 3 days x 3 h with every core component."""
    sessions = []
    for day in ("mon", "wed", "fri"):
        sessions += [
            {"day": day, "start": "09:00", "minutes": 60, "activity": "process_group"},
            {"day": day, "start": "10:00", "minutes": 60, "activity": "skills_group"},
        ]
    sessions += [
        {"day": "mon", "start": "11:00", "minutes": 60, "activity": "psychoeducation_group"},
        {"day": "wed", "start": "11:00", "minutes": 60, "activity": "individual_therapy"},
        {"day": "fri", "start": "11:00", "minutes": 60, "activity": "medication_management"},
    ]
    return {"population": "adult", "weeks": 8, "sessions": sessions}
