"""Every clinical number in iopkit, with where it comes from.

Each :class:`Source` is one entry of the kit's bibliography, ``docs/sources.md``, by key: the
entry gives the full citation (authors or organisation, title, year, URL or DOI) a clinician
can check, and trainees see the short citation (``SAMHSA TIP 47, 2006``). A test keeps the two
in step both ways. The ``overview`` source is the programme description the kit teaches,
summarised in ``docs/programme-overview.md``; the ``iopkit`` source marks the kit's own teaching
rules (``docs/placement-rules.md``).

A reviewer can check each figure here against its citation without reading any logic.
ASAM Criteria and LOCUS text and grids are *not* reproduced: only public hour bands are used,
and the placement rules in :mod:`iopkit.placement` are iopkit's own simplified teaching rules.
Figures with no primary source are the overview's conventions and are labelled SECONDARY.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """One entry of ``docs/sources.md``: its key there and the short citation trainees see.

    >>> TIP47.cite()
    'SAMHSA TIP 47, 2006'
    """

    key: str
    title: str

    def cite(self) -> str:
        return self.title


# --- The bibliography (docs/sources.md), in its order ------------------------------------
OVERVIEW = Source("overview", "Programme overview")
IOWN = Source("iopkit", "iopkit teaching rule")
ASAM_CRIT3 = Source("ASAM-CRIT3", "ASAM Criteria, 3rd ed., 2013")
ASAM_CRIT4 = Source("ASAM-CRIT4", "ASAM Criteria, 4th ed., 2023")
CMS_IAP_SUD = Source("CMS-IAP-SUD", "CMS Medicaid IAP SUD guide, 2017")
TIP47 = Source("TIP47", "SAMHSA TIP 47, 2006")
SAMHSA_ADV21 = Source("SAMHSA-ADV21", "SAMHSA IOP Advisory, 2021")
CMS_OPPS24 = Source("CMS-OPPS24", "CMS CY 2024 OPPS final rule, 2023")
NGS_IOP = Source("NGS-IOP", "NGS Medicare IOP article")
CMS_BPM6 = Source("CMS-BPM6", "Medicare Benefit Policy Manual ch. 6")
NIDA_PODAT = Source("NIDA-PODAT", "NIDA Principles of Drug Addiction Treatment, 2018")
MATRIX = Source("MATRIX", "Matrix IOP manual (SAMHSA), 2006")
TIP45 = Source("TIP45", "SAMHSA TIP 45, 2006")
ASAM_AWM20 = Source("ASAM-AWM20", "ASAM Alcohol Withdrawal Management guideline, 2020")
SULLIVAN89 = Source("SULLIVAN89", "Sullivan et al. 1989 (CIWA-Ar)")
WESSON03 = Source("WESSON03", "Wesson & Ling 2003 (COWS)")
ASAM_NPG20 = Source("ASAM-NPG20", "ASAM National Practice Guideline for OUD, 2020")
TIP63 = Source("TIP63", "SAMHSA TIP 63, 2021")
MAT_ACT23 = Source("MAT-ACT23", "MAT Act, 2023")
PART8_24 = Source("PART8-24", "42 CFR Part 8 final rule, 2024")
DONOFRIO15 = Source("DONOFRIO15", "D'Onofrio et al. 2015")
SAMHSA_ODT = Source("SAMHSA-ODT", "SAMHSA Overdose Prevention and Response Toolkit, 2023")
FDA_NARCAN23 = Source("FDA-NARCAN23", "FDA naloxone nonprescription approval, 2023")
CDC_OPIOID22 = Source("CDC-OPIOID22", "CDC opioid prescribing guideline, 2022")
APA_AUD18 = Source("APA-AUD18", "APA guideline on alcohol use disorder medicines, 2018")
FDA_ACAMP = Source("FDA-ACAMP", "Acamprosate prescribing information (DailyMed)")
KROENKE01 = Source("KROENKE01", "Kroenke et al. 2001 (PHQ-9)")
SPITZER06 = Source("SPITZER06", "Spitzer et al. 2006 (GAD-7)")
SAUNDERS93 = Source("SAUNDERS93", "Saunders et al. 1993 (AUDIT)")
WHO_AUDIT01 = Source("WHO-AUDIT01", "WHO AUDIT manual, 2001")
POSNER11 = Source("POSNER11", "Posner et al. 2011 (C-SSRS)")
CSSRS_TRIAGE = Source("CSSRS-TRIAGE", "Columbia Lighthouse Project, C-SSRS triage")
TJC_NPSG15 = Source("TJC-NPSG15", "Joint Commission NPSG.15.01.01, 2019")
NICE_NG225 = Source("NICE-NG225", "NICE NG225, 2022")
STANLEY_BROWN12 = Source("STANLEY-BROWN12", "Stanley & Brown 2012 (safety planning)")
STANLEY18 = Source("STANLEY18", "Stanley et al. 2018")
NICE_NG53 = Source("NICE-NG53", "NICE NG53, 2016")
NCQA_FUH = Source("NCQA-FUH", "NCQA HEDIS FUH measure")
NCQA_FUI = Source("NCQA-FUI", "NCQA HEDIS FUI measure")
NHSE_72H = Source("NHSE-72H", "NHS England 72-hour follow-up standard, 2020")
NCISH_EARLY = Source("NCISH-EARLY", "Bojanic et al. 2020 (NCISH)")
BICKLEY13 = Source("BICKLEY13", "Bickley et al. 2013")
FDA_AD = Source("FDA-AD", "FDA antidepressant boxed warning, 2007")
FCC_988 = Source("FCC-988", "FCC 988 designation, 2020")
NICE_PH50 = Source("NICE-PH50", "NICE PH50, 2014")
APA_ED23 = Source("APA-ED23", "APA eating disorders guideline, 2023")
APA_ED06 = Source("APA-ED06", "APA eating disorders guideline, 3rd ed., 2006")
SAHM22 = Source("SAHM22", "SAHM position paper, 2022")
AAP_ED21 = Source("AAP-ED21", "AAP clinical report, 2021")
AED_MED = Source("AED-MED", "AED Guide to Medical Care, 2021")
LINEHAN15 = Source("LINEHAN15", "Linehan 2015 (DBT Skills Training Manual)")
MARLATT85 = Source("MARLATT85", "Marlatt & Gordon 1985")
LARIMER99 = Source("LARIMER99", "Larimer et al. 1999 (relapse prevention)")
FDA_XRNTX = Source("FDA-XRNTX", "VIVITROL (naltrexone) prescribing information")
FDA_NTX = Source("FDA-NTX", "Naltrexone tablets prescribing information (DailyMed)")
JCPG_BZD25 = Source(
    "JCPG-BZD25", "Joint Clinical Practice Guideline on Benzodiazepine Tapering, 2025"
)
FDA_BZD20 = Source("FDA-BZD20", "FDA benzodiazepine boxed warning, 2020")
NHSE_SSFS25 = Source("NHSE-SSFS25", "Staying safe from suicide (DHSC and NHS England), 2025")
NICE_NG222 = Source("NICE-NG222", "NICE NG222, 2022")
NICE_CG113 = Source("NICE-CG113", "NICE CG113, 2011")
NICE_CG51 = Source("NICE-CG51", "NICE CG51, 2007")
SAMHSA_STIM20 = Source("SAMHSA-STIM20", "SAMHSA Treatment of Stimulant Use Disorders, 2020")
SAMHSA_PREG18 = Source("SAMHSA-PREG18", "SAMHSA guidance on pregnancy and OUD, 2018")
ACOG_CO711 = Source("ACOG-CO711", "ACOG Committee Opinion 711, 2017")
SPRC_CALM = Source("SPRC-CALM", "CALM: Counseling on Access to Lethal Means (SPRC)")
BECK20 = Source("BECK20", "Beck 2020 (Cognitive Behavior Therapy: Basics and Beyond)")

# --- Names the rest of the kit uses for the entry behind a kind of fact --------------------
ASAM_BANDS = ASAM_CRIT3  # public hour floors of the ASAM levels
MEDICARE_IOP = CMS_OPPS24  # the Medicare IOP benefit (9 h/week)
MEDICARE_PHP = CMS_BPM6  # the Medicare PHP requirement (20 h/week)
SAMHSA_TIP47 = TIP47
ED_MEDICAL_CRITERIA = SAHM22
WITHDRAWAL = ASAM_AWM20
CSSRS = CSSRS_TRIAGE
SCHEDULES = MATRIX  # a published IOP timetable
FOLLOW_UP_7_DAYS = NCQA_FUH
CONTACT_AFTER_WARD = NHSE_72H  # contact within 72 hours of leaving a psychiatric ward
DISCHARGE_PLANNING = NICE_NG53  # plan discharge from admission; 48 h with suicide risk
STEPPED_CARE = NICE_NG222  # depression; NICE_CG113 for anxiety
LETHAL_MEANS = SPRC_CALM
BENZODIAZEPINE_TAPER = JCPG_BZD25
SAFETY_PLAN = STANLEY_BROWN12
RELAPSE_PREVENTION = LARIMER99
DBT = LINEHAN15
REASSESSMENT = TIP47  # step up and down as needs change (TIP 47, chapter 3)

ALL_SOURCES: dict[str, Source] = {
    s.key: s
    for s in (
        OVERVIEW,
        IOWN,
        ASAM_CRIT3,
        ASAM_CRIT4,
        CMS_IAP_SUD,
        TIP47,
        SAMHSA_ADV21,
        CMS_OPPS24,
        NGS_IOP,
        CMS_BPM6,
        NIDA_PODAT,
        MATRIX,
        TIP45,
        ASAM_AWM20,
        SULLIVAN89,
        WESSON03,
        ASAM_NPG20,
        TIP63,
        MAT_ACT23,
        PART8_24,
        DONOFRIO15,
        SAMHSA_ODT,
        FDA_NARCAN23,
        CDC_OPIOID22,
        APA_AUD18,
        FDA_ACAMP,
        KROENKE01,
        SPITZER06,
        SAUNDERS93,
        WHO_AUDIT01,
        POSNER11,
        CSSRS_TRIAGE,
        TJC_NPSG15,
        NICE_NG225,
        STANLEY_BROWN12,
        STANLEY18,
        NICE_NG53,
        NCQA_FUH,
        NCQA_FUI,
        NHSE_72H,
        NCISH_EARLY,
        BICKLEY13,
        FDA_AD,
        FCC_988,
        NICE_PH50,
        APA_ED23,
        APA_ED06,
        SAHM22,
        AAP_ED21,
        AED_MED,
        LINEHAN15,
        MARLATT85,
        LARIMER99,
        FDA_XRNTX,
        FDA_NTX,
        JCPG_BZD25,
        FDA_BZD20,
        NHSE_SSFS25,
        NICE_NG222,
        NICE_CG113,
        NICE_CG51,
        SAMHSA_STIM20,
        SAMHSA_PREG18,
        ACOG_CO711,
        SPRC_CALM,
        BECK20,
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

    def _repr_html_(self) -> str:
        from iopkit.render import band_html

        return band_html(self)

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

# --- Public hour bands ------------------------------------------------------------------
OUTPATIENT_WEEKLY_HOURS_ADULT = Band(None, 9, "h/week", ASAM_BANDS)
OUTPATIENT_WEEKLY_HOURS_ADOLESCENT = Band(None, 6, "h/week", ASAM_BANDS)
# ASAM gives floors only (9 h adults, 6 h adolescents); the ceiling of 19 is implied by PHP
# starting at 20 h a week (MEDICARE_PHP), not stated by ASAM.
IOP_WEEKLY_HOURS_ADULT = Band(9, 19, "h/week", ASAM_BANDS)
IOP_WEEKLY_HOURS_ADOLESCENT = Band(6, 19, "h/week", SAMHSA_ADV21)
IOP_MEDICARE_MINIMUM = Band(9, None, "h/week", MEDICARE_IOP)
IOP_ADOLESCENT_MINIMUM = Band(6, None, "h/week", SAMHSA_ADV21)
PHP_WEEKLY_HOURS = Band(20, None, "h/week", MEDICARE_PHP)  # also ASAM level 2.5
RESIDENTIAL_LOW_INTENSITY_CLINICAL = Band(5, None, "h/week of clinical service", ASAM_BANDS)
TWENTY_FOUR_HOUR_DAYS = Band(7, 7, "days/week", ASAM_BANDS)  # residential and inpatient care
INPATIENT_HOURS_PER_DAY = Band(24, 24, "h/day", ASAM_BANDS)

# --- Schedule checks -----------------------------------------------------------------------
DAY_LENGTH_TYPICAL = Band(2, 4, "h/day", SCHEDULES)  # about 3 h (overview); 2-4 h (SECONDARY)
FOLLOW_UP_WITHIN_DAYS = 7  # days after discharge: NCQA HEDIS FUH/FUI (FOLLOW_UP_7_DAYS)

# --- Leaving a psychiatric ward ---------------------------------------------------------------
CONTACT_AFTER_WARD_HOURS = 72  # first contact after leaving inpatient care (NHSE_72H)
CONTACT_AFTER_WARD_SUICIDE_RISK_HOURS = 48  # when suicide risk is identified (NICE_NG53)

# --- Medicines -------------------------------------------------------------------------------
NALTREXONE_OPIOID_FREE_DAYS = Band(7, 10, "days without any opioid", FDA_XRNTX)
BENZODIAZEPINE_TAPER_STEP = Band(5, 10, "% of the dose every 2-4 weeks", JCPG_BZD25)

# --- Eating disorders: weight as a percentage of median BMI or expected body weight ----------
ED_WEIGHT_BELOW_DAY_CARE = 80  # below about 80%: not IOP or PHP (APA_ED06 level-of-care table)
ED_WEIGHT_MEDICAL_ADMISSION = 75  # at or below 75%: medical admission (SAHM22, Table 4)
# Other SAHM22 Table 4 markers of medical instability (ED_MEDICAL_CRITERIA)
ED_HEART_RATE_DAY_BELOW = 50  # beats a minute, awake
ED_HEART_RATE_NIGHT_BELOW = 45  # beats a minute, asleep
ED_BLOOD_PRESSURE_BELOW = "90/45"  # mm Hg
ED_ORTHOSTATIC_RISE_OVER = 30  # sustained pulse rise on standing, beats a minute (over 19)
ED_ORTHOSTATIC_RISE_YOUNG_OVER = 40  # the same, aged 19 or under
ED_TEMPERATURE_BELOW = Band(None, 35.6, "degrees C", SAHM22)

METHADONE_USUAL_DOSE = Band(60, 120, "mg a day", TIP63)  # usual effective methadone doses
REVIEW_EVERY_WEEKS = 4  # plan review: reassess as needs change (REASSESSMENT); 4 weeks SECONDARY
