"""Pseudonyms: the name a trainee hands in under (a random pronounceable one by default)."""

from __future__ import annotations

import re
import secrets

_ONSETS = ("b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z")
_VOWELS = ("a", "e", "i", "o", "u")
_PSEUDONYM = re.compile(r"^[A-Za-z][A-Za-z0-9 _-]{1,31}$")


def random_pseudonym() -> str:
    """A random pronounceable name such as ``Mirato-Kelu`` (about 2**30 possibilities)."""

    def word(syllables: int) -> str:
        return "".join(
            secrets.choice(_ONSETS) + secrets.choice(_VOWELS) for _ in range(syllables)
        ).capitalize()

    return f"{word(3)}-{word(2)}"


def check_pseudonym(name: str) -> str:
    """A pseudonym with spaces trimmed, or ``ValueError`` saying what is allowed.

    >>> check_pseudonym("  Blue Heron ")
    'Blue Heron'
    >>> check_pseudonym("x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Pseudonym: 'x' is not allowed; use 2 to 32 letters, digits, spaces, hyphens...
    """
    text = str(name).strip()
    if not _PSEUDONYM.match(text):
        raise ValueError(
            f"Pseudonym: {text!r} is not allowed; use 2 to 32 letters, digits, spaces, "
            "hyphens or underscores, starting with a letter"
        )
    return text
