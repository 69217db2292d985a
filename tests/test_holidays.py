"""Recurring holidays learned from the weekdays business-day data skips, against pandas' own
holiday calendars as the slow, obvious twin; and forecasts dated on open days only."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest
from pandas.tseries.holiday import (
    MO,
    AbstractHolidayCalendar,
    EasterMonday,
    GoodFriday,
    Holiday,
    USLaborDay,
    USMartinLutherKingJr,
    USMemorialDay,
    USPresidentsDay,
    USThanksgivingDay,
    nearest_workday,
    next_monday,
    next_monday_or_tuesday,
    sunday_to_monday,
)

from lstmcast.calendar import future_timestamps
from lstmcast.cli import app
from lstmcast.holiday_words import assumed, describe, holidays_note
from lstmcast.holidays import (
    closed_days,
    day_of,
    learn_holidays,
    next_open_days,
    series_holidays,
)


class Exchange(AbstractHolidayCalendar):
    """A New York exchange's year: New Year's Day on a Saturday is not made up on the Friday."""
    rules = [Holiday("New Year", month=1, day=1, observance=sunday_to_monday),
             USMartinLutherKingJr, USPresidentsDay, GoodFriday, USMemorialDay,
             Holiday("Independence", month=7, day=4, observance=nearest_workday), USLaborDay,
             USThanksgivingDay, Holiday("Christmas", month=12, day=25, observance=nearest_workday)]


class London(AbstractHolidayCalendar):
    rules = [Holiday("New Year", month=1, day=1, observance=next_monday), GoodFriday,
             EasterMonday, Holiday("May", month=5, day=1, offset=pd.DateOffset(weekday=0)),
             Holiday("Spring", month=5, day=25, offset=pd.DateOffset(weekday=0)),
             Holiday("Summer", month=8, day=25, offset=pd.DateOffset(weekday=0)),
             Holiday("Christmas", month=12, day=25, observance=next_monday),
             Holiday("Boxing Day", month=12, day=26, observance=next_monday_or_tuesday)]


def closed_weekdays(calendar, first: str, last: str) -> set:
    """The weekdays the calendar closes (pandas also lists a Saturday's holiday not made up)."""
    return {d for d in calendar().holidays(first, last).date if d.weekday() < 5}


def open_days(calendar, first: str, last: str, gaps: int = 0, seed: int = 0):
    days = pd.bdate_range(first, last)
    days = days[~days.isin(calendar().holidays(first, last))]
    rng = np.random.default_rng(seed)
    return days.delete(rng.choice(len(days), gaps, replace=False)) if gaps else days


class SaoPaulo(AbstractHolidayCalendar):
    """B3's year, in part: Carnival's Monday and Tuesday, a fixed date never made up."""
    rules = [Holiday("New Year", month=1, day=1), Holiday("Carnival Monday", month=1, day=1,
                                                          offset=[pd.offsets.Easter(),
                                                                  pd.offsets.Day(-48)]),
             Holiday("Carnival Tuesday", month=1, day=1,
                     offset=[pd.offsets.Easter(), pd.offsets.Day(-47)]),
             GoodFriday, Holiday("Tiradentes", month=4, day=21),
             Holiday("Republic", month=11, day=15), Holiday("Christmas", month=12, day=25)]


def test_carnival_and_a_fixed_date_never_made_up_are_learned_as_such():
    """B3's Carnival (Easter -48, -47 days: beyond the days tried) was forecast on; Nov 15
    was learned 'Sunday's on Monday' though the Monday after a Sunday's traded (2020)."""
    rules = learn_holidays(open_days(SaoPaulo, "2020-01-02", "2025-02-28"))
    assert {("easter", -48), ("easter", -47), ("date", 11, 15, "none")} <= set(rules)
    days = next_open_days(pd.Timestamp("2025-02-28"), 3, rules)
    assert list(days) == list(pd.DatetimeIndex(["2025-03-05", "2025-03-06", "2025-03-07"]))


class Shanghai(AbstractHolidayCalendar):
    """Its fixed closures in part: Labour Day's May 1-5, National Day's Oct 1-7, never made
    up on another weekday."""
    rules = [Holiday("New Year", month=1, day=1), *(Holiday(f"May {d}", month=5, day=d)
                                                     for d in range(1, 6)),
             *(Holiday(f"Oct {d}", month=10, day=d) for d in range(1, 8))]


def test_a_run_of_fixed_dates_closed_is_kept_date_by_date():
    """Shanghai's Golden Week: rules made up on a weekday chained past Oct 7 (Oct 8, open,
    skipped) and Oct 1 went unlearned (forecast on); Tokyo's Dec 31 to Jan 3 likewise."""
    rules = learn_holidays(open_days(Shanghai, "2021-01-04", "2024-09-27"))
    assert {("date", 10, d, "none") for d in range(1, 8)} <= set(rules)
    days = next_open_days(pd.Timestamp("2024-09-27"), 3, rules)
    assert list(days) == list(pd.DatetimeIndex(["2024-09-30", "2024-10-08", "2024-10-09"]))
    assert next_open_days(pd.Timestamp("2024-04-30"), 1, rules)[0] == pd.Timestamp("2024-05-06")


@pytest.mark.parametrize("calendar", [Exchange, London])
def test_fifteen_years_of_an_exchange_teach_its_next_ten_years_of_holidays(calendar):
    learned = learn_holidays(open_days(calendar, "2005-03-01", "2019-12-31", gaps=12))
    truth = closed_weekdays(calendar, "2020-01-01", "2029-12-31")
    assert closed_days(learned, pd.Timestamp("2020-01-01"), pd.Timestamp("2029-12-31")) == truth


def test_a_few_years_miss_some_holidays_but_invent_none():
    truth = closed_weekdays(Exchange, "2020-01-01", "2029-12-31")
    for first in ("2016-06-01", "2017-02-01"):
        learned = learn_holidays(open_days(Exchange, first, "2019-12-31", gaps=3))
        closed = closed_days(learned, pd.Timestamp("2020-01-01"), pd.Timestamp("2029-12-31"))
        assert closed and closed <= truth


def test_two_years_teach_what_they_show_twice_and_random_gaps_nothing():
    # Each rule seen in both years; a Monday holiday that also fits a fixed date made up on
    # Mondays is the n-th Monday, as exchanges keep them; a Sunday's is made up on the Monday.
    learned = learn_holidays(open_days(Exchange, "2018-01-01", "2019-12-31"))
    assert learned == (("date", 1, 1, "sunday"), ("date", 12, 25, "sunday"),
                       ("date", 7, 4, "sunday"), ("easter", -2), ("weekday", 1, 0, 3),
                       ("weekday", 11, 3, 4), ("weekday", 2, 0, 3), ("weekday", 5, 0, -1),
                       ("weekday", 9, 0, 1))
    closed = closed_days(learned, pd.Timestamp("2020-01-01"), pd.Timestamp("2029-12-31"))
    assert len(closed) == 84 and closed <= closed_weekdays(Exchange, "2020-01-01", "2029-12-31")
    # Once is enough for Good Friday, which most exchanges keep, not for July 4 or the Monday
    # holidays; New Year's Day, which a year from Jan 3 never saw, is taken as closed, as
    # nearly every exchange keeps it
    year = learn_holidays(open_days(Exchange, "2023-01-03", "2023-12-29"))
    assert year == (("date", 1, 1, "sunday"), ("date", 12, 25, "sunday"), ("easter", -2))
    for first in ("2000-01-01", "2018-01-01"):  # 200 gaps in 20 years, 20 in 2: no rule
        gappy = open_days(AbstractHolidayCalendar, first, "2019-12-31", gaps=200 // (
            10 if first == "2018-01-01" else 1))
        assert learn_holidays(gappy) == ()
    assert learn_holidays(pd.DatetimeIndex([])) == ()


