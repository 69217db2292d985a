"""Weekly trading sessions (``lstmcast.week_sessions``): bars through the nights from a weekly
open to a weekly close, as foreign exchange trades; each against a slow, obvious twin that walks
every step of the calendar. (Daily sessions: test_sessions, and test_realworld_files.)"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from helpers import load_series

from lstmcast.calendar import (
    frequency_of,
    future_timestamps,
    holidays_of,
    periods_between,
    regular_grid,
)
from lstmcast.sessions import session_of, session_of_index
from lstmcast.week_sessions import WeeklySession

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
    # as predict reads it, with the model's frequency as the hint (a week's sessions have no
    # weekdays to compare: this raised an AttributeError)
    from lstmcast.data import load_panel

    assert load_panel(path, freq=(series.freq, series.freq_label)).freq == FX


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


def utc_bars(first: str, last: str, zone: str = "America/New_York") -> pd.DatetimeIndex:
    """The twin of a zoned session: every hour 09:30-15:30 of each weekday on the zone's
    clock, stamped in UTC."""
    days = pd.bdate_range(first, last)
    local = days.repeat(7) + np.tile(pd.to_timedelta(np.arange(7) * 60 + 570, unit="min"),
                                     len(days))
    return local.tz_localize(zone).tz_convert("UTC").tz_localize(None)


def test_a_session_stamped_in_utc_keeps_its_exchanges_clock_across_daylight_saving():
    """New York's hours written in UTC: 14:30 in January, 13:30 after the clocks change in
    March. Read in UTC alone they would be off-grid; on New York's clock they are a session."""
    bars = utc_bars("2023-01-03", "2023-04-28")
    freq, label, grid = frequency_of(bars)
    assert freq == "h@09:30-15:30/B~America/New_York" and "stamped in UTC" in label
    assert grid.equals(bars)
    session = session_of(freq)
    assert session.zone == "America/New_York" and session.freq == freq
    assert regular_grid(bars[0], bars[-1], freq).equals(bars)
    # Friday's last bar, then Monday's: in summer at 13:30 UTC, in winter at 14:30
    after = future_timestamps(bars[-1], freq, 2)
    assert list(after) == list(pd.DatetimeIndex(["2023-05-01 13:30", "2023-05-01 14:30"]))
    november = utc_bars("2023-10-30", "2023-11-10")
    crossing = future_timestamps(november[6], freq, 8)  # Nov 3rd's 19:30, then Nov 6th (EST)
    assert list(crossing) == list(november[7:15])
    assert periods_between(bars[0], bars[-1], freq) == len(bars) - 1
    for odd in ("h@09:30-15:30/B~Mars/Olympus", "h@09:30-15:30/B~"):
        assert session_of(odd) is None


