"""The words people write for the kit's values, by meaning rather than by spelling.

A clinician who writes ``intensive_outpatient`` means ``iop``, not ``outpatient`` (the nearest
spelling); ``detox`` means ``withdrawal_management``; ``depression`` means
``major_depressive_disorder``. :func:`meant` looks a written word up here first, so the
did-you-mean of a problem follows the meaning; the spelling comes second.

Plain data, no clinical rule: each entry is only offered when its value is one of the values
allowed where the word was written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MEANINGS: dict[str, tuple[str, ...]] = {
    # levels of care (and the settings of the same names)
    "iop": (
        "intensive_outpatient",
        "intensive_outpatient_programme",
        "intensive_outpatient_program",
        "intensive_outpatient_treatment",
        "intensive",
        "iop_programme",
        "iop_program",
    ),
    "php": (
        "partial_hospitalisation",
        "partial_hospitalization",
        "partial_hospital",
        "partial_hospitalisation_programme",
        "partial_hospitalization_program",
        "day_hospital",
        "day_programme",
        "day_program",
        "day_treatment",
        "php_programme",
        "php_program",
    ),
    "outpatient": (
        "op",
        "standard_outpatient",
        "weekly_therapy",
        "weekly_outpatient",
        "office_based",
        "routine_outpatient",
        "counselling",
        "counseling",
    ),
    "residential": (
        "residential_treatment",
        "residential_rehab",
        "residential_rehabilitation",
        "rehab",
        "rehabilitation",
    ),
    "withdrawal_management": (
        "detox",
        "detoxification",
        "medical_detox",
        "medically_managed_withdrawal",
        "withdrawal",
        "wm",
    ),
    "inpatient": (
        "hospital",
        "hospitalisation",
        "hospitalization",
        "acute_inpatient",
        "psychiatric_inpatient",
        "inpatient_unit",
        "admission",
        "ward",
    ),
    # conditions
    "major_depressive_disorder": (
        "depression",
        "major_depression",
        "depressive_disorder",
        "mdd",
        "low_mood",
    ),
    "generalized_anxiety_disorder": (
        "anxiety",
        "generalised_anxiety_disorder",
        "generalised_anxiety",
        "generalized_anxiety",
        "gad",
        "anxiety_disorder",
    ),
    "eating_disorder": (
        "anorexia",
        "anorexia_nervosa",
        "bulimia",
        "bulimia_nervosa",
        "binge_eating",
        "binge_eating_disorder",
        "arfid",
    ),
    "alcohol_use_disorder": (
        "alcohol",
        "alcoholism",
        "alcohol_dependence",
        "alcohol_abuse",
        "alcohol_misuse",
        "aud",
    ),
    "opioid_use_disorder": (
        "opioids",
        "opioid",
        "opiates",
        "heroin",
        "fentanyl",
        "opioid_dependence",
        "opioid_addiction",
        "oud",
    ),
    "stimulant_use_disorder": (
        "stimulants",
        "stimulant",
        "cocaine",
        "crack",
        "methamphetamine",
        "meth",
        "amphetamines",
        "amphetamine",
    ),
    "cannabis_use_disorder": ("cannabis", "marijuana", "weed", "cud"),
    "sedative_use_disorder": (
        "sedatives",
        "sedative",
        "benzodiazepines",
        "benzos",
        "hypnotics",
    ),
    # stage decisions
    "continue": ("stay", "remain", "maintain", "keep", "no_change", "same_level"),
    "step_down": ("de_escalate", "deescalate", "reduce", "decrease", "lower"),
    "step_up": ("escalate", "increase", "intensify", "higher"),
    "discharge": ("discharged", "end_treatment", "graduate", "complete", "completed"),
    # population
    "adolescent": ("teen", "teenager", "youth", "young_person", "adolescents", "minor"),
    "adult": ("adults", "grown_up"),
    # withdrawal
    "needs_management": ("needs_detox", "in_withdrawal", "withdrawing", "detox_needed"),
}
"""A written value: the words people write for it (lower case, words joined by ``_``)."""

_WORD_TO_VALUE: dict[str, tuple[str, ...]] = {}
for _value, _words in MEANINGS.items():
    for _word in _words:
        _WORD_TO_VALUE[_word] = (*_WORD_TO_VALUE.get(_word, ()), _value)

_SEPARATORS = re.compile(r"[\s\-/]+")


def normalise(word: str) -> str:
    """How a written word is compared: lower case, spaces and hyphens as ``_``.

    >>> normalise("Intensive Outpatient Programme"), normalise("step-down")
    ('intensive_outpatient_programme', 'step_down')
    """
    return _SEPARATORS.sub("_", str(word).strip().lower()).strip("_")


def meant(word: str, options: Iterable[str]) -> str | None:
    """The allowed value ``word`` means, if this table knows it.

    >>> meant("intensive_outpatient", ["outpatient", "iop", "php"])
    'iop'
    >>> meant("Detox", ["iop", "withdrawal_management"])
    'withdrawal_management'
    >>> meant("detox", ["continue", "step_up"]) is None
    True
    """
    allowed = {str(o).lower(): str(o) for o in options}
    for value in _WORD_TO_VALUE.get(normalise(word), ()):
        if value in allowed:
            return allowed[value]
    return None
