"""A privacy lint: text in a vignette that looks like it identifies a real person.

Vignettes are fictional. A case written from memory of a real patient can carry a detail that
identifies them, so ``iopkit validate`` flags anything shaped like a real identifier: a name
with a title (``Dr Okafor``), a phone number, an e-mail address, a street address, a date of
birth, a record or social-security-like number, a web address. Every finding is an error; the
fix is to remove the detail or write it in words ("her GP", "a flat near the station").

The patterns are deliberately simple and may flag something harmless; rewording is cheap,
leaking a real identifier is not. Each runs in time linear in the text (no two unbounded
repetitions can match the same characters; ``make bench`` times them on adversarial text).

>>> [f.kind for f in scan("Seen by Dr Patel; call 555-201-3344 or mail a@b.org")]
['name-with-title', 'phone-number', 'e-mail']
>>> scan("Her PHQ-9 is 17; she attends 9-12 hours a week.")
[]
"""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_FULL_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{4}-\d{1,2}-\d{1,2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{4}}"
    rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}})"
)
_STREET = (
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Close|Court|Ct|"
    r"Crescent|Terrace|Place|Pl|Square|Sq|Way|Gardens|Parkway|Highway|Hwy|Row|Mews)"
)

PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    (
        "name-with-title",
        "a name with a title",
        re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor)\.?\s+[A-Z][a-zA-Z'\u2019-]+"),
    ),
    (
        "e-mail",
        "an e-mail address",
        re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    ),
    (
        "url",
        "a web address",
        re.compile(r"(?i)\b(?:https?://|ftp://|www\.)\S+"),
    ),
    (
        "date-of-birth",
        "a date of birth",
        re.compile(
            rf"(?i)\b(?:DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|born)"
            rf"(?:\s*on\b)?\s*(?:[:\-]\s*)?{_FULL_DATE}"
        ),
    ),
    (
        "id-number",
        "a social-security-like number",
        re.compile(r"\b\d{3}-\d{2}-\d{4}\b|\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b"),
    ),
    (
        "record-number",
        "a record number",
        re.compile(
            r"(?i)\b(?:MRN|medical\s+record|record|chart|patient|hospital|NHS|account|"
            r"insurance|policy|member)\s*(?:number|no\.?|num|#|ID)\s*(?:[:#]\s*)?"
            r"[A-Z]{0,3}-?\d{3,}"
            r"|\bMRN\s*(?:[:#]\s*)?[A-Z]{0,3}-?\d{3,}"
        ),
    ),
    (
        "phone-number",
        "a phone number",
        re.compile(
            r"(?<![\w-])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)\s?|\d{2,5}[\s.-])"
            r"\d{3,4}[\s.-]\d{3,4}(?![\w-])"
            r"|(?<![\w-])(?:\+\d{6,14}|0\d{9,10})(?![\w-])"
            r"|\+\d{1,3}(?:[\s.-]?\d{2,6}){2,5}(?![\w-])"
            r"|\b\d{3}-\d{4}\b"
            r"|(?<![\w-])0\d{2,4}[\s-]\d{5,7}(?![\w-])"
            r"|(?i:\b(?:phone|tel|telephone|mobile|cell|call|ring|text)\s*"
            r"(?:(?:number|no\.?)\s*)?(?:(?:on|at|:)\s*)?)\+?\d[\d\s.-]{5,}\d"
        ),
    ),
    (
        "long-number",
        "a record-like number",
        re.compile(r"(?<![\w.,-])\d{7,}(?![\w.,-])"),
    ),
    (
        "street-address",
        "a street address",
        re.compile(rf"\b\d{{1,5}}[A-Za-z]?,?\s+(?:[A-Z][a-zA-Z'\u2019-]+\s+){{1,3}}{_STREET}\b\.?"),
    ),
)
"""(kind, what it looks like, pattern), checked in this order; a span is reported once."""