def test_a_session_that_crosses_midnight_utc_keeps_its_exchanges_clock():
    """Sydney's hours 10:00-15:00 written in UTC: 23:00Z to 04:00Z across midnight in its
    summer, 00:00Z to 05:00Z in its winter, and 23:00Z again from October. Read in UTC, the
    session had no window of one day: refused as too irregular (a user round's B3)."""
    import holidays

    days = pd.bdate_range("2022-10-03", "2024-04-05")
    days = days[~days.isin(pd.DatetimeIndex(sorted(holidays.financial_holidays(
        "XASX", years=range(2022, 2025)))))]
    local = days.repeat(6) + np.tile(pd.to_timedelta(np.arange(10, 16), unit="h"), len(days))
    bars = local.tz_localize("Australia/Sydney").tz_convert("UTC").tz_localize(None)
    freq, label, grid = frequency_of(bars)
    assert freq == "h@10:00-15:00/B~Australia/Sydney" and grid.equals(bars), label
    # a summer's alone shows no clock moving them: any zone's (refused, as before)
    assert session_of_index(bars[bars < "2023-03-31 12:00"]) is None
    # its holidays on its own days (a Monday's first bar is Sunday's in UTC): the ASX's
    assert holidays_of(freq, bars) == (("exchange", "XASX"),)
    # Friday 5 April 2024's last bar at 04:00Z, then Monday's from 00:00Z (winter from 7 April)
    assert list(future_timestamps(bars[-1], freq, 7)) == list(pd.DatetimeIndex(
        [f"2024-04-08 0{h}:00" for h in range(6)] + ["2024-04-09 00:00"]))
    october = future_timestamps(pd.Timestamp("2023-09-29 05:00"), freq, 2)  # summer from Oct 1
    assert list(october) == list(pd.DatetimeIndex(["2023-10-01 23:00", "2023-10-02 00:00"]))
    # a bar's takings 18:00 to 01:00 every day, or a night shift's 20:00 to 02:00 from Sunday
    # to Thursday, on their own clocks, are no Sydney session (a review)
    nights = pd.date_range("2023-11-01", "2024-06-06").repeat(8) + np.tile(
        pd.to_timedelta(np.arange(18, 26), unit="h"), 219)
    shifts = nights[(nights - pd.Timedelta(hours=20)).day_of_week.isin([6, 0, 1, 2, 3])
                    & ((nights.hour >= 20) | (nights.hour < 2))]
    assert session_of_index(nights) is None and session_of_index(shifts) is None


def test_hours_round_the_clock_and_a_session_on_its_own_clock_are_not_zoned():
    hours = pd.date_range("2023-01-01", "2023-06-30", freq="h")
    assert frequency_of(hours)[0] == "h"
    local = utc_bars("2023-01-03", "2023-04-28").tz_localize("UTC").tz_convert(
        "America/New_York").tz_localize(None)
    assert frequency_of(local)[0] == "h@09:30-15:30/B"


def test_train_and_predict_keep_a_utc_stamped_session_in_utc(runner, in_tmp, fast):
    from lstmcast.cli import app

    bars = utc_bars("2023-01-03", "2023-10-27")  # through the clocks' change in March
    close = 100 * np.exp(np.cumsum(np.random.default_rng(3).normal(0, 0.003, len(bars))))
    pd.DataFrame({"Datetime": bars.strftime("%Y-%m-%dT%H:%M:%SZ"), "Close": close.round(2)}
                 ).to_csv("bars.csv", index=False)
    trained = runner.invoke(app, ["train", "bars.csv", "--horizon", "8", *fast])
    assert trained.exit_code == 0, trained.stderr
    assert "America/New_York time, stamped in UTC" in trained.stderr
    result = runner.invoke(app, ["predict", "bars.csv"])
    assert result.exit_code == 0, result.stderr
    stamps = [line.split(",")[0] for line in result.stdout.splitlines()[1:]]
    assert stamps == [f"2023-10-30T{h}:30:00Z" for h in range(13, 20)] + ["2023-10-31T13:30:00Z"]


def test_train_and_predict_a_week_of_foreign_exchange_hours(runner, in_tmp, fast):
    """Hourly bars from Sunday 22:00 to Friday 21:00 UTC: train ended in an internal error
    (a week's session has no days of a shop's closures: a user round), now the forecast
    starts at the next Sunday's open."""
    from lstmcast.cli import app

    bars = fx_hours("2024-01-07 22:00", 24 * 7 * 8 - 49)  # to Friday 1 March, 21:00
    close = 1.1 * np.exp(np.cumsum(np.random.default_rng(5).normal(0, 0.001, len(bars))))
    pd.DataFrame({"time": bars.strftime("%Y-%m-%d %H:%M"), "close": close.round(5)}
                 ).to_csv("eurusd.csv", index=False)
    trained = runner.invoke(app, ["train", "eurusd.csv", "--horizon", "3", *fast])
    assert trained.exit_code == 0, trained.stderr
    result = runner.invoke(app, ["predict", "eurusd.csv"])
    assert result.exit_code == 0, result.stderr
    stamps = [line.split(",")[0] for line in result.stdout.splitlines()[1:]]
    assert bars[-1] == pd.Timestamp("2024-03-01 21:00") and stamps == [
        "2024-03-03 22:00", "2024-03-03 23:00", "2024-03-04 00:00"]


