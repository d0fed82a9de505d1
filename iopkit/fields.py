"""Field types for the models read from files: booleans are never numbers, times are text.

YAML reads ``yes`` as true, ``9`` as a number and an unquoted ``17:00`` as the base-60 number
1020. pydantic, left to itself, would take ``true`` as 1 minute or ``1`` as true. These types
refuse such readings with a message that quotes what the person wrote.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator

from iopkit.inputs import Unquoted

_TIME = re.compile(r"([0-9]{1,2}):([0-9]{2})", re.ASCII)

TIME_HINT = 'a time in quotes, "HH:MM" in 24-hour time (for example "09:30")'


def parse_time(text: str) -> int:
    """Minutes after midnight for ``HH:MM`` (00:00-23:59, ASCII digits); ``ValueError`` otherwise.

    >>> parse_time("09:30")
    570
    >>> parse_time("25:00")
    Traceback (most recent call last):
    ...
    ValueError: '25:00' is not a time of day: hours go from 00 to 23
    >>> parse_time("\\u0660\\u0669:\\u0663\\u0660")
    Traceback (most recent call last):
    ...
    ValueError: '٠٩:٣٠' is not a time written HH:MM with the digits 0-9 (for example 09:30)
    """
    m = _TIME.fullmatch(text.strip()) if isinstance(text, str) else None
    if not m:
        digits = " with the digits 0-9" if isinstance(text, str) and not text.isascii() else ""
        raise ValueError(f"{text!r} is not a time written HH:MM{digits} (for example 09:30)")
    hours, minutes = int(m.group(1)), int(m.group(2))
    if hours > 23:
        raise ValueError(f"{text!r} is not a time of day: hours go from 00 to 23")
    if minutes > 59:
        raise ValueError(f"{text!r} is not a time of day: minutes go from 00 to 59")
    return hours * 60 + minutes


def check_time(value: Any) -> str:
    """A written time as text, refusing numbers, booleans and unquoted base-60 values.

    >>> check_time(" 09:30 ")
    '09:30'
    >>> check_time(9)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: should be a time in quotes, ...; 9 without quotes is read as the number 9
    """
    if isinstance(value, bool):
        raise ValueError(f"should be {TIME_HINT}; YAML reads {str(value).lower()} as true/false")
    if isinstance(value, Unquoted):
        raise ValueError(
            f"should be {TIME_HINT}; {value} without quotes is read as a number, "
            f'so write "{value}" with the quotes'
            + ("" if _valid(value) else f" (and {value} is not a time of day)")
        )
    if isinstance(value, int | float):
        raise ValueError(
            f"should be {TIME_HINT}; {value} without quotes is read as the number {value}"
        )
    if not isinstance(value, str):
        raise ValueError(f"should be {TIME_HINT}")
    parse_time(value)
    return value.strip()


def _valid(text: str) -> bool:
    try:
        parse_time(text)
    except ValueError:
        return False
    return True


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(
            f"should be a number, not {str(value).lower()} (YAML reads yes/no/on/off as true/false)"
        )
    return value


def _yes_no(value: Any) -> Any:
    if not isinstance(value, bool):
        raise ValueError("should be true or false (written without quotes)")
    return value


NOT_BOOL = BeforeValidator(_number)
"""Put last in ``Annotated[float, Ge(0), NOT_BOOL]`` (after the bounds, so the JSON Schema
keeps them) to refuse true/false in a number field."""

WholeNumber = Annotated[int, BeforeValidator(_number)]
"""An ``int`` field that refuses true/false."""

Number = Annotated[float, BeforeValidator(_number)]
"""A ``float`` field that refuses true/false."""

YesNo = Annotated[bool, BeforeValidator(_yes_no)]
"""A ``bool`` field that takes only true or false (not 1, "yes" in quotes or "on")."""

TimeOfDay = Annotated[str, BeforeValidator(check_time)]
"""A time of day written "HH:MM"."""
