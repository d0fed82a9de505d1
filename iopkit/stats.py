"""Small statistics for the debrief: Student's t critical values, Pearson's r (the
point-biserial for a 0/1 variable) and Hake's normalised gain. Pure functions, no I/O."""

from __future__ import annotations

import math
from collections.abc import Sequence

# Two-sided 95 % critical values of Student's t for 1..30 degrees of freedom.
_T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip


def t_critical_95(df: int) -> float:
    """Two-sided 95 % critical value of Student's t.

    >>> t_critical_95(10)
    2.228
    >>> round(t_critical_95(1000), 3)
    1.962
    """
    if df < 1:
        raise ValueError("at least 1 degree of freedom is needed")
    if df <= len(_T975):
        return _T975[df - 1]
    z = 1.959964
    # Cornish-Fisher expansion of t in powers of 1/df (accurate to 1e-4 beyond 30).
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


def pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Pearson's r (the point-biserial when ``xs`` is 0/1), or ``None`` when either variable
    does not vary or there are fewer than three pairs.

    >>> pearson([0, 1, 1, 0], [1, 3, 4, 2])
    0.8944271909999159
    """
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sxy / math.sqrt(sxx * syy)


def hake_gain(pre: float, post: float) -> float | None:
    """Hake's normalised gain: the share of the possible gain that was made (scores 0-1).

    >>> hake_gain(0.5, 0.75)
    0.5
    """
    return None if pre >= 1 else (post - pre) / (1 - pre)


__all__ = ["hake_gain", "pearson", "t_critical_95"]
