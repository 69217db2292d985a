"""Exchanges' calendars fitted to the weekdays business-day rows skip: the holidays a few years
of rows cannot teach (Lunar New Year, Golden Week, a coronation) date the forecasts; a calendar
that closes a traded day, or leaves holidays of the rows' own unexplained, does not."""

from __future__ import annotations

import datetime as dt

import holidays
import numpy as np
import pandas as pd
import pytest

from lstmcast.errors import InputError
from lstmcast.exchanges import (
    EXCHANGES,
    MIN_CLOSED,
    closed_in,
    exchange_closed,
    fitting_exchanges,
)
from lstmcast.holiday_words import holidays_note
from lstmcast.holidays import learn_holidays, next_open_days


def trading_days(code: str, first: str, last: str) -> pd.DatetimeIndex:
    """The weekdays from ``first`` to ``last`` the exchange ``code`` opens on, as the holidays
    package keeps its calendar (the slow, obvious twin of ``exchange_closed``)."""
    days = pd.bdate_range(first, last)
    shut = holidays.financial_holidays(code, years=range(days[0].year, days[-1].year + 1))
    return days[~np.isin(days.date, list(shut))]


def test_the_closed_weekdays_are_the_package_s_own_on_weekdays():
    days = pd.bdate_range("2021-01-01", "2024-12-31")
    for code in ("XNYS", "XSHG", "XJPX", "XLON"):
        open_days = trading_days(code, "2021-01-01", "2024-12-31")
        assert exchange_closed(code, dt.date(2021, 1, 1), dt.date(2024, 12, 31)) == \
            set(days.date) - set(open_days.date)


@pytest.mark.parametrize("code, last, expected", [
    # Shanghai's Spring Festival: shut 9 to 16 February 2024
    ("XSHG", "2024-02-08", ["02-19", "02-20", "02-21", "02-22", "02-23"]),
    # Tokyo's Golden Week: Showa Day, then 3 May, and 6 May for a Sunday's Children's Day
    ("XJPX", "2024-04-26", ["04-30", "05-01", "05-02", "05-07", "05-08"]),
    # London's early May bank holiday, after a coronation's and a VE Day's in other years
    ("XLON", "2024-05-03", ["05-07", "05-08", "05-09", "05-10", "05-13"]),
])
def test_rows_that_skip_an_exchange_s_holidays_are_forecast_on_its_open_days(code, last,
                                                                             expected):
    """Rules learned from the rows alone forecast these days shut or open wrongly: the 1st
    Wednesday of May (Tokyo's 2020-23 holidays by chance), 8 May (London's two one-offs), and
    nothing of the lunar calendar (a helper's round)."""
    days = trading_days(code, "2020-01-02", last)
    learned = learn_holidays(days)
    assert learned == (("exchange", code),)
    assert list(next_open_days(days[-1], 5, learned).strftime("%m-%d")) == expected


def test_a_calendar_that_closes_a_traded_day_does_not_fit():
    days = trading_days("XNYS", "2021-01-04", "2024-06-28")
    juneteenth = pd.DatetimeIndex(["2022-06-20", "2023-06-19"])  # traded, as before 2022
    rules = learn_holidays(days.union(juneteenth))
    assert not [rule for rule in rules if rule[0] == "exchange"]
    assert ("weekday", 11, 3, 4) in rules  # the rows' own rules instead


def test_a_calendar_leaving_holidays_of_the_rows_unexplained_does_not_fit():
    """New York's rows are within the gaps allowed of the CME's calendar (its few holidays are
    all New York's too), and a stock file was named the CME's (a helper's round); Vienna's
    (Frankfurt's holidays and Whit Monday) of Frankfurt's calendar. What either leaves open
    teaches rules of its own: the rows' own rules stand."""
    days = trading_days("XNYS", "2019-01-02", "2021-12-31")
    days = days.union(pd.DatetimeIndex(["2019-01-21"]))  # a Monday holiday traded: not XNYS
    first, last = days[0].date(), days[-1].date()
    skipped = set(pd.bdate_range(first, last).difference(days).date)
    assert "XCME" in fitting_exchanges(first, last, set(days.date), skipped)
    rules = learn_holidays(days)
    assert not [rule for rule in rules if rule[0] == "exchange"]
    assert ("weekday", 9, 0, 1) in rules  # Labor Day, which the CME trades
    whit_mondays = pd.DatetimeIndex(["2022-06-06", "2023-05-29", "2024-05-20"])
    vienna = trading_days("XETR", "2022-01-03", "2024-12-20").difference(whit_mondays)
    first, last = vienna[0].date(), vienna[-1].date()
    skipped = set(pd.bdate_range(first, last).difference(vienna).date)
    assert "XETR" in fitting_exchanges(first, last, set(vienna.date), skipped)
    rules = learn_holidays(vienna)
    assert ("easter", 50) in rules and ("exchange", "XETR") not in rules


