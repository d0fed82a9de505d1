"""What every renderer shares: a finding's value and a share in words, an image with its text,
a table."""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from iopkit.notice import About

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


def percent_text(x: float | None) -> str:
    """A share as a whole percentage, or "n/a" when there is nothing to count.

    >>> percent_text(0.456), percent_text(None)
    ('46%', 'n/a')
    """
    return "n/a" if x is None else f"{100 * x:.0f}%"


def image_html(png: bytes, alt: str, width_px: int | None = None) -> str:
    """A PNG as an inline image whose text alternative (and tooltip) is ``alt``, escaped."""
    data = base64.b64encode(png).decode("ascii")
    text = html.escape(alt, quote=True)
    style = f" style='width: {width_px}px; max-width: 100%; height: auto'" if width_px else ""
    return f"<img src='data:image/png;base64,{data}' alt='{text}' title='{text}'{style}>"


def about_html(about: About) -> str:
    """The kit's disclaimer, set apart, with the version in small type."""
    return (
        "<div class='iopkit-about'><blockquote><p><b>Educational use only.</b> "
        f"{html.escape(about.disclaimer)}</p></blockquote>"
        f"<p><small>iopkit {html.escape(about.version)}</small></p></div>"
    )


def table_html(head: Sequence[str], rows: Iterable[Sequence[str]], num: Sequence[int] = ()) -> str:
    """A table with a header row; ``num`` lists the columns that hold numbers (right-aligned)."""
    th = "".join(
        f"<th scope='col'{' class=num' if i in num else ''}>{_E(h)}</th>"
        for i, h in enumerate(head)
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if i in num else ''}>{_E(str(c))}</td>" for i, c in enumerate(r)
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"