_TITLE = re.compile(r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor)\.?\s+[A-Z]")
"""The name-with-title pattern without its opening ``\b``."""
_DIGIT_RUN = re.compile(r"\d[\d\s().+-]{3,}\d")
"""Five or more digits and separators in a row: every phone, id and long number holds one,
starting at the first digit of a run of digits."""
_AFTER_STREET_NUMBER = re.compile(rf"[A-Za-z]?,?\s+(?:[A-Z][a-zA-Z'\u2019-]+\s+){{1,3}}{_STREET}")
"""What follows the number of a street address (a whole run of digits): one to three
capitalised words and a street word."""
_FOLD_CHARS = "\u0130\u0131\u017f\u212a"
"""The four non-ASCII letters ``(?i)`` matches to ASCII ones; with them replaced, the lower-cased
text holds in lower case whatever a ``(?i)`` pattern matches."""
_BIRTH_WORD = re.compile(rb"b(?:(?<=dob)|(?<=d\.o\.b)|irth|orn)")
"""Where a text's letters (:func:`_letters`) hold dob, d.o.b, birth or born: each holds a
``b``, where the search stops to look around (``re`` skips quickly to each ``b``)."""
_BIRTH = re.compile(
    rf"(?:dob|d\.o\.b\.?|date\s+of\s+birth|birth\s*date|born)(?:\s*on\b)?\s*(?:[:\-]\s*)?"
    rf"{_FULL_DATE.lower()}"
)
"""The date-of-birth pattern, lower-cased, without its opening ``\b``."""
_RECORD_WORDS = (
    "mrn",
    "record",
    "chart",
    "patient",
    "hospital",
    "nhs",
    "account",
    "insurance",
    "policy",
    "member",
)
_RECORD_BACKWARDS = re.compile(
    (
        r"-?[a-z]{0,3}(?:\s*[:#])?\s*(?:(?:rebmun|\.?on|mun|#|di)\s*(?:"
        + "|".join(word[::-1] for word in _RECORD_WORDS)
        + r")|nrm)"
    )
    .replace(r"\s", r"[\s\x1c-\x1f]")
    .encode()
)
"""What comes before the digits of a record number (the pattern, lower-cased, without its
opening ``\b``), written backwards: it is matched on the text's letters (:func:`_letters`)
reversed, from each run of three or more digits, which is quicker than searching for ten words
everywhere."""

# The shape of a text -------------------------------------------------------------------------
# ``re`` searches quickly for a pattern that starts with one fixed character (it skips to each
# occurrence) and slowly for one that starts with a class such as ``\d`` (it tries every
# position); and a text of bytes is quicker to copy, lower-case and reverse than a ``str``. So
# the quick look reads a text as bytes, one byte a character (positions are kept): each ASCII
# character as it is, and for each other one a digit ``0``, a space `` ``, one of the four
# letters ``(?i)`` matches to ASCII letters that letter, anything else ``?``. From those bytes it
# searches the text's *letters* (lower-cased) and its *shape* (every digit ``0``, the first
# letter of every title, M, D or P, ``#``) for hints, and checks each hint on the text itself.

_BYTES = "iopkit-privacy-bytes"
_NON_ASCII = dict(zip(_FOLD_CHARS, "iisk", strict=True))
_SHAPE = bytes.maketrans(b"0123456789MDP", b"0000000000###")
_SPACE = rb"[\s\x1c-\x1f]"
r"""What ``\s`` matches in a text, in bytes (``re``'s ``\s`` in bytes lacks ``\x1c-\x1f``)."""
_NUMBER_HINT = re.compile(
    rb"0(?:(?P<run>[0\s\x1c-\x1f().+-]{3,}0)|[A-Za-z#]?,?" + _SPACE + rb"+(?=[A-Z#])|00)"
)
"""Where a digit starts a run of digits and separators (:data:`_DIGIT_RUN`, exactly), or a
digit run ends before what may start a street's name, or three digits start."""
_TITLE_HINT = re.compile(rb"#(?:rs?|s|iss|x|rof)")
"""Where a title may start (Mr, Mrs, Ms, Miss, Mx, Dr, Prof, Professor)."""
_ZEROS = re.compile(rb"0+")