def test_a_shop_s_hours_monday_to_saturday_are_sessions_closed_on_sundays():
    """Hourly till receipts 09:00-17:00, Monday to Saturday: before, read as sessions every
    day, each Sunday's nine hours filled and forecast. Its grid, its counts and its next bars
    match a twin that walks the calendar's hours and keeps Monday-to-Saturday shop hours."""
    stamps = pd.date_range("2024-01-01", "2024-04-28", freq="h")  # Monday to a Sunday
    twin = stamps[(stamps.hour >= 9) & (stamps.hour <= 17) & (stamps.day_of_week != 6)]
    freq, label, grid = frequency_of(twin)
    assert freq == "h@09:00-17:00/WD-SUN" and label.endswith("09:00\u201317:00 except Sundays")
    assert grid.equals(twin)
    assert regular_grid(twin[0], twin[-1], freq).equals(twin)
    assert periods_between(twin[0], twin[-1], freq) == len(twin) - 1
    following = pd.date_range("2024-04-28", "2024-05-08", freq="h")
    following = following[(following.hour >= 9) & (following.hour <= 17)
                          & (following.day_of_week != 6)]
    assert future_timestamps(twin[-1], freq, 20).equals(following[:20])  # Monday 09:00 on
    # two weeks only: too few to call Sundays closed, as for days
    assert frequency_of(twin[twin < "2024-01-14"])[0] == "h@09:00-17:00/D"


def test_a_model_of_a_shop_s_hours_as_every_day_s_sessions_reads_its_fresh_data_on_its_grid():
    """A model trained before closed weekdays were read in sessions recorded such a shop's
    hours as every day's ('/D', Sundays filled): its fresh data, read with that frequency as
    the hint, stays on its grid (Sundays included, filled as in training) rather than being
    refused as another frequency. Without the hint, or with another session's, it reads as
    closed on Sundays."""
    stamps = pd.date_range("2024-01-01", "2024-04-28", freq="h")
    shop = stamps[(stamps.hour >= 9) & (stamps.hour <= 17) & (stamps.day_of_week != 6)]
    every_day = stamps[(stamps.hour >= 9) & (stamps.hour <= 17)]
    old = ("h@09:00-17:00/D", "hourly, sessions 09:00\u201317:00 every day")
    freq, label, grid = frequency_of(shop, old)
    assert (freq, label) == old and grid.equals(every_day[every_day <= shop[-1]])
    assert frequency_of(shop)[0] == "h@09:00-17:00/WD-SUN"
    assert frequency_of(shop, ("h@10:00-17:00/D", "other hours"))[0] == "h@09:00-17:00/WD-SUN"


