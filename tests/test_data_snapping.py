"""Stamps put on their calendar (``lstmcast.data.snapping``): here, intraday bars at times of
day few days have (a closing auction's bar a source wrote one day) dropped, said, rather than
the whole file refused as too irregular."""

from __future__ import annotations

import numpy as np
import pandas as pd
from helpers import load_series

from lstmcast.data.snapping import off_session
from lstmcast.sessions import session_of

HONG_KONG = "h@09:30-11:30+13:00-15:00/B"


def hong_kong(first: str, last: str) -> pd.DatetimeIndex:
    return session_of(HONG_KONG).grid(pd.Timestamp(first), pd.Timestamp(last))


def test_a_bar_at_a_time_few_days_have_is_dropped_and_said(tmp_path):
    bars = hong_kong("2024-01-02", "2024-06-28 16:00")
    auction = pd.Timestamp("2024-06-27 16:10")
    kept, said = off_session(bars.append(pd.DatetimeIndex([auction])).sort_values())
    assert kept.sum() == len(bars) and "dropped 1 bar(s) at times of day few days have" in said
    rng = np.random.default_rng(0)
    stamps = bars.append(pd.DatetimeIndex([auction])).sort_values()
    path = tmp_path / "hk.csv"
    path.write_text("Datetime,Close\n" + "".join(
        f"{t:%Y-%m-%d %H:%M},{20000 + v:.1f}\n" for t, v in zip(
            stamps, rng.normal(0, 50, len(stamps)).cumsum(), strict=True)))
    s = load_series(path)
    assert s.freq == HONG_KONG and auction not in s.time
    assert any("2024-06-27 16:10" in w for w in s.warnings)


def test_a_models_sessions_drop_bars_off_them():
    """A cron job's fresh export that took up a 16:00 auction bar three days ago: the model's
    sessions keep their bars; before that, every run was refused."""
    bars = hong_kong("2024-01-02", "2024-06-28 16:00")
    closes = pd.DatetimeIndex(["2024-06-26 16:00", "2024-06-27 16:00", "2024-06-28 16:00"])
    stamps = bars.append(closes).sort_values()
    kept, said = off_session(stamps, (HONG_KONG, session_of(HONG_KONG).label))
    assert stamps[kept].equals(bars) and "3 bar(s) at times of day off the model's" in said


def test_late_stamps_are_no_stray_bars():
    """Three in ten 5-minute bars stamped 20-40 s late: each late time of day is on few days,
    but so many are no strays (1,528 bars were dropped and filled); nor, given a model's
    sessions, are bars off their step inside a part."""
    bars = session_of("5min@09:30-11:25+13:00-14:55/B").grid(pd.Timestamp("2024-03-04"),
                                                               pd.Timestamp("2024-04-30 16:00"))
    rng = np.random.default_rng(0)
    late = rng.random(len(bars)) < 0.3
    stamps = bars + pd.to_timedelta(np.where(late, rng.integers(20, 41, len(bars)), 0), "s")
    assert off_session(stamps) is None
    freq = "5min@09:30-11:25+13:00-14:55/B"
    assert off_session(stamps, (freq, session_of(freq).label)) is None


def test_rows_that_read_as_no_frequency_without_them_are_left_alone():
    days = pd.date_range("2024-01-01", periods=40)  # daily: no times of day to drop
    assert off_session(days) is None
    scattered = pd.DatetimeIndex(np.sort(pd.Timestamp("2024-01-01").value + np.random.default_rng(
        1).integers(0, 30 * 86_400, 500) * 10**9))  # a log's times: nothing regular is left
    assert off_session(scattered) is None


def test_a_few_readings_on_the_step_before_a_daily_session_opens_are_dropped(tmp_path):
    """A car park read every half hour from 08:00 to 16:30, and on three days at 07:30 too
    (unseen set 21): every stamp on the half hour, so no stamp was off a step, yet that
    repair was tried first, found nothing to move, and the file was refused as too
    irregular, --every 30min or not."""
    days = pd.date_range("2016-10-04", periods=60, freq="D")
    bars = pd.DatetimeIndex([d + pd.Timedelta(minutes=30 * k) for d in days
                             for k in range(16, 34)])
    early = pd.DatetimeIndex([days[d] + pd.Timedelta(hours=7, minutes=30) for d in (12, 30, 51)])
    stamps = bars.append(early).sort_values()
    path = tmp_path / "park.csv"
    path.write_text("LastUpdated,Occupancy\n" + "".join(
        f"{t:%Y-%m-%dT%H:%M},{200 + (t.hour * 7) % 50}\n" for t in stamps))
    panel = load_series(path)
    assert panel.freq == "30min@08:00-16:30/D" and list(panel.time) == list(bars)
    assert any(w.startswith("dropped 3 bar(s) at times of day few days have") for w in
               panel.warnings)