def _non_ascii(error: UnicodeError) -> tuple[str, int]:
    r"""The encoding error handler writing a text as one byte a character: ``0`` for a digit
    (what ``re``'s ``\d`` matches), a space for a space (``\s``), the ASCII letter ``(?i)``
    matches to one of :data:`_FOLD_CHARS`, ``?`` for anything else."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    part = error.object[error.start : error.end]
    return "".join(
        "0" if c.isdecimal() else " " if c.isspace() else _NON_ASCII.get(c, "?") for c in part
    ), error.end


codecs.register_error(_BYTES, _non_ascii)


def _bytes(text: str) -> bytes:
    return text.encode("ascii", _BYTES)


def _letters(text: str) -> bytes:
    """``text`` lower-cased, one byte for each character (what the ``(?i)`` patterns read).

    >>> _letters("DOB \u017fee K\u212a")
    b'dob see kk'
    """
    return _bytes(text).lower()


def _shape(text: str) -> bytes:
    """``text`` as the number and title hints are searched, one byte for each character.

    >>> _shape("Dr Lee, 12 Elm St\u00a0\u0663")
    b'#r Lee, 00 Elm St 0'
    """
    return _bytes(text).translate(_SHAPE)


def may_find(text: str) -> bool:
    """False only when :func:`scan` certainly finds nothing in ``text``: a quick look for what
    every finding holds (an ``@`` or a web address; a title before a capitalised word; a
    date after a birth word; digits after a record word; five or more digits and separators in
    a row; a number before capitalised words and a street word). Quick enough for all of a
    file's texts joined; a property test checks the claim.

    >>> may_find("Her PHQ-9 is 17; she attends 9-12 hours a week."), may_find("Dr Patel")
    (False, True)
    """
    raw = _bytes(text)
    letters = raw.lower()
    if b"@" in raw or b"://" in raw or b"www." in letters:
        return True
    if _BIRTH_WORD.search(letters) and _birth_date(text):
        return True
    shape = raw.translate(_SHAPE)
    if any(_TITLE.match(text, hint.start()) for hint in _TITLE_HINT.finditer(shape)):
        return True
    return _numbers_may_find(text, letters, shape)


def _birth_date(text: str) -> bool:
    """Whether a birth word is followed by a date (the date-of-birth pattern, on the text
    lower-cased as ``(?i)`` reads it)."""
    plain = text
    for char, letter in _NON_ASCII.items():
        plain = plain.replace(char, letter)
    folded = plain.lower()
    return len(folded) != len(text) or bool(_BIRTH.search(folded))


def _numbers_may_find(text: str, letters: bytes, shape: bytes) -> bool:
    """Whether a run of digits in ``text`` starts five or more digits and separators, is
    followed by a street's name, or (three digits or more) follows a record word.

    The search goes from run to run: it starts at the end of the run last looked at, so it
    tries each run's first digit before any other (where three digits, or digits and
    separators, start), and a run of one or two digits at its last digit too (where a street's
    name follows)."""
    backwards = b""
    position = 0
    while hint := _NUMBER_HINT.search(shape, position):
        if hint.group("run"):
            return True
        start = hint.start()
        end = _ZEROS.match(shape, start).end()  # type: ignore[union-attr]  # a digit is there
        if _AFTER_STREET_NUMBER.match(text, end):
            return True
        if end - start >= 3:  # three digits: the search met this run at its first digit
            backwards = backwards or letters[::-1]
            if _RECORD_BACKWARDS.match(backwards, len(text) - start):
                return True
        position = end
    return False


@dataclass(frozen=True)
class Finding:
    """Something in a text that looks like a real identifier."""

    kind: str
    description: str
    text: str
    start: int
    end: int

    @property
    def message(self) -> str:
        return (
            f"this looks like {self.description}; vignettes must not identify a real person: "
            "remove it or describe it in words"
        )


def scan(text: str, *, fast: bool = True) -> list[Finding]:
    """Every span of ``text`` that looks like a real identifier, in order of position.

    ``fast`` skips a text :func:`may_find` clears; the result is the same.
    """
    findings: list[Finding] = []
    starts: list[int] = []  # the spans reported so far: disjoint, sorted by start
    ends: list[int] = []
    if fast and not may_find(text):
        return findings
    for kind, description, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            before = bisect.bisect_left(starts, end) - 1  # the last span starting before end
            if before >= 0 and ends[before] > start:
                continue
            starts.insert(before + 1, start)
            ends.insert(before + 1, end)
            findings.append(Finding(kind, description, match.group(0), start, end))
    return sorted(findings, key=lambda f: f.start)
