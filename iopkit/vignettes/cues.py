"""Answer cues: words in what a trainee reads before answering that give the answer away.

A trainee answers a case after reading its story, and a stage after reading its title and its
update. A stage titled "IOP week 12: discharge planning", or a story that ends "the day
programme has a place from Monday", answers the question before it is asked. ``iopkit
validate`` warns when a stage title, or the last paragraph of a presentation or of a stage's
update, names a level of care or a decision (:func:`cue_words`). The last paragraph is where a
story tends to arrange the answer (a bed, a place, a start date); facts the assessment needs,
such as a sober-living place or the hours a person can give, belong earlier in the story,
worded without naming a level.

>>> cue_words("IOP week 12: discharge planning")
('IOP', 'discharge')
>>> cue_words("Week 4: a lapse, disclosed")
()
>>> last_paragraph("He is 52.\\n\\nHe agrees to stay in hospital.")
'He agrees to stay in hospital.'
"""

from __future__ import annotations

import re

LEVEL_WORDS = (
    r"out-?patients?",
    r"IOPs?",
    r"intensive outpatient",
    r"PHPs?",
    r"partial hospitali[sz]ation",
    r"day[ -](programmes?|programs?|hospitals?|units?|services?|treatment)",
    r"(morning|evening|afternoon|after-school|weekend) (programmes?|programs?|tracks?|groups?)",
    r"programmes?",
    r"programs?",
    r"residential",
    r"rehab\w*",
    r"in-?patients?",
    r"hospitals?",
    r"wards?",
    r"admi(t|ts|tted|tting|ssion|ssions)",
    r"beds?",
    r"withdrawal (management|units?|services?|clinics?)",
    r"detox\w*",
    r"24-hour",
    r"round-the-clock",
    r"sober[ -]living",
    r"weekly (therapy|sessions?|counselling|counseling)",
)
"""Names of levels of care and of the places that give them ("the ward", "a bed", "the day
programme"), as a story or a title would word them."""

DECISION_WORDS = (
    r"discharg\w*",
    r"step(s|ped|ping)?[ -](up|down)",
    r"continu\w*",
)
"""The decisions a stage asks for (continue, step down, step up, discharge), in any form."""

CUE = re.compile(r"\b(" + "|".join((*LEVEL_WORDS, *DECISION_WORDS)) + r")\b", re.IGNORECASE)

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def cue_words(text: str) -> tuple[str, ...]:
    """The level and decision words in ``text``, in order, each once."""
    seen: dict[str, None] = {}
    for match in CUE.finditer(text):
        seen.setdefault(match.group(0), None)
    return tuple(seen)


def last_paragraph(text: str) -> str:
    """The last non-empty paragraph of a Markdown text (paragraphs are split by blank lines)."""
    paragraphs = [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]
    return paragraphs[-1] if paragraphs else ""
