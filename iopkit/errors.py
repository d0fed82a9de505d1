"""The exceptions iopkit raises, one family a notebook can catch.

- :class:`IopkitError` is the base of every exception iopkit raises on purpose.
- :class:`iopkit.inputs.InputError` (also a ``ValueError``): a file or text a person wrote has
  problems; ``.problems`` lists each with its file, line, column and field.
- :class:`ArgumentError` (a ``ValueError``): a function was called with a value it does not
  accept; the message names the argument, the value and what is allowed (or a did-you-mean).
- :class:`ArgumentTypeError` (a ``TypeError``): a function was called with the wrong kind of
  object (``None`` where text is needed, say).
- :class:`UnknownNameError` (an :class:`ArgumentError` and a ``KeyError``): no case, stage,
  quiz item or field with that id or name.

>>> try:
...     raise ArgumentError("level", "IOP", ["outpatient", "iop", "php"])
... except ValueError as exc:
...     print(exc)
level: 'IOP' is not allowed. Allowed: outpatient, iop, php. Did you mean 'iop'?
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import TypeVar


class IopkitError(Exception):
    """Base class of every exception iopkit raises on purpose."""


def _shown(value: object, limit: int = 60) -> str:
    from iopkit.inputs import printable

    text = printable(repr(value))
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ArgumentError(IopkitError, ValueError):
    """A function argument has a value iopkit does not accept."""

    def __init__(
        self,
        argument: str,
        value: object,
        allowed: Iterable[object] | str = (),
        *,
        reason: str = "is not allowed",
        suggestion: str | None = None,
    ) -> None:
        from iopkit.inputs import did_you_mean

        self.argument = argument
        self.value = value
        if isinstance(allowed, str):
            self.allowed: tuple[str, ...] = (allowed,) if allowed else ()
        else:
            self.allowed = tuple(str(getattr(a, "value", a)) for a in allowed)
        if suggestion is None and self.allowed and isinstance(value, str):
            suggestion = did_you_mean(value, self.allowed)
        self.suggestion = suggestion
        text = f"{argument}: {_shown(value)} {reason}"
        if self.allowed:
            shown = list(self.allowed[:30])
            text += ". Allowed: " + ", ".join(shown) + (", ..." if len(self.allowed) > 30 else "")
        if suggestion:
            text += f". Did you mean {suggestion!r}?"
        self.message = text
        super().__init__(text)

    def __str__(self) -> str:
        return self.message


class ArgumentTypeError(IopkitError, TypeError):
    """A function argument is the wrong kind of object."""

    def __init__(self, argument: str, value: object, expected: str) -> None:
        self.argument = argument
        self.value = value
        self.expected = expected
        self.message = (
            f"{argument}: expected {expected}, got {type(value).__name__} {_shown(value)}"
        )
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class UnknownNameError(ArgumentError, KeyError):
    """No vignette, stage, quiz item or field with that id or name."""

    def __init__(self, argument: str, value: object, allowed: Iterable[object] = ()) -> None:
        super().__init__(argument, value, allowed, reason="is not known")


E = TypeVar("E", bound=Enum)


def choose(enum: type[E], value: object, argument: str) -> E:
    """``value`` as a member of ``enum`` (a member, or its value written exactly); else an
    :class:`ArgumentError` naming the argument, the allowed values and a did-you-mean.

    >>> from iopkit.levels import Level
    >>> choose(Level, "iop", "chosen")
    <Level.IOP: 'iop'>
    >>> choose(Level, "IOP", "chosen")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    iopkit.errors.ArgumentError: chosen: 'IOP' is not allowed. Allowed: ... Did you mean 'iop'?
    """
    if isinstance(value, enum):
        return value
    try:
        return enum(value)
    except (ValueError, TypeError):
        raise ArgumentError(argument, value, [m.value for m in enum]) from None


def require_text(value: object, argument: str) -> str:
    """``value`` if it is text; else an :class:`ArgumentTypeError` naming the argument."""
    if not isinstance(value, str):
        raise ArgumentTypeError(argument, value, "text (a str)")
    return value
