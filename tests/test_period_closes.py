"""Periods stamped with a trading day (``lstmcast.period_closes``): the holidays that moved a
month's or a week's close in the data are learned from the rows the loader put back, and
forecasts are stamped off them as the data's closes were."""

from __future__ import annotations

import csv
import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest
from dateutil.easter import easter

from lstmcast.cli import app
from lstmcast.holidays import closed_days
from lstmcast.period_closes import learn_period_holidays, on_open_days, stamped_on_trading_days

MEMORIAL_DAY = ("weekday", 5, 0, -1)
GOOD_FRIDAY = ("easter", -2)


def _shut(day: dt.date) -> bool:
    """New York's holidays that can fall on a month's last weekday, or a week's Friday."""
    last_monday_of_may = dt.date(day.year, 5, 31) - dt.timedelta(
        days=dt.date(day.year, 5, 31).weekday())
    return day in (last_monday_of_may, easter(day.year) - dt.timedelta(days=2))


def closes(periods: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """Each period's stamp, or the weekday before it where a holiday shut it (as an
    exchange's month-end and Friday closes are dated)."""
    out = []
    for stamp in periods:
        day = stamp.date()
        while _shut(day) or day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        out.append(pd.Timestamp(day))
    return pd.DatetimeIndex(out)


def test_the_rules_that_shut_the_stamps_moved_and_no_stamp_kept_are_learned():
    ends = pd.date_range("1995-01-31", "2020-12-31", freq="BME")
    dated = closes(ends)
    shut = ends[dated != ends]
    assert {d.date() for d in shut} >= {dt.date(2010, 5, 31), dt.date(2013, 3, 29)}
    rules = learn_period_holidays(ends[dated == ends], shut)
    assert set(rules) == {MEMORIAL_DAY, GOOD_FRIDAY}  # not 31 May made up on Mondays
    assert closed_days(rules, ends[0], ends[-1]) & set(ends.date) == set(shut.date)
    # a rule one stamp kept contradicts is not learned, though known (a model's) before
    kept = ends[dated == ends].append(pd.DatetimeIndex(["2010-05-31"]))
    assert MEMORIAL_DAY not in learn_period_holidays(kept, shut[shut != "2010-05-31"],
                                                     known=[MEMORIAL_DAY])
    # in a panel, a stamp one series' row was moved onto and another's row lies on is kept (a
    # review: a stock's Thursday for Good Friday's week hid a coin's Friday, forecast Thursday)
    fridays = pd.date_range("2015-01-02", "2024-12-27", freq="W-FRI")
    stock = closes(fridays)
    moved = fridays[stock != fridays]
    assert GOOD_FRIDAY in learn_period_holidays(fridays, moved)  # the stock alone
    assert learn_period_holidays(fridays.append(fridays), moved) == ()  # beside the coin
    # a known rule that no stamp contradicts stays: a cron job's year of months shows no May 31
    year = ends[-12:]
    assert learn_period_holidays(year, [], known=[list(MEMORIAL_DAY)]) == (MEMORIAL_DAY,)


def test_a_nation_s_day_explains_its_weekend_made_up_before_another_date():
    """Weekly closes of 2015-24 moved off Friday 3 July twice (Independence Day on a
    Saturday): learned as 3 July, not made up, whose weeks of 2025 and 2031 (July 4th on a
    Friday) were stamped on the day New York is shut."""
    fridays = pd.date_range("2015-01-02", "2024-12-27", freq="W-FRI")
    july = pd.DatetimeIndex(["2015-07-03", "2020-07-03"])
    rules = learn_period_holidays(fridays.difference(july), july)
    assert ("date", 7, 4, "nearest") in rules and not [r for r in rules if r[1:3] == (7, 3)]
    ahead = pd.DatetimeIndex(["2025-07-04", "2026-07-03", "2027-07-02"])
    assert list(on_open_days(ahead, "W-FRI", rules).strftime("%m-%d")) == [
        "07-03", "07-02", "07-02"]


def test_forecast_stamps_move_off_the_holidays_to_the_weekday_a_close_falls_on():
    ends = pd.date_range("2021-01-29", periods=12, freq="BME")
    moved = on_open_days(ends, "BME", (MEMORIAL_DAY, GOOD_FRIDAY))
    assert list(moved) == list(closes(ends))
    assert moved[4] == pd.Timestamp("2021-05-28")  # Monday 31 May: Friday the 28th
    fridays = pd.date_range("2024-03-01", periods=8, freq="W-FRI")
    assert pd.Timestamp("2024-03-28") in on_open_days(fridays, "W-FRI", (GOOD_FRIDAY,))
    mondays = pd.date_range("2024-03-25", periods=3, freq="W-MON")  # a week's first day
    assert list(on_open_days(mondays, "W-MON", (("easter", 1),))) == list(pd.DatetimeIndex(
        ["2024-03-25", "2024-04-02", "2024-04-08"]))  # Easter Monday's week: its Tuesday
    # a month's first business day: on after New Year's Day
    starts = pd.date_range("2021-12-01", periods=3, freq="BMS")
    assert on_open_days(starts, "BMS", (("date", 1, 1, "sunday"),))[1] == pd.Timestamp(
        "2022-01-03")  # (Monday 3 January: Saturday's New Year's Day not made up on Friday)
    assert on_open_days(ends, "BME", ()) is ends and on_open_days(ends, "MS", (MEMORIAL_DAY,)) \
        is ends  # calendar months have no trading day
    assert [stamped_on_trading_days(f) for f in ("BME", "BQE-DEC", "2BME", "W-FRI", "W-SUN", "ME",
                                                 "D", "B")] == [True] * 4 + [False] * 4


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_a_month_end_close_before_memorial_day_is_forecast_on_its_friday(runner, in_tmp, fast):
    """GE's month-end closes (sets 18-20): May 2021's was forecast on Monday the 31st,
    Memorial Day, where the close came on Friday the 28th; the training rows had moved such
    closes onto the month's last weekday (and said so) and learned nothing of why."""
    ends = pd.date_range("1995-01-31", "2020-11-30", freq="BME")
    rng = np.random.default_rng(8)
    values = 40 * np.exp(np.cumsum(rng.normal(0.004, 0.07, len(ends))))
    path = in_tmp / "ge.csv"
    path.write_text("Date,Adj Close\n" + "".join(
        f"{d:%Y-%m-%d},{v:.4f}\n" for d, v in zip(closes(ends), values, strict=True)))
    trained = runner.invoke(app, ["train", str(path), "--horizon", "12", *fast])
    assert trained.exit_code == 0, trained.stderr
    assert "a few days off their month's business day (a holiday" in trained.stderr
    assert "holidays that moved a period's trading day" in trained.stderr
    assert "Easter -2 days" in trained.stderr and "last Mon of May" in trained.stderr
    said = runner.invoke(app, ["info"]).stdout  # as train said it, not as of business days
    assert "holidays that moved a period's trading day" in said and "weekdays closed" not in said
    stamps = [r[0] for r in _rows(runner.invoke(app, ["predict", str(path)]).stdout)[1:]]
    ahead = pd.date_range("2020-12-31", periods=12, freq="BME")
    assert stamps == [f"{d:%Y-%m-%d}" for d in closes(ahead)]
    assert "2021-05-28" in stamps and "2021-04-02" not in stamps  # (Good Friday's April 2)



@pytest.mark.parametrize("last, dated", [("2010-12-31", "2010-05-31"),
                                         ("2013-12-31", "2013-03-28")])
def test_a_backtest_fold_learns_no_holiday_from_after_its_cutoff_and_scores_moved_closes(
        runner, in_tmp, fast, last, dated):
    """Month-end closes to 2010: the fold cut at December 2009 learned Memorial Day from May
    2010's close (after the cutoff; train on the file cut there knew 2004's only) and dated May
    2010 the 28th. To 2013: Good Friday's March close, put on the month's last weekday by the
    loader and forecast on the Thursday, was left without its actual (a review)."""
    ends = pd.date_range("2000-01-31", last, freq="BME")  # (May 31 a Monday: 2004, 2010)
    values = 40 * np.exp(np.cumsum(np.random.default_rng(8).normal(0.004, 0.07, len(ends))))
    lines = [f"{d:%Y-%m-%d},{v:.4f}\n" for d, v in zip(closes(ends), values, strict=True)]
    (in_tmp / "whole.csv").write_text("Date,Close\n" + "".join(lines))
    (in_tmp / "cut.csv").write_text("Date,Close\n" + "".join(lines[:-12]))
    done = runner.invoke(app, ["backtest", "whole.csv", "--folds", "1", "--horizon", "12",
                               *fast])
    assert done.exit_code == 0, done.stderr
    table = pd.read_csv(io.StringIO(done.stdout))
    assert runner.invoke(app, ["train", "cut.csv", "--horizon", "12", *fast]).exit_code == 0
    cut = [r[0] for r in _rows(runner.invoke(app, ["predict", "cut.csv"]).stdout)[1:]]
    assert table["Date"].tolist() == cut and dated in cut
    np.testing.assert_allclose(table["actual"], values[-12:].round(4))