def test_fx_hours_stamped_in_utc_keep_new_york_s_week_across_daylight_saving(tmp_path):
    """Bars from Sunday 17:00 to Friday 16:00 New York time, written in UTC: their week opens
    at 21:00 in summer, 22:00 in winter. Read in UTC that was the union, Sunday 21:00 to Friday
    21:00, an hour a week filled and forecast that never trades (a helper's EUR/USD bars: 18
    of 48 forecast stamps an hour early); on New York's clock, no gap, and the forecast after
    a winter Friday's last bar opens at Sunday 22:00 UTC."""
    zoned = "h@SUN17:00-FRI16:00/W~America/New_York"
    session = session_of(zoned)
    assert isinstance(session, WeeklySession) and session.freq == zoned
    assert session.label == ("hourly, Sun 17:00 to Fri 16:00 America/New_York time, stamped "
                             "in UTC each week")
    hours = session.grid(pd.Timestamp("2017-09-03 21:00"), pd.Timestamp("2017-12-01 21:00"))
    assert hours[0] == pd.Timestamp("2017-09-03 21:00") and hours[-1].hour == 21  # Friday's
    assert pd.Timestamp("2017-11-12 22:00") in hours and pd.Timestamp("2017-11-12 21:00") \
        not in hours  # winter's week opens an hour later in UTC
    path = tmp_path / "eurusd.csv"
    path.write_text("time,Close\n" + "".join(f"{t:%Y-%m-%d %H:%M},{1.17 + i * 1e-5:.5f}\n"
                                             for i, t in enumerate(hours)))
    series = load_series(path)
    assert series.freq == zoned and series.time.equals(hours)
    assert not any("inserted as gaps" in n for n in series.notes)
    assert list(future_timestamps(hours[-1], series.freq, 2)) == [
        pd.Timestamp("2017-12-03 22:00"), pd.Timestamp("2017-12-03 23:00")]
    assert session_of("h@SUN17:00-FRI16:00/W~Mars/Olympus") is None
    # as predict reads it: under a model trained before the week was kept on New York's clock
    # (it refused its own data, a review), and a winter's export under the zoned model's
    from lstmcast.data import load_panel

    union = "h@SUN21:00-FRI21:00/W"
    assert load_panel(path, freq=(union, "union")).freq == union
    winter = tmp_path / "winter.csv"
    winter.write_text("time,Close\n" + "".join(f"{t:%Y-%m-%d %H:%M},1.1\n" for t in hours
                                               if t >= pd.Timestamp("2017-11-12")))
    assert load_panel(winter).freq == "h@SUN22:00-FRI21:00/W"  # alone: a week in UTC
    read = load_panel(winter, freq=(zoned, session.label))
    assert read.freq == zoned and read.filled is None


def test_a_panel_of_fx_series_over_different_spans_is_read_on_one_week_in_either_row_order(
        tmp_path):
    """A pair of a year's bars (New York's week, stamped in UTC) and a pair of a winter's (a
    week in UTC alone, and on New York's clock too): the panel is on New York's week whichever
    series the file lists first. Before, counts tied and the first series' frequency won, so
    one order loaded and the other was refused as 'different frequencies' (a review)."""
    from lstmcast.data import load_panel

    zoned = "h@SUN17:00-FRI16:00/W~America/New_York"
    year = session_of(zoned).grid(pd.Timestamp("2017-09-03 21:00"),
                                  pd.Timestamp("2017-12-01 21:00"))
    winter = year[year >= pd.Timestamp("2017-11-12")]
    rows = {"EURUSD": year, "GBPUSD": winter}
    for order in (["EURUSD", "GBPUSD"], ["GBPUSD", "EURUSD"]):
        path = tmp_path / f"{order[0]}.csv"
        path.write_text("time,symbol,close\n" + "".join(
            f"{t:%Y-%m-%d %H:%M},{sid},{1.1 + i * 1e-5:.5f}\n"
            for sid in order for i, t in enumerate(rows[sid])))
        panel = load_panel(path)
        assert panel.freq == zoned
        assert list(panel.ids) == order


