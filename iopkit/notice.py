"""What the kit is, in one place a notebook can show: its version and its one disclaimer."""

from __future__ import annotations

from dataclasses import dataclass

from iopkit import DISCLAIMER, __version__


@dataclass(frozen=True)
class About:
    """The kit's name, version and disclaimer, shown to people (notebook 00 opens with it).

    >>> print(about())  # doctest: +ELLIPSIS
    iopkit 0.1.0: educational software. Teaching rules for fictional cases only; ...
    """

    version: str = __version__
    disclaimer: str = DISCLAIMER

    def __str__(self) -> str:
        return f"iopkit {self.version}: educational software. {self.disclaimer}"

    def _repr_html_(self) -> str:
        from iopkit.render import about_html

        return about_html(self)


def about() -> About:
    """The kit's version and disclaimer, ready to show in a notebook cell."""
    return About()