def test_two_years_and_a_half_teach_an_exchange_s_fixed_and_monday_holidays():
    # Each rule seen twice or three times: July 4, Thanksgiving and the Monday holidays are
    # learned, and a day of Easter that twice fell on a holiday by chance is not.
    learned = learn_holidays(open_days(Exchange, "2017-06-01", "2019-12-31", gaps=3), matched=False)
    assert {("date", 7, 4, "sunday"), ("weekday", 11, 3, 4), ("weekday", 1, 0, 3),
            ("weekday", 5, 0, -1), ("weekday", 9, 0, 1)} <= set(learned)
    closed = closed_days(learned, pd.Timestamp("2020-01-01"), pd.Timestamp("2029-12-31"))
    truth = closed_weekdays(Exchange, "2020-01-01", "2029-12-31")
    assert closed <= truth and len(truth - closed) < 10  # July 4 made up on a Friday, missed
    london = learn_holidays(open_days(London, "2017-12-01", "2019-12-31"), matched=False)
    assert not [rule for rule in london if rule[0] == "easter" and rule[1] not in (-2, 1)]
    assert closed_days(london, pd.Timestamp("2020-01-01"), pd.Timestamp("2029-12-31")) <= \
        closed_weekdays(London, "2020-01-01", "2029-12-31")


def test_a_nation_s_day_made_up_on_a_monday_then_on_one_is_its_date_not_a_monday_rule():
    # 2021's July 4 and 2022's Juneteenth fell on Sundays, the next year's on Mondays: both fit
    # the 1st and 3rd Mondays of their months too, which forecast July 4 2023 and skipped the 3rd
    class Juneteenth(AbstractHolidayCalendar):
        rules = [*Exchange.rules, Holiday("Juneteenth", month=6, day=19, observance=nearest_workday,
                                          start_date="2022-01-01")]
    for first, last in (("2021-01-04", "2023-06-30"), ("2022-01-03", "2024-01-19")):
        learned = learn_holidays(open_days(Juneteenth, first, last), matched=False)
        assert ("date", 7, 4, "sunday") in learned
        assert not {("weekday", 7, 0, 1), ("weekday", 6, 0, 3)} & set(learned)
    assert ("date", 6, 19, "sunday") in learned
    ahead = next_open_days(pd.Timestamp("2023-06-30"), 3, learn_holidays(open_days(
        Juneteenth, "2021-01-04", "2023-06-30")))
    assert list(ahead.strftime("%m-%d")) == ["07-03", "07-05", "07-06"]


def test_a_monday_on_or_after_a_date_stays_a_monday_rule_without_another_nation_s_sign():
    # Colombia moves San Pedro's (June 29) and the Assumption (August 15) to the Monday on or
    # after them: in 2021-23 the 1st Monday of July and the 3rd of August, which July 4 and
    # August 15 made up on Mondays fit as well (a review: taken for those dates, they forecast
    # July 3 and August 21 2023, both closed)
    def emiliani(name, month, day):
        return Holiday(name, month=month, day=day, offset=pd.DateOffset(weekday=0))

    class Colombia(AbstractHolidayCalendar):
        rules = [Holiday("New Year", month=1, day=1), emiliani("San Pedro", 6, 29),
                 Holiday("Independence", month=7, day=20), emiliani("Assumption", 8, 15),
                 Holiday("Christmas", month=12, day=25)]
    learned = learn_holidays(open_days(Colombia, "2021-01-04", "2023-06-30"))
    assert {("weekday", 7, 0, 1), ("weekday", 8, 0, 3)} <= set(learned)
    assert not {("date", 7, 4, "sunday"), ("date", 8, 15, "sunday")} & set(learned)


