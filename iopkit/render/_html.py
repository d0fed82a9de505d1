"""What every renderer shares: escaping, and a finding's value in words."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    pass

_E = html.escape


def value_text(value: Any) -> str:
    """A finding's value as a trainee reads it: yes/no, words for enums, "not stated".

    >>> from iopkit.assessment import Withdrawal
    >>> value_text(True), value_text(Withdrawal.NEEDS_MANAGEMENT), value_text(None)
    ('yes', 'needs management', 'not stated')
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "not stated"
    return str(getattr(value, "value", value)).replace("_", " ")


def points_html(points: tuple[str, ...]) -> str:
    if not points:
        return ""
    items = "".join(f"<li>{_E(p)}</li>" for p in points)
    return f"<p><b>Learning points</b></p><ul>{items}</ul>"
