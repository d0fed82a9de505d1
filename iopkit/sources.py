"""Every clinical number in iopkit, with where it comes from.

The kit teaches from two documents that ship with the project team:

* ``overview``: the programme description this kit is built around
  (``shared/reference/seed-iop-overview.txt``).
* ``domain-research.md``: sourced research notes; each entry below names the section and the
  public source the note cites.

A reviewer can check each figure here against its citation without reading any logic.
ASAM Criteria and LOCUS text and grids are *not* reproduced: only public hour bands are used,
and the placement rules in :mod:`iopkit.placement` are iopkit's own simplified teaching rules.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """A document a clinical figure or criterion comes from."""

    key: str
    title: str
    detail: str

    def cite(self) -> str:
        return f"{self.title} ({self.detail})" if self.detail else self.title


OVERVIEW = Source(
    "overview",
    "IOP programme overview",
    "seed-iop-overview.txt, the programme description this kit teaches",
)
ASAM_BANDS = Source(
    "asam-bands",
    "Public ASAM level summaries",
    "domain-research.md §1a and table C8: midshorebehavioralhealth.org glossary; "
    "penfieldaddictionministries.org levels of care",
)
MEDICARE_IOP = Source(
    "medicare-iop",
    "Medicare IOP benefit, CY2024 OPPS final rule",
    "domain-research.md §3: ngsmedicare.com IOP article; bhbusiness.com 2024-07-10",
)
SAMHSA_TIP47 = Source(
    "samhsa-tip47",
    "SAMHSA TIP 47 and its 2021 Advisory",
    "domain-research.md §4: ncbi.nlm.nih.gov/books/NBK64093; 2021 Advisory copy",
)
DC_RULE = Source(
    "dc-iop-rule",
    "District of Columbia IOP rule",
    "domain-research.md §4: dcrules.elaws.us/dcmr/22-a6329",
)
ED_INTENSITIES = Source(
    "ed-intensities",
    "Eating-disorder care intensities",
    "domain-research.md §5: redcconsortium.org; anad.org residential care",
)
ED_MEDICAL_CRITERIA = Source(
    "ed-medical",
    "AAP/SAHM 2021 medical hospitalisation markers",
    "domain-research.md §5 and rule B5: kartiniclinic.com; PMC10864000 table T4",
)
WITHDRAWAL = Source(
    "withdrawal",
    "ASAM 2020 alcohol withdrawal guideline (public summary)",
    "domain-research.md §6 and rules A1-A3: guidelinecentral.com; PMC7093658 table T0003",
)
CSSRS = Source(
    "cssrs-triage",
    "C-SSRS screener triage",
    "domain-research.md §6 and rule A4: docsbay.net C-SSRS triage guidelines",
)
SCHEDULES = Source(
    "schedules",
    "Published IOP timetables",
    "domain-research.md §7: UCSF, ghspsych.org, Matrix Model, slbmi.com DBT IOP, "
    "trinitybehavioralhealth.com (SECONDARY)",
)
FOLLOW_UP_7_DAYS = Source(
    "follow-up-7-days",
    "HEDIS-type 7-day follow-up standard",
    "domain-research.md §8: carepartnersct.com; provider.bcbst.com",
)
SAFETY_PLAN = Source(
    "stanley-brown",
    "Stanley-Brown safety planning",
    "domain-research.md §8: six-step safety plan",
)
RELAPSE_PREVENTION = Source(
    "marlatt",
    "Relapse prevention (Marlatt model)",
    "domain-research.md §8: PMC6760427",
)
DBT = Source(
    "dbt",
    "DBT skills modules",
    "domain-research.md §8: jessicaulmerpsychology.com; harriscenter.as.uky.edu",
)
REASSESSMENT = Source(
    "reassessment",
    "Step-up and step-down by reassessment",
    "domain-research.md rules E15-E16: compassinterventioncenter.net; NCBI NBK64088",
)
SCREENING = Source(
    "screening",
    "Screening-instrument score bands",
    "domain-research.md §6: PHQ-9, GAD-7, AUDIT, CIWA-Ar bands",
)
IOWN = Source(
    "iopkit",
    "iopkit teaching rule",
    "iopkit's own simplified rule built on the overview's criteria (docs/placement-rules.md)",
)

ALL_SOURCES: dict[str, Source] = {
    s.key: s
    for s in (
        OVERVIEW,
        ASAM_BANDS,
        MEDICARE_IOP,
        SAMHSA_TIP47,
        DC_RULE,
        ED_INTENSITIES,
        ED_MEDICAL_CRITERIA,
        WITHDRAWAL,
        CSSRS,
        SCHEDULES,
        FOLLOW_UP_7_DAYS,
        SAFETY_PLAN,
        RELAPSE_PREVENTION,
        DBT,
        REASSESSMENT,
        SCREENING,
        IOWN,
    )
}


@dataclass(frozen=True)
class Band:
    """A numeric range with a unit and its source. ``high`` is ``None`` for open bands.

    >>> Band(9, 19, "h/week", ASAM_BANDS).contains(12)
    True
    >>> Band(20, None, "h/week", ASAM_BANDS).describe()
    '20 h/week or more'
    """

    low: float | None
    high: float | None
    unit: str
    source: Source

    @property
    def minimum(self) -> float:
        """The lower bound of a band that has one (``ValueError`` for a band open below).

        >>> Band(9, 19, "h/week", ASAM_BANDS).minimum
        9
        """
        if self.low is None:
            raise ValueError(f"the band {self.describe()} has no lower bound")
        return self.low

    @property
    def maximum(self) -> float:
        """The upper bound of a band that has one (``ValueError`` for an open band)."""
        if self.high is None:
            raise ValueError(f"the band {self.describe()} has no upper bound")
        return self.high

    def contains(self, value: float) -> bool:
        if self.low is not None and value < self.low:
            return False
        return not (self.high is not None and value > self.high)

    def describe(self) -> str:
        def fmt(x: float) -> str:
            return f"{x:g}"

        if self.low is not None and self.high is not None:
            if self.low == self.high:
                return f"{fmt(self.low)} {self.unit}"
            return f"{fmt(self.low)}-{fmt(self.high)} {self.unit}"
        if self.low is not None:
            return f"{fmt(self.low)} {self.unit} or more"
        if self.high is not None:
            return f"under {fmt(self.high)} {self.unit}"
        return "not set"

    def to_dict(self) -> dict[str, object]:
        return {
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "text": self.describe(),
            "source": self.source.cite(),
        }


# --- Figures from the overview -------------------------------------------------------------
IOP_DAYS_PER_WEEK = Band(3, 5, "days/week", OVERVIEW)
IOP_HOURS_PER_SESSION = Band(3, 3, 'h/day (about; the overview\'s "session")', OVERVIEW)
IOP_WEEKLY_HOURS_TYPICAL = Band(9, 15, "h/week", OVERVIEW)
IOP_DURATION_WEEKS = Band(6, 12, "weeks", OVERVIEW)
PHP_DAYS_PER_WEEK = Band(5, 5, "days/week", OVERVIEW)
PHP_HOURS_PER_DAY = Band(4, 6, "h/day", OVERVIEW)
OUTPATIENT_SESSIONS = Band(1, 1, "session/week (typically)", OVERVIEW)

# --- Public hour bands (domain-research.md) -------------------------------------------------
OUTPATIENT_WEEKLY_HOURS_ADULT = Band(None, 9, "h/week", ASAM_BANDS)
OUTPATIENT_WEEKLY_HOURS_ADOLESCENT = Band(None, 6, "h/week", ASAM_BANDS)
IOP_WEEKLY_HOURS_ADULT = Band(9, 19, "h/week", ASAM_BANDS)
IOP_WEEKLY_HOURS_ADOLESCENT = Band(6, 19, "h/week", DC_RULE)
IOP_MEDICARE_MINIMUM = Band(9, None, "h/week", MEDICARE_IOP)
IOP_ADOLESCENT_MINIMUM = Band(6, None, "h/week", SAMHSA_TIP47)  # SAMHSA 2021 Advisory
PHP_WEEKLY_HOURS = Band(20, None, "h/week", MEDICARE_IOP)  # Medicare PHP requirement, ASAM 2.5
RESIDENTIAL_LOW_INTENSITY_CLINICAL = Band(5, None, "h/week of clinical service", ASAM_BANDS)
RESIDENTIAL_ED_DURATION = Band(30, 90, "days", ED_INTENSITIES)
OUTPATIENT_ED_WEEKLY_HOURS = Band(1, 4, "h/week", ED_INTENSITIES)
TWENTY_FOUR_HOUR_DAYS = Band(7, 7, "days/week", ASAM_BANDS)  # residential and inpatient care
INPATIENT_HOURS_PER_DAY = Band(24, 24, "h/day", ASAM_BANDS)

# --- Schedule checks -----------------------------------------------------------------------
DAY_LENGTH_TYPICAL = Band(2, 4, "h/day", SCHEDULES)  # about 3 h (overview); 2-4 h (SECONDARY)
FOLLOW_UP_WITHIN_DAYS = 7  # days after discharge: HEDIS-type standard (FOLLOW_UP_7_DAYS)
REVIEW_EVERY_WEEKS = 4  # treatment-plan review at least every 30 days (REASSESSMENT, rule E15)