def test_boxing_day_beside_canada_s_thanksgiving_is_its_date_without_easter_monday():
    # Toronto keeps Boxing Day but not Easter Monday: with Easter Monday as its only sign,
    # 2022's and 2023's Boxing Days were taken for the 4th Tuesday of December, which closed
    # 24 December 2024 and opened the 26th (a review's)
    class Toronto(AbstractHolidayCalendar):
        rules = [Holiday("New Year", month=1, day=1, observance=next_monday), GoodFriday,
                 Holiday("Canada Day", month=7, day=1, observance=sunday_to_monday), USLaborDay,
                 Holiday("Thanksgiving", month=10, day=1, offset=pd.DateOffset(weekday=MO(2))),
                 Holiday("Christmas", month=12, day=25, observance=next_monday),
                 Holiday("Boxing Day", month=12, day=26, observance=next_monday_or_tuesday)]
    learned = learn_holidays(open_days(Toronto, "2021-12-28", "2023-12-28"))
    assert ("date", 12, 26, "sunday") in learned
    december = closed_days(learned, pd.Timestamp("2024-12-20"), pd.Timestamp("2024-12-31"))
    assert sorted(december) == [dt.date(2024, 12, 25), dt.date(2024, 12, 26)]


def test_rows_whose_days_the_model_s_rules_close_add_no_rule_of_their_own():
    # A fixed September 5, a Sunday's on the Monday, which the model learned from longer rows:
    # two years of a cut (2021's on Monday the 6th, 2022's on Monday the 5th) also fit the 1st
    # Monday of September, which would close Monday 4 September 2023 too
    class Fifth(AbstractHolidayCalendar):
        rules = [Holiday("Fifth", month=9, day=5, observance=sunday_to_monday)]
    days = open_days(Fifth, "2021-01-04", "2023-06-30")
    assert ("weekday", 9, 0, 1) in learn_holidays(days)
    fifth = ("date", 9, 5, "sunday")
    assert learn_holidays(days, known=[fifth]) == (fifth,)


def test_a_holiday_kept_from_some_year_on_is_learned_and_a_traded_new_year_is_no_holiday():
    class Juneteenth(AbstractHolidayCalendar):  # New York's, with Juneteenth from 2022
        rules = [*Exchange.rules, Holiday("Juneteenth", month=6, day=19,
                                          start_date="2022-01-01", observance=nearest_workday)]

    learned = learn_holidays(open_days(Juneteenth, "2015-01-02", "2025-06-30"))
    assert ("date", 6, 19, "sunday") in learned
    assert dt.date(2025, 6, 19) not in next_open_days(dt.date(2025, 6, 18), 1, learned)
    # a market open on New Year's Day and Christmas: the prior gives way to the rows
    open_all = pd.bdate_range("2023-01-02", "2023-12-29")
    assert learn_holidays(open_all) == ()


def test_a_one_off_closure_is_no_holiday_kept_from_then_on_where_others_explain_the_rest():
    """The Federal Reserve's rates skip Friday 26 December 2014 alone (a federal closure); 26
    December 2015 fell on a Saturday (Christmas's own Friday) and 2016's on Christmas's Monday,
    so 'Dec 26, from 2014 on' closed three years in a row and moved 2016's Boxing Day onto
    Tuesday the 27th, a day the rates were published. Days another rule explains are no
    evidence of a holiday kept from some year on."""
    days = open_days(Exchange, "2005-01-03", "2016-12-22").difference(pd.to_datetime(
        ["2014-12-26"]))
    learned = learn_holidays(days)
    assert not [rule for rule in learned if rule[:3] == ("date", 12, 26)]
    assert list(next_open_days(pd.Timestamp("2016-12-22"), 3, learned).strftime("%m-%d")) == [
        "12-23", "12-27", "12-28"]


def test_each_series_of_a_panel_keeps_its_own_exchange_s_holidays():
    # A New York stock beside one that trades on every weekday: no day is closed for both,
    # yet New York's series skips its holidays.
    new_york = open_days(Exchange, "2016-01-04", "2023-11-22")
    every_day = pd.bdate_range("2016-01-04", "2023-11-22")
    times = new_york.append(every_day)
    indptr = np.array([0, len(new_york), len(times)])
    ny, other = series_holidays(times, indptr, [0, 1])
    assert ("weekday", 11, 3, 4) in ny and other == ()
    assert next_open_days(pd.Timestamp("2023-11-22"), 1, ny)[0] == pd.Timestamp("2023-11-24")
    assert next_open_days(pd.Timestamp("2023-11-22"), 1, other)[0] == pd.Timestamp("2023-11-23")
    alone = series_holidays(new_york, np.array([0, len(new_york)]), [0])
    assert alone == [learn_holidays(new_york)]


def test_the_day_each_kind_of_rule_closes():
    assert day_of(("weekday", 11, 3, 4), 2024) == dt.date(2024, 11, 28)  # Thanksgiving
    assert day_of(("weekday", 5, 0, -1), 2024) == dt.date(2024, 5, 27)  # Memorial Day
    assert day_of(("weekday", 12, 4, -1), 2024) == dt.date(2024, 12, 27)
    assert day_of(("easter", -2), 2024) == dt.date(2024, 3, 29)  # Good Friday
    assert day_of(("date", 7, 4, "nearest"), 2020) == dt.date(2020, 7, 3)  # a Saturday
    assert day_of(("date", 7, 4, "nearest"), 2021) == dt.date(2021, 7, 5)  # a Sunday
    assert day_of(("date", 1, 1, "sunday"), 2022) is None  # a Saturday, not made up
    assert day_of(("date", 1, 1, "sunday"), 2023) == dt.date(2023, 1, 2)
    assert day_of(("date", 12, 25, "monday"), 2021) == dt.date(2021, 12, 27)
    assert day_of(("date", 12, 25, "none"), 2022) is None
    assert day_of(("date", 2, 29, "none"), 2023) is None
    assert describe(("weekday", 1, 0, 3)) == "3rd Mon of Jan"
    assert describe(("easter", -2)) == "Easter -2 days"
    assert holidays_note((("date", 1, 1, "monday"), ("date", 1, 1, "nearest"), ("easter", -2),
                          ("date", 5, 1, "none"), ("date", 5, 1, "sunday"))).endswith(
        ": Jan 1 (weekend's on Monday and weekend's on the nearest weekday), Easter -2 days, "
        "May 1 (Sunday's on Monday)")  # a date of two rules once (Jakarta's: listed twice)