def test_a_few_bars_past_friday_s_close_are_dropped_not_read_as_a_longer_week(tmp_path):
    """Two EUR/USD bars an hour past Friday's close (17:00 New York time) among 24 weeks, a
    stale quote: before, every week closed at 17:00, that bar filled in the other weeks and
    forecast (set 17). Now they are dropped, said so, and the week closes at 16:00, in training
    and in fresh data alike; a model trained on the longer week keeps it."""
    from lstmcast.data import load_panel

    zoned = "h@SUN17:00-FRI16:00/W~America/New_York"
    hours = session_of(zoned).grid(pd.Timestamp("2017-09-03 21:00"),
                                   pd.Timestamp("2018-02-16 21:00"))
    stale = pd.DatetimeIndex(["2017-10-06 21:00", "2017-10-20 21:00"])  # Fridays, 17:00 EDT
    assert not stale.isin(hours).any()
    stamps = hours.append(stale).sort_values()
    path = tmp_path / "eurusd.csv"
    path.write_text("time,Close\n" + "".join(f"{t:%Y-%m-%d %H:%M},{1.17 + i * 1e-5:.5f}\n"
                                             for i, t in enumerate(stamps)))
    read = load_panel(path)
    assert read.freq == zoned and read.filled is None
    assert read.lengths[0] == len(hours)
    assert any("dropped 2 bar(s) at times of the week few weeks have" in n for n in read.notes)
    assert load_panel(path, freq=(zoned, session_of(zoned).label)).freq == zoned
    longer = session_of("h@SUN17:00-FRI17:00/W~America/New_York")
    old = load_panel(path, freq=(longer.freq, longer.label))
    assert old.freq == longer.freq and old.lengths[0] > len(stamps)
    # a bar past the close in most weeks is the week's: kept
    most = hours.append(pd.DatetimeIndex([t + pd.Timedelta(hours=1) for t in hours
                                          if t.day_of_week == 4 and t.hour in (20, 21)
                                          and t + pd.Timedelta(hours=1) not in hours]))
    path.write_text("time,Close\n" + "".join(f"{t:%Y-%m-%d %H:%M},1.1\n"
                                             for t in most.sort_values()))
    assert load_panel(path).freq == "h@SUN17:00-FRI17:00/W~America/New_York"


def test_a_stale_bar_in_a_few_weeks_of_fresh_bars_is_dropped_against_the_model_s_week(
        tmp_path):
    """A cron job's export of 8 weeks with one stale bar an hour past Friday's close: too few
    weeks for that bar to be rare alone, so before it was read as a week in UTC and predict
    refused it as another frequency (a review). Against the model's week it is dropped, said
    so; a bar within the week off its step (a late stamp) is not such a bar."""
    from lstmcast.data import load_panel
    from lstmcast.data.snapping import off_week

    session = session_of("h@SUN17:00-FRI16:00/W~America/New_York")
    hours = session.grid(pd.Timestamp("2017-12-03 22:00"), pd.Timestamp("2018-01-26 21:00"))
    path = tmp_path / "fresh.csv"

    def written(stamps):
        path.write_text("time,Close\n" + "".join(f"{t:%Y-%m-%d %H:%M},{1.17 + i * 1e-5:.5f}\n"
                                                 for i, t in enumerate(stamps.sort_values())))
        return path

    stale = hours.append(pd.DatetimeIndex(["2018-01-19 22:00"]))  # Friday, 17:00 EST
    assert load_panel(written(stale)).freq != session.freq  # alone: no rare time in 8 weeks
    read = load_panel(written(stale), freq=(session.freq, session.label))
    assert read.freq == session.freq and read.lengths[0] == len(hours)
    assert any("dropped 1 bar(s) outside the week of hourly, Sun 17:00" in n
               for n in read.notes)
    late = hours.append(pd.DatetimeIndex(["2018-01-17 15:30"])).sort_values()  # a Wednesday
    assert off_week(late, (session.freq, session.label)) is None
    assert off_week(stale.sort_values(), (session.freq, session.label)) is not None
    week = hours[hours >= pd.Timestamp("2018-01-14 22:00")]  # a week's export (a review)
    week = week[week <= pd.Timestamp("2018-01-19 21:00")].append(
        pd.DatetimeIndex(["2018-01-19 22:00"]))
    kept, said = off_week(week, (session.freq, session.label))
    assert kept.sum() == len(week) - 1 and not kept[-1] and "dropped 1 bar(s)" in said
    for export in (week, week[:-1]):  # a week shows no closure alone: the model's week read
        read = load_panel(written(export), freq=(session.freq, session.label))
        assert read.freq == session.freq and read.lengths[0] == len(week) - 1
