"""The privacy lint on adversarial text: time against a plain scan, and growth with size.

The lint runs many regular expressions over every text field of a vignette. Each must take
time linear in the text: a backtracking pattern can take minutes on a crafted field (issue 10:
``call`` followed by 3,000 spaces). This section builds text from long runs of spaces, digits,
letters and separators around each pattern's anchors, times :func:`privacy.scan` on 10 KB and
100 KB of it and compares with a plain scan (one simple regular expression) of the same text.
Target: at most 50 ms for 100 KB, and about 10x from 10 KB to 100 KB (linear).
"""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable

from iopkit.vignettes import privacy

RUN = 3000
"""Length of each adversarial run, in characters."""

_ANCHORS = (
    "call",
    "phone number",
    "born",
    "born on",
    "DOB",
    "date of birth",
    "record number",
    "MRN",
    "Dr",
    "Prof.",
    "12th",
    "Jan",
    "+1",
    "0",
    "12",
    "www.",
    "http://",
)
_RUNS = (" ", "1", "1 ", "1-", "a", "A", "a.", ". ", "1.", ":", "(1) ", "+1 ")


def adversarial_text(size: int) -> str:
    """``size`` characters of anchors followed by long runs that almost, but never, match."""
    chunks = []
    for anchor in _ANCHORS:
        for run in _RUNS:
            chunks.append(anchor + run * (RUN // len(run)) + "x ")
    chunks.append("a" * RUN + "@")  # a word run, with an @ so the e-mail pattern is tried
    chunks.append("1" * RUN + "x")
    chunks.append(("+12" + "3" * 30 + " ") * (RUN // 34))
    text = "".join(chunks)
    while len(text) < size:
        text += text
    return text[:size]


def _median_ms(fn: Callable[[], object], repeat: int = 7) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


_PLAIN = re.compile(r"[\w@.+-]+")


def plain_scan(text: str) -> int:
    """The baseline: one simple linear pattern over the same text."""
    return sum(1 for _ in _PLAIN.finditer(text))


def run() -> list[str]:
    small, large = adversarial_text(10_000), adversarial_text(100_000)
    lint_small = _median_ms(lambda: privacy.scan(small))
    lint_large = _median_ms(lambda: privacy.scan(large))
    plain_large = _median_ms(lambda: plain_scan(large))
    growth = lint_large / lint_small if lint_small else float("nan")
    verdict = "OK" if lint_large <= 50 and growth <= 15 else "OVER TARGET"
    return [
        "== privacy lint on adversarial text ==",
        f"privacy.scan, 10 KB:   {lint_small:8.2f} ms (median of 7)",
        f"privacy.scan, 100 KB:  {lint_large:8.2f} ms (median of 7)",
        f"plain scan, 100 KB:    {plain_large:8.2f} ms (one simple pattern, same text)",
        f"lint / plain scan:     {lint_large / plain_large:8.1f}x",
        f"growth 10 KB -> 100 KB: {growth:7.1f}x (linear is about 10x)",
        f"target <= 50 ms at 100 KB and linear growth: {verdict}",
    ]


if __name__ == "__main__":
    print("\n".join(run()))