def test_the_next_open_days_skip_the_holidays_and_weekends():
    rules = (("date", 12, 25, "nearest"), ("date", 1, 1, "sunday"))
    got = next_open_days(pd.Timestamp("2021-12-23"), 6, rules)
    assert list(got.strftime("%Y-%m-%d")) == ["2021-12-27", "2021-12-28", "2021-12-29",
                                             "2021-12-30", "2021-12-31", "2022-01-03"]
    # Christmas on a Saturday is made up on Friday the 24th; 2022's New Year's Day is a Saturday.
    assert future_timestamps(pd.Timestamp("2021-12-23"), "B", 6, rules).equals(got)
    assert len(next_open_days(pd.Timestamp("2020-01-01"), 600, rules)) == 600
    plain = future_timestamps(pd.Timestamp("2021-12-23"), "B", 2)
    assert list(plain.strftime("%Y-%m-%d")) == ["2021-12-24", "2021-12-27"]


def test_a_business_day_session_continues_past_the_holidays():
    rules = (("date", 12, 25, "nearest"), ("date", 1, 1, "sunday"))
    got = future_timestamps(pd.Timestamp("2021-12-23 15:00"), "h@10:00-15:00/B", 7, rules)
    assert list(got.strftime("%m-%d %H")) == ["12-27 10", "12-27 11", "12-27 12", "12-27 13",
                                              "12-27 14", "12-27 15", "12-28 10"]
    plain = future_timestamps(pd.Timestamp("2021-12-23 15:00"), "h@10:00-15:00/B", 1)
    assert list(plain.strftime("%m-%d %H")) == ["12-24 10"]


def predicted_stamps(runner, fast, stamps, fmt: str, horizon: int, said: tuple) -> list[str]:
    """Train on a random walk at ``stamps`` (its notes say each of ``said``), then predict:
    the forecast's times."""
    close = 100 * np.exp(np.cumsum(np.random.default_rng(1).normal(0, 0.005, len(stamps))))
    pd.DataFrame({"time": stamps.strftime(fmt), "close": close.round(2)}).to_csv(
        "prices.csv", index=False)
    trained = runner.invoke(app, ["train", "prices.csv", "--horizon", str(horizon), *fast])
    assert trained.exit_code == 0, trained.stderr
    assert all(words in trained.stderr for words in said)
    result = runner.invoke(app, ["predict", "prices.csv"])
    assert result.exit_code == 0, result.stderr
    return [line.split(",")[0] for line in result.stdout.splitlines()[1:]]


def test_predict_dates_a_business_day_forecast_on_open_days(runner, in_tmp, fast):
    days = open_days(Exchange, "2015-01-02", "2019-11-27")  # the day before Thanksgiving
    dates = predicted_stamps(runner, fast, days, "%Y-%m-%d", 3,
                             ("4th Thu of Nov", "Easter -2 days"))
    assert dates == ["2019-11-29", "2019-12-02", "2019-12-03"]


def test_a_short_export_keeps_the_holidays_the_model_learned(runner, in_tmp, fast):
    """A cron job's download of the last 60 days shows no Labor Day: the model's years do."""
    days = open_days(Exchange, "2015-01-02", "2019-08-30")  # the Friday before Labor Day
    assert predicted_stamps(runner, fast, days, "%Y-%m-%d", 2, ("1st Mon of Sep",)) == [
        "2019-09-03", "2019-09-04"]
    pd.read_csv("prices.csv").tail(60).to_csv("recent.csv", index=False)
    result = runner.invoke(app, ["predict", "recent.csv", "--level", "0"])
    assert result.exit_code == 0, result.stderr
    assert [line.split(",")[0] for line in result.stdout.splitlines()[1:]] == [
        "2019-09-03", "2019-09-04"]
    # a known rule gives way to a row on its day (an exchange open on a former holiday)
    rule = ("weekday", 9, 0, 1)
    assert rule in learn_holidays(days[-60:], [list(rule)])
    # a New Year's Day not made up on Monday (Euronext's) stays so: no prior beside it
    rules = learn_holidays(pd.bdate_range("2022-11-01", "2022-12-20"), [("date", 1, 1, "none")])
    assert ("date", 1, 1, "none") in rules and ("date", 1, 1, "sunday") not in rules
    assert rule not in learn_holidays(pd.bdate_range("2019-08-01", "2019-09-30"), [rule])


def test_predict_dates_a_session_forecast_on_open_days(runner, in_tmp, fast):
    days = open_days(Exchange, "2016-01-04", "2019-07-03")  # the day before Independence Day
    bars = days.repeat(4) + np.tile(pd.to_timedelta([10, 11, 12, 13], unit="h"), len(days))
    stamps = predicted_stamps(runner, fast, bars, "%Y-%m-%d %H:%M", 5,
                              ("trading sessions", "Jul 4"))
    assert [t[:16] for t in stamps] == ["2019-07-05 10:00", "2019-07-05 11:00",
                                        "2019-07-05 12:00", "2019-07-05 13:00",
                                        "2019-07-08 10:00"]


class Xetra(AbstractHolidayCalendar):
    """Frankfurt's year: fixed dates never made up, and Easter's Friday and Monday."""
    rules = [Holiday("New Year", month=1, day=1), GoodFriday, EasterMonday,
             Holiday("May", month=5, day=1), *(Holiday(f"Dec {d}", month=12, day=d)
                                               for d in (24, 25, 26, 31))]


class GermanUnity(AbstractHolidayCalendar):
    """Xetra's year with 3 October (as the DAX's rows of 2013-17 skip it)."""
    rules = [*Xetra.rules, Holiday("Unity", month=10, day=3)]


class NewYorkUnity(AbstractHolidayCalendar):
    rules = [*Exchange.rules, Holiday("Unity", month=10, day=3)]


