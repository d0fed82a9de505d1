"""Small helpers for English on the page: counts with the right plural."""

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


__all__ = ["count"]
