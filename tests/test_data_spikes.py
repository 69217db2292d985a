"""A last value far outside its series' recent range is warned of, not forecast from in silence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.data.spikes import last_value_spike


def slow_spike(y):
    """The rule, written out: beyond ten times the recent range (or ratio, for values > 0)."""
    y = [v for v in y if np.isfinite(v)]
    if len(y) < 10:
        return False
    last, recent = y[-1], y[-31:-1]
    lo, hi = min(recent), max(recent)
    if lo > 0 and last > 0:
        return last > 10 * hi or last < lo / 10
    return hi > lo and (last > hi + 10 * (hi - lo) or last < lo - 10 * (hi - lo))


@pytest.mark.parametrize("last, said", [(1300.0, True), (130.0, False), (0.12, True),
                                        (1.3, False), (-5.0, False), (-400.0, True)])
def test_a_lost_decimal_point_in_the_newest_row_is_warned_of(last, said):
    y = np.r_[12 + np.sin(np.arange(60)) * 2, last]  # 10 to 14, then the newest value
    got = last_value_spike(y)
    assert (got is not None) == said == bool(slow_spike(y))
    if said:
        assert f"the last value, {last:g}, is far outside the 30 before it" in got


def test_the_rule_matches_its_twin_on_random_series():
    rng = np.random.default_rng(5)
    for _ in range(300):
        y = rng.choice([-1, 1]) * np.exp(rng.normal(0, 1)) + rng.normal(0, 1, 40).cumsum()
        y[-1] = y[-2] * rng.choice([1, 3, 12, -20, 0.05])
        assert (last_value_spike(y) is not None) == bool(slow_spike(y))
    assert last_value_spike(np.ones(9) * 5) is None  # too short to say
    assert last_value_spike(np.r_[np.zeros(30), 7.0]) is None  # no range: nothing to compare


def test_the_loader_warns_of_the_last_row_and_keeps_it(tmp_path):
    days = pd.date_range("2024-01-01", periods=60, freq="D")
    values = [*(10 + i % 7 for i in range(59)), 1300]
    path = tmp_path / "typo.csv"
    path.write_text("date,sales\n" + "".join(f"{d:%Y-%m-%d},{v}\n"
                                             for d, v in zip(days, values, strict=True)))
    panel = load_series(path)
    assert panel.target[-1] == 1300
    assert [w for w in panel.warnings if "typo" in w] == [
        "the last value, 1300, is far outside the 30 before it (10 to 16): a typo? forecasts "
        "start from it"]
