"""The built-in library cannot be gamed, and its content follows the kit's clinical rules.

Each test is named after the rule it guards, so a library change that breaks one says which.
The library is read straight from the package folder (not through ``IOPKIT_VIGNETTES``), so
only the built-in cases are judged.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from iopkit.assessment import Home, Progress, Setting
from iopkit.components import Condition
from iopkit.levels import Level, Population
from iopkit.placement import recommend
from iopkit.sources import ALL_SOURCES
from iopkit.vignettes import BUILTIN_DIR, Vignette, load_vignette
from iopkit.vignettes.cues import cue_words, last_paragraph
from iopkit.vignettes.model import Decision, Stage

LIBRARY: tuple[Vignette, ...] = tuple(
    load_vignette(path) for path in sorted(BUILTIN_DIR.glob("*.yaml"))
)
KEYS: Counter[Level] = Counter(v.expected_level for v in LIBRARY)
STAGES = tuple((v, stage) for v in LIBRARY for stage in v.stages)
STAGE_KEYS: Counter[Decision] = Counter(stage.decision for _, stage in STAGES)
MAXIMUM_SHARE_OF_ONE_DECISION = 0.40
MINIMUM_STAGE_KEYS = 3

MINIMUM_CASES = 26
MAXIMUM_SHARE_OF_ONE_LEVEL = 0.35
MINIMUM_KEYS = {
    Level.PHP: 3,
    Level.OUTPATIENT: 3,
    Level.RESIDENTIAL: 2,
    Level.INPATIENT: 2,
    Level.WITHDRAWAL_MANAGEMENT: 2,
}


def _texts(v: Vignette) -> Iterator[str]:
    """Every piece of text a trainee reads in a case, after the title and the story."""
    yield from v.feedback.values()
    yield from v.learning_points
    yield from v.references
    if v.key_differs_because:
        yield v.key_differs_because
    for stage in v.stages:
        yield stage.update
        yield from stage.feedback.values()
        yield from stage.learning_points
        if stage.discharge_plan:
            yield from stage.discharge_plan.relapse_prevention_focus


def _everything(v: Vignette) -> str:
    return "\n".join([v.title, v.presentation, *_texts(v)])


def test_library_has_at_least_26_vignettes() -> None:
    assert len(LIBRARY) >= MINIMUM_CASES, f"{len(LIBRARY)} built-in vignettes"


def test_no_level_is_the_key_of_more_than_35_percent_of_admission_decisions() -> None:
    level, count = KEYS.most_common(1)[0]
    share = count / len(LIBRARY)
    assert share <= MAXIMUM_SHARE_OF_ONE_LEVEL, (
        f"{level.value} is the key of {count} of {len(LIBRARY)} cases ({share:.0%}): "
        "a trainee who always answers it would score that much"
    )


@pytest.mark.parametrize(
    ("level", "minimum"), MINIMUM_KEYS.items(), ids=[lv.value for lv in MINIMUM_KEYS]
)
def test_each_level_is_the_key_of_enough_cases(level: Level, minimum: int) -> None:
    assert KEYS[level] >= minimum, f"{level.value}: {KEYS[level]} keys, at least {minimum} wanted"


def test_no_stage_decision_is_the_key_of_more_than_40_percent() -> None:
    decision, count = STAGE_KEYS.most_common(1)[0]
    share = count / len(STAGES)
    assert share <= MAXIMUM_SHARE_OF_ONE_DECISION, (
        f"{decision.value} is the key of {count} of {len(STAGES)} stages ({share:.0%}): "
        "a trainee who always answers it would score that much"
    )


@pytest.mark.parametrize("decision", list(Decision), ids=[d.value for d in Decision])
def test_each_stage_decision_is_the_key_of_enough_stages(decision: Decision) -> None:
    count = STAGE_KEYS[decision]
    assert count >= MINIMUM_STAGE_KEYS, f"{decision.value}: {count} stage keys"


def test_the_last_stage_is_not_always_a_discharge() -> None:
    """Cases end with a step up and with carrying on, so "discharge" is not the safe last guess."""
    last = Counter(v.stages[-1].decision for v in LIBRARY if v.stages)
    assert last[Decision.DISCHARGE] < sum(last.values()) / 2, last
    assert last[Decision.STEP_UP] >= 1 and last[Decision.CONTINUE] >= 1, last


def test_a_case_returns_to_a_programme_after_relapse() -> None:
    """Stepped care runs both ways: a discharge followed by a step up after relapse."""
    returns = [
        v.id
        for v in LIBRARY
        for before, after in zip(v.stages, v.stages[1:], strict=False)
        if before.decision is Decision.DISCHARGE and after.decision is Decision.STEP_UP
    ]
    assert returns, "no case where someone discharged comes back after a relapse"


@pytest.mark.parametrize(("v", "stage"), STAGES, ids=[f"{v.id}/{stage.id}" for v, stage in STAGES])
def test_stage_titles_name_no_level_or_decision(v: Vignette, stage: Stage) -> None:
    assert cue_words(stage.title) == (), f"{stage.title!r} names the answer"


@pytest.mark.parametrize("v", LIBRARY, ids=[v.id for v in LIBRARY])
def test_no_story_or_update_ends_by_arranging_the_answer(v: Vignette) -> None:
    endings = [("presentation", v.presentation)] + [(s.id, s.update) for s in v.stages]
    for where, text in endings:
        words = cue_words(last_paragraph(text))
        assert words == (), f"{v.id} {where} ends naming {words}: {last_paragraph(text)!r}"


# Words that point at a level of care, a setting or a decisive finding.
TITLE_CLUES = re.compile(
    r"\b(outpatient|iop|php|intensive|partial|day (hospital|unit|programme)|residential|"
    r"inpatient|hospital|ward|admi(t|ssion)|detox\w*|withdraw\w*|shakes|tremor|seizure|"
    r"overdose|suicid\w*|self-harm|crisis|programme|program|therapy|sober|relapse|unsafe|"
    r"discharge|step|slow heart|alone|leaving|violen\w*|weekly|hours)\b",
    re.IGNORECASE,
)
TITLE_SHAPE = re.compile(r"^[A-ZÀ-Ý][\w'À-ÿ-]+, \d{2}: \S")


@pytest.mark.parametrize("v", LIBRARY, ids=[v.id for v in LIBRARY])
def test_titles_name_the_person_and_give_no_clue_to_the_level(v: Vignette) -> None:
    assert TITLE_SHAPE.match(v.title), f"{v.title!r} should read 'Name, age: something human'"
    clue = TITLE_CLUES.search(v.title)
    assert clue is None, f"{v.title!r} hints at the answer with {clue.group(0)!r}"


def test_every_case_has_feedback_for_every_level_written_for_that_case() -> None:
    seen: dict[str, str] = {}
    for v in LIBRARY:
        assert set(v.feedback) == set(Level), v.id
        for level, text in v.feedback.items():
            assert len(text) >= 60, f"{v.id}: feedback for {level.value} is too thin"
            other = seen.setdefault(text, v.id)
            assert other == v.id, f"{v.id} and {other} share the same {level.value} feedback"


EXTERNAL = re.compile(
    r"domain-research|primary-sources|seed-iop|\.md\b|\.txt\b|https?://|www\.", re.IGNORECASE
)


@pytest.mark.parametrize("v", LIBRARY, ids=[v.id for v in LIBRARY])
def test_cases_cite_sources_by_short_citation_never_a_file_or_web_page(v: Vignette) -> None:
    for text in (v.title, v.presentation, *_texts(v)):
        found = EXTERNAL.search(text)
        assert found is None, f"{v.id}: {found.group(0)!r} in {text[:80]!r}"


# Wording that teaches residential treatment as a housing service.
HOUSING = re.compile(
    r"(is|are) for (young )?people (without|with no) a safe|a place to live as part of|"
    r"needs? a place to live|safe place to live and treatment|gives (her|him|them) a safe "
    r"place to live",
    re.IGNORECASE,
)


@pytest.mark.parametrize("v", LIBRARY, ids=[v.id for v in LIBRARY])
def test_residential_feedback_teaches_24_hour_treatment_not_housing(v: Vignette) -> None:
    text = v.feedback[Level.RESIDENTIAL]
    assert HOUSING.search(text) is None, f"{v.id}: {text}"
    assert "24-hour" in text or v.expected_level is not Level.RESIDENTIAL, v.id


ALCOHOL = [v for v in LIBRARY if Condition.ALCOHOL_USE_DISORDER in v.conditions]
OPIOID = [v for v in LIBRARY if Condition.OPIOID_USE_DISORDER in v.conditions]


@pytest.mark.parametrize("v", ALCOHOL, ids=[v.id for v in ALCOHOL])
def test_every_alcohol_case_names_the_relapse_prevention_medicines(v: Vignette) -> None:
    text = _everything(v).lower()
    assert "naltrexone" in text and "acamprosate" in text, v.id


@pytest.mark.parametrize("v", OPIOID, ids=[v.id for v in OPIOID])
def test_every_opioid_case_offers_medication_and_naloxone(v: Vignette) -> None:
    text = _everything(v).lower()
    assert "naloxone" in text, v.id
    assert "buprenorphine" in text or "methadone" in text, v.id


SCREENER_POINT = re.compile(r"screening score \(|prompts a clinical assessment", re.IGNORECASE)
NOTEBOOK_02 = Path(__file__).parents[1] / "notebooks" / "02_placement_decisions.ipynb"


def test_no_case_repeats_the_screening_score_point_each_teaches_its_own() -> None:
    """The point that a screener prompts an assessment is taught once, in notebook 02; a point
    repeated in every case teaches nothing about that case."""
    repeating = [v.id for v in LIBRARY if any(SCREENER_POINT.search(p) for p in v.learning_points)]
    assert repeating == [], f"cases still carrying the generic screening point: {repeating}"
    points = Counter(p for v in LIBRARY for p in v.learning_points)
    shared = [p for p, n in points.items() if n > 1]
    assert shared == [], f"learning points shared word for word between cases: {shared}"


def test_notebook_02_teaches_that_a_screener_does_not_decide_the_level() -> None:
    cells = json.loads(NOTEBOOK_02.read_text(encoding="utf-8"))["cells"]
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    assert re.search(r"screener[^.]*does not decide the level", text), "notebook 02 lost the point"


def test_the_library_has_both_alcohol_and_opioid_cases() -> None:
    """The medicine rules above are only worth something if they have cases to check."""
    assert len(ALCOHOL) >= 4 and len(OPIOID) >= 2


def test_withdrawal_management_keys_include_one_ambulatory_and_one_24_hour() -> None:
    """The engine's JSON says where each withdrawal-management case is managed."""
    settings = Counter(
        recommend(v.assessment).to_dict()["withdrawal_setting"]
        for v in LIBRARY
        if v.expected_level is Level.WITHDRAWAL_MANAGEMENT
    )
    assert settings["ambulatory"] >= 1, f"no case keyed to ambulatory withdrawal: {settings}"
    assert settings["24_hour"] >= 1, f"no case keyed to 24-hour withdrawal: {settings}"