def test_a_date_on_no_sunday_is_made_up_as_new_year_s_day_was():
    """The DAX of 2013-17: its 1 January 2017, a Sunday, was not made up (2 January traded),
    and 3 October fell on no Sunday. Learned made up on Mondays, it left Monday 4 October 2027
    without a forecast. Where New Year's Day is made up (New York's), such a date is too."""
    learned = learn_holidays(open_days(GermanUnity, "2013-01-02", "2017-12-29"), matched=False)
    assert ("date", 10, 3, "none") in learned and ("date", 1, 1, "none") in learned
    assert next_open_days(pd.Timestamp("2027-10-01"), 1, learned)[0] == pd.Timestamp(
        "2027-10-04")
    learned = learn_holidays(open_days(NewYorkUnity, "2013-01-02", "2017-12-29"), matched=False)
    assert ("date", 10, 3, "sunday") in learned
    assert next_open_days(pd.Timestamp("2027-10-01"), 1, learned)[0] == pd.Timestamp(
        "2027-10-05")
    # Korea's rows make up Hangul Day's Sunday (9 Oct 2022) and Children's Day's (5 May
    # 2024), not New Year's Day's (2 Jan 2023 traded): its dates stay made up (a review)
    import holidays

    korea = holidays.country_holidays("KR", years=range(2022, 2025))
    learned = learn_holidays([d for d in pd.bdate_range("2022-01-03", "2024-12-31")
                              if d.date() not in korea])
    assert {("date", 3, 1, "sunday"), ("date", 8, 15, "sunday")} <= set(learned)
    assert dt.date(2026, 3, 2) in closed_days(learned, "2026-03-02", "2026-03-02")


def test_christmas_made_up_on_tuesdays_is_no_tuesday_holiday():
    """London's Christmas and Boxing Day made up in turn fell on three Tuesdays in a row
    (28 Dec 2021, 27 Dec 2022, 26 Dec 2023): learned as 'the 4th Tuesday of December', which
    closed Christmas Eve 2024. Made up one after the other, the two dates explain them."""
    learned = learn_holidays(open_days(London, "2019-01-02", "2024-12-20"), matched=False)
    assert not [rule for rule in learned if rule[0] == "weekday" and rule[1] == 12]
    assert list(next_open_days(pd.Timestamp("2024-12-20"), 5, learned).strftime("%m-%d")) == [
        "12-23", "12-24", "12-27", "12-30", "12-31"]


def test_boxing_day_made_up_after_christmas_is_learned_from_three_years():
    """Hong Kong's Christmas (Sunday's on Monday) and the weekday after it: 27 Dec 2021 for a
    Sunday's Boxing Day, 26 and 27 Dec 2022, 25 and 26 Dec 2023. Christmas taken first as
    made up on any weekend's Monday left Boxing Day nowhere to go (26 Dec 2024 forecast)."""
    closed = pd.to_datetime(["2021-12-27", "2022-12-26", "2022-12-27", "2023-12-25",
                             "2023-12-26", "2022-01-03", "2023-01-02", "2024-01-01"])
    days = pd.bdate_range("2021-01-04", "2024-12-20").difference(closed)
    learned = learn_holidays(days)
    assert list(next_open_days(pd.Timestamp("2024-12-20"), 5, learned).strftime("%m-%d")) == [
        "12-23", "12-24", "12-27", "12-30", "12-31"]


def test_a_date_kept_two_ways_closes_one_day():
    """A panel's New Year's Day not made up (Frankfurt's) beside a series' own made up on
    Mondays (New York's): the second moved on as another date's would, to 2 January."""
    both = (("date", 1, 1, "none"), ("date", 1, 1, "sunday"))
    assert closed_days(both, "2024-12-30", "2025-01-03") == {dt.date(2025, 1, 1)}
    new_york = open_days(Exchange, "2022-01-03", "2024-12-27")
    frankfurt = open_days(Xetra, "2022-01-03", "2024-12-27")
    times = new_york.append(frankfurt)
    ny, xetra = series_holidays(times, np.array([0, len(new_york), len(times)]), [0, 1])
    assert dt.date(2025, 1, 2) in next_open_days(pd.Timestamp("2024-12-31"), 2, ny).date
    assert next_open_days(pd.Timestamp("2024-12-20"), 1, xetra)[0] == pd.Timestamp("2024-12-23")
    assert dt.date(2024, 12, 27) in next_open_days(pd.Timestamp("2024-12-23"), 1, xetra).date


def test_new_year_s_day_stays_closed_where_a_sunday_s_was_not_made_up():
    """Frankfurt from 2021: its 1 January 2024 is also a Sunday's 31 December made up on the
    Monday, and its 2 January 2023 traded; New Year's Day was forecast open."""
    learned = learn_holidays(open_days(Xetra, "2021-01-04", "2024-12-20"), matched=False)
    assert dt.date(2025, 1, 1) in closed_days(learned, "2025-01-01", "2025-01-01")
    assert next_open_days(pd.Timestamp("2024-12-30"), 1, learned)[0] > pd.Timestamp("2025-01-01")


