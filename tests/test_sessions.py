"""Weekly trading sessions (``lstmcast.sessions``): bars through the nights from a weekly open
to a weekly close, as foreign exchange trades; each against a slow, obvious twin that walks
every step of the calendar. (Daily sessions are in test_realworld_files.)"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.calendar import frequency_of, future_timestamps, periods_between, regular_grid
from lstmcast.sessions import WeeklySession, session_of

FX = "h@SUN22:00-FRI21:00/W"


def twin_bars(session: WeeklySession, first: str, last: str) -> pd.DatetimeIndex:
    """Every step from ``first`` to ``last`` whose time since Monday 00:00 lies in the open
    window (going round the end of the week when the open is after the close)."""
    stamps = pd.date_range(first, last, freq=session.step)
    since_monday = (stamps - stamps.normalize()) + pd.to_timedelta(stamps.day_of_week, "D")
    if session.open <= session.close:
        inside = (since_monday >= session.open) & (since_monday <= session.close)
    else:
        inside = (since_monday >= session.open) | (since_monday <= session.close)
    return stamps[inside]


def fx_hours(first: str, periods: int) -> pd.DatetimeIndex:
    return twin_bars(session_of(FX), first, pd.Timestamp(first) + pd.Timedelta(hours=periods))


def test_weekly_session_frequency_is_plain_text_that_reads_back():
    for freq in (FX, "15min@MON00:00-FRI23:45/W", "h@MON00:00-SAT23:00/W"):
        session = session_of(freq)
        assert isinstance(session, WeeklySession) and session.freq == freq
    # off the step, no such day, two spellings, steps not filling a week, a step of a day,
    # one bar a week, no closure
    for freq in ("h@SUN22:00-FRI21:30/W", "h@XYZ22:00-FRI21:00/W", "h@SUN22-FRI21/W",
                 "h@SUN22:00:00-FRI21:00/W", "5h@SUN22:00-FRI21:00/W", "D@MON00:00-FRI00:00/W",
                 "h@SUN22:00-SUN22:00/W", "h@SUN22:00-SUN21:00/W"):
        assert session_of(freq) is None
    assert session_of(FX).label == "hourly, Sun 22:00 to Fri 21:00 each week"
    assert session_of(FX).per_week == 120 and session_of(FX).bars == 24


@pytest.mark.parametrize("freq", [FX, "15min@MON00:00-FRI23:45/W", "h@MON08:00-SAT20:00/W"])
def test_bars_grid_and_counts_match_the_twin(freq):
    session = session_of(freq)
    twin = twin_bars(session, "1969-12-20", "1970-02-10")  # across the numbering's start
    assert session.grid(twin[0], twin[-1]).equals(twin)
    assert session.grid(twin[0] - session.step / 2, twin[-1] + session.step / 2).equals(twin)
    counts = np.array([session.bars_upto(t) for t in twin])
    assert (np.diff(counts) == 1).all()
    for k in (0, 5, session.per_week - 1, len(twin) - 40):
        assert session.after(twin[k], 30).equals(twin[k + 1 : k + 31])
        # from inside the closure: the next open's bars
        assert session.after(twin[k] + session.step / 3, 3).equals(twin[k + 1 : k + 4])
    assert regular_grid(twin[3], twin[-3], freq).equals(twin[3:-2])
    assert periods_between(twin[0], twin[-1], freq) == len(twin) - 1


def test_fx_hours_read_as_a_weekly_session_and_continue_after_the_weekend(tmp_path):
    hours = fx_hours("2023-01-01 22:00", 24 * 7 * 5)
    kept = hours.delete([30, 31])  # two hours missing inside a trading day: gaps
    path = tmp_path / "eurusd.csv"
    path.write_text("Gmt time,Close\n" + "".join(
        f"{t:%d.%m.%Y %H:%M:%S}.000,{1.07 + i * 1e-5:.5f}\n" for i, t in enumerate(kept)))
    series = load_series(path)
    assert series.freq == FX and series.time.equals(hours[hours <= kept[-1]])
    assert any("2 missing timestamp(s) inserted as gaps" in n for n in series.notes)
    last = series.time[series.time.day_of_week == 4][-1]  # a Friday's 21:00, the week's last
    assert last.hour == 21
    assert list(future_timestamps(last, series.freq, 3)) == [
        last + pd.Timedelta(hours=h) for h in (49, 50, 51)]  # Sunday 22:00, 23:00, Monday 00:00


def test_bars_at_half_past_keep_their_phase():
    # hourly FX bars in a zone half an hour off UTC: the week opens Sunday 22:30 (local)
    hours = fx_hours("2023-01-01 22:00", 24 * 7 * 3) + pd.Timedelta("30min")
    freq, label, grid = frequency_of(hours)
    assert (freq, label) == ("h@SUN22:30-FRI21:30/W", "hourly, Sun 22:30 to Fri 21:30 each week")
    assert grid.equals(hours)


def test_minutes_without_a_tick_and_an_hour_of_rest_are_gaps_of_the_week():
    """FX minutes over ten days and two weekends, 40 minutes no tick came in (gaps, filled);
    futures hours closed 16:00-17:00 every weekday and over the weekend: the daily hour is a
    gap, the weekend the closure."""
    session = session_of("min@SUN17:00-FRI16:59/W")
    minutes = session.grid(pd.Timestamp("2023-01-13 09:00"), pd.Timestamp("2023-01-23 09:00"))
    quiet = minutes.delete(np.random.default_rng(0).choice(len(minutes), 40, replace=False))
    freq, _, grid = frequency_of(quiet)
    assert freq == "min@SUN17:00-FRI16:59/W" and grid.equals(minutes[minutes <= quiet[-1]])
    hours = twin_bars(session_of("h@SUN17:00-FRI15:00/W"), "2023-01-08", "2023-01-28")
    futures = hours[hours.hour != 16]
    assert frequency_of(futures)[0] == "h@SUN17:00-FRI15:00/W"
    # a 24/7 series with one outage of two days in ten: not a closure seen twice
    clock = pd.date_range("2023-01-13 09:00", "2023-01-23 09:00", freq="min")
    outage = (clock >= "2023-01-14") & (clock < "2023-01-16")
    assert frequency_of(clock[~outage])[0] == "min"


def test_what_is_not_a_weekly_session():
    # 24/7 bars, also with an outage of a day: a regular series with gaps
    clock = pd.date_range("2024-01-01", periods=24 * 21, freq="h")
    assert frequency_of(clock.delete(np.arange(100, 124)))[0] == "h"
    # under two weeks, a closure is not yet seen to repeat
    assert frequency_of(fx_hours("2023-01-01 22:00", 24 * 10))[0] != FX
    # weekdays around the clock: closed Saturday and Sunday
    weekdays = clock[clock.day_of_week < 5]
    assert frequency_of(weekdays)[0] == "h@MON00:00-FRI23:00/W"
