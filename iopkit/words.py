"""Small helpers for English on the page: counts with the right plural, and words counted."""

from __future__ import annotations


def count(n: float, singular: str, plural: str | None = None) -> str:
    """``n`` and the noun, singular for exactly one: "1 week", "2 weeks", "0 answers".

    >>> count(1, "day"), count(3, "day"), count(0, "placement answer")
    ('1 day', '3 days', '0 placement answers')
    >>> count(2, "activity", "activities"), count(1.5, "hour")
    ('2 activities', '1.5 hours')
    """
    word = singular if n == 1 else (plural or singular + "s")
    return f"{n:g} {word}"


_MARKS = bytes(0x20 if chr(i).isspace() else 0x78 for i in range(128)) + b"x" * 128
"""Each ASCII character as a space (what ``str.split`` splits at) or an ``x``."""


def word_count(text: str) -> int:
    r"""How many words ``text`` holds, as ``len(text.split())`` counts them, without making a
    string for each (the loader counts every story's words).

    >>> word_count("  Two words\n"), word_count(""), word_count("caf\u00e9 au lait")
    (2, 0, 3)
    """
    if not text.isascii():
        return len(text.split())
    return (" " + text).encode("ascii").translate(_MARKS).count(b" x")


__all__ = ["count", "word_count"]