def test_new_year_s_day_and_christmas_no_row_showed_are_taken_alike():
    """Frankfurt's 2023 to 15 December (closed Good Friday, Easter Monday and May Day; its 2
    January, a Sunday's Monday, traded) shows neither date on a weekday: Christmas was taken as
    closed and New Year's Day not, dating a forecast on 1 January 2024, a day it closes. So
    did a year of every weekday. Both are taken as closed where no weekday one showed (not
    made up where a Monday after one traded), and neither where the rows trade on Good Friday
    or on a weekday one of them: a market that keeps no such calendar."""
    xetra = open_days(Xetra, "2023-01-02", "2023-12-15")
    rules = learn_holidays(xetra)
    assert {("date", 1, 1, "none"), ("date", 12, 25, "sunday")} <= set(rules)
    ahead = next_open_days(xetra[-1], 15, rules).date
    assert dt.date(2023, 12, 25) not in ahead and dt.date(2024, 1, 1) not in ahead
    assert holidays_note(rules, span=(xetra[0], xetra[-1])).endswith(
        "; Jan 1 and Dec 25: no weekday one in the rows, taken as closed, as nearly every "
        "exchange closes them")
    assert learn_holidays(pd.bdate_range("2023-01-02", "2023-12-15")) == ()  # every weekday
    # a New Year's Day skipped, and Good Friday: Christmas unseen is taken as closed too
    seen = pd.bdate_range("2023-12-27", "2024-12-13").difference(pd.to_datetime(
        ["2024-01-01", "2024-03-29"]))
    rules = learn_holidays(seen)
    assert rules == (("date", 1, 1, "sunday"), ("date", 12, 25, "sunday"), ("easter", -2))
    assert holidays_note(rules, span=(seen[0], seen[-1])).endswith(
        "Easter -2 days; Dec 25: no weekday one in the rows, taken as closed, as nearly every "
        "exchange closes it")
    assert learn_holidays(pd.bdate_range("2024-01-01", "2024-12-13").difference(
        pd.to_datetime(["2024-03-29"]))) == (("easter", -2),)  # New Year's Day traded



def test_a_panel_s_series_keeps_its_own_holidays_where_no_day_is_closed_for_all(runner, in_tmp,
                                                                                 fast):
    """A New York stock beside an FX rate that trades every weekday: the panel shares no
    closed day, and the stock's forecast was dated on July 4th."""
    ny = open_days(Exchange, "2018-01-02", "2023-06-30")
    every = pd.bdate_range("2018-01-02", "2023-06-30")
    rows = [f"SPY,{d:%Y-%m-%d},{400 + k % 7}\n" for k, d in enumerate(ny)] + [
        f"EURUSD,{d:%Y-%m-%d},{1.1 + k % 5 / 100:.3f}\n" for k, d in enumerate(every)]
    (in_tmp / "mixed.csv").write_text("symbol,date,close\n" + "".join(rows))
    done = runner.invoke(app, ["train", "mixed.csv", "--horizon", "5", *fast])
    assert done.exit_code == 0, done.stderr
    out = runner.invoke(app, ["predict", "mixed.csv", "--level", "0"])
    assert out.exit_code == 0, out.stderr
    spy = [line.split(",")[1] for line in out.stdout.splitlines()[1:] if line.startswith("SPY")]
    assert spy == ["2023-07-03", "2023-07-05", "2023-07-06", "2023-07-07", "2023-07-10"]