@pytest.mark.parametrize("gaps", [4, 10])
def test_a_few_days_missing_from_a_feed_still_fit(gaps):
    """Ten weekdays missing at random in 2.5 years made the rules need a third year: July 4
    2024 was forecast as a trading day (a helper's round). Of 20 feeds each missing ``gaps``
    weekdays at random, at least 19 fit New York's calendar (200 of 200 with ten gaps, 195 of
    200 with four, whose two falling on one date or weekday rule teach a rule); every one
    skips July 4."""
    days = trading_days("XNYS", "2022-01-03", "2024-06-28")
    fits = 0
    for seed in range(20):
        rng = np.random.default_rng(seed)
        gappy = days.delete(rng.choice(np.arange(1, len(days) - 1), gaps, replace=False))
        learned = learn_holidays(gappy)
        fits += ("exchange", "XNYS") in learned
        assert "07-04" not in next_open_days(days[-1], 5, learned).strftime("%m-%d")
    assert fits >= 19


def test_too_short_a_span_fits_no_calendar():
    days = trading_days("XNYS", "2024-07-01", "2024-12-31")  # 4 holidays < MIN_CLOSED
    assert len(exchange_closed("XNYS", dt.date(2024, 7, 1), dt.date(2024, 12, 31))) < MIN_CLOSED
    assert not [rule for rule in learn_holidays(days) if rule[0] == "exchange"]


def test_a_model_s_exchange_stays_on_a_short_cron_export():
    """A model trained on years of rows keeps its calendar on 60 days of fresh rows, which
    show no holiday of it to fit."""
    fresh = trading_days("XJPX", "2024-02-20", "2024-04-26")
    rules = learn_holidays(fresh, known=(("exchange", "XJPX"),))
    assert ("exchange", "XJPX") in rules
    assert "05-06" not in next_open_days(fresh[-1], 5, rules).strftime("%m-%d")


def test_a_row_on_one_holiday_of_a_model_s_exchange_keeps_the_others():
    """A fresh export with a row on Labor Day 2024: the model's calendar was dropped whole, as
    a rule that closed a traded day is, and Thanksgiving forecast open (a review)."""
    fresh = trading_days("XNYS", "2024-08-01", "2024-11-22").union(
        pd.DatetimeIndex(["2024-09-02"]))
    rules = learn_holidays(fresh, known=(("exchange", "XNYS"),))
    assert ("exchange", "XNYS") in rules
    assert list(next_open_days(fresh[-1], 5, rules).strftime("%m-%d")) == [
        "11-25", "11-26", "11-27", "11-29", "12-02"]


def test_an_exchange_a_model_file_names_that_this_version_does_not_know_is_refused():
    with pytest.raises(InputError, match="exchange calendar this version does not know"):
        closed_in("XNOPE", 2024)
    assert all(closed_in(code, 2024) for code in EXCHANGES)  # each known to the package


def test_train_says_which_calendar_the_skipped_weekdays_fit():
    note = holidays_note((("exchange", "XSHG"),))
    assert note.startswith("holidays: the weekdays the rows skip fit the XSHG calendar "
                           "(Shanghai Stock Exchange)")
    # beside a model's rules, on a predict: both named
    both = holidays_note((("date", 12, 24, "none"), ("exchange", "XPAR")))
    assert "the XPAR calendar (Euronext Paris)" in both and both.endswith("Dec 24")


def test_an_exchange_s_week_long_closure_is_no_gap(runner, in_tmp, fast):
    """Shanghai shut 24 to 31 January 2020, six weekdays: taken for a gap in the data ('no
    values for 6 weekdays in a row'), though its calendar closes every one of them."""
    from lstmcast.cli import app

    days = trading_days("XSHG", "2019-01-02", "2021-06-30")
    close = 100 * np.exp(np.cumsum(np.random.default_rng(1).normal(0, 0.01, len(days))))
    pd.DataFrame({"trade_date": days.strftime("%Y-%m-%d"), "close": close.round(2)}).to_csv(
        "sse.csv", index=False)
    trained = runner.invoke(app, ["train", "sse.csv", "--horizon", "3", *fast])
    assert trained.exit_code == 0, trained.stderr
    assert "the XSHG calendar (Shanghai Stock Exchange)" in trained.stderr
    assert "weekdays in a row" not in trained.stderr
    # a week of March 2021 missing beside it is a gap still, said (a review: it went unsaid)
    kept = ~((days >= "2021-03-08") & (days <= "2021-03-12"))
    pd.DataFrame({"trade_date": days[kept].strftime("%Y-%m-%d"), "close": close[kept].round(2)}
                 ).to_csv("outage.csv", index=False)
    trained = runner.invoke(app, ["train", "outage.csv", "--horizon", "3", *fast])
    assert trained.exit_code == 0, trained.stderr
    assert "no values for 5 weekdays in a row, 2021-03-08 to 2021-03-12" in trained.stderr
