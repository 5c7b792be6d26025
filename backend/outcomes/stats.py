"""The statistics of 'Wat werkt', kept apart from the data: which weeks count as high rhythm, the minimum
sample, and Welch's two-sample t-interval for the difference of the mean outcome (SciPy does the
distribution: scipy.stats.ttest_ind with equal_var=False and its confidence_interval). See docs/what-works.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median

from scipy import stats

MIN_WEEKS = 8  # weeks with both a rhythm and an outcome, in all
MIN_PER_GROUP = 4  # weeks in each of the high and low group
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Comparison:
    weeks: int
    high_weeks: int
    low_weeks: int
    threshold: float | None  # the median rhythm: weeks at or above it are 'high'
    high_mean: float | None
    low_mean: float | None
    difference: float | None  # high_mean - low_mean
    ci_low: float | None
    ci_high: float | None
    shown: bool
    reason: str | None  # why not shown: too_few_weeks | no_variation


def compare(pairs: list[tuple[float, float]], confidence: float = CONFIDENCE) -> Comparison:
    """(rhythm, outcome) per week → the outcome's mean in high-rhythm weeks minus low-rhythm weeks, with a
    Welch t confidence interval, or the reason it is not shown."""
    n = len(pairs)
    if n == 0:
        return Comparison(0, 0, 0, None, None, None, None, None, None, False, "too_few_weeks")
    threshold = median(rhythm for rhythm, _ in pairs)
    high = [outcome for rhythm, outcome in pairs if rhythm >= threshold]
    low = [outcome for rhythm, outcome in pairs if rhythm < threshold]
    high_mean = sum(high) / len(high) if high else None
    low_mean = sum(low) / len(low) if low else None
    base = dict(weeks=n, high_weeks=len(high), low_weeks=len(low), threshold=threshold)
    if n < MIN_WEEKS or len(high) < MIN_PER_GROUP or len(low) < MIN_PER_GROUP:
        return Comparison(
            **base,
            high_mean=high_mean,
            low_mean=low_mean,
            difference=None,
            ci_low=None,
            ci_high=None,
            shown=False,
            reason="too_few_weeks",
        )
    difference = high_mean - low_mean
    if len(set(high)) == 1 and len(set(low)) == 1:
        # Every week of each group had the same figure: no spread, so no interval to give.
        return Comparison(
            **base,
            high_mean=high_mean,
            low_mean=low_mean,
            difference=difference,
            ci_low=None,
            ci_high=None,
            shown=False,
            reason="no_variation",
        )
    result = stats.ttest_ind(high, low, equal_var=False)
    interval = result.confidence_interval(confidence_level=confidence)
    if not (math.isfinite(interval.low) and math.isfinite(interval.high)):
        return Comparison(
            **base,
            high_mean=high_mean,
            low_mean=low_mean,
            difference=difference,
            ci_low=None,
            ci_high=None,
            shown=False,
            reason="no_variation",
        )
    return Comparison(
        **base,
        high_mean=high_mean,
        low_mean=low_mean,
        difference=difference,
        ci_low=float(interval.low),
        ci_high=float(interval.high),
        shown=True,
        reason=None,
    )