def trained_to_thanksgiving(runner, fast, until: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A model of an exchange's closes up to the Friday before Thanksgiving 2019 (its rules
    learned); the training rows, and them with the open days after up to ``until``, written
    to grown.csv."""
    days = open_days(Exchange, "2015-01-02", "2019-11-22")
    predicted_stamps(runner, fast, days, "%Y-%m-%d", 3, ("4th Thu of Nov",))
    frame = pd.read_csv("prices.csv")
    later = open_days(Exchange, "2019-11-25", until)
    grown = pd.concat([frame, pd.DataFrame({"time": later.strftime("%Y-%m-%d"),
                                            "close": 101.0 + np.arange(len(later))})],
                      ignore_index=True)
    grown.to_csv("grown.csv", index=False)
    return frame, grown


def test_a_row_on_a_learned_holiday_repeating_the_close_before_is_dropped_and_said(
        runner, in_tmp, fast):
    """A source that fills closed days with the last close: its Thanksgiving row was kept,
    scored as an actual (naive's perfect fill) and fed to the bands; a Saturday's is dropped,
    said. A holiday row with a value of its own is the data's, kept."""
    frame, grown = trained_to_thanksgiving(runner, fast, "2019-12-06")
    clean = runner.invoke(app, ["predict", "grown.csv"])
    filled = grown.copy()
    before = filled.loc[filled["time"] == "2019-11-27", "close"].iloc[-1]
    thanksgiving = pd.DataFrame({"time": ["2019-11-28"], "close": [before]})
    pd.concat([filled.iloc[: len(frame) + 3], thanksgiving, filled.iloc[len(frame) + 3:]]
              ).to_csv("filled.csv", index=False)
    done = runner.invoke(app, ["predict", "filled.csv"])
    assert done.exit_code == 0, done.stderr
    assert "dropped 1 row(s) on holidays the model learned, each repeating the value before " \
           "(first 2019-11-28)" in done.stderr
    assert done.stdout == clean.stdout  # as if the source had skipped it
    thanksgiving["close"] = 99.5  # its own value: the data's
    pd.concat([filled.iloc[: len(frame) + 3], thanksgiving, filled.iloc[len(frame) + 3:]]
              ).to_csv("traded.csv", index=False)
    kept = runner.invoke(app, ["predict", "traded.csv"])
    assert kept.exit_code == 0 and "on holidays the model learned" not in kept.stderr


def test_weekdays_a_fresh_export_lacks_that_are_no_holidays_learned_are_said(
        runner, in_tmp, fast):
    """A new export that lost three weekdays since the model's training rows (and its last
    training row): read as closed, as training reads absent weekdays, each window's change
    over them a day's, and nothing said (a user round). Now predict names those since
    training; Thanksgiving, learned, is not named, nor a day training lacked too."""
    _, grown = trained_to_thanksgiving(runner, fast, "2019-12-13")
    whole = runner.invoke(app, ["predict", "grown.csv"])
    assert whole.exit_code == 0 and "weekday(s) the file lacks" not in whole.stderr
    lost = ["2019-11-22", "2019-12-03", "2019-12-04", "2019-12-05"]
    grown[~grown["time"].isin(lost)].to_csv("lost.csv", index=False)
    said = runner.invoke(app, ["predict", "lost.csv"])
    assert said.exit_code == 0, said.stderr
    assert "skip 3 weekday(s) the file lacks that are no holidays the model learned " \
           "(2019-12-03, 2019-12-04, 2019-12-05): read as days without trading" in said.stderr
    grown[~grown["time"].isin(["2019-11-21"])].to_csv("older.csv", index=False)
    assert "weekday(s) the file lacks" not in runner.invoke(app, ["predict", "older.csv"]).stderr


def test_predict_keeps_a_trained_row_on_a_holiday_kept_only_from_a_later_year(
        runner, in_tmp, fast):
    """Shanghai traded on the first Wednesday of May 2020 and closed it from 2021 on: the rule
    learned closes it in every year, and predict dropped 2020's row (its close the same as the
    day before), reading the training file otherwise than training did (a helper's round)."""
    days = open_days(Exchange, "2018-01-02", "2023-12-29")
    first_wednesdays = [d for d in days if d.month == 5 and d.weekday() == 2 and d.day <= 7]
    days = days.drop([d for d in first_wednesdays if d.year >= 2021])
    close = 100 * np.exp(np.cumsum(np.random.default_rng(4).normal(0, 0.005, len(days))))
    traded = int(np.flatnonzero(days == pd.Timestamp("2020-05-06"))[0])
    close[traded] = close[traded - 1]  # a day that traded at the close before
    pd.DataFrame({"time": days.strftime("%Y-%m-%d"), "close": close.round(2)}).to_csv(
        "prices.csv", index=False)
    trained = runner.invoke(app, ["train", "prices.csv", "--horizon", "3", *fast])
    assert trained.exit_code == 0 and "1st Wed of May" in trained.stderr, trained.stderr
    result = runner.invoke(app, ["predict", "prices.csv"])
    assert result.exit_code == 0, result.stderr
    assert "on holidays the model learned" not in result.stderr


def test_a_column_not_trained_on_keeps_its_rows_before_the_training_data_s_end(
        runner, in_tmp, fast):
    """A wide model of A and B, its rule closing the first Wednesday of May kept from 2021:
    `predict --id C` (a column it did not train on) dropped C's 2020 row there, its close the
    same as the day before, as a fill (a user round: four of a currency's 1978 rows to a rule
    of 1986). A series not trained on is read as training read its file up to its end."""
    days = open_days(Exchange, "2018-01-02", "2023-12-29")
    days = days.drop([d for d in days if d.month == 5 and d.weekday() == 2 and d.day <= 7
                      and d.year >= 2021])
    rng = np.random.default_rng(5)
    frame = pd.DataFrame({"time": days.strftime("%Y-%m-%d"), **{
        c: (100 * np.exp(np.cumsum(rng.normal(0, 0.005, len(days))))).round(2)
        for c in "ABC"}})
    traded = int(np.flatnonzero(days == pd.Timestamp("2020-05-06"))[0])
    frame.loc[traded, "C"] = frame.loc[traded - 1, "C"]
    frame.to_csv("wide.csv", index=False)
    trained = runner.invoke(app, ["train", "wide.csv", "--target", "A,B", "--horizon", "3",
                                  *fast])
    assert trained.exit_code == 0 and "1st Wed of May" in trained.stderr, trained.stderr
    result = runner.invoke(app, ["predict", "wide.csv", "--id", "C"])
    assert result.exit_code == 0, result.stderr
    assert "not in training" in result.stderr
    assert "on holidays the model learned" not in result.stderr


def test_a_fill_of_a_series_that_ended_early_is_dropped_after_its_own_last_trained_row(
        runner, in_tmp, fast):
    """A panel's series that ended three weeks before the others, its fresh rows filling
    Thanksgiving: the fill comes after its own training rows though before the panel's last
    (a review: the panel's last time let it through, scored as an actual)."""
    days = open_days(Exchange, "2015-01-02", "2019-12-06")
    rng = np.random.default_rng(5)
    walks = {s: 100 * np.exp(np.cumsum(rng.normal(0, 0.005, len(days)))) for s in ("AAA", "BBB")}
    def frame(symbol, last):
        kept = days <= pd.Timestamp(last)
        return pd.DataFrame({"date": days[kept].strftime("%Y-%m-%d"), "symbol": symbol,
                             "close": walks[symbol][kept].round(2)})
    pd.concat([frame("AAA", "2019-11-27"), frame("BBB", "2019-11-08")]).to_csv(
        "train.csv", index=False)
    trained = runner.invoke(app, ["train", "train.csv", "--horizon", "3", *fast])
    assert trained.exit_code == 0 and "4th Thu of Nov" in trained.stderr, trained.stderr
    bbb = frame("BBB", "2019-12-06")
    before = bbb.loc[bbb["date"] == "2019-11-27", "close"].iloc[0]
    filled = pd.concat([bbb, pd.DataFrame({"date": ["2019-11-28"], "symbol": "BBB",
                                           "close": [before]})]).sort_values("date")
    pd.concat([frame("AAA", "2019-11-27"), filled]).to_csv("fresh.csv", index=False)
    done = runner.invoke(app, ["predict", "fresh.csv"])
    assert done.exit_code == 0, done.stderr
    assert "dropped 1 row(s) on holidays the model learned" in done.stderr


def test_a_halted_stock_s_filled_weeks_close_no_holiday_of_the_others(runner, in_tmp, fast):
    """A stock halted over Thanksgiving and Christmas: its weeks are filled as gaps, and those
    filled rows made the holidays look traded, so every stock of the file was forecast on
    Thanksgiving (a helper's round)."""
    days = open_days(Exchange, "2019-01-02", "2023-11-22")  # the day before Thanksgiving
    rng = np.random.default_rng(3)
    frames = [pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "symbol": symbol,
                            "close": (100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(days)))))
                            .round(2)}) for symbol in ("AAA", "BBB", "CCC")]
    halted = (days >= "2022-11-01") & (days <= "2023-01-31")
    frames[2] = frames[2][~halted]
    pd.concat(frames).to_csv("stocks.csv", index=False)
    trained = runner.invoke(app, ["train", "stocks.csv", "--horizon", "3", *fast])
    assert trained.exit_code == 0, trained.stderr
    assert "inserted as gaps" in trained.stderr and "4th Thu of Nov" in trained.stderr
    result = runner.invoke(app, ["predict", "stocks.csv"])
    assert result.exit_code == 0, result.stderr
    dates = pd.read_csv(io.StringIO(result.stdout))
    for symbol in ("AAA", "BBB", "CCC"):
        assert list(dates.loc[dates["symbol"] == symbol, "date"]) == [
            "2023-11-24", "2023-11-27", "2023-11-28"], symbol