def test_a_multi_stage_case_steps_up_from_iop_to_php_when_progress_stalls() -> None:
    step_ups = [
        v
        for v in LIBRARY
        if v.assessment.current_setting is Setting.IOP
        and v.assessment.progress in (Progress.STALLED, Progress.WORSENING)
        and v.expected_level is Level.PHP
        and recommend(v.assessment).level is Level.PHP
        and v.stages
    ]
    assert step_ups, "no multi-stage case where IOP that is not working steps up to PHP"


SHORT_CITATIONS = tuple(source.cite() for source in ALL_SOURCES.values())


@pytest.mark.parametrize("v", LIBRARY, ids=[v.id for v in LIBRARY])
def test_every_reference_opens_with_a_short_citation_from_the_bibliography(v: Vignette) -> None:
    for reference in v.references:
        opens = any(reference == c or reference.startswith(c + ": ") for c in SHORT_CITATIONS)
        assert opens, f"{v.id}: {reference!r} does not open with a short citation"


# Wording that maps suicidal thoughts onto a risk tier (NICE NG225 §1.6 advises against
# stratifying risk into low, medium or high to decide care).
RISK_TIER = re.compile(
    r"\b(usually )?means? (low|moderate|medium|high|imminent) risk\b|"
    r"\((low|moderate|medium|high), not imminent, risk\)|"
    r"\b(his|her|their|suicide|suicidal|self-harm) risk is (at least )?(low|moderate|medium)\b|"
    r"\b(and|with) (low|moderate|medium) risk \(",
    re.IGNORECASE,
)


