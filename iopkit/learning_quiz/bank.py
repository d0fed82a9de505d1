"""The knowledge-check bank: two parallel items for each learning objective of the day.

Each objective is one the notebooks state (01-04), and each has an item in form A and one in
form B that test the same reasoning from a different case or angle. Eight of the twelve
objectives are safety-critical reasoning taught in 01-04. Each item is written with its right
option first; ``at`` is where it sits in the bank's order, chosen so that the right answers are
spread evenly over a-d in each form. Trainees see the options shuffled (:mod:`.forms`).
The items, options and explanations are the kit's own words; the people in them are fictional.
"""

from __future__ import annotations

from iopkit import sources as S
from iopkit.learning_quiz.model import OPTION_KEYS, Form, KnowledgeItem, Objective


def _item(
    id: str,
    objective: Objective,
    form: Form,
    at: int,
    prompt: str,
    right: str,
    wrong: tuple[str, str, str],
    why: str,
    source: S.Source,
    giveaways: tuple[str, ...] = (),
) -> KnowledgeItem:
    """An item whose right option is placed at index ``at`` among the wrong ones, in order."""
    texts = [*wrong]
    texts.insert(at, right)
    return KnowledgeItem(
        id=id,
        objective=objective,
        form=form,
        prompt=prompt,
        options=tuple(zip(OPTION_KEYS, texts, strict=True)),
        answer=OPTION_KEYS[at],
        explanation=why,
        source=source,
        giveaways=giveaways,
    )


# --- The objectives (the notebook that teaches each) -----------------------------------------

OPIOID_TODAY = Objective(
    "opioid-medication-today",
    "Start medication for opioid use disorder at first contact, with naloxone",
    "02",
    safety=True,
    short="Opioid medication today",
)
WITHDRAWAL_SETTING = Objective(
    "withdrawal-setting",
    "Set where alcohol withdrawal is managed by its risk, not by the score alone",
    "02",
    safety=True,
    short="Withdrawal setting",
)
NEEDS_NOT_TIERS = Objective(
    "needs-not-risk-tiers",
    "Base care on a needs-based safety assessment, not on a risk tier or scale",
    "02",
    safety=True,
    short="Needs, not risk tiers",
)
WARD_FOLLOW_UP = Objective(
    "ward-follow-up",
    "Arrange contact within 72 hours after a psychiatric ward",
    "04",
    safety=True,
    short="Contact after a ward",
)
SEDATIVE_TAPER = Objective(
    "sedative-taper",
    "Taper long-used sedatives slowly; never stop them abruptly",
    "02",
    safety=True,
    short="Sedative taper",
)
EATING_DISORDER_SIGNS = Objective(
    "eating-disorder-danger-signs",
    "Recognise the vital signs that make an eating disorder medically unstable",
    "02",
    safety=True,
    short="Eating-disorder danger signs",
)
MOTIVATION = Objective(
    "motivation-not-entry-condition",
    "Treat motivation as something to build, not a condition of entry",
    "02",
    safety=True,
    short="Motivation",
)
HOUSING = Objective(
    "housing-not-residential",
    "Keep housing apart from the level of care: housing alone is no reason for residential care",
    "02",
    safety=True,
    short="Housing and level",
)
CONTINUUM = Objective(
    "continuum-position",
    "Place IOP on the continuum between weekly therapy and partial hospitalisation",
    "01",
    safety=False,
    short="Continuum",
)
TIME_COMMITMENT = Objective(
    "time-commitment",
    "State the time an IOP asks of a person",
    "01",
    safety=False,
    short="Time commitment",
)
PATHS = Objective(
    "paths-in-and-out",
    "Name how people come into IOP and where they go after it",
    "01",
    safety=False,
    short="Paths in and out",
)
LAPSE = Objective(
    "lapse-and-relapse",
    "Tell a lapse from a relapse and respond to a lapse as information",
    "04",
    safety=False,
    short="Lapse and relapse",
)

