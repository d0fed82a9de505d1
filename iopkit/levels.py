"""The continuum of care: levels, their time commitment, and the paths between them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from iopkit import sources as S
from iopkit.errors import UnknownNameError
from iopkit.sources import Band, Source


class Population(str, Enum):
    """Who a programme or a case is for."""

    ADULT = "adult"
    ADOLESCENT = "adolescent"


class Level(str, Enum):
    """A level of care (or, for withdrawal management, a service that comes first).

    >>> Level("iop").label
    'Intensive outpatient programme (IOP)'
    >>> Level.PHP.rank > Level.IOP.rank
    True
    """

    OUTPATIENT = "outpatient"
    IOP = "iop"
    PHP = "php"
    RESIDENTIAL = "residential"
    WITHDRAWAL_MANAGEMENT = "withdrawal_management"
    INPATIENT = "inpatient"

    @property
    def info(self) -> LevelInfo:
        return LEVELS[self]

    @property
    def rank(self) -> int:
        return LEVELS[self].rank

    @property
    def label(self) -> str:
        return LEVELS[self].label

    @property
    def short(self) -> str:
        return LEVELS[self].short


class WithdrawalSetting(str, Enum):
    """Where withdrawal is managed: alongside outpatient or IOP care, or in a 24-hour setting.

    >>> WithdrawalSetting("24_hour").info.overnight_stay
    True
    """

    AMBULATORY = "ambulatory"
    TWENTY_FOUR_HOUR = "24_hour"

    @property
    def info(self) -> SettingInfo:
        return WITHDRAWAL_SETTINGS[self]

    @property
    def label(self) -> str:
        return WITHDRAWAL_SETTINGS[self].label


class Decision(str, Enum):
    """What the team decides at a later stage of a multi-stage case.

    >>> Decision("step_down").label
    'Step down'
    """

    CONTINUE = "continue"
    STEP_DOWN = "step_down"
    STEP_UP = "step_up"
    DISCHARGE = "discharge"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


@dataclass(frozen=True)
class SettingInfo:
    """One setting of a service that can be given in more than one way."""

    setting: WithdrawalSetting
    label: str
    description: str
    supervision_24h: bool
    overnight_stay: bool
    source: Source

    def to_dict(self) -> dict[str, object]:
        return {
            "setting": self.setting.value,
            "label": self.label,
            "description": self.description,
            "supervision_24h": self.supervision_24h,
            "overnight_stay": self.overnight_stay,
            "source": self.source.cite(),
        }


#: The two settings of withdrawal management (ASAM Criteria, 3rd ed.; ASAM 2020 guideline).
WITHDRAWAL_SETTINGS: dict[WithdrawalSetting, SettingInfo] = {
    WithdrawalSetting.AMBULATORY: SettingInfo(
        WithdrawalSetting.AMBULATORY,
        "Ambulatory withdrawal management",
        "Withdrawal managed while the person lives at home, alongside outpatient or IOP care, "
        "with contact every day (a visit or a call) and someone at home to support them. For "
        "opioid use disorder this is a buprenorphine or methadone start: the medication is the "
        "treatment and carries on through IOP.",
        supervision_24h=False,
        overnight_stay=False,
        source=S.ASAM_AWM20,
    ),
    WithdrawalSetting.TWENTY_FOUR_HOUR: SettingInfo(
        WithdrawalSetting.TWENTY_FOUR_HOUR,
        "24-hour withdrawal management",
        "Withdrawal managed in a medically monitored or medically managed setting with staff "
        "day and night, for people at high risk of complicated withdrawal (for example past "
        "withdrawal seizures or delirium) or with no one at home to support them.",
        supervision_24h=True,
        overnight_stay=True,
        source=S.ASAM_CRIT3,
    ),
}


class LevelList(tuple[Level, ...]):
    """Levels of care in a given order that show themselves by name (in a notebook, a list).

    >>> str(LevelList([Level.IOP, Level.PHP]))
    'Intensive outpatient programme (IOP), Partial hospitalisation programme (PHP)'
    >>> LevelList([Level.IOP]) == (Level.IOP,)
    True
    """

    def __new__(cls, levels: Iterable[Level] = ()) -> LevelList:
        return super().__new__(cls, tuple(levels))

    def __str__(self) -> str:
        return ", ".join(lv.label for lv in self) or "none"

    def __repr__(self) -> str:
        return f"LevelList({', '.join(lv.value for lv in self)})"

    def _repr_html_(self) -> str:
        from iopkit.render import levels_html

        return levels_html(self)


FIGURE_NAMES: dict[str, str] = {
    "days_per_week": "Days a week",
    "hours_per_day": "Hours a day",
    "weekly_hours_adult": "Weekly hours (adults)",
    "weekly_hours_adolescent": "Weekly hours (adolescents)",
    "typical_duration": "Typical duration",
}
"""The figures every level may have (attribute names), with the names people read."""


@dataclass(frozen=True, repr=False)
class Figures:
    """Named figures, each with its unit and source: a table in a notebook, lines for the CLI."""

    rows: tuple[tuple[str, Band], ...]

    def __str__(self) -> str:
        return "\n".join(
            f"{name}: {band.describe()}  [{band.source.title}]" for name, band in self.rows
        )

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        from iopkit.render import figures_html

        return figures_html(self)


@dataclass(frozen=True, repr=False)
class LevelInfo:
    """What a level of care is and how much time it asks for, each figure with its source."""

    level: Level
    rank: int
    short: str
    label: str
    description: str
    typical_patients: str
    days_per_week: Band | None
    hours_per_day: Band | None
    weekly_hours_adult: Band | None
    weekly_hours_adolescent: Band | None
    typical_duration: Band | None
    supervision_24h: bool
    overnight_stay: bool
    source: Source
    extra_figures: tuple[tuple[str, Band], ...] = field(default_factory=tuple)
    notes: str = ""
    settings: tuple[SettingInfo, ...] = ()
    """The settings a level can be given in (withdrawal management: ambulatory or 24-hour);
    ``supervision_24h`` and ``overnight_stay`` then describe the least intensive one."""

    def supervision_text(self) -> str:
        """Whether the person is supervised round the clock, in words (per setting if several).

        >>> LEVELS[Level.IOP].supervision_text()
        'No: the person goes home each day.'
        """

        def one(supervised: bool) -> str:
            return "round-the-clock supervision" if supervised else "the person goes home each day"

        if self.settings:
            return (
                "Depends on the setting: "
                + "; ".join(f"{s.label.lower()}, {one(s.supervision_24h)}" for s in self.settings)
                + "."
            )
        return f"Yes: {one(True)}." if self.supervision_24h else f"No: {one(False)}."

    def figures(self, *names: str) -> Figures:
        """The level's figures with their sources: those named, or every one it has.

        Names are the attributes (``"days_per_week"``, ``"weekly_hours_adult"``...) or the
        name of an extra figure.

        >>> print(LEVELS[Level.IOP].figures("days_per_week"))
        Days a week: 3-5 days/week  [Programme overview]
        """
        extra = dict(self.extra_figures)
        rows: list[tuple[str, Band]] = []
        for name in names or (*FIGURE_NAMES, *extra):
            if name in FIGURE_NAMES:
                band = getattr(self, name)
                if band is not None:
                    rows.append((FIGURE_NAMES[name], band))
            elif name in extra:
                rows.append((name[:1].upper() + name[1:], extra[name]))
            else:
                raise UnknownNameError("figure", name, [*FIGURE_NAMES, *extra])
        return Figures(tuple(rows))

    def weekly_hours(self, population: Population = Population.ADULT) -> Band | None:
        if population is Population.ADOLESCENT and self.weekly_hours_adolescent is not None:
            return self.weekly_hours_adolescent
        return self.weekly_hours_adult

    def minimum_weekly_hours(self, population: Population = Population.ADULT) -> float | None:
        band = self.weekly_hours(population)
        if band is None or band.low is None:
            return None
        return band.low

    def __repr__(self) -> str:
        return f"LevelInfo({self.level.value}: {self.label})"

    def _repr_html_(self) -> str:
        from iopkit.render import level_html

        return level_html(self.level)

    def to_dict(self) -> dict[str, object]:
        def b(x: Band | None) -> object:
            return None if x is None else x.to_dict()

        return {
            "level": self.level.value,
            "rank": self.rank,
            "label": self.label,
            "description": self.description,
            "typical_patients": self.typical_patients,
            "days_per_week": b(self.days_per_week),
            "hours_per_day": b(self.hours_per_day),
            "weekly_hours_adult": b(self.weekly_hours_adult),
            "weekly_hours_adolescent": b(self.weekly_hours_adolescent),
            "typical_duration": b(self.typical_duration),
            "supervision_24h": self.supervision_24h,
            "overnight_stay": self.overnight_stay,
            "other_figures": {name: band.to_dict() for name, band in self.extra_figures},
            "step_up_to": [lv.value for lv in STEP_UP.get(self.level, ())],
            "step_down_to": [lv.value for lv in STEP_DOWN.get(self.level, ())],
            "notes": self.notes,
            "settings": [s.to_dict() for s in self.settings],
            "source": self.source.cite(),
        }


LEVELS: dict[Level, LevelInfo] = {
    Level.OUTPATIENT: LevelInfo(
        level=Level.OUTPATIENT,
        rank=1,
        short="Outpatient",
        label="Outpatient therapy (weekly)",
        description=(
            "Routine therapy, usually one appointment a week with a therapist or prescriber; "
            "the person lives at home and keeps their normal week."
        ),
        typical_patients=(
            "Mild symptoms, or moderate ones that are already responding to weekly care; "
            "the usual next step after an IOP ends."
        ),
        days_per_week=S.OUTPATIENT_SESSIONS,
        hours_per_day=None,
        weekly_hours_adult=S.OUTPATIENT_WEEKLY_HOURS_ADULT,
        weekly_hours_adolescent=S.OUTPATIENT_WEEKLY_HOURS_ADOLESCENT,
        typical_duration=None,
        supervision_24h=False,
        overnight_stay=False,
        source=S.OVERVIEW,
    ),
    Level.IOP: LevelInfo(
        level=Level.IOP,
        rank=2,
        short="IOP",
        label="Intensive outpatient programme (IOP)",
        description=(
            "A structured, non-residential programme: several half-day attendances a week "
            "of group, individual and family work, going home (or to a safe alternative such as "
            "sober living) each day."
        ),
        typical_patients=(
            "Moderate to severe symptoms that impair functioning, not helped enough by weekly "
            "therapy (substance use disorders can start here directly), medically stable, "
            "withdrawal managed first or alongside (for opioid use disorder, medication "
            "started, not detox first), safe between sessions, a safe place to live; also the "
            "step-down after inpatient care or PHP."
        ),
        days_per_week=S.IOP_DAYS_PER_WEEK,
        hours_per_day=S.IOP_HOURS_PER_SESSION,
        weekly_hours_adult=S.IOP_WEEKLY_HOURS_ADULT,
        weekly_hours_adolescent=S.IOP_WEEKLY_HOURS_ADOLESCENT,
        typical_duration=S.IOP_DURATION_WEEKS,
        supervision_24h=False,
        overnight_stay=False,
        source=S.OVERVIEW,
        extra_figures=(
            ("typical weekly hours (overview)", S.IOP_WEEKLY_HOURS_TYPICAL),
            ("Medicare minimum", S.IOP_MEDICARE_MINIMUM),
            ("adolescent minimum (SAMHSA 2021)", S.IOP_ADOLESCENT_MINIMUM),
        ),
        notes="Sessions can run in the day, before or after work or school, or in the evening.",
    ),
    Level.PHP: LevelInfo(
        level=Level.PHP,
        rank=3,
        short="PHP",
        label="Partial hospitalisation programme (PHP)",
        description=(
            "The most intensive kind of outpatient care: most of the working day, five days "
            "a week, with the person still sleeping at home."
        ),
        typical_patients=(
            "People still in the acute phase who need structure every weekday and to see a "
            "clinician daily, but not supervision through the night."
        ),
        days_per_week=S.PHP_DAYS_PER_WEEK,
        hours_per_day=S.PHP_HOURS_PER_DAY,
        weekly_hours_adult=S.PHP_WEEKLY_HOURS,
        weekly_hours_adolescent=S.PHP_WEEKLY_HOURS,
        typical_duration=None,
        supervision_24h=False,
        overnight_stay=False,
        source=S.OVERVIEW,
    ),
    Level.RESIDENTIAL: LevelInfo(
        level=Level.RESIDENTIAL,
        rank=4,
        short="Residential",
        label="Residential treatment",
        description=(
            "Treatment while living at the programme: a 24-hour structured setting with "
            "clinical programming every week."
        ),
        typical_patients=(
            "Mainly adults with a substance use disorder (and, in specialist units, eating "
            "disorders) who are medically stable but cannot keep change going in less "
            "structured care, including those who need IOP-level treatment and have no safe "
            "place to return to each day. Housing alone is not a reason for it."
        ),
        days_per_week=S.TWENTY_FOUR_HOUR_DAYS,
        hours_per_day=None,
        weekly_hours_adult=None,
        weekly_hours_adolescent=None,
        typical_duration=None,
        supervision_24h=True,
        overnight_stay=True,
        source=S.OVERVIEW,
        extra_figures=(
            (
                "clinical hours, low-intensity residential (ASAM 3.1) only",
                S.RESIDENTIAL_LOW_INTENSITY_CLINICAL,
            ),
        ),
        notes=(
            "Length follows reassessment; no single duration fits every programme. The "
            "clinical-hours floor shown is for low-intensity residential care (ASAM 3.1); "
            "higher-intensity residential programmes offer much more, with structure all day."
        ),
    ),
    Level.WITHDRAWAL_MANAGEMENT: LevelInfo(
        level=Level.WITHDRAWAL_MANAGEMENT,
        rank=5,
        short="Withdrawal mgmt",
        label="Withdrawal management",
        description=(
            "Managing withdrawal from alcohol or other drugs safely, in one of two settings: "
            "ambulatory (living at home, seen every day, alongside outpatient or IOP care) or "
            "24-hour (medically monitored or managed). For opioid use disorder it means "
            "starting buprenorphine or methadone now, not a detox before treatment."
        ),
        typical_patients=(
            "Anyone whose withdrawal still needs managing. The risk of complicated withdrawal "
            "and the support at home decide the setting; it runs first or alongside other "
            "care, and withdrawal management alone is not treatment."
        ),
        days_per_week=None,
        hours_per_day=None,
        weekly_hours_adult=None,
        weekly_hours_adolescent=None,
        typical_duration=None,
        supervision_24h=False,
        overnight_stay=False,
        source=S.TIP45,
        notes=(
            "Mild or moderate withdrawal with few risk factors can be managed as an outpatient; "
            f"high-risk withdrawal needs a 24-hour setting ({S.ASAM_AWM20.cite()}). For opioid "
            "use disorder, medication starts now and IOP runs alongside "
            f"({S.ASAM_NPG20.cite()}; {S.TIP63.cite()})."
        ),
        settings=tuple(WITHDRAWAL_SETTINGS.values()),
    ),
    Level.INPATIENT: LevelInfo(
        level=Level.INPATIENT,
        rank=6,
        short="Inpatient",
        label="Inpatient hospitalisation",
        description=(
            "Hospital care with round-the-clock medical and psychiatric supervision, for "
            "safety and medical stabilisation."
        ),
        typical_patients=(
            "People who cannot be kept safe outside 24-hour care today, or who are medically "
            "unstable (including an eating disorder at a very low weight)."
        ),
        days_per_week=S.TWENTY_FOUR_HOUR_DAYS,
        hours_per_day=S.INPATIENT_HOURS_PER_DAY,
        weekly_hours_adult=None,
        weekly_hours_adolescent=None,
        typical_duration=None,
        supervision_24h=True,
        overnight_stay=True,
        source=S.OVERVIEW,
    ),
}

#: Care levels in order of intensity (withdrawal management sits apart as a service).
CONTINUUM = LevelList((Level.OUTPATIENT, Level.IOP, Level.PHP, Level.RESIDENTIAL, Level.INPATIENT))

#: Every level a trainee can choose, least to most intensive (withdrawal management by its rank).
BY_INTENSITY = LevelList(sorted(Level, key=lambda lv: LEVELS[lv].rank))

#: Where a person usually goes next when they need more care (source: overview; TIP 47).
STEP_UP: dict[Level, LevelList] = {
    Level.OUTPATIENT: LevelList((Level.IOP,)),
    Level.IOP: LevelList((Level.PHP, Level.RESIDENTIAL, Level.INPATIENT)),
    Level.PHP: LevelList((Level.RESIDENTIAL, Level.INPATIENT)),
    Level.RESIDENTIAL: LevelList((Level.INPATIENT,)),
    Level.WITHDRAWAL_MANAGEMENT: LevelList((Level.INPATIENT,)),
}

#: Where a person usually goes next when they need less care.
STEP_DOWN: dict[Level, LevelList] = {
    Level.INPATIENT: LevelList((Level.PHP, Level.IOP)),
    Level.PHP: LevelList((Level.IOP,)),
    Level.RESIDENTIAL: LevelList((Level.IOP, Level.PHP)),
    Level.WITHDRAWAL_MANAGEMENT: LevelList((Level.IOP, Level.RESIDENTIAL, Level.PHP)),
    Level.IOP: LevelList((Level.OUTPATIENT,)),
}

STEP_SOURCE = (
    "IOP as step-down from inpatient care and PHP, and as step-up from weekly therapy: "
    + S.OVERVIEW.cite()
    + "; also step-down from residential and withdrawal care: "
    + S.SAMHSA_TIP47.cite()
)


def steps_into(level: Level) -> dict[str, LevelList]:
    """Levels from which people step down or up into ``level``.

    >>> [lv.value for lv in steps_into(Level.IOP)["step_down_from"]]
    ['inpatient', 'php', 'residential', 'withdrawal_management']
    >>> [lv.value for lv in steps_into(Level.IOP)["step_up_from"]]
    ['outpatient']
    """
    down = [src for src in Level if level in STEP_DOWN.get(src, ())]
    down.sort(key=lambda lv: lv is not Level.INPATIENT)  # inpatient first
    up = LevelList(src for src in Level if level in STEP_UP.get(src, ()))
    return {"step_down_from": LevelList(down), "step_up_from": up}