@pytest.mark.parametrize("v", LIBRARY, ids=[v.id for v in LIBRARY])
def test_no_case_maps_suicidal_thoughts_onto_a_risk_tier(v: Vignette) -> None:
    for text in _texts(v):
        found = RISK_TIER.search(text)
        assert found is None, f"{v.id}: {found.group(0)!r} in {text[:100]!r}"


STIMULANT = [v for v in LIBRARY if Condition.STIMULANT_USE_DISORDER in v.conditions]


@pytest.mark.parametrize("v", STIMULANT, ids=[v.id for v in STIMULANT])
def test_every_stimulant_case_teaches_contingency_management(v: Vignette) -> None:
    text = _everything(v).lower()
    assert "contingency management" in text, v.id
    assert any("contingency management" in p.lower() for p in v.learning_points), v.id


@pytest.mark.parametrize("v", LIBRARY, ids=[v.id for v in LIBRARY])
def test_the_72_hour_standard_is_taught_as_englands_with_its_reason(v: Vignette) -> None:
    """The 72-hour contact is NHS England's standard: a case that names it says whose it is,
    and teaches the reason (risk is highest in the first days) that holds everywhere."""
    for text in _texts(v):
        if "72 hours" in text or "72-hour" in text:
            assert "England" in text, f"{v.id}: {text[:120]!r}"


DEPRESSION_REFUSING = [
    v
    for v in LIBRARY
    if Condition.MAJOR_DEPRESSIVE_DISORDER in v.conditions
    and re.search(
        r"refus\w* (of )?(food|fluids)|(food|eating) (and|or) (fluids|drinking)", _everything(v)
    )
]


