"""Pseudonyms: the name a trainee hands in under (a random pronounceable one by default)."""

from __future__ import annotations

import re
import secrets

from iopkit.errors import ArgumentError, require_text

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
    """A pseudonym with spaces trimmed, or an :class:`~iopkit.errors.ArgumentError` (a
    ``ValueError``) saying what is allowed; anything but text is refused, never converted.

    >>> check_pseudonym("  Blue Heron ")
    'Blue Heron'
    >>> check_pseudonym("x")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    iopkit.errors.ArgumentError: Pseudonym: 'x' is not allowed; use 2 to 32 letters, digits...
    >>> check_pseudonym(None)
    Traceback (most recent call last):
    ...
    iopkit.errors.ArgumentTypeError: Pseudonym: expected text (a str), got NoneType None
    """
    text = require_text(name, "Pseudonym").strip()
    if not _PSEUDONYM.match(text):
        raise ArgumentError(
            "Pseudonym",
            text,
            reason="is not allowed; use 2 to 32 letters, digits, spaces, hyphens or "
            "underscores, starting with a letter",
        )
    return text