def test_the_holidays_train_says_are_those_its_model_file_keeps(runner, in_tmp, fast):
    """A stock too short to train on, listed a week before Good Friday, traded on it: the
    rules are learned from every series once, so the file keeps no Good Friday the note did
    not name (it was learned twice, the second time without the short series)."""
    from lstmcast.bundle import load_bundle

    days = open_days(Exchange, "2020-01-02", "2023-06-30")
    rng = np.random.default_rng(5)
    frames = [pd.DataFrame({"date": days.strftime("%Y-%m-%d"), "symbol": symbol,
                            "close": (100 * np.exp(np.cumsum(rng.normal(0, 0.01, len(days)))))
                            .round(2)}) for symbol in ("AAA", "BBB")]
    listed = pd.bdate_range("2023-03-31", "2023-04-14")  # Good Friday 2023-04-07 among them
    frames.append(pd.DataFrame({"date": listed.strftime("%Y-%m-%d"), "symbol": "NEW",
                                "close": np.linspace(20, 22, len(listed)).round(2)}))
    pd.concat(frames).to_csv("stocks.csv", index=False)
    trained = runner.invoke(app, ["train", "stocks.csv", "--horizon", "3", *fast])
    assert trained.exit_code == 0, trained.stderr
    assert "trained without 1 series shorter than" in trained.stderr
    said = next(line for line in trained.stderr.splitlines() if line.startswith("holidays"))
    kept = [describe(tuple(rule)) for rule in load_bundle("model.lstmcast").data["holidays"]]
    assert said.split(": ", 1)[1] == ", ".join(kept) and "4th Thu of Nov" in kept
    assert "Easter -2 days" not in kept


@pytest.mark.parametrize("first, last", [("2019-03-01", "2024-02-10"), ("2021-12-24", "2022-01-03"),
                                         ("2022-07-05", "2022-07-04")])
def test_closed_days_are_each_rule_s_days_in_the_span(first, last):
    """Against its slow, obvious twin: each year's closed days (``day_of`` of each rule, London's
    Boxing Day moved on after Christmas's Monday) kept where they fall between the dates; a
    model file's rules, read back from JSON as lists, close the same days."""
    rules = (("date", 1, 1, "sunday"), ("easter", -2), ("weekday", 5, 0, -1),
             ("date", 12, 25, "sunday"), ("date", 12, 26, "monday"))
    twin, span = set(), (pd.Timestamp(first).date(), pd.Timestamp(last).date())
    for year in range(pd.Timestamp(first).year, pd.Timestamp(last).year + 1):
        christmas = day_of(rules[3], year)
        boxing = day_of(rules[4], year)
        boxing += dt.timedelta(days=1) * (boxing == christmas)
        twin |= {day for day in (*(day_of(r, year) for r in rules[:3]), christmas, boxing)
                 if day is not None and span[0] <= day <= span[1]}
    assert closed_days(rules, first, last) == twin
    assert closed_days([list(rule) for rule in rules], first, last) == twin
    assert twin or first > last
    assert [day_of(list(rule), 2022) for rule in rules] == [day_of(r, 2022) for r in rules]


def test_no_closed_day_past_the_last_asked_for():
    """A middle year's 31 December made up on a Monday falls in the January after it: before
    the last date asked for only (a review: 2023-01-02 among the days to 2023-01-01)."""
    eve = (("date", 12, 31, "monday"),)
    assert closed_days(eve, "2021-01-01", "2023-01-01") == {dt.date(2021, 12, 31)}
    assert dt.date(2023, 1, 2) in closed_days(eve, "2021-01-01", "2023-01-02")


def test_a_holiday_closed_only_on_the_day_it_is_observed_is_seen_not_assumed():
    """Business days from June 2021 to June 2023: New Year's Day and Christmas each fell on a
    weekend, the rows skip their observed Fridays and Mondays; the rules learned from those
    are seen, not 'taken as closed' (a review); a span before which both lay is assumed."""
    rules = (("date", 1, 1, "nearest"), ("date", 12, 25, "nearest"))
    assert assumed(rules, pd.Timestamp("2021-06-01"), pd.Timestamp("2023-06-30")) == []
    assert assumed(rules, pd.Timestamp("2023-01-03"), pd.Timestamp("2023-12-20")) == [
        "Jan 1", "Dec 25"]


class Euronext(AbstractHolidayCalendar):
    """Paris's year: fixed dates, none made up on another day."""
    rules = [Holiday("New Year", month=1, day=1), GoodFriday, EasterMonday,
             Holiday("Labour Day", month=5, day=1), Holiday("Christmas", month=12, day=25),
             Holiday("St Stephen", month=12, day=26)]


def test_a_date_is_made_up_one_way_and_the_next_day_s_holiday_stays_its_own():
    """The CAC 40 from 2013 to 7 Dec 2017: 26 Dec 2016, a Monday after a Sunday's Christmas,
    was taken for Christmas made up, and then also for Christmas on the nearest weekday (a
    second way of the same date), which left Boxing Day's closures of 2013 and 2014 no rule
    of their own: 26 Dec 2017 was forecast as a trading day."""
    learned = learn_holidays(open_days(Euronext, "2013-01-02", "2017-12-07"), matched=False)
    assert ("date", 12, 25, "none") in learned
    assert len([rule for rule in learned if rule[:3] == ("date", 12, 25)]) == 1
    assert [rule for rule in learned if rule[:3] == ("date", 12, 26)]
    days = next_open_days(pd.Timestamp("2017-12-22"), 3, learned)
    assert list(days.strftime("%m-%d")) == ["12-27", "12-28", "12-29"]