@pytest.mark.parametrize("v", DEPRESSION_REFUSING, ids=[v.id for v in DEPRESSION_REFUSING])
def test_severe_depression_refusing_food_or_fluids_names_ect_and_psychotic_features(
    v: Vignette,
) -> None:
    text = _everything(v)
    assert "ECT" in text, v.id
    assert "psychotic features" in text, v.id


def test_the_library_has_cases_of_depression_refusing_food_or_fluids() -> None:
    ids = {v.id for v in DEPRESSION_REFUSING}
    assert {"kwame-depression", "olusegun-late-life-depression"} <= ids, ids


@pytest.mark.parametrize("v", ALCOHOL, ids=[v.id for v in ALCOHOL])
def test_thiamine_is_never_taught_as_before_any_glucose(v: Vignette) -> None:
    """Do not delay glucose in hypoglycaemia: thiamine goes with or before it (NICE CG100)."""
    assert re.search(r"thiamine before any glucose", _everything(v), re.I) is None, v.id


# Cases where a clinical panel would split (the clinical review of December 2026): the second
# answer is marked defensible, with a reason written from the story.
PANEL_SPLITS = {
    "kwame-depression": Level.INPATIENT,
    "ilse-sedative-and-alcohol-use": Level.INPATIENT,
    "dariusz-panic-and-depression": Level.IOP,
    "eli-cannabis-and-anxiety": Level.OUTPATIENT,
    "amara-generalised-anxiety": Level.OUTPATIENT,
    "jonas-anorexia": Level.INPATIENT,
    "leila-adolescent-self-harm": Level.INPATIENT,
}
BY_ID = {v.id: v for v in LIBRARY}


@pytest.mark.parametrize(("case", "level"), PANEL_SPLITS.items(), ids=list(PANEL_SPLITS))
def test_a_second_answer_a_panel_would_defend_is_marked_defensible(case: str, level: Level) -> None:
    v = BY_ID[case]
    assert level in v.also_defensible, f"{case}: {level.value} is not marked defensible"
    assert len(v.also_defensible[level].split()) >= 12, f"{case}: the reason is too thin"


DEFENSIBLE = [(v, level) for v in LIBRARY for level in v.also_defensible]


@pytest.mark.parametrize(
    ("v", "level"), DEFENSIBLE, ids=[f"{v.id}/{lv.value}" for v, lv in DEFENSIBLE]
)
def test_feedback_for_a_defensible_answer_says_so_and_never_calls_it_wrong(
    v: Vignette, level: Level
) -> None:
    text = v.feedback[level]
    assert text.startswith("Defensible"), f"{v.id}: {level.value} feedback: {text[:60]!r}"
    assert not re.search(r"\b(wrong|incorrect)\b", text, re.IGNORECASE), v.id


PREGNANT_OPIOID = [v for v in OPIOID if v.assessment.pregnant]


def test_the_library_has_a_case_of_opioid_use_disorder_in_pregnancy() -> None:
    assert PREGNANT_OPIOID, "no case of opioid use disorder in pregnancy"


@pytest.mark.parametrize("v", PREGNANT_OPIOID, ids=[v.id for v in PREGNANT_OPIOID])
def test_opioid_use_in_pregnancy_is_treated_with_medication_never_withdrawal_alone(
    v: Vignette,
) -> None:
    key = v.feedback[v.expected_level]
    assert "methadone or buprenorphine" in key, v.id
    assert re.search(r"not as a detox|withdrawal (alone|on its own)", key), v.id
    assert "obstetric" in key and "naloxone" in key, v.id
    assert any("withdrawal" in p and "not" in p for p in v.learning_points), v.id


UNSAFE_HOME_ADOLESCENTS = [
    v
    for v in LIBRARY
    if v.population is Population.ADOLESCENT and v.assessment.home_environment is Home.UNSAFE
]


@pytest.mark.parametrize("v", UNSAFE_HOME_ADOLESCENTS, ids=[v.id for v in UNSAFE_HOME_ADOLESCENTS])
def test_an_adolescent_with_an_unsafe_home_is_treated_at_the_clinical_level_with_safeguarding(
    v: Vignette,
) -> None:
    assert v.expected_level is not Level.RESIDENTIAL, v.id
    key = v.feedback[v.expected_level].lower()
    assert "safeguarding" in key, v.id
    assert "children's services" in key or "children's social care" in key, v.id


def test_an_adolescent_with_an_unsafe_home_and_more_than_weekly_need_is_in_the_library() -> None:
    """Tyler's need is weekly therapy; a moderate need above it is the harder teaching case."""
    above = [v.id for v in UNSAFE_HOME_ADOLESCENTS if v.expected_level.rank > Level.OUTPATIENT.rank]
    assert above, "no adolescent with an unsafe home whose clinical need is above weekly therapy"