OBJECTIVES: tuple[Objective, ...] = (
    OPIOID_TODAY,
    WITHDRAWAL_SETTING,
    NEEDS_NOT_TIERS,
    WARD_FOLLOW_UP,
    SEDATIVE_TAPER,
    EATING_DISORDER_SIGNS,
    MOTIVATION,
    HOUSING,
    CONTINUUM,
    TIME_COMMITMENT,
    PATHS,
    LAPSE,
)

A, B = Form.A, Form.B

# --- The items: form A, then form B, per objective -------------------------------------------

BANK: tuple[KnowledgeItem, ...] = (
    _item(
        "opioid-today-a",
        OPIOID_TODAY,
        A,
        0,
        "Dan, 34, has used fentanyl every day for two years and asks for help today. He is not "
        "in crisis, has a safe home and wants to keep his job. What should happen today?",
        "Offer buprenorphine or methadone today, and naloxone to take home",
        (
            "Book withdrawal management first; medication can wait until he is opioid-free",
            "Start naltrexone today to block the effect of fentanyl",
            "Start IOP groups now; medication once he has shown a month of engagement",
        ),
        "Medication for opioid use disorder starts at first contact, beside IOP, and naloxone "
        "goes home with him. Waiting for a detox or for proof of engagement leaves him at high "
        "risk of overdose; naltrexone can only start after a spell with no opioids at all, or it "
        "brings on withdrawal.",
        S.ASAM_NPG20,
        ("buprenorphine or methadone today", "starts at once", "start at once", "from day one"),
    ),
    _item(
        "opioid-today-b",
        OPIOID_TODAY,
        B,
        3,
        "Maya has opioid use disorder and starts buprenorphine this week alongside IOP. Who "
        "should have naloxone?",
        "Maya, and the people she lives with, shown how to use it",
        (
            "No one: buprenorphine removes the risk of overdose",
            "Only people who have overdosed before",
            "Only the programme's staff, kept at the clinic",
        ),
        "The risk of overdose remains during treatment, above all after a lapse or a gap in "
        "medication. Naloxone is offered to everyone with opioid use disorder, and the people "
        "around them learn to use it, because they are the ones present at an overdose.",
        S.SAMHSA_ODT,
        ("naloxone to take home", "naloxone for everyone", "naloxone is offered"),
    ),
    _item(
        "withdrawal-setting-a",
        WITHDRAWAL_SETTING,
        A,
        1,
        "Rosa drinks heavily and stopped yesterday. Two years ago she had a seizure while "
        "withdrawing. Today her CIWA-Ar score is 9 (mild). Where is her withdrawal managed?",
        "In a 24-hour setting, because a past withdrawal seizure makes it high-risk",
        (
            "At home with daily visits, because her score is mild",
            "Nowhere: a score under 10 needs no management",
            "In IOP groups, starting tomorrow",
        ),
        "The setting follows the risk of a complicated withdrawal, not the score alone. A past "
        "withdrawal seizure (or delirium) makes another more likely, so she is managed where she "
        "can be watched around the clock, and treatment is planned from the start.",
        S.ASAM_AWM20,
        ("past seizure", "past withdrawal seizure", "seizure history"),
    ),
    _item(
        "withdrawal-setting-b",
        WITHDRAWAL_SETTING,
        B,
        2,
        "Sam stopped drinking yesterday. His CIWA-Ar score is 8; he has never had a withdrawal "
        "seizure or delirium, has no other illness, takes no sedatives, and his partner is at "
        "home all week. Which setting fits his withdrawal management?",
        "Ambulatory: seen every day, with outpatient or IOP treatment starting alongside",
        (
            "A 24-hour unit, as for anyone who drinks every day",
            "None for now; act only if he has a seizure",
            "A psychiatric ward until his score reaches zero",
        ),
        "With mild symptoms, no risk factors for a complicated withdrawal and support at home, "
        "withdrawal is managed as an outpatient with daily checks, and treatment starts beside "
        "it rather than after it.",
        S.ASAM_AWM20,
        ("ambulatory", "alongside outpatient"),
    ),
    _item(
        "needs-not-tiers-a",
        NEEDS_NOT_TIERS,
        A,
        2,
        "At intake, a suicide-risk tool rates Jo as 'low risk'. What does that rating decide "
        "about Jo's care?",
        "Nothing on its own: care follows an assessment of Jo's needs, and a safety plan",
        (
            "That weekly therapy is enough",
            "That Jo needs no safety plan",
            "That Jo can skip the next review of safety",
        ),
        "Risk tools and low, medium or high tiers predict suicide poorly, so they are not used "
        "to decide who gets which care. The level of care and the safety plan follow a "
        "needs-based assessment made with the person.",
        S.NICE_NG225,
        ("needs-based", "risk tiers", "tiers do not", "not used to decide"),
    ),
    _item(
        "needs-not-tiers-b",
        NEEDS_NOT_TIERS,
        B,
        1,
        "Ali, who attends IOP, says he has had thoughts of ending his life this week. What "
        "should guide the team's response?",
        "A needs-based assessment with him, and his safety plan reviewed together",
        (
            "His score on a suicide-risk scale: high means admission, low means carry on",
            "The risk tier recorded at his intake",
            "Only whether he has attempted suicide before",
        ),
        "A scale score, an old tier or one fact from the history cannot carry the decision. The "
        "team asks about his situation now, what he needs to stay safe and who can help, and "
        "the answer sets the care, up to emergency help if he cannot keep himself safe.",
        S.NICE_NG225,
        ("needs-based", "risk tiers", "tiers do not", "not used to decide"),
    ),
    _item(
        "ward-follow-up-a",
        WARD_FOLLOW_UP,
        A,
        3,
        "Ben leaves a psychiatric ward on Friday; his first IOP day is the next Thursday. "
        "When should the team first be in touch with him?",
        "Within 72 hours of leaving the ward",
        (
            "At his first IOP day, within the week",
            "Within two weeks of leaving",
            "Only if he misses his first IOP day",
        ),
        "The first days after leaving a psychiatric ward carry the highest risk of suicide, so a "
        "call or a visit comes within 72 hours, ahead of the first programme day.",
        S.NHSE_72H,
        ("72 hours", "72-hour", "three days"),
    ),
    _item(
        "ward-follow-up-b",
        WARD_FOLLOW_UP,
        B,
        0,
        "Lena is discharged from an inpatient mental-health unit to an IOP. Which follow-up "
        "plan fits?",
        "A call or visit within 72 hours, and her first IOP day within 7 days",
        (
            "Her first IOP day within 7 days, with no contact before it",
            "A letter with her start date, and a call after a month",
            "Contact when she asks for it",
        ),
        "The days just after a psychiatric ward are the riskiest: contact within 72 hours, and "
        "the first programme day within 7 days as the latest first appointment.",
        S.NHSE_72H,
        ("72 hours", "72-hour", "three days"),
    ),
    _item(
        "sedative-taper-a",
        SEDATIVE_TAPER,
        A,
        0,
        "Ilse has taken a benzodiazepine every day for six years and wants to stop. What is safe?",
        "A slow, supervised taper over weeks to months",
        (
            "Stop today: the withdrawal is unpleasant but not dangerous",
            "Stop on her first IOP day, so the group can support her",
            "Halve the dose every day for a week",
        ),
        "After long daily use, stopping suddenly or quickly can bring seizures and delirium. The "
        "dose comes down slowly, often after a switch to a long-acting benzodiazepine, with "
        "support alongside.",
        S.TIP45,
        ("taper", "stopped abruptly", "never stop"),
    ),
    _item(
        "sedative-taper-b",
        SEDATIVE_TAPER,
        B,
        3,
        "Why is a benzodiazepine taken every day for years never stopped abruptly?",
        "Sudden withdrawal can cause seizures and delirium",
        (
            "A few nights of poor sleep may lead to a lapse",
            "It causes a sharp fall in blood pressure",
            "The level in the blood rises for several days",
        ),
        "Withdrawal from a long-used sedative can be as dangerous as alcohol withdrawal, with "
        "seizures and delirium; the dose is tapered slowly instead.",
        S.TIP45,
        ("taper", "stopped abruptly", "never stop"),
    ),
    _item(
        "eating-disorder-a",
        EATING_DISORDER_SIGNS,
        A,
        3,
        "Nia, 16, has anorexia nervosa and is referred to an IOP. Which finding means she "
        "needs medical admission before any outpatient programme?",
        "A daytime heart rate of 46 beats a minute",
        (
            "She skips lunch at school most days",
            "Her weight is 88% of what is expected, with normal vital signs",
            "She exercises for an hour every day",
        ),
        "Vital signs decide the first step: a daytime heart rate under 50 is one marker of "
        "medical instability that calls for admission. The other findings matter for treatment "
        "but do not make her unsafe for outpatient care on their own.",
        S.SAHM22,
        ("heart rate under 50", "bradycardia", "under 50 by day"),
    ),
    _item(
        "eating-disorder-b",
        EATING_DISORDER_SIGNS,
        B,
        2,
        "In a young adult with anorexia nervosa, which finding is a marker for hospital "
        "admission rather than IOP?",
        "A systolic blood pressure below 90",
        (
            "A resting heart rate of 62",
            "Thinking about food for most of the day",
            "Weight 90% of what is expected",
        ),
        "Low blood pressure (under 90 systolic) is one of the markers of medical instability; "
        "the person is stabilised with monitoring before any outpatient level.",
        S.SAHM22,
        ("blood pressure below 90", "under 90 systolic", "blood pressure under 90"),
    ),
    _item(
        "motivation-a",
        MOTIVATION,
        A,
        1,
        "Tom's needs fit IOP, but he says he is 'not sure he wants to change'. What follows?",
        "Offer IOP, and build his motivation within it",
        (
            "Weekly therapy until his motivation improves",
            "No programme until he says he is ready",
            "Residential care, so that he cannot drop out",
        ),
        "Readiness to change is something to work with, not an entry test: he gets the level "
        "his needs call for, and motivational work, goals he cares about and help with "
        "barriers to attending are part of the plan.",
        S.ASAM_CRIT4,
        ("not an entry", "never a reason to refuse", "motivation is built"),
    ),
    _item(
        "motivation-b",
        MOTIVATION,
        B,
        1,
        "Which statement about motivation fits current guidance on placement?",
        "Motivation is built during treatment; it is not a condition for starting",
        (
            "Only people who are ready to change should be admitted",
            "Low motivation calls for a more intensive level",
            "Motivation is judged once, at intake",
        ),
        "Motivation changes, and treatment can change it. Low motivation shapes the plan; it "
        "is never a reason to refuse care or to lower or raise the level.",
        S.ASAM_CRIT4,
        ("not an entry", "never a reason to refuse", "motivation is built"),
    ),
    _item(
        "housing-a",
        HOUSING,
        A,
        2,
        "Kim's clinical needs fit weekly therapy, but she has just lost her housing. Which plan "
        "fits?",
        "Weekly therapy, with help to find safe housing",
        (
            "Residential treatment, so that she has somewhere to live",
            "IOP, because her life is unsettled",
            "Inpatient care until housing is found",
        ),
        "The level of care follows clinical need. Housing alone is not a reason for residential "
        "treatment: her care stays at the level she needs while she is helped to a safe place "
        "to live.",
        S.TIP47,
        ("housing alone", "housing is not a reason"),
    ),
    _item(
        "housing-b",
        HOUSING,
        B,
        3,
        "Omar's needs fit IOP. His home is not safe to return to, but a sober-living house has "
        "a place for him. Which plan fits?",
        "IOP, living at the sober-living house",
        (
            "Residential treatment, because his home is unsafe",
            "Weekly therapy until he finds a flat of his own",
            "No treatment until his housing is settled",
        ),
        "IOP needs a safe place to return to each day, and a sober-living house is one. With "
        "that in place, his needs, not his address, set the level.",
        S.OVERVIEW,
        ("housing alone", "housing is not a reason", "home or sober living"),
    ),
    _item(
        "continuum-a",
        CONTINUUM,
        A,
        3,
        "Which level of care sits directly above IOP?",
        "Partial hospitalisation (PHP)",
        ("Weekly outpatient therapy", "Residential treatment", "Inpatient care"),
        "PHP is the most intensive outpatient level, directly above IOP; weekly therapy is "
        "directly below it.",
        S.OVERVIEW,
        ("directly above iop", "step up to php"),
    ),
    _item(
        "continuum-b",
        CONTINUUM,
        B,
        0,
        "Which level of care sits directly below IOP?",
        "Weekly outpatient therapy",
        ("Partial hospitalisation (PHP)", "Residential treatment", "Inpatient care"),
        "IOP is one step above ordinary outpatient care (usually a session a week) and one "
        "step below PHP.",
        S.OVERVIEW,
        ("directly below iop", "one step above outpatient"),
    ),
    _item(
        "time-a",
        TIME_COMMITMENT,
        A,
        0,
        "In the programme overview, how many hours of treatment does a typical IOP week hold?",
        "9 to 15 hours",
        ("1 to 2 hours", "3 to 5 hours", "30 to 40 hours"),
        "About three hours on each of three to five days: nine to fifteen hours a week.",
        S.OVERVIEW,
        ("9 to 15", "9-15", "nine to fifteen"),
    ),
    _item(
        "time-b",
        TIME_COMMITMENT,
        B,
        2,
        "In the programme overview, on how many days a week does an IOP usually meet?",
        "Three to five days",
        ("Once a week", "Every day, weekends included", "Twice a month"),
        "Most programmes meet on three to five days a week, about three hours at a time, so "
        "skills are practised at home between sessions.",
        S.OVERVIEW,
        ("3-5 days", "three to five days", "3 to 5 days"),
    ),
    _item(
        "paths-a",
        PATHS,
        A,
        1,
        "Besides stepping up from weekly therapy, how do people often come to an IOP?",
        "As a step down from inpatient care or PHP",
        (
            "Only through a court order",
            "Only after a stay in residential care",
            "Only after a year of weekly therapy",
        ),
        "IOP is a common step down once the acute phase has passed, as well as a step up and a "
        "first level of care in its own right.",
        S.TIP47,
        ("step down from inpatient", "step-down from inpatient", "stepping down"),
    ),
    _item(
        "paths-b",
        PATHS,
        B,
        1,
        "Nora has done well in IOP and no longer needs several sessions a week. Where does she "
        "usually go next?",
        "Weekly outpatient therapy, with the first appointment booked",
        (
            "Partial hospitalisation",
            "Residential treatment",
            "Nowhere: care ends with the programme",
        ),
        "People move down as their needs ease: from IOP to ordinary outpatient care, booked "
        "before they leave so that nothing is lost in between.",
        S.TIP47,
        ("step down to outpatient", "steps down to weekly"),
    ),
    _item(
        "lapse-a",
        LAPSE,
        A,
        2,
        "Six weeks into IOP for alcohol use, Eva drinks one evening and comes to group the "
        "next day to say so. How does the team treat it?",
        "As a lapse: learn what led to it and adjust her plan",
        (
            "As a relapse: she is discharged from the programme",
            "As a reason to step her up to residential care at once",
            "By saying nothing, so as not to shame her",
        ),
        "A single slip is a lapse, and information: what was the high-risk situation, what "
        "coping was missing, and what changes in the plan. Treating it as failure makes a full "
        "relapse more likely.",
        S.LARIMER99,
        ("lapse versus relapse", "a lapse is", "lapse as information"),
    ),
    _item(
        "lapse-b",
        LAPSE,
        B,
        0,
        "In relapse prevention, what is the difference between a lapse and a relapse?",
        "A lapse is a single slip; a relapse is a return to the old pattern",
        (
            "A lapse happens during treatment, a relapse after it",
            "None: both mean that treatment has failed",
            "A lapse involves alcohol, a relapse other drugs",
        ),
        "The model separates a single slip from a return to the old pattern, so that a lapse "
        "can be met with learning rather than shame.",
        S.LARIMER99,
        ("lapse versus relapse", "a lapse is", "single slip"),
    ),
)

__all__ = ["BANK", "OBJECTIVES"]
