"""A last value far outside the series' recent range, said: the forecast starts from it, and a
decimal point lost in the newest row (1300 for 13.00) moved a forecast of 13.4 to 24.3 in
silence."""

from __future__ import annotations

import numpy as np

RECENT = 30  # rows before the last that its range is measured on
BEYOND = 10  # times: beyond the recent highest (or below the lowest over it), a value is a spike


def last_value_spike(values: np.ndarray) -> str | None:
    """A warning when the last finite value of ``values`` lies BEYOND times past the RECENT
    values before it: above ten times their highest or under a tenth of their lowest for a
    series > 0, else further from their range than ten times its width; None otherwise (or
    with fewer than 10 values, or a recent range of one value)."""
    y = np.asarray(values, dtype=np.float64)
    y = y[np.isfinite(y)]
    if len(y) < 10:
        return None
    last, recent = y[-1], y[-RECENT - 1 : -1]
    lo, hi = float(recent.min()), float(recent.max())
    if lo > 0 and last > 0:
        far = last > BEYOND * hi or last < lo / BEYOND
    else:
        far = hi > lo and (last > hi + BEYOND * (hi - lo) or last < lo - BEYOND * (hi - lo))
    if not far:
        return None
    return (f"the last value, {last:g}, is far outside the {len(recent)} before it ({lo:g} to "
            f"{hi:g}): a typo? forecasts start from it")
